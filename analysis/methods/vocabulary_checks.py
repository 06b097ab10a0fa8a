"""Checks on the vocabulary chapter's results: names merged, what IDF can tell, leaving sources out, chance.

* :func:`name_variants`: how often each source writes each variant of a name
  that the tokenizer merges into one token (:data:`analysis.corpus.text.NAMES`).
* :func:`idf_levels`: with ``n`` documents a term's document frequency is one
  of ``1, ..., n``, so its IDF takes only ``n`` values,
  ``idf(df) = ln((1 + n) / (1 + df)) + 1`` (smoothed). IDF can only sort
  terms into "used by 1, 2, ..., n sources"; it cannot tell a term used once
  by one other source from one used everywhere else but once.
* :class:`LeaveOneOut`: TF-IDF changes with the document set, so each
  source's top terms are recomputed leaving each other source out in turn;
  a term *survives* when it stays in the source's top list in every run.
* :class:`DendrogramTest`: the cosine distances between the sources set
  against those of texts whose words are shuffled across the sources
  (each text keeps its sentences and their lengths). If the observed spread
  of the distances is no larger than the shuffled texts', the shape of the
  dendrogram says no more than the texts' lengths do.

>>> docs = pd.Series({"a": "Arms talks. Arms control.", "b": "Gas talks.", "c": "Gas prices, gas."})
>>> idf_levels(DistinctiveTerms(ngram_range=(1, 1)).fit(docs)).round(3).values.tolist()
[[1.0, 1.693, 3.0], [2.0, 1.288, 2.0], [3.0, 1.0, 0.0]]
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus.text import NAMES, name_mentions
from analysis.features.terms import SENTENCE_END, Tokens, tokenize_documents
from analysis.methods.vocabulary import DistinctiveTerms, _sentences_of, linkage_matrix, pairs, top_split

# --------------------------------------------------------------------------- names

def name_variants(sentences: pd.Series) -> pd.DataFrame:
    """How often each source writes each variant of a merged name.

    ``sentences`` is indexed by source id, each value a list of sentences
    (or a text). Returns a long table ``source_id, token, variant, count``
    with a row for every source and every variant of
    :data:`~analysis.corpus.text.NAMES` (zeros included), in that order. The
    counts are the mentions the tokenizer replaces, so the counts of one
    token's variants add up to the times the source names it that way.

    >>> found = name_variants(pd.Series({"a": ["The United States and the US.", "Russia's NATO."]}))
    >>> found[found["count"] > 0][["token", "variant", "count"]].values.tolist()
    [['u.s.', 'United States', 1], ['u.s.', 'US', 1], ['russia', 'Russia', 1], ['nato', 'NATO', 1]]
    """
    rows = []
    for sid, doc in pd.Series(sentences).items():
        found = Counter((tok, variant) for s in _sentences_of(doc) for tok, variant, _, _ in name_mentions(s))
        rows += [(sid, tok, variant, found[tok, variant]) for tok, variant, _ in NAMES]
    return pd.DataFrame(rows, columns=["source_id", "token", "variant", "count"])


# --------------------------------------------------------------------------- idf

def idf_levels(model: DistinctiveTerms) -> pd.DataFrame:
    """The values the IDF can take: one per document frequency ``1, ..., n``.

    Returns ``df, idf, terms`` (float columns; ``terms`` is the number of
    terms with that document frequency in ``model``).
    """
    n = len(model.sources_)
    df = np.arange(1, n + 1)
    idf = np.log((1 + n) / (1 + df)) + 1 if model.smooth_idf else np.log(n / df) + 1
    terms = np.bincount(model.df_, minlength=n + 1)[1:]
    return pd.DataFrame({"df": df.astype(float), "idf": idf, "terms": terms.astype(float)})


# --------------------------------------------------------------------------- leave one out

def subset(tokens: Tokens, keep: list[int]) -> Tokens:
    """The documents ``keep`` of ``tokens`` (same vocabulary), in that order.

    >>> tokens = tokenize_documents([["Arms."], ["Gas."], ["Oil."]])
    >>> subset(tokens, [2, 0]).sentences(0)
    [['oil']]
    """
    ends = np.cumsum(tokens.lengths)
    starts = ends - tokens.lengths
    parts = [tokens.ids[starts[i]:ends[i]] for i in keep]
    ids = np.concatenate(parts) if parts else np.zeros(0, dtype=tokens.ids.dtype)
    return Tokens(tokens.vocab, tokens.stems, ids, tokens.lengths[list(keep)])


class LeaveOneOut:
    """Do a source's distinctive terms hold when another source is left out?

    For each source ``s`` and each other source ``o``, the model is refitted
    without ``o`` and ``s``'s top ``n`` terms (:meth:`DistinctiveTerms.top_terms`)
    are compared with its top ``n`` in the model of every source. A term
    *survives* when it is in ``s``'s top ``n`` in every run.

    Parameters
    ----------
    n : int
        Length of the top lists.
    **params
        Keyword arguments of :class:`DistinctiveTerms`.

    Attributes
    ----------
    runs_ : dict
        Left-out source -> source -> its top ``n`` terms (stems) without it.
    table_ : DataFrame
        ``source_id, rank, term, display, count, survives, dropped_by``: each
        term of each source's full-model top ``n``; ``dropped_by`` lists the
        left-out sources in whose absence it falls out of the top ``n``.

    Examples
    --------
    >>> docs = pd.Series({"a": "Arms arms talks.", "b": "Gas gas talks.", "c": "Oil oil talks."})
    >>> loo = LeaveOneOut(n=1, ngram_range=(1, 1)).fit(docs)
    >>> loo.table_[["source_id", "display", "survives"]].values.tolist()
    [['a', 'arms', True], ['b', 'gas', True], ['c', 'oil', True]]
    """

    def __init__(self, n: int = config.VOCAB_LEAVE_ONE_OUT_TOP, **params):
        self.n = n
        self.params = params

    def fit(self, documents: pd.Series) -> LeaveOneOut:
        documents = pd.Series(documents)
        tokens = tokenize_documents(_sentences_of(doc) for doc in documents).with_stems()
        return self.fit_tokens(documents.index, tokens)

    def fit_tokens(self, index: pd.Index, tokens: Tokens) -> LeaveOneOut:
        """As :meth:`fit`, on documents already tokenised (in the order of ``index``)."""
        ids = list(index)
        if len(ids) < 3:
            raise ValueError(f"leaving one source out needs at least 3 sources, not {len(ids)}")
        full = DistinctiveTerms(**self.params).fit_tokens(pd.Index(ids), tokens)
        top = full.top_terms(self.n)
        self.runs_ = {}
        for k, out in enumerate(ids):
            keep = [i for i in range(len(ids)) if i != k]
            model = DistinctiveTerms(**self.params).fit_tokens(pd.Index([ids[i] for i in keep]),
                                                               subset(tokens, keep))
            run = model.top_terms(self.n)
            self.runs_[out] = {sid: list(run.term[run.source_id == sid]) for sid in model.sources_}
        rows = []
        for r in top.itertuples():
            dropped = [out for out, run in self.runs_.items() if out != r.source_id and r.term not in run[r.source_id]]
            rows.append((r.source_id, r.rank, r.term, r.display, r.count, not dropped, dropped))
        self.table_ = pd.DataFrame(rows, columns=["source_id", "rank", "term", "display", "count", "survives",
                                                  "dropped_by"])
        return self

    def survivors(self) -> dict[str, list[str]]:
        """Per source, the displayed terms that survive every run, in the full model's order."""
        t = self.table_
        return {sid: list(t.display[(t.source_id == sid) & t.survives]) for sid in dict.fromkeys(t.source_id)}


