"""Topic models over segments: NMF and LDA, choosing k, coherence, stability.

The documents are the segments of :mod:`analysis.features.chunks` (about 100-200
words each). Terms are stemmed content tokens
(:func:`analysis.corpus.text.content_tokens`, :func:`analysis.corpus.text.stem`),
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

Coherence and stability (used to choose ``k``) are computed on this corpus:

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
* **Stability** across seeds: for two runs, the Jaccard similarity
  ``|A & B| / |A | B|`` of the top-``N`` term sets of every pair of topics,
  topics matched one-to-one by the Hungarian algorithm (Kuhn 1955;
  :func:`scipy.optimize.linear_sum_assignment`) maximising total
  similarity; the run pair's stability is the mean matched similarity, and
  the stability at ``k`` is the mean over all pairs of seeds.

**Choosing k** (:class:`TopicSweep`): for the selecting model (``select_by``,
by default NMF, the model whose topics the chapter reports), the mean NPMI
over seeds and the stability at each ``k`` are standardised across ``k``
(z-scores; 0 if constant) and averaged; the chosen ``k`` has the highest
score (ties go to the smaller k). With ``select_by=None`` the score of ``k``
is the mean of the models' scores. The other model is then compared at the
same ``k``.

>>> texts = ["football goal match team score"] * 3 + ["recipe oven bake flour sugar"] * 3
>>> model = TopicModel(2, method="nmf", min_df=2, max_df=1.0).fit(texts)
>>> sorted(sorted(words[:3]) for words in model.top_words_)
[['bake', 'flour', 'oven'], ['football', 'goal', 'match']]
"""
from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.corpus.text import SurfaceForms, content_tokens, split_sentences, stem, stem_tokens
from analysis.infra.progress import progress
from analysis.report.plotting import wrap

#: The models, by name.
METHODS = ("nmf", "lda")
METHOD_NAMES = {"nmf": "NMF", "lda": "LDA"}

#: Colours of topics: Okabe-Ito (without black), then Paul Tol's "muted" scheme.
TOPIC_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#332288", "#88CCEE", "#117733", "#999933", "#882255", "#44AA99", "#DDCC77",
                 "#AA4499", "#CC6677")


def topic_colour(t: int) -> str:
    """Colour of topic ``t`` (0-based); cycles after 16 topics."""
    return TOPIC_COLOURS[t % len(TOPIC_COLOURS)]


def _analyse(text: str) -> list[str]:
    return stem_tokens(content_tokens(text))


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
    vectorizer = CountVectorizer(analyzer=_analyse, min_df=min_df, max_df=max_df)
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
        Topic-term weights, each row normalised to sum to 1.
    doc_topic_ : ndarray, shape (n_documents, k)
        Topic shares of each document (rows sum to 1; a document with no
        vocabulary term gets equal shares).
    top_terms_ : list of list of str
        The ``n_top`` highest-weighted stems of each topic (ties broken
        alphabetically).
    top_words_ : list of list of str
        The same, as readable surface forms.
    labels_ : list of str
        Short label per topic: its number and top 3 words joined by " / ".
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
        self.doc_topic_ = shares[:, order]
        self.top_terms_ = [list(dt.terms[np.argsort(-row, kind="stable")[: self.n_top]])
                           for row in self.components_]
        self.top_words_ = [[dt.forms.show(t) for t in terms] for terms in self.top_terms_]
        self.labels_ = [f"{i + 1} " + " / ".join(words[:3]) for i, words in enumerate(self.top_words_)]
        return self

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
        values = [np.log((joint[m, l] + 1) / joint[l, l])
                  for m in range(1, len(topic)) for l in range(m) if joint[l, l] > 0]
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


# --------------------------------------------------------------------------- the sweep over k

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


