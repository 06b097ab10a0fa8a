"""Figures of the vocabulary chapter: top terms, stability, similarity, the dendrogram and its test.

The data come from :mod:`analysis.methods.vocabulary` and
:mod:`analysis.methods.vocabulary_checks`; here they are only drawn. Each
function returns the figure; colours and sizes follow
:mod:`analysis.report.plotting`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster import hierarchy

from analysis import config
from analysis.methods.vocabulary import DistinctiveTerms, TermStability, linkage_matrix
from analysis.methods.vocabulary_checks import DendrogramTest
from analysis.report.plotting import PALETTE, colour_for, grid_shape, wrap

#: Number of sources above which heatmap cells are not annotated.
ANNOTATE_MAX = 15


def _perspective_legend(fig, sources: pd.DataFrame | None, ids) -> None:
    if sources is None:
        return
    present = list(dict.fromkeys(sources.loc[list(ids), "perspective"]))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour_for(p)) for p in present]
    fig.legend(handles, present, title="perspective", loc="outside upper center",
               ncols=len(present), frameon=False)


def _font(n: int, base: float = 9.0) -> float:
    """Tick-label size: ``base`` up to 15 sources, then 2 points smaller (never below 7)."""
    return base if n <= ANNOTATE_MAX else max(7.0, base - 2.0)


def plot_top_terms(model: DistinctiveTerms, labels: pd.Series, sources: pd.DataFrame | None = None,
                   n: int = config.VOCAB_TOP_TERMS, ncols: int = 3):
    """Small multiples: the top ``n`` terms of each source as horizontal bars."""
    top = model.top_terms(n)
    ids = list(model.sources_)
    nrows, ncols = grid_shape(len(ids), ncols if len(ids) <= 12 else ncols + 1)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.0 * ncols, (0.24 * n + 1.0) * nrows),
                             squeeze=False)
    for ax, sid in zip(axes.flat, ids):
        part = top[top.source_id == sid]
        colour = colour_for(sources.loc[sid, "perspective"]) if sources is not None else PALETTE[0]
        ax.barh(range(len(part)), part.weight, color=colour)
        ax.set_yticks(range(len(part)), [wrap(d, 22) for d in part.display], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(wrap(labels[sid], 30), loc="left", fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(ids):]:
        ax.set_visible(False)
    fig.supxlabel("tf-idf weight", fontsize=10)
    _perspective_legend(fig, sources, ids)
    return fig


def plot_similarity(similarity: pd.DataFrame, labels: pd.Series):
    """Heatmap of cosine similarity; cells annotated up to :data:`ANNOTATE_MAX` sources.

    The diagonal (always 1) is left blank so that the colour scale, from 0
    to the largest similarity between two different sources, shows the
    differences between pairs.
    """
    n = len(similarity)
    values = similarity.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    top = float(np.nanmax(values)) if n > 1 else 1.0
    top = max(0.05, np.ceil(top * 20) / 20)
    size = max(4.5, 0.3 * n + 3.0)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    cmap = plt.get_cmap("cividis").copy()
    cmap.set_bad("0.92")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=top)
    names = [wrap(labels[s], 18) for s in similarity.index]
    font = _font(n)
    ax.set_xticks(range(n), names, rotation=90, fontsize=font)
    ax.set_yticks(range(n), names, fontsize=font)
    if n <= ANNOTATE_MAX:
        for i in range(n):
            for j in range(n):
                if i != j:
                    ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=font,
                            color="black" if values[i, j] > 0.6 * top else "white")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity")
    return fig


def plot_dendrogram(similarity: pd.DataFrame, labels: pd.Series, sources: pd.DataFrame | None = None):
    """Average-linkage dendrogram of the sources on cosine distance."""
    n = len(similarity)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * n + 1.2)))
    names = [labels[s] for s in similarity.index]
    if n >= 2:
        tree = hierarchy.dendrogram(linkage_matrix(similarity), labels=names, orientation="right",
                                    ax=ax, color_threshold=0, above_threshold_color=PALETTE[7],
                                    leaf_font_size=_font(n, 10))
        if sources is not None:
            for tick, leaf in zip(ax.get_yticklabels(), tree["leaves"]):
                tick.set_color(colour_for(sources.loc[similarity.index[leaf], "perspective"]))
            _perspective_legend(fig, sources, similarity.index)
        heights = linkage_matrix(similarity)[:, 2]
        left = max(0.0, np.floor((heights.min() - 0.1) * 10) / 10)
        ax.set_xlim(left, min(1.0, heights.max() + 0.05) if heights.max() < 0.95 else 1.0)
    ax.set_xlabel("cosine distance (1 - similarity), average linkage")
    ax.spines[["left"]].set_visible(False)
    return fig


def plot_stability(stability: TermStability, labels: pd.Series):
    """Heatmap: Jaccard index of each other setting's top terms with the main setting's, per source.

    Cells show the number of shared terms (up to :data:`ANNOTATE_MAX` sources).
    """
    data = stability.jaccard_.iloc[:, 1:]
    shared = stability.shared_.iloc[:, 1:]
    n, m = data.shape
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * m + 3.0), max(2.8, 0.34 * n + 2.2)))
    image = ax.imshow(data.to_numpy(), cmap="cividis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(m), [wrap(c, 12) for c in data.columns], rotation=90, fontsize=8)
    ax.set_yticks(range(n), [wrap(labels[s], 22) for s in data.index], fontsize=_font(n))
    if n <= ANNOTATE_MAX:
        for i in range(n):
            for j in range(m):
                v = data.iat[i, j]
                ax.text(j, i, f"{shared.iat[i, j]}", ha="center", va="center",
                        fontsize=8, color="black" if v > 0.6 else "white")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.8, label="Jaccard index with main setting")
    return fig


def plot_dendrogram_test(test: DendrogramTest):
    """The spread and the mean of the cosine distances: observed, against the shuffled texts'.

    Two histograms of :attr:`DendrogramTest.permuted_`, each with the
    observed value as a vertical line.
    """
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, (column, title) in zip(axes, [("spread", "spread (highest - lowest distance)"),
                                          ("mean", "mean distance")]):
        values = test.permuted_[column].to_numpy()
        ax.hist(values, bins=20, color=PALETTE[4], edgecolor="white")
        ax.axvline(test.observed_[column], color=PALETTE[5], lw=2, label="the sources")
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_xlabel("cosine distance", fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel(f"shuffled texts (of {test.n_permutations})", fontsize=9)
    axes[0].legend(frameon=False, fontsize=8, loc="upper right")
    return fig
