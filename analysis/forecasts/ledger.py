"""The prediction ledger: what each text foresaw, resolved and scored.

Three curated files in the seeds folder hold the judgements; this module
loads, validates and scores them, the way forecasting research scores
forecasters (Tetlock 2005; Brier 1950):

* ``predictions.yaml`` -- the ledger: one row per forward-looking claim,
  with its verbatim quote, the claim phrased so that it resolves yes or
  no, a probability read from the text's hedge words, a horizon, the
  outcome with dated evidence, a resolution and a verdict (see the file's
  header for every field);
* ``prediction_exclusions.yaml`` -- forward-looking-sounding sentences that
  are not predictions, each with its reason;
* ``recommendations.yaml`` -- the authors' advice, and whether it was done.

**Probabilities: words of estimative probability.** A hedge phrase is read
as a band of the scale of :data:`SCALE` (the bands of ICD 203, ODNI 2015,
which refine Sherman Kent's 1964 table), and the claim gets the band's
midpoint :math:`m`, or :math:`1 - m` when the hedge is stated of the
opposite of the claim (``negated: true``, e.g. "X is unlikely" scored as
the claim "not X" with :math:`1 - 0.325 = 0.675`). :data:`HEDGE_BANDS`
maps hedge phrases to bands (:func:`hedge_band`).

**Verdicts** follow mechanically from the resolution and the probability
(:func:`expected_verdicts`): a claim with :math:`p \\ge 0.5` is *correct*
when it resolved yes and *wrong* when it resolved no (the reverse for
:math:`p < 0.5`); *partly* gives *partly correct*; a conditional whose
condition was not (fully) met is annulled (*ambiguous*); an unresolved row
is *ambiguous*, or *not yet resolvable* when its horizon lies after
:data:`RECORD_DATE`, the end of the record the resolver checked. A row
whose horizon lies after the record may carry a resolution only if an
event inside the record already settled it (its ``outcome_date`` lies
within the record).

**Brier score** (Brier 1950) of forecasts :math:`p_i` of binary outcomes
:math:`o_i \\in \\{0, 1\\}`:

.. math:: BS = \\frac{1}{n} \\sum_i (p_i - o_i)^2,

0 for perfect forecasts, 0.25 for always saying 0.5, 1 for certainty on
the wrong side. The main score uses rows resolved yes or no only; rows
resolved *partly* are excluded (a sensitivity column scores them as
:math:`o = 0.5`). The base-rate reference always forecasts the observed
share :math:`\\bar o` of yes over the ledger, scoring
:math:`\\frac{1}{n}\\sum_i(\\bar o - o_i)^2`.

>>> brier_score([0.97, 0.5, 0.675], [1, 0, 0])
0.235508
>>> probability_for("unlikely", negated=True)
0.675
>>> hedge_band("russia is extremely unlikely to begin talks")
('extremely unlikely', 'almost no chance')
"""
from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis import config
from analysis.corpus.catalog import parse_date

#: End of the record against which the ledger was resolved ("checked up to
#: about mid-2025", ledger header). Horizons after it are not yet resolvable
#: unless an event inside the record already settled the claim.
RECORD_DATE = pd.Timestamp("2025-06-30")

#: The words-of-estimative-probability scale: ICD 203 (ODNI 2015) bands with
#: their midpoints, and the nearest term of Kent (1964) with his figure.
SCALE = pd.DataFrame(
    [
        ("almost certain", "95-99%", 0.97, "almost certain", "93% (give or take 6%)", "nearly certain"),
        ("very likely", "80-95%", 0.875, "probable", "75% (give or take 12%)", "highly probable"),
        ("likely", "55-80%", 0.675, "probable", "75% (give or take 12%)", "probable"),
        ("roughly even chance", "45-55%", 0.5, "chances about even", "50% (give or take 10%)", "roughly even odds"),
        ("unlikely", "20-45%", 0.325, "probably not", "30% (give or take 10%)", "improbable"),
        ("very unlikely", "5-20%", 0.125, "almost certainly not", "7% (give or take 5%)", "highly improbable"),
        ("almost no chance", "1-5%", 0.03, "almost certainly not", "7% (give or take 5%)", "remote"),
    ],
    columns=["band", "ICD 203 range", "midpoint", "Kent 1964 term", "Kent 1964 figure", "ICD 203 synonym"],
)

#: Band name -> midpoint probability.
BANDS: dict[str, float] = dict(zip(SCALE["band"], SCALE["midpoint"]))

#: Hedge phrases (lower case, straight apostrophes, as produced by
#: :func:`analysis.corpus.text.tokenize`) and the band each expresses about the
#: proposition it governs. The longest phrase at the leftmost position wins
#: ("will probably" before "will"). "would" asserts the consequent of a
#: conditional; "could", "may" and "might" warn of a possibility, read as an
#: even chance.
HEDGE_BANDS: dict[str, str] = {
    "almost certainly": "almost certain", "certainly": "almost certain",
    "definitely": "almost certain", "undoubtedly": "almost certain", "surely": "almost certain",
    "i am convinced": "almost certain", "is bound to": "almost certain",
    "is set to": "almost certain", "are set to": "almost certain",
    "will": "almost certain", "shall": "almost certain", "won't": "almost certain",
    "cannot and will not": "almost certain", "would": "almost certain",
    "very likely": "very likely", "highly likely": "very likely", "most likely": "very likely",
    "quite probably": "very likely", "will quite probably": "very likely",
    "likely": "likely", "probably": "likely", "will probably": "likely", "probable": "likely",
    "expect": "likely", "expects": "likely", "i expect": "likely", "expect to see": "likely",
    "don't expect": "likely",
    "roughly even": "roughly even chance", "even chance": "roughly even chance",
    "could": "roughly even chance", "may": "roughly even chance", "might": "roughly even chance",
    "possibly": "roughly even chance", "perhaps": "roughly even chance",
    "has the potential to": "roughly even chance", "not necessarily": "roughly even chance",
    "will not necessarily": "roughly even chance",
    "unlikely": "unlikely", "probably not": "unlikely", "improbable": "unlikely",
    "hardly expect": "unlikely", "reduced risk": "unlikely",
    "very unlikely": "very unlikely", "highly unlikely": "very unlikely",
    "highly improbable": "very unlikely",
    "extremely unlikely": "almost no chance", "almost no chance": "almost no chance",
    "no chance": "almost no chance", "no risk": "almost no chance",
}

VERDICTS = ("correct", "partly correct", "wrong", "not yet resolvable", "ambiguous")
RESOLUTIONS = ("yes", "no", "partly")
TYPES = ("own", "conditional", "attributed")
CONFIDENCES = ("low", "medium", "high")
REQUIRED = ("id", "source_id", "quote", "type", "claim", "hedge_words", "scale_term", "negated",
            "probability", "made", "horizon", "resolution_criterion", "outcome", "verdict",
            "confidence")
OPTIONAL = ("condition", "condition_met", "outcome_date", "resolution", "evidence", "notes")
COLUMNS = REQUIRED[:4] + ("claim", "condition", "condition_met", "hedge_words", "scale_term",
                          "negated", "probability", "made", "horizon", "resolution_criterion",
                          "outcome", "outcome_date", "resolution", "evidence", "verdict",
                          "confidence", "notes")

#: Exclusion reasons (each reason starts with one of these).
EXCLUSION_REASONS = ("recommendation", "intention or hope", "past or hypothetical",
                     "description of present", "truism or definition", "rhetorical question",
                     "duplicate of a ledger row")
DONE = ("yes", "no", "partly")

_HEDGE_RE = re.compile(
    r"(?<![\w'])(?:" + "|".join(re.escape(h) for h in sorted(HEDGE_BANDS, key=len, reverse=True))
    + r")(?![\w'])")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------
# The scale
# ---------------------------------------------------------------------------

def hedge_band(text: str) -> tuple[str, str]:
    """The first hedge phrase in ``text`` and its band, or ``("", "")``.

    ``text`` is lower-cased and its curly apostrophes straightened first.

    >>> hedge_band("this will probably be seen as a cue")
    ('will probably', 'likely')
    >>> hedge_band("Don’t expect any major spats")
    ("don't expect", 'likely')
    >>> hedge_band("relations are good")
    ('', '')
    """
    m = _HEDGE_RE.search(text.lower().replace("’", "'").replace("‘", "'"))
    return (m.group(0), HEDGE_BANDS[m.group(0)]) if m else ("", "")


