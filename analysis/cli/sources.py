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

import csv
import hashlib
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import config
from analysis.corpus.catalog import CatalogError, display_label, read_entries, validate_entries
from analysis.corpus.clean import clean_text, word_count
from analysis.infra.files import atomic_write

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


def read_raw_text(path: Path, shown_as: str | None = None) -> bytes:
    """The bytes of a raw text, or :class:`SourceError` saying why it is not usable.

    A usable raw text exists, can be read, is UTF-8 without NUL bytes (a NUL
    byte means a binary file) and holds more than whitespace.
    """
    path = Path(path)
    name = shown_as or str(path)
    if not path.exists():
        raise SourceError([f"{name}: no such file"])
    if path.is_dir():
        raise SourceError([f"{name}: is a folder, not a text file"])
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceError([f"{name}: cannot be read ({err.strerror or err})"]) from None
    if b"\x00" in data:
        raise SourceError([f"{name}: is a binary file, not text"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError([f"{name}: is not UTF-8 text (invalid byte at position {err.start}); "
                           "convert it to UTF-8 first"]) from None
    if not text.strip():
        raise SourceError([f"{name}: is empty" if not text else f"{name}: contains only whitespace"])
    return data


def build_entry(spec: SourceSpec, data: bytes, *, ids: set[str], files: set[str]) -> dict:
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
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    if entry["published"]:
        entry["date_precision"] = precision_of(entry["published"])
    entry["date_evidence"] = DATE_EVIDENCE
    ordered = {k: entry[k] for k in FIELD_ORDER if entry.get(k) not in (None, "")}
    return ordered


def plan_sources(specs: list[SourceSpec], seeds: Path | None = None
                 ) -> tuple[list[dict], list[dict], dict[str, bytes]]:
    """Check new sources against the catalog in ``seeds`` without writing anything.

    Returns ``(existing_entries, new_entries, raw_bytes_by_new_file_name)``.

    Raises
    ------
    SourceError
        Listing every problem (with the manifest row it comes from).
    """
    seeds = Path(seeds or config.seeds_dir())
    catalog_name = f"{seeds.name}/catalog.yaml"
    try:
        existing = read_entries(seeds / "catalog.yaml")
    except CatalogError as err:
        raise SourceError([f"{seeds.name}/: {p}" for p in err.problems]) from None
    current = validate_entries(existing, seeds=seeds)
    if current:
        raise SourceError([f"{catalog_name} already has problems; fix them first "
                           "(python -m analysis validate):"] + [f"  {p}" for p in current])
    by_hash = {e["sha256"]: f"already in the corpus as {e['id']}" for e in existing}
    ids = {e["id"] for e in existing}
    files = {e["file"] for e in existing} | {p.name for p in seeds.iterdir()}
    problems: list[str] = []
    new: list[dict] = []
    data_by_file: dict[str, bytes] = {}
    for spec in specs:
        prefix = spec.where
        try:
            data = read_raw_text(spec.file, spec.shown_as)
        except SourceError as err:
            problems.extend(prefix + p for p in err.problems)
            continue
        entry = build_entry(spec, data, ids=ids, files=files)
        if entry["sha256"] in by_hash:
            problems.append(f"{prefix}{catalog_name}: a text with the same SHA-256 is "
                            f"{by_hash[entry['sha256']]}")
            continue
        row_problems = []
        if spec.id and spec.id in ids:
            row_problems.append(f"{catalog_name}: id {spec.id} is already in the catalog; "
                                "choose another --id")
        checked = validate_entries(existing + new + [entry], check_files=False)
        row_problems += [p for p in checked
                         if not (row_problems and p.startswith(f"duplicate id {spec.id!r}"))]
        if not row_problems and not clean_text(
                data.decode("utf-8"), title=entry["title"], author=entry["author"],
                outlet=entry["outlet"]).paragraphs:
            row_problems.append(f"{spec.shown_as}: cleaning (analysis/clean.py) leaves no text of "
                                "the author's own to analyse")
        problems.extend(prefix + p for p in row_problems)
        if not row_problems:
            by_hash[entry["sha256"]] = f"also given earlier ({spec.where.rstrip(': ') or 'above'}) as {entry['id']}"
            ids.add(entry["id"])
            files.add(entry["file"])
            new.append(entry)
            data_by_file[entry["file"]] = data
    if problems:
        raise SourceError(problems)
    return existing, new, data_by_file


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


def add_sources(specs: list[SourceSpec], seeds: Path | None = None) -> list[Added]:
    """Check, then add, one or more sources to the seeds folder: all or nothing.

    Parameters
    ----------
    specs : list of SourceSpec
        The sources to add.
    seeds : Path, optional
        The seeds folder (default :func:`analysis.config.seeds_dir`).

    Returns
    -------
    list of Added
        The new catalog entries, with their word counts.

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
    >>> added[0].entry["id"], added[0].entry["file"], added[0].entry["date_precision"]
    ('smith-2021', '2021-smith-note.txt', 'month')
    >>> (seeds / "2021-smith-note.txt").read_bytes() == (tmp / "note.txt").read_bytes()
    True
    """
    seeds = Path(seeds or config.seeds_dir())
    existing, new, data = plan_sources(specs, seeds)
    if not new:
        raise SourceError(["no sources to add"])
    catalog = seeds / "catalog.yaml"
    old_bytes = catalog.read_bytes()
    new_text = appended_catalog(old_bytes.decode("utf-8"), new)
    written: list[Path] = []
    try:
        for name, raw in data.items():
            target = seeds / name
            if target.exists():
                raise SourceError([f"{seeds.name}/{name} appeared while adding; nothing was added"])
            atomic_write(target, raw, mode=catalog.stat().st_mode & 0o777)
            written.append(target)
        reparsed = yaml.safe_load(new_text)
        if reparsed != existing + new:
            raise SourceError([f"{seeds.name}/catalog.yaml: the appended entry does not read back "
                               "as written; nothing was added"])
        final = validate_entries(reparsed, seeds=seeds)
        if final:
            raise SourceError(final)
        if catalog.read_bytes() != old_bytes:
            raise SourceError([f"{seeds.name}/catalog.yaml changed while adding; nothing was added"])
        atomic_write(catalog, new_text.encode("utf-8"))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [Added(e, word_count(data[e["file"]].decode("utf-8"))) for e in new]


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
           "read_raw_text", "atomic_write", "appended_catalog", "entry_yaml", "new_id",
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
    words_before = int(before.paragraphs["words"].sum())
    words_after = int(after.paragraphs["words"].sum())
    new_words = int(after.paragraphs.loc[after.paragraphs.source_id == source_id, "words"].sum())
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
