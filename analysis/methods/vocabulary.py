"""Distinctive vocabulary: TF-IDF terms per source, their stability, and source similarity.

Each source is one document. Its terms are the content words of its text
paragraphs (stop words and one-letter words removed, possessive "'s"
dropped; see :func:`analysis.corpus.text.content_tokens`), optionally stemmed,
plus n-grams of *adjacent* content words inside one sentence: an n-gram is
kept only if none of its words is a stop word, so "foreign policy" is a
term but "policy of the" is not, and no n-gram spans a sentence end.

TF-IDF (Salton & Buckley 1988), as computed by scikit-learn's
:class:`~sklearn.feature_extraction.text.TfidfTransformer`, with ``n``
sources and ``df(t)`` the number of sources that use term ``t``:

* term frequency ``tf(t, d)`` = the count of ``t`` in ``d``, or
  ``1 + ln(count)`` when ``sublinear_tf`` (zero stays zero);
* inverse document frequency, smoothed (``smooth_idf=True``):
  ``idf(t) = ln((1 + n) / (1 + df(t))) + 1``; unsmoothed:
  ``idf(t) = ln(n / df(t)) + 1`` (the ``+ 1`` keeps terms used by every
  source, with weight ``tf``, instead of zeroing them);
* weight ``w(t, d) = tf(t, d) * idf(t)``, then each source's vector is
  divided by its Euclidean length (``norm="l2"``), so long and short
  sources are comparable.

A source's *distinctive* terms are its highest-weighted terms, leaving out
terms every source uses (they set no source apart) and words that occur only
inside one longer term (e.g. "united" when every occurrence is in "united
states"); ties are broken alphabetically. The weights themselves, and the
similarities below, use every term.

Similarity between two sources is the cosine of their weight vectors,
``cos(a, b) = sum_t w(t, a) w(t, b)`` for unit vectors; the shared terms
that make a pair close are those with the largest products
``w(t, a) w(t, b)``, the summands of the cosine.

>>> docs = pd.Series({"a": "Arms control talks. Arms control again.",
...                   "b": "Energy talks and energy prices."})
>>> model = DistinctiveTerms().fit(docs)
>>> model.top_terms(2)[["source_id", "display", "count"]].values.tolist()
[['a', 'arms control', 2], ['a', 'control talks', 1], ['b', 'energy', 2], ['b', 'energy prices', 1]]
>>> round(float(model.similarity().loc["a", "b"]), 3)
0.063
"""
from __future__ import annotations

from functools import cached_property
from itertools import combinations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.corpus.text import STOP_WORDS, SurfaceForms, split_sentences, stem
from analysis.features.terms import Tokens, count_terms, gc_paused, tokenize_documents
from analysis.report.plotting import PALETTE, colour_for, grid_shape, wrap

#: Number of sources above which heatmap cells are not annotated.
ANNOTATE_MAX = 15


# --------------------------------------------------------------------------- documents

def source_sentences(corpus) -> pd.Series:
    """The sentences of each source's text paragraphs, indexed by source id in catalog order.

    Headings are left out (they repeat words the text already uses).
    """
    grouped = corpus.sentences.groupby("source_id", sort=False)["text"].apply(list)
    return pd.Series({sid: grouped.get(sid, []) for sid in corpus.ids}, name="sentences",
                     dtype=object)


def _sentences_of(doc) -> list[str]:
    if isinstance(doc, str):
        return [s for para in doc.split("\n\n") for s in split_sentences(para)]
    return list(doc)


# --------------------------------------------------------------------------- the model