def hedge_phrases(text: str) -> list[tuple[int, str, str]]:
    """Every hedge phrase in ``text``: ``(position, phrase, band)``, left to right.

    >>> hedge_phrases("and possibly elsewhere, will greatly influence")
    [(4, 'possibly', 'roughly even chance'), (24, 'will', 'almost certain')]
    """
    text = text.lower().replace("’", "'").replace("‘", "'")
    return [(m.start(), m.group(0), HEDGE_BANDS[m.group(0)]) for m in _HEDGE_RE.finditer(text)]


def probability_for(band: str, negated: bool = False) -> float:
    """The probability of a claim from its band: the midpoint ``m``, or ``1 - m`` if negated.

    >>> probability_for("likely"), probability_for("almost no chance", negated=True)
    (0.675, 0.97)
    """
    m = BANDS[band]
    return round(1 - m, 4) if negated else m


def hedge_table() -> pd.DataFrame:
    """:data:`HEDGE_BANDS` grouped by band, in the order of the scale."""
    rows = []
    for band, mid in BANDS.items():
        phrases = sorted(p for p, b in HEDGE_BANDS.items() if b == band)
        rows.append((band, mid, ", ".join(phrases)))
    return pd.DataFrame(rows, columns=["band", "probability", "hedge phrases"])


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------

def brier_score(p, o) -> float:
    """Mean squared difference between forecasts ``p`` and outcomes ``o`` (NaN if empty).

    >>> brier_score([1.0, 0.0], [1, 1])
    0.5
    >>> brier_score([0.5], [0])
    0.25
    """
    p, o = np.asarray(p, dtype=float), np.asarray(o, dtype=float)
    return float(round(np.mean((p - o) ** 2), 6)) if len(p) else float("nan")


def brier_interval(p, o, *, n_boot: int = 2000, level: float = 0.9,
                   random_state: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the Brier score (resampling forecasts).

    >>> brier_interval([0.97, 0.97], [1, 1])
    (0.0009, 0.0009)
    """
    p, o = np.asarray(p, dtype=float), np.asarray(o, dtype=float)
    if not len(p):
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(random_state)
    idx = rng.integers(0, len(p), size=(n_boot, len(p)))
    scores = ((p[idx] - o[idx]) ** 2).mean(axis=1)
    lo, hi = np.quantile(scores, [(1 - level) / 2, 1 - (1 - level) / 2])
    return (round(float(lo), 4), round(float(hi), 4))


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n``.

    >>> wilson_interval(5, 10)
    (0.2366, 0.7634)
    """
    if n == 0:
        return (float("nan"), float("nan"))
    phat = k / n
    centre = (phat + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(centre - half, 4), round(centre + half, 4))


def outcome_value(resolution, *, partly: float | None = None) -> float:
    """1 for yes, 0 for no, ``partly`` (NaN by default) for partly, NaN when unresolved.

    >>> outcome_value("yes"), outcome_value("partly", partly=0.5)
    (1.0, 0.5)
    """
    if resolution == "yes":
        return 1.0
    if resolution == "no":
        return 0.0
    if resolution == "partly" and partly is not None:
        return float(partly)
    return float("nan")


def expected_verdicts(row: dict) -> tuple[str, ...]:
    """The verdicts the ledger's rules allow for a row.

    >>> expected_verdicts({"resolution": "no", "probability": 0.97, "type": "own"})
    ('wrong',)
    >>> expected_verdicts({"resolution": None, "probability": 0.5, "type": "own",
    ...                    "horizon": "2030"})
    ('not yet resolvable', 'ambiguous')
    """
    resolution, p = row.get("resolution"), row.get("probability")
    if row.get("type") == "conditional" and row.get("condition_met") in ("no", "partly"):
        return ("ambiguous",)
    if resolution == "partly":
        return ("partly correct",)
    if resolution in ("yes", "no") and isinstance(p, (int, float)):
        right = (resolution == "yes") == (p >= 0.5)
        return ("correct",) if right else ("wrong",)
    if resolution in (None, ""):
        horizon = _last_day(row.get("horizon"))
        if horizon is not None and horizon > RECORD_DATE:
            return ("not yet resolvable", "ambiguous")
        return ("ambiguous",)
    return ()


def _last_day(value) -> pd.Timestamp | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value), today=dt.date(9999, 1, 1))[1]
    except ValueError:
        return None


def _first_day(value) -> pd.Timestamp | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value), today=dt.date(9999, 1, 1))[0]
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------

