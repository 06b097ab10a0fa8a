"""The prediction ledger: its rules, its validation and its loading.

Three curated files in the seeds folder hold the judgements; this module
loads and validates them, and applies the ledger's verdict rules:

* ``predictions.yaml`` -- the ledger: one row per forecast (the rule for
  what counts as one is written in the file's header and in the methods
  appendix), with its verbatim quote, its speaker, the claim phrased so
  that it resolves yes or no, a probability read from the text's hedge
  words (:mod:`analysis.forecasts.scale`), a horizon, whether the resolver
  chose the horizon and whether hindsight shaped the criterion, the
  outcome with dated evidence, a resolution and a verdict;
* ``prediction_exclusions.yaml`` -- forward-looking-sounding sentences that
  fail the rule, each with the test it fails;
* ``recommendations.yaml`` -- the authors' advice, and whether it was done.

A fourth file, the second, blind coding of every resolved row
(:data:`analysis.config.SECOND_CODING`), is checked against the ledger: a
row where the two codings disagree carries ``second_coding`` with both
verdicts and the one-line reason that settled it.

**Verdicts** follow mechanically from the resolution and the probability
(:func:`expected_verdicts`): a claim with :math:`p \\ge 0.5` is *correct*
when it resolved yes and *wrong* when it resolved no (the reverse for
:math:`p < 0.5`); *partly* gives *partly correct*; a conditional whose
condition was not (fully) met is annulled (*ambiguous*); an unresolved row
is *ambiguous*, or *not yet resolvable* when its horizon lies after
:data:`RECORD_DATE`, the end of the record the resolver checked. A row
whose horizon lies after the record may carry a resolution only if an
event inside the record already settled it.

>>> expected_verdicts({"resolution": "yes", "probability": 0.97, "type": "own"})
('correct',)
>>> outcome_value("no"), outcome_value("partly", partly=0.5)
(0.0, 0.5)
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.corpus.catalog import parse_date
from analysis.forecasts.coding import (  # noqa: F401
    first_verdicts,
    load_second_coding,
    read_rows,
    validate_second_coding,
)
from analysis.forecasts.rules import (  # noqa: F401  (the rules are part of the ledger's interface)
    AUTHOR,
    CONFIDENCES,
    RECORD_DATE,
    RESOLUTIONS,
    TYPES,
    VERDICTS,
    _first_day,
    _last_day,
    expected_verdicts,
    outcome_value,
)
from analysis.forecasts.scale import BANDS, probability_for

REQUIRED = ("id", "source_id", "quote", "type", "speaker", "claim", "hedge_words", "scale_term",
            "negated", "probability", "made", "horizon", "horizon_by_resolver", "criterion_hindsight",
            "resolution_criterion", "outcome", "verdict", "confidence")
#: Fields that must be true or false (never missing).
BOOLEANS = ("negated", "horizon_by_resolver", "criterion_hindsight")
OPTIONAL = ("condition", "condition_met", "outcome_date", "resolution", "evidence", "notes",
            "second_coding")
COLUMNS = ("id", "source_id", "quote", "type", "speaker", "claim", "condition", "condition_met",
           "hedge_words", "scale_term", "negated", "probability", "made", "horizon",
           "horizon_by_resolver", "criterion_hindsight", "resolution_criterion", "outcome",
           "outcome_date", "resolution", "evidence", "verdict", "confidence", "notes", "second_coding")
#: The fields of ``second_coding``: the first coding's verdict, the second's, and why the
#: ledger's verdict (one of the two) was chosen.
SECOND_CODING_FIELDS = ("first", "second", "settled")

#: Exclusion reasons (each reason starts with one of these): the test of the rule the sentence fails.
EXCLUSION_REASONS = ("recommendation", "intention or hope", "past or hypothetical",
                     "description of present", "truism or definition", "rhetorical question",
                     "duplicate of a ledger row", "not checkable")
DONE = ("yes", "no", "partly")

_WS = re.compile(r"\s+")


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
    ['prediction x-p01: missing required field(s): claim, confidence, criterion_hindsight, hedge_words,
      horizon, horizon_by_resolver, made, negated, outcome, probability, quote, resolution_criterion,
      scale_term, speaker, type, verdict',
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
        missing = [f for f in missing if not (f in BOOLEANS and row.get(f) is False)]
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
        problems.extend(_check_speaker(row, where))
        problems.extend(_check_second_coding(row, where))
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
        return []  # reported by _check_speaker's boolean check
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


def _check_speaker(row: dict, where: str) -> list[str]:
    """The speaker rule and the boolean fields.

    >>> _check_speaker({"type": "attributed", "speaker": "author", "negated": False,
    ...                 "horizon_by_resolver": "yes", "criterion_hindsight": True}, "p")
    ['p: horizon_by_resolver must be true or false', "p: an attributed row names the speaker it quotes, not 'author'"]
    """
    problems = [f"{where}: {f} must be true or false" for f in BOOLEANS
                if row.get(f) not in (None, "") and not isinstance(row.get(f), bool)]
    speaker, kind = row.get("speaker"), row.get("type")
    if speaker in (None, "") or kind not in TYPES:
        return problems
    if kind == "attributed" and str(speaker).strip().lower() == AUTHOR:
        problems.append(f"{where}: an attributed row names the speaker it quotes, not '{AUTHOR}'")
    elif kind != "attributed" and speaker != AUTHOR:
        problems.append(f"{where}: the speaker of a {kind} row is '{AUTHOR}', not {speaker!r}")
    return problems


def _check_second_coding(row: dict, where: str) -> list[str]:
    """``second_coding``: both verdicts (which differ), the settled verdict one of them, a reason.

    >>> _check_second_coding({"verdict": "wrong", "second_coding": {"first": "partly correct",
    ...     "second": "wrong", "settled": "Putin criticised the war openly."}}, "p")
    []
    >>> _check_second_coding({"verdict": "correct", "second_coding": {"first": "wrong",
    ...     "second": "wrong", "settled": ""}}, "p")  # doctest: +NORMALIZE_WHITESPACE
    ['p: second_coding needs first, second and settled', 'p: second_coding is only for rows where
      the codings disagree (both say wrong)', "p: verdict 'correct' is neither coding's (wrong, wrong)"]
    """
    coding = row.get("second_coding")
    if coding in (None, ""):
        return []
    if not isinstance(coding, dict):
        return [f"{where}: second_coding must be a mapping of first, second, settled"]
    problems = []
    unknown = sorted(set(coding) - set(SECOND_CODING_FIELDS))
    if unknown:
        problems.append(f"{where}: unknown second_coding field(s): {', '.join(unknown)}")
    if any(coding.get(f) in (None, "") for f in SECOND_CODING_FIELDS):
        problems.append(f"{where}: second_coding needs first, second and settled")
    first, second = coding.get("first"), coding.get("second")
    for name, value in (("first", first), ("second", second)):
        if value not in (None, "") and value not in VERDICTS:
            problems.append(f"{where}: second_coding {name} {value!r} is not one of {', '.join(VERDICTS)}")
    if first and first == second:
        problems.append(f"{where}: second_coding is only for rows where the codings disagree (both say {first})")
    if row.get("verdict") not in (first, second):
        problems.append(f"{where}: verdict {row.get('verdict')!r} is neither coding's ({first}, {second})")
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
    """Problems with the curated files of a seeds folder and the second coding (missing files are fine)."""
    seeds = Path(seeds or config.seeds_dir())
    problems = []
    loaded = {}
    for name, check in (("predictions.yaml", validate_ledger),
                        ("prediction_exclusions.yaml", validate_exclusions),
                        ("recommendations.yaml", validate_recommendations),
                        (config.SECOND_CODING, None)):
        path = seeds / name
        if path.is_file():
            try:
                rows = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as err:
                problems.append(f"{name} is not valid YAML: {err}")
                continue
            loaded[name] = rows
            if check is not None:
                problems.extend(check(rows, corpus))
    if config.SECOND_CODING in loaded and "predictions.yaml" in loaded:
        problems.extend(validate_second_coding(loaded[config.SECOND_CODING], loaded["predictions.yaml"]))
    return problems


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

def load_ledger(path: Path | None = None) -> pd.DataFrame:
    """The ledger as a DataFrame with the :data:`COLUMNS` (empty if the file is missing).

    Dates are kept as written (strings); ``made_date``, ``horizon_date`` and
    ``outcome_day`` add the middle, last and first day of each as Timestamps.

    >>> load_ledger(Path("/nonexistent/predictions.yaml")).shape[0]
    0
    """
    path = Path(path or config.seeds_dir() / "predictions.yaml")
    rows = read_rows(path)
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
    frame = pd.DataFrame(read_rows(path),
                         columns=["source_id", "quote", "reason"])
    frame["category"] = frame["reason"].map(
        lambda r: next((c for c in EXCLUSION_REASONS if str(r).startswith(c)), "other"))
    return frame


def load_recommendations(path: Path | None = None) -> pd.DataFrame:
    """``recommendations.yaml`` as a DataFrame."""
    path = Path(path or config.seeds_dir() / "recommendations.yaml")
    cols = ["id", "source_id", "quote", "recommendation", "done", "when", "evidence", "notes"]
    frame = pd.DataFrame(read_rows(path), columns=cols)
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
    ``band`` (the band whose midpoint is the claim's probability) and
    ``first_verdict`` (the first coding's verdict, :func:`first_verdicts`).
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
    frame["first_verdict"] = [c["first"] if isinstance(c, dict) and c.get("first") else v
                              for c, v in zip(frame["second_coding"], frame["verdict"])]
    for col in ("hedge_words", "evidence"):  # flat text, for tables and CSV export
        frame[col] = frame[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else (v or ""))
    order = {sid: i for i, sid in enumerate(corpus.ids)}
    frame["_order"] = frame["source_id"].map(order)
    frame = frame.sort_values(["_order", "id"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)


