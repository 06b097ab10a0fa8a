"""Add sources to ``seeds/``: copy the raw text, append a validated catalog entry.

Adding a source is the one write the project makes to its inputs, so it is
careful:

1. **Everything is checked before anything is written.** The input file
   must exist, be readable, be UTF-8 text (not binary) and hold more than
   whitespace; its SHA-256 must not already be in the catalog; the new entry
   must pass :func:`analysis.corpus.catalog.validate_entries` together with the
   existing ones (required fields, roles, perspectives, possible and
   past dates, unique ids); its date must fall in an era
   (:func:`analysis.corpus.eras.era_of`); cleaning (:func:`analysis.corpus.clean.clean_text`)
   must leave some prose. A manifest of many sources is checked
   row by row, and if any row is bad nothing is added.
2. **The raw text is copied byte for byte** under a file name that says what
   it is (``<year>-<name>-<title words>.txt``).
3. **The catalog is appended to, never re-written**: the new entry's YAML is
   added after the existing text, which stays byte-identical (comments
   included).
4. **Writes are atomic** (:func:`atomic_write`: a temporary file in the same
   folder, ``fsync``, then :func:`os.replace`). The text is written before the
   catalog, so an interruption leaves the catalog as it was; if the catalog
   write fails, the copied texts are removed again.

The catalog entry records where the text came from: ``original_file`` (the
name it arrived under), ``sha256``, ``date_precision`` (from the form of the
date: ``YYYY`` -> year, ``YYYY-MM`` -> month, ``YYYY-MM-DD`` -> day,
``START/END`` -> range) and ``date_evidence`` ("given by the user when
added"). The era is not stored: it is computed from the date when the
catalog is loaded. Without an explicit id, the id is the source's display
label (:func:`analysis.corpus.catalog.display_label`: the author's surname, or the
outlet when the author is unknown, and the year) in lower case with hyphens.

>>> new_id({"author": "Joseph R. Biden Jr.", "outlet": "White House", "published": "2022-03-01"})
'biden-2022'
>>> precision_of("2022-03"), precision_of("2003-10/2004-06")
('month', 'range')
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import filelock
import yaml

from analysis import config
from analysis.corpus.catalog import (
    CatalogError,
    display_label,
    read_entries,
    sha256_of,
    shorten,
    validate_entries,
)
from analysis.corpus.load import remember_word_count, text_word_count
from analysis.infra.files import CHUNK, atomic_copy, atomic_write

#: What ``date_evidence`` says for a date given on the command line.
DATE_EVIDENCE = "given by the user when added"

#: The columns a manifest may have; the first five must be present.
MANIFEST_COLUMNS = ("file", "title", "author", "published", "outlet", "url", "role",
                    "perspective", "id")
MANIFEST_REQUIRED = MANIFEST_COLUMNS[:5]

#: Field order of a new catalog entry (the order of the existing entries).
FIELD_ORDER = ("id", "file", "original_file", "sha256", "title", "author", "outlet", "url",
               "published", "date_precision", "date_evidence", "role", "perspective")

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_FILLER = {"a", "an", "the", "of", "on", "in", "and", "to", "for", "at", "by", "with",
           "from", "before", "after", "about", "as", "or"}


class SourceError(ValueError):
    """A source cannot be added; ``problems`` lists each reason as one line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class SourceSpec:
    """What the user says about one new source (command-line options or a manifest row).

    ``where`` prefixes every problem with the row it comes from (for a manifest).
    """

    file: Path
    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    role: str | None = None
    perspective: str | None = None
    id: str | None = None
    where: str = ""
    shown_as: str = field(default="", repr=False)

    def __post_init__(self):
        self.file = Path(self.file)
        self.shown_as = self.shown_as or str(self.file)


@dataclass
class Added:
    """One source that was added: its catalog entry and its size in words."""

    entry: dict
    words: int


# --------------------------------------------------------------------------- names


