"""Scores of the ledger: Brier scores, scorecards, calibration, decomposition, discrimination, agreement.

**Brier score** (Brier 1950) of forecasts :math:`p_i` of binary outcomes
:math:`o_i \\in \\{0, 1\\}`:

.. math:: BS = \\frac{1}{n} \\sum_i (p_i - o_i)^2,

0 for perfect forecasts, 0.25 for always saying 0.5, 1 for certainty on
the wrong side. Rows resolved *partly* are left out (a sensitivity column
scores them as :math:`o = 0.5`).

**Murphy decomposition** (Murphy 1973). Group the forecasts by their
distinct values :math:`f_k` (the ledger's probabilities are band
midpoints, so the groups are the bands), with :math:`n_k` claims of which
a share :math:`\\bar o_k` came true, and :math:`\\bar o` overall:

.. math:: BS = \\underbrace{\\tfrac{1}{n}\\sum_k n_k (f_k - \\bar o_k)^2}_{\\text{reliability}}
   - \\underbrace{\\tfrac{1}{n}\\sum_k n_k (\\bar o_k - \\bar o)^2}_{\\text{resolution}}
   + \\underbrace{\\bar o (1 - \\bar o)}_{\\text{uncertainty}},

exact when every forecast in a group is the same number. Reliability is
the calibration error (0 is perfect); resolution is how far the stated
levels separate outcomes (higher is better); uncertainty belongs to the
events, not the forecaster.

**Discrimination**: the area under the ROC curve of the stated probability
against the outcome, :math:`AUC = P(p_i > p_j) + \\tfrac12 P(p_i = p_j)` for
a random claim :math:`i` that came true and :math:`j` that did not (0.5:
the probabilities do not separate hits from misses; 1: perfectly).

**Agreement** of two codings: Cohen's :math:`\\kappa = (p_o - p_e)/(1 - p_e)`
with :math:`p_o` the share of rows coded alike and :math:`p_e = \\sum_c
p_1(c)\\,p_2(c)` the agreement expected from each coding's own shares.

Intervals are percentile bootstraps over claims (or coded rows):
:data:`analysis.config.BOOTSTRAP_RESAMPLES` resamples at level
:data:`analysis.config.INTERVAL_LEVEL`, seed
:data:`analysis.config.BOOTSTRAP_SEED`.

>>> brier_score([0.97, 0.5, 0.675], [1, 0, 0])
0.235508
>>> murphy_decomposition([0.9, 0.9, 0.5, 0.5], [1, 0, 1, 1])
{'reliability': 0.205, 'resolution': 0.0625, 'uncertainty': 0.1875, 'brier': 0.33}
>>> auc([0.9, 0.5, 0.5], [1, 1, 0])
0.75
>>> cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"])
0.5
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis import config
from analysis.forecasts.ledger import TYPES, VERDICTS
from analysis.forecasts.scale import BANDS

#: The claim types scored for the source that records them: the author's own and conditional claims.
OWN_TYPES = ("own", "conditional")
#: Verdicts that judge a claim (the denominator of "share correct").
JUDGED = ("correct", "partly correct", "wrong")


# ---------------------------------------------------------------------------
# Brier scores and intervals
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


def brier_interval(p, o, *, n_boot: int = config.BOOTSTRAP_RESAMPLES,
                   level: float = config.INTERVAL_LEVEL, random_state: int = config.BOOTSTRAP_SEED) -> tuple[float, float]:
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




def murphy_decomposition(p, o) -> dict[str, float]:
    """Reliability, resolution and uncertainty of the Brier score (see the module docstring).

    ``brier`` = reliability - resolution + uncertainty (to rounding), equal to
    :func:`brier_score` when forecasts in a group are identical. NaN when empty.

    >>> murphy_decomposition([0.97, 0.97, 0.5], [1, 0, 1])["reliability"]  # (2 * 0.47**2 + 0.5**2) / 3
    0.2306
    """
    p, o = np.asarray(p, dtype=float), np.asarray(o, dtype=float)
    if not len(p):
        return {k: float("nan") for k in ("reliability", "resolution", "uncertainty", "brier")}
    obar = o.mean()
    rel = res = 0.0
    for f in np.unique(p):
        g = p == f
        ok = o[g].mean()
        rel += g.sum() * (f - ok) ** 2
        res += g.sum() * (ok - obar) ** 2
    rel, res, unc = rel / len(p), res / len(p), obar * (1 - obar)
    return {"reliability": round(float(rel), 4), "resolution": round(float(res), 4),
            "uncertainty": round(float(unc), 4), "brier": round(float(rel - res + unc), 4)}


def auc(p, o) -> float:
    """Area under the ROC curve of probabilities ``p`` against outcomes ``o`` (ties count half).

    NaN unless both outcomes occur.

    >>> auc([0.97, 0.675, 0.5], [1, 0, 1]), auc([0.9, 0.9], [1, 0]), auc([0.9], [1])
    (0.5, 0.5, nan)
    """
    p, o = np.asarray(p, dtype=float), np.asarray(o, dtype=float)
    pos, neg = p[o == 1], p[o == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    diff = pos[:, None] - neg[None, :]
    return round(float(((diff > 0) + 0.5 * (diff == 0)).mean()), 4)


def bootstrap_interval(stat, *arrays, n_boot: int = config.BOOTSTRAP_RESAMPLES,
                       level: float = config.INTERVAL_LEVEL,
                       random_state: int = config.BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat(*arrays)``, resampling rows of the arrays together.

    Resamples where the statistic is undefined (NaN) are skipped; NaNs when
    fewer than two rows.

    >>> bootstrap_interval(lambda p, o: brier_score(p, o), [0.97, 0.97], [1, 1])
    (0.0009, 0.0009)
    """
    arrays = [np.asarray(a) for a in arrays]
    n = len(arrays[0]) if arrays else 0
    if n < 2:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(random_state)
    idx = rng.integers(0, n, size=(n_boot, n))
    values = np.array([stat(*(a[i] for a in arrays)) for i in idx], dtype=float)
    values = values[~np.isnan(values)]
    if not len(values):
        return (float("nan"), float("nan"))
    lo, hi = np.quantile(values, [(1 - level) / 2, 1 - (1 - level) / 2])
    return (round(float(lo), 4), round(float(hi), 4))


