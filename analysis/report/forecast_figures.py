"""Figures of the predictions chapter: calibration and the timeline of predictions.

>>> import pandas as pd
>>> fig = plot_calibration(pd.DataFrame(columns=["band", "p", "n", "yes", "observed", "low", "high"]))
>>> fig.axes[0].get_xlabel()
'forecast probability (band midpoint)'
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from analysis.forecasts.ledger import RECORD_DATE, normalise_space


def _label(text, width: int) -> str:
    """A figure's tick label: the text shortened at a word boundary (the tables show it whole).

    >>> _label("Russia will not want to antagonise the US", 20)
    'Russia will not …'
    """
    return textwrap.shorten(normalise_space(text or ""), width=width, placeholder=" …")


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
            labels.append(f"{r.id.rsplit('-', 1)[-1]} {_label(r.claim, label_width)}")
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


