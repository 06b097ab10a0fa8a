"""Topic models over segments: the document-term matrix, NMF and LDA, coherence, matching.

The documents are the segments of :mod:`analysis.features.chunks` (about 100-200
words each). Terms are what :func:`analyse` returns (stemmed content tokens,
:func:`analysis.corpus.text.content_tokens`, :func:`analysis.corpus.text.stem`),
shown as their most frequent surface word
(:class:`analysis.corpus.text.SurfaceForms`).

Two models, both from scikit-learn with fixed seeds:

* **NMF** (Lee & Seung 1999) on the TF-IDF matrix ``X`` (smoothed idf,
  rows l2-normalised): ``X ~ W H`` with ``W, H >= 0``, minimising the
  Frobenius norm, from a random initialisation drawn with ``random_state``.
* **LDA** (Blei, Ng & Jordan 2003) on raw counts, batch variational Bayes,
  priors ``alpha = eta = 1 / k``, stopped when the perplexity (checked every
  5 iterations) changes by less than 0.1, or after 100 iterations.

A segment's topic shares are its row of ``W`` (NMF) or its posterior topic
proportions (LDA), normalised to sum to 1. A source's topic mix is the mean
of its segments' shares weighted by their word counts:
``theta_s = sum_d words_d * theta_d / sum_d words_d``.

Coherence and stability are computed on this corpus:

* **NPMI** (Bouma 2009; Röder et al. 2015) of the top-``N`` terms of a topic,
  with probabilities from segment co-occurrence (``D(w)`` segments contain
  ``w``, ``D(w, v)`` contain both, ``D`` segments in all)::

      NPMI(w, v) = log(P(w, v) / (P(w) P(v))) / -log P(w, v)
      P(w) = D(w) / D,  P(w, v) = D(w, v) / D

  ``NPMI = -1`` when ``D(w, v) = 0`` and ``1`` when ``P(w, v) = 1``; the
  topic's coherence is the mean over its ``N (N - 1) / 2`` pairs, in
  ``[-1, 1]``.
* **UMass** (Mimno et al. 2011), the mean over ordered pairs of top terms
  (``v_l`` ranked above ``v_m``) of ``log((D(v_m, v_l) + 1) / D(v_l))``
  (Mimno et al. sum the pairs; the mean makes it comparable across ``N``).
* **Stability** across seeds (Greene et al. 2014): for two runs, the Jaccard
  similarity ``|A & B| / |A | B|`` of the top-``N`` term sets of every pair of
  topics, topics matched one-to-one by the Hungarian algorithm (Kuhn 1955;
  :func:`scipy.optimize.linear_sum_assignment`) maximising total
  similarity; the run pair's stability is the mean matched similarity, and
  the stability at ``k`` is the mean over all pairs of seeds.

The sweep over ``k`` that chooses the number of topics is
:class:`analysis.methods.topics.TopicSweep`; the checks of what the models
show are in :mod:`analysis.methods.topic_robustness`.

>>> texts = ["football goal match team score"] * 3 + ["recipe oven bake flour sugar"] * 3
>>> model = TopicModel(2, method="nmf", min_df=2, max_df=1.0).fit(texts)
>>> sorted(sorted(words[:3]) for words in model.top_words_)
[['bake', 'flour', 'oven'], ['football', 'goal', 'match']]
"""
from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.corpus.text import SurfaceForms, content_tokens
from analysis.features.terms import TermAnalyzer

#: The models, by name.
METHODS = ("nmf", "lda")
METHOD_NAMES = {"nmf": "NMF", "lda": "LDA"}

#: Top words in a topic's label.
LABEL_WORDS = 3


#: The book's one definition of a term, as the topic models count it: stemmed content words.
UNIGRAMS = TermAnalyzer(ngram_range=(1, 1))


def analyse(text: str) -> list[str]:
    """The terms of ``text`` as the topic models count them: :data:`UNIGRAMS`, the book's
    :class:`~analysis.features.terms.TermAnalyzer` without n-grams.

    Every count of the topics chapter goes through this one function (the
    ``analyzer`` of its :class:`~sklearn.feature_extraction.text.CountVectorizer`,
    the coherence of the topics, the passage quoted for a topic).

    >>> analyse("The talks on arms control")
    ['talk', 'arm', 'control']
    """
    return UNIGRAMS(text)