def probability_quality(scored: pd.DataFrame, **boot) -> pd.DataFrame:
    """Brier score, its Murphy decomposition and the AUC, with bootstrap intervals.

    Over the rows of ``scored`` resolved yes or no (``o`` not NaN). One row
    per measure: ``measure, value, low, high`` (plus ``n`` claims).

    >>> demo = pd.DataFrame({"probability": [0.9, 0.9, 0.5, 0.5], "o": [1.0, 0.0, 1.0, 1.0]})
    >>> probability_quality(demo)[["measure", "value"]].to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'measure': ['Brier score', 'reliability', 'resolution', 'uncertainty', 'AUC'],
     'value': [0.33, 0.205, 0.0625, 0.1875, 0.1667]}
    """
    clean = scored[scored["o"].notna()]
    p, o = clean["probability"].to_numpy(float), clean["o"].to_numpy(float)
    parts = murphy_decomposition(p, o)
    rows = [("Brier score", round(brier_score(p, o), 4) if len(p) else float("nan"),
             *bootstrap_interval(brier_score, p, o, **boot))]
    for key in ("reliability", "resolution", "uncertainty"):
        rows.append((key, parts[key], *bootstrap_interval(lambda a, b, k=key: murphy_decomposition(a, b)[k],
                                                          p, o, **boot)))
    rows.append(("AUC", auc(p, o), *bootstrap_interval(auc, p, o, **boot)))
    frame = pd.DataFrame(rows, columns=["measure", "value", "low", "high"])
    frame["n"] = len(p)
    return frame


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two codings of the same rows (1 when both use one and the same category).

    >>> cohen_kappa(["x", "y", "x"], ["x", "y", "y"])
    0.4
    """
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if not len(a):
        return float("nan")
    po = float((a == b).mean())
    cats = sorted(set(a) | set(b), key=str)
    pe = sum(float((a == c).mean()) * float((b == c).mean()) for c in cats)
    return 1.0 if pe == 1 else round((po - pe) / (1 - pe), 4)


def coding_agreement(scored: pd.DataFrame, second: pd.DataFrame, **boot) -> dict:
    """The first coding (the ledger's first verdicts) against the second, blind coding.

    Returns ``n`` (rows coded twice), ``agree`` (coded alike), ``kappa`` with
    its bootstrap ``interval``, the verdict ``confusion`` table (first coding
    in rows) and ``disagreements`` (``id, source, first, second, verdict,
    settled``; ``verdict`` is the settled one).
    """
    both = scored.merge(second[["id", "verdict"]].rename(columns={"verdict": "second"}), on="id")
    first, sec = both["first_verdict"].to_numpy(object), both["second"].to_numpy(object)
    kappa = cohen_kappa(first, sec)
    idx = np.arange(len(both))
    interval = bootstrap_interval(lambda i: cohen_kappa(first[i], sec[i]), idx, **boot)
    order = [v for v in VERDICTS if v in set(first) | set(sec)]
    confusion = pd.crosstab(pd.Categorical(first, order), pd.Categorical(sec, order),
                            rownames=["first coding"], colnames=["second coding"], dropna=False)
    diff = both[first != sec]
    settled = [c.get("settled", "") if isinstance(c, dict) else "" for c in diff["second_coding"]]
    disagreements = pd.DataFrame({"id": diff["id"], "source": diff["source"], "first": diff["first_verdict"],
                                  "second": diff["second"], "verdict": diff["verdict"], "settled": settled})
    return {"n": len(both), "agree": int((first == sec).sum()), "kappa": kappa, "interval": interval,
            "confusion": confusion, "disagreements": disagreements.reset_index(drop=True)}


# ---------------------------------------------------------------------------
# Scorecards
# ---------------------------------------------------------------------------

def scorecard(scored: pd.DataFrame, by: str | list[str] = "source", *,
              base_rate: float | None = None, order: list | None = None,
              intervals: bool = False, even_in_share: bool = True,
              random_state: int = config.BOOTSTRAP_SEED) -> pd.DataFrame:
    """Counts by verdict, share correct and Brier scores per group.

    Columns: ``n`` (rows), one count per verdict, ``share correct`` (correct
    over rows judged correct, partly correct or wrong; without the claims
    stated at 0.5 unless ``even_in_share``), ``scored`` (rows
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
        share_rows = g if even_in_share else g[g["probability"] != 0.5]
        share_counts = share_rows["verdict"].value_counts()
        judged = sum(share_counts.get(v, 0) for v in JUDGED)
        mask = g["o"].notna()
        row = {"n": len(g)}
        row.update({v: int(counts.get(v, 0)) for v in VERDICTS})
        row["share correct"] = round(share_counts.get("correct", 0) / judged, 2) if judged else np.nan
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



def own_claims(scored: pd.DataFrame) -> pd.DataFrame:
    """The rows a source is scored on: its author's own and conditional claims."""
    return scored[scored["type"].isin(OWN_TYPES)]


def source_ranking(scored: pd.DataFrame, *, order: list | None = None,
                   min_ranked: int = config.MIN_RANKED, intervals: bool = True,
                   even_in_share: bool = False) -> pd.DataFrame:
    """The scorecard of each source on its own and conditional claims, ranked by Brier score.

    A source with at least ``min_ranked`` scored claims (resolved yes or no)
    gets a ``rank`` (1 = lowest Brier); with fewer it is shown unranked.
    ``share correct`` leaves out claims stated at 0.5 unless ``even_in_share``.

    >>> demo = pd.DataFrame({"source": ["a"] * 5 + ["b"], "type": ["own"] * 5 + ["attributed"],
    ...     "verdict": ["correct"] * 4 + ["wrong", "correct"], "probability": [0.97] * 6,
    ...     "o": [1.0] * 4 + [0.0, 1.0], "brier_partly": [0.0] * 6})
    >>> source_ranking(demo, intervals=False)[["scored", "Brier", "rank"]].to_dict("records")
    [{'scored': 5, 'Brier': 0.1889, 'rank': 1}]
    """
    own = own_claims(scored)
    card = scorecard(own, "source", order=order, intervals=intervals, even_in_share=even_in_share)
    if not len(card):
        return card.assign(rank=pd.Series(dtype="Int64"))
    ranked = card["scored"] >= min_ranked
    ranks = card.loc[ranked, "Brier"].rank(method="min").astype(int)
    card["rank"] = pd.array([ranks.get(k, pd.NA) for k in card.index], dtype="Int64")
    return card


def voices_table(scored: pd.DataFrame, *, intervals: bool = False) -> pd.DataFrame:
    """Attributed forecasts scored under their speaker, never under the page that quotes them.

    One row per speaker: the sources quoting them, counts by verdict and
    Brier score over the speaker's claims resolved yes or no.

    >>> demo = pd.DataFrame({"type": ["attributed", "own"], "speaker": ["V. P.", "author"],
    ...     "source": ["s", "s"], "verdict": ["correct", "wrong"], "probability": [0.97, 0.97],
    ...     "o": [1.0, 0.0], "brier_partly": [0.0009, 0.9409]})
    >>> voices_table(demo)[["quoted in", "n", "Brier"]].to_dict("records")
    [{'quoted in': 's', 'n': 1, 'Brier': 0.0009}]
    """
    quoted = scored[scored["type"] == "attributed"]
    if not len(quoted):
        return pd.DataFrame(columns=["quoted in", "n", "Brier"])
    card = scorecard(quoted, "speaker", intervals=intervals)
    where = quoted.groupby("speaker", sort=False)["source"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    card.insert(0, "quoted in", where.reindex(card.index))
    return card
