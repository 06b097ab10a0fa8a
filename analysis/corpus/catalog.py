"""Load and validate the source catalog (``seeds/catalog.yaml``).

Every problem gets its own specific message: a missing file, a hash
mismatch, a bad date, a duplicate id, an unknown or missing field, an empty
text. :func:`validate_entries` lists them all; :func:`load_catalog` raises
:class:`CatalogError` carrying that list.

>>> entries = [{"id": "a", "file": "a.txt"}]
>>> validate_entries(entries, check_files=False)[0]
'catalog entry a: missing required field(s): author, date_evidence, date_precision, original_file, outlet, perspective, published, role, sha256, title'
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.corpus.eras import era_of
from analysis.infra.files import CHUNK, sha256_of_file

REQUIRED = (
    "id", "file", "original_file", "sha256", "title", "author", "outlet",
    "published", "date_precision", "date_evidence", "role", "perspective",
)
OPTIONAL = (
    "url", "title_note", "author_note", "date_estimate", "role_detail", "uncertain",
)
ROLES = ("academic", "journalist", "blogger", "official", "reference", "think-tank")
PERSPECTIVES = ("Russian", "Western", "other")
PRECISIONS = ("day", "month", "year", "range")

#: Longest id a catalog entry may have (ids become file names and labels).
MAX_ID_LENGTH = 60

#: Longest value quoted in a message; longer ones are cut (:func:`shorten`).
MAX_SHOWN = 60

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class CatalogError(ValueError):
    """The catalog has problems; ``problems`` lists each one as a line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def shorten(value: object, width: int = MAX_SHOWN) -> str:
    """``str(value)`` on one line, cut to ``width`` characters with an ellipsis and its length.

    >>> shorten("x" * 100, 10)
    'xxxxxxxxx… (100 characters)'
    >>> shorten("short")
    'short'
    """
    text = " ".join(str(value).split())
    return text if len(text) <= width else f"{text[:width - 1]}… ({len(text):,} characters)"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {shorten(key)!r} (a field given twice)",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str, name: str):
    """Parse YAML text safely, refusing duplicate keys; :class:`CatalogError` names the line.

    >>> load_yaml("- id: a\\n  id: b\\n", "catalog.yaml")
    Traceback (most recent call last):
    ...
    analysis.corpus.catalog.CatalogError: catalog.yaml line 2: duplicate key 'id' (a field given twice)
    """
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"{name} line {mark.line + 1}" if mark is not None else name
        what = getattr(err, "problem", None) or str(err)
        raise CatalogError([f"{where}: {shorten(what, 200)}"
                            + ("" if "duplicate key" in str(what) else " (not valid YAML)")]) from None


