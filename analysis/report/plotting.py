"""Figure style and the plots shared by chapters.

One place for plotting boilerplate: a colour-blind-safe palette (Okabe &
Ito 2008), legible font sizes, PNG output at a print-friendly resolution,
and helpers that keep figures readable as the number of sources grows.

>>> wrap("Russia - Foreign Relations - Post Cold War", 20)
'Russia - Foreign\\nRelations - Post\\nCold War'
"""
from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

#: Colours for the two perspectives.
PERSPECTIVE_COLOURS = {"Russian": "#D55E00", "Western": "#0072B2", "other": "#009E73"}


def set_style() -> None:
    """Apply the book's figure style (call once per notebook)."""
    mpl.rcParams.update({
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "figure.figsize": (8, 4.5),
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "svg.hashsalt": "analysis",
        "figure.constrained_layout.use": True,
    })


def wrap(label: str, width: int = 18) -> str:
    """Wrap a long label onto several lines."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def colour_for(perspective: str) -> str:
    """Colour of a perspective (Russian, Western, other)."""
    return PERSPECTIVE_COLOURS.get(perspective, PALETTE[2])


def grid_shape(n: int, ncols: int = 3) -> tuple[int, int]:
    """Rows and columns of a small-multiples grid for ``n`` panels.

    >>> grid_shape(5), grid_shape(50, 5), grid_shape(1)
    ((2, 3), (10, 5), (1, 1))
    """
    ncols = max(1, min(ncols, n))
    return -(-n // ncols), ncols


def timeline(sources: pd.DataFrame, events: pd.DataFrame, *, start: str = "2000-06",
             end: str = "2023-06"):
    """Sources placed among dated key events.

    Each source is a marker at its point date, with a bar over its
    publication range when the date is uncertain; events are labelled ticks
    below the axis. Returns the figure.
    """
    from analysis.corpus.catalog import parse_date

    n = len(sources)
    middle = pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) * 0.6

    def side(date):
        """Label to the right of early points and to the left of late ones."""
        return ((8, "left") if date < middle else (-8, "right"))

    fig, (ax_src, ax_ev) = plt.subplots(
        2, 1, figsize=(10, 2.2 + 0.35 * n + 0.22 * len(events)), sharex=True,
        gridspec_kw={"height_ratios": [max(1.0, 0.35 * n), max(1.5, 0.22 * len(events))]},
    )
    for y, (_, row) in enumerate(sources.iterrows()):
        first, last = parse_date(row["published"])
        colour = colour_for(row["perspective"])
        if (last - first).days > 31:
            ax_src.plot([first, last], [y, y], color=colour, lw=6, alpha=0.35, solid_capstyle="butt")
        ax_src.plot(row["date"], y, "o", color=colour, ms=8)
        dx, ha = side(row["date"])
        ax_src.annotate(f"{row['label']} ({row['role']})", (row["date"], y), xytext=(dx, 0),
                        textcoords="offset points", va="center", ha=ha, fontsize=9)
    ax_src.set_yticks([])
    ax_src.set_ylim(-0.8, n + 0.6)
    ax_src.invert_yaxis()
    ax_src.spines["left"].set_visible(False)
    handles = [mpl.lines.Line2D([], [], marker="o", ls="", color=c, label=p)
               for p, c in PERSPECTIVE_COLOURS.items() if p in set(sources["perspective"])]
    ax_src.legend(handles=handles, title="perspective", loc="lower left", frameon=False,
                  ncols=len(handles))
    ax_src.set_title("Sources (bars: uncertain publication range)", loc="left")

    ev = events.sort_values("date").reset_index(drop=True)
    for i, row in ev.iterrows():
        ax_ev.axvline(row["date"], color="0.85", lw=0.8, zorder=0)
        ax_src.axvline(row["date"], color="0.92", lw=0.8, zorder=0)
        ax_ev.plot(row["date"], i, "|", color="0.3", ms=8)
        dx, ha = side(row["date"])
        ax_ev.annotate(row["event"], (row["date"], i), xytext=(dx // 2, 0), textcoords="offset points",
                       va="center", ha=ha, fontsize=8)
    ax_ev.set_yticks([])
    ax_ev.set_ylim(len(ev) - 0.4, -0.6)
    ax_ev.spines["left"].set_visible(False)
    ax_ev.set_title("Key events", loc="left")
    ax_ev.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    return fig


def stat_bars(stats: pd.DataFrame, columns: list[str], sources: pd.DataFrame):
    """Small multiples: one horizontal bar chart per statistic, bars coloured by perspective."""
    nrows, ncols = grid_shape(len(columns), 2)
    height = max(2.2, 0.32 * len(stats) + 1.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, height * nrows), squeeze=False)
    labels = [wrap(sources.loc[s, "label"], 22) for s in stats.index]
    colours = [colour_for(sources.loc[s, "perspective"]) for s in stats.index]
    for ax, col in zip(axes.flat, columns):
        ax.barh(range(len(stats)), stats[col], color=colours)
        ax.set_yticks(range(len(stats)), labels)
        ax.invert_yaxis()
        ax.set_title(col, loc="left")
    for ax in list(axes.flat)[len(columns):]:
        ax.set_visible(False)
    return fig