# --------------------------------------------------------------------------- the dendrogram against chance

def shuffle_words(tokens: Tokens, rng: np.random.Generator) -> Tokens:
    """The same documents with their words shuffled across all of them.

    Sentence ends stay where they are, so every document keeps its number of
    sentences and of words; only which word stands where changes.

    >>> tokens = tokenize_documents([["a b c."], ["d e."]])
    >>> shuffled = shuffle_words(tokens, np.random.default_rng(0))
    >>> [len(s) for d in range(2) for s in shuffled.sentences(d)], sorted(shuffled.vocab[i] for i in shuffled.ids if i)
    ([3, 2], ['a', 'b', 'c', 'd', 'e'])
    """
    ids = tokens.ids.copy()
    words = np.flatnonzero(ids != SENTENCE_END)
    ids[words] = ids[rng.permutation(words)]
    return Tokens(tokens.vocab, tokens.stems, ids, tokens.lengths)


def distance_stats(similarity: pd.DataFrame) -> dict[str, float]:
    """Mean, lowest, highest and spread (highest - lowest) of the cosine distances between sources.

    >>> sim = pd.DataFrame([[1, .3, .5], [.3, 1, .2], [.5, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> {k: round(v, 3) for k, v in distance_stats(sim).items()}
    {'mean': 0.667, 'lowest': 0.5, 'highest': 0.8, 'spread': 0.3}
    """
    d = 1.0 - pairs(similarity).similarity.to_numpy()
    return {"mean": float(d.mean()), "lowest": float(d.min()), "highest": float(d.max()),
            "spread": float(d.max() - d.min())}


