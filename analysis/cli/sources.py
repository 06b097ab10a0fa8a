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
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import config
from analysis.cli.journal import (
    JOURNAL,
    InterruptedAfterAdding,
    _signals_deferred,
    catalog_lock,
    leftovers,
    remove_leftovers,
)
from analysis.cli.names import new_file_name, new_id, precision_of, slugify
from analysis.cli.rawtext import (
    RawText,
    SourceError,
    _inside,
    inspect_raw_text,
    normalised_text,
    parse_size,
    read_lines,
    text_sha256,
)
from analysis.corpus.catalog import (
    CatalogError,
    read_entries,
    sha256_of,
    shorten,
    validate_entries,
)
from analysis.corpus.load import remember_word_count, text_word_count
from analysis.infra.files import atomic_copy, atomic_write

#: What ``date_evidence`` says for a date given on the command line.
DATE_EVIDENCE = "given by the user when added"

#: The columns a manifest may have; the first seven must be present.
MANIFEST_COLUMNS = ("file", "title", "author", "published", "outlet", "role", "perspective",
                    "url", "id")
MANIFEST_REQUIRED = MANIFEST_COLUMNS[:7]

#: Field order of a new catalog entry (the order of the existing entries).
FIELD_ORDER = ("id", "file", "original_file", "sha256", "title", "author", "outlet", "url",
               "published", "date_precision", "date_evidence", "role", "perspective")



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


# --------------------------------------------------------------------------- checks


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
    for e in existing:   # the same bytes say so, even where the normalised text is the same
        by_hash[inspect_raw_text(seeds / e["file"], max_bytes=-1).text_sha256] = (
            f"already in the corpus as {e['id']} (the same text, apart from line endings or "
            "surrounding whitespace)")
        by_hash[e["sha256"]] = f"already in the corpus as {e['id']}"
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
            words = text_word_count(read_lines(spec.file), title=entry["title"],
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

    Columns: ``file,title,author,published,outlet,role,perspective`` (required)
    and ``url,id`` (optional columns; empty cells mean "not given"). Problems name the manifest and the line.

    >>> import pathlib, tempfile
    >>> m = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = m.write_text("file,title,author,published,outlet,role,perspective\\n"
    ...                  "a.txt,A,Ann,2020,X,blogger,other\\n")
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
