"""Worker processes for large batches of texts, through :mod:`joblib`.

Texts are independent, so a large batch (:data:`PARALLEL_MIN_TEXTS` texts or
:data:`PARALLEL_MIN_CHARS` characters) is spread over :func:`workers` worker
processes; smaller batches, such as the book's five sources, stay in-process.
``ANALYSIS_WORKERS`` sets the number of workers (``ANALYSIS_WORKERS=1``
keeps every batch in-process).

The workers are joblib's: by default its ``loky`` backend, whose worker
processes are started at the first large batch and kept for the later ones
(starting processes and importing the project in them costs more than many
batches take). With :func:`analysis.config.scheduler` set
(``ANALYSIS_SCHEDULER=local`` or the address of a Dask scheduler), the same
tasks run on a Dask cluster through joblib's ``dask`` backend; see the
README's section on running a large corpus on a cluster. The results are the
same, in the same order, whichever runs them.

>>> map_texts(len, ["two words", "three more words"])
[9, 16]
"""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from joblib import Parallel, delayed, parallel_config
from joblib.externals.loky.process_executor import TerminatedWorkerError

from analysis import config
from analysis.infra.progress import progress

#: A batch of at least this many texts, or of this many characters, runs in worker processes.
PARALLEL_MIN_TEXTS = 50
PARALLEL_MIN_CHARS = 2_000_000

#: How long to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = "10s"


def workers() -> int:
    """Worker processes for large batches: ``ANALYSIS_WORKERS`` if set, else the number of CPUs.

    >>> import os
    >>> os.environ["ANALYSIS_WORKERS"] = "3"
    >>> workers()
    3
    >>> del os.environ["ANALYSIS_WORKERS"]
    """
    try:
        return max(1, int(os.environ.get("ANALYSIS_WORKERS") or os.cpu_count() or 1))
    except ValueError:
        return os.cpu_count() or 1


def in_parallel(n_texts: int, chars: int) -> bool:
    """Whether a batch of ``n_texts`` texts, ``chars`` characters in all, runs in worker processes.

    >>> in_parallel(5, 60_000)
    False
    """
    if config.scheduler():       # a cluster: its own workers, whatever this machine has
        return n_texts >= 2 and (n_texts >= PARALLEL_MIN_TEXTS or chars >= PARALLEL_MIN_CHARS)
    return (min(workers(), n_texts) >= 2
            and (n_texts >= PARALLEL_MIN_TEXTS or chars >= PARALLEL_MIN_CHARS))


@lru_cache(maxsize=4)
def dask_client(address: str):
    """The Dask client of a scheduler address (``"local"``: a cluster of :func:`workers` processes here).

    Made once per address and kept for the session, as loky keeps its workers.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - distributed is pinned in requirements.txt
        raise RuntimeError(f"ANALYSIS_SCHEDULER={address} needs the 'distributed' package") from error
    if address == "local":
        return Client(LocalCluster(n_workers=workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=None))
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as error:
        raise RuntimeError(f"ANALYSIS_SCHEDULER={address}: no Dask scheduler answers there ({error})") from None


def _backend() -> dict:
    """joblib's settings for the current :func:`analysis.config.scheduler`."""
    address = config.scheduler()
    if not address:
        return {"backend": "loky", "n_jobs": workers()}
    dask_client(address)
    return {"backend": "dask"}


def map_texts(func, items, *, chars: int | None = None, parallel: bool | None = None,
              desc: str | None = None, unit: str = "text") -> list:
    """``[func(item) for item in items]``, in worker processes when the batch is large.

    The results are the same and in the same order either way. ``func`` must
    be importable by the workers (a module-level function). ``chars`` counts
    the characters of the batch when the items are not strings; ``parallel``
    overrides the size test (True: use workers whenever there are two or
    more items). With ``desc``, a progress bar of that name, counting items
    as ``unit``, shows at a terminal (:func:`analysis.infra.progress.progress`).

    Raises
    ------
    RuntimeError
        If a worker process stops (killed, out of memory) before it answers.
    """
    items = list(items)
    if chars is None:
        chars = sum(len(item) for item in items if isinstance(item, str))
    if parallel is None:
        parallel = in_parallel(len(items), chars)
    if not parallel or len(items) < 2 or (workers() < 2 and not config.scheduler()):
        return [func(item) for item in _progress(items, len(items), desc, unit)]
    with parallel_config(**_backend()):
        # about four tasks per worker: few enough that sending them costs little, enough to balance
        batch = max(1, len(items) // (4 * workers()))
        run = Parallel(return_as="generator", batch_size=batch, pre_dispatch="all")
        try:
            return list(_progress(run(delayed(func)(item) for item in items), len(items), desc, unit))
        except TerminatedWorkerError as error:
            raise RuntimeError(f"a worker process stopped while running {func.__qualname__} "
                               "(out of memory?); ANALYSIS_WORKERS=1 runs in-process") from error


def _progress(iterable, total: int, desc: str | None, unit: str):
    return progress(iterable, total=total, desc=desc, unit=unit) if desc else iterable


def split_evenly(items: list, n: int, size=None) -> list[list]:
    """``items`` in ``n`` consecutive runs of about the same total ``size`` (a run may be empty).

    ``size(item)`` defaults to the length of a string and 1 for anything else.

    >>> split_evenly(["a", "bb", "ccc", "d"], 2)
    [['a', 'bb'], ['ccc', 'd']]
    >>> split_evenly(["a"], 2)
    [['a'], []]
    """
    if size is None:
        size = lambda item: len(item) if isinstance(item, str) else 1  # noqa: E731
    if not items:
        return [[] for _ in range(n)]
    # cut at the boundary nearest to each k/n of the total size
    before = np.concatenate([[0.0], np.cumsum(np.fromiter(map(size, items), dtype=np.float64, count=len(items)))])
    targets = np.linspace(0, before[-1], n + 1)[1:-1]
    after = np.clip(np.searchsorted(before, targets), 1, len(items))
    cuts = np.where(targets - before[after - 1] < before[after] - targets, after - 1, after)
    edges = [0, *np.maximum.accumulate(cuts).tolist(), len(items)] if n > 1 else [0, len(items)]
    return [items[a:b] for a, b in zip(edges, edges[1:])]
