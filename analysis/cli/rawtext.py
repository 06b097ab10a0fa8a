"""Check a raw text before it is added, streaming through it once.

:func:`inspect_raw_text` reads the file in chunks of
:data:`analysis.infra.files.CHUNK` bytes, so a large file is never held
whole: it checks the kind of file, its size, its encoding and that it holds
more than whitespace, and hashes both its bytes and its normalised text
(:func:`normalised_text`), with which duplicates are found.

>>> normalised_text("\\ufeffA text.\\r\\n")
'A text.'
"""
from __future__ import annotations

import codecs
import hashlib
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.corpus.catalog import shorten
from analysis.corpus.clean import without_line_ends
from analysis.infra.files import CHUNK


class SourceError(ValueError):
    """A source cannot be added; ``problems`` lists each reason as one line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))



@dataclass
class RawText:
    """What streaming through a raw text found: its size and two hashes.

    ``sha256`` is the hash of the bytes; ``text_sha256`` that of the
    normalised text (:func:`normalised_text`), which finds the same text
    saved with other line endings, a byte-order mark or extra surrounding
    whitespace.
    """

    size: int
    sha256: str
    text_sha256: str


def parse_size(value: str) -> int:
    """A size in bytes from ``123``, ``200MB``, ``1.5G`` (decimal units: kB, MB, GB).

    >>> parse_size("200MB"), parse_size("1.5G"), parse_size("4096")
    (200000000, 1500000000, 4096)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", str(value))
    if not match:
        raise ValueError(f"bad size {shorten(value)!r}: use a number of bytes, or e.g. 200MB or 1GB")
    unit = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[match.group(2).lower()]
    return int(float(match.group(1)) * unit)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 10**7 else f"{size / 1e6:,.0f} MB"


def normalised_text(text: str) -> str:
    """The form of a text compared for duplicates: no byte-order mark, ``\\n`` line
    endings, no surrounding whitespace.

    >>> normalised_text("\\ufeff Talks.\\r\\nResumed.\\r\\n\\n")
    'Talks.\\nResumed.'
    """
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_sha256(text: str) -> str:
    """SHA-256 of :func:`normalised_text` (UTF-8).

    >>> text_sha256("a\\r\\nb\\n") == text_sha256("a\\nb")
    True
    """
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


def _utf16(head: bytes) -> bool:
    """Whether the first bytes of a file look like UTF-16 (a byte-order mark, or NULs
    beside ASCII letters in every other byte)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = head[:400]
    return len(sample) >= 8 and any(
        sample[i::2].count(0) >= 0.9 * len(sample[i::2]) and
        sum(32 <= b < 127 or b in (9, 10, 13) for b in sample[1 - i::2]) >= 0.9 * len(sample[1 - i::2])
        for i in (0, 1))


def inspect_raw_text(path: Path, shown_as: str | None = None, *, seeds: Path | None = None,
                     max_bytes: int | None = None) -> RawText:
    """Check a raw text by streaming through it once, never holding it whole.

    A usable raw text is a regular file (not a folder, device, pipe or socket)
    outside the seeds folder, at most ``max_bytes`` long
    (:data:`analysis.config.MAX_SOURCE_BYTES` by default; -1: no limit), UTF-8 without NUL
    bytes (a NUL byte means a binary file; UTF-16 is named as such), and holds
    more than whitespace.

    Raises
    ------
    SourceError
        One line saying why the file is not usable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"; _ = p.write_bytes(b"Talks.\\r\\n")
    >>> raw = inspect_raw_text(p); raw.size, raw.text_sha256 == text_sha256("Talks.")
    (8, True)
    """
    path = Path(path)
    name = shorten(shown_as or str(path), 200)
    limit = config.MAX_SOURCE_BYTES if max_bytes is None else max_bytes
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError([f"{name}: no such file"]) from None
    except OSError as err:
        raise SourceError([f"{name}: cannot be read ({err.strerror or err})"]) from None
    if stat.S_ISDIR(info.st_mode):
        raise SourceError([f"{name}: is a folder, not a text file"])
    if seeds is not None and _inside(path, Path(seeds)):
        raise SourceError([f"{name}: is inside the seeds folder {Path(seeds).name}/; a source must "
                           "come from outside it (move the file out of the folder first)"])
    if not stat.S_ISREG(info.st_mode):
        raise SourceError([f"{name}: is not a regular file (a device, pipe or socket); "
                           "save the text to a file first"])
    if limit >= 0 and info.st_size > limit:
        raise SourceError([f"{name}: is {_megabytes(info.st_size)}, over the limit of "
                           f"{_megabytes(limit)}; if the text is meant to be this long, raise the "
                           f"limit with --max-size {-(-info.st_size // 10**6)}MB"])
    digest, text_digest = hashlib.sha256(), hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    size, started, pending, held_cr = 0, False, "", False
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                if size == 0 and _utf16(chunk):
                    raise SourceError([f"{name}: is UTF-16 text, not UTF-8; convert it to UTF-8 "
                                       "first"])
                if b"\x00" in chunk:
                    raise SourceError([f"{name}: is a binary file, not text"])
                try:
                    piece = decoder.decode(chunk)
                except UnicodeDecodeError as err:
                    raise SourceError([f"{name}: is not UTF-8 text (invalid byte at position "
                                       f"{size + err.start}); convert it to UTF-8 first"]) from None
                size += len(chunk)
                digest.update(chunk)
                if held_cr:
                    piece, held_cr = "\r" + piece, False
                if piece.endswith("\r"):
                    piece, held_cr = piece[:-1], True
                piece = piece.replace("\r\n", "\n").replace("\r", "\n")
                if not started:
                    piece = piece.lstrip()
                    started = bool(piece)
                if piece:
                    body = piece.rstrip()
                    if body:
                        text_digest.update((pending + body).encode("utf-8"))
                        pending = piece[len(body):]
                    else:
                        pending += piece
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as err:
        raise SourceError([f"{name}: is not UTF-8 text (invalid byte at position "
                           f"{size - len(err.object) + err.start}); convert it to UTF-8 first"]) from None
    except OSError as err:
        raise SourceError([f"{name}: cannot be read ({err.strerror or err})"]) from None
    if not started:
        raise SourceError([f"{name}: is empty" if not size else f"{name}: contains only whitespace"])
    return RawText(size, digest.hexdigest(), text_digest.hexdigest())


def _inside(path: Path, folder: Path) -> bool:
    try:
        return folder.resolve() in path.resolve().parents
    except OSError:
        return False


def read_text(path: Path) -> str:
    """The raw text of a file (UTF-8; line endings kept as they are)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def read_lines(path: Path) -> Iterator[str]:
    """The lines of a raw text file without their line endings (``\\r\\n``, ``\\r`` or
    ``\\n``), read one at a time: the pieces :func:`analysis.corpus.clean.split_lines` gives
    of :func:`read_text`, without holding the text whole.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"; _ = p.write_bytes(b"a\\r\\nb\\rc\\n")
    >>> list(read_lines(p))
    ['a', 'b', 'c', '']
    """
    with open(path, encoding="utf-8", newline="") as fh:
        yield from without_line_ends(fh)
