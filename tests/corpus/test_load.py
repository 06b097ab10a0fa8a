"""The corpus object (analysis/corpus.py)."""
import pandas as pd

from analysis.corpus.load import load_corpus


def test_load_is_deterministic():
    a, b = load_corpus(cache=False), load_corpus(cache=False)   # two real runs, no cache
    pd.testing.assert_frame_equal(a.paragraphs, b.paragraphs)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)
    pd.testing.assert_frame_equal(a.cleaning_report(), b.cleaning_report())


def test_cleaning_report_adds_up():
    report = load_corpus().cleaning_report()
    assert (report["clean words"] < report["raw words"]).all()
    assert (report["kept %"] <= 100).all()
    assert report.loc["ivanov-2020", "repeated_paragraph"] > 300
    assert report.loc["ponars-2003", "kept %"] > 98
    # headings are apart from the clean words (the one word count): PONARS's section headings
    assert report["heading words"].tolist() == [0, 25, 22, 0, 0]
    corpus = load_corpus()
    assert report["clean words"].sum() == corpus.word_count()


def test_paragraph_and_sentence_tables():
    corpus = load_corpus()
    paras = corpus.paragraphs
    assert set(paras.kind) == {"text", "heading"}
    assert paras.groupby("source_id").para.apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert set(corpus.sentences.source_id) == set(corpus.ids)
    assert corpus.text("kuzio-2001").startswith("The recent success of Northern Alliance")


def test_a_rebuilt_cache_gives_identical_results_and_a_warm_load_reads_it(tmp_path, monkeypatch):
    from analysis.corpus import load
    from analysis.infra import cache
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    fresh = load_corpus(cache=False)
    cold = load_corpus()                      # builds the cache
    entries = sorted((tmp_path / "cache" / "corpus").glob("*/*.json"))
    assert len(entries) == len(fresh.ids)
    calls = []
    monkeypatch.setattr(load, "process_source", lambda *a, **k: calls.append(1) or {})
    warm = load_corpus()                      # every source from the cache: nothing processed
    assert calls == []
    for frame in ("paragraphs", "sentences", "removed"):
        pd.testing.assert_frame_equal(getattr(cold, frame), getattr(fresh, frame))
        pd.testing.assert_frame_equal(getattr(warm, frame), getattr(fresh, frame))
    assert warm.metadata == fresh.metadata
    assert cache.FORMAT == "2"


def test_malformed_or_altered_cache_entries_are_rebuilt(tmp_path, monkeypatch):
    import json
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    fresh = load_corpus(cache=False)
    load_corpus()
    paths = sorted((tmp_path / "cache" / "corpus").glob("*/*.json"))
    # 1: a valid wrapper without "paragraphs" (its checksum recomputed, so only the shape is wrong)
    from analysis.infra.cache import checksum
    entry = json.loads(paths[0].read_text(encoding="utf-8"))
    del entry["value"]["paragraphs"]
    entry["sha256"] = checksum(entry["value"])
    paths[0].write_text(json.dumps(entry), encoding="utf-8")
    # 2: a plausible but altered value, checksum left as it was
    entry = json.loads(paths[1].read_text(encoding="utf-8"))
    entry["value"]["paragraphs"][0][1] = "Altered text of the same length, or not."
    paths[1].write_text(json.dumps(entry), encoding="utf-8")
    # 3: a word count that disagrees with its text, checksum recomputed
    entry = json.loads(paths[2].read_text(encoding="utf-8"))
    entry["value"]["paragraphs"][0][2] += 100
    entry["sha256"] = checksum(entry["value"])
    paths[2].write_text(json.dumps(entry), encoding="utf-8")
    again = load_corpus()
    pd.testing.assert_frame_equal(again.paragraphs, fresh.paragraphs)
    assert again.word_count() == fresh.word_count() == 8098


def test_one_word_count_without_headings():
    from analysis.config import seeds_dir
    from analysis.corpus.load import source_word_count, text_word_count
    corpus = load_corpus()
    paras = corpus.paragraphs
    for sid in corpus.ids:
        entry = corpus.sources.loc[sid].to_dict()
        raw = (seeds_dir() / entry["file"]).read_text(encoding="utf-8")
        expected = int(paras[(paras.source_id == sid) & (paras.kind == "text")].words.sum())
        assert corpus.word_count(sid) == expected == source_word_count(entry) == text_word_count(
            raw, title=entry["title"], author=entry["author"], outlet=entry["outlet"])
    assert corpus.word_count() == 8098 and int(paras.words.sum()) == 8145  # headings: 47 words
