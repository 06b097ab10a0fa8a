"""Figures of the topics chapter (``book/05-topics.ipynb``).

The data come from :mod:`analysis.methods.topics`; this module only draws.
Where time is on an axis, each source is a point at its year and no line
joins the points: the sources are different texts, not a series.
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.methods.topics import (
    METHOD_NAMES,
    TopicModel,
    TopicSweep,
    group_topics,
    segment_topics,
    source_topics,
)
from analysis.report.plotting import grid_shape, wrap

#: Colours of topics: Okabe-Ito (without black), then Paul Tol's "muted" scheme.
TOPIC_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#332288", "#88CCEE", "#117733", "#999933", "#882255", "#44AA99", "#DDCC77",
                 "#AA4499", "#CC6677")

#: Topics (0-based) whose colour is dark enough for white numbers.
_DARK = (0, 5, 7, 9, 11)


def topic_colour(t: int) -> str:
    """Colour of topic ``t`` (0-based); cycles after 16 topics.

    >>> topic_colour(0), topic_colour(16)
    ('#0072B2', '#0072B2')
    """
    return TOPIC_COLOURS[t % len(TOPIC_COLOURS)]


def plot_sweep(sweep: TopicSweep):
    """Coherence (NPMI, UMass), stability and score against k, one line per model."""
    s = sweep.summary_
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
    panels = [("npmi", "NPMI coherence (mean over topics)"), ("umass", "UMass coherence (mean over topics)"),
              ("stability", "Stability across seeds (matched Jaccard)"),
              (None, "Score that chooses k (standardised, "
                     + (f"{METHOD_NAMES[sweep.select_by]})" if sweep.select_by in sweep.methods
                        else "mean of models)"))]
    for ax, (col, title) in zip(axes.flat, panels):
        if col is None:
            ax.plot(sweep.k_scores_.index, sweep.k_scores_.values, "o-", color="0.25")
        else:
            for i, method in enumerate(sweep.methods):
                part = s[s["method"] == method]
                ax.plot(part["k"], part[col], "o-", color=TOPIC_COLOURS[i], label=METHOD_NAMES[method])
                if col == "npmi" and part["npmi_sd"].notna().any():
                    ax.fill_between(part["k"], part[col] - part["npmi_sd"], part[col] + part["npmi_sd"],
                                    color=TOPIC_COLOURS[i], alpha=0.15, lw=0)
        ax.axvline(sweep.best_k_, color="0.5", ls="--", lw=1)
        ax.set_title(title, loc="left")
    axes[0, 0].legend(frameon=False)
    for ax in axes[1]:
        ax.set_xlabel("number of topics k")
        ax.set_xticks(sweep.k_values_)
    return fig


def _topic_legend(fig, labels, ncol: int = 3):
    handles = [mpl.patches.Patch(color=topic_colour(i), label=wrap(lab, 34)) for i, lab in enumerate(labels)]
    fig.legend(handles=handles, loc="outside lower center", ncol=min(ncol, len(labels)), frameon=False,
               title="topic")


def plot_heatmap(models: list[TopicModel], segments: pd.DataFrame, sources: pd.DataFrame):
    """Source x topic heatmaps of the topic mix (one panel per model), shares in %."""
    n = len(sources)
    k_max = max(m.n_topics for m in models)
    fig, axes = plt.subplots(1, len(models), figsize=(max(8, 3.2 + 0.85 * k_max * len(models)),
                                                      2.2 + 0.38 * n + 0.1 * k_max), squeeze=False)
    for j, (ax, model) in enumerate(zip(axes[0], models)):
        mix = source_topics(model, segments, sources).to_numpy() * 100
        ax.imshow(np.nan_to_num(mix), cmap="Blues", vmin=0, vmax=100, aspect="auto")
        ax.set_xticks(range(model.n_topics), [wrap(lab, 14) for lab in model.labels_], rotation=90, fontsize=8)
        ax.set_yticks(range(n), [wrap(lab, 24) for lab in sources["label"]] if j == 0 else [])
        if n <= 40 and model.n_topics <= 16:
            for (r, c), v in np.ndenumerate(mix):
                if not np.isnan(v):
                    ax.text(c, r, f"{v:.0f}", ha="center", va="center", fontsize=8,
                            color="white" if v > 55 else "black")
        ax.set_title(model.name, loc="left")
        ax.spines[:].set_visible(False)
    return fig


def plot_groups(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame,
                by=("era", "role", "perspective")):
    """Stacked bars of topic shares per group of sources, one panel per grouping."""
    tables = [group_topics(model, segments, sources, b) for b in by]
    rows = sum(len(t) for t in tables)
    fig, axes = plt.subplots(len(by), 1, figsize=(10, 2.0 + 0.42 * rows + 0.3 * model.n_topics),
                             height_ratios=[max(1, len(t)) for t in tables], squeeze=False)
    for ax, name, shares in zip(axes[:, 0], by, tables):
        left = np.zeros(len(shares))
        for t in range(model.n_topics):
            values = shares.iloc[:, t].to_numpy() * 100
            ax.barh(range(len(shares)), values, left=left, color=topic_colour(t), edgecolor="white", lw=0.5)
            for y, (x0, v) in enumerate(zip(left, values)):
                if v >= 6:
                    ax.text(x0 + v / 2, y, str(t + 1), ha="center", va="center", fontsize=8,
                            color="white" if t in _DARK else "black")
            left += values
        ax.set_yticks(range(len(shares)), [wrap(g, 30) for g in shares.index])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_title(f"by {name} (number of sources)", loc="left")
    axes[-1, 0].set_xlabel("% of the group's words")
    _topic_legend(fig, model.labels_)
    return fig


def plot_strips(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame):
    """One strip per source: its segments in reading order, coloured by dominant topic.

    Cell widths are proportional to segment length (x: share of the source's
    words); each cell is numbered with its topic when there is room.
    """
    seg = segment_topics(model, segments)
    n = len(sources)
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.42 * n + 0.3 * model.n_topics))
    for y, sid in enumerate(sources.index):
        part = seg[seg.source_id == sid]
        total = part["words"].sum()
        x = 0.0
        for words, dom in zip(part["words"], part["dominant"]):
            w = 100 * words / total
            ax.barh(y, w, left=x, color=topic_colour(int(dom)), edgecolor="white", lw=0.8, height=0.8)
            if w >= 3:
                ax.text(x + w / 2, y, str(int(dom) + 1), ha="center", va="center", fontsize=7,
                        color="white" if int(dom) in _DARK else "black")
            x += w
    ax.set_yticks(range(n), [wrap(lab, 24) for lab in sources["label"]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("position in the text (% of its words)")
    ax.spines["left"].set_visible(False)
    _topic_legend(fig, model.labels_)
    return fig




def plot_time(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame, robust=None):
    """Each source's share of each topic against its year: one panel per topic, points only.

    ``robust`` (optional) is a boolean Series by source id: a source whose
    dominant topic is robust is drawn filled, the others hollow.
    """
    mix = source_topics(model, segments, sources) * 100
    years = sources["year"].astype(float)
    rows, cols = grid_shape(model.n_topics, 3)
    fig, axes = plt.subplots(rows, cols, figsize=(10, 0.6 + 2.3 * rows), sharex=True, sharey=True,
                             squeeze=False)
    for t, ax in enumerate(axes.flat):
        if t >= model.n_topics:
            ax.set_visible(False)
            continue
        values = mix.iloc[:, t]
        for sid in sources.index:
            filled = robust is None or bool(robust.get(sid, False))
            ax.plot(years[sid], values[sid], "o", ms=7, color=topic_colour(t),
                    mfc=topic_colour(t) if filled else "white", mew=1.5)
        ax.set_title(wrap(model.labels_[t], 34), loc="left", fontsize=9)
        ax.set_ylim(0, 100)
    for ax in axes[-1]:
        ax.set_xlabel("year of the source")
    for ax in axes[:, 0]:
        ax.set_ylabel("% of its words")
    return fig


def plot_agreement(table: pd.DataFrame):
    """NMF-LDA agreement of dominant topics per segment at each k, against two chance levels.

    ``table`` is :func:`analysis.methods.topic_robustness.agreement_by_k`.
    Points (no lines): observed agreement, chance from the topics' sizes,
    the 95th percentile of shuffled agreement, and ``1/k``.
    """
    fig, ax = plt.subplots(figsize=(8, 3.6))
    k = table["k"].to_numpy()
    ax.vlines(k, table["chance"] * 100, table["shuffled 95%"] * 100, color="0.75", lw=6,
              label="chance: from the topics' sizes to the 95th percentile of shuffles")
    ax.plot(k, table["chance"] * 100, "_", ms=14, mew=2, color="0.35")
    ax.plot(k, table["uniform"] * 100, "x", color="0.35", label="1/k (equal topic sizes)")
    ax.plot(k, table["observed"] * 100, "o", color=TOPIC_COLOURS[0], label="observed agreement")
    ax.set_xticks(k)
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("% of segments")
    ax.set_ylim(0, max(60, float(table[["observed", "shuffled 95%"]].max().max()) * 110))
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    return fig


def plot_size_curve(curve: pd.DataFrame, n_segments: int | None = None):
    """The corpus-size experiment: each measure against the number of segments (log scale).

    ``curve`` is :func:`analysis.methods.topic_size.size_curve` (one point per
    sample); ``n_segments`` marks the book's corpus.
    """
    panels = [(("NMF stability", "LDA stability"), "stability across seeds (matched Jaccard)"),
              (("kappa", "adjusted Rand"), "NMF-LDA agreement of dominant topics (0 = chance)")]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharex=True)
    for ax, (columns, title) in zip(axes, panels):
        for i, col in enumerate(columns):
            ax.plot(curve["segments"], curve[col], "o", color=TOPIC_COLOURS[i], alpha=0.8, label=col)
        if n_segments:
            ax.axvline(n_segments, color="0.5", ls="--", lw=1)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xscale("log")
        ax.set_xticks(sorted(curve["segments"].unique()), [str(n) for n in sorted(curve["segments"].unique())])
        ax.minorticks_off()
        ax.set_xlabel("segments in the sample")
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(frameon=False, fontsize=8)
    axes[0].set_ylim(0, 1.05)
    axes[1].set_ylim(min(-0.1, float(curve[["kappa", "adjusted Rand"]].min().min()) - 0.05), 1.05)
    return fig
