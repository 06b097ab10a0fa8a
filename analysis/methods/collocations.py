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
  ``G2 = 2 * sum_ij O_ij * ln(O_ij / E_ij)``. Under independence G² is
  approximately chi-squared with 1 degree of freedom, so a pair whose G² is
  below the quantile ``chi2.isf(alpha, 1)`` (3.84 at ``alpha = 0.05``,
  :func:`chance_threshold`) is no more frequent than chance would make it:
  :func:`collocation_scores` lists only pairs at or above it. Alternatively
  pointwise mutual information, ``PMI = log2(O_11 * N / (c(w1) * c(w2)))``
  (no threshold).
* **Keyword in context** (KWIC): every occurrence of a term with a fixed
  number of words either side, matched on the stem so every inflection is
  found ("sanction" finds "sanctions" and "sanctioned"). A multi-word term
  matches adjacent content words inside one sentence, exactly as
  :mod:`analysis.methods.vocabulary` counts it, so the number of lines equals the
  term's count; a name is matched however it is written ("u.s." finds "United
  States", "U.S." and "US", :data:`analysis.corpus.text.NAMES`).

>>> sents = ["Arms control matters.", "Arms control talks failed.", "The talks on arms went on."]
>>> Collocations(min_freq=2).fit(sents).scores_[["collocation", "count"]].values.tolist()
[['arms control', 2]]
>>> kwic(sents, "arm", window=2)[["left", "match", "right"]].values.tolist()
[['', 'Arms', 'control matters.'], ['control matters.', 'Arms', 'control talks'], ['talks on', 'arms', 'went on.']]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from scipy.stats import chi2

from analysis import config
from analysis.corpus.text import STOP_WORDS, normalise_token, stem, token_spans
from analysis.features.terms import is_content, sentence_tokens

_WORD = re.compile(r"\S+")


def chance_threshold(alpha: float = config.VOCAB_COLLOCATION_ALPHA) -> float:
    """The G² below which a pair is no more frequent than chance: ``chi2.isf(alpha, df=1)``.

    >>> round(chance_threshold(0.05), 2), round(chance_threshold(0.01), 2)
    (3.84, 6.63)
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, not {alpha}")
    return float(chi2.isf(alpha, df=1))


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

    def __init__(self, measure: str = "likelihood_ratio", min_freq: int = config.VOCAB_COLLOCATION_MIN_FREQ,
                 stop_words: frozenset = STOP_WORDS):
        if measure not in ("likelihood_ratio", "pmi"):
            raise ValueError(f"measure must be 'likelihood_ratio' or 'pmi', not {measure!r}")
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


def collocation_scores(sentences: pd.Series, n: int = config.VOCAB_COLLOCATIONS, *,
                       alpha: float | None = config.VOCAB_COLLOCATION_ALPHA, **params) -> pd.DataFrame:
    """The top ``n`` collocations of each source, above chance.

    ``sentences`` is indexed by source id, each value a list of sentences;
    ``params`` go to :class:`Collocations`. With the likelihood ratio and an
    ``alpha``, pairs whose G² is below :func:`chance_threshold` are left out
    (a source may then list fewer than ``n``, or none); ``alpha=None`` keeps
    them. Returns ``source_id, rank, collocation, count, score``.

    >>> sents = pd.Series({"a": ["Arms control matters.", "Arms control talks.", "Talks on arms."]})
    >>> collocation_scores(sents)[["collocation", "count"]].values.tolist()
    [['arms control', 2]]
    """
    frames = []
    for sid, sents in sentences.items():
        model = Collocations(**params).fit(sents)
        top = model.scores_
        if alpha is not None and model.measure == "likelihood_ratio":
            top = top[top.score >= chance_threshold(alpha)]
        top = top.head(n)
        frames.append(top.assign(source_id=sid, rank=range(1, len(top) + 1)))
    cols = ["source_id", "rank", "collocation", "count", "score"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def chance_counts(sentences: pd.Series, alpha: float = config.VOCAB_COLLOCATION_ALPHA,
                  **params) -> pd.DataFrame:
    """Per source: the pairs scored (at the frequency floor) and how many reach the chance threshold.

    Returns ``source_id, scored, above_chance`` (likelihood ratio only).

    >>> sents = pd.Series({"a": ["Arms control matters.", "Arms control talks.", "Talks on arms."]})
    >>> chance_counts(sents).values.tolist()
    [['a', 1, 1]]
    """
    threshold = chance_threshold(alpha)
    rows = []
    for sid, sents in sentences.items():
        scores = Collocations(measure="likelihood_ratio", **params).fit(sents).scores_
        rows.append((sid, len(scores), int((scores.score >= threshold).sum())))
    return pd.DataFrame(rows, columns=["source_id", "scored", "above_chance"])


def kwic(sentences: Iterable[str], term: str, *, window: int = config.VOCAB_KWIC_WINDOW, stemmed: bool = True,
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
    >>> kwic(["The United States (US) and Latin America."], "u.s.", window=1).values.tolist()
    [[0, 'The', 'United States (US)', 'and']]
    """
    parts = term.split(" ")
    words: list[str] = []
    tokens: list[tuple[str | None, int, int, int]] = []   # (key, first word, last word, sentence)
    for s, sentence in enumerate(sentences):
        spaces = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
        starts = [a for a, _ in spaces]
        for tok, a, b in token_spans(sentence):
            tok = normalise_token(tok)
            key = (stem(tok) if stemmed else tok) if is_content(tok, stop_words) else None
            # the words (runs without spaces) the token starts and ends in
            first, last = bisect_right(starts, a) - 1, bisect_right(starts, b - 1) - 1
            tokens.append((key, len(words) + first, len(words) + last, s))
        words += [sentence[a:b] for a, b in spaces]
    rows = []
    k = len(parts)
    for t in range(len(tokens) - k + 1):
        run = tokens[t:t + k]
        if all(run[r][0] == parts[r] and run[r][3] == run[0][3] for r in range(k)):
            first, last = run[0][1], run[-1][2]
            rows.append((run[0][3], " ".join(words[max(0, first - window):first]),
                         " ".join(words[first:last + 1]), " ".join(words[last + 1:last + 1 + window])))
    return pd.DataFrame(rows, columns=["sentence", "left", "match", "right"])
