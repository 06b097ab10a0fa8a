"""Load and validate the readings of the texts (``seeds/readings.yaml``).

A reading is the curated, human-written introduction to one source: the
situation it was written in, its argument in prose, two to four key quotes
(each verbatim inside one numbered paragraph of the cleaned text), and the
voices it quotes. The file's top-level ``corpus_gap`` holds the commentary on
the longest stretch of years the corpus has no text for; its years are not
typed there but computed from the catalog (:func:`largest_gap`).

What a source forecast is never typed here: it is read from the ledger when
the book is built (:mod:`analysis.report.readings`).

Validation (:func:`validate_readings`) gives one line per problem:

* a reading for a source that is not in the catalog;
* a missing or unknown field, a duplicate source;
* an argument outside :data:`analysis.config.TEXTS_ARGUMENT_WORDS` words;
* fewer or more key quotes than :data:`analysis.config.TEXTS_KEY_QUOTES`;
* a key quote that is not a verbatim substring of the paragraph it names
  (the line says where the quote is, if it is elsewhere).

A catalog source with no reading is not an error: the book says it is not
summarised yet. :func:`load_readings` raises :class:`ReadingsError` carrying
the problems; a missing file means no readings.

>>> paragraphs = pd.DataFrame({"source_id": ["a"], "para": [1], "kind": ["text"],
...                            "text": ["Trade will grow. Talks go on."]})
>>> validate_readings({"readings": [{"source_id": "b"}]}, paragraphs, ["a"])
["readings entry b: source 'b' is not in the catalog"]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.corpus.clean import word_count

#: Fields of a reading (all required).
FIELDS = ("source_id", "situation", "argument", "key_quotes", "voices")
#: Fields of a key quote and of a voice (all required; a voice's role may be null).
QUOTE_FIELDS = ("quote", "paragraph", "why")
VOICE_FIELDS = ("name", "role", "for")
#: Fields of the corpus-gap commentary.
GAP_FIELDS = ("after", "before", "commentary")


class ReadingsError(ValueError):
    """The readings file has problems; ``problems`` lists each one as a line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class KeyQuote:
    """A verbatim passage of a source, the number of its paragraph, and why it matters."""

    quote: str
    paragraph: int
    why: str


@dataclass(frozen=True)
class Voice:
    """Someone a source quotes or reports, as the source names them."""

    name: str
    role: str | None
    what: str


@dataclass(frozen=True)
class Reading:
    """The curated reading of one source."""

    source_id: str
    situation: str
    argument: str
    key_quotes: tuple[KeyQuote, ...]
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class GapNote:
    """Commentary on the gap between the sources ``after`` and ``before`` (catalog ids)."""

    after: str
    before: str
    commentary: str


@dataclass
class Readings:
    """All readings, by source id, and the corpus-gap commentary (``None`` if absent)."""

    entries: dict[str, Reading] = field(default_factory=dict)
    gap: GapNote | None = None

    def get(self, source_id: str) -> Reading | None:
        """The reading of a source, or ``None`` when it is not summarised yet."""
        return self.entries.get(source_id)


@dataclass(frozen=True)
class Gap:
    """The longest run of years with no source: ``first`` to ``last`` inclusive.

    ``after`` is the latest source before the gap, ``before`` the first after it.
    """

    after: str
    before: str
    first: int
    last: int

    @property
    def years(self) -> int:
        """Number of calendar years without a source."""
        return self.last - self.first + 1


def largest_gap(sources: pd.DataFrame) -> Gap | None:
    """The longest run of calendar years in which no source was written.

    With the sources' years ``y_1 <= ... <= y_n`` (column ``year``, the year
    of each source's point date, in catalog order), the gap between
    consecutive sources ``i`` and ``i + 1`` covers the years
    ``y_i + 1 .. y_{i+1} - 1``; the longest such run is returned (the earliest
    one on a tie), or ``None`` when no two sources are more than a year apart.

    >>> cat = pd.DataFrame({"year": [2001, 2004, 2016, 2020]}, index=["a", "b", "c", "d"])
    >>> largest_gap(cat)
    Gap(after='b', before='c', first=2005, last=2015)
    >>> largest_gap(cat.iloc[:1]) is None
    True
    """
    ordered = sources.sort_values("year", kind="stable")
    best = None
    ids, years = list(ordered.index), [int(y) for y in ordered["year"]]
    for i in range(len(ids) - 1):
        length = years[i + 1] - years[i] - 1
        if length >= 1 and (best is None or length > best.years):
            best = Gap(ids[i], ids[i + 1], years[i] + 1, years[i + 1] - 1)
    return best


