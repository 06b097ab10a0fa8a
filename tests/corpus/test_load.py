"""The corpus object (analysis/corpus.py)."""
import pandas as pd

from analysis.corpus.load import load_corpus


def test_load_is_deterministic():
    a, b = load_corpus(), load_corpus()
    pd.testing.assert_frame_equal(a.paragraphs, b.paragraphs)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)
    pd.testing.assert_frame_equal(a.cleaning_report(), b.cleaning_report())


def test_cleaning_report_adds_up():
    report = load_corpus().cleaning_report()
    assert (report["clean words"] < report["raw words"]).all()
    assert (report["kept %"] <= 100).all()
    assert report.loc["ivanov-2020", "repeated_paragraph"] > 300
    assert report.loc["ponars-2003", "kept %"] > 99


def test_paragraph_and_sentence_tables():
    corpus = load_corpus()
    paras = corpus.paragraphs
    assert set(paras.kind) == {"text", "heading"}
    assert paras.groupby("source_id").para.apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert set(corpus.sentences.source_id) == set(corpus.ids)
    assert corpus.text("kuzio-2001").startswith("The recent success of Northern Alliance")
