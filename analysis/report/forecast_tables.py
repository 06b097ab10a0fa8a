"""Tables and findings text of the predictions chapter and its ledger appendix.

The forecast layer (:mod:`analysis.forecasts`) returns data; this module
turns it into what a reader sees: quotes and outcomes whole, a horizon the
resolver chose and a criterion written with hindsight flagged in every
table that shows them, and the chapter's findings as Markdown bullets.

>>> flag_horizon("2008-11-30", True), flag_horizon("2008-11-30", False)
('2008-11-30 (resolver)', '2008-11-30')
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.forecasts import ledger as ledger_module
from analysis.forecasts.coding import read_rows
from analysis.forecasts.ledger import RECORD_DATE, VERDICTS, normalise_space
from analysis.forecasts.scoring import JUDGED, source_ranking
from analysis.report.reader import ledger_target, quote_link
from analysis.report.tables import escape

#: Suffix of a horizon the resolver chose (the text gave none, or only a vague one).
RESOLVER = " (resolver)"
#: The mark of a criterion written with hindsight.
HINDSIGHT = "hindsight"


def escape_md(text: str) -> str:
    """Escape Markdown syntax in free text.

    >>> escape_md("*x*")
    '\\\\*x\\\\*'
    """
    return escape(text)


def nonempty(frame: pd.DataFrame, message: str) -> pd.DataFrame:
    """``frame``, or a one-row table saying ``message`` when it is empty.

    >>> nonempty(pd.DataFrame(columns=["a"]), "nothing yet")
              note
    0  nothing yet
    """
    return frame if len(frame) else pd.DataFrame({"note": [message]})


def flag_horizon(horizon, by_resolver) -> str:
    """A horizon as shown in a table, marked when the resolver chose it."""
    text = "" if horizon is None or (isinstance(horizon, float) and pd.isna(horizon)) else str(horizon)
    return text + (RESOLVER if by_resolver is True else "")


def _short_id(rid: str) -> str:
    return str(rid).rsplit("-", 1)[-1]


def linked_id(rid: str, *, target: bool = False) -> str:
    """A ledger row's short id as MyST markup linking to its quote in the annotated text;
    with ``target``, preceded by the row's own anchor (``ledger-<row id>``), so links to the
    row land here. Show it in a column named in :func:`~analysis.report.tables.table`'s ``markup``.

    >>> linked_id("ivanov-2020-p02")
    '{ref}`p02 <quote-ivanov-2020-p02>`'
    """
    return (ledger_target(rid) if target else "") + quote_link(rid, _short_id(rid))


def source_table(scored: pd.DataFrame, source_id: str, *, link: bool = False) -> pd.DataFrame:
    """Prediction versus outcome for one source, quotes and outcomes whole.

    ``horizon`` carries "(resolver)" when the resolver chose it; ``criterion``
    says "hindsight" when the outcome shaped the resolution criterion. With
    ``link``, ``id`` is each row's anchor and a link to its quote in the annotated
    text (:func:`linked_id`; render the column as markup).
    """
    rows = scored[scored["source_id"] == source_id]
    ids = rows["id"].map(lambda r: linked_id(r, target=True)) if link else rows["id"].map(_short_id)
    return pd.DataFrame({
        "id": ids,
        "speaker": rows["speaker"],
        "quote": rows["quote"].map(normalise_space),
        "type": rows["type"],
        "p": rows["probability"].round(3),
        "horizon": [flag_horizon(h, b) for h, b in zip(rows["horizon"], rows["horizon_by_resolver"])],
        "criterion": rows["criterion_hindsight"].map(lambda h: HINDSIGHT if h is True else "before the fact"),
        "outcome": rows["outcome"].map(normalise_space),
        "verdict": rows["verdict"],
    }).reset_index(drop=True)


def ranking_table(card: pd.DataFrame) -> pd.DataFrame:
    """The per-source ranking for display: rank (or "not ranked"), counts, share correct, Brier and interval."""
    if not len(card):
        return card
    out = pd.DataFrame({
        "rank": [str(r) if pd.notna(r) else f"not ranked (< {config.MIN_RANKED} scored)" for r in card["rank"]],
        "claims": card["n"].astype(int),
        **{v: card[v].astype(int) for v in JUDGED},
        "ambiguous": card["ambiguous"].astype(int),
        "share correct (p != 0.5)": card["share correct"],
        "scored": card["scored"].astype(int),
        "Brier": card["Brier"].round(3),
        "Brier 90% interval": card.get("Brier 90% interval", ""),
        "Brier (base rate)": card["Brier (base rate)"].round(3),
    }, index=card.index)
    out.index.name = "source"
    return out


def voices_display(voices: pd.DataFrame) -> pd.DataFrame:
    """The voices table for display: speaker, where quoted, verdicts, Brier."""
    if not len(voices):
        return voices
    return pd.DataFrame({"speaker": voices.index, "quoted in": voices["quoted in"].values,
                         "claims": voices["n"].astype(int).values,
                         **{v: voices[v].astype(int).values for v in JUDGED + ("ambiguous",)},
                         "Brier": voices["Brier"].round(3).values})


def quality_display(quality: pd.DataFrame) -> pd.DataFrame:
    """The Brier decomposition and the AUC with their intervals, rounded."""
    return pd.DataFrame({"measure": quality["measure"], "value": quality["value"].round(3),
                         f"{config.INTERVAL_LEVEL:.0%} interval": [
                             f"{lo:.3f} to {hi:.3f}" for lo, hi in zip(quality["low"], quality["high"])]})


def sensitivity_display(long: pd.DataFrame) -> pd.DataFrame:
    """The sensitivity table, one row per scenario: each source's Brier (rank), and the overall scores.

    A source's cell reads ``0.282 (1)`` when ranked, ``0.324 (4 scored)`` when not.
    """
    if not len(long):
        return pd.DataFrame(columns=["scenario"])
    rows = []
    for scenario, g in long.groupby("scenario", sort=False):
        row = {"scenario": scenario}
        for r in g.itertuples():
            if r.scored == 0:
                cell = "none scored"
            elif pd.notna(r.rank):
                cell = f"{r.Brier:.3f} (rank {int(r.rank)})"
            else:
                cell = f"{r.Brier:.3f} ({r.scored} scored)"
            row[r.source] = cell
        first = g.iloc[0]
        row["all: claims scored"] = int(first["all: n"])
        row["all: Brier"] = round(float(first["all: Brier"]), 3)
        row["all: AUC"] = round(float(first["all: AUC"]), 3)
        for col in [c for c in g.columns if c.startswith("all: Brier ")]:
            row[col] = round(float(first[col]), 3) if pd.notna(first[col]) else float("nan")
        rows.append(row)
    frame = pd.DataFrame(rows)
    sources = list(dict.fromkeys(long["source"]))
    if order := [c for c in frame.columns if c in sources]:
        rank = {s: i for i, s in enumerate(sources)}
        order.sort(key=rank.get)
    rest = [c for c in frame.columns if c.startswith("all: ")]
    return frame[["scenario", *order, *rest]].fillna("")


def share_display(long: pd.DataFrame) -> pd.DataFrame:
    """Share correct per source under the main setting and with claims at 0.5 counted."""
    keep = long[long["scenario"].isin(["main", "claims at 0.5 in share correct"])]
    return keep.pivot(index="source", columns="scenario", values="share correct").reindex(
        list(dict.fromkeys(keep["source"]))).rename(columns={
            "main": "share correct (0.5 out)", "claims at 0.5 in share correct": "share correct (0.5 in)"})


def notable(scored: pd.DataFrame, *, link: bool = False) -> pd.DataFrame:
    """Per source, the most confident correct and the most confident wrong own claim, whole.

    With ``link``, ``id`` links to the quote in the annotated text (:func:`linked_id`).

    Rule: among the source's own and conditional claims with verdict
    *correct* (a hit) or *wrong* (a miss), the highest probability; ties go
    to the resolver's higher confidence, then to the earlier row.
    """
    rank = {"high": 0, "medium": 1, "low": 2}
    rows = []
    own = scored[scored["type"].isin(("own", "conditional"))]
    for source, g in own.groupby("source", sort=False):
        for kind, verdict in (("hit", "correct"), ("miss", "wrong")):
            cands = g[g["verdict"] == verdict]
            if not len(cands):
                continue
            cands = cands.assign(_c=cands["confidence"].map(rank).fillna(3))
            best = cands.sort_values(["probability", "_c"], ascending=[False, True], kind="stable").iloc[0]
            rows.append({"source": source, "kind": kind, "id": linked_id(best["id"]) if link else _short_id(best["id"]),
                         "p": round(best["probability"], 3), "quote": normalise_space(best["quote"]),
                         "outcome": normalise_space(best["outcome"]),
                         "horizon": flag_horizon(best["horizon"], best["horizon_by_resolver"])})
    return pd.DataFrame(rows, columns=["source", "kind", "id", "p", "quote", "outcome", "horizon"])


def disagreement_table(agreement: dict) -> pd.DataFrame:
    """The rows the two codings read differently, with the settled verdict and its reason."""
    d = agreement["disagreements"]
    return pd.DataFrame({"source": d["source"], "id": d["id"].map(_short_id), "first coding": d["first"],
                         "second coding": d["second"], "verdict": d["verdict"], "why": d["settled"]})


def recommendation_table(recs: pd.DataFrame, corpus) -> pd.DataFrame:
    """Recommendations of catalog sources: what was advised, was it done, and when (notes whole)."""
    recs = recs[recs["source_id"].isin(corpus.sources.index)]
    return pd.DataFrame({
        "source": recs["source_id"].map(corpus.sources["label"]),
        "id": recs["id"].map(_short_id),
        "recommendation": recs["recommendation"].map(normalise_space),
        "done": recs["done"],
        "when": recs["when"].fillna(""),
        "notes": recs["notes"].map(lambda t: normalise_space(t) if isinstance(t, str) else ""),
    }).reset_index(drop=True)


def validation_report(corpus, seeds: Path | None = None) -> str:
    """Markdown: the result of validating the curated files and the second coding."""
    seeds = Path(seeds or config.seeds_dir())
    names = ("predictions.yaml", "prediction_exclusions.yaml", "recommendations.yaml", config.SECOND_CODING)
    present = [n for n in names if (seeds / n).is_file()]
    if not present:
        return ("There is no curated ledger for this catalog yet, so there is nothing to validate; "
                "every source is shown with its detected candidates only.")
    problems = ledger_module.validate_all(corpus, seeds)
    counts = {n: len(read_rows(seeds / n)) for n in present}
    what = ", ".join(f"`{n}` ({c} rows)" for n, c in counts.items())
    if not problems:
        return f"Validation passes with no problems for {what}."
    items = "\n".join(f"- {escape_md(p)}" for p in problems)
    return f"Validation of {what} reports {len(problems)} problems:\n\n{items}"


def _fmt(x, digits=3) -> str:
    """A number for prose, or "n/a".

    >>> _fmt(0.12345), _fmt(float("nan"))
    ('0.123', 'n/a')
    """
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _and(items: list[str]) -> str:
    """Join names as "a, b and c".

    >>> _and(["a", "b", "c"]), _and(["a"])
    ('a, b and c', 'a')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def prediction_findings(corpus, scored: pd.DataFrame, card: pd.DataFrame, quality: pd.DataFrame,
                        sensitivity: pd.DataFrame, agreement: dict | None, voices: pd.DataFrame,
                        match: dict) -> str:
    """Markdown bullets summarising the chapter, computed from the data."""
    if not len(scored):
        return (f"- No source in the catalog has curated predictions yet; the detector found "
                f"{len(match['sentences'])} candidate sentences in {len(corpus.ids)} sources, "
                "all marked 'not yet curated' ({numref}`tbl-pred-candidates`). Nothing can be scored "
                "until a ledger exists.")
    lines = []
    counts = scored["verdict"].value_counts()
    verdicts = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in VERDICTS if counts.get(v, 0))
    lines.append(f"- The ledger holds {len(scored)} forecasts from {scored['source'].nunique()} of the "
                 f"{len(corpus.ids)} sources, resolved against the record to {RECORD_DATE:%d %B %Y}: "
                 f"{verdicts}.")
    if agreement is not None and agreement["n"]:
        lo, hi = agreement["interval"]
        changed = agreement["disagreements"]
        moved = int((changed["verdict"] != changed["first"]).sum())
        lines.append(f"- A second, blind coding agrees with the first on {agreement['agree']} of "
                     f"{agreement['n']} rows (Cohen's kappa {_fmt(agreement['kappa'], 2)}, "
                     f"{config.INTERVAL_LEVEL:.0%} interval {_fmt(lo, 2)} to {_fmt(hi, 2)}); of the "
                     f"{len(changed)} disagreements, {moved} changed the ledger's verdict "
                     "({numref}`tbl-pred-disagreements`).")
    q = quality.set_index("measure")
    brier, auc = q.loc["Brier score"], q.loc["AUC"]
    verdict = ("no better than always saying 0.5" if brier["value"] >= 0.25 else "better than always saying 0.5")
    lines.append(f"- Over the {int(brier['n'])} own and conditional claims resolved yes or no, the Brier score "
                 f"is {_fmt(brier['value'])} ({_fmt(brier['low'])} to {_fmt(brier['high'])}): {verdict}. "
                 f"Its resolution is {_fmt(q.loc['resolution', 'value'])} against a reliability (calibration "
                 f"error) of {_fmt(q.loc['reliability', 'value'])}, and the AUC of the stated probability "
                 f"against the outcome is {_fmt(auc['value'], 2)} ({_fmt(auc['low'], 2)} to "
                 f"{_fmt(auc['high'], 2)})" + (", an interval that includes 0.5: the hedge words barely "
                                               "separate hits from misses" if auc["low"] <= 0.5 <= auc["high"]
                                               else "") + " ({numref}`tbl-pred-quality`).")
    ranked = card[card["rank"].notna()].sort_values("rank")
    shown = card[card["rank"].isna()]
    if len(ranked):
        order = " < ".join(f"{s} {_fmt(r['Brier'])} ({r['Brier 90% interval']})" for s, r in ranked.iterrows())
        overlap = ""
        if len(ranked) >= 2 and "Brier 90% interval" in ranked:
            spans = [tuple(map(float, str(v).split("-"))) for v in ranked["Brier 90% interval"] if v]
            if len(spans) >= 2 and max(lo for lo, _ in spans) <= min(hi for _, hi in spans):
                overlap = "; the intervals overlap, so the order describes these claims and ranks no forecaster"
        lines.append(f"- On their own and conditional claims, {len(ranked)} "
                     f"{'source has' if len(ranked) == 1 else 'sources have'} at least "
                     f"{config.MIN_RANKED} scored claims and {'is' if len(ranked) == 1 else 'are'} ranked by "
                     f"Brier score: {order}{overlap}"
                     + (f"; {_and(list(shown.index))} {'is' if len(shown) == 1 else 'are'} shown, not ranked"
                        if len(shown) else "") + " ({numref}`tbl-pred-scorecard`).")
    if len(sensitivity):
        tops = {}
        for scenario, g in sensitivity.groupby("scenario", sort=False):
            g = g[g["rank"].notna()].sort_values("rank")
            tops[scenario] = tuple(g["source"])
        main = tops.get("main", ())
        differ = [s for s, t in tops.items() if t != main]
        overall = sensitivity.groupby("scenario", sort=False)["all: Brier"].first()
        lines.append("- The ranking " + ("holds under every scoring choice" if not differ else
                     "changes under " + _and(differ)) + f"; the overall Brier score runs from "
                     f"{_fmt(overall.min())} to {_fmt(overall.max())} across the choices, and reading plain "
                     f"'will' as {config.WILL_READINGS[0]:g} instead of {config.WILL_READINGS[-1]:g} moves it "
                     f"from {_fmt(overall.get('main'))} to "
                     f"{_fmt(overall.get(f'will = {config.WILL_READINGS[0]:g}'))} ({{numref}}`tbl-pred-sensitivity`).")
    persp = [c for c in sensitivity.columns if c.startswith("all: Brier ")] if len(sensitivity) else []
    if len(persp) >= 2:
        first = sensitivity.groupby("scenario", sort=False)[persp].first()
        best = first.idxmin(axis=1).str.removeprefix("all: Brier ")
        texts = sensitivity.groupby("perspective", sort=False)["source"].nunique() \
            if "perspective" in sensitivity else None
        flips = [s for s in best.index if best[s] != best.get("main")]
        lines.append("- By the source's perspective, the lower Brier score is the "
                     f"{best.get('main')} one under the main setting ("
                     + "; ".join(f"{c.removeprefix('all: Brier ')} {_fmt(first.loc['main', c])}" for c in persp)
                     + ")" + (f", but it is the other under {_and(flips)}" if flips else ", under every choice")
                     + "; each perspective holds only a few texts, so this describes those texts"
                     + ("" if texts is None else "") + " ({numref}`tbl-pred-sensitivity`).")
    if len(voices):
        lines.append(f"- {int(voices['n'].sum())} forecasts are other people's words, scored under their "
                     f"{len(voices)} speakers and credited to no source ({{numref}}`tbl-pred-voices`).")
    return "\n".join(lines)


def scorecard_for(scored: pd.DataFrame, corpus) -> pd.DataFrame:
    """The chapter's per-source ranking (own and conditional claims, intervals), in catalog order."""
    return source_ranking(scored, order=[corpus.label(s) for s in corpus.ids], intervals=True)


def shorten(text, width: int) -> str:
    """Text shortened to ``width`` characters at a word boundary (for prose that cites a claim in passing).

    >>> shorten("Russia will not want to antagonise the US by cosying up", 30)
    'Russia will not want to …'
    """
    import textwrap

    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return textwrap.shorten(normalise_space(text), width=width, placeholder=" …")
