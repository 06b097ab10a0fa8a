"""Distinctive vocabulary: TF-IDF terms per source, their stability, and source similarity.

Each source is one document. Its terms are the content words of its text
paragraphs (names normalised, so "United States", "U.S." and "US" are one
token, :data:`analysis.corpus.text.NAMES`; stop words and one-letter words
removed, possessive "'s" dropped; see :func:`analysis.corpus.text.content_tokens`),
optionally stemmed,
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

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfTransformer

from analysis import config
from analysis.corpus.text import STOP_WORDS, SurfaceForms, split_sentences, stem
from analysis.features.terms import Tokens, count_terms, gc_paused, tokenize_documents

# --------------------------------------------------------------------------- documents

def source_sentences(corpus) -> pd.Series:
    """The sentences of each source's text paragraphs, indexed by source id in catalog order.

    Headings are left out (they repeat words the text already uses).
    """
    grouped = corpus.sentences.groupby("source_id", sort=False)["text"].apply(list)
    return pd.Series({sid: grouped.get(sid, []) for sid in corpus.ids}, name="sentences",
                     dtype=object)


def source_paragraphs(corpus) -> pd.Series:
    """The paragraph number of each sentence of :func:`source_sentences`, per source, in the same order.

    >>> from analysis.corpus.load import load_corpus
    >>> corpus = load_corpus()
    >>> [len(p) for p in source_paragraphs(corpus)] == [len(s) for s in source_sentences(corpus)]
    True
    """
    grouped = corpus.sentences.groupby("source_id", sort=False)["para"].apply(list)
    return pd.Series({sid: grouped.get(sid, []) for sid in corpus.ids}, name="paragraphs", dtype=object)


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

    def top_terms(self, n: int = config.VOCAB_TOP_TERMS, *, distinctive: bool = True) -> pd.DataFrame:
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

    def top_keys(self, n: int = config.VOCAB_STABILITY_TOP, *, distinctive: bool = True) -> dict[str, list[str]]:
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

    def __init__(self, settings: dict | None = None, n: int = config.VOCAB_STABILITY_TOP):
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


def extreme_pairs(model: DistinctiveTerms, n: int = config.VOCAB_PAIRS,
                  k: int = config.VOCAB_PAIR_TERMS) -> pd.DataFrame:
    """The ``n`` closest and ``n`` farthest pairs of sources, with the shared terms that bring them together.

    Returns ``pair`` ("closest" or "farthest"), ``a``, ``b``, ``similarity``
    (the cosine), ``ubiquitous_share`` (the fraction of it owed to terms every
    source uses, :meth:`DistinctiveTerms.ubiquitous_share`) and ``shared``, the
    table of :meth:`DistinctiveTerms.shared_terms` (``k`` rows at most). With
    fewer than ``2 n`` pairs, every pair is listed once.

    >>> docs = pd.Series({"a": "Arms talks.", "b": "Arms gas.", "c": "Gas prices."})
    >>> extreme_pairs(DistinctiveTerms().fit(docs), n=1)[["pair", "a", "b"]].values.tolist()
    [['closest', 'a', 'b'], ['farthest', 'a', 'c']]
    """
    ranked = pairs(model.similarity())
    n = min(n, len(ranked))
    picks = [("closest", r) for r in ranked.head(n).itertuples()]
    picks += [("farthest", r) for r in ranked.iloc[::-1].head(min(n, len(ranked) - n)).itertuples()]
    rows = [(kind, r.a, r.b, r.similarity, model.ubiquitous_share(r.a, r.b), model.shared_terms(r.a, r.b, k))
            for kind, r in picks]
    return pd.DataFrame(rows, columns=["pair", "a", "b", "similarity", "ubiquitous_share", "shared"])