class TopicSweep:
    """Fit both models over a range of ``k`` and several seeds, and choose ``k``.

    Parameters
    ----------
    k_values : iterable of int
        Candidate numbers of topics, capped by :func:`k_candidates`.
    seeds : tuple of int
        Random states; the first is the reference run.
    methods : tuple of str
        Models to fit (see :data:`METHODS`).
    n_top, min_df, max_df :
        As in :class:`TopicModel`.
    select_by : str or None
        The model whose score chooses ``k`` (None: the mean over models).
    progress : bool
        Show a tqdm progress bar when running interactively (default off).

    Attributes
    ----------
    document_terms_ : DocumentTerms
    k_values_ : list of int
        The ``k`` actually fitted (after the cap).
    capped_ : bool
        Whether the cap removed some requested ``k``.
    models_ : dict
        ``(method, k, seed) -> TopicModel``.
    scores_ : DataFrame
        One row per fit: ``method, k, seed, npmi, umass`` (means over topics)
        and ``converged``.
    summary_ : DataFrame
        Per ``method, k``: mean and standard deviation of NPMI over seeds,
        mean UMass, stability, and the standardised score.
    k_scores_ : Series
        The score of each ``k`` (of ``select_by``, or the mean over methods).
    best_k_ : int
        The chosen ``k`` (see the module notes).

    Examples
    --------
    Three planted themes of eight words, each document five consecutive words of one:

    >>> themes = ["football goal match team score league coach player",
    ...           "recipe oven bake flour sugar butter salt dough",
    ...           "election vote party ballot poll candidate senate campaign"]
    >>> texts = [" ".join((t.split() * 2)[i:i + 5]) for t in themes for i in range(8)]
    >>> sweep = TopicSweep(range(2, 6), seeds=(0, 1, 2), n_top=8).fit(texts)
    >>> sweep.k_values_, sweep.best_k_
    ([2, 3, 4, 5], 3)
    """

    def __init__(self, k_values=range(3, 13), *, seeds=(0, 1, 2, 3, 4), methods=METHODS,
                 n_top: int = 10, min_df: int = 2, max_df: float = 0.5, select_by: str | None = "nmf",
                 progress: bool = False):
        self.k_values = k_values
        self.seeds = seeds
        self.methods = methods
        self.n_top = n_top
        self.min_df = min_df
        self.max_df = max_df
        self.select_by = select_by
        self.progress = progress

    def fit(self, texts, y=None) -> TopicSweep:
        dt = texts if isinstance(texts, DocumentTerms) else document_terms(
            texts, min_df=self.min_df, max_df=self.max_df)
        self.document_terms_ = dt
        requested = [int(k) for k in self.k_values]
        self.k_values_ = k_candidates(requested, dt.n_documents, len(dt.terms))
        self.capped_ = self.k_values_ != requested
        grid = list(itertools.product(self.methods, self.k_values_, self.seeds))
        self.models_, rows = {}, []
        if self.progress:
            grid = progress(grid, desc="topic models", unit="model")
        for method, k, seed in grid:
            model = self.fit_one(method, k, seed)
            rows.append((method, k, seed, model.coherence("npmi").mean(), model.coherence("umass").mean(),
                         model.converged_))
        self.scores_ = pd.DataFrame(rows, columns=["method", "k", "seed", "npmi", "umass", "converged"])
        summary = self.scores_.groupby(["method", "k"], sort=False).agg(
            npmi=("npmi", "mean"), npmi_sd=("npmi", "std"), umass=("umass", "mean"))
        summary["stability"] = [
            stability([self.models_[(m, k, s)].top_terms_ for s in self.seeds]) for m, k in summary.index]

        def z(x: pd.Series) -> pd.Series:
            sd = x.std(ddof=0)
            return (x - x.mean()) / sd if sd > 0 else x * 0.0

        summary["score"] = (summary.groupby(level="method")["npmi"].transform(z)
                            + summary.groupby(level="method")["stability"].transform(z).fillna(0)) / 2
        self.summary_ = summary.reset_index()
        chooser = self.summary_
        if self.select_by is not None and self.select_by in self.methods:
            chooser = chooser[chooser["method"] == self.select_by]
        self.k_scores_ = chooser.groupby("k")["score"].mean()
        best = self.k_scores_.max()
        self.best_k_ = int(min(k for k, s in self.k_scores_.items() if np.isclose(s, best)))
        return self

    def fit_one(self, method: str, k: int, seed: int | None = None) -> TopicModel:
        """The model for ``(method, k, seed)``: from the sweep, or fitted now (and kept)."""
        seed = self.seeds[0] if seed is None else seed
        key = (method, k, seed)
        if key not in self.models_:
            self.models_[key] = TopicModel(k, method=method, n_top=self.n_top,
                                           random_state=seed).fit(self.document_terms_)
        return self.models_[key]

    def model(self, method: str = "nmf", k: int | None = None) -> TopicModel:
        """The reference-seed model of ``method`` at ``k`` (default: the chosen k)."""
        return self.fit_one(method, self.best_k_ if k is None else k)

    def table(self) -> pd.DataFrame:
        """The sweep for display: one row per k, columns per model, rounded."""
        s = self.summary_.copy()
        s["model"] = s["method"].map(METHOD_NAMES)
        wide = s.pivot(index="k", columns="model", values=["npmi", "umass", "stability"])
        wide.columns = [f"{measure.replace('npmi', 'NPMI').replace('umass', 'UMass')} {model}"
                        for measure, model in wide.columns]
        order = {METHOD_NAMES[m]: i for i, m in enumerate(self.methods)}
        wide = wide[sorted(wide.columns, key=lambda c: order[c.split()[-1]])].round(3)
        wide["score"] = self.k_scores_.round(2)
        wide.insert(0, "chosen", ["yes" if k == self.best_k_ else "" for k in wide.index])
        return wide.reset_index()


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