class DistinctiveTerms:
    """TF-IDF weights of each source's terms (one document per source).

    Parameters
    ----------
    stem : bool
        Stem words (Snowball) before counting, so inflections count together.
    ngram_range : (int, int)
        Sizes of the n-grams of adjacent content words to count; ``(1, 2)``
        is words and two-word phrases.
    sublinear_tf : bool
        Use ``1 + ln(count)`` instead of the raw count.
    smooth_idf : bool
        ``idf = ln((1 + n) / (1 + df)) + 1`` instead of ``ln(n / df) + 1``.
    norm : {"l2", "l1", None}
        Normalisation of each source's weight vector.
    min_df : int
        Keep only terms used by at least this many sources.
    stop_words : frozenset
        Words never counted and never part of an n-gram.

    Attributes
    ----------
    sources_ : Index
        Source ids, in input order.
    terms_ : ndarray of str
        The vocabulary (stems joined by spaces when ``stem``), sorted.
    counts_ : scipy.sparse.csr_matrix
        Raw counts, sources x terms.
    df_ : ndarray
        Number of sources using each term.
    idf_ : ndarray
        Inverse document frequency of each term.
    weights_ : scipy.sparse.csr_matrix
        TF-IDF weights, sources x terms.
    surface_ : SurfaceForms
        Stem -> most frequent word, fitted on every content word of the input.

    Examples
    --------
    >>> docs = pd.Series({"a": ["Arms talks.", "Arms again."], "b": ["Energy talks."]})
    >>> model = DistinctiveTerms(ngram_range=(1, 1), sublinear_tf=False).fit(docs)
    >>> list(model.terms_), [round(float(v), 3) for v in model.idf_]
    (['arm', 'energi', 'talk'], [1.405, 1.405, 1.0])
    >>> model.display("energi")
    'energy'
    """

    def __init__(self, *, stem: bool = True, ngram_range: tuple[int, int] = (1, 2),
                 sublinear_tf: bool = True, smooth_idf: bool = True, norm: str | None = "l2",
                 min_df: int = 1, stop_words: frozenset = STOP_WORDS):
        self.stem = stem
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.smooth_idf = smooth_idf
        self.norm = norm
        self.min_df = min_df
        self.stop_words = stop_words

    def get_params(self) -> dict:
        """The constructor parameters."""
        return {k: getattr(self, k) for k in ("stem", "ngram_range", "sublinear_tf", "smooth_idf",
                                              "norm", "min_df", "stop_words")}

    def fit(self, documents: pd.Series) -> DistinctiveTerms:
        """Count and weight the terms of each document.

        Parameters
        ----------
        documents : Series
            Indexed by source id; each value is a text (paragraphs separated
            by blank lines) or a list of sentences.
        """
        documents = pd.Series(documents)
        return self.fit_tokens(documents.index, tokenize_documents(_sentences_of(doc) for doc in documents))

    @gc_paused()
    def fit_tokens(self, index: pd.Index, tokens: Tokens) -> DistinctiveTerms:
        """Count and weight the terms of documents already tokenised.

        Parameters
        ----------
        index : Index
            The source id of each document.
        tokens : Tokens
            The documents (:func:`analysis.features.terms.tokenize_documents`), in the order of ``index``.
        """
        self.sources_ = pd.Index(index)
        tokens = tokens.with_stems()
        self.counts_, self.terms_, words = count_terms(
            tokens, stem=self.stem, ngram_range=self.ngram_range, stop_words=self.stop_words,
            min_df=self.min_df)
        self.surface_ = SurfaceForms().fit_counts(words, dict(zip(tokens.vocab, tokens.stems)))
        transformer = TfidfTransformer(norm=self.norm, use_idf=True, smooth_idf=self.smooth_idf,
                                       sublinear_tf=self.sublinear_tf)
        self.weights_ = transformer.fit_transform(self.counts_).tocsr()
        self.idf_ = transformer.idf_
        self.df_ = np.asarray((self.counts_ > 0).sum(axis=0)).ravel()
        self.__dict__.pop("_index", None)
        return self

    @cached_property
    def _index(self) -> dict[str, int]:
        """Term -> its column (built when first needed)."""
        return {str(t): j for j, t in enumerate(self.terms_)}

    # ---- display
    def display(self, term: str) -> str:
        """A term as readable words (each stem shown as its most frequent word)."""
        return self.surface_.show(term) if self.stem else term

    def key(self, term: str) -> str:
        """A term in canonical surface form, comparable across settings.

        Unstemmed words are stemmed first, so "nation" and "nations" have the
        same key.
        """
        if self.stem:
            return self.surface_.show(term)
        return self.surface_.show(" ".join(stem(w) for w in term.split(" ")))

    # ---- results
    def excluded(self, i: int, *, ubiquitous: bool = True) -> set[int]:
        """Term indices never listed as distinctive for source ``i``.

        * with ``ubiquitous``, terms every source uses (when there are two
          sources or more): they cannot set one source apart;
        * terms subsumed by a longer term: a word or phrase whose every
          occurrence in the source is inside one longer n-gram (e.g.
          "united" when it only occurs in "united states").
        """
        row = self.counts_.getrow(i)
        counts = dict(zip(row.indices.tolist(), row.data.tolist()))
        out = set()
        if ubiquitous and len(self.sources_) > 1:
            out = {j for j in counts if self.df_[j] == len(self.sources_)}
        for j, c in counts.items():
            words = str(self.terms_[j]).split(" ")
            for size in range(1, len(words)):
                for start in range(len(words) - size + 1):
                    part = self._index.get(" ".join(words[start:start + size]))
                    if part is not None and counts.get(part) == c:
                        out.add(part)
        return out

    def ranked(self, i: int, *, distinctive: bool = True) -> list[tuple[int, float]]:
        """(term index, weight) of source ``i``, highest weight first, ties alphabetical.

        With ``distinctive``, the terms of :meth:`excluded` are left out.
        """
        row = self.weights_.getrow(i)
        skip = self.excluded(i) if distinctive else set()
        order = [(int(j), float(w)) for j, w in zip(row.indices, row.data) if int(j) not in skip]
        return sorted(order, key=lambda jw: (-jw[1], self.terms_[jw[0]]))

    def top_terms(self, n: int = 10, *, distinctive: bool = True) -> pd.DataFrame:
        """The ``n`` highest-weighted terms of each source.

        Returns a long table ``source_id, rank, term, display, key, count,
        df, weight``; ties are broken alphabetically, so the order is fixed.
        With ``distinctive`` (the default) the terms of :meth:`excluded` are
        left out; the weights are those of the full model either way.
        """
        rows = []
        for i, sid in enumerate(self.sources_):
            for rank, (j, w) in enumerate(self.ranked(i, distinctive=distinctive)[:n], start=1):
                term = str(self.terms_[j])
                rows.append((sid, rank, term, self.display(term), self.key(term),
                             int(self.counts_[i, j]), int(self.df_[j]), w))
        return pd.DataFrame(rows, columns=["source_id", "rank", "term", "display", "key", "count",
                                           "df", "weight"])

    def top_keys(self, n: int = 15, *, distinctive: bool = True) -> dict[str, list[str]]:
        """Per source, its top ``n`` distinct terms in canonical surface form (see :meth:`key`)."""
        out = {}
        for i, sid in enumerate(self.sources_):
            keys: list[str] = []
            for j, _ in self.ranked(i, distinctive=distinctive):
                k = self.key(str(self.terms_[j]))
                if k not in keys:
                    keys.append(k)
                if len(keys) == n:
                    break
            out[sid] = keys
        return out

    def similarity(self) -> pd.DataFrame:
        """Cosine similarity between sources (symmetric, ones on the diagonal)."""
        x = self.weights_.toarray() if hasattr(self.weights_, "toarray") else np.asarray(self.weights_)
        lengths = np.linalg.norm(x, axis=1, keepdims=True)
        x = np.divide(x, lengths, out=np.zeros_like(x), where=lengths > 0)
        sim = x @ x.T
        sim = np.clip((sim + sim.T) / 2, 0.0, 1.0)
        np.fill_diagonal(sim, 1.0)
        return pd.DataFrame(sim, index=self.sources_, columns=self.sources_)

    def contributions(self, a: str, b: str) -> pd.Series:
        """Each term's summand ``w(t, a) * w(t, b)`` of the cosine of ``a`` and ``b``.

        Computed on unit-length vectors, so the summands add up to the
        cosine. Indexed by term; only terms both sources use.
        """
        i, j = self.sources_.get_loc(a), self.sources_.get_loc(b)
        wa = self.weights_.getrow(i).toarray().ravel()
        wb = self.weights_.getrow(j).toarray().ravel()
        na, nb = np.linalg.norm(wa), np.linalg.norm(wb)
        prod = wa * wb / (na * nb) if na and nb else wa * 0
        idx = np.flatnonzero(prod)
        return pd.Series(prod[idx], index=self.terms_[idx].astype(str), name="product")

    def shared_terms(self, a: str, b: str, k: int = 5, *, distinctive: bool = True) -> pd.DataFrame:
        """The shared terms contributing most to the cosine of sources ``a`` and ``b``.

        Ranked by ``w(t, a) * w(t, b)`` (:meth:`contributions`), ties
        alphabetical. With ``distinctive``, the terms :meth:`excluded` for
        either source are left out: terms every source uses bring every pair
        together, so they do not explain why this pair is closer than others
        (with only two sources every shared term is used by all, so only
        subsumed terms are left out). Returns ``term, display, product,
        share`` where ``share`` is the product's fraction of the cosine.
        """
        prod = self.contributions(a, b)
        total = prod.sum()
        if distinctive:
            i, j = self.sources_.get_loc(a), self.sources_.get_loc(b)
            every = len(self.sources_) > 2
            skip = self.excluded(i, ubiquitous=every) | self.excluded(j, ubiquitous=every)
            prod = prod[[self._index[t] not in skip for t in prod.index]]
        order = sorted(prod.index, key=lambda t: (-prod[t], t))[:k]
        return pd.DataFrame({
            "term": order,
            "display": [self.display(t) for t in order],
            "product": [float(prod[t]) for t in order],
            "share": [float(prod[t] / total) if total else 0.0 for t in order],
        })

    def ubiquitous_share(self, a: str, b: str) -> float:
        """Fraction of the cosine of ``a`` and ``b`` owed to terms every source uses."""
        prod = self.contributions(a, b)
        if not prod.sum():
            return 0.0
        every = [self.df_[self._index[t]] == len(self.sources_) for t in prod.index]
        return float(prod[every].sum() / prod.sum())


