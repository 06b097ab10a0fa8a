"""Figures of the periods-and-authors chapter: log-odds, themes and tone.

The data come from :mod:`analysis.methods.contrast` and
:mod:`analysis.methods.lexicon`; this module only draws. With five texts a
z-score is model-based evidence, not a test, so no point is coloured by a
significance threshold: the plot draws one grey reference line at
``|z| =`` :data:`analysis.config.Z_REFERENCE`, labelled as a reference only, and the
labelled terms are the top of each side whatever their z.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis import config
from analysis.corpus.text import SurfaceForms
from analysis.report.plotting import PALETTE, colour_for, grid_shape, wrap


def plot_log_odds(result: pd.DataFrame | None, forms: SurfaceForms, names: tuple[str, str],
                  *, n_label: int = 10, note: str | None = None, threshold: float = config.Z_REFERENCE):
    """Monroe et al.'s plot: z-score against term frequency (log x), top terms labelled.

    Every term is drawn in the same grey; the ``n_label`` highest and lowest
    ``z`` terms are labelled with their surface forms (blue above, orange
    below). A dashed line marks ``|z| = threshold`` as a reference, not a
    test. With ``result=None`` the figure shows ``note`` instead. Returns the
    figure.
    """
    fig, ax = plt.subplots(figsize=(9, 5.5))
    if result is None or result.empty:
        ax.text(0.5, 0.5, wrap(note or "No comparison possible.", 60), ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    ax.scatter(result["freq"], result["z"], s=8, color="0.65", lw=0)
    ax.set_xscale("log")
    ranked = result.sort_values("z", ascending=False, kind="stable")
    labelled = list(ranked.head(n_label).index) + list(ranked.iloc[::-1].head(n_label).index)
    for k, term in enumerate(dict.fromkeys(labelled)):
        row = result.loc[term]
        ax.annotate(forms.show(term), (row["freq"], row["z"]), xytext=(4, 3 - 6 * (k % 2)),
                    textcoords="offset points", fontsize=8,
                    color=PALETTE[0] if row["z"] > 0 else PALETTE[5])
    ax.axhline(0, color="0.5", lw=0.6)
    for t in (threshold, -threshold):
        ax.axhline(t, color="0.7", lw=0.6, ls="--")
    ax.text(1.0, threshold, f" |z| = {threshold:g} (reference line, not a test)", transform=ax.get_yaxis_transform(),
            ha="right", va="bottom", fontsize=8, color="0.4")
    ax.set_xlabel("term frequency in both groups (log scale)")
    ax.set_ylabel(f"z-score (log-odds)\n+ {names[0]}   |   − {names[1]}")
    return fig


def plot_prior_weights(tops: pd.DataFrame):
    """Shared top terms with the main setting, against the prior weight ``a_0``, one line per prior and side.

    ``tops`` comes from :func:`analysis.methods.contrast.prior_sensitivity`.
    """
    fig, ax = plt.subplots(figsize=(7, 3.8))
    if tops.empty:
        ax.text(0.5, 0.5, "No comparison possible.", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    styles = {}
    for k, ((prior, side), g) in enumerate(tops.groupby(["prior", "side"], sort=False)):
        g = g.sort_values("a0")
        colour = styles.setdefault(prior, PALETTE[len(styles) % len(PALETTE)])
        ax.plot(g["a0"], g["shared"], marker="o", color=colour, ls="-" if k % 2 == 0 else "--",
                label=f"{prior} prior, {side}")
    ax.set_xscale("log")
    ax.set_ylim(-0.5, int(tops["n"].max()) + 0.5)
    ax.set_xlabel("prior weight a₀ (pseudo-tokens, log scale)")
    ax.set_ylabel(f"of the top {int(tops['n'].max())}, shared\nwith the main setting")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return fig


def plot_themes_over_time(rates: pd.DataFrame, sources: pd.DataFrame, ncols: int = 3):
    """Small multiples: one panel per theme, rate per 1,000 words against publication date.

    One point per source, coloured by perspective, and no line between
    points: the texts are single documents years apart, not a series.
    """
    themes = list(rates.columns)
    nrows, ncols = grid_shape(len(themes), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.4 * nrows), sharex=True, squeeze=False)
    dates = sources.loc[rates.index, "date"]
    colours = [colour_for(p) for p in sources.loc[rates.index, "perspective"]]
    for ax, theme in zip(axes.flat, themes):
        ax.scatter(dates, rates[theme], c=colours, s=22, zorder=2)
        ax.set_title(theme, loc="left", fontsize=10)
        ax.set_ylim(bottom=0)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(themes):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("per 1,000 words", fontsize=9)
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour_for(p), label=p)
               for p in dict.fromkeys(sources.loc[rates.index, "perspective"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
               title="perspective")
    return fig


def plot_tone(tones: pd.DataFrame, sources: pd.DataFrame, by_speaker: pd.DataFrame | None = None):
    """Tone against publication date: mean VADER compound (left) and the cooperation balance (right).

    One labelled point per source, no line between them. With ``by_speaker``
    (a tone table of the authors' own sentences, same index), a hollow marker
    shows each source's author-only value beside the whole text's.
    """
    fig, axes = plt.subplots(1, 2, figsize=(10, 4 + 0.05 * len(tones)))
    dates = sources.loc[tones.index, "date"]
    colours = [colour_for(p) for p in sources.loc[tones.index, "perspective"]]
    label_points = len(tones) <= 15
    for ax, col, title in ((axes[0], "VADER mean", "mean VADER compound per sentence"),
                           (axes[1], "balance", "(coop − conf) / (coop + conf)")):
        ax.scatter(dates, tones[col], c=colours, s=40, zorder=2)
        if by_speaker is not None and col in by_speaker:
            own = by_speaker[col].reindex(tones.index)
            ax.scatter(dates, own, facecolors="none", edgecolors=colours, s=70, zorder=2)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_title(title, loc="left")
        ax.tick_params(axis="x", labelrotation=45)
        if label_points:
            for sid, d, v in zip(tones.index, dates, tones[col]):
                if pd.notna(v):
                    ax.annotate(wrap(sources.loc[sid, "label"], 16), (d, v), xytext=(4, 4),
                                textcoords="offset points", fontsize=8)
    axes[1].set_ylim(-1.05, 1.05)
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour_for(p), label=p)
               for p in dict.fromkeys(sources.loc[tones.index, "perspective"])]
    if by_speaker is not None:
        handles.append(plt.Line2D([], [], marker="o", ls="", markerfacecolor="none", color="0.3",
                                  label="author's own sentences"))
    axes[0].legend(handles=handles, frameon=False, title="perspective", loc="best")
    return fig