def _best_sentence(text: str, terms: set[str]) -> str:
    sentences = split_sentences(text) or [text]
    scores = [sum(stem(t) in terms for t in content_tokens(s)) for s in sentences]
    return sentences[int(np.argmax(scores))]


def shorten(text: str, width: int = 200) -> str:
    """Shorten ``text`` to at most ``width`` characters at a word boundary, adding "…".

    >>> shorten("one two three four", 12)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def topic_table(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame, *,
                width: int = 200) -> pd.DataFrame:
    """One row per topic: label, top words, share of all words, representative passage.

    The representative segment of a topic is the one with the highest share
    of it (ties: the first in catalog and reading order); the passage quoted
    is that segment's sentence with the most of the topic's top terms,
    shortened to ``width`` characters.
    """
    words = segments["words"].to_numpy()
    rows = []
    for t, label in enumerate(model.labels_):
        best = int(np.argmax(model.doc_topic_[:, t]))
        seg = segments.iloc[best]
        quote = shorten(_best_sentence(seg["text"], set(model.top_terms_[t])), width)
        rows.append({
            "topic": label,
            "top words": ", ".join(model.top_words_[t]),
            "% of words": round(100 * float((model.doc_topic_[:, t] * words).sum() / words.sum()), 1),
            "representative passage": f"“{quote}” ({sources.loc[seg['source_id'], 'label']}, "
                                      f"segment {seg['segment']}, share {model.doc_topic_[best, t]:.2f})",
        })
    return pd.DataFrame(rows)


def model_agreement(model_a: TopicModel, model_b: TopicModel) -> pd.DataFrame:
    """Topics of two models matched by the Hungarian algorithm, with their overlap.

    Columns: the two labels, the Jaccard similarity of their top-word sets
    and the shared words (readable forms), in the order of ``model_a``'s topics.
    """
    matched = match_topics(model_a.top_terms_, model_b.top_terms_).sort_values("a")
    forms = model_a.document_terms_.forms
    rows = []
    for a, b, jac in matched.itertuples(index=False):
        shared = [forms.show(t) for t in model_a.top_terms_[int(a)] if t in set(model_b.top_terms_[int(b)])]
        rows.append({model_a.name: model_a.labels_[int(a)], model_b.name: model_b.labels_[int(b)],
                     "Jaccard": round(float(jac), 2), "shared top words": ", ".join(shared) or "none"})
    return pd.DataFrame(rows)


def segment_agreement(model_a: TopicModel, model_b: TopicModel) -> float:
    """Share of segments whose dominant topic in ``model_b``, mapped to ``model_a``'s
    topics by :func:`match_topics`, is the same as in ``model_a``."""
    mapping = _mapping(model_a, model_b)
    dom_a = model_a.doc_topic_.argmax(axis=1)
    dom_b = [mapping.get(int(t), -1) for t in model_b.doc_topic_.argmax(axis=1)]
    return float(np.mean(dom_a == np.array(dom_b)))


def _mapping(reference: TopicModel, other: TopicModel) -> dict[int, int]:
    """``other`` topic -> matched ``reference`` topic (pairs with no shared top term left out)."""
    matched = match_topics(reference.top_terms_, other.top_terms_)
    return {int(b): int(a) for a, b, j in matched.itertuples(index=False) if j > 0}


def dominant_topics(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each source's dominant topic (0-based; -1 for a source without segments)."""
    mix = source_topics(model, segments, sources)
    return mix.apply(lambda r: int(np.argmax(r.to_numpy())) if r.notna().all() else -1, axis=1)