def _missing(entry: dict, fields: tuple[str, ...], where: str) -> list[str]:
    problems = []
    missing = [f for f in fields if f not in entry or (entry[f] in (None, "") and f != "role")]
    if missing:
        problems.append(f"{where}: missing field(s): {', '.join(missing)}")
    unknown = sorted(set(entry) - set(fields))
    if unknown:
        problems.append(f"{where}: unknown field(s): {', '.join(map(str, unknown))}")
    return problems


def _check_quote(item: object, where: str, paras: dict[int, str]) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: a key quote must be a mapping with {', '.join(QUOTE_FIELDS)}"]
    problems = _missing(item, QUOTE_FIELDS, where)
    quote, number = item.get("quote"), item.get("paragraph")
    if not quote or number in (None, ""):
        return problems
    if not isinstance(number, int) or isinstance(number, bool):
        return problems + [f"{where}: paragraph {number!r} is not a whole number"]
    quote = str(quote)
    if number not in paras:
        return problems + [f"{where}: paragraph {number} does not exist (the source has {len(paras)})"]
    if quote not in paras[number]:
        found = [p for p, text in paras.items() if quote in text]
        if found:
            problems.append(f"{where}: quote is in paragraph {found[0]}, not {number}: {quote[:60]!r}")
        else:
            problems.append(f"{where}: quote not found verbatim in paragraph {number}: {quote[:60]!r}")
    return problems


def validate_readings(data: object, paragraphs: pd.DataFrame, catalog_ids) -> list[str]:
    """Problems with the readings, one line each (empty when valid).

    Parameters
    ----------
    data : object
        The parsed YAML: a mapping with ``readings`` (a list of entries) and
        optionally ``corpus_gap``.
    paragraphs : DataFrame
        The cleaned paragraphs (``source_id, para, text``) of the corpus.
    catalog_ids : iterable of str
        The source ids in the catalog.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"source_id": ["a", "a"], "para": [1, 2], "kind": ["text"] * 2,
    ...                            "text": ["Trade will grow.", "Talks go on."]})
    >>> entry = {"source_id": "a", "situation": "s", "argument": "word " * 250, "voices": [],
    ...          "key_quotes": [{"quote": "Talks go on", "paragraph": 1, "why": "w"},
    ...                         {"quote": "Trade will", "paragraph": 1, "why": "w"}]}
    >>> validate_readings({"readings": [entry]}, paragraphs, ["a"])
    ["readings entry a, key quote 1: quote is in paragraph 2, not 1: 'Talks go on'"]
    """
    if not isinstance(data, dict) or not isinstance(data.get("readings"), list):
        return ["readings: the file must be a mapping with a list under 'readings'"]
    known = set(catalog_ids)
    by_source = {sid: {int(p): str(t) for p, t in zip(g["para"], g["text"])}
                 for sid, g in paragraphs.groupby("source_id", sort=False)}
    low, high = config.TEXTS_ARGUMENT_WORDS
    fewest, most = config.TEXTS_KEY_QUOTES
    problems: list[str] = []
    unknown_top = sorted(set(data) - {"readings", "corpus_gap"})
    if unknown_top:
        problems.append(f"readings: unknown top-level key(s): {', '.join(map(str, unknown_top))}")
    seen: set[str] = set()
    for n, entry in enumerate(data["readings"], start=1):
        if not isinstance(entry, dict):
            problems.append(f"readings entry {n}: not a mapping of field: value")
            continue
        sid = str(entry.get("source_id") or f"{n} (no source_id)")
        where = f"readings entry {sid}"
        if entry.get("source_id") and sid not in known:
            problems.append(f"{where}: source {sid!r} is not in the catalog")
            continue
        problems += _missing(entry, FIELDS, where)
        if sid in seen:
            problems.append(f"{where}: a second reading of the same source")
        seen.add(sid)
        if entry.get("argument"):
            words = word_count(str(entry["argument"]))
            if not low <= words <= high:
                problems.append(f"{where}: argument has {words} words, not {low}-{high}")
        quotes = entry.get("key_quotes")
        if quotes is not None and not isinstance(quotes, list):
            problems.append(f"{where}: key_quotes must be a list")
        elif quotes is not None:
            if not fewest <= len(quotes) <= most:
                problems.append(f"{where}: {len(quotes)} key quotes, not {fewest}-{most}")
            for k, item in enumerate(quotes, start=1):
                problems += _check_quote(item, f"{where}, key quote {k}", by_source.get(sid, {}))
        voices = entry.get("voices")
        if voices is not None and not isinstance(voices, list):
            problems.append(f"{where}: voices must be a list (empty when the text quotes no one)")
        elif voices:
            for k, voice in enumerate(voices, start=1):
                if not isinstance(voice, dict):
                    problems.append(f"{where}, voice {k}: not a mapping of name, role, for")
                else:
                    problems += _missing(voice, VOICE_FIELDS, f"{where}, voice {k}")
    gap = data.get("corpus_gap")
    if gap is not None:
        if not isinstance(gap, dict):
            problems.append("readings corpus_gap: must be a mapping of after, before, commentary")
        else:
            problems += _missing(gap, GAP_FIELDS, "readings corpus_gap")
            for key in ("after", "before"):
                if gap.get(key) and str(gap[key]) not in known:
                    problems.append(f"readings corpus_gap: {key} {gap[key]!r} is not in the catalog")
    return problems