# --------------------------------------------------------------------------- stability

#: Settings compared for stability: the first is the chapter's main setting.
SETTINGS = {
    f"{'log' if sub else 'raw'} tf, {'stems' if st else 'words'}, {'1-2' if ng == (1, 2) else '1'}-grams":
        {"sublinear_tf": sub, "stem": st, "ngram_range": ng}
    for sub in (True, False) for st in (True, False) for ng in ((1, 2), (1, 1))
}
MAIN_SETTING = next(iter(SETTINGS))


class TermStability:
    """Do the top terms hold when the TF-IDF settings change?

    Fits :class:`DistinctiveTerms` under each setting and compares each
    source's top ``n`` terms, in canonical surface form (so a stem and the
    words it comes from compare equal), with those of the reference
    setting: ``Jaccard(A, B) = |A & B| / |A | B|``. A term is *robust* when
    it is in the top ``n`` under every setting.

    Parameters
    ----------
    settings : dict
        Name -> keyword arguments of :class:`DistinctiveTerms`; the first is the reference.
    n : int
        Length of the top lists compared.

    Attributes
    ----------
    tops_ : dict
        Setting -> source id -> top ``n`` keys.
    shared_ : DataFrame
        Sources x settings: terms shared with the reference's top ``n``.
    jaccard_ : DataFrame
        Sources x settings: Jaccard index with the reference's top ``n``.
    robust_ : Series
        Per source, the robust terms in the reference's order.

    Examples
    --------
    >>> docs = pd.Series({"a": "Arms control. Arms talks. Treaty.", "b": "Energy prices. Energy talks."})
    >>> st = TermStability(n=2).fit(docs)
    >>> st.robust_.to_dict()
    {'a': ['arms'], 'b': ['energy']}
    """

    def __init__(self, settings: dict | None = None, n: int = 15):
        self.settings = settings
        self.n = n

    def fit(self, documents: pd.Series) -> TermStability:
        documents = pd.Series(documents)
        settings = self.settings or SETTINGS
        tokens = tokenize_documents(_sentences_of(doc) for doc in documents)
        self.tops_ = {name: DistinctiveTerms(**params).fit_tokens(documents.index, tokens)
                      .top_keys(self.n) for name, params in settings.items()}
        ref = self.tops_[next(iter(settings))]
        shared, jacc = {}, {}
        for name, tops in self.tops_.items():
            shared[name] = {s: len(set(tops[s]) & set(ref[s])) for s in documents.index}
            jacc[name] = {s: (len(set(tops[s]) & set(ref[s])) / len(set(tops[s]) | set(ref[s])))
                          if set(tops[s]) | set(ref[s]) else 1.0 for s in documents.index}
        self.shared_ = pd.DataFrame(shared).reindex(documents.index)
        self.jaccard_ = pd.DataFrame(jacc).reindex(documents.index)
        self.robust_ = pd.Series({s: [k for k in ref[s] if all(k in t[s] for t in self.tops_.values())]
                                  for s in documents.index}, dtype=object)
        return self