def robustness(sweep: TopicSweep, segments: pd.DataFrame, sources: pd.DataFrame, *,
               method: str = "nmf", k: int | None = None) -> pd.DataFrame:
    """Does each source's dominant topic survive a change of model, k and seed?

    The reference is ``method`` at ``k`` with the first seed. Each
    alternative (the other model at ``k``; the same model at ``k - 1`` and
    ``k + 1``; the same model with each other seed) has its topics matched to
    the reference topics (:func:`match_topics`; a pair sharing no top term
    is no match); the source's dominant topic *holds* when the
    alternative's dominant topic is matched to the reference's. ``robust``
    is "yes" when it holds under every alternative.
    """
    k = sweep.best_k_ if k is None else k
    ref = sweep.fit_one(method, k)
    ref_dom = dominant_topics(ref, segments, sources)
    other = [m for m in sweep.methods if m != method]
    alternatives = [(f"{METHOD_NAMES[m]}, k={k}", sweep.fit_one(m, k)) for m in other]
    alternatives += [(f"{METHOD_NAMES[method]}, k={kk}", sweep.fit_one(method, kk))
                     for kk in (k - 1, k + 1) if kk >= 2 and kk <= max(k_candidates(
                         [kk], sweep.document_terms_.n_documents, len(sweep.document_terms_.terms)))]
    table = pd.DataFrame({"source": sources["label"],
                          "dominant topic": [ref.labels_[t] if t >= 0 else "" for t in ref_dom]})
    holds_all = pd.Series(ref_dom >= 0, index=sources.index)
    for name, alt in alternatives:
        mapping = _mapping(ref, alt)
        dom = dominant_topics(alt, segments, sources).map(lambda t: mapping.get(int(t), -2))
        same = (dom == ref_dom) & (ref_dom >= 0)
        table[name] = same.map({True: "same", False: "differs"})
        holds_all &= same
    seeds = list(sweep.seeds[1:])
    if seeds:
        agree = pd.Series(0, index=sources.index)
        for seed in seeds:
            alt = sweep.fit_one(method, k, seed)
            mapping = _mapping(ref, alt)
            dom = dominant_topics(alt, segments, sources).map(lambda t: mapping.get(int(t), -2))
            agree += ((dom == ref_dom) & (ref_dom >= 0)).astype(int)
        table["other seeds"] = agree.map(lambda a: f"{a}/{len(seeds)}")
        holds_all &= agree == len(seeds)
    table["robust"] = holds_all.map({True: "yes", False: "no"})
    return table


