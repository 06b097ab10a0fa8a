"""Comparing groups of texts: weighted log-odds with a Dirichlet prior, and keyness.

Groups come from the catalog, never from naming sources (:func:`groupings`):

* **era** -- from the publication date (:func:`analysis.corpus.eras.era_of`);
* **period** -- ``early`` (published before :data:`PERIOD_SPLIT_YEAR`, i.e.
  before the era of Crimea and sanctions) or ``late`` (from that year on);
* **perspective** -- the author's perspective (Russian, Western, other);
* **role group** -- the author's role, with journalists and bloggers
  together (:data:`ROLE_GROUPS`).

Two measures of distinctive vocabulary:

* **Weighted log-odds ratio with an informative Dirichlet prior**
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), see
  :class:`LogOddsRatio`. For word ``w`` in groups ``i`` and ``j`` with
  counts ``y_wi``, ``y_wj`` and sizes ``n_i``, ``n_j``, and a prior
  ``a_w = a_0 * f_w / N`` proportional to the word's frequency ``f_w`` in a
  reference corpus of ``N`` tokens (``a_0`` the prior scale)::

      delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
              - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
      var(delta_w) ~ 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
      z_w = delta_w / sqrt(var(delta_w))

  With a handful of documents, ``z`` is model-based evidence (how far the
  counts are from the prior under a multinomial model of tokens), not
  sampling significance: the tokens of one text are not independent draws.
* **Keyness** (Dunning 1993 log-likelihood G², with Hardie's 2014 log
  ratio as effect size), see :func:`keyness`.

Tokens are :func:`analysis.corpus.text.content_tokens`, stemmed; tables show
each stem's most frequent surface word.

>>> y_i = pd.Series({"war": 3, "peace": 1}); y_j = pd.Series({"war": 1, "peace": 3})
>>> LogOddsRatio(prior_scale=2).fit(y_i, y_j).result_["z"].round(3).tolist()
[1.601, -1.601]
"""
from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from analysis.corpus.text import SurfaceForms, content_tokens, stem
from analysis.report.plotting import PALETTE, wrap

#: Sources published before this year are "early", the others "late". 2014
#: is the start of the era of Crimea, sanctions and confrontation in
#: :data:`analysis.corpus.eras.ERAS`: the split follows the periodisation, not the
#: sources at hand.
PERIOD_SPLIT_YEAR = 2014

#: Catalog role -> role group used in comparisons (journalists and bloggers
#: write for the public without an institutional mandate, so they go together).
ROLE_GROUPS = {
    "official": "official",
    "academic": "academic",
    "journalist": "journalist/blogger",
    "blogger": "journalist/blogger",
    "reference": "reference compilation",
}

#: Default prior scale ``a_0``: the prior adds this many pseudo-tokens,
#: spread over the vocabulary in proportion to corpus frequency.
PRIOR_SCALE = 500.0


# --------------------------------------------------------------------------- groups

def period_of(date, split_year: int = PERIOD_SPLIT_YEAR) -> str:
    """``"early"`` before ``split_year``, else ``"late"``.

    >>> period_of("2004-11"), period_of("2016-12-31")
    ('early', 'late')
    """
    return "early" if pd.Timestamp(str(date)).year < split_year else "late"


def groupings(sources: pd.DataFrame, split_year: int = PERIOD_SPLIT_YEAR) -> pd.DataFrame:
    """Which group each source falls in, from the catalog alone.

    Returns a frame indexed by source id with ``source, date, era, period,
    perspective, role, role group``.

    >>> cat = pd.DataFrame({"label": ["A 2001", "B 2020"], "date": pd.to_datetime(["2001-11-12", "2020-11-01"]),
    ...                     "era": ["e1", "e2"], "perspective": ["Western", "Russian"],
    ...                     "role": ["blogger", "official"]}, index=["a", "b"])
    >>> groupings(cat)[["period", "role group"]].values.tolist()
    [['early', 'journalist/blogger'], ['late', 'official']]
    """
    return pd.DataFrame({
        "source": sources["label"],
        "date": sources["date"].dt.strftime("%Y-%m-%d"),
        "era": sources["era"],
        "period": [period_of(d, split_year) for d in sources["date"]],
        "perspective": sources["perspective"],
        "role": sources["role"],
        "role group": sources["role"].map(lambda r: ROLE_GROUPS.get(r, r)),
    }, index=sources.index)


