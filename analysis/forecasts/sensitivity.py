"""How much the scores depend on the scoring choices.

Four choices are made in scoring the ledger, each with a main setting and
alternatives (:func:`scenarios`):

* the probability of plain *will* (:data:`analysis.forecasts.scale.PLAIN_WILL`):
  each value of :data:`analysis.config.WILL_READINGS`, the last (0.97,
  "almost certain") the main one; the hedge words of other claims keep
  their band;
* attributed claims: scored under their speaker only (main), or credited
  to the source that quotes them;
* the end of the record: :data:`analysis.config.RECORD_DATE` (main), or
  :data:`analysis.config.RECORD_DATE_EARLY`, when outcomes dated after it
  do not count (the row is unresolved);
* claims stated at 0.5 in "share correct": out (main) or in.

:func:`rescore` applies one setting of the choices to a scored ledger;
:func:`sensitivity_table` scores every scenario: per source the Brier score,
share correct and rank (sources with fewer than
:data:`analysis.config.MIN_RANKED` scored claims are not ranked), and
overall the Brier score, the AUC and the Brier score per perspective.

>>> demo = pd.DataFrame({"hedge_words": ["will", "likely"], "scale_term": ["almost certain", "likely"],
...     "negated": [False, False], "probability": [0.97, 0.675], "resolution": ["yes", "no"],
...     "o": [1.0, 0.0], "verdict": ["correct", "wrong"], "outcome_date": ["2020", "2025-12-31"],
...     "horizon": ["2020", "2025-12-31"], "type": ["own", "own"]})
>>> rescore(demo, will=0.8)["probability"].tolist()
[0.8, 0.675]
>>> rescore(demo, cutoff="2025-06-30")["verdict"].tolist()
['correct', 'not yet resolvable']
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import config
from analysis.corpus.catalog import parse_date
from analysis.forecasts.scale import BANDS, is_plain_will
from analysis.forecasts.scoring import auc, brier_score, own_claims, source_ranking

#: The main setting of every choice.
MAIN = {"will": config.WILL_READINGS[-1], "attributed": False, "cutoff": config.RECORD_DATE,
        "even_in_share": False}


def scenarios() -> list[tuple[str, dict]]:
    """The main setting, then each choice changed on its own: ``(label, settings)``.

    >>> [label for label, _ in scenarios()]  # doctest: +NORMALIZE_WHITESPACE
    ['main', 'will = 0.8', 'will = 0.9', 'attributed claims credited to the quoting source',
     'record to 2025-06-30', 'claims at 0.5 in share correct']
    """
    out = [("main", dict(MAIN))]
    out += [(f"will = {w:g}", {**MAIN, "will": w}) for w in config.WILL_READINGS if w != MAIN["will"]]
    out.append(("attributed claims credited to the quoting source", {**MAIN, "attributed": True}))
    out.append((f"record to {config.RECORD_DATE_EARLY}", {**MAIN, "cutoff": config.RECORD_DATE_EARLY}))
    out.append(("claims at 0.5 in share correct", {**MAIN, "even_in_share": True}))
    return out


def _last_day(value) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return parse_date(str(value), today=dt.date(9999, 1, 1))[1]


def rescore(scored: pd.DataFrame, *, will: float = MAIN["will"], cutoff: str = MAIN["cutoff"],
            **_) -> pd.DataFrame:
    """The scored ledger under a reading of plain *will* and an end of the record.

    Plain-*will* claims in the band "almost certain" get ``will`` (``1 - will``
    when negated). A resolved row whose outcome date ends after ``cutoff``
    loses its resolution: *not yet resolvable* if its horizon also lies
    after ``cutoff``, else *ambiguous*. ``o`` and ``brier`` follow.
    """
    frame = scored.copy()
    plain = frame["hedge_words"].map(is_plain_will) & (frame["scale_term"] == "almost certain")
    frame.loc[plain, "probability"] = [round(1 - will, 4) if n else will for n in frame.loc[plain, "negated"]]
    end = pd.Timestamp(cutoff)
    if end < pd.Timestamp(config.RECORD_DATE):
        late = frame["outcome_date"].map(lambda v: (_last_day(v) or pd.Timestamp.min) > end)
        late &= frame["resolution"].isin(["yes", "no", "partly"])
        horizon_late = frame["horizon"].map(lambda v: (_last_day(v) or pd.Timestamp.max) > end)
        frame.loc[late, "resolution"] = None
        frame.loc[late, "o"] = float("nan")
        frame.loc[late, "verdict"] = ["not yet resolvable" if h else "ambiguous" for h in horizon_late[late]]
    frame["brier"] = ((frame["probability"] - frame["o"]) ** 2).round(6)
    if "brier_partly" in frame:
        o_partly = frame["o"].where(frame["resolution"] != "partly", 0.5)
        frame["brier_partly"] = ((frame["probability"] - o_partly) ** 2).round(6)
    by_mid = {v: k for k, v in BANDS.items()}
    if "band" in frame:
        frame["band"] = frame["probability"].map(lambda p: by_mid.get(round(p, 4), f"plain will ({p:g})"))
    return frame


def score_scenario(scored: pd.DataFrame, settings: dict, *, order: list | None = None,
                   min_ranked: int = config.MIN_RANKED) -> tuple[pd.DataFrame, dict]:
    """Per-source scores and overall scores of one scenario.

    Returns the :func:`~analysis.forecasts.scoring.source_ranking` of the
    rescored ledger (every claim counted as the source's own when
    ``settings["attributed"]``) and a dict: ``Brier`` and ``AUC`` over the
    claims scored, ``n`` and the Brier score per perspective (``Brier <perspective>``).
    """
    frame = rescore(scored, **settings)
    if settings.get("attributed"):
        frame = frame.assign(type=frame["type"].replace({"attributed": "own"}))
    card = source_ranking(frame, order=order, min_ranked=min_ranked, intervals=False,
                          even_in_share=settings.get("even_in_share", False))
    own = own_claims(frame)
    clean = own[own["o"].notna()]
    overall = {"n": len(clean), "Brier": brier_score(clean["probability"], clean["o"]),
               "AUC": auc(clean["probability"], clean["o"])}
    if "perspective" in clean:
        for g, part in clean.groupby("perspective", sort=True, observed=True):
            overall[f"Brier {g}"] = brier_score(part["probability"], part["o"])
    return card, overall


def sensitivity_table(scored: pd.DataFrame, *, order: list | None = None,
                      min_ranked: int = config.MIN_RANKED) -> pd.DataFrame:
    """Every scenario of :func:`scenarios`, one row each (long form per source).

    Columns: ``scenario``, ``source``, ``scored``, ``Brier``, ``share correct``,
    ``rank`` (empty when the source is not ranked), and the scenario's overall
    ``all: n``, ``all: Brier``, ``all: AUC`` and ``all: Brier <perspective>``.
    """
    rows = []
    for label, settings in scenarios():
        card, overall = score_scenario(scored, settings, order=order, min_ranked=min_ranked)
        for source, r in card.iterrows():
            row = {"scenario": label, "source": source, "scored": int(r["scored"]), "Brier": r["Brier"],
                   "share correct": r["share correct"], "rank": r["rank"]}
            row.update({f"all: {k}": v for k, v in overall.items()})
            rows.append(row)
    return pd.DataFrame(rows)
