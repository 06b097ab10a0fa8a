"""Text statistics per source: size, sentence length, lexical diversity, readability.

* **MTLD** (McCarthy & Jarvis 2010), a lexical-diversity measure robust to
  text length: the mean length of sequential word runs whose type-token
  ratio stays above 0.72, averaged over a forward and a backward pass; a
  partial run at the end counts as ``(1 - TTR) / (1 - 0.72)`` of a factor.
* **Flesch reading ease** (Flesch 1948):
  ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``; higher is
  easier (60-70 plain English, below 30 very difficult). Syllables are
  counted with a vowel-group heuristic (:func:`syllables`).

>>> round(mtld("a b c d".split()), 2)  # no factor completes: 4 / ((1 - 1) / 0.28) -> all tokens
4.0
"""
from __future__ import annotations

import re
from functools import cache

import pandas as pd

from analysis.corpus.text import normalise_token, written_words

MTLD_THRESHOLD = 0.72


def _mtld_pass(tokens: list[str], threshold: float) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        types.add(tok)
        count += 1
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        ttr = len(types) / count
        factors += (1 - ttr) / (1 - threshold)
    return len(tokens) / factors if factors else float(len(tokens))


def mtld(tokens: list[str], threshold: float = MTLD_THRESHOLD) -> float:
    """Measure of Textual Lexical Diversity (mean of forward and backward passes).

    Parameters
    ----------
    tokens : list of str
        Word tokens in reading order.
    threshold : float
        The type-token ratio at which a factor ends (0.72 in the original).

    Examples
    --------
    Forward, "a b a" has TTR 2/3 <= 0.72, so one factor ends after 3 tokens;
    the same happens again, giving 6 tokens / 2 factors = 3.0 each way:

    >>> mtld(["a", "b", "a", "a", "b", "a"])
    3.0
    """
    if not tokens:
        return 0.0
    return (_mtld_pass(tokens, threshold) + _mtld_pass(tokens[::-1], threshold)) / 2


@cache
def syllables(word: str) -> int:
    """Approximate syllable count: vowel groups, minus a silent final "e".

    >>> [syllables(w) for w in ["Russia", "the", "relationship", "make", "table"]]
    [2, 1, 4, 1, 2]
    """
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    n = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(1, n)


def flesch_reading_ease(sentences: list[str]) -> float:
    """Flesch reading ease of a list of sentences.

    >>> round(flesch_reading_ease(["The cat sat on the mat."]), 1)
    116.1
    """
    words = [t for s in sentences for t in written_words(s)]
    if not words or not sentences:
        return float("nan")
    syl = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syl / len(words)


def text_statistics(corpus) -> pd.DataFrame:
    """One row per source: paragraphs, sentences, words, mean sentence length,
    MTLD and Flesch reading ease (rounded for display).

    ``words`` is the book's one word count (:meth:`analysis.corpus.load.Corpus.word_count`:
    text paragraphs, headings excluded). Words per sentence, MTLD and Flesch read the
    sentences' word tokens as written (:func:`analysis.corpus.text.written_words`, no name
    merged, numbers and punctuation dropped), which is why ``words per sentence`` is
    ``tokens / sentences`` and not ``words / sentences``.
    """
    rows = []
    for sid in corpus.ids:
        sents = corpus.sentences[corpus.sentences.source_id == sid].text.tolist()
        paras = corpus.paragraphs[(corpus.paragraphs.source_id == sid)
                                  & (corpus.paragraphs.kind == "text")]
        tokens = [normalise_token(t) for s in sents for t in written_words(s)]
        rows.append({
            "source": corpus.label(sid),
            "paragraphs": len(paras),
            "sentences": len(sents),
            "words": corpus.word_count(sid),
            "words per sentence": round(len(tokens) / len(sents), 1) if sents else 0.0,
            "MTLD": round(mtld(tokens), 1),
            "Flesch reading ease": round(flesch_reading_ease(sents), 1),
        })
    return pd.DataFrame(rows, index=corpus.ids)