def group_sizes(groups: pd.DataFrame, column: str, expected: tuple = ()) -> pd.Series:
    """Number of sources per value of ``column``, including ``expected`` values with none.

    >>> g = pd.DataFrame({"period": ["early", "early"]})
    >>> group_sizes(g, "period", ("early", "late")).to_dict()
    {'early': 2, 'late': 0}
    """
    sizes = groups[column].value_counts()
    for value in expected:
        if value not in sizes.index:
            sizes[value] = 0
    order = list(expected) + sorted(v for v in sizes.index if v not in expected)
    return sizes.reindex(order).astype(int)


def comparison_note(name_i: str, n_i: int, name_j: str, n_j: int) -> str | None:
    """A plain message when a comparison cannot be made or rests on one source.

    Returns ``None`` when both groups have at least two sources.

    >>> comparison_note("early", 3, "late", 0)
    'No comparison of early with late: the catalog has no source in late (early: 3 sources).'
    >>> print(comparison_note("Russian", 1, "Western", 4))
    Russian has a single source, so this comparison contrasts that one text with Western (4 sources), not a group of authors with another.
    """
    if n_i == 0 or n_j == 0:
        empty = [name for name, n in ((name_i, n_i), (name_j, n_j)) if n == 0]
        other = [(name, n) for name, n in ((name_i, n_i), (name_j, n_j)) if n > 0]
        tail = f" ({other[0][0]}: {other[0][1]} source{'s' if other[0][1] != 1 else ''})" if other else ""
        return (f"No comparison of {name_i} with {name_j}: the catalog has no source in "
                f"{' or '.join(empty)}{tail}.")
    single = [name for name, n in ((name_i, n_i), (name_j, n_j)) if n == 1]
    if single:
        other = name_j if single[0] == name_i else name_i
        n_other = n_j if single[0] == name_i else n_i
        if len(single) == 2:
            return (f"{name_i} and {name_j} have a single source each, so this comparison "
                    "contrasts two texts, not two groups of authors.")
        return (f"{single[0]} has a single source, so this comparison contrasts that one text "
                f"with {other} ({n_other} source{'s' if n_other != 1 else ''}), not a group of "
                "authors with another.")
    return None


# --------------------------------------------------------------------------- counts

def stem_counts(text: str) -> Counter:
    """Counts of stemmed content tokens in a text.

    >>> dict(stem_counts("Talks and more talks with Russia."))
    {'talk': 2, 'russia': 1}
    """
    return Counter(stem(t) for t in content_tokens(text))


def count_matrix(texts: pd.Series) -> pd.DataFrame:
    """Documents x stems matrix of counts (documents in the order given).

    >>> count_matrix(pd.Series({"a": "war war", "b": "peace"})).to_dict("index")
    {'a': {'war': 2, 'peac': 0}, 'b': {'war': 0, 'peac': 1}}
    """
    counts = {doc: stem_counts(text) for doc, text in texts.items()}
    frame = pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype(int)
    return frame.reindex(list(texts.index)).fillna(0).astype(int)


def surface_forms(texts) -> SurfaceForms:
    """:class:`~analysis.corpus.text.SurfaceForms` fitted on the content tokens of ``texts``."""
    return SurfaceForms().fit(t for text in texts for t in content_tokens(text))


# --------------------------------------------------------------------------- log-odds

