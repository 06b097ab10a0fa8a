"""Worker processes for large batches of texts.

Texts are independent, so a large batch (:data:`PARALLEL_MIN_TEXTS` texts or
:data:`PARALLEL_MIN_CHARS` characters) is spread over one worker process per
CPU; smaller batches, such as the book's five sources, stay in-process.
``ANALYSIS_WORKERS`` sets the number of workers (``ANALYSIS_WORKERS=1``
keeps every batch in-process).

The worker processes are started once, at the first large batch, and serve
every later batch of the session: starting processes and importing the
project in them costs more than many batches take. They are stopped when the
interpreter exits (or by :func:`shutdown`).

>>> map_texts(len, ["two words", "three more words"])
[9, 16]
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from analysis.infra.progress import progress

#: A batch of at least this many texts, or of this many characters, runs in worker processes.
PARALLEL_MIN_TEXTS = 50
PARALLEL_MIN_CHARS = 2_000_000

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


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
    return (min(workers(), n_texts) >= 2
            and (n_texts >= PARALLEL_MIN_TEXTS or chars >= PARALLEL_MIN_CHARS))


def _executor(n: int) -> ProcessPoolExecutor:
    """The session's pool of ``n`` worker processes (a new one if the size changed)."""
    global _pool, _pool_size
    if _pool is None or _pool_size != n:
        shutdown()
        _pool, _pool_size = ProcessPoolExecutor(max_workers=n), n
    return _pool


def shutdown() -> None:
    """Stop the worker processes (a later large batch starts new ones)."""
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _pool_size = None, 0


atexit.register(shutdown)