def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip.

    >>> normalise_space(" a\\n  b ")
    'a b'
    """
    return _WS.sub(" ", str(text)).strip()


def locate(quote: str, paragraphs: pd.DataFrame) -> tuple[int, int, int] | None:
    """``(para, start, end)`` of ``quote`` inside one paragraph (whitespace-normalised), else None.

    ``paragraphs`` holds one source's ``para`` and ``text`` columns;
    offsets refer to the normalised paragraph text.
    """
    q = normalise_space(quote)
    if not q:
        return None
    for para, text in zip(paragraphs["para"], paragraphs["text"]):
        pos = normalise_space(text).find(q)
        if pos >= 0:
            return int(para), pos, pos + len(q)
    return None


def _paragraphs_by_source(corpus) -> dict:
    return {sid: group for sid, group in corpus.paragraphs.groupby("source_id", sort=False)}


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def validate_ledger(rows, corpus) -> list[str]:
    """Problems with the prediction ledger, one line each (empty when valid).

    Checks required fields; unique, well-formed ids; a known source; the
    quote verbatim inside one paragraph of the cleaned source (whitespace
    normalised); hedge words inside the quote; type, scale term, verdict,
    resolution and confidence from their fixed lists; probability in [0, 1]
    and equal to the band midpoint (or 1 - midpoint when negated); dates that
    parse, with ``made`` inside the source's publication range and the
    horizon after it; a condition on every conditional; an outcome date
    within the record and evidence on every resolved row; and the verdict
    the rules give (:func:`expected_verdicts`).

    Parameters
    ----------
    rows : list of dict
        The ledger as loaded from ``predictions.yaml``.
    corpus : analysis.corpus.load.Corpus
        The cleaned corpus the quotes must come from.

    Examples
    --------
    >>> from analysis.corpus.load import load_corpus
    >>> corpus = load_corpus()
    >>> row = {"id": "x-p01", "source_id": "x"}
    >>> validate_ledger([row], corpus)[:2]  # doctest: +NORMALIZE_WHITESPACE
    ['prediction x-p01: missing required field(s): claim, confidence, hedge_words, horizon,
      made, negated, outcome, probability, quote, resolution_criterion, scale_term, type, verdict',
     'prediction x-p01: source x is not in the catalog']
    """
    if rows is None:
        return []
    if not isinstance(rows, list):
        return ["predictions: the ledger must be a YAML list of rows"]
    problems: list[str] = []
    paras = _paragraphs_by_source(corpus)
    sources = corpus.sources
    seen: dict[str, int] = {}
    for row in rows:
        if not isinstance(row, dict):
            problems.append(f"predictions: row {row!r} is not a mapping of field: value")
            continue
        rid = str(row.get("id") or "<no id>")
        where = f"prediction {rid}"
        seen[rid] = seen.get(rid, 0) + 1
        missing = sorted(f for f in REQUIRED if f != "id" and row.get(f) in (None, "", []))
        missing = [f for f in missing if not (f == "negated" and row.get(f) is False)]
        if row.get("id") in (None, ""):
            missing.insert(0, "id")
        if missing:
            problems.append(f"{where}: missing required field(s): {', '.join(missing)}")
        unknown = sorted(set(row) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            problems.append(f"{where}: unknown field(s): {', '.join(unknown)}")
        sid = row.get("source_id")
        if sid and sid not in sources.index:
            problems.append(f"{where}: source {sid} is not in the catalog")
        if sid and row.get("id") and not re.fullmatch(re.escape(str(sid)) + r"-p\d{2,}", rid):
            problems.append(f"{where}: id must be <source_id>-pNN")
        if sid in paras and row.get("quote"):
            if locate(row["quote"], paras[sid]) is None:
                problems.append(f"{where}: quote not found verbatim in one paragraph of {sid}: "
                                f"{_short(row['quote'])!r}")
            hedges = row.get("hedge_words")
            if not isinstance(hedges, list):
                problems.append(f"{where}: hedge_words must be a list")
            else:
                quote = normalise_space(row["quote"]).lower()
                for h in hedges:
                    if normalise_space(h).lower() not in quote:
                        problems.append(f"{where}: hedge word {h!r} does not occur in the quote")
        for field, allowed in (("type", TYPES), ("scale_term", tuple(BANDS)), ("verdict", VERDICTS),
                               ("confidence", CONFIDENCES)):
            value = row.get(field)
            if value not in (None, "") and value not in allowed:
                problems.append(f"{where}: {field} {value!r} is not one of {', '.join(allowed)}")
        resolution = row.get("resolution")
        if resolution not in (None, "") and resolution not in RESOLUTIONS:
            problems.append(f"{where}: resolution {resolution!r} is not one of yes, no, partly, null")
        problems.extend(_check_probability(row, where))
        problems.extend(_check_dates(row, where, sources))
        problems.extend(_check_condition(row, where))
        if resolution in RESOLUTIONS:
            if row.get("outcome_date") in (None, ""):
                problems.append(f"{where}: resolved row has no outcome_date")
            if not row.get("evidence"):
                problems.append(f"{where}: resolved row has no evidence")
        if row.get("evidence") not in (None, "") and not isinstance(row.get("evidence"), list):
            problems.append(f"{where}: evidence must be a list of dated events")
        verdict = row.get("verdict")
        if verdict in VERDICTS and (resolution in RESOLUTIONS or resolution in (None, "")):
            allowed = expected_verdicts(row)
            if allowed and verdict not in allowed:
                problems.append(f"{where}: verdict {verdict!r} breaks the rules: resolution "
                                f"{resolution or 'null'} with probability {row.get('probability')} "
                                f"gives {' or '.join(allowed)}")
    for rid, count in seen.items():
        if count > 1:
            problems.append(f"predictions: duplicate id {rid} ({count} rows)")
    return problems


def _short(text: str, width: int = 60) -> str:
    text = normalise_space(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_probability(row: dict, where: str) -> list[str]:
    p = row.get("probability")
    if p in (None, ""):
        return []
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
        return [f"{where}: probability {p!r} is not a number in [0, 1]"]
    band, negated = row.get("scale_term"), row.get("negated")
    if not isinstance(negated, bool):
        return [f"{where}: negated must be true or false"]
    if band in BANDS:
        want = probability_for(band, negated)
        if abs(p - want) > 1e-9:
            return [f"{where}: probability {p} does not follow the scale: {band}"
                    f"{' (negated)' if negated else ''} gives {want}"]
    return []


def _check_dates(row: dict, where: str, sources: pd.DataFrame) -> list[str]:
    problems = []
    parsed = {}
    for field in ("made", "horizon", "outcome_date"):
        value = row.get(field)
        if value in (None, ""):
            continue
        try:
            parsed[field] = parse_date(str(value), today=dt.date(9999, 1, 1))
        except ValueError as err:
            problems.append(f"{where}: {field}: {err}")
    if "made" in parsed and "horizon" in parsed and parsed["horizon"][1] < parsed["made"][0]:
        problems.append(f"{where}: horizon {row['horizon']} is before the prediction was made")
    sid = row.get("source_id")
    if "made" in parsed and sid in sources.index:
        first, last = parse_date(str(sources.loc[sid, "published"]), today=dt.date(9999, 1, 1))
        if parsed["made"][1] < first or parsed["made"][0] > last:
            problems.append(f"{where}: made {row['made']} is outside the source's publication "
                            f"date {sources.loc[sid, 'published']}")
    if row.get("resolution") in RESOLUTIONS and "outcome_date" in parsed:
        if parsed["outcome_date"][1] > RECORD_DATE:
            problems.append(f"{where}: outcome_date {row['outcome_date']} is not within the record "
                            f"(to {RECORD_DATE.date()}); a claim not yet settled is not yet resolvable")
        if "made" in parsed and parsed["outcome_date"][1] < parsed["made"][0]:
            problems.append(f"{where}: outcome_date {row['outcome_date']} precedes the prediction")
    return problems


def _check_condition(row: dict, where: str) -> list[str]:
    problems = []
    met = row.get("condition_met")
    if row.get("type") == "conditional":
        if row.get("condition") in (None, ""):
            problems.append(f"{where}: a conditional needs its condition")
        if met not in ("yes", "no", "partly"):
            problems.append(f"{where}: a conditional needs condition_met: yes, no or partly")
        elif met != "yes":
            if row.get("resolution") not in (None, ""):
                problems.append(f"{where}: condition not met, so the row is annulled: resolution must be null")
            if not str(row.get("notes") or "").lower().startswith("annulled"):
                problems.append(f"{where}: an annulled conditional's notes must start with 'Annulled:'")
    elif met not in (None, "") or row.get("condition") not in (None, ""):
        problems.append(f"{where}: condition and condition_met are only for type conditional")
    return problems


def _validate_quotes(rows, corpus, kind: str, required: tuple, idfield: str | None) -> list[str]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        return [f"{kind}: the file must be a YAML list of rows"]
    paras = _paragraphs_by_source(corpus)
    problems = []
    seen: dict = {}
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(f"{kind}: row {i} is not a mapping of field: value")
            continue
        name = row.get(idfield) if idfield else None
        where = f"{kind} {name or f'row {i}'}"
        missing = [f for f in required if row.get(f) in (None, "", [])]
        if missing:
            problems.append(f"{where}: missing required field(s): {', '.join(missing)}")
        sid = row.get("source_id")
        if sid and sid not in corpus.sources.index:
            problems.append(f"{where}: source {sid} is not in the catalog")
        elif sid and row.get("quote") and locate(row["quote"], paras[sid]) is None:
            problems.append(f"{where}: quote not found verbatim in one paragraph of {sid}: "
                            f"{_short(row['quote'])!r}")
        if name:
            seen[name] = seen.get(name, 0) + 1
        problems.extend(_extra_checks(kind, row, where))
    problems.extend(f"{kind}: duplicate id {k} ({n} rows)" for k, n in seen.items() if n > 1)
    return problems


def _extra_checks(kind: str, row: dict, where: str) -> list[str]:
    if kind == "exclusion":
        reason = str(row.get("reason") or "")
        if reason and not reason.startswith(EXCLUSION_REASONS):
            return [f"{where}: reason must start with one of: {', '.join(EXCLUSION_REASONS)}"]
        return []
    problems = []
    done = row.get("done")
    if done not in (None, "") and done not in DONE:
        problems.append(f"{where}: done {done!r} is not one of yes, no, partly")
    if done == "yes" and row.get("when") in (None, ""):
        problems.append(f"{where}: done yes needs a date in 'when'")
    if done == "no" and row.get("when") not in (None, ""):
        problems.append(f"{where}: done no cannot have a date in 'when'")
    if row.get("when") not in (None, ""):
        try:
            parse_date(str(row["when"]), today=dt.date(9999, 1, 1))
        except ValueError as err:
            problems.append(f"{where}: when: {err}")
    return problems


def validate_exclusions(rows, corpus) -> list[str]:
    """Problems with ``prediction_exclusions.yaml``: fields, known source, verbatim quote, reason."""
    return _validate_quotes(rows, corpus, "exclusion", ("source_id", "quote", "reason"), None)


def validate_recommendations(rows, corpus) -> list[str]:
    """Problems with ``recommendations.yaml``: fields, ids, known source, verbatim quote, done/when."""
    return _validate_quotes(rows, corpus, "recommendation",
                            ("id", "source_id", "quote", "recommendation", "done"), "id")


def validate_all(corpus, seeds: Path | None = None) -> list[str]:
    """Problems with the three curated files of a seeds folder (missing files are fine)."""
    seeds = Path(seeds or config.seeds_dir())
    problems = []
    for name, check in (("predictions.yaml", validate_ledger),
                        ("prediction_exclusions.yaml", validate_exclusions),
                        ("recommendations.yaml", validate_recommendations)):
        path = seeds / name
        if path.is_file():
            try:
                rows = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as err:
                problems.append(f"{name} is not valid YAML: {err}")
                continue
            problems.extend(check(rows, corpus))
    return problems


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

def _read_rows(path: Path) -> list:
    if not path.is_file():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows if isinstance(rows, list) else []


def load_ledger(path: Path | None = None) -> pd.DataFrame:
    """The ledger as a DataFrame with the :data:`COLUMNS` (empty if the file is missing).

    Dates are kept as written (strings); ``made_date``, ``horizon_date`` and
    ``outcome_day`` add the middle, last and first day of each as Timestamps.

    >>> load_ledger(Path("/nonexistent/predictions.yaml")).shape[0]
    0
    """
    path = Path(path or config.seeds_dir() / "predictions.yaml")
    rows = [r for r in _read_rows(path) if isinstance(r, dict)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("made", "horizon", "outcome_date"):
        frame[col] = frame[col].map(lambda v: None if v in (None, "") or pd.isna(v) else str(v))
    frame["made_date"] = pd.to_datetime(frame["made"].map(
        lambda v: _mid(v)), errors="coerce")
    frame["horizon_date"] = pd.to_datetime(frame["horizon"].map(_last_day), errors="coerce")
    frame["outcome_day"] = pd.to_datetime(frame["outcome_date"].map(_first_day), errors="coerce")
    frame["probability"] = pd.to_numeric(frame["probability"], errors="coerce")
    return frame


def _mid(value):
    first, last = _first_day(value), _last_day(value)
    if first is None or last is None:
        return None
    return (first + (last - first) / 2).normalize()


def load_exclusions(path: Path | None = None) -> pd.DataFrame:
    """``prediction_exclusions.yaml`` as a DataFrame (``source_id, quote, reason, category``)."""
    path = Path(path or config.seeds_dir() / "prediction_exclusions.yaml")
    frame = pd.DataFrame([r for r in _read_rows(path) if isinstance(r, dict)],
                         columns=["source_id", "quote", "reason"])
    frame["category"] = frame["reason"].map(
        lambda r: next((c for c in EXCLUSION_REASONS if str(r).startswith(c)), "other"))
    return frame


def load_recommendations(path: Path | None = None) -> pd.DataFrame:
    """``recommendations.yaml`` as a DataFrame."""
    path = Path(path or config.seeds_dir() / "recommendations.yaml")
    cols = ["id", "source_id", "quote", "recommendation", "done", "when", "evidence", "notes"]
    frame = pd.DataFrame([r for r in _read_rows(path) if isinstance(r, dict)], columns=cols)
    frame["when"] = frame["when"].map(lambda v: None if v is None or pd.isna(v) else str(v))
    return frame


def ledger_for(corpus, ledger: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The ledger rows whose source is in the catalog, and the ids of those ignored."""
    ledger = load_ledger() if ledger is None else ledger
    known = ledger["source_id"].isin(corpus.sources.index)
    return ledger[known].reset_index(drop=True), list(ledger.loc[~known, "id"])