class LogOddsRatio:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    Parameters
    ----------
    prior_scale : float
        ``a_0``, the total pseudo-count of the prior. Each word gets
        ``a_w = a_0 * f_w / N`` where ``f_w`` is its count in the prior
        corpus of ``N`` tokens. Larger values shrink rare words more.

    Attributes
    ----------
    result_ : DataFrame
        Indexed by term, sorted by ``z`` (group ``i`` first): ``y_i, y_j``
        (counts), ``freq`` (``y_i + y_j``), ``a`` (prior ``a_w``),
        ``delta``, ``se`` (``sqrt(1/(y_i+a) + 1/(y_j+a))``) and ``z``.
    n_i_, n_j_ : int
        Group sizes in tokens.

    Notes
    -----
    ``delta_w = log((y_wi+a_w)/(n_i+a_0-y_wi-a_w)) - log((y_wj+a_w)/(n_j+a_0-y_wj-a_w))``,
    ``z_w = delta_w / sqrt(1/(y_wi+a_w) + 1/(y_wj+a_w))``.

    Examples
    --------
    Two groups of 4 tokens, pooled prior {war: 4, peace: 4}, ``a_0 = 2`` so
    ``a_w = 1``: ``delta_war = log(4/2) - log(2/4) = 1.386``,
    ``var = 1/4 + 1/2``, ``z = 1.386 / 0.866 = 1.601``.

    >>> fit = LogOddsRatio(prior_scale=2).fit(pd.Series({"war": 3, "peace": 1}),
    ...                                       pd.Series({"war": 1, "peace": 3}))
    >>> fit.result_.loc["war", ["delta", "z"]].round(3).tolist()
    [1.386, 1.601]
    """

    def __init__(self, prior_scale: float = PRIOR_SCALE):
        self.prior_scale = prior_scale

    def fit(self, y_i: pd.Series, y_j: pd.Series, prior: pd.Series | None = None) -> LogOddsRatio:
        """Compare counts ``y_i`` with ``y_j``; ``prior`` counts default to ``y_i + y_j``."""
        vocab = y_i.index.union(y_j.index)
        yi = y_i.reindex(vocab).fillna(0).astype(float)
        yj = y_j.reindex(vocab).fillna(0).astype(float)
        keep = (yi + yj) > 0
        yi, yj = yi[keep], yj[keep]
        if prior is None:
            prior = yi + yj
        prior = prior.astype(float)
        f = prior.reindex(yi.index).fillna(0.0)
        if (f <= 0).any():
            # words absent from the prior corpus get the smallest prior weight
            f[f <= 0] = min(prior[prior > 0].min(), 1.0) if (prior > 0).any() else 1.0
        a0 = float(self.prior_scale)
        a = a0 * f / float(prior[prior > 0].sum() if (prior > 0).any() else f.sum())
        n_i, n_j = float(yi.sum()), float(yj.sum())
        delta = (np.log((yi + a) / (n_i + a0 - yi - a)) - np.log((yj + a) / (n_j + a0 - yj - a)))
        se = np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
        self.result_ = pd.DataFrame({
            "y_i": yi.astype(int), "y_j": yj.astype(int), "freq": (yi + yj).astype(int),
            "a": a, "delta": delta, "se": se, "z": delta / se,
        }).sort_values(["z", "freq"], ascending=[False, False], kind="stable")
        self.result_.index.name = "term"
        self.n_i_, self.n_j_ = int(n_i), int(n_j)
        return self


def log_odds(counts: pd.DataFrame, in_i, in_j=None, *, prior_scale: float = PRIOR_SCALE) -> pd.DataFrame:
    """Log-odds of the documents ``in_i`` against ``in_j`` (default: all others).

    ``counts`` is a documents x terms matrix (:func:`count_matrix`); the prior
    is the whole matrix's term frequencies. Returns :attr:`LogOddsRatio.result_`.

    >>> m = pd.DataFrame({"war": [3, 1], "peace": [1, 3]}, index=["a", "b"])
    >>> log_odds(m, ["a"], prior_scale=2)["z"].round(3).to_dict()
    {'war': 1.601, 'peace': -1.601}
    """
    in_i = list(in_i)
    in_j = [d for d in counts.index if d not in in_i] if in_j is None else list(in_j)
    y_i, y_j = counts.loc[in_i].sum(), counts.loc[in_j].sum()
    return LogOddsRatio(prior_scale).fit(y_i, y_j, prior=counts.sum()).result_


def top_terms(result: pd.DataFrame, forms: SurfaceForms | None = None, n: int = 15,
              names: tuple[str, str] = ("i", "j"), score: str = "z") -> pd.DataFrame:
    """The ``n`` top terms of each side, side by side, with their scores (rounded to 2).

    >>> r = pd.DataFrame({"z": [2.0, 0.1, -3.0]}, index=["war", "talk", "peace"])
    >>> top_terms(r, n=1, names=("A", "B")).values.tolist()
    [[1, 'war', 2.0, 'peace', -3.0]]
    """
    show = forms.show if forms is not None else (lambda t: t)
    ranked = result.sort_values(score, ascending=False, kind="stable")
    pos = ranked[ranked[score] > 0].head(n)
    neg = ranked[ranked[score] < 0].iloc[::-1].head(n)
    rows = max(len(pos), len(neg))
    frame = pd.DataFrame({
        "rank": range(1, rows + 1),
        f"{names[0]}": [show(t) for t in pos.index] + [""] * (rows - len(pos)),
        f"{score} ({names[0]})": list(pos[score].round(2)) + [np.nan] * (rows - len(pos)),
        f"{names[1]}": [show(t) for t in neg.index] + [""] * (rows - len(neg)),
        f"{score} ({names[1]})": list(neg[score].round(2)) + [np.nan] * (rows - len(neg)),
    })
    return frame


def each_against_rest(counts: pd.DataFrame, labels: dict | None = None, *,
                      prior_scale: float = PRIOR_SCALE) -> dict[str, pd.DataFrame]:
    """:func:`log_odds` of every document against all the others (needs two or more)."""
    if len(counts) < 2:
        return {}
    return {doc: log_odds(counts, [doc], prior_scale=prior_scale) for doc in counts.index}


def distinctive_table(results: dict[str, pd.DataFrame], labels: dict, forms: SurfaceForms,
                      score: str = "z", n: int = 8) -> pd.DataFrame:
    """One row per document: its ``n`` most distinctive terms with their scores.

    >>> r = {"a": pd.DataFrame({"z": [2.5, -1.0]}, index=["war", "peace"])}
    >>> distinctive_table(r, {"a": "A"}, SurfaceForms().fit([]), n=2).values.tolist()
    [['A', 'war (2.5)', 'peace (-1.0)']]
    """
    rows = []
    for doc, res in results.items():
        ranked = res.sort_values(score, ascending=False, kind="stable")
        top = ", ".join(f"{forms.show(t)} ({v:.1f})" for t, v in ranked[score].head(n).items() if v > 0)
        low = ", ".join(f"{forms.show(t)} ({v:.1f})" for t, v in ranked[score].iloc[::-1].head(n).items() if v < 0)
        rows.append((labels.get(doc, doc), top, low))
    return pd.DataFrame(rows, columns=["source", f"most over-used ({score})", f"most under-used ({score})"])


# --------------------------------------------------------------------------- keyness

def keyness(target: pd.Series, reference: pd.Series) -> pd.DataFrame:
    """Dunning's log-likelihood G² and Hardie's log ratio of each term, target vs reference.

    For a term with ``a`` occurrences in the target (``c`` tokens) and ``b``
    in the reference (``d`` tokens): ``E1 = c (a+b) / (c+d)``,
    ``E2 = d (a+b) / (c+d)``, ``G2 = 2 (a ln(a/E1) + b ln(b/E2))`` (a zero
    count contributes 0), signed negative when the term is relatively rarer
    in the target. Log ratio ``= log2((a/c) / (b/d))``, with a zero count
    replaced by 0.5 (Hardie 2014).

    Returns a frame indexed by term with ``a, b, G2, log_ratio``, sorted by
    signed ``G2``.

    Examples
    --------
    ``a=3, b=1, c=d=4``: ``E1 = E2 = 2``, ``G2 = 2 (3 ln 1.5 + ln 0.5) = 1.046``,
    log ratio ``log2(3) = 1.585``.

    >>> k = keyness(pd.Series({"war": 3, "peace": 1}), pd.Series({"war": 1, "peace": 3}))
    >>> k.loc["war", ["G2", "log_ratio"]].round(3).tolist()
    [1.046, 1.585]
    """
    vocab = target.index.union(reference.index)
    a = target.reindex(vocab).fillna(0).astype(float)
    b = reference.reindex(vocab).fillna(0).astype(float)
    keep = (a + b) > 0
    a, b = a[keep], b[keep]
    c, d = float(a.sum()), float(b.sum())
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2 * (t1 + t2)
    sign = np.where(a / c >= b / d, 1.0, -1.0)
    log_ratio = np.log2((a.where(a > 0, 0.5) / c) / (b.where(b > 0, 0.5) / d))
    out = pd.DataFrame({"a": a.astype(int), "b": b.astype(int), "G2": sign * g2,
                        "log_ratio": log_ratio}, index=a.index)
    out.index.name = "term"
    return out.sort_values(["G2", "a"], ascending=[False, False], kind="stable")


def keyness_against_rest(counts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`keyness` of each document against all others combined (needs two or more)."""
    if len(counts) < 2:
        return {}
    total = counts.sum()
    return {doc: keyness(counts.loc[doc], total - counts.loc[doc]) for doc in counts.index}


