"""Worker processes through joblib (analysis/infra/parallel.py)."""
import os

import pytest

from analysis import config
from analysis.corpus.clean import word_count
from analysis.corpus.load import load_corpus
from analysis.features.terms import encode_documents, tokenize_documents
from analysis.infra import parallel
from analysis.infra.parallel import in_parallel, map_texts


@pytest.fixture
def always_parallel(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")
    monkeypatch.delenv(config.SCHEDULER_VARIABLE, raising=False)


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def _pid(_item) -> int:
    return os.getpid()


def test_small_batches_stay_in_process(monkeypatch):
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")
    monkeypatch.delenv(config.SCHEDULER_VARIABLE, raising=False)
    assert not in_parallel(5, 60_000)                  # the book's five sources
    assert in_parallel(50, 0) and in_parallel(2, 2_000_000) and not in_parallel(49, 1_999_999)
    assert map_texts(_pid, range(5)) == [os.getpid()] * 5
    monkeypatch.setenv("ANALYSIS_WORKERS", "1")
    assert not in_parallel(500, 10**9)                 # one worker: everything in-process


def test_map_texts_keeps_order_in_workers_and_keeps_the_workers(always_parallel):
    texts = [" ".join(["word"] * i) for i in range(60)]
    assert map_texts(word_count, texts) == list(range(60))
    first = set(map_texts(_pid, range(8)))
    assert os.getpid() not in first and 1 <= len(first) <= 2     # in worker processes
    assert set(map_texts(_pid, range(8))) <= first               # the same workers serve again


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


@pytest.mark.parametrize("items, n", [([], 3), (["a"], 2), (["x" * 100, "y"], 2), (list("abcdefghij"), 3),
                                      (["aa", "b", "cccc", "d", "ee"], 4)])
def test_split_evenly_keeps_order_and_gives_n_runs(items, n):
    runs = parallel.split_evenly(items, n)
    assert len(runs) == n and [x for run in runs for x in run] == items
    if items and n <= len(items):
        sizes = [sum(map(len, run)) for run in runs]
        assert max(sizes) - min(sizes) <= max(map(len, items))      # cut at the nearest boundary


def test_split_evenly_balances_sizes():
    assert parallel.split_evenly(["aaaa", "b", "c", "d", "e"], 2) == [["aaaa"], ["b", "c", "d", "e"]]
    assert parallel.split_evenly([1, 2, 3, 4], 2, size=lambda x: x) == [[1, 2, 3], [4]]


def _exit(_item):
    os._exit(3)


def test_map_texts_reports_a_worker_that_dies(always_parallel):
    with pytest.raises(RuntimeError, match="worker process stopped while running _exit"):
        map_texts(_exit, list(range(4)))
    assert map_texts(word_count, ["a b"] * 4) == [2] * 4          # new workers serve the next batch


def test_map_texts_errors_of_the_function_reach_the_caller(always_parallel):
    with pytest.raises(ValueError, match="invalid literal"):
        map_texts(int, ["1", "x", "3", "4"])


def test_tokenize_documents_uses_workers_for_many_short_documents(monkeypatch):
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")
    monkeypatch.delenv(config.SCHEDULER_VARIABLE, raising=False)
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


def test_no_home_made_pool_in_the_package():
    sources = [p.read_text(encoding="utf-8") for p in (config.ROOT / "analysis").rglob("*.py")]
    assert not [s for s in sources if "ProcessPoolExecutor" in s or "import multiprocessing" in s]


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setenv(config.SCHEDULER_VARIABLE, "tcp://127.0.0.1:9")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    parallel.dask_client.cache_clear()
    with pytest.raises(RuntimeError, match=r"ANALYSIS_SCHEDULER=tcp://127.0.0.1:9: no Dask scheduler answers"):
        map_texts(word_count, ["a b", "c d e"], parallel=True)


def test_the_pipeline_on_a_dask_cluster_equals_the_default_path(real, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from analysis.features.terms import TermAnalyzer, count_terms

    def pipeline():
        corpus = load_corpus(config.ROOT / "seeds", cache=False)
        docs = [list(group.text) for _, group in corpus.sentences.groupby("source_id", sort=False)] * 12
        counts, terms, _ = count_terms(tokenize_documents(docs), TermAnalyzer())
        return corpus, counts, terms

    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.delenv(config.SCHEDULER_VARIABLE, raising=False)
    default = pipeline()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        monkeypatch.setenv(config.SCHEDULER_VARIABLE, cluster.scheduler_address)
        parallel.dask_client.cache_clear()
        try:
            client = parallel.dask_client(cluster.scheduler_address)
            with distributed.get_task_stream(client) as stream:
                on_cluster = pipeline()
            workers = {task["worker"] for task in stream.data}
        finally:
            parallel.dask_client(cluster.scheduler_address).close()
            parallel.dask_client.cache_clear()
    assert len(workers) == 2 and len(stream.data) >= len(real.ids) + 2   # every batch ran on both workers
    for name in ("paragraphs", "sentences", "removed", "raw_words"):
        assert getattr(on_cluster[0], name).equals(getattr(default[0], name))
    assert list(on_cluster[2]) == list(default[2]) and (on_cluster[1] != default[1]).nnz == 0