def topic_switches(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per source: segments, distinct dominant topics and switches between consecutive segments."""
    seg = segment_topics(model, segments)
    rows = []
    for sid in sources.index:
        dom = seg.loc[seg.source_id == sid, "dominant"].to_numpy()
        rows.append({"source": sources.loc[sid, "label"], "segments": len(dom),
                     "topics": len(set(dom.tolist())),
                     "switches": int((dom[1:] != dom[:-1]).sum()) if len(dom) else 0})
    return pd.DataFrame(rows, index=sources.index)


# --------------------------------------------------------------------------- figures

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
                            color="white" if t in (0, 5, 7, 9, 11) else "black")
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
                        color="white" if int(dom) in (0, 5, 7, 9, 11) else "black")
            x += w
    ax.set_yticks(range(n), [wrap(lab, 24) for lab in sources["label"]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("position in the text (% of its words)")
    ax.spines["left"].set_visible(False)
    _topic_legend(fig, model.labels_)
    return fig


# --------------------------------------------------------------------------- findings

def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def topic_findings(sweep: TopicSweep, segments: pd.DataFrame, sources: pd.DataFrame, *,
                   method: str = "nmf", min_segments: int = 3) -> str:
    """Markdown bullets summarising the topics chapter, computed from the data."""
    k = sweep.best_k_
    ref = sweep.model(method)
    other_methods = [m for m in sweep.methods if m != method]
    name = METHOD_NAMES[method]
    s = sweep.summary_.set_index(["method", "k"])
    n_seg = len(segments)
    lines = [
        f"- The {len(sources)} sources give {n_seg} segments (median {int(segments['words'].median())} words; "
        "{numref}`tbl-topics-segments`), the documents every model here is fitted on."]
    few = segments.groupby("source_id").size().reindex(sources.index).fillna(0)
    few = few[few < min_segments]
    if len(few):
        lines.append("- " + ", ".join(f"{sources.loc[sid, 'label']} ({int(c)})" for sid, c in few.items())
                     + f" {'has' if len(few) == 1 else 'have'} fewer than {min_segments} segments: "
                     "their topic mixes rest on very few passages.")
    parts = ", ".join(f"{METHOD_NAMES[m]} NPMI {s.loc[(m, k), 'npmi']:.2f} and stability "
                      f"{s.loc[(m, k), 'stability']:.2f}" for m in sweep.methods)
    lines.append(f"- The sweep over k = {sweep.k_values_[0]}-{sweep.k_values_[-1]} and {len(sweep.seeds)} "
                 f"seeds chooses k = {k} ({parts}; {{numref}}`fig-topics-sweep`, {{numref}}`tbl-topics-sweep`)."
                 + (" The range of k was capped by the number of segments." if sweep.capped_ else ""))
    shares = ref.doc_topic_.T @ segments["words"].to_numpy() / segments["words"].sum()
    top = np.argsort(-shares, kind="stable")[:3]
    lines.append(f"- The largest {name} topics are " + "; ".join(
        f"*{ref.labels_[t]}* ({_pct(shares[t])} of the words)" for t in top)
        + f" ({{numref}}`tbl-topics-{method}`).")
    dom = dominant_topics(ref, segments, sources)
    mix = source_topics(ref, segments, sources)
    dom_ok = dom[dom >= 0]
    n_dom = dom_ok.nunique()
    if len(sources) <= 8:
        detail = "; ".join(f"{sources.loc[sid, 'label']}: *{ref.labels_[t]}* ({_pct(mix.loc[sid].iloc[t])})"
                           for sid, t in dom_ok.items())
    else:
        counts = dom_ok.value_counts()
        detail = "; ".join(f"*{ref.labels_[t]}* in {c}" for t, c in counts.head(5).items())
    lines.append(f"- Under {name}, the sources' dominant topics cover {n_dom} of the {k} topics ({detail}; "
                 "{numref}`fig-topics-heatmap`).")
    persp = group_topics(ref, segments, sources, "perspective", counts=False)
    if len(persp) >= 2:
        gap = (persp.max() - persp.min())
        t = int(np.argmax(gap.to_numpy()))
        hi, lo = persp.iloc[:, t].idxmax(), persp.iloc[:, t].idxmin()
        lines.append(f"- The topic that most separates perspectives is *{ref.labels_[t]}*: "
                     f"{_pct(persp.iloc[:, t].max())} of the words of {hi} sources against "
                     f"{_pct(persp.iloc[:, t].min())} of {lo} ({{numref}}`fig-topics-groups`).")
    era = group_topics(ref, segments, sources, "era", counts=False)
    if len(era) >= 2:
        lines.append("- By era, the leading topic is " + "; ".join(
            f"*{ref.labels_[int(np.argmax(r.to_numpy()))]}* in {g}" for g, r in era.iterrows())
            + " ({numref}`fig-topics-groups`); with one or two sources per era this is a contrast "
              "between texts more than between periods.")
    sw = topic_switches(ref, segments, sources)
    sw = sw[sw["segments"] > 1]
    if len(sw):
        most = sw["switches"].idxmax()
        lines.append(f"- Read in order, the sources change dominant topic {sw['switches'].sum()} times over "
                     f"{int(sw['segments'].sum())} segments; {sources.loc[most, 'label']} moves most "
                     f"({sw.loc[most, 'switches']} changes across {sw.loc[most, 'topics']} topics; "
                     "{numref}`fig-topics-strips`).")
    for m in other_methods:
        alt = sweep.model(m)
        agreement = model_agreement(ref, alt)
        good = int((agreement["Jaccard"] >= 0.25).sum())
        lines.append(f"- Matched one-to-one, {name} and {METHOD_NAMES[m]} topics share a mean Jaccard of "
                     f"{agreement['Jaccard'].mean():.2f} over their top ten words; {good} of {k} pairs "
                     f"reach 0.25, and {_pct(segment_agreement(ref, alt))} of segments get matching dominant "
                     "topics ({numref}`tbl-topics-agreement`).")
    rob = robustness(sweep, segments, sources, method=method)
    robust = rob[rob["robust"] == "yes"]
    names = ", ".join(robust["source"]) if len(robust) <= 8 else f"{len(robust)} sources"
    lines.append(f"- The dominant topic of {len(robust)} of {len(rob)} sources survives a change of model, "
                 f"of k by one and of seed{' (' + names + ')' if len(robust) else ''}; the others' depend "
                 "on modelling choices and should not be read as findings ({numref}`tbl-topics-robust`).")
    return "\n".join(lines)


def choice_note(sweep: TopicSweep) -> str:
    """One paragraph stating the chosen ``k`` and the numbers behind the choice."""
    s = sweep.summary_.set_index(["method", "k"])
    k = sweep.best_k_
    by = sweep.select_by if sweep.select_by in sweep.methods else None
    who = METHOD_NAMES[by] if by else "the mean of the models"
    m = by or sweep.methods[0]
    npmi_rank = int(s.loc[m]["npmi"].rank(ascending=False, method="min")[k])
    stab_rank = int(s.loc[m]["stability"].rank(ascending=False, method="min")[k])
    n = len(sweep.k_values_)
    text = (f"The rule chooses **k = {k}**: the best score of {who} ({sweep.k_scores_[k]:.2f}), "
            f"with {METHOD_NAMES[m]} coherence ranked {npmi_rank} and stability ranked {stab_rank} "
            f"of the {n} values of k tried (NPMI {s.loc[(m, k), 'npmi']:.3f}, stability "
            f"{s.loc[(m, k), 'stability']:.2f}).")
    if k in (sweep.k_values_[0], sweep.k_values_[-1]) and n > 1:
        text += " The choice lies at the edge of the range tried, so a wider sweep might choose otherwise."
    stopped = int((~sweep.scores_["converged"]).sum())
    if stopped:
        text += (f" {stopped} of {len(sweep.scores_)} fits stopped at their iteration limit before "
                 "converging; their topics are kept as they are.")
    if sweep.capped_:
        text += (f" The range of k was capped at {sweep.k_values_[-1]} because there are only "
                 f"{sweep.document_terms_.n_documents} segments.")
    return text
