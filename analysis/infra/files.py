"""Atomic file writes, shared by the catalog, the exports and the cache.

:func:`atomic_write` writes to a temporary file in the target's folder,
flushes and fsyncs it, then renames it over the target with
:func:`os.replace`, so a reader (or an interrupted command) sees either the
old file or the new one, never a partial one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder,
    flushed and fsync'd, then renamed over ``path`` with :func:`os.replace`.

    A reader sees either the old file or the new one, never a partial one.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(p, b"one"); atomic_write(p, b"two"); p.read_bytes()
    b'two'
    >>> sorted(f.name for f in p.parent.iterdir())
    ['a.txt']
    """
    path = Path(path)
    if mode is None:
        mode = (path.stat().st_mode & 0o777) if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