class DendrogramTest:
    """Is the structure of the dendrogram more than chance?

    The sources' cosine distances (``1 - cos`` of their TF-IDF vectors) are
    compared with those of ``n_permutations`` copies of the corpus whose
    words are shuffled across the sources (:func:`shuffle_words`). Under the
    shuffles, the sources differ only in their lengths and by chance. For a
    statistic ``T`` (the spread of the distances, or their mean) observed as
    ``t``, the permutation p-value is ``(1 + #{T_perm >= t}) / (1 + R)``.
    ``same_split_`` is the share of shuffles whose dendrogram splits the
    sources at the top as the observed one does.

    Parameters
    ----------
    n_permutations : int
        Number of shuffles ``R``.
    random_state : int
        Seed of the shuffles.
    **params
        Keyword arguments of :class:`DistinctiveTerms`.

    Attributes
    ----------
    observed_ : dict
        :func:`distance_stats` of the sources.
    permuted_ : DataFrame
        One row of :func:`distance_stats` per shuffle.
    p_spread_, p_mean_ : float
        Permutation p-values of the spread and of the mean distance.
    split_ : list of list of str
        The observed top split (:func:`~analysis.methods.vocabulary.top_split`).
    same_split_ : float
        Share of shuffles with the same top split.
    pairs_ : DataFrame
        Per pair of sources, most similar first: ``a, b, distance`` (observed),
        ``shuffled`` (its mean over the shuffles), ``p_closer`` (the p-value of
        the pair being closer than chance, ``(1 + #{d_perm <= d}) / (1 + R)``)
        and ``p_farther`` (``(1 + #{d_perm >= d}) / (1 + R)``).

    Examples
    --------
    >>> docs = pd.Series({"a": "Arms arms talks.", "b": "Gas gas talks.", "c": "Oil oil talks."})
    >>> test = DendrogramTest(n_permutations=20, ngram_range=(1, 1)).fit(docs)
    >>> round(test.observed_["mean"], 3), test.p_mean_ < 0.2
    (0.892, True)
    """

    def __init__(self, n_permutations: int = config.VOCAB_PERMUTATIONS,
                 random_state: int = config.VOCAB_RANDOM_STATE, **params):
        if n_permutations < 1:
            raise ValueError(f"n_permutations must be at least 1, not {n_permutations}")
        self.n_permutations = n_permutations
        self.random_state = random_state
        self.params = params

    def fit(self, documents: pd.Series) -> DendrogramTest:
        documents = pd.Series(documents)
        tokens = tokenize_documents(_sentences_of(doc) for doc in documents).with_stems()
        return self.fit_tokens(documents.index, tokens)

    def fit_tokens(self, index: pd.Index, tokens: Tokens) -> DendrogramTest:
        """As :meth:`fit`, on documents already tokenised (in the order of ``index``)."""
        index = pd.Index(index)
        if len(index) < 3:
            raise ValueError(f"a dendrogram of {len(index)} sources has no structure to test; it needs 3 or more")
        sim = DistinctiveTerms(**self.params).fit_tokens(index, tokens).similarity()
        self.observed_ = distance_stats(sim)
        self.split_ = top_split(sim)
        self.linkage_ = linkage_matrix(sim)
        rng = np.random.default_rng(self.random_state)
        rows, same, per_pair = [], 0, []
        key = sorted(map(tuple, self.split_))
        observed = pairs(sim)
        for _ in range(self.n_permutations):
            shuffled = DistinctiveTerms(**self.params).fit_tokens(index, shuffle_words(tokens, rng)).similarity()
            rows.append(distance_stats(shuffled))
            same += sorted(map(tuple, top_split(shuffled))) == key
            per_pair.append([1.0 - shuffled.loc[a, b] for a, b in zip(observed.a, observed.b)])
        self.permuted_ = pd.DataFrame(rows)
        r = self.n_permutations
        shuffled_d = np.asarray(per_pair)
        d = 1.0 - observed.similarity.to_numpy()
        self.pairs_ = pd.DataFrame({
            "a": observed.a, "b": observed.b, "distance": d, "shuffled": shuffled_d.mean(axis=0),
            "p_closer": (1 + (shuffled_d <= d).sum(axis=0)) / (1 + r),
            "p_farther": (1 + (shuffled_d >= d).sum(axis=0)) / (1 + r)})
        self.p_spread_ = float((1 + (self.permuted_.spread >= self.observed_["spread"]).sum()) / (1 + r))
        self.p_mean_ = float((1 + (self.permuted_["mean"] >= self.observed_["mean"]).sum()) / (1 + r))
        self.same_split_ = same / r
        return self
