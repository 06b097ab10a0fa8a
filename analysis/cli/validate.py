"""Check a whole seeds folder: the catalog, the raw texts and the prediction ledger.

:func:`validate_seeds` lists every problem it finds, one line each, instead
of stopping at the first:

* **catalog** -- :func:`analysis.corpus.catalog.validate_entries` (fields, roles,
  perspectives, dates, unique ids, files and hashes; each raw text exists,
  matches its SHA-256, is UTF-8 and not empty; every date falls in an era);
* **texts** -- every ``.txt`` file in the folder is in the catalog, and
  nothing is left over from an interrupted write: each leftover is named
  with what to do (:func:`analysis.cli.sources.leftovers`; the next
  add-source removes those of an interrupted add-source itself); cleaning
  leaves some text in every source, counted by
  :func:`analysis.corpus.load.source_word_count` from the raw text (a count
  is cached only with the raw text's hash in its key);
* **events** -- ``events.csv`` has ``date`` and ``event`` columns and real
  dates;
* **prediction ledger** -- ``predictions.yaml`` (when present) is a YAML list,
  checked by ``analysis.forecasts.ledger.validate_ledger(rows, corpus)`` when that
  module provides it; likewise ``prediction_exclusions.yaml`` and
  ``recommendations.yaml`` (``validate_exclusions``, ``validate_recommendations``).
  The corpus passed holds the sources these files name, so a large new text
  no file quotes is not segmented just to be validated.

>>> report = validate_seeds()
>>> report.problems, report.sources
([], 5)
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import config
from analysis.cli.sources import leftovers
from analysis.corpus.catalog import CatalogError, read_entries, shorten, validate_entries

#: Files a seeds folder may hold besides the raw texts.
KNOWN_FILES = ("catalog.yaml", "events.csv", "predictions.yaml", "prediction_exclusions.yaml",
               "recommendations.yaml")


@dataclass
class SeedsReport:
    """The result of :func:`validate_seeds`."""

    folder: str
    problems: list[str] = field(default_factory=list)
    sources: int = 0
    words: int = 0
    predictions: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: what the folder holds, or how many problems it has.

        >>> SeedsReport("seeds", sources=5, words=9000, predictions=40).summary()
        'seeds/ OK: 5 sources, 9,000 words, 40 predictions'
        >>> SeedsReport("seeds", problems=["x"]).summary()
        'seeds/: 1 problem'
        """
        if self.problems:
            n = len(self.problems)
            return f"{self.folder}/: {n} problem{'s' if n != 1 else ''}"
        ledger = ("no prediction ledger" if self.predictions is None
                  else f"{self.predictions:,} prediction{'s' if self.predictions != 1 else ''}")
        return (f"{self.folder}/ OK: {self.sources:,} source{'s' if self.sources != 1 else ''}, "
                f"{self.words:,} words, {ledger}")


def validate_seeds(seeds: Path | None = None) -> SeedsReport:
    """Check everything in a seeds folder; see the module docstring for the checks.

    Parameters
    ----------
    seeds : Path, optional
        The folder (default :func:`analysis.config.seeds_dir`).

    Returns
    -------
    SeedsReport
        Every problem as one line, and counts for the summary line (sources,
        words after cleaning, predictions in the ledger).
    """
    seeds = Path(seeds or config.seeds_dir())
    report = SeedsReport(seeds.name)
    if not seeds.is_dir():
        report.problems.append(f"{seeds.name}/: no such folder")
        return report
    problems = report.problems
    try:
        entries = read_entries(seeds / "catalog.yaml")
    except CatalogError as err:
        problems.extend(err.problems)
        entries = None
    if entries is not None:
        problems.extend(validate_entries(entries, seeds=seeds))
    problems.extend(message for _, message, _ in
                    leftovers(seeds, entries if isinstance(entries, list) else None))
    problems.extend(_event_problems(seeds))
    rows = _ledger_rows(seeds, problems)
    corpus = None
    if not problems:
        words, word_problems = _word_counts(seeds, entries)
        problems.extend(word_problems)
        report.sources, report.words = len(words), sum(words.values())
        named = {str(r.get("source_id")) for file_rows in rows.values() for r in file_rows
                 if isinstance(r, dict) and r.get("source_id")}
        corpus, corpus_problems = _load(seeds, sorted(named & set(words)))
        problems.extend(corpus_problems)
    ledger_problems, report.predictions = _ledger_problems(rows, seeds, corpus)
    problems.extend(ledger_problems)
    report.problems = [shorten(p, 400) for p in problems]
    return report


