"""Worker processes and worker-resident shards (analysis/parallel.py)."""
import pytest

from analysis import config
from analysis.corpus.clean import word_count
from analysis.corpus.load import load_corpus
from analysis.features.terms import encode_documents, tokenize_documents
from analysis.infra import parallel
from analysis.infra.parallel import Shards, in_parallel, map_texts


@pytest.fixture
def always_parallel(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def test_small_batches_stay_in_process():
    assert not in_parallel(5, 60_000)
    assert in_parallel(500, 0) == (parallel.workers() >= 2)


def test_map_texts_keeps_order_in_workers(always_parallel):
    texts = [" ".join(["word"] * i) for i in range(60)]
    assert in_parallel(len(texts), 0)
    assert map_texts(word_count, texts) == list(range(60))
    assert map_texts(word_count, texts[:7]) == list(range(7))       # the same workers serve again


def test_tokenize_documents_in_workers_equals_in_process(real, always_parallel):
    docs = [list(group.text) for _, group in real.sentences.groupby("source_id")] * 3 + [[], ["2020."]]
    assert in_parallel(len(docs), 0)
    tokens, reference = tokenize_documents(docs), encode_documents(docs)
    assert tokens.vocab == reference.vocab and tokens.stems == reference.stems
    assert (tokens.ids == reference.ids).all() and (tokens.lengths == reference.lengths).all()


def test_load_corpus_in_workers_equals_in_process(real, always_parallel):
    in_workers = load_corpus(config.ROOT / "seeds", cache=False)
    for name in ("paragraphs", "sentences", "removed", "raw_words"):
        assert getattr(in_workers, name).equals(getattr(real, name))
    assert in_workers.metadata == real.metadata


def test_shards_keep_items_in_order_across_steps():
    texts = [f"{'word ' * i}end" for i in range(1, 40)]
    with Shards(texts, n=3) as shards:
        assert shards.n_workers == 3
        shards.apply(str.split)
        shards.apply(len)
        assert shards.collect(int) == [i + 1 for i in range(1, 40)]
        assert sum(shards.reduce(len)) == 39 and len(shards.reduce(len)) == 3


def test_shards_run_in_process_for_one_worker():
    with Shards(["a b", "c"], n=1) as shards:
        assert shards.n_workers == 0
        shards.apply(str.split)
        assert shards.collect(len) == [2, 1] and shards.reduce(len) == [2]


def test_an_error_in_a_worker_reaches_the_caller():
    with Shards(["1", "x", "3"], n=2) as shards:
        with pytest.raises(ValueError, match="invalid literal"):
            shards.apply(int)
        with pytest.raises(RuntimeError, match="closed"):
            shards.collect(len)


@pytest.mark.parametrize("items, n", [([], 3), (["a"], 2), (["x" * 100, "y"], 2), (list("abcdefghij"), 3),
                                      (["aa", "b", "cccc", "d", "ee"], 4)])
def test_split_evenly_keeps_order_and_gives_n_runs(items, n):
    runs = parallel.split_evenly(items, n)
    assert len(runs) == n and [x for run in runs for x in run] == items
    if items and n <= len(items):
        sizes = [sum(map(len, run)) for run in runs]
        assert max(sizes) - min(sizes) <= max(map(len, items))      # cut at the nearest boundary


def _exit(share):
    import os
    os._exit(3)


def test_a_worker_that_dies_gives_a_clear_error():
    with Shards(["a", "b"], n=2) as shards:
        with pytest.raises(RuntimeError, match="stopped before it answered"):
            shards.reduce(_exit)


def _first(share):
    return share[0]


def _identity(value):
    return value


class _NeedsTwoArguments(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def _raise_unpicklable(share):
    raise _NeedsTwoArguments("bad", "input")


def test_a_step_that_fails_to_send_closes_the_shards():
    with Shards(list("abcd"), n=2) as shards:
        with pytest.raises(Exception):  # noqa: B017 - the pickling error depends on the value
            shards.scatter(_identity, ["ok", lambda: 0])      # the second value cannot be pickled
        with pytest.raises(RuntimeError, match="closed"):
            shards.reduce(_first)                              # no stale reply is read as an answer


def test_an_error_that_cannot_travel_still_reaches_the_caller():
    with Shards(list("abcd"), n=2) as shards:
        with pytest.raises(Exception, match="bad input"):
            shards.reduce(_raise_unpicklable)


def test_map_texts_reports_a_worker_that_dies(always_parallel):
    with pytest.raises(RuntimeError, match="worker process stopped while running _exit"):
        map_texts(_exit, list(range(4)))
    assert map_texts(word_count, ["a b"] * 4) == [2] * 4          # a new pool serves the next batch


def test_map_texts_errors_of_the_function_reach_the_caller(always_parallel):
    with pytest.raises(ValueError, match="invalid literal"):
        map_texts(int, ["1", "x", "3", "4"])


def test_tokenize_documents_uses_workers_for_many_short_documents(monkeypatch):
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")
    calls = []
    real_map = parallel.map_texts

    def spy(func, items, **kwargs):
        calls.append((func.__name__, kwargs.get("parallel")))
        return real_map(func, items, **kwargs)

    import analysis.features.terms as terms
    monkeypatch.setattr(terms, "map_texts", spy)
    docs = [["Arms talks.", "Energy prices."]] * 60
    assert terms.tokenize_documents(docs).n_documents == 60
    assert calls == [("_unstemmed", True), ("stem_words", True)]


def test_map_texts_shows_a_bar_only_when_asked(monkeypatch, capsys):
    monkeypatch.setattr(parallel, "progress",
                        lambda it, **kw: (print(f"bar {kw['desc']} {kw['total']} {kw['unit']}"), it)[1])
    assert map_texts(word_count, ["a b", "c"], desc="Counting", unit="doc") == [2, 1]
    assert capsys.readouterr().out == "bar Counting 2 doc\n"
    assert map_texts(word_count, ["a b"]) == [2]            # no desc: no bar
    assert capsys.readouterr().out == ""