def map_texts(func, items, *, chars: int | None = None, parallel: bool | None = None,
              desc: str | None = None, unit: str = "text") -> list:
    """``[func(item) for item in items]``, in worker processes when the batch is large.

    The results are the same and in the same order either way. ``func`` must
    be a module-level function. ``chars`` counts the characters of the batch
    when the items are not strings; ``parallel`` overrides the size test
    (True: use workers whenever there are two or more items). With ``desc``,
    a progress bar of that name, counting items as ``unit``, shows at a
    terminal (:func:`analysis.infra.progress.progress`). If worker processes cannot be
    started, the batch runs in-process.

    The workers are forked at the first large batch and serve the later ones:
    they see modules as they were then (so ``func`` must not depend on state
    set afterwards). A function they cannot find, defined after they started,
    makes them restart once.
    """
    items = list(items)
    if chars is None:
        chars = sum(len(item) for item in items if isinstance(item, str))
    n = min(workers(), len(items))
    if parallel is None:
        parallel = in_parallel(len(items), chars)
    if not parallel or n < 2:
        return [func(item) for item in _progress(items, len(items), desc, unit)]
    for attempt in (1, 2):
        try:
            pool = _executor(workers())
        except (OSError, NotImplementedError):  # pragma: no cover - no processes on this system
            return [func(item) for item in _progress(items, len(items), desc, unit)]
        try:
            results = pool.map(func, items, chunksize=max(1, len(items) // (4 * n)))
            return list(_progress(results, len(items), desc, unit))
        except BrokenProcessPool as error:
            # Workers started before ``func`` existed cannot find it and stop; new workers
            # can. A second stop (out of memory, a crash) is reported.
            shutdown()
            if attempt == 2:
                raise RuntimeError(f"a worker process stopped while running {func.__qualname__} "
                                   "(out of memory?); ANALYSIS_WORKERS=1 runs in-process") from error


def _progress(iterable, total: int, desc: str | None, unit: str):
    return progress(iterable, total=total, desc=desc, unit=unit) if desc else iterable


# --------------------------------------------------------------------------- shards

def _step(how: str, func, args: tuple, items: list) -> tuple[list, object]:
    """One step on a share of the items: (the items after it, what it returns)."""
    if how == "apply":
        return [func(item, *args) for item in items], None
    if how == "collect":
        return items, [func(item, *args) for item in items]
    if how == "reduce":
        return items, func(items, *args)
    return items, func(*args)                   # "scatter": a task of its own


def _serve(conn, items: list) -> None:
    """A shard's worker: run each step on its items until told to stop."""
    while True:
        message = conn.recv()
        if message is None:
            break
        how, func, args = message
        try:
            items, result = _step(how, func, args, items)
            conn.send(("ok", result))
        except BaseException as error:              # noqa: BLE001 - sent to the caller
            try:                                    # the error must survive the journey
                pickle.loads(pickle.dumps(error))
            except Exception:
                error = RuntimeError(f"{type(error).__name__}: {error}")
            conn.send(("error", error))
    conn.close()


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


class Shards:
    """Items spread over worker processes, each keeping its share between steps.

    A pipeline of steps over a large corpus (clean, then split, then
    tokenise) would otherwise send every intermediate result to the workers
    and back at each step. Here each worker holds a run of consecutive items
    from the start; :meth:`apply` replaces every item by ``func(item)`` where
    it is, and only what :meth:`collect` or :meth:`reduce` asks for comes back.
    Results keep the items' order. An error in a step is raised here and
    closes the shards (the workers that succeeded have moved on, so no
    consistent state is left). With one worker, or when processes cannot be
    started, everything runs in-process.

    Parameters
    ----------
    items : iterable
        The items.
    n : int, optional
        Worker processes (default :func:`workers`).
    size : callable, optional
        What to balance the shares on (default: the length of a string, 1 for anything else).

    Examples
    --------
    >>> with Shards(["arms control", "energy", "talks go on"], n=2) as shards:
    ...     shards.apply(str.split)
    ...     shards.collect(len), shards.reduce(len)
    ([2, 1, 3], [1, 2])
    """

    def __init__(self, items, n: int | None = None, size=None):
        items = list(items)
        self._local: list | None = None
        self._workers = []
        runs = [run for run in split_evenly(items, max(1, min(n or workers(), len(items))), size) if run]
        if len(runs) < 2:
            self._local = items
            return
        try:
            for run in runs:
                parent, child = multiprocessing.Pipe()
                process = multiprocessing.Process(target=_serve, args=(child, run), daemon=True)
                process.start()
                child.close()
                self._workers.append((process, parent))
        except OSError:  # pragma: no cover - no processes here
            self.close()
            self._local = items

    @property
    def n_workers(self) -> int:
        """Worker processes (0: in-process)."""
        return len(self._workers)

    def _run(self, how: str, func, args: tuple, per_worker: list | None = None) -> list:
        if self._local is not None:
            if per_worker is not None:
                return [_step(how, func, (value,), self._local)[1] for value in per_worker]
            self._local, result = _step(how, func, args, self._local)
            return [result]
        if not self._workers:
            raise RuntimeError("the shards are closed")
        # every worker answers every step, or the shards close: a reply left unread
        # would be taken for the answer to the next step
        try:
            for i, (_, conn) in enumerate(self._workers):
                conn.send((how, func, (per_worker[i],) if per_worker is not None else args))
            replies = [conn.recv() for _, conn in self._workers]
        except (EOFError, OSError) as error:
            self.close()
            raise RuntimeError("a worker process stopped before it answered") from error
        except BaseException:
            self.close()
            raise
        for status, value in replies:
            if status == "error":      # some shards may have moved on: none is kept
                self.close()
                raise value
        return [value for _, value in replies]

    def apply(self, func, *args) -> None:
        """Replace every item by ``func(item, *args)``, in its worker."""
        self._run("apply", func, args)

    def collect(self, func, *args) -> list:
        """``[func(item, *args) for item in items]``, computed in the workers, in order."""
        return [value for part in self._run("collect", func, args) for value in part]

    def reduce(self, func, *args) -> list:
        """``func(share, *args)`` of each worker's share of the items, in order."""
        return self._run("reduce", func, args)

    def scatter(self, func, values: list) -> list:
        """``[func(value) for value in values]``, one value per worker (as many as :attr:`n_shares`)."""
        if len(values) != self.n_shares:
            raise ValueError(f"{len(values)} values for {self.n_shares} shares")
        return self._run("scatter", func, (), list(values))

    @property
    def n_shares(self) -> int:
        """Number of shares the items are spread over (1 in-process)."""
        return len(self._workers) or 1

    def close(self) -> None:
        """Stop the worker processes."""
        for process, conn in self._workers:
            try:
                conn.send(None)
                conn.close()
            except OSError:  # pragma: no cover - the worker is gone
                pass
            process.join(timeout=10)
            if process.is_alive():  # pragma: no cover
                process.terminate()
        self._workers = []

    def __enter__(self) -> Shards:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