# --------------------------------------------------------------------------- document-term matrix

@dataclass
class DocumentTerms:
    """A document-term matrix with its terms and their surface forms.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        ``documents x terms`` counts of stemmed content tokens.
    terms : ndarray of str
        The stems, in column order (alphabetical).
    forms : SurfaceForms
        Readable forms of the stems, fitted on the same texts.
    """

    counts: sparse.csr_matrix
    terms: np.ndarray
    forms: SurfaceForms

    @property
    def n_documents(self) -> int:
        return self.counts.shape[0]

    def tfidf(self) -> sparse.csr_matrix:
        """TF-IDF (``tf * (ln((1 + D) / (1 + D(w))) + 1)``, rows l2-normalised)."""
        return TfidfTransformer().fit_transform(self.counts).tocsr()

    def presence(self) -> sparse.csc_matrix:
        """Binary ``documents x terms`` matrix (term occurs in the document)."""
        return (self.counts > 0).astype(np.int64).tocsc()


def document_terms(texts, *, min_df: int = 2, max_df: float = 0.5) -> DocumentTerms:
    """Count stemmed content tokens per document.

    Terms in fewer than ``min_df`` documents (too rare to define a theme) or
    in more than a share ``max_df`` of them (too common to tell themes apart,
    such as the two countries' names) are dropped; when the corpus is so
    small that ``max_df`` would leave fewer documents than ``min_df``, the
    upper bound is lifted.

    >>> dt = document_terms(["Russia talks", "Russia talked", "Oil prices"], min_df=1, max_df=1.0)
    >>> list(dt.terms), dt.counts.toarray().tolist(), dt.forms.show("talk")
    (['oil', 'price', 'russia', 'talk'], [[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0]], 'talked')
    """
    texts = list(texts)
    if isinstance(max_df, float) and max_df * len(texts) < min_df:
        max_df = 1.0
    vectorizer = CountVectorizer(analyzer=analyse, min_df=min_df, max_df=max_df)
    counts = vectorizer.fit_transform(texts).tocsr()
    forms = SurfaceForms().fit(tok for text in texts for tok in content_tokens(text))
    return DocumentTerms(counts, vectorizer.get_feature_names_out(), forms)



# --------------------------------------------------------------------------- the model