def sha256_of(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes (read in chunks).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"; _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    return sha256_of_file(path)


def parse_date(value: str, *, today: dt.date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``START/END`` into (first day, last day).

    Raises :class:`ValueError` with a specific message for an impossible,
    reversed or future date.

    >>> [d.date().isoformat() for d in parse_date("2004-11")]
    ['2004-11-01', '2004-11-30']
    >>> [d.date().isoformat() for d in parse_date("2003-10/2004-06")]
    ['2003-10-01', '2004-06-30']
    >>> parse_date("2004-02-30")
    Traceback (most recent call last):
    ...
    ValueError: impossible date '2004-02-30'
    """
    today = today or dt.date.today()
    text = str(value).strip()
    parts = text.split("/")
    if len(parts) > 2 or not all(_DATE.match(p) for p in parts):
        raise ValueError(f"bad date {shorten(text)!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    bounds = [_bounds(p) for p in parts]
    first, last = bounds[0][0], bounds[-1][1]
    if last < first:
        raise ValueError(f"date range {text!r} ends before it starts")
    if first.date() > today:
        raise ValueError(f"date {shorten(text)!r} is in the future")
    if bounds[-1][0].date() > today:
        raise ValueError(f"date range {shorten(text)!r} ends in the future")
    return first, last


def _bounds(part: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    pieces = [int(x) for x in part.split("-")]
    try:
        if len(pieces) == 3:
            day = dt.date(*pieces)
            return pd.Timestamp(day), pd.Timestamp(day)
        if len(pieces) == 2:
            start = dt.date(pieces[0], pieces[1], 1)
            return pd.Timestamp(start), pd.Timestamp(start) + pd.offsets.MonthEnd(0)
        start = dt.date(pieces[0], 1, 1)
        return pd.Timestamp(start), pd.Timestamp(dt.date(pieces[0], 12, 31))
    except ValueError:
        raise ValueError(f"impossible date {part!r}") from None


def point_date(entry: dict) -> pd.Timestamp:
    """The single date used for plotting and eras.

    ``date_estimate`` when given, else the middle of the published interval.

    >>> point_date({"published": "2004-11"}).date().isoformat()
    '2004-11-15'
    >>> point_date({"published": "2003-10/2004-06", "date_estimate": "2003-11"}).date().isoformat()
    '2003-11-15'
    """
    if entry.get("date_estimate"):
        first, last = parse_date(str(entry["date_estimate"]))
    else:
        first, last = parse_date(str(entry["published"]))
    return (first + (last - first) / 2).normalize()


def validate_entry(entry: object, *, seeds: Path | None = None, check_files: bool = True,
                   today: dt.date | None = None) -> list[str]:
    """Problems with one catalog entry (an empty list when it is valid)."""
    if not isinstance(entry, dict):
        return [f"catalog entry {shorten(repr(entry))} is not a mapping of field: value"]
    name = shorten(entry.get("id") or "<no id>")
    where = f"catalog entry {name}"
    problems: list[str] = []
    missing = sorted(f for f in REQUIRED if entry.get(f) in (None, ""))
    if missing:
        problems.append(f"{where}: missing required field(s): {', '.join(missing)}")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        problems.append(f"{where}: unknown field(s): {shorten(', '.join(map(str, unknown)), 200)}")
    if entry.get("id") and len(str(entry["id"])) > MAX_ID_LENGTH:
        problems.append(f"{where}: id is {len(str(entry['id'])):,} characters long "
                        f"(at most {MAX_ID_LENGTH})")
    elif entry.get("id") and not _ID.match(str(entry["id"])):
        problems.append(f"{where}: id must be lower-case letters, digits and single hyphens")
    for field, allowed in (("role", ROLES), ("perspective", PERSPECTIVES),
                           ("date_precision", PRECISIONS)):
        value = entry.get(field)
        if value not in (None, "") and value not in allowed:
            problems.append(f"{where}: {field} {shorten(value)!r} is not one of {', '.join(allowed)}")
    for field in ("published", "date_estimate"):
        if entry.get(field) not in (None, ""):
            try:
                first, _ = parse_date(str(entry[field]), today=today)
                era_of(first)
            except ValueError as err:
                problems.append(f"{where}: {field}: {err}")
    if entry.get("file") and check_files:
        problems.extend(_check_file(entry, where, seeds or config.seeds_dir()))
    return problems


def _check_file(entry: dict, where: str, seeds: Path) -> list[str]:
    name = shorten(entry["file"])
    path = seeds / str(entry["file"])
    if Path(str(entry["file"])).name != str(entry["file"]) or not path.is_file():
        return [f"{where}: file {name} not found in {seeds.name}/"]
    problems = []
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    text_found, utf8 = False, True
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if utf8:
                try:
                    piece = decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
                    continue
                text_found = text_found or bool(piece.strip())
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if entry.get("sha256") and digest.hexdigest() != entry["sha256"]:
        problems.append(f"{where}: SHA-256 of {name} does not match the catalog "
                        "(the raw text was changed)")
    if not utf8:
        return problems + [f"{where}: {name} is not UTF-8 text"]
    if not text_found:
        problems.append(f"{where}: {name} is empty")
    return problems


def validate_entries(entries: object, *, seeds: Path | None = None, check_files: bool = True,
                     today: dt.date | None = None) -> list[str]:
    """Problems with a whole catalog: each entry, plus duplicate ids, files and hashes."""
    if not isinstance(entries, list):
        return ["catalog must be a YAML list of entries"]
    problems: list[str] = []
    for entry in entries:
        problems.extend(validate_entry(entry, seeds=seeds, check_files=check_files, today=today))
    for field in ("id", "file", "sha256"):
        seen: dict = {}
        for entry in entries:
            if isinstance(entry, dict) and entry.get(field):
                seen.setdefault(entry[field], []).append(entry.get("id", "<no id>"))
        for value, ids in seen.items():
            if len(ids) > 1:
                problems.append(f"duplicate {field} {shorten(value)!r} in catalog entries "
                                f"{shorten(', '.join(map(str, ids)), 200)}")
    return problems


def read_entries(path: Path | None = None) -> list:
    """The catalog's raw entries, as written in the YAML file.

    Raises
    ------
    CatalogError
        One line naming the file (and the line, where there is one): missing,
        unreadable, not UTF-8, not valid YAML, a key given twice in an entry,
        or empty while the folder holds raw texts (a lost catalog; restore it
        rather than start a new one).
    """
    path = Path(path or config.seeds_dir() / "catalog.yaml")
    name = f"{path.parent.name}/{path.name}"
    if not path.is_file():
        raise CatalogError([f"{name}: not found"])
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CatalogError([f"{name}: cannot be read ({err.strerror or err})"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise CatalogError([f"{name} line {line}: is not UTF-8 text (invalid byte at position "
                            f"{err.start}); convert it to UTF-8"]) from None
    entries = load_yaml(text, name)
    if entries is None or entries == []:
        texts = sorted(p.name for p in path.parent.glob("*.txt"))
        if texts:
            raise CatalogError([f"{name}: is empty, but {path.parent.name}/ holds {len(texts)} "
                                "raw text(s); restore the catalog (e.g. git checkout "
                                f"{name}) instead of starting a new one"])
        return []
    return entries


def load_catalog(path: Path | None = None, *, check_files: bool = True) -> pd.DataFrame:
    """Load, validate and enrich the catalog.

    Returns a DataFrame indexed by ``id``, with the catalog's fields plus
    ``date`` (the point date), ``year``, ``era`` and ``label`` (a short
    display name: the author's surname, or the outlet when the author is
    unknown, and the year).

    Raises
    ------
    CatalogError
        Listing every problem found.

    Examples
    --------
    >>> cat = load_catalog()
    >>> cat.loc["kuzio-2001", "label"], cat.loc["kuzio-2001", "era"]
    ('Kuzio 2001', '2000-2002 post-9/11 partnership')
    """
    path = Path(path or config.seeds_dir() / "catalog.yaml")
    entries = read_entries(path)
    problems = validate_entries(entries, seeds=path.parent, check_files=check_files)
    if problems:
        raise CatalogError(problems)
    frame = pd.DataFrame(entries)
    for col in OPTIONAL:
        if col not in frame:
            frame[col] = None
    frame["published"] = frame["published"].astype(str)
    frame["date"] = [point_date(e) for e in entries]
    frame["year"] = frame["date"].dt.year
    frame["era"] = frame["date"].map(era_of)
    frame["label"] = [display_label(e) for e in entries]
    return frame.set_index("id", drop=False).rename_axis(None).sort_values(["date", "id"])


def display_label(entry: dict) -> str:
    """Short display name of a source: surname (or outlet) and year.

    >>> display_label({"author": "Igor Ivanov", "outlet": "RIAC", "published": "2020-10"})
    'Ivanov 2020'
    >>> display_label({"author": "unknown", "outlet": "GlobalSecurity.org (web)", "published": "2016"})
    'GlobalSecurity.org 2016'
    >>> display_label({"author": "Joseph R. Biden Jr.", "outlet": "x", "published": "2022-03-01"})
    'Biden 2022'
    """
    year = str(entry.get("date_estimate") or entry["published"])[:4]
    author = str(entry.get("author", "unknown"))
    if author.lower() == "unknown":
        name = re.sub(r"\s*\(.*?\)", "", str(entry.get("outlet", "?"))).split(" Policy")[0]
        name = name.strip()
    else:
        words = [w for w in author.replace(",", " ").split() if w.strip(".").lower() not in _SUFFIXES]
        name = words[-1] if words else author
    return f"{name} {year}"


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