def keyword_table(results: dict[str, pd.DataFrame], labels: dict, forms: SurfaceForms,
                  n: int = 8) -> pd.DataFrame:
    """Each document's ``n`` top keywords by G² with their log ratio.

    >>> k = {"a": pd.DataFrame({"G2": [5.0, -1.0], "log_ratio": [1.5, -0.5]}, index=["war", "peace"])}
    >>> keyword_table(k, {"a": "A"}, SurfaceForms().fit([])).values.tolist()
    [['A', 'war (G² 5.0, LR 1.5)']]
    """
    rows = []
    for doc, res in results.items():
        top = res[res["G2"] > 0].head(n)
        rows.append((labels.get(doc, doc), ", ".join(
            f"{forms.show(t)} (G² {g:.1f}, LR {lr:.1f})" for t, g, lr in zip(top.index, top["G2"], top["log_ratio"]))))
    return pd.DataFrame(rows, columns=["source", "top keywords (G², log ratio)"])


def compare_rankings(logodds: dict[str, pd.DataFrame], keys: dict[str, pd.DataFrame],
                     labels: dict, top: int = 20) -> pd.DataFrame:
    """How far log-odds and keyness agree, per document.

    ``overlap``: terms shared by the two top-``top`` lists (over-used side);
    ``Spearman``: rank correlation of ``z`` with signed G² over all terms.

    >>> lo = {"a": pd.DataFrame({"z": [3.0, 1.0, -2.0]}, index=["x", "y", "z"])}
    >>> ke = {"a": pd.DataFrame({"G2": [4.0, 0.5, -1.0]}, index=["x", "y", "z"])}
    >>> compare_rankings(lo, ke, {"a": "A"}, top=2).values.tolist()
    [['A', 2, 2, 1.0]]
    """
    rows = []
    for doc in logodds:
        z, g = logodds[doc]["z"], keys[doc]["G2"].reindex(logodds[doc].index)
        top_z = set(z[z > 0].sort_values(ascending=False, kind="stable").head(top).index)
        top_g = set(g[g > 0].sort_values(ascending=False, kind="stable").head(top).index)
        rho = spearmanr(z, g).statistic if len(z) > 2 else np.nan
        rows.append((labels.get(doc, doc), len(top_z & top_g), min(top, len(top_z)),
                     round(float(rho), 2)))
    return pd.DataFrame(rows, columns=["source", f"shared in top {top}", "list length", "Spearman"])