class TopicModel:
    """NMF on TF-IDF or LDA on counts, with readable top words.

    Parameters
    ----------
    n_topics : int
        Number of topics ``k``.
    method : {"nmf", "lda"}
        The model (see the module notes).
    n_top : int
        Top terms kept per topic.
    min_df, max_df :
        Vocabulary bounds (:func:`document_terms`).
    random_state : int
        Seed of the initialisation.
    max_iter : int, optional
        Iterations (default 1000 for NMF, 100 for LDA).

    Attributes
    ----------
    document_terms_ : DocumentTerms
        The matrix the model was fitted on.
    components_ : ndarray, shape (k, n_terms)
        Topic-term weights, each row normalised to sum to 1 (None in a model
        restored by :meth:`from_record`).
    doc_topic_ : ndarray, shape (n_documents, k)
        Topic shares of each document (rows sum to 1; a document with no
        vocabulary term gets equal shares).
    top_terms_ : list of list of str
        The ``n_top`` highest-weighted stems of each topic (ties broken
        alphabetically).
    top_words_ : list of list of str
        The same, as readable surface forms.
    labels_ : list of str
        Short label per topic: its number and top :data:`LABEL_WORDS` words joined by " / ".
    model_ : sklearn estimator
        The fitted scikit-learn model.
    n_iter_ : int
        Iterations run.
    converged_ : bool
        Whether the fit stopped before ``max_iter`` (no warning is printed).

    Topics are numbered by decreasing share of all documents (the mean of
    ``doc_topic_`` columns), so topic 1 is the largest.

    Examples
    --------
    >>> texts = ["football goal match team"] * 3 + ["recipe oven bake flour"] * 3
    >>> lda = TopicModel(2, method="lda", min_df=2, max_df=1.0).fit(texts)
    >>> lda.doc_topic_.shape, sorted(sorted(w[:4]) for w in lda.top_words_)
    ((6, 2), [['bake', 'flour', 'oven', 'recipe'], ['football', 'goal', 'match', 'team']])
    """

    def __init__(self, n_topics: int = 5, *, method: str = "nmf", n_top: int = 10, min_df: int = 2,
                 max_df: float = 0.5, random_state: int = 0, max_iter: int | None = None):
        self.n_topics = n_topics
        self.method = method
        self.n_top = n_top
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state
        self.max_iter = max_iter

    def fit(self, texts, y=None) -> TopicModel:
        """Fit on a list of texts, or on a :class:`DocumentTerms` already built."""
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {self.method!r}")
        dt = texts if isinstance(texts, DocumentTerms) else document_terms(
            texts, min_df=self.min_df, max_df=self.max_df)
        self.document_terms_ = dt
        k = self.n_topics
        if self.method == "nmf":
            est = NMF(n_components=k, init="random", random_state=self.random_state,
                      max_iter=self.max_iter or 1000, tol=1e-4)
            data = dt.tfidf()
        else:
            est = LatentDirichletAllocation(n_components=k, learning_method="batch",
                                            random_state=self.random_state,
                                            max_iter=self.max_iter or 100,
                                            evaluate_every=5, perp_tol=0.1)
            data = dt.counts
        with warnings.catch_warnings():
            # non-convergence is recorded in converged_ rather than printed
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights = est.fit_transform(data)
        self.n_iter_ = int(est.n_iter_)
        self.converged_ = self.n_iter_ < est.max_iter
        comp = np.asarray(est.components_, dtype=float)
        comp = comp / np.where(comp.sum(axis=1, keepdims=True) > 0, comp.sum(axis=1, keepdims=True), 1)
        totals = weights.sum(axis=1, keepdims=True)
        shares = np.where(totals > 0, weights / np.where(totals > 0, totals, 1), 1.0 / k)
        order = np.argsort(-shares.mean(axis=0), kind="stable")
        self.model_ = est
        self.components_ = comp[order]
        top_terms = [[str(t) for t in dt.terms[np.argsort(-row, kind="stable")[: self.n_top]]]
                     for row in self.components_]
        return self._set_results(shares[:, order], top_terms)

    def _set_results(self, doc_topic: np.ndarray, top_terms: list[list[str]]) -> TopicModel:
        dt = self.document_terms_
        self.doc_topic_ = doc_topic
        self.top_terms_ = top_terms
        self.top_words_ = [[dt.forms.show(t) for t in terms] for terms in self.top_terms_]
        self.labels_ = [f"{i + 1} " + " / ".join(words[:LABEL_WORDS]) for i, words in enumerate(self.top_words_)]
        return self

    def to_record(self) -> dict:
        """The fitted results as plain data (lists, numbers, strings): what a cache stores.

        Floats are kept at full precision, so :meth:`from_record` gives back
        the same shares and top terms.
        """
        return {"doc_topic": self.doc_topic_.tolist(), "top_terms": [list(t) for t in self.top_terms_],
                "n_iter": self.n_iter_, "converged": bool(self.converged_)}

    @classmethod
    def from_record(cls, record: dict, document_terms: DocumentTerms, n_topics: int, **params) -> TopicModel:
        """A model restored from :meth:`to_record` on the matrix it was fitted on.

        It has the shares, top terms, words and labels of the fitted model;
        ``components_`` and ``model_`` are None (refit to get them).

        >>> texts = ["football goal match team"] * 3 + ["recipe oven bake flour"] * 3
        >>> fitted = TopicModel(2, max_df=1.0).fit(texts)
        >>> back = TopicModel.from_record(fitted.to_record(), fitted.document_terms_, 2, max_df=1.0)
        >>> back.labels_ == fitted.labels_, bool((back.doc_topic_ == fitted.doc_topic_).all())
        (True, True)
        """
        model = cls(n_topics, **params)
        model.document_terms_ = document_terms
        model.model_ = model.components_ = None
        model.n_iter_, model.converged_ = int(record["n_iter"]), bool(record["converged"])
        return model._set_results(np.array(record["doc_topic"], dtype=float),
                                  [list(t) for t in record["top_terms"]])

    @property
    def name(self) -> str:
        """Display name, e.g. ``"NMF, k=5"``."""
        return f"{METHOD_NAMES[self.method]}, k={self.n_topics}"

    def coherence(self, measure: str = "npmi") -> np.ndarray:
        """Coherence of each topic on the fitted documents (``"npmi"`` or ``"umass"``)."""
        return coherence(self.top_terms_, self.document_terms_, measure)