def slugify(text: str, *, max_words: int | None = None, drop_filler: bool = False) -> str:
    """Lower-case ASCII words joined by hyphens.

    >>> slugify("Address Before a Joint Session of the Congress", max_words=4, drop_filler=True)
    'address-joint-session-congress'
    >>> slugify("GlobalSecurity.org"), slugify("Лавров")
    ('globalsecurity-org', '')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("\u2019", ""))
    if drop_filler:
        words = [w for w in words if w not in _FILLER] or words
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words)


def precision_of(published: str) -> str:
    """The catalog's ``date_precision`` implied by the form of a date.

    >>> [precision_of(d) for d in ("2022", "2022-03", "2022-03-01")]
    ['year', 'month', 'day']
    """
    text = str(published).strip()
    if "/" in text:
        return "range"
    return {1: "year", 2: "month"}.get(text.count("-") + 1, "day")


def _year(published: str | None) -> str:
    match = re.match(r"\s*(\d{4})", str(published or ""))
    return match.group(1) if match else "undated"


def new_id(entry: dict, taken: set[str] = frozenset()) -> str:
    """An id from the author's surname (or the outlet) and the year, unique among ``taken``.

    This is the display label (:func:`analysis.corpus.catalog.display_label`) in
    lower case with hyphens, except that a generational suffix ("Jr.", "III")
    is passed over to reach the surname. A clash gets a numeric suffix
    (``-2``, ``-3``, ...).

    >>> new_id({"author": "unknown", "outlet": "PONARS Policy Memo", "published": "2003"})
    'ponars-2003'
    >>> new_id({"author": "Taras Kuzio", "outlet": "x", "published": "2001"}, {"kuzio-2001"})
    'kuzio-2001-2'
    """
    author = str(entry.get("author") or "unknown").split()
    while len(author) > 1 and author[-1].strip(".,").lower() in _SUFFIXES:
        author = author[:-1]
    year = _year(entry.get("published"))
    try:
        base = slugify(display_label({**entry, "author": " ".join(author),
                                      "published": year if year.isdigit() else "0000"}))
    except (KeyError, TypeError):
        base = ""
    if not year.isdigit():
        base = re.sub(r"0000$", year, base)
    if not re.search(r"[a-z]", base.rsplit("-", 1)[0]):
        base = f"source-{year}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def new_file_name(entry: dict, taken: set[str] = frozenset()) -> str:
    """``<year>-<name>-<first title words>.txt``, unique among ``taken`` names.

    >>> new_file_name({"id": "biden-2022", "published": "2022-03-01",
    ...                "title": "Address Before a Joint Session of the Congress"})
    '2022-biden-address-joint-session-congress.txt'
    """
    year = _year(entry.get("published"))
    name = re.sub(rf"-?{year}(-\d+)?$", "", str(entry.get("id") or "")) or "source"
    title = slugify(entry.get("title") or "", max_words=4, drop_filler=True)
    stem = "-".join(p for p in (year, name, title) if p)
    candidate, n = f"{stem}.txt", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.txt"
    return candidate


# --------------------------------------------------------------------------- checks


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
    (:data:`analysis.config.MAX_SOURCE_BYTES` by default), UTF-8 without NUL
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
    if info.st_size > limit:
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


def build_entry(spec: SourceSpec, raw: RawText, *, ids: set[str], files: set[str]) -> dict:
    """The catalog entry for a new source (not yet validated).

    ``ids`` and ``files`` are those already taken; a generated id or file name
    avoids them.
    """
    def clean(value):
        return " ".join(str(value).split()) if value is not None else None

    entry = {
        "title": clean(spec.title), "author": clean(spec.author), "outlet": clean(spec.outlet),
        "url": clean(spec.url), "published": clean(spec.published), "role": clean(spec.role),
        "perspective": clean(spec.perspective),
    }
    entry["id"] = clean(spec.id) or new_id(entry, ids)
    entry["file"] = new_file_name(entry, files)
    entry["original_file"] = spec.file.name
    entry["sha256"] = raw.sha256
    if entry["published"]:
        entry["date_precision"] = precision_of(entry["published"])
    entry["date_evidence"] = DATE_EVIDENCE
    ordered = {k: entry[k] for k in FIELD_ORDER if entry.get(k) not in (None, "")}
    return ordered


@dataclass
class Plan:
    """What :func:`plan_sources` found: the catalog as it is and the checked new entries."""

    existing: list
    new: list[dict]
    files: dict[str, Path]        # new file name -> the file to copy
    words: dict[str, int]         # new file name -> words after cleaning


def plan_sources(specs: list[SourceSpec], seeds: Path | None = None, *,
                 max_bytes: int | None = None) -> Plan:
    """Check new sources against the catalog in ``seeds`` without writing anything.

    Raises
    ------
    SourceError
        Listing every problem (with the manifest row it comes from).
    """
    seeds = Path(seeds or config.seeds_dir())
    catalog_name = f"{seeds.name}/catalog.yaml"
    inside = [f"{spec.where}{shorten(spec.shown_as, 200)}: is inside the seeds folder "
              f"{seeds.name}/; a source must come from outside it (move the file out of the "
              "folder first)" for spec in specs if _inside(spec.file, seeds)]
    if inside:
        raise SourceError(inside)
    try:
        existing = read_entries(seeds / "catalog.yaml")
    except CatalogError as err:
        raise SourceError(err.problems) from None
    current = validate_entries(existing, seeds=seeds)
    current += [message for _, message, _ in leftovers(seeds, existing)]
    if current:
        raise SourceError([f"{seeds.name}/ already has problems; fix them first "
                           "(python -m analysis validate):"] + [f"  {p}" for p in current])
    by_hash = {}
    for e in existing:
        by_hash[e["sha256"]] = f"already in the corpus as {e['id']}"
        by_hash[text_sha256(read_text(seeds / e["file"]))] = (
            f"already in the corpus as {e['id']} (the same text, apart from line endings or "
            "surrounding whitespace)")
    ids = {e["id"]: "in the catalog" for e in existing}
    files = {e["file"] for e in existing} | {p.name for p in seeds.iterdir()}
    problems: list[str] = []
    plan = Plan(existing, [], {}, {})
    for spec in specs:
        prefix = spec.where
        try:
            raw = inspect_raw_text(spec.file, spec.shown_as, seeds=seeds, max_bytes=max_bytes)
        except SourceError as err:
            problems.extend(prefix + p for p in err.problems)
            continue
        entry = build_entry(spec, raw, ids=set(ids), files=files)
        seen = by_hash.get(raw.sha256) or by_hash.get(raw.text_sha256)
        if seen:
            problems.append(f"{prefix}{catalog_name}: a text with the same "
                            f"{'SHA-256' if raw.sha256 in by_hash else 'content'} is {seen}")
            continue
        row_problems = []
        if spec.id and spec.id in ids:
            where = ids[spec.id]
            row_problems.append(f"{catalog_name}: id {shorten(spec.id)} is already {where}; "
                                "choose another --id")
        checked = validate_entries(plan.existing + plan.new + [entry], check_files=False)
        row_problems += [p for p in checked
                         if not (row_problems and p.startswith("duplicate id "))]
        words = 0
        if not row_problems:
            words = text_word_count(read_text(spec.file), title=entry["title"],
                                    author=entry["author"], outlet=entry["outlet"])
            if not words:
                row_problems.append(f"{shorten(spec.shown_as, 200)}: cleaning "
                                    "(analysis/corpus/clean.py) leaves no text of the author's "
                                    "own to analyse")
        problems.extend(prefix + p for p in row_problems)
        if not row_problems:
            earlier = f"also given earlier ({spec.where.rstrip(': ') or 'above'}) as {entry['id']}"
            by_hash[raw.sha256] = by_hash[raw.text_sha256] = earlier
            ids[entry["id"]] = f"given earlier ({spec.where.rstrip(': ') or 'above'})"
            files.add(entry["file"])
            plan.new.append(entry)
            plan.files[entry["file"]] = spec.file
            plan.words[entry["file"]] = words
    if problems:
        raise SourceError(problems)
    return plan


# --------------------------------------------------------------------------- leftovers

#: The record an add-source keeps in the seeds folder while it writes (see :func:`add_sources`).
JOURNAL = ".add-source.journal"

_JOURNAL_TMP = re.compile(re.escape(JOURNAL) + r"\.[0-9a-f]{12}\.tmp$")


def _read_journal(seeds: Path) -> dict | None:
    path = seeds / JOURNAL
    if not path.exists():
        return None
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(journal, dict) and re.fullmatch(r"[0-9a-f]{12}", journal["token"])
                and all(isinstance(f["file"], str) and isinstance(f["sha256"], str)
                        for f in journal["files"])):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        return {"unreadable": True}
    return journal


def leftovers(seeds: Path, entries: list | None) -> list[tuple[Path, str, bool]]:
    """What interrupted writes left in the seeds folder: ``(path, message, removable)``.

    An add-source that is killed leaves its journal (:data:`JOURNAL`: the
    files it was writing, their hashes, the catalog's hash before and after)
    and maybe some of those files. They are *removable*: the next add-source
    removes them before it does anything else. Anything else is reported with
    what to do by hand: a temporary file of another kind, a raw text not in
    the catalog (``entries``; None when the catalog cannot be read, and then
    no text is called a stray).
    """
    seeds = Path(seeds)
    found: list[tuple[Path, str, bool]] = []
    journal = _read_journal(seeds)
    claimed: set[str] = set()
    where = seeds.name
    if journal is not None and journal.get("unreadable"):
        found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: unreadable record of an interrupted "
                      "add-source; compare the folder with the catalog, remove what is not in "
                      "it, then delete this file", False))
        claimed.add(JOURNAL)
    elif journal is not None:
        catalog = seeds / "catalog.yaml"
        done = catalog.exists() and sha256_of(catalog) == journal.get("catalog_after")
        token = journal["token"]
        claimed.add(JOURNAL)
        if done:
            found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: record of an add-source that "
                          "finished (its sources are in the catalog); the next add-source "
                          "removes it", True))
        else:
            found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: record of an interrupted "
                          "add-source (nothing was added); the next add-source removes it and "
                          "the files it left", True))
        for item in journal["files"] + [{"file": "catalog.yaml", "sha256": None}]:
            name = item["file"]
            tmp = seeds / f".{name}.{token}.tmp"
            if tmp.exists():
                claimed.add(tmp.name)
                found.append((tmp, f"{where}/{tmp.name}: temporary file of the interrupted "
                              "add-source; the next add-source removes it", True))
            if name == "catalog.yaml" or done or not (seeds / name).exists():
                continue
            claimed.add(name)
            if sha256_of(seeds / name) == item["sha256"]:
                found.append((seeds / name, f"{where}/{name}: copied by the interrupted add-source, "
                              "not in the catalog; the next add-source removes it", True))
            else:
                found.append((seeds / name, f"{where}/{name}: not in the catalog, and not what the "
                              "interrupted add-source wrote; check it, then move it out of "
                              f"{where}/ or delete it", False))
    listed = {e.get("file") for e in entries or [] if isinstance(e, dict)}
    for path in sorted(seeds.iterdir()):
        if path.name in claimed:
            continue
        if _JOURNAL_TMP.match(path.name):
            found.append((path, f"{where}/{path.name}: left by an add-source interrupted before "
                          "it wrote anything else; the next add-source removes it", True))
        elif path.name.startswith(".") and path.name.endswith(".tmp"):
            found.append((path, f"{where}/{path.name}: temporary file left by an interrupted "
                          "write; delete it", False))
        elif entries is not None and path.suffix == ".txt" and path.name not in listed:
            found.append((path, f"{where}/{path.name}: text file not in the catalog (move it out "
                          f"of {where}/ and add it with python -m analysis add-source, or delete "
                          "it)", False))
    return found


def remove_leftovers(seeds: Path) -> list[str]:
    """Remove what an interrupted add-source left (:func:`leftovers`); one note per file removed.

    The journal goes last, so an interruption here is repaired by the next run.
    Nothing is removed while anything else needs a person's decision
    (a leftover that is not removable).
    """
    try:
        entries = read_entries(seeds / "catalog.yaml")
    except CatalogError:
        entries = None
    everything = leftovers(seeds, entries)
    if not all(removable for _, _, removable in everything):
        return []   # something needs a person: leave the folder as it is, for validate to name
    found = [(path, message) for path, message, _ in everything]
    notes = []
    for path, _ in sorted(found, key=lambda item: item[0].name == JOURNAL):
        path.unlink(missing_ok=True)
        notes.append(f"removed {seeds.name}/{path.name}, left by an interrupted add-source")
    return notes


# --------------------------------------------------------------------------- writes


def entry_yaml(entry: dict) -> str:
    """The YAML text of one catalog entry, as a one-item list to append to the catalog.

    >>> print(entry_yaml({"id": "x-2022", "published": "2022-03-01", "title": "A: B"}), end="")
    - id: x-2022
      published: '2022-03-01'
      title: 'A: B'
    """
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=False)


def appended_catalog(old_text: str, entries: list[dict]) -> str:
    """The catalog text with ``entries`` appended; ``old_text`` is kept as it is.

    Entries are separated by a blank line, as in the existing catalog.

    >>> appended_catalog("- id: a\\n", [{"id": "b"}])
    '- id: a\\n\\n- id: b\\n'
    """
    text = old_text
    for entry in entries:
        if text and not text.endswith("\n"):
            text += "\n"
        if text.strip():
            text += "\n"
        text += entry_yaml(entry)
    return text


class InterruptedAfterAdding(KeyboardInterrupt):
    """Interrupted once the catalog was written: the sources in ``ids`` were added."""

    def __init__(self, ids: list[str]):
        self.ids = list(ids)
        super().__init__(", ".join(self.ids))


@contextlib.contextmanager
def catalog_lock(seeds: Path, timeout: float | None = None):
    """Hold the lock of a seeds folder's catalog (one add-source at a time).

    The lock file lives in the system's temporary folder, named after the
    seeds folder's path, so that the seeds folder itself gains no file; the
    lock is released when the process ends, however it ends.
    """
    seeds = Path(seeds).resolve()
    digest = hashlib.sha256(str(seeds).encode("utf-8")).hexdigest()[:16]
    lock = filelock.FileLock(Path(tempfile.gettempdir()) / f"analysis-seeds-{digest}.lock",
                             timeout=config.ADD_LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise SourceError([f"{seeds.name}/: another add-source is still writing to it (waited "
                           f"{lock.timeout:g} s); try again when it has finished"]) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM until the block ends (main thread only)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def add_sources(specs: list[SourceSpec], seeds: Path | None = None, *,
                max_bytes: int | None = None, on_note=None) -> list[Added]:
    """Check, then add, one or more sources to the seeds folder: all or nothing.

    Under the catalog's lock (:func:`catalog_lock`), leftovers of an
    interrupted add are removed first (:func:`remove_leftovers`; each removal
    is passed to ``on_note``), then the sources are checked
    (:func:`plan_sources`), then written: the journal (:data:`JOURNAL`) first,
    then each raw text, streamed to a temporary file named after this run and
    renamed into place, then the catalog the same way, then the journal is
    removed. An exception or interruption (SIGINT, or SIGTERM, which the
    command line turns into one) removes this run's files and nothing else; a
    kill leaves the journal, so the next run knows what to remove.

    Parameters
    ----------
    specs : list of SourceSpec
        The sources to add.
    seeds : Path, optional
        The seeds folder (default :func:`analysis.config.seeds_dir`).
    max_bytes : int, optional
        Largest raw text accepted (default :data:`analysis.config.MAX_SOURCE_BYTES`).
    on_note : callable, optional
        Called with a line for each leftover removed.

    Returns
    -------
    list of Added
        The new catalog entries, with their words after cleaning
        (:func:`analysis.corpus.load.text_word_count`).

    Raises
    ------
    SourceError
        If any source has a problem; then nothing was written.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> seeds = shutil.copytree(config.ROOT / "seeds", tmp / "seeds")
    >>> _ = (tmp / "note.txt").write_text("Relations will improve by spring.\\n", encoding="utf-8")
    >>> added = add_sources([SourceSpec(tmp / "note.txt", title="A note", author="Ann Smith",
    ...     published="2021-05", outlet="Blog", role="blogger", perspective="Western")], seeds)
    >>> added[0].entry["id"], added[0].entry["file"], added[0].words
    ('smith-2021', '2021-smith-note.txt', 5)
    >>> (seeds / "2021-smith-note.txt").read_bytes() == (tmp / "note.txt").read_bytes()
    True
    """
    seeds = Path(seeds or config.seeds_dir())
    with catalog_lock(seeds):
        for note in remove_leftovers(seeds):
            if on_note:
                on_note(note)
        plan = plan_sources(specs, seeds, max_bytes=max_bytes)
        if not plan.new:
            raise SourceError(["no sources to add"])
        return _write(seeds, plan)


def _write(seeds: Path, plan: Plan) -> list[Added]:
    catalog = seeds / "catalog.yaml"
    old_bytes = catalog.read_bytes()
    new_bytes = appended_catalog(old_bytes.decode("utf-8"), plan.new).encode("utf-8")
    if yaml.safe_load(new_bytes.decode("utf-8")) != plan.existing + plan.new:
        raise SourceError([f"{seeds.name}/catalog.yaml: the appended entry does not read back "
                           "as written; nothing was added"])
    token = secrets.token_hex(6)
    after_sha = hashlib.sha256(new_bytes).hexdigest()
    journal = {"pid": os.getpid(), "token": token,
               "catalog_before": hashlib.sha256(old_bytes).hexdigest(), "catalog_after": after_sha,
               "files": [{"file": e["file"], "sha256": e["sha256"]} for e in plan.new]}
    mode = catalog.stat().st_mode & 0o777
    written: list[Path] = []
    committed = False
    try:
        atomic_write(seeds / JOURNAL, json.dumps(journal, indent=1).encode("utf-8"),
                     tmp_name=f"{JOURNAL}.{token}.tmp")
        for entry in plan.new:
            target = seeds / entry["file"]
            if target.exists():
                raise SourceError([f"{seeds.name}/{entry['file']} appeared while adding; "
                                   "nothing was added"])
            written.append(target)   # ours from now on: nobody else writes here under the lock
            digest = atomic_copy(plan.files[entry["file"]], target, mode=mode,
                                 tmp_name=f".{entry['file']}.{token}.tmp")
            if digest != entry["sha256"]:
                raise SourceError([f"{entry['original_file']}: changed while it was being added; "
                                   "nothing was added"])
        if catalog.read_bytes() != old_bytes:
            raise SourceError([f"{seeds.name}/catalog.yaml changed while adding; nothing was added"])
        atomic_write(catalog, new_bytes, tmp_name=f".catalog.yaml.{token}.tmp")
        committed = True
        with _signals_deferred():
            (seeds / JOURNAL).unlink()
    except BaseException as exc:
        with _signals_deferred():
            committed = committed or sha256_of(catalog) == after_sha
            if not committed:
                for path in written:
                    path.unlink(missing_ok=True)
            (seeds / JOURNAL).unlink(missing_ok=True)
        if not committed:
            raise
        if isinstance(exc, KeyboardInterrupt):
            raise InterruptedAfterAdding([e["id"] for e in plan.new]) from None
    for entry in plan.new:   # so that validate need not clean the new texts again
        remember_word_count(entry, plan.words[entry["file"]])
    return [Added(e, plan.words[e["file"]]) for e in plan.new]


# --------------------------------------------------------------------------- manifests


def read_manifest(path: Path, shown_as: str | None = None) -> list[SourceSpec]:
    """Read a CSV manifest: one row per source, file paths relative to the manifest.

    Columns: ``file,title,author,published,outlet`` (required) and
    ``url,role,perspective,id`` (optional columns; empty cells mean "not
    given"). Problems name the manifest and the line.

    >>> import pathlib, tempfile
    >>> m = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = m.write_text("file,title,author,published,outlet\\na.txt,A,Ann,2020,X\\n")
    >>> spec = read_manifest(m)[0]
    >>> spec.file.name, spec.published, spec.where
    ('a.txt', '2020', 'm.csv line 2: ')
    """
    path = Path(path)
    name = shown_as or path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SourceError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise SourceError([f"{name}: is a folder, not a CSV file"]) from None
    except OSError as err:
        raise SourceError([f"{name}: cannot be read ({err.strerror or err})"]) from None
    except UnicodeDecodeError:
        raise SourceError([f"{name}: is not UTF-8 text"]) from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if not columns:
        raise SourceError([f"{name}: is empty; expected a header line "
                           f"{','.join(MANIFEST_COLUMNS)}"])
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    missing = [c for c in MANIFEST_REQUIRED if c not in columns]
    problems = []
    if unknown:
        problems.append(f"{name}: unknown column(s): {', '.join(unknown)} "
                        f"(allowed: {', '.join(MANIFEST_COLUMNS)})")
    if missing:
        problems.append(f"{name}: missing column(s): {', '.join(missing)}")
    if problems:
        raise SourceError(problems)
    reader.fieldnames = columns
    specs = []
    for row in reader:
        where = f"{name} line {reader.line_num}: "
        if None in row:
            problems.append(f"{where}more cells than columns")
            continue
        values = {k: (v.strip() if isinstance(v, str) and v.strip() else None)
                  for k, v in row.items()}
        if not any(values.values()):
            continue
        if not values.get("file"):
            problems.append(f"{where}missing required field(s): file")
            continue
        file = Path(values.pop("file"))
        specs.append(SourceSpec(file=path.parent / file, where=where, shown_as=str(file),
                                **{k: values.get(k) for k in MANIFEST_COLUMNS[1:]}))
    if problems:
        raise SourceError(problems)
    if not specs:
        raise SourceError([f"{name}: has no rows"])
    return specs


# --------------------------------------------------------------------------- copies


def copy_seeds(dest: Path, *, seeds: Path | None = None, exclude_sha256=()) -> Path:
    """Copy a seeds folder to ``dest`` (for demonstrations and tests), leaving out
    the sources whose raw text has one of the hashes in ``exclude_sha256``.

    When something is left out, the copy's catalog is re-written from its
    entries (without the comments); otherwise it is copied byte for byte.

    >>> import pathlib, tempfile
    >>> copy = copy_seeds(pathlib.Path(tempfile.mkdtemp()) / "seeds")
    >>> sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in config.seeds_dir().iterdir())
    True
    """
    seeds = Path(seeds or config.seeds_dir())
    dest = Path(dest)
    entries = read_entries(seeds / "catalog.yaml")
    drop = [e for e in entries if isinstance(e, dict) and e.get("sha256") in set(exclude_sha256)]
    dropped_files = {e.get("file") for e in drop}
    shutil.copytree(seeds, dest, ignore=lambda folder, names: [
        n for n in names if Path(folder) == seeds and n in dropped_files])
    if drop:
        kept = [e for e in entries if e not in drop]
        (dest / "catalog.yaml").write_text(
            yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return dest


__all__ = ["SourceError", "SourceSpec", "Added", "add_sources", "plan_sources", "read_manifest",
           "inspect_raw_text", "leftovers", "remove_leftovers", "catalog_lock", "parse_size",
           "text_sha256", "normalised_text", "JOURNAL", "atomic_write", "appended_catalog", "entry_yaml", "new_id",
           "new_file_name", "precision_of", "slugify", "copy_seeds",
           "DATE_EVIDENCE"]


# --------------------------------------------------------------------------- the chapter


def adding_findings(before, after, source_id: str, refused: list[tuple[str, int]],
                    unchanged: bool) -> str:
    """Markdown bullets for the chapter on adding a source, computed from the two corpora.

    Parameters
    ----------
    before, after : Corpus
        The corpus before and after the source was added.
    source_id : str
        The new source's id.
    refused : list of (str, int)
        Each refused input (described in words) and its exit status.
    unchanged : bool
        Whether the seeds folder was byte-identical after the refused inputs.
    """
    words_before, words_after = before.word_count(), after.word_count()
    new_words = after.word_count(source_id)
    row = after.sources.loc[source_id]
    eras_before = set(before.sources["era"])
    era_note = ("an era no earlier source falls in" if row["era"] not in eras_before
                else "an era already represented")
    lines = [
        f"- One command added {after.label(source_id)} ({row['title']}) as source `{source_id}`: "
        f"the corpus grew from {len(before.ids)} to {len(after.ids)} sources and from "
        f"{words_before:,} to {words_after:,} words after cleaning; the new text alone is "
        f"{100 * new_words / words_after:.0f}% of the corpus ({{numref}}`tbl-adding-before-after`).",
        f"- Its era, {row['era']}, was computed from the date given, {era_note} "
        "({numref}`tbl-adding-stats`); no table needed editing by hand.",
        f"- Cleaning kept {after.cleaning_report().loc[source_id, 'kept %']}% of its raw words "
        "({numref}`tbl-adding-cleaning`): check this column for every new source, since rules "
        "written for web pages may remove too much, or too little, of a new kind of text.",
    ]
    if refused:
        statuses = sorted({status for _, status in refused})
        lines.append(
            f"- {len(refused)} bad inputs ({', '.join(what for what, _ in refused)}) were refused "
            f"with exit status {' or '.join(map(str, statuses))} and one line of explanation each; "
            + ("the seeds folder was byte-identical afterwards "
               if unchanged else "**the seeds folder changed** ")
            + "({numref}`tbl-adding-refused`).")
    return "\n".join(lines)
