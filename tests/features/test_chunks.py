"""Tests for analysis.features.chunks: the unit of analysis of the topic models."""
import pandas as pd
import pytest

from analysis.corpus.clean import word_count
from analysis.corpus.load import load_corpus
from analysis.features.chunks import make_segments, segment_summary, split_long


def paragraphs(rows):
    return pd.DataFrame(rows, columns=["source_id", "para", "kind", "text"])


def words(n, start=0):
    return " ".join(f"w{i}" for i in range(start, start + n))


def test_split_long_cuts_at_sentences_into_equal_pieces():
    sentences = [words(10, 10 * i) + "." for i in range(6)]   # 60 words, 6 sentences
    pieces = split_long(" ".join(sentences), max_words=25)      # ceil(60 / 25) = 3 pieces of 20
    assert pieces == [" ".join(sentences[0:2]), " ".join(sentences[2:4]), " ".join(sentences[4:6])]


def test_split_long_keeps_a_single_long_sentence_whole():
    text = words(40) + "."
    assert split_long(text, max_words=10) == [text]


def test_short_paragraphs_merge_until_min_words():
    rows = [("a", i, "text", words(30, 30 * i) + ".") for i in range(1, 6)]  # 5 x 30 words
    seg = make_segments(paragraphs(rows), min_words=50, max_words=100)
    # 30 -> +30 = 60 (>= 50, closed); 30 -> +30 = 60; last 30 is merged into the previous one
    assert seg["paras"].tolist() == ["1-2", "3-5"]
    assert seg["words"].tolist() == [60, 90]
    assert seg["segment"].tolist() == [1, 2]


def test_segments_never_cross_sources_and_skip_headings():
    rows = [("a", 1, "heading", "A title"), ("a", 2, "text", "Alpha beta."),
            ("b", 1, "text", "Gamma delta epsilon."), ("b", 2, "text", "Zeta.")]
    seg = make_segments(paragraphs(rows), min_words=10, max_words=20)
    assert seg[["source_id", "paras", "words"]].values.tolist() == [["a", "2", 2], ["b", "1-2", 4]]
    assert "A title" not in " ".join(seg["text"])


def test_long_paragraph_is_split_then_counted():
    text = " ".join(words(10, 10 * i) + "." for i in range(6))
    seg = make_segments(paragraphs([("a", 1, "text", text)]), min_words=15, max_words=25)
    assert seg["words"].tolist() == [20, 20, 20]
    assert seg["paras"].tolist() == ["1", "1", "1"]


def test_bounds_are_checked():
    with pytest.raises(ValueError):
        make_segments(paragraphs([]), min_words=50, max_words=10)


def test_real_corpus_keeps_every_word_and_sizes_are_near_the_target():
    corpus = load_corpus()
    seg = make_segments(corpus.paragraphs)
    text = corpus.paragraphs[corpus.paragraphs.kind == "text"]
    assert seg.groupby("source_id")["words"].sum().to_dict() == text.groupby("source_id")["words"].sum().to_dict()
    assert all(word_count(t) == w for t, w in zip(seg["text"], seg["words"]))
    assert seg["words"].median() >= 100
    assert seg["words"].max() <= 300
    assert set(seg["source_id"]) == set(corpus.ids)


def test_summary_flags_sources_with_few_segments():
    seg = pd.DataFrame({"source_id": ["a", "a", "a", "b"], "words": [100, 120, 140, 90]})
    src = pd.DataFrame({"label": ["A", "B", "C"]}, index=["a", "b", "c"])
    out = segment_summary(seg, src, min_segments=3)
    assert out["segments"].tolist() == [3, 1, 0]
    assert out.loc["a", "median words"] == 120
    assert out.loc["a", "note"] == ""
    assert out.loc["b", "note"].startswith("only 1 segment:")
    assert out.loc["c", "note"] == "only 0 segments: no topic mix"