# --------------------------------------------------------------------------- similarity

def linkage_matrix(similarity: pd.DataFrame, method: str = "average") -> np.ndarray:
    """Hierarchical clustering of sources on cosine distance ``1 - cos``.

    Average linkage (UPGMA) with scipy's optimal leaf ordering, so the order
    of the leaves is fully determined by the distances and the input order.
    """
    dist = squareform(np.clip(1.0 - similarity.to_numpy(), 0.0, None), checks=False)
    return hierarchy.linkage(dist, method=method, optimal_ordering=len(similarity) > 2)


def dendrogram_order(similarity: pd.DataFrame) -> list[str]:
    """Source ids in the leaf order of the dendrogram.

    >>> sim = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> dendrogram_order(sim)
    ['c', 'b', 'a']
    """
    if len(similarity) < 2:
        return list(similarity.index)
    leaves = hierarchy.leaves_list(linkage_matrix(similarity))
    return [similarity.index[i] for i in leaves]


def top_split(similarity: pd.DataFrame) -> list[list[str]]:
    """The two groups of sources joined last in the dendrogram, each in catalog order.

    >>> sim = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> top_split(sim)
    [['a', 'b'], ['c']]
    """
    ids = list(similarity.index)
    if len(ids) < 2:
        return [ids]
    cut = hierarchy.fcluster(linkage_matrix(similarity), 2, criterion="maxclust")
    groups = [[s for s, c in zip(ids, cut) if c == k] for k in dict.fromkeys(cut)]
    return groups