def scored_ledger(corpus, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger (rows of catalog sources) with outcomes and Brier scores per row.

    Adds ``source`` (display label), ``role``, ``perspective``, ``era``,
    ``o`` (1 yes, 0 no, NaN otherwise), ``brier`` = (p - o)^2 for rows
    resolved yes/no, ``brier_partly`` which also scores *partly* as o = 0.5,
    and ``band`` (the band whose midpoint is the claim's probability).
    ``hedge_words`` and ``evidence`` are joined with "; " into flat text.
    """
    frame, _ = ledger_for(corpus, ledger)
    frame = frame.copy()
    src = corpus.sources
    frame["source"] = frame["source_id"].map(src["label"])
    for col in ("role", "perspective", "era"):
        frame[col] = frame["source_id"].map(src[col])
    frame["o"] = frame["resolution"].map(outcome_value).astype(float)
    frame["brier"] = ((frame["probability"] - frame["o"]) ** 2).round(6)
    o_partly = frame["resolution"].map(lambda r: outcome_value(r, partly=0.5)).astype(float)
    frame["brier_partly"] = ((frame["probability"] - o_partly) ** 2).round(6)
    by_mid = {v: k for k, v in BANDS.items()}
    frame["band"] = frame["probability"].map(lambda p: by_mid.get(round(p, 4), "") if pd.notna(p) else "")
    for col in ("hedge_words", "evidence"):  # flat text, for tables and CSV export
        frame[col] = frame[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else (v or ""))
    order = {sid: i for i, sid in enumerate(corpus.ids)}
    frame["_order"] = frame["source_id"].map(order)
    frame = frame.sort_values(["_order", "id"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def shorten(text, width: int = 90) -> str:
    """Shorten text to ``width`` characters at a word boundary, with an ellipsis.

    >>> shorten("Russia will not want to antagonise the US by cosying up", 30)
    'Russia will not want to …'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return textwrap.shorten(normalise_space(text), width=width, placeholder=" …")


def source_table(scored: pd.DataFrame, source_id: str, *, quote_width: int = 90,
                 outcome_width: int = 200) -> pd.DataFrame:
    """Prediction versus outcome for one source."""
    rows = scored[scored["source_id"] == source_id]
    return pd.DataFrame({
        "id": rows["id"].str.rsplit("-", n=1).str[-1],
        "quote": rows["quote"].map(lambda q: shorten(q, quote_width)),
        "claim": rows["claim"].map(normalise_space),
        "type": rows["type"],
        "p": rows["probability"].round(3),
        "horizon": rows["horizon"],
        "outcome": rows["outcome"].map(lambda q: shorten(q, outcome_width)),
        "verdict": rows["verdict"],
    }).reset_index(drop=True)


def scorecard(scored: pd.DataFrame, by: str | list[str] = "source", *,
              base_rate: float | None = None, order: list | None = None,
              intervals: bool = False, random_state: int = 0) -> pd.DataFrame:
    """Counts by verdict, share correct and Brier scores per group.

    Columns: ``n`` (rows), one count per verdict, ``share correct`` (correct
    over rows resolved correct, partly correct or wrong), ``scored`` (rows
    resolved yes/no), ``Brier`` (those rows), ``Brier (partly = 0.5)``,
    ``Brier (base rate)`` (always forecasting ``base_rate``, by default the
    share of yes among all rows resolved yes/no) and ``Brier (0.5)`` = 0.25.
    With ``intervals``, a 90% bootstrap interval of the Brier score.

    >>> demo = pd.DataFrame({"source": ["a", "a", "b"], "verdict": ["correct", "wrong", "correct"],
    ...                      "probability": [0.97, 0.675, 0.5], "o": [1.0, 0.0, 1.0],
    ...                      "brier_partly": [0.0009, 0.455625, 0.25]})
    >>> scorecard(demo)[["n", "correct", "wrong", "Brier", "Brier (base rate)"]]  # doctest: +NORMALIZE_WHITESPACE
            n  correct  wrong   Brier  Brier (base rate)
    source
    a       2        1      1  0.2283             0.2778
    b       1        1      0  0.2500             0.1111
    """
    if base_rate is None:
        resolved = scored["o"].dropna()
        base_rate = float(resolved.mean()) if len(resolved) else 0.5
    rows = {}
    for key, g in scored.groupby(by, sort=False):
        counts = g["verdict"].value_counts()
        judged = sum(counts.get(v, 0) for v in ("correct", "partly correct", "wrong"))
        mask = g["o"].notna()
        row = {"n": len(g)}
        row.update({v: int(counts.get(v, 0)) for v in VERDICTS})
        row["share correct"] = round(counts.get("correct", 0) / judged, 2) if judged else np.nan
        row["scored"] = int(mask.sum())
        row["Brier"] = round(brier_score(g.loc[mask, "probability"], g.loc[mask, "o"]), 4) if mask.any() else np.nan
        pm = g["brier_partly"].notna()
        row["Brier (partly = 0.5)"] = round(float(g.loc[pm, "brier_partly"].mean()), 4) if pm.any() else np.nan
        row["Brier (base rate)"] = round(brier_score([base_rate] * int(mask.sum()), g.loc[mask, "o"]), 4) if mask.any() else np.nan
        if intervals:
            lo, hi = brier_interval(g.loc[mask, "probability"], g.loc[mask, "o"], random_state=random_state)
            # one claim has no spread to resample: no interval rather than a meaningless one
            row["Brier 90% interval"] = "" if mask.sum() < 2 else f"{lo:.2f}-{hi:.2f}"
        rows[key] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    if len(frame):
        frame["Brier (0.5)"] = 0.25
    if order is not None:
        frame = frame.reindex([k for k in order if k in frame.index])
    frame.index.name = by if isinstance(by, str) else None
    return frame


def group_scorecard(scored: pd.DataFrame, corpus) -> pd.DataFrame:
    """Scorecards per author role, perspective and era, stacked with a ``grouping`` column."""
    parts = []
    for grouping, col, order in (("role", "role", None), ("perspective", "perspective", None),
                                 ("era", "era", sorted(corpus.sources["era"].unique()))):
        card = scorecard(scored, col, order=order)
        card.insert(0, "group", card.index.astype(str))
        card.insert(0, "grouping", grouping)
        parts.append(card)
    if not parts or all(len(p) == 0 for p in parts):
        return pd.DataFrame(columns=["grouping", "group", "n"])
    return pd.concat(parts, ignore_index=True)


def type_band_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Scorecards by claim type and by probability band, stacked (``split`` column)."""
    parts = []
    by_type = scorecard(scored, "type", order=list(TYPES))
    by_type.insert(0, "group", by_type.index.astype(str))
    by_type.insert(0, "split", "type")
    parts.append(by_type)
    hedged = scored.assign(strength=np.where(scored["probability"] >= 0.95, "confident (p >= 0.95)",
                                             "hedged (p < 0.95)"))
    by_strength = scorecard(hedged, "strength", order=["confident (p >= 0.95)", "hedged (p < 0.95)"])
    by_strength.insert(0, "group", by_strength.index.astype(str))
    by_strength.insert(0, "split", "strength")
    parts.append(by_strength)
    by_band = scorecard(scored, "band", order=list(BANDS))
    by_band.insert(0, "group", by_band.index.astype(str))
    by_band.insert(0, "split", "band")
    parts.append(by_band)
    return pd.concat(parts, ignore_index=True) if len(scored) else pd.DataFrame(columns=["split", "group", "n"])


def calibration_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Per probability level: rows resolved yes/no, share yes and its 95% Wilson interval.

    >>> demo = pd.DataFrame({"probability": [0.97, 0.97, 0.5], "o": [1.0, 0.0, 1.0]})
    >>> calibration_table(demo)[["band", "p", "n", "yes", "observed"]].to_dict("records")
    [{'band': 'roughly even chance', 'p': 0.5, 'n': 1, 'yes': 1, 'observed': 1.0}, {'band': 'almost certain', 'p': 0.97, 'n': 2, 'yes': 1, 'observed': 0.5}]
    """
    by_mid = {v: k for k, v in BANDS.items()}
    resolved = scored[scored["o"].notna()]
    rows = []
    for p, g in resolved.groupby("probability"):
        n, k = len(g), int(g["o"].sum())
        lo, hi = wilson_interval(k, n)
        rows.append({"band": by_mid.get(round(p, 4), ""), "p": p, "n": n, "yes": k,
                     "observed": round(k / n, 3), "low": round(lo, 3), "high": round(hi, 3)})
    return pd.DataFrame(rows, columns=["band", "p", "n", "yes", "observed", "low", "high"])


def notable(scored: pd.DataFrame, *, width: int = 160) -> pd.DataFrame:
    """Per source, the most confident correct and the most confident wrong prediction.

    Rule: among rows with verdict *correct* (a hit) or *wrong* (a miss), the
    highest probability; ties go to the resolver's higher confidence, then
    to the earlier row.
    """
    rank = {"high": 0, "medium": 1, "low": 2}
    rows = []
    for source, g in scored.groupby("source", sort=False):
        for kind, verdict in (("hit", "correct"), ("miss", "wrong")):
            cands = g[g["verdict"] == verdict]
            if not len(cands):
                continue
            cands = cands.assign(_c=cands["confidence"].map(rank).fillna(3))
            best = cands.sort_values(["probability", "_c"], ascending=[False, True], kind="stable").iloc[0]
            rows.append({"source": source, "kind": kind, "id": best["id"].rsplit("-", 1)[-1],
                         "p": round(best["probability"], 3),
                         "quote": shorten(best["quote"], width),
                         "outcome": shorten(best["outcome"], width)})
    return pd.DataFrame(rows, columns=["source", "kind", "id", "p", "quote", "outcome"])


def recommendation_table(recs: pd.DataFrame, corpus, *, width: int = 140) -> pd.DataFrame:
    """Recommendations of catalog sources: what was advised, was it done, and when."""
    recs = recs[recs["source_id"].isin(corpus.sources.index)]
    return pd.DataFrame({
        "source": recs["source_id"].map(corpus.sources["label"]),
        "id": recs["id"].str.rsplit("-", n=1).str[-1],
        "recommendation": recs["recommendation"].map(normalise_space),
        "done": recs["done"],
        "when": recs["when"].fillna(""),
        "notes": recs["notes"].map(lambda t: shorten(t, width)),
    }).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Detection against the curated files
# ---------------------------------------------------------------------------

def sentence_spans(corpus) -> pd.DataFrame:
    """``corpus.sentences`` with ``start`` and ``end`` offsets in their normalised paragraph."""
    paras = {(s, p): normalise_space(t) for s, p, t in
             zip(corpus.paragraphs["source_id"], corpus.paragraphs["para"], corpus.paragraphs["text"])}
    starts, ends, cursor = [], [], {}
    for sid, para, text in zip(corpus.sentences["source_id"], corpus.sentences["para"],
                               corpus.sentences["text"]):
        whole = paras[(sid, para)]
        sentence = normalise_space(text)
        pos = whole.find(sentence, cursor.get((sid, para), 0))
        if pos < 0:
            pos = cursor.get((sid, para), 0)
        starts.append(pos)
        ends.append(pos + len(sentence))
        cursor[(sid, para)] = pos + len(sentence)
    return corpus.sentences.assign(start=starts, end=ends)


def _spans(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    """Locate each row's quote: adds ``para``, ``start``, ``end`` (NaN when not found)."""
    paras = _paragraphs_by_source(corpus)
    found = [locate(q, paras[s]) if s in paras and isinstance(q, str) else None
             for s, q in zip(frame["source_id"], frame["quote"])]
    return frame.assign(para=[f[0] if f else np.nan for f in found],
                        start=[f[1] if f else np.nan for f in found],
                        end=[f[2] if f else np.nan for f in found])


def match_detections(corpus, detector, ledger: pd.DataFrame, exclusions: pd.DataFrame) -> dict:
    """Compare detected sentences with the curated ledger and exclusions.

    A ledger quote is *found* when a detected sentence contains or overlaps
    it. A detected sentence is a *prediction* when it contains or overlaps
    a ledger quote, else a *recognised non-prediction* when it overlaps an
    exclusion (its reason's category is kept), else *unexplained*.

    Returns a dict with ``sentences`` (every detected sentence with its
    category), ``ledger`` (each ledger row with ``found`` and the sentence
    cue), ``recall``, ``precision``, ``recognised`` and ``unexplained``
    (shares of the detected sentences of curated sources), and
    ``per_source`` (a summary table). Sentences of sources that have no
    row in either file are marked *not yet curated* and left out of the
    shares.
    """
    sents = sentence_spans(corpus)
    labels = detector.labels_.reset_index(drop=True)
    sents = sents.reset_index(drop=True).assign(candidate=labels["candidate"], cue=labels["cue"],
                                                hedge=labels["hedge"], band=labels["band"],
                                                negation=labels["negation"])
    det = sents[sents["candidate"]]
    led = _spans(ledger, corpus) if len(ledger) else ledger.assign(para=[], start=[], end=[])
    exc = _spans(exclusions, corpus) if len(exclusions) else exclusions.assign(para=[], start=[], end=[])

    def overlaps(sent, frame):
        hit = frame[(frame["source_id"] == sent.source_id) & (frame["para"] == sent.para)
                    & (frame["start"] < sent.end) & (frame["end"] > sent.start)]
        return hit

    curated = set(led["source_id"]) | set(exc["source_id"])
    cats, reasons, ids = [], [], []
    for sent in det.itertuples():
        if sent.source_id not in curated:
            cats.append("not yet curated"); reasons.append(""); ids.append("")
            continue
        hit = overlaps(sent, led)
        if len(hit):
            cats.append("prediction"); reasons.append(""); ids.append(", ".join(hit["id"]))
            continue
        hit = overlaps(sent, exc)
        if len(hit):
            cats.append("recognised non-prediction"); reasons.append(hit["category"].iloc[0]); ids.append("")
        else:
            cats.append("unexplained"); reasons.append(""); ids.append("")
    det = det.assign(category=cats, reason=reasons, ledger_ids=ids)
    found, cues = [], []
    for row in led.itertuples():
        hit = det[(det["source_id"] == row.source_id) & (det["para"] == row.para)
                  & (det["start"] < row.end) & (det["end"] > row.start)] if not pd.isna(row.para) else det.iloc[0:0]
        found.append(bool(len(hit)))
        cues.append(hit["cue"].iloc[0] if len(hit) else "")
    led = led.assign(found=found, detected_cue=cues)
    judged = det[det["category"] != "not yet curated"]
    share = lambda c: round(float((judged["category"] == c).mean()), 3) if len(judged) else float("nan")
    per_source = []
    for sid in corpus.ids:
        d = det[det["source_id"] == sid]
        l = led[led["source_id"] == sid]
        per_source.append({
            "source": corpus.label(sid), "sentences": int((sents["source_id"] == sid).sum()),
            "detected": len(d), "predictions": int((d["category"] == "prediction").sum()),
            "recognised non-predictions": int((d["category"] == "recognised non-prediction").sum()),
            "unexplained": int((d["category"] == "unexplained").sum()),
            "not yet curated": int((d["category"] == "not yet curated").sum()),
            "ledger rows": len(l), "found": int(l["found"].sum()) if len(l) else 0,
            "recall": round(float(l["found"].mean()), 2) if len(l) else np.nan,
            "precision": round(float((d["category"] == "prediction").mean()), 2) if len(d) and sid in curated else np.nan,
        })
    return {
        "sentences": det.reset_index(drop=True),
        "ledger": led.reset_index(drop=True),
        "recall": round(float(np.mean(found)), 3) if found else float("nan"),
        "precision": share("prediction"),
        "recognised": share("recognised non-prediction"),
        "unexplained": share("unexplained"),
        "per_source": pd.DataFrame(per_source),
    }


def coverage_table(corpus, ledger: pd.DataFrame, exclusions: pd.DataFrame,
                   recommendations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Completeness of the curation: is every sentence with a cue word accounted for?

    A sentence has a cue word when its tokens match any future, modal or
    advice cue of :mod:`analysis.forecasts.detect` (before the detector's exclusion
    rules). It is *accounted for* when it overlaps a quote of the ledger,
    the exclusions or the recommendations. Returns a per-source table and
    the sentences of curated sources that are not accounted for.
    """
    from analysis.corpus.text import tokenize
    from analysis.forecasts.detect import CUES, RECOMMENDATION_CUES

    pattern = re.compile(r"(?<![\w'.])(?:" + "|".join([p for p, _ in CUES] + list(RECOMMENDATION_CUES))
                         + r")(?![\w'])")
    sents = sentence_spans(corpus)
    frames = [_spans(f, corpus) for f in (ledger, exclusions, recommendations) if len(f)]
    curated = set().union(*[set(f["source_id"]) for f in frames]) if frames else set()
    quoted = pd.concat([f[["source_id", "para", "start", "end"]] for f in frames]) if frames else None
    rows, missing = [], []
    for sid in corpus.ids:
        ss = sents[sents["source_id"] == sid]
        has_cue = ss[ss["text"].map(lambda t: bool(pattern.search(" ".join(tokenize(t)))))]
        accounted = 0
        for r in has_cue.itertuples():
            hit = quoted is not None and bool(((quoted["source_id"] == sid) & (quoted["para"] == r.para)
                                               & (quoted["start"] < r.end) & (quoted["end"] > r.start)).any())
            accounted += hit
            if not hit and sid in curated:
                missing.append({"source": corpus.label(sid), "sentence": shorten(r.text, 160)})
        rows.append({"source": corpus.label(sid), "sentences with a cue word": len(has_cue),
                     "accounted for": accounted if sid in curated else np.nan,
                     "not accounted for": len(has_cue) - accounted if sid in curated else np.nan,
                     "status": "curated" if sid in curated else "not yet curated"})
    table = pd.DataFrame(rows)
    for col in ("accounted for", "not accounted for"):
        values = table[col].tolist()
        table[col] = pd.Series([int(v) if pd.notna(v) else "" for v in values], dtype=object) \
            if any(pd.isna(v) for v in values) else table[col].astype(int)
    return table, pd.DataFrame(missing, columns=["source", "sentence"])


def candidate_summary(detector, corpus, curated: set) -> pd.DataFrame:
    """Per source: sentences, candidates by cue kind, negated and hedged candidates, curation status."""
    labels = detector.labels_
    rows = []
    for sid in corpus.ids:
        lab = labels[labels["source_id"] == sid]
        cand = lab[lab["candidate"]]
        row = {"source": corpus.label(sid), "sentences": len(lab), "candidates": len(cand)}
        for kind in ("future", "conditional", "expectation", "likelihood", "possibility", "horizon"):
            row[kind] = int((cand["cue_kind"] == kind).sum())
        row["negated"] = int((cand["negation"] != "").sum())
        row["excluded as advice"] = int((lab["excluded_by"] == "recommendation").sum())
        row["excluded past modal"] = int((lab["excluded_by"] == "past-tense modal").sum())
        row["status"] = "curated" if sid in curated else "not yet curated"
        rows.append(row)
    return pd.DataFrame(rows)


def uncurated_candidates(detector, corpus, curated: set, *, per_source: int | None = None,
                         width: int = 140) -> pd.DataFrame:
    """The first ``per_source`` candidates of each source without curated predictions.

    By default five per source, or two when more than ten sources are not yet curated.
    """
    cand = detector.candidates_
    if per_source is None:
        per_source = 5 if sum(s not in curated for s in corpus.ids) <= 10 else 2
    rows = []
    for sid in corpus.ids:
        if sid in curated:
            continue
        c = cand[cand["source_id"] == sid]
        for r in c.head(per_source).itertuples():
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": shorten(r.text, width), "cue": r.cue, "hedge": r.hedge,
                         "band": r.band, "negation": r.negation})
        if len(c) > per_source:
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": f"(and {len(c) - per_source} more candidates)", "cue": "",
                         "hedge": "", "band": "", "negation": ""})
        if not len(c):
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": "(no candidates detected)", "cue": "", "hedge": "",
                         "band": "", "negation": ""})
    return pd.DataFrame(rows, columns=["source", "status", "sentence", "cue", "hedge", "band", "negation"])


def band_agreement(scored: pd.DataFrame) -> pd.DataFrame:
    """Curated scale term (rows) against the band :func:`hedge_band` reads from the hedge words (columns).

    >>> demo = pd.DataFrame({"scale_term": ["likely", "likely"], "hedge_words": [["will probably"], ["needs"]]})
    >>> band_agreement(demo).to_dict("records")
    [{'curated band': 'likely', 'likely': 1, '(no listed phrase)': 1, 'agree': 1}]
    """
    auto = scored["hedge_words"].map(
        lambda hs: hedge_band(" ".join(hs) if isinstance(hs, list) else str(hs or ""))[1]
    ).replace("", "(no listed phrase)")
    if not len(scored):
        return pd.DataFrame(columns=["curated band", "agree"])
    cols = [b for b in BANDS if b in set(auto)] + (["(no listed phrase)"] if "(no listed phrase)" in set(auto) else [])
    rows = [b for b in BANDS if b in set(scored["scale_term"])]
    tab = pd.crosstab(scored["scale_term"], auto).reindex(index=rows, columns=cols, fill_value=0)
    tab["agree"] = [int(tab.loc[b, b]) if b in tab.columns else 0 for b in tab.index]
    return tab.rename_axis(index=None, columns=None).reset_index(names="curated band")


def nonempty(frame: pd.DataFrame, message: str) -> pd.DataFrame:
    """``frame``, or a one-row table saying ``message`` when it is empty.

    >>> nonempty(pd.DataFrame(columns=["a"]), "nothing yet")
              note
    0  nothing yet
    """
    return frame if len(frame) else pd.DataFrame({"note": [message]})


def detector_table(match: dict) -> pd.DataFrame:
    """Per source and overall: detected sentences by category, recall and precision."""
    per = match["per_source"].copy()
    if not len(per):
        return per
    total = per.drop(columns=["source", "recall", "precision"]).sum().astype(object)
    total["source"] = "all sources"
    total["recall"] = round(total["found"] / total["ledger rows"], 2) if total["ledger rows"] else np.nan
    judged = per["precision"].notna()
    det = per.loc[judged, "detected"].sum()
    total["precision"] = round(per.loc[judged, "predictions"].sum() / det, 2) if det else np.nan
    return pd.concat([per, total.to_frame().T], ignore_index=True).astype(
        {c: int for c in per.columns if c not in ("source", "recall", "precision")})


def missed_table(match: dict, corpus, *, width: int = 120) -> pd.DataFrame:
    """Ledger quotes the detector did not find, with their hedge words."""
    led = match["ledger"]
    led = led[~led["found"]] if len(led) else led
    return pd.DataFrame({
        "source": led["source_id"].map(corpus.sources["label"]),
        "id": led["id"].str.rsplit("-", n=1).str[-1],
        "quote": led["quote"].map(lambda q: shorten(q, width)),
        "hedge words": led["hedge_words"].map(lambda h: ", ".join(h) if isinstance(h, list) else ""),
    }).reset_index(drop=True)


def unexplained_table(match: dict, corpus, *, width: int = 140) -> pd.DataFrame:
    """Detected sentences that are in neither the ledger nor the exclusions."""
    s = match["sentences"]
    s = s[s["category"] == "unexplained"] if len(s) else s
    return pd.DataFrame({
        "source": s["source_id"].map(corpus.sources["label"]),
        "sentence": s["text"].map(lambda t: shorten(t, width)),
        "cue": s["cue"], "band": s["band"], "negation": s["negation"],
    }).reset_index(drop=True)


def recognised_table(match: dict) -> pd.DataFrame:
    """Detected sentences that are recognised non-predictions, counted by exclusion reason."""
    s = match["sentences"]
    s = s[s["category"] == "recognised non-prediction"] if len(s) else s
    counts = s["reason"].value_counts() if len(s) else pd.Series(dtype=int)
    return pd.DataFrame({"reason": [r for r in EXCLUSION_REASONS if r in counts.index],
                         "detected sentences": [int(counts[r]) for r in EXCLUSION_REASONS if r in counts.index]})


def validation_report(corpus, seeds: Path | None = None) -> str:
    """Markdown: the result of validating the three curated files."""
    seeds = Path(seeds or config.seeds_dir())
    present = [n for n in ("predictions.yaml", "prediction_exclusions.yaml", "recommendations.yaml")
               if (seeds / n).is_file()]
    if not present:
        return ("There is no curated ledger for this catalog yet, so there is nothing to validate; "
                "every source is shown with its detected candidates only.")
    problems = validate_all(corpus, seeds)
    counts = {n: len(_read_rows(seeds / n)) for n in present}
    what = ", ".join(f"`{n}` ({c} rows)" for n, c in counts.items())
    if not problems:
        return f"Validation passes with no problems for {what}."
    items = "\n".join(f"- {escape_md(p)}" for p in problems)
    return f"Validation of {what} reports {len(problems)} problems:\n\n{items}"


def escape_md(text: str) -> str:
    """Escape Markdown syntax in free text."""
    from analysis.report.tables import escape
    return escape(text)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

VERDICT_COLOURS = {"correct": "#009E73", "partly correct": "#E69F00", "wrong": "#D55E00",
                   "not yet resolvable": "#56B4E9", "ambiguous": "#999999"}


def plot_calibration(table: pd.DataFrame):
    """Observed share of yes against forecast probability, with counts and 95% intervals."""
    import matplotlib.pyplot as plt

    from analysis.report.plotting import wrap

    fig, ax = plt.subplots(figsize=(7, 5.5))
    ax.plot([0, 1], [0, 1], ls="--", color="0.5", lw=1, label="perfect calibration")
    if len(table):
        yerr = np.vstack([table["observed"] - table["low"], table["high"] - table["observed"]])
        ax.errorbar(table["p"], table["observed"], yerr=yerr, fmt="none", ecolor="0.4", capsize=4, lw=1)
        ax.scatter(table["p"], table["observed"], s=30 + 12 * table["n"], color="#0072B2",
                   zorder=3, label="observed share of yes (area ~ count)")
        for i, r in enumerate(table.sort_values("p").itertuples()):
            above = i % 2 == 0
            ax.annotate(f"{wrap(r.band, 12)}\n{r.yes} of {r.n}", (r.p, r.observed), xytext=(8, 12 if above else -12),
                        textcoords="offset points", fontsize=9, va="bottom" if above else "top")
        ax.legend(loc="upper left", frameon=False)
    else:
        ax.text(0.5, 0.5, "no predictions resolved yes or no", ha="center", va="center",
                transform=ax.transAxes)
    ax.set_xlim(0, 1.05)
    ax.set_ylim(-0.05, 1.08)
    ax.set_xlabel("forecast probability (band midpoint)")
    ax.set_ylabel("observed share resolved yes")
    return fig


def plot_timeline(scored: pd.DataFrame, *, label_width: int = 48):
    """One row per prediction, from the date it was made to its outcome, grouped by source.

    The line runs to the outcome date (to the horizon when there is no
    outcome yet); colour gives the verdict; a grey tick marks the horizon.
    The figure grows 0.22 inch per prediction.
    """
    import matplotlib.lines as mlines
    import matplotlib.pyplot as plt

    n = len(scored)
    groups = list(dict.fromkeys(scored["source"])) if n else []
    height = 1.6 + 0.22 * (n + len(groups))
    fig, ax = plt.subplots(figsize=(10, height))
    if not n:
        ax.text(0.5, 0.5, "no curated predictions", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    y, ticks, labels = 0, [], []
    for source in groups:
        g = scored[scored["source"] == source]
        ax.text(g["made_date"].min(), y, source, fontweight="bold", va="center", fontsize=10)
        y += 1
        for r in g.itertuples():
            end = r.outcome_day if pd.notna(r.outcome_day) else r.horizon_date
            colour = VERDICT_COLOURS.get(r.verdict, "0.5")
            resolved = r.verdict in ("correct", "partly correct", "wrong")
            ax.plot([r.made_date, end], [y, y], color=colour, lw=2.2, solid_capstyle="butt")
            ax.plot(end, y, "o", color=colour, ms=5, mfc=colour if resolved else "white")
            if pd.notna(r.horizon_date):
                ax.plot(r.horizon_date, y, "|", color="0.35", ms=7)
            ticks.append(y)
            labels.append(f"{r.id.rsplit('-', 1)[-1]} {shorten(r.claim, label_width)}")
            y += 1
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_ylim(y, -1)
    ax.axvline(RECORD_DATE, color="0.3", ls=":", lw=1)
    handles = [mlines.Line2D([], [], color=c, lw=2.2, label=v) for v, c in VERDICT_COLOURS.items()
               if v in set(scored["verdict"])]
    handles.append(mlines.Line2D([], [], color="0.35", marker="|", ls="", ms=7, label="horizon"))
    handles.append(mlines.Line2D([], [], color="0.3", ls=":", label="end of the record"))
    fig.legend(handles=handles, loc="outside upper center", ncols=4, frameon=False)
    ax.set_xlabel("date")
    return fig


# ---------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------

def _and(items: list[str]) -> str:
    """Join names as "a, b and c".

    >>> _and(["a", "b", "c"]), _and(["a"])
    ('a, b and c', 'a')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _fmt(x, digits=2) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def prediction_findings(corpus, scored: pd.DataFrame, card: pd.DataFrame, match: dict,
                        recs: pd.DataFrame, ignored: list[str],
                        coverage: pd.DataFrame | None = None) -> str:
    """Markdown bullets summarising the chapter, computed from the data."""
    lines = []
    curated = list(dict.fromkeys(scored["source"]))
    missing = [corpus.label(s) for s in corpus.ids if corpus.label(s) not in curated]
    if not len(scored):
        lines.append(f"- No source in the catalog has curated predictions yet; the detector found "
                     f"{len(match['sentences'])} candidate sentences in {len(corpus.ids)} sources, "
                     "all marked 'not yet curated' ({numref}`tbl-pred-candidates`, "
                     "{numref}`tbl-pred-uncurated`). Nothing can be scored until a ledger exists.")
        if ignored:
            lines.append(f"- {len(ignored)} ledger rows name sources outside the catalog and were ignored.")
        return "\n".join(lines)
    counts = scored["verdict"].value_counts()
    judged = int(sum(counts.get(v, 0) for v in ("correct", "partly correct", "wrong")))
    scored_rows = scored[scored["o"].notna()]
    overall = brier_score(scored_rows["probability"], scored_rows["o"])
    base = float(scored_rows["o"].mean()) if len(scored_rows) else float("nan")
    base_brier = brier_score([base] * len(scored_rows), scored_rows["o"]) if len(scored_rows) else float("nan")
    verdicts = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in VERDICTS if counts.get(v, 0))
    lines.append(
        f"- The ledger holds {len(scored)} forward-looking claims from {len(curated)} of the "
        f"{len(corpus.ids)} sources: {verdicts} ({{numref}}`tbl-pred-scorecard`). "
        f"{judged} could be judged, and {len(scored_rows)} resolved cleanly yes or no.")
    if len(scored_rows):
        lines.append(
            f"- Over those {len(scored_rows)} clean resolutions the Brier score is {_fmt(overall, 3)}, "
            f"against 0.25 for always saying 0.5 and {_fmt(base_brier, 3)} for always forecasting the "
            f"observed share of yes ({_fmt(base)}). " +
            ("The texts beat both references." if overall < min(0.25, base_brier) else
             "The texts beat the even-odds forecaster but not the base rate." if overall < 0.25 else
             "The texts do no better than saying 0.5.") +
            f" Scoring the {int((scored['resolution'] == 'partly').sum())} partly-true claims as 0.5 "
            f"gives {_fmt(float(scored['brier_partly'].mean()), 3)}.")
    rated = card[card["scored"] >= 1].dropna(subset=["Brier"])
    if len(rated) >= 2:
        best, worst = rated["Brier"].idxmin(), rated["Brier"].idxmax()
        judged_n = card[["correct", "partly correct", "wrong"]].sum(axis=1)
        top_share = card["share correct"].idxmax()
        lines.append(
            f"- By source, Brier scores run from {_fmt(rated.loc[best, 'Brier'], 3)} ({best}, "
            f"{int(rated.loc[best, 'scored'])} scored) to {_fmt(rated.loc[worst, 'Brier'], 3)} "
            f"({worst}, {int(rated.loc[worst, 'scored'])} scored); share correct runs from "
            f"{_fmt(card['share correct'].min())} to {_fmt(card['share correct'].max())} (the highest, "
            f"{top_share}, on {int(judged_n[top_share])} judged claim{'s' if judged_n[top_share] != 1 else ''}). "
            "The 90% bootstrap intervals in "
            "{numref}`tbl-pred-scorecard` overlap widely, so the ranking is suggestive at best.")
    groups = scorecard(scored, "perspective").dropna(subset=["Brier"])
    if len(groups) >= 2:
        parts = "; ".join(f"{g} {_fmt(r['Brier'], 3)} over {int(r['scored'])} claims from "
                          f"{scored.loc[scored['perspective'] == g, 'source'].nunique()} sources"
                          for g, r in groups.iterrows())
        lines.append(f"- By perspective the Brier scores are: {parts} ({{numref}}`tbl-pred-groups`). "
                     "Each group holds only a few sources, so the comparison restates the source "
                     "scores rather than revealing a property of a perspective.")
    cal = calibration_table(scored)
    if len(cal):
        top = cal.sort_values("p").iloc[-1]
        gap = top["p"] - top["observed"]
        verdict = ("overconfident" if gap > 0.05 else "underconfident" if gap < -0.05
                   else "about calibrated")
        sure = ("and the interval excludes the stated probability" if not top["low"] <= top["p"] <= top["high"]
                else "though the interval still includes the stated probability")
        lines.append(
            f"- Calibration ({{numref}}`fig-pred-calibration`): claims stated at {top['p']:.3g} "
            f"({top['band']}) came true {int(top['yes'])} times in {int(top['n'])} "
            f"({top['observed']:.0%}, 95% interval {top['low']:.0%} to {top['high']:.0%}): "
            f"the most confident statements were {verdict}, {sure}.")
    wrong = scored[scored["verdict"] == "wrong"]
    if len(wrong):
        sure_wrong = wrong[wrong["probability"] >= 0.95]
        example = ""
        if len(sure_wrong):
            ex = sure_wrong.iloc[0]
            example = (f"; for example {ex['source']} {ex['id'].rsplit('-', 1)[-1]}: "
                       f"\"{escape_md(shorten(ex['quote'], 90))}\"")
        lines.append(f"- {len(sure_wrong)} of the {len(wrong)} wrong claims were stated as near-certain "
                     f"(p >= 0.95){example} ({{numref}}`tbl-pred-notable`).")
    hedged = scored_rows[scored_rows["probability"] < 0.95]
    sure = scored_rows[scored_rows["probability"] >= 0.95]
    if len(hedged) and len(sure):
        lines.append(
            f"- Confident claims (p >= 0.95) came true in {sure['o'].mean():.0%} of {len(sure)} clean "
            f"yes/no resolutions, hedged ones in {hedged['o'].mean():.0%} of {len(hedged)} "
            "(counted from the ledger; {numref}`tbl-pred-calibration` gives the same by band, "
            "{numref}`tbl-pred-types` the verdicts by type and band); Brier scores "
            f"{_fmt(brier_score(sure['probability'], sure['o']), 3)} and "
            f"{_fmt(brier_score(hedged['probability'], hedged['o']), 3)}.")
    cond = scored[scored["type"] == "conditional"]
    if len(cond):
        annulled = int((cond["condition_met"].isin(["no", "partly"])).sum())
        rest = cond[~cond["condition_met"].isin(["no", "partly"])]["verdict"].value_counts()
        rest_text = ", ".join(f"{int(n)} {v}" for v, n in rest.items()) or "none left"
        lines.append(f"- Of {len(cond)} conditional claims, {annulled} were annulled because their "
                     f"condition was not (fully) met; of the others: {rest_text} "
                     "({numref}`tbl-pred-types`).")
    nyr = int(counts.get("not yet resolvable", 0))
    if nyr:
        late = scored[scored["verdict"] == "not yet resolvable"]["source"].value_counts()
        lines.append(f"- {nyr} claims are not yet resolvable: they run past the end of the record "
                     f"({RECORD_DATE:%B %Y}) and nothing has settled them yet, mostly in "
                     f"{_and(list(late.index[:3]))} ({{numref}}`fig-pred-timeline`).")
    lines.append(
        f"- The detector found {int(match['ledger']['found'].sum())} of "
        f"{len(match['ledger'])} ledger quotes (recall {_fmt(match['recall'])}); of the "
        f"{int((match['sentences']['category'] != 'not yet curated').sum())} sentences it flagged in "
        f"curated sources, {_fmt(match['precision'])} hold a ledger "
        f"prediction, {_fmt(match['recognised'])} are recognised non-predictions and "
        f"{_fmt(match['unexplained'])} are in neither list ({{numref}}`tbl-pred-detector`).")
    if coverage is not None and len(coverage):
        cur = coverage[coverage["status"] == "curated"]
        if len(cur):
            total = int(cur["sentences with a cue word"].sum())
            gaps = int(pd.to_numeric(cur["not accounted for"]).sum())
            lines.append(f"- Of {total} sentences with a future, modal or advice cue word in curated "
                         f"sources, {total - gaps} are accounted for by the ledger, the exclusions or the "
                         f"recommendations and {gaps} are not ({{numref}}`tbl-pred-coverage`).")
    if len(recs):
        done = recs["done"].value_counts()
        lines.append(f"- Of {len(recs)} recommendations, {int(done.get('yes', 0))} were carried out, "
                     f"{int(done.get('partly', 0))} partly and {int(done.get('no', 0))} not "
                     "({numref}`tbl-pred-recommendations`).")
    if missing:
        lines.append(f"- {len(missing)} sources have no curated predictions yet and are shown with their "
                     f"detected candidates only: {', '.join(missing[:10])}"
                     f"{' and others' if len(missing) > 10 else ''} ({{numref}}`tbl-pred-uncurated`).")
    if ignored:
        lines.append(f"- {len(ignored)} ledger rows name sources outside the catalog and were ignored.")
    return "\n".join(lines)
