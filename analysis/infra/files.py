"""Atomic and streaming file writes, shared by the catalog, the exports and the cache.

:func:`atomic_write` writes to a temporary file in the target's folder,
flushes and fsyncs it, then renames it over the target with
:func:`os.replace`, so a reader (or an interrupted command) sees either the
old file or the new one, never a partial one. :func:`atomic_copy` does the
same for a large file, streamed in chunks of :data:`CHUNK` bytes and hashed
on the way, so a file is never held whole in memory; :func:`sha256_of_file`
hashes one the same way.

A caller may name the temporary file (``tmp_name``) so that, after a crash,
it can recognise its own leftovers.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

#: Bytes read or written at a time when streaming a file.
CHUNK = 1 << 20


def atomic_write(path: Path, data: bytes, *, mode: int | None = None,
                 tmp_name: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder,
    flushed and fsync'd, then renamed over ``path`` with :func:`os.replace`.

    A reader sees either the old file or the new one, never a partial one.
    ``tmp_name`` names the temporary file (default: a unique random name
    ``.<name>.<random>.tmp``); it is removed if the write fails.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(p, b"one"); atomic_write(p, b"two"); p.read_bytes()
    b'two'
    >>> sorted(f.name for f in p.parent.iterdir())
    ['a.txt']
    """
    _atomic(Path(path), lambda fh: fh.write(data), mode=mode, tmp_name=tmp_name)


def atomic_copy(source: Path, path: Path, *, mode: int | None = None,
                tmp_name: str | None = None) -> str:
    """Copy ``source`` to ``path`` atomically, in chunks; return the SHA-256 of the bytes copied.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a").write_bytes(b"abc")
    >>> atomic_copy(d / "a", d / "b")[:16], (d / "b").read_bytes()
    ('ba7816bf8f01cfea', b'abc')
    """
    digest = hashlib.sha256()

    def copy(out) -> None:
        with open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)

    _atomic(Path(path), copy, mode=mode, tmp_name=tmp_name)
    return digest.hexdigest()


def sha256_of_file(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in chunks.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t"; _ = p.write_bytes(b"abc")
    >>> sha256_of_file(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _atomic(path: Path, fill, *, mode: int | None, tmp_name: str | None) -> None:
    if mode is None:
        mode = (path.stat().st_mode & 0o777) if path.exists() else _default_mode()
    if tmp_name is None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    else:
        tmp = str(path.parent / tmp_name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
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
