"""Collocations and keyword-in-context lines: the phrases of a source, and its terms in their passages.

* **Collocations**: word pairs that occur together more often than their
  separate frequencies predict, found with NLTK's
  :class:`~nltk.collocations.BigramCollocationFinder` over the sentences of
  one source (no pair spans a sentence end). Pairs containing a stop word
  or a one-letter word are dropped and a pair must occur at least
  ``min_freq`` times. They are scored by Dunning's (1993) log-likelihood
  ratio: with ``N`` word tokens, ``O`` the 2x2 table of observed counts
  (first word / not) x (second word / not) and ``E_ij = row_i * col_j / N``
  the counts expected under independence,
  ``G2 = 2 * sum_ij O_ij * ln(O_ij / E_ij)``. Alternatively pointwise
  mutual information, ``PMI = log2(O_11 * N / (c(w1) * c(w2)))``.
* **Keyword in context** (KWIC): every occurrence of a term with a fixed
  number of words either side, matched on the stem so every inflection is
  found ("sanction" finds "sanctions" and "sanctioned"). A multi-word term
  matches adjacent content words inside one sentence, exactly as
  :mod:`analysis.methods.vocabulary` counts it, so the number of lines equals the
  term's count.

>>> sents = ["Arms control matters.", "Arms control talks failed.", "The talks on arms went on."]
>>> Collocations(min_freq=2).fit(sents).scores_[["collocation", "count"]].values.tolist()
[['arms control', 2]]
>>> kwic(sents, "arm", window=2)[["left", "match", "right"]].values.tolist()
[['', 'Arms', 'control matters.'], ['control matters.', 'Arms', 'control talks'], ['talks on', 'arms', 'went on.']]
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from analysis.corpus.text import STOP_WORDS, stem
from analysis.features.terms import is_content, sentence_tokens
from analysis.methods.vocabulary import DistinctiveTerms


class Collocations:
    """Scored two-word collocations of one text.

    Parameters
    ----------
    measure : {"likelihood_ratio", "pmi"}
        Association measure of :class:`nltk.metrics.BigramAssocMeasures`.
    min_freq : int
        Frequency floor: a pair must occur at least this many times.
    stop_words : frozenset
        A pair containing one of these words is not a collocation.

    Attributes
    ----------
    scores_ : DataFrame
        ``collocation, count, score``, highest score first (ties alphabetical).
    n_words_ : int
        Word tokens in the text.

    Examples
    --------
    >>> c = Collocations().fit(["Foreign policy matters.", "Foreign policy again."])
    >>> row = c.scores_.iloc[0]
    >>> row.collocation, int(row["count"]), round(float(row.score), 2)
    ('foreign policy', 2, 7.64)
    """

    def __init__(self, measure: str = "likelihood_ratio", min_freq: int = 2,
                 stop_words: frozenset = STOP_WORDS):
        self.measure = measure
        self.min_freq = min_freq
        self.stop_words = stop_words

    def fit(self, sentences: Iterable[str]) -> Collocations:
        docs = [sentence_tokens(s) for s in sentences]
        self.n_words_ = sum(map(len, docs))
        finder = BigramCollocationFinder.from_documents(docs)
        finder.apply_word_filter(lambda w: not is_content(w, self.stop_words))
        finder.apply_freq_filter(self.min_freq)
        scored = finder.score_ngrams(getattr(BigramAssocMeasures, self.measure))
        rows = sorted(((" ".join(bg), int(finder.ngram_fd[bg]), float(score)) for bg, score in scored),
                      key=lambda r: (-r[2], r[0]))
        self.scores_ = pd.DataFrame(rows, columns=["collocation", "count", "score"])
        return self


def collocation_scores(sentences: pd.Series, n: int = 5, **params) -> pd.DataFrame:
    """The top ``n`` collocations of each source.

    ``sentences`` is indexed by source id, each value a list of sentences;
    ``params`` go to :class:`Collocations`. Returns ``source_id, rank,
    collocation, count, score``.
    """
    frames = []
    for sid, sents in sentences.items():
        top = Collocations(**params).fit(sents).scores_.head(n)
        frames.append(top.assign(source_id=sid, rank=range(1, len(top) + 1)))
    cols = ["source_id", "rank", "collocation", "count", "score"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def collocation_table(scores: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """One row per source: its top collocations as ``phrase (count, G2)``."""
    rows = []
    for sid in labels.index:
        part = scores[scores.source_id == sid]
        text = ", ".join(f"{c} ({k}, {s:.1f})" for c, k, s in zip(part.collocation, part["count"], part.score))
        rows.append({"source": labels[sid], "collocations (count, score)": text or "none above the floor"})
    return pd.DataFrame(rows)


def kwic(sentences: Iterable[str], term: str, *, window: int = 6, stemmed: bool = True,
         stop_words: frozenset = STOP_WORDS) -> pd.DataFrame:
    """Keyword-in-context lines for one term in one text.

    Parameters
    ----------
    sentences : iterable of str
        The text's sentences in reading order.
    term : str
        A word or space-separated n-gram, as stems when ``stemmed``.
    window : int
        Words shown on each side (the context runs across sentence ends).

    Returns
    -------
    DataFrame
        ``sentence, left, match, right``: one row per occurrence, in reading
        order; words are shown as written.

    Examples
    --------
    >>> kwic(["Sanctions hurt.", "The U.S. sanctioned Russia's banks."], "sanction", window=1).values.tolist()
    [[0, '', 'Sanctions', 'hurt.'], [1, 'U.S.', 'sanctioned', "Russia's"]]
    """
    parts = term.split(" ")
    words: list[str] = []
    tokens: list[tuple[str, int, int]] = []   # (key, word index, sentence index)
    for s, sentence in enumerate(sentences):
        for word in sentence.split():
            for tok in sentence_tokens(word):
                key = (stem(tok) if stemmed else tok) if is_content(tok, stop_words) else None
                tokens.append((key, len(words), s))
            words.append(word)
    rows = []
    k = len(parts)
    for t in range(len(tokens) - k + 1):
        run = tokens[t:t + k]
        if all(run[r][0] == parts[r] and run[r][2] == run[0][2] for r in range(k)):
            first, last = run[0][1], run[-1][1]
            rows.append((run[0][2], " ".join(words[max(0, first - window):first]),
                         " ".join(words[first:last + 1]), " ".join(words[last + 1:last + 1 + window])))
    return pd.DataFrame(rows, columns=["sentence", "left", "match", "right"])


def kwic_table(model: DistinctiveTerms, sentences: pd.Series, labels: pd.Series, *, terms: int = 5,
               lines: int = 2, window: int = 6) -> pd.DataFrame:
    """KWIC lines for each source's top distinctive terms.

    For each source, its top ``terms`` terms (:meth:`DistinctiveTerms.top_terms`)
    with the first ``lines`` occurrences in reading order; ``hits`` is the
    number of occurrences found, which equals the term's count.
    """
    top = model.top_terms(terms)
    rows = []
    for sid in model.sources_:
        for r in top[top.source_id == sid].itertuples():
            found = kwic(sentences[sid], r.term, window=window, stemmed=model.stem,
                         stop_words=model.stop_words)
            for line in found.head(lines).itertuples():
                rows.append({"source": labels[sid], "term": r.display, "hits": len(found),
                             "left": line.left, "match": line.match, "right": line.right})
    return pd.DataFrame(rows, columns=["source", "term", "hits", "left", "match", "right"])
