"""Topic models: the sweep that chooses k (cached on disk), and the front of the topic modules.

The models, the document-term matrix, coherence and matching are in
:mod:`analysis.methods.topic_models`; the checks of what the models show
(agreement against chance, robustness of dominant topics) in
:mod:`analysis.methods.topic_robustness`; the corpus-size experiment in
:mod:`analysis.methods.topic_size`. Their public names are importable from here.

**Choosing k** (:class:`TopicSweep`): for the selecting model (``select_by``,
by default NMF, the model whose topics the chapter reports), the mean NPMI
over seeds and the stability at each ``k`` are standardised across ``k``
(z-scores; 0 if constant) and averaged; the chosen ``k`` has the highest
score (ties go to the smaller k). With ``select_by=None`` the score of ``k``
is the mean of the models' scores. The other model is then compared at the
same ``k``. The defaults are the topics chapter's settings in
:mod:`analysis.config` (:func:`analysis.config.topic_sweep_settings`).

**Cache.** Fitting every model of the sweep takes tens of seconds, and every
chapter run, test and export needs it. The fitted results (each model's
segment shares and top terms, and the scores) are stored with
:func:`analysis.infra.cache.cached` (JSON, under :data:`analysis.config.CACHE`)
under a key made of

* the document-term matrix (its counts and terms: so the segments' texts and
  the definition of a term, :func:`analysis.methods.topic_models.analyse`),
* the sweep's parameters, and
* the code version (:func:`code_version`: :data:`SWEEP_VERSION`, the source of
  the modules that fit and score the models, and the versions of
  scikit-learn, SciPy and NumPy).

A second sweep of the same input reads the results instead of fitting; any
change of input fits again.
"""
from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn

from analysis import config
from analysis.infra import cache as _cache
from analysis.infra.progress import progress
from analysis.methods import topic_models as _models
from analysis.methods.topic_models import (
    METHOD_NAMES,
    METHODS,
    DocumentTerms,
    TopicModel,
    analyse,
    coherence,
    document_terms,
    dominant_topics,
    group_topics,
    jaccard_matrix,
    k_candidates,
    match_topics,
    matched_similarity,
    npmi,
    segment_topics,
    source_topics,
    stability,
    umass,
)
from analysis.methods.topic_robustness import (
    agreement_by_k,
    chance_agreement,
    dominant_agreement,
    label_agreement,
    model_agreement,
    permutation_agreement,
    robustness,
    segment_agreement,
    shorten,
    topic_switches,
    topic_table,
)

__all__ = [
    "METHODS", "METHOD_NAMES", "DocumentTerms", "TopicModel", "TopicSweep", "analyse", "agreement_by_k",
    "chance_agreement", "code_version", "coherence", "document_terms", "dominant_agreement",
    "dominant_topics", "group_topics", "jaccard_matrix", "k_candidates", "label_agreement", "match_topics",
    "matched_similarity", "model_agreement", "npmi", "permutation_agreement", "robustness",
    "segment_agreement", "segment_topics", "shorten", "source_topics", "stability", "topic_switches",
    "topic_table", "umass",
]

#: Version of the sweep's cached results; part of every key.
SWEEP_VERSION = "1"

#: The cache namespace of the sweep.
CACHE_NAMESPACE = "topic-sweep"

_SETTINGS = config.topic_sweep_settings("full")


def code_version() -> str:
    """What the fitting code is: :data:`SWEEP_VERSION`, a hash of the source of this module and
    of :mod:`analysis.methods.topic_models`, and the versions of scikit-learn, SciPy and NumPy.

    >>> code_version().startswith("sweep=" + SWEEP_VERSION + ";sklearn=")
    True
    """
    digest = hashlib.sha256()
    for path in (Path(_models.__file__), Path(__file__)):
        digest.update(path.read_bytes())
    return (f"sweep={SWEEP_VERSION};sklearn={sklearn.__version__};scipy={scipy.__version__};"
            f"numpy={np.__version__};code={digest.hexdigest()[:16]}")