def _word_counts(seeds: Path, entries: list) -> tuple[dict[str, int], list[str]]:
    """Words after cleaning per source (the one count of the book), and the sources
    cleaning empties."""
    from analysis.corpus.load import source_word_count
    words = {e["id"]: source_word_count(e, seeds) for e in entries}
    return words, [f"catalog entry {sid}: cleaning leaves no text (see analysis/corpus/clean.py)"
                   for sid, n in words.items() if n == 0]


def _event_problems(seeds: Path) -> list[str]:
    path = seeds / "events.csv"
    if not path.exists():
        return []
    where = f"{seeds.name}/events.csv"
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    except (UnicodeDecodeError, csv.Error) as err:
        return [f"{where}: cannot be read as UTF-8 CSV ({err})"]
    if not rows:
        return []
    missing = [c for c in ("date", "event") if c not in rows[0]]
    if missing:
        return [f"{where}: missing column(s): {', '.join(missing)}"]
    problems = []
    for line, row in enumerate(rows, start=2):
        try:
            dt.date.fromisoformat(str(row["date"]).strip())
        except ValueError:
            problems.append(f"{where} line {line}: bad date {row['date']!r} (use YYYY-MM-DD)")
        if not str(row.get("event") or "").strip():
            problems.append(f"{where} line {line}: empty event")
    return problems


def _load(seeds: Path, only: list[str]):
    from analysis.corpus.load import load_corpus
    try:
        return load_corpus(seeds, only=only), []
    except CatalogError as err:
        return None, list(err.problems)
    except (ValueError, OSError) as err:
        return None, [f"{seeds.name}/: the corpus cannot be loaded: {shorten(err, 200)}"]


#: The curated files checked by ``analysis.forecasts.ledger`` (file -> validator name).
LEDGER_FILES = {"predictions.yaml": "validate_ledger",
                "prediction_exclusions.yaml": "validate_exclusions",
                "recommendations.yaml": "validate_recommendations"}


def _ledger_rows(seeds: Path, problems: list[str]) -> dict[str, list]:
    """The rows of each ledger file present (a YAML list); problems reading one are appended."""
    rows_by_file = {}
    for name in LEDGER_FILES:
        path = seeds / name
        where = f"{seeds.name}/{name}"
        if not path.exists():
            continue
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            problems.append(f"{where}: is not valid UTF-8 YAML: {' '.join(str(err).split())}")
            continue
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            problems.append(f"{where}: must be a YAML list")
            continue
        rows_by_file[name] = rows
    return rows_by_file


def _ledger_problems(rows_by_file: dict[str, list], seeds: Path, corpus
                     ) -> tuple[list[str], int | None]:
    """Problems with the prediction ledger and its companion files, and the ledger's
    number of rows (None without a ledger).

    The rows of each file are checked by
    ``analysis.forecasts.ledger.<validator>(rows, corpus)`` when that module and
    function exist (the checks are skipped, silently, while they do not).
    """
    problems: list[str] = []
    count = None
    for name, rows in rows_by_file.items():
        validator = LEDGER_FILES[name]
        where = f"{seeds.name}/{name}"
        if name == "predictions.yaml":
            count = len(rows)
        check = _ledger_validator(validator)
        if check is not None and corpus is not None:
            problems.extend(f"{where}: {p}" for p in check(rows, corpus))
    return problems, count


def _ledger_validator(name: str = "validate_ledger"):
    """``analysis.forecasts.ledger.<name>``, or None while that module or function is absent."""
    try:
        module = importlib.import_module("analysis.forecasts.ledger")
    except ModuleNotFoundError as err:
        if err.name == "analysis.forecasts.ledger":
            return None
        raise
    return getattr(module, name, None)