def pairs(similarity: pd.DataFrame) -> pd.DataFrame:
    """Every pair of sources with its similarity, most similar first (ties in catalog order).

    >>> sim = pd.DataFrame([[1, .3, .5], [.3, 1, .2], [.5, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> pairs(sim).values.tolist()
    [['a', 'c', 0.5], ['a', 'b', 0.3], ['b', 'c', 0.2]]
    """
    rows = [(a, b, float(similarity.loc[a, b])) for a, b in combinations(similarity.index, 2)]
    frame = pd.DataFrame(rows, columns=["a", "b", "similarity"])
    return frame.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)


def pair_table(model: DistinctiveTerms, labels: pd.Series, n: int = 3, k: int = 5) -> pd.DataFrame:
    """The ``n`` closest and ``n`` farthest pairs, with the shared terms that bring them together."""
    ranked = pairs(model.similarity())
    n = min(n, len(ranked))
    picks = [("closest", r) for r in ranked.head(n).itertuples()]
    far = ranked.iloc[::-1].head(min(n, len(ranked) - n))
    picks += [("farthest", r) for r in far.itertuples()]
    rows = []
    for kind, r in picks:
        shared = model.shared_terms(r.a, r.b, k)
        rows.append({
            "pair": kind,
            "sources": f"{labels[r.a]} – {labels[r.b]}",
            "cosine": round(r.similarity, 3),
            "% from terms all use": round(100 * model.ubiquitous_share(r.a, r.b), 1),
            "top other shared terms (% of cosine)": ", ".join(
                f"{t} ({100 * s:.1f})" for t, s in zip(shared.display, shared.share)),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- tables

def top_terms_table(model: DistinctiveTerms, labels: pd.Series, n: int = 10) -> pd.DataFrame:
    """One row per source: its top ``n`` terms with their weights."""
    top = model.top_terms(n)
    rows = []
    for sid in model.sources_:
        part = top[top.source_id == sid]
        rows.append({"source": labels[sid],
                     "top terms (count, tf-idf weight)": ", ".join(
                         f"{d} ({c}, {w:.3f})" for d, c, w in zip(part.display, part["count"], part.weight))})
    return pd.DataFrame(rows)


def stability_table(stability: TermStability, labels: pd.Series, max_terms: int = 10) -> pd.DataFrame:
    """Per source: mean and lowest Jaccard index with the main setting, and its robust terms."""
    others = stability.jaccard_.iloc[:, 1:]
    rows = []
    for sid in stability.jaccard_.index:
        robust = stability.robust_[sid]
        shown = ", ".join(robust[:max_terms]) + (" …" if len(robust) > max_terms else "")
        rows.append({"source": labels[sid],
                     "mean Jaccard": round(float(others.loc[sid].mean()), 2) if others.shape[1] else 1.0,
                     "lowest Jaccard": round(float(others.loc[sid].min()), 2) if others.shape[1] else 1.0,
                     "robust terms": len(robust),
                     "robust terms (main-setting order)": shown})
    return pd.DataFrame(rows)


def settings_table(model: DistinctiveTerms) -> pd.DataFrame:
    """The TF-IDF settings of a model, each with what it means."""
    p = model.get_params()
    lo, hi = p["ngram_range"]
    rows = [
        ("document", "one source", "each source's text paragraphs (headings left out)"),
        ("tokens", "words, lower case", "numbers and punctuation dropped; possessive 's dropped; "
                                        "U.S. and US are one token"),
        ("stop words", f"{len(p['stop_words'])} words", "scikit-learn's English list plus contractions; "
                                                       "one-letter words dropped too"),
        ("stemming", "Snowball" if p["stem"] else "none",
         "inflections count together; a stem is shown as its most frequent word"),
        ("n-gram range", f"{lo}-{hi}" if hi > lo else str(lo),
         "n-grams join adjacent content words within a sentence; none contains a stop word"),
        ("tf scaling", "1 + ln(count)" if p["sublinear_tf"] else "raw count",
         "damps repetition of one word" if p["sublinear_tf"] else "counts as they are"),
        ("idf", "ln((1 + n) / (1 + df)) + 1" if p["smooth_idf"] else "ln(n / df) + 1",
         "smoothed: as if one extra source used every term once" if p["smooth_idf"] else "unsmoothed"),
        ("norm", str(p["norm"]), "each source's vector has length 1, so long and short sources compare"),
        ("min_df", str(p["min_df"]), "a term must occur in at least this many sources"),
        ("listing", "distinctive", "terms every source uses, and words only ever seen inside one "
                                   "longer listed phrase, are not listed (they stay in the weights)"),
    ]
    return pd.DataFrame(rows, columns=["setting", "value", "meaning"])


# --------------------------------------------------------------------------- figures

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
                   n: int = 10, ncols: int = 3):
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


# --------------------------------------------------------------------------- findings

def vocabulary_findings(model: DistinctiveTerms, stability: TermStability, labels: pd.Series,
                        sources: pd.DataFrame, collocations: pd.DataFrame | None = None,
                        max_listed: int = 8) -> str:
    """Markdown bullets summarising the vocabulary chapter, computed from the data.

    ``collocations`` is the long table of :func:`analysis.methods.collocations.collocation_scores`.
    """
    top = model.top_terms(3)
    ids = list(model.sources_)
    lines = []
    listed = ids[:max_listed]
    per_source = "; ".join(
        f"{labels[s]}: " + ", ".join(f"*{d}*" for d in top[top.source_id == s].display) for s in listed)
    more = f" (and {len(ids) - len(listed)} more sources)" if len(ids) > len(listed) else ""
    lines.append(f"- The most distinctive terms of each source ({{numref}}`tbl-vocab-top`, "
                 f"{{numref}}`fig-vocab-top`) are {per_source}{more}.")

    others = stability.jaccard_.iloc[:, 1:]
    mean_j = others.mean(axis=1)
    n_robust = stability.robust_.map(len)
    most, least = mean_j.idxmax(), mean_j.idxmin()
    examples = "; ".join(f"{labels[s]}: " + ", ".join(f"*{t}*" for t in stability.robust_[s][:4])
                         for s in listed if stability.robust_[s])
    lines.append(
        f"- The top-{stability.n} lists hold only in part when the settings change "
        f"({{numref}}`fig-vocab-stability`, {{numref}}`tbl-vocab-robust`): the mean Jaccard index with "
        f"the main setting ranges from {mean_j.min():.2f} ({labels[least]}) to {mean_j.max():.2f} "
        f"({labels[most]}), and {int(n_robust.min())} to {int(n_robust.max())} terms per source "
        f"stay in the top {stability.n} under all {len(stability.tops_)} settings"
        + (f". Robust terms include {examples}." if examples else "."))

    sim = model.similarity()
    ranked = pairs(sim)
    refs = "({numref}`fig-vocab-similarity`, {numref}`tbl-vocab-pairs`)"
    if len(ranked) == 1:
        only = ranked.iloc[0]
        shared = ", ".join(f"*{t}*" for t in model.shared_terms(only.a, only.b, 3).display)
        lines.append(f"- The two sources have a cosine similarity of {only.similarity:.2f} {refs}; "
                     f"the shared terms contributing most are {shared or 'none'}.")
    elif len(ranked) > 1:
        close, far = ranked.iloc[0], ranked.iloc[-1]
        shared = ", ".join(f"*{t}*" for t in model.shared_terms(close.a, close.b, 3).display)
        lines.append(
            f"- The closest pair is {labels[close.a]} and {labels[close.b]} (cosine "
            f"{close.similarity:.2f}), sharing in particular {shared or 'no distinctive term'}; "
            f"the farthest is {labels[far.a]} and {labels[far.b]} ({far.similarity:.2f}) {refs}.")
    if len(ranked):
        persp = sources.loc[ids, "perspective"]
        same = [r.similarity for r in ranked.itertuples() if persp[r.a] == persp[r.b]]
        cross = [r.similarity for r in ranked.itertuples() if persp[r.a] != persp[r.b]]
        parts = []
        groups = top_split(sim) if len(ids) > 2 else []
        if len(groups) == 2:
            desc = [f"{labels[g[0]]} on its own" if len(g) == 1 else
                    f"a group of {len(g)} ({', '.join(labels[s] for s in g)})" if len(g) <= max_listed
                    else f"a group of {len(g)}" for g in groups]
            parts.append("At the top of the dendrogram ({numref}`fig-vocab-dendrogram`) the sources "
                         f"split into {desc[0]} and {desc[1]}.")
        if same and cross:
            parts.append(f"Pairs sharing a perspective average a cosine of {np.mean(same):.2f}, "
                         f"pairs across perspectives {np.mean(cross):.2f}; with {len(ids)} sources "
                         "this describes these texts, not a rule.")
        if ranked.similarity.max() < 0.5:
            parts.append(f"No two sources reach a cosine of 0.5 (the highest is "
                         f"{ranked.similarity.max():.2f}): beyond their common topic, each text "
                         "has a vocabulary of its own.")
        if parts:
            lines.append("- " + " ".join(parts))
    if collocations is not None and len(collocations):
        firsts = collocations[collocations["rank"] == 1].set_index("source_id")
        shown = [s for s in ids if s in firsts.index][:max_listed]
        listing = "; ".join(f"{labels[s]}: *{firsts.loc[s, 'collocation']}* "
                            f"(G² = {firsts.loc[s, 'score']:.1f})" for s in shown)
        more = f" (and {len(firsts) - len(shown)} more sources)" if len(firsts) > len(shown) else ""
        lines.append(
            f"- The strongest collocation of each source ({{numref}}`tbl-vocab-collocations`) is "
            f"{listing}{more}. The keyword-in-context lines ({{numref}}`tbl-vocab-kwic`) show "
            "each source's top terms in their passages.")
    return "\n".join(lines)