def matrix_digest(dt: DocumentTerms) -> str:
    """SHA-256 of a document-term matrix: its shape, counts and terms.

    >>> a = document_terms(["oil gas", "oil coal", "gas coal"], min_df=1, max_df=1.0)
    >>> b = document_terms(["oil gas", "oil coal", "gas oil"], min_df=1, max_df=1.0)
    >>> matrix_digest(a) == matrix_digest(a), matrix_digest(a) == matrix_digest(b)
    (True, False)
    """
    counts = dt.counts.tocsr()
    counts.sort_indices()
    digest = hashlib.sha256(repr(counts.shape).encode())
    for array in (counts.indptr, counts.indices, counts.data):
        digest.update(np.ascontiguousarray(array, dtype=np.int64).tobytes())
    digest.update("\n".join(map(str, dt.terms)).encode("utf-8"))
    return digest.hexdigest()


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
    cache : bool
        Read and store the fitted results in the on-disk cache (see the module notes).

    The defaults are those of the topics chapter (:mod:`analysis.config`).

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
    from_cache_ : bool
        Whether the results were read from the cache rather than fitted.

    Examples
    --------
    Three planted themes of eight words, each document five consecutive words of one:

    >>> themes = ["football goal match team score league coach player",
    ...           "recipe oven bake flour sugar butter salt dough",
    ...           "election vote party ballot poll candidate senate campaign"]
    >>> texts = [" ".join((t.split() * 2)[i:i + 5]) for t in themes for i in range(8)]
    >>> sweep = TopicSweep(range(2, 6), seeds=(0, 1, 2), n_top=8, cache=False).fit(texts)
    >>> sweep.k_values_, sweep.best_k_
    ([2, 3, 4, 5], 3)
    """

    def __init__(self, k_values=_SETTINGS["k_values"], *, seeds=_SETTINGS["seeds"], methods=_SETTINGS["methods"],
                 n_top: int = _SETTINGS["n_top"], min_df: int = _SETTINGS["min_df"],
                 max_df: float = _SETTINGS["max_df"], select_by: str | None = _SETTINGS["select_by"],
                 progress: bool = False, cache: bool = True):
        self.k_values = k_values
        self.seeds = seeds
        self.methods = methods
        self.n_top = n_top
        self.min_df = min_df
        self.max_df = max_df
        self.select_by = select_by
        self.progress = progress
        self.cache = cache

    def _check(self) -> None:
        bad = [m for m in self.methods if m not in METHODS]
        if bad or not self.methods:
            raise ValueError(f"methods must be a non-empty selection of {METHODS}, not {tuple(self.methods)!r}")
        if not len(self.seeds):
            raise ValueError("seeds must hold at least one random state")
        if self.select_by is not None and self.select_by not in self.methods:
            raise ValueError(f"select_by must be one of {tuple(self.methods)} or None, not {self.select_by!r}")

    def cache_key(self) -> str:
        """The key of this sweep's results in the cache (after :meth:`fit` has built the matrix)."""
        params = {"k_values": self.k_values_, "seeds": [int(s) for s in self.seeds],
                  "methods": list(self.methods), "n_top": int(self.n_top)}
        return _cache.make_key(CACHE_NAMESPACE, code_version(), matrix_digest(self.document_terms_), params)

    def fit(self, texts, y=None) -> TopicSweep:
        """Fit (or read from the cache) every model of the grid, then score and choose ``k``."""
        self._check()
        dt = texts if isinstance(texts, DocumentTerms) else document_terms(
            texts, min_df=self.min_df, max_df=self.max_df)
        self.document_terms_ = dt
        requested = [int(k) for k in self.k_values]
        self.k_values_ = k_candidates(requested, dt.n_documents, len(dt.terms))
        self.capped_ = self.k_values_ != requested
        self.models_ = {}
        fitted = []

        def compute() -> dict:
            fitted.append(True)
            return self._fit_grid()

        if self.cache:
            record = _cache.cached(CACHE_NAMESPACE, self.cache_key(), compute)
        else:
            record = compute()
        self.from_cache_ = not fitted
        if self.from_cache_:
            for method, k, seed, state in record["models"]:
                self.models_[(method, k, seed)] = TopicModel.from_record(
                    state, dt, k, method=method, n_top=self.n_top, random_state=seed)
        self.scores_ = pd.DataFrame([tuple(row) for row in record["scores"]],
                                    columns=["method", "k", "seed", "npmi", "umass", "converged"])
        self._summarise()
        return self

    def _fit_grid(self) -> dict:
        grid = list(itertools.product(self.methods, self.k_values_, self.seeds))
        if self.progress:
            grid = progress(grid, desc="topic models", unit="model")
        rows, states = [], []
        for method, k, seed in grid:
            model = self.fit_one(method, k, seed)
            rows.append([method, int(k), int(seed), float(model.coherence("npmi").mean()),
                         float(model.coherence("umass").mean()), bool(model.converged_)])
            states.append([method, int(k), int(seed), model.to_record()])
        return {"scores": rows, "models": states}

    def _summarise(self) -> None:
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
