"""Sentences, tokens, stems and surface forms, with NLTK and no downloaded data.

* Sentences: NLTK's Punkt splitter with a fixed list of abbreviations
  (:data:`ABBREVIATIONS`), so "U.S.", "Mr." and "St." do not end a sentence.
  Fixed parameters (not training on the corpus) keep the split of one source
  independent of which other sources are in the catalog.
* Tokens: NLTK's :class:`~nltk.tokenize.RegexpTokenizer` over words with
  inner hyphens or apostrophes; lower-cased. "U.S." and "US" (upper case)
  become the single token ``u.s.``, so the country is not mistaken for the
  pronoun "us".
* Stems: the Snowball (Porter2) English stemmer, memoised per distinct word.
* Surface forms: :class:`SurfaceForms` shows a stem as its most frequent word.

>>> split_sentences("The U.S. and Russia met in St. Petersburg. Talks will go on.")
['The U.S. and Russia met in St. Petersburg.', 'Talks will go on.']
>>> tokenize("The US-Russian partnership isn't new.")
['the', 'u.s.', 'russian', 'partnership', "isn't", 'new']
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Version of the tokenising code; part of the processed-corpus cache key.
VERSION = "1"

#: Abbreviations that never end a sentence (lower case, without the final dot).
ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "u.s.s.r", "mr", "mrs", "ms", "dr", "st", "prof", "gen", "col",
    "lt", "sen", "rep", "gov", "pres", "jr", "sr", "vs", "etc", "e.g", "i.e", "cf", "no", "co",
    "corp", "inc", "ltd", "dept", "org", "indep", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
    "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
})

#: English stop words (scikit-learn's list) plus the tokeniser's contractions.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "can't",
    "it's", "that's", "there's", "we've", "i'm", "let's", "s", "t", "also", "would", "could",
})

_PARAMS = PunktParameters()
_PARAMS.abbrev_types = set(ABBREVIATIONS)
_SENTENCES = PunktSentenceTokenizer(_PARAMS)
_US = re.compile(r"\bU\.S\.(?=\W|$)|\bUS\b(?=[\s,.;:)\-–’']|$)")
_APOSTROPHE = str.maketrans({"’": "'", "‘": "'"})
_WORDS = RegexpTokenizer(r"u\.s\.|[^\W\d_]+(?:['-][^\W\d_]+)*")
_STEMMER = SnowballStemmer("english")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (Punkt with :data:`ABBREVIATIONS`).

    >>> split_sentences("Mr. Putin met Mr. Bush. It went well.")
    ['Mr. Putin met Mr. Bush.', 'It went well.']
    """
    return [s.strip() for s in _SENTENCES.tokenize(text) if s.strip()]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; numbers and punctuation are dropped.

    >>> tokenize("Russia’s U.S. policy, in 2020")
    ["russia's", 'u.s.', 'policy', 'in']
    """
    text = _US.sub(" u.s. ", text.translate(_APOSTROPHE))
    return _WORDS.tokenize(text.lower())


def normalise_token(token: str) -> str:
    """Drop a possessive "'s" so that "Russia's" counts as "russia".

    >>> normalise_token("russia's"), normalise_token("don't")
    ('russia', "don't")
    """
    return token[:-2] if token.endswith("'s") else token


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words and one-letter words, possessives dropped.

    >>> content_tokens("The U.S. and Russia's partnership will grow.")
    ['u.s.', 'russia', 'partnership', 'grow']
    """
    out = []
    for tok in tokenize(text):
        tok = normalise_token(tok)
        if len(tok) > 1 and tok not in STOP_WORDS:
            out.append(tok)
    return out


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """Snowball stem of one word, memoised (each distinct word is stemmed once).

    >>> stem("partnerships"), stem("u.s.")
    ('partnership', 'u.s.')
    """
    if "." in word:
        return word
    return _STEMMER.stem(word)


class SurfaceForms:
    """Map stems back to their most frequent surface word.

    Fit it on the tokens a stem came from; ``show(stem)`` returns the most
    frequent word with that stem (ties broken alphabetically).

    Attributes
    ----------
    counts_ : dict[str, collections.Counter]
        For each stem, how often each surface word occurred.

    Examples
    --------
    >>> forms = SurfaceForms().fit(["relations", "relation", "relations", "related"])
    >>> forms.show("relat"), forms.show("relat relat")
    ('relations', 'relations relations')
    >>> forms.show("unseen")
    'unseen'
    """

    def fit(self, tokens: Iterable[str]) -> "SurfaceForms":
        counts: dict[str, Counter] = defaultdict(Counter)
        for tok in tokens:
            counts[stem(tok)][tok] += 1
        self.counts_ = dict(counts)
        self._best = {s: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for s, c in counts.items()}
        return self

    def show(self, term: str) -> str:
        """The readable form of a stem or of a space-separated n-gram of stems."""
        return " ".join(self._best.get(part, part) for part in term.split(" "))


def stem_tokens(tokens: Iterable[str]) -> list[str]:
    """Stem a token list (memoised per distinct word).

    >>> stem_tokens(["talks", "talked", "russia"])
    ['talk', 'talk', 'russia']
    """
    return [stem(t) for t in tokens]