# --------------------------------------------------------------------------- coherence

def _top_indices(top_terms, terms) -> list[list[int]]:
    position = {t: i for i, t in enumerate(terms)}
    return [[position[t] for t in topic] for topic in top_terms]


def npmi(top: list[list[int]], presence) -> np.ndarray:
    """NPMI coherence of each topic from a binary document-term matrix.

    Parameters
    ----------
    top : list of list of int
        Column indices of each topic's top terms.
    presence : array-like or sparse, shape (n_documents, n_terms)
        1 where the term occurs in the document.

    Examples
    --------
    Terms 0 and 1 occur together in 1 of 4 documents, each in 2:
    ``log((1/4) / (2/4 * 2/4)) / -log(1/4) = 0``; terms 0 and 2 always
    co-occur (``P = 2/4``): ``log(2) / log(2) = 1``.

    >>> X = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 0], [0, 0, 0]])
    >>> npmi([[0, 1], [0, 2]], X).round(3).tolist()
    [0.0, 1.0]
    """
    X = sparse.csc_matrix(presence, dtype=np.int64)
    n_docs = X.shape[0]
    out = []
    for topic in top:
        cols = X[:, topic]
        joint = (cols.T @ cols).toarray().astype(float)
        single = np.diag(joint)
        values = []
        for i, j in itertools.combinations(range(len(topic)), 2):
            d_ij = joint[i, j]
            if d_ij == 0:
                values.append(-1.0)
            elif d_ij == n_docs:
                values.append(1.0)
            else:
                p_ij = d_ij / n_docs
                values.append(np.log(p_ij / (single[i] / n_docs * single[j] / n_docs)) / -np.log(p_ij))
        out.append(float(np.mean(values)) if values else 0.0)
    return np.array(out)


def umass(top: list[list[int]], presence) -> np.ndarray:
    """UMass coherence of each topic (mean over ranked pairs), see the module notes.

    Examples
    --------
    Term 0 is ranked first and occurs in 2 documents, together with term 1
    in 1 of them: ``log((1 + 1) / 2) = 0``. Swapping the ranks divides by
    ``D(term 1) = 2`` as well; with term 2 (in 3 documents, 2 with term 0)
    ranked first: ``log((2 + 1) / 3) = 0``; ranked second: ``log(3 / 2)``.

    >>> X = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 1]])
    >>> umass([[0, 1], [2, 0], [0, 2]], X).round(3).tolist()
    [0.0, 0.0, 0.405]
    """
    X = sparse.csc_matrix(presence, dtype=np.int64)
    out = []
    for topic in top:
        cols = X[:, topic]
        joint = (cols.T @ cols).toarray().astype(float)
        values = [np.log((joint[lower, upper] + 1) / joint[upper, upper])
                  for lower in range(1, len(topic)) for upper in range(lower) if joint[upper, upper] > 0]
        out.append(float(np.mean(values)) if values else 0.0)
    return np.array(out)


def coherence(top_terms: list[list[str]], dt: DocumentTerms, measure: str = "npmi") -> np.ndarray:
    """Coherence of topics given as lists of terms, on the documents of ``dt``."""
    funcs = {"npmi": npmi, "umass": umass}
    return funcs[measure](_top_indices(top_terms, dt.terms), dt.presence())


# --------------------------------------------------------------------------- matching and stability

def jaccard_matrix(topics_a: list[list[str]], topics_b: list[list[str]]) -> np.ndarray:
    """Jaccard similarity of the term sets of every pair of topics.

    >>> jaccard_matrix([["a", "b"], ["c", "d"]], [["a", "c"], ["c", "d"]]).round(3).tolist()
    [[0.333, 0.0], [0.333, 1.0]]
    """
    sets_a, sets_b = [set(t) for t in topics_a], [set(t) for t in topics_b]
    return np.array([[len(a & b) / len(a | b) if a | b else 0.0 for b in sets_b] for a in sets_a])