# --------------------------------------------------------------------------- plots

def plot_log_odds(result: pd.DataFrame | None, forms: SurfaceForms, names: tuple[str, str],
                  *, n_label: int = 10, note: str | None = None, threshold: float = 1.96):
    """Monroe et al.'s plot: z-score against term frequency (log x), top terms labelled.

    Points beyond ``|z| > threshold`` are coloured by side; the ``n_label``
    highest and lowest ``z`` terms are labelled with their surface forms.
    With ``result=None`` the figure shows ``note`` instead. Returns the figure.
    """
    fig, ax = plt.subplots(figsize=(9, 5.5))
    if result is None or result.empty:
        ax.text(0.5, 0.5, wrap(note or "No comparison possible.", 60), ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    x, z = result["freq"], result["z"]
    grey = z.abs() <= threshold
    ax.scatter(x[grey], z[grey], s=8, color="0.75", lw=0)
    ax.scatter(x[z > threshold], z[z > threshold], s=14, color=PALETTE[0], lw=0, label=names[0])
    ax.scatter(x[z < -threshold], z[z < -threshold], s=14, color=PALETTE[5], lw=0, label=names[1])
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
    ax.set_xlabel("term frequency in both groups (log scale)")
    ax.set_ylabel(f"z-score (log-odds)\n+ {names[0]}   |   − {names[1]}")
    ax.legend(loc="upper left", frameon=False, title=f"|z| > {threshold}")
    return fig


def plot_top_terms(tops: pd.DataFrame, names: tuple[str, str], score: str = "z"):
    """Horizontal bars of the top terms of each side (from :func:`top_terms`)."""
    n = len(tops)
    fig, axes = plt.subplots(1, 2, figsize=(9, max(2.5, 0.28 * n + 1.2)))
    for ax, name, colour, sign in ((axes[0], names[0], PALETTE[0], 1), (axes[1], names[1], PALETTE[5], -1)):
        part = tops[[name, f"{score} ({name})"]].dropna()
        part = part[part[name] != ""]
        ax.barh(range(len(part)), sign * part[f"{score} ({name})"], color=colour)
        ax.set_yticks(range(len(part)), part[name])
        ax.invert_yaxis()
        ax.set_title(wrap(f"more in {name}", 40), loc="left")
        ax.set_xlabel(f"|{score}|")
    return fig


# --------------------------------------------------------------------------- findings

def side_summary(result: pd.DataFrame | None, forms: SurfaceForms, n: int = 5) -> tuple[str, str]:
    """The ``n`` top terms of each side as text, e.g. ``"terrorism (3.1), war (2.5)"``.

    >>> r = pd.DataFrame({"z": [2.0, -3.0]}, index=["war", "peace"])
    >>> side_summary(r, SurfaceForms().fit([]), 1)
    ('war (2.0)', 'peace (-3.0)')
    """
    if result is None or result.empty:
        return "", ""
    ranked = result.sort_values("z", ascending=False, kind="stable")
    pos = ", ".join(f"{forms.show(t)} ({v:.1f})" for t, v in ranked["z"].head(n).items() if v > 0)
    neg = ", ".join(f"{forms.show(t)} ({v:.1f})" for t, v in ranked["z"].iloc[::-1].head(n).items() if v < 0)
    return pos, neg


# --------------------------------------------------------------------------- named comparisons

class Comparison:
    """One two-group comparison: its groups, sizes, log-odds result and any note.

    ``result`` is ``None`` when a group is empty; ``note`` explains why, or
    warns that a group has a single member (see :func:`comparison_note`).

    >>> m = pd.DataFrame({"war": [3, 1], "peace": [1, 3]}, index=["a", "b"])
    >>> c = Comparison(m, pd.Series({"a": "early", "b": "late"}), "early", "late", prior_scale=2)
    >>> c.sizes, c.result["z"].round(3).tolist()
    ((1, 1), [1.601, -1.601])
    >>> Comparison(m, pd.Series({"a": "early", "b": "early"}), "early", "late").result is None
    True
    """

    def __init__(self, counts: pd.DataFrame, membership: pd.Series, group_i: str, group_j: str,
                 *, prior_scale: float = PRIOR_SCALE, unit: str = "source"):
        self.names = (group_i, group_j)
        self.unit = unit
        members_i = [d for d in counts.index if membership.get(d) == group_i]
        members_j = [d for d in counts.index if membership.get(d) == group_j]
        self.members = (members_i, members_j)
        self.sizes = (len(members_i), len(members_j))
        note = comparison_note(group_i, self.sizes[0], group_j, self.sizes[1])
        self.note = None if note is None else note.replace("source", unit)
        self.result = (None if 0 in self.sizes
                       else log_odds(counts, members_i, members_j, prior_scale=prior_scale))

    def message(self) -> str:
        """The groups' sizes, and the note when a group is empty or has one member.

        Never empty, so a notebook cell always shows a sentence.
        """
        i, j = self.names
        unit = "source" if self.unit == "source" else self.unit
        sizes = (f"Compared: {self.sizes[0]} {unit}{'s' if self.sizes[0] != 1 else ''} ({i}) "
                 f"against {self.sizes[1]} {unit}{'s' if self.sizes[1] != 1 else ''} ({j}).")
        return f"{sizes} **Note.** {self.note}" if self.note else sizes


def comparison_findings(groups: pd.DataFrame, comparisons: dict, agreement: pd.DataFrame,
                        voices: pd.DataFrame, passages: pd.DataFrame, voice_cmp,
                        forms: SurfaceForms, voice_forms: SurfaceForms,
                        peaks: pd.DataFrame, tones: pd.DataFrame, labels: dict) -> str:
    """Markdown bullets for the chapter's findings, computed from the results."""
    lines = []
    sizes = groups["period"].value_counts()
    persp = groups["perspective"].value_counts()
    lines.append(
        f"- The catalog gives {len(groups)} sources: {sizes.get('early', 0)} early (before "
        f"{PERIOD_SPLIT_YEAR}) and {sizes.get('late', 0)} late; "
        + ", ".join(f"{v} {k}" for k, v in persp.items())
        + " by perspective ({numref}`tbl-periods-groups`). Every z-score below is model-based "
        "evidence about these texts' word counts, not sampling significance.")
    for key, fig, what in (("period", "fig-periods-logodds-period", "Early and late texts"),
                           ("perspective", "fig-periods-logodds-perspective",
                            "Russian and Western authors")):
        cmp = comparisons[key]
        if cmp.result is None:
            lines.append(f"- {what}: {cmp.note}")
            continue
        pos, neg = side_summary(cmp.result, forms, 5)
        caveat = f" ({cmp.note})" if cmp.note else ""
        lines.append(f"- {what} differ most in these words ({{numref}}`{fig}`): "
                     f"{cmp.names[0]} uses more *{pos}*; {cmp.names[1]} more *{neg}*{caveat}.")
    if len(agreement):
        lines.append(
            f"- Keyness (G²) and log-odds largely agree on each source's vocabulary: of the top 20 "
            f"terms, {int(agreement.iloc[:, 1].min())} to {int(agreement.iloc[:, 1].max())} are shared; "
            f"the rank correlation over all terms is {agreement['Spearman'].min():.2f} to "
            f"{agreement['Spearman'].max():.2f} ({{numref}}`tbl-periods-agreement`).")
    quotes = passages[passages["mode"] == "quote"] if len(passages) else passages
    if len(passages):
        speakers = list(passages.groupby("speaker")["words"].sum()
                        .sort_values(ascending=False, kind="stable").index)
        quoted_words = int(voices.loc[voices["kind"] == "quoted", "words"].sum())
        total = int(voices["words"].sum())
        lines.append(
            f"- The attribution rules found {len(quotes)} quoted and {len(passages) - len(quotes)} "
            f"reported passages from {len(speakers)} speakers ({', '.join(speakers[:8])}"
            f"{', ...' if len(speakers) > 8 else ''}); quotations make up "
            f"{100 * quoted_words / max(total, 1):.0f}% of the corpus's words ({{numref}}`tbl-periods-voices`).")
    else:
        lines.append("- The attribution rules found no quoted voices in these sources "
                     "({numref}`tbl-periods-voices`).")
    if voice_cmp.result is not None:
        pos, neg = side_summary(voice_cmp.result, voice_forms, 5)
        lines.append(f"- Across all sources, {voice_cmp.names[0]}s use more *{pos}*; "
                     f"{voice_cmp.names[1]}s more *{neg}* ({{numref}}`tbl-periods-voice-terms`).")
    else:
        lines.append(f"- Voices: {voice_cmp.note}")
    top = peaks.sort_values("per 1,000 words", ascending=False).head(3)
    lines.append("- The densest themes: " + "; ".join(
        f"{r['theme']} in {r['densest in']} ({r['per 1,000 words']} per 1,000 words)"
        for _, r in top.iterrows()) + " ({numref}`fig-periods-themes`, {numref}`tbl-periods-themes`).")
    bal = tones["balance"].dropna()
    if len(bal):
        hi, lo = bal.idxmax(), bal.idxmin()
        vhi, vlo = tones["VADER mean"].idxmax(), tones["VADER mean"].idxmin()
        agree = "the same sources" if (hi, lo) == (vhi, vlo) else "not quite the same sources"
        lines.append(
            f"- By the cooperation balance, {labels[hi]} is the most cooperative ({bal[hi]:+.2f}) and "
            f"{labels[lo]} the most confrontational ({bal[lo]:+.2f}); VADER picks {agree} "
            f"({labels[vhi]} {tones.loc[vhi, 'VADER mean']:+.2f}, {labels[vlo]} "
            f"{tones.loc[vlo, 'VADER mean']:+.2f}) ({{numref}}`tbl-periods-tone`, {{numref}}`fig-periods-tone`).")
    return "\n".join(lines)