def parse_readings(data: dict) -> Readings:
    """Readings from validated YAML data (see :func:`validate_readings`).

    >>> r = parse_readings({"readings": [{"source_id": "a", "situation": "s", "argument": "x",
    ...     "key_quotes": [{"quote": "q", "paragraph": 2, "why": "w"}],
    ...     "voices": [{"name": "N", "role": None, "for": "f"}]}]})
    >>> r.get("a").key_quotes[0].paragraph, r.get("a").voices[0].what, r.get("b"), r.gap
    (2, 'f', None, None)
    """
    entries = {}
    for entry in data.get("readings", []):
        entries[str(entry["source_id"])] = Reading(
            source_id=str(entry["source_id"]),
            situation=" ".join(str(entry["situation"]).split()),
            argument=" ".join(str(entry["argument"]).split()),
            key_quotes=tuple(KeyQuote(str(q["quote"]), int(q["paragraph"]), str(q["why"]))
                             for q in entry["key_quotes"]),
            voices=tuple(Voice(str(v["name"]), None if v["role"] is None else str(v["role"]), str(v["for"]))
                         for v in (entry["voices"] or [])),
        )
    gap = data.get("corpus_gap")
    note = (GapNote(str(gap["after"]), str(gap["before"]), " ".join(str(gap["commentary"]).split()))
            if gap else None)
    return Readings(entries, note)


def load_readings(corpus, path: Path | None = None) -> Readings:
    """Read, validate and parse ``readings.yaml`` against a corpus.

    Parameters
    ----------
    corpus : analysis.corpus.load.Corpus
        Its catalog ids and cleaned paragraphs are what the readings are checked against.
    path : Path, optional
        Default: ``readings.yaml`` in the seeds folder. A missing file means no readings.

    Raises
    ------
    ReadingsError
        Listing every problem, one line each.
    """
    path = Path(path or config.seeds_dir() / "readings.yaml")
    if not path.is_file():
        return Readings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ReadingsError([f"{path.name}: not valid YAML{line}"]) from None
    problems = validate_readings(data, corpus.paragraphs, corpus.ids)
    if problems:
        raise ReadingsError(problems)
    return parse_readings(data)