def match_topics(topics_a: list[list[str]], topics_b: list[list[str]]) -> pd.DataFrame:
    """Match topics one-to-one (Hungarian algorithm) maximising total Jaccard similarity.

    Returns one row per matched pair: ``a, b`` (0-based topic indices) and
    ``jaccard``; with different numbers of topics, ``min(k_a, k_b)`` pairs.

    >>> match_topics([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]]).values.tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]]
    """
    sim = jaccard_matrix(topics_a, topics_b)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return pd.DataFrame({"a": rows, "b": cols, "jaccard": sim[rows, cols]})


def matched_similarity(topics_a: list[list[str]], topics_b: list[list[str]]) -> float:
    """Mean Jaccard similarity of Hungarian-matched topics.

    >>> matched_similarity([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "e"]])
    0.6666666666666666
    """
    return float(match_topics(topics_a, topics_b)["jaccard"].mean())


def stability(runs: list[list[list[str]]]) -> float:
    """Mean matched similarity over all pairs of runs (e.g. seeds).

    >>> stability([[["a", "b"]], [["a", "b"]], [["a", "c"]]])  # (1 + 1/3 + 1/3) / 3
    0.5555555555555555
    """
    pairs = list(itertools.combinations(runs, 2))
    if not pairs:
        return float("nan")
    return float(np.mean([matched_similarity(a, b) for a, b in pairs]))


# --------------------------------------------------------------------------- the values of k

def k_candidates(k_values, n_documents: int, n_terms: int) -> list[int]:
    """The values of ``k`` worth fitting: at least 2, and at most half the documents
    (so a topic could hold two documents on average) and fewer than the terms.

    >>> k_candidates(range(3, 13), 60, 500), k_candidates(range(3, 13), 9, 500)
    ([3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4])
    >>> k_candidates(range(3, 13), 5, 500)
    [2]
    """
    cap = min(n_documents // 2, n_terms - 1)
    if cap < 2:
        raise ValueError(f"too few documents ({n_documents}) or terms ({n_terms}) for a topic model")
    ks = [k for k in k_values if 2 <= k <= cap]
    return ks or [min(max(2, min(k_values)), cap)]


# --------------------------------------------------------------------------- results per segment and source

def segment_topics(model: TopicModel, segments: pd.DataFrame) -> pd.DataFrame:
    """Segments with their topic shares (columns ``0..k-1``) and ``dominant`` topic (0-based)."""
    shares = pd.DataFrame(model.doc_topic_, index=segments.index)
    out = segments[["source_id", "segment", "words"]].join(shares)
    out["dominant"] = model.doc_topic_.argmax(axis=1)
    return out


def source_topics(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Topic mix of each source: word-weighted mean of its segments' shares.

    Rows are the catalog's sources (in its order; a source without segments
    is all NaN), columns the topic labels.
    """
    weighted = pd.DataFrame(model.doc_topic_ * segments["words"].to_numpy()[:, None],
                            index=segments.index, columns=model.labels_)
    weighted["source_id"] = segments["source_id"].to_numpy()
    sums = weighted.groupby("source_id").sum()
    totals = segments.groupby("source_id")["words"].sum()
    return sums.div(totals, axis=0).reindex(sources.index)


def group_topics(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame,
                 by: str, *, counts: bool = True) -> pd.DataFrame:
    """Topic shares of the words of each group of sources (e.g. ``by="era"``).

    Every word counts once, so a long source weighs more than a short one.
    With ``counts`` the index labels each group with its number of sources,
    e.g. ``"Western (3)"``; groups follow their first appearance in the catalog.
    """
    group_of = sources[by].astype(str)
    weighted = pd.DataFrame(model.doc_topic_ * segments["words"].to_numpy()[:, None],
                            index=segments.index, columns=model.labels_)
    groups = segments["source_id"].map(group_of).to_numpy()
    sums = weighted.groupby(groups).sum()
    totals = segments.groupby(groups)["words"].sum()
    out = sums.div(totals, axis=0)
    order = [g for g in dict.fromkeys(group_of) if g in out.index]
    n_sources = group_of.value_counts()
    out = out.loc[order]
    if counts:
        out.index = [f"{g} ({n_sources[g]})" for g in order]
    return out


def dominant_topics(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each source's dominant topic (0-based; -1 for a source without segments)."""
    mix = source_topics(model, segments, sources)
    return mix.apply(lambda r: int(np.argmax(r.to_numpy())) if r.notna().all() else -1, axis=1)


