"""The one definition of a term, and a fast path that counts exactly those terms.

A *term* is what :class:`TermAnalyzer` returns for a document: its content
words (two letters or more, not a stop word, possessive "'s" dropped;
:func:`analysis.corpus.text.tokenize`), optionally stemmed, and the n-grams of
*adjacent* content words inside one sentence. The analyzer is a callable
``document -> list of terms``, so scikit-learn counts the same terms with
``CountVectorizer(analyzer=TermAnalyzer())`` or weights them with
``TfidfVectorizer(analyzer=TermAnalyzer())``: every method that counts terms
(TF-IDF, log-odds, keyness, the topic models) goes through it.

Counting term by term in Python is slow on a large corpus, so there is a
second path that counts the same terms with array operations, and takes the
same analyzer (its settings say what a term is):

* :func:`tokenize_documents` turns each document (a list of sentences) into
  word tokens, numbered against one vocabulary of distinct tokens, with the
  stem of each distinct token (:class:`Tokens`). A large batch is tokenised in worker
  processes, a few runs of documents each (:func:`analysis.infra.parallel.map_texts`);
  each run comes back as integer arrays and its own small vocabulary, the
  runs are merged, and each distinct token is stemmed once.
* :func:`count_terms` counts the analyzer's terms of each document: the
  n-grams are found with array operations over all documents at once, so the
  cost per token is a few array passes, not a Python loop.

The counts, their columns and the TF-IDF weights are identical to
scikit-learn's with the same analyzer (``tests/features/test_terms.py``
checks this on the book's corpus and on the benchmark corpus).

>>> analyzer = TermAnalyzer()
>>> analyzer(["Arms control talks.", "Talks of arms."])
['arm', 'control', 'talk', 'arm control', 'control talk', 'talk', 'arm']
>>> tokens = tokenize_documents([["Arms control talks.", "Talks of arms."], ["Energy."]])
>>> tokens.sentences(0)
[['arms', 'control', 'talks'], ['talks', 'of', 'arms']]
>>> counts, terms, words = count_terms(tokens, analyzer)
>>> list(terms), counts.toarray().tolist()
(['arm', 'arm control', 'control', 'control talk', 'energi', 'talk'], [[2, 1, 1, 1, 0, 2], [0, 0, 0, 0, 1, 0]])
>>> words
{'arms': 2, 'control': 1, 'talks': 2, 'energy': 1}
>>> from sklearn.feature_extraction.text import CountVectorizer
>>> vectorizer = CountVectorizer(analyzer=analyzer)
>>> reference = vectorizer.fit_transform([["Arms control talks.", "Talks of arms."], ["Energy."]])
>>> list(vectorizer.get_feature_names_out()) == list(terms), (reference != counts).nnz
(True, 0)
"""
from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.corpus.text import (
    SENTENCE_BREAK,
    STOP_WORDS,
    normalise_token,
    split_sentences,
    stem,
    tokenize,
    tokenize_document,
)
from analysis.infra.parallel import in_parallel, map_texts, split_evenly, workers


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small objects.

    Tokenising and counting create millions of strings, lists and tuples and
    no reference cycles; the collector, run every few thousand allocations,
    would walk every object of the process each time for nothing. It is
    switched back on (if it was on) afterwards. Also a decorator.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: An apostrophe then "s": only then can a token end in a possessive "'s".
_POSSESSIVE = re.compile("['\u2019\u2018][sS]")

#: Id of the sentence end that follows every sentence in :attr:`Tokens.ids` (its vocabulary
#: entry is ""; in the token lists of :func:`analysis.corpus.text.tokenize_document` it is
#: :data:`analysis.corpus.text.SENTENCE_BREAK`).
SENTENCE_END = 0


@dataclass
class Tokens:
    """Documents as token ids.

    Attributes
    ----------
    vocab : list of str
        Distinct tokens in order of first occurrence; ``vocab[0]`` is ``""``,
        the sentence end (:data:`SENTENCE_END`).
    stems : list of str or None
        The Snowball stem of each entry of ``vocab`` (None: not computed yet,
        see :meth:`with_stems`).
    ids : ndarray of int32
        The token ids of every document in reading order, each sentence
        followed by :data:`SENTENCE_END`.
    lengths : ndarray of int64
        Number of ids of each document (sentence ends included).
    """

    vocab: list
    stems: list | None
    ids: np.ndarray
    lengths: np.ndarray

    @property
    def n_documents(self) -> int:
        return len(self.lengths)

    @property
    def n_tokens(self) -> int:
        """Word tokens of all documents (sentence ends not counted)."""
        return int(np.count_nonzero(self.ids))

    def sentences(self, doc: int) -> list[list[str]]:
        """The tokens of each sentence of document ``doc``."""
        start = int(self.lengths[:doc].sum())
        out, current = [], []
        for i in self.ids[start:start + int(self.lengths[doc])].tolist():
            if i == SENTENCE_END:
                out.append(current)
                current = []
            else:
                current.append(self.vocab[i])
        return out

    def with_stems(self, stems: list | None = None) -> Tokens:
        """These tokens with the stem of each vocabulary entry (computed here unless given)."""
        if stems is None:
            stems = self.stems if self.stems is not None else stem_words(self.vocab)
        if len(stems) != len(self.vocab):
            raise ValueError(f"{len(stems)} stems for {len(self.vocab)} vocabulary entries")
        return Tokens(self.vocab, list(stems), self.ids, self.lengths)

    @classmethod
    def concat(cls, parts: list[Tokens]) -> Tokens:
        """The documents of several parts, in order, over one vocabulary.

        A token's id is its rank of first occurrence in the concatenation,
        as if the documents had been tokenised together. The stems are kept
        if every part has them.
        """
        index: dict[str, int] = {"": SENTENCE_END}
        vocab, ids = [""], []
        stemmed = all(part.stems is not None for part in parts)
        stems = [""]
        for part in parts:
            found = list(map(index.get, part.vocab))
            for i in [i for i, j in enumerate(found) if j is None]:  # new tokens, in order
                index[part.vocab[i]] = found[i] = len(vocab)
                vocab.append(part.vocab[i])
                if stemmed:
                    stems.append(part.stems[i])
            ids.append(np.asarray(found, dtype=np.int32)[part.ids])
        lengths = [part.lengths for part in parts]
        return cls(vocab, stems if stemmed else None,
                   np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32),
                   np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64))


def stem_words(words: list[str]) -> list[str]:
    """The stem of each word (``""`` for ``""``).

    >>> stem_words(["", "talks", "u.s."])
    ['', 'talk', 'u.s.']
    """
    return [stem(word) if word else "" for word in words]


def sentence_tokens(sentence: str) -> list[str]:
    """All word tokens of a sentence, lower case, possessive "'s" dropped.

    >>> sentence_tokens("Russia's arms talks")
    ['russia', 'arms', 'talks']
    """
    tokens = tokenize(sentence)
    if _POSSESSIVE.search(sentence) is None:    # no token ends in "'s"
        return tokens
    return [normalise_token(t) for t in tokens]


@gc_paused()
def encode_documents(documents: list[list[str]], *, stems: bool = True) -> Tokens:
    """:class:`Tokens` of a list of documents, each a list of sentences, in this process.

    ``stems=False`` leaves the stems to be computed later (:meth:`Tokens.with_stems`).

    >>> encode_documents([["Arms talks."]]).vocab
    ['', 'arms', 'talks']
    """
    flat: list[str] = []
    lengths = []
    for doc in documents:
        before = len(flat)
        flat += tokenize_document(doc)
        lengths.append(len(flat) - before)
    raw = list(dict.fromkeys(chain([SENTENCE_BREAK], flat)))
    # possessives dropped per distinct token: "russia's" and "russia" share an id,
    # numbered where the first of them occurs; the sentence break becomes ""
    index: dict[str, int] = {}
    number = np.fromiter((index.setdefault(normalise_token(tok) if i else "", len(index))
                          for i, tok in enumerate(raw)), dtype=np.int32, count=len(raw))
    position = {tok: i for i, tok in enumerate(raw)}
    ids = number[np.fromiter(map(position.__getitem__, flat), dtype=np.int64, count=len(flat))]
    vocab = list(index)
    return Tokens(vocab, stem_words(vocab) if stems else None, ids, np.asarray(lengths, dtype=np.int64))


def _unstemmed(documents: list[list[str]]) -> Tokens:
    return encode_documents(documents, stems=False)


def tokenize_documents(documents: Iterable[Iterable[str]]) -> Tokens:
    """Tokenise documents given as lists of sentences.

    A large batch (see :func:`analysis.infra.parallel.in_parallel`) is tokenised
    in worker processes, a few runs of consecutive documents per worker; the
    runs are merged, then each worker stems an equal share of the distinct
    tokens (a word common to several runs is stemmed once). The result is
    the same.

    >>> tokens = tokenize_documents([["Russia's arms.", "Talks."], []])
    >>> tokens.sentences(0), tokens.sentences(1), tokens.n_tokens
    ([['russia', 'arms'], ['talks']], [], 3)
    """
    documents = [list(doc) for doc in documents]
    chars = sum(len(s) for doc in documents for s in doc)
    if not in_parallel(len(documents), chars):
        return encode_documents(documents)
    runs = split_evenly(documents, 4 * workers(), size=lambda doc: sum(map(len, doc)))
    tokens = Tokens.concat(map_texts(_unstemmed, runs, parallel=True, desc="Tokenising", unit="run"))
    shares = map_texts(stem_words, split_evenly(tokens.vocab, workers(), size=lambda _: 1), parallel=True)
    return tokens.with_stems([s for share in shares for s in share])


def is_content(token: str, stop_words: frozenset = STOP_WORDS) -> bool:
    """A content word: two letters or more and not a stop word.

    >>> is_content("arms"), is_content("the"), is_content("a")
    (True, False, False)
    """
    return len(token) > 1 and token not in stop_words


def document_sentences(document) -> list[str]:
    """The sentences of a document: a text (paragraphs separated by blank lines) or a list of sentences.

    >>> document_sentences("Arms talks. Energy.\\n\\nMr. Putin spoke.")
    ['Arms talks.', 'Energy.', 'Mr. Putin spoke.']
    >>> document_sentences(["One sentence.", "Another"])
    ['One sentence.', 'Another']
    """
    if isinstance(document, str):
        return [s for para in document.split("\n\n") for s in split_sentences(para)]
    return list(document)


class TermAnalyzer:
    """The one definition of a term: a callable ``document -> list of terms``.

    A term is a content word (:func:`is_content` after the possessive "'s"
    is dropped; its Snowball stem when ``stem``) or an n-gram of ``k`` content
    words, ``lo <= k <= hi`` for ``ngram_range = (lo, hi)``, that are adjacent
    in one sentence: a stop word, a one-letter word or a sentence end breaks
    an n-gram. The words of an n-gram are joined by one space.

    Pass it to scikit-learn as ``CountVectorizer(analyzer=TermAnalyzer())`` or
    ``TfidfVectorizer(analyzer=TermAnalyzer(), sublinear_tf=True)``;
    :func:`count_terms` counts the same terms faster.

    Parameters
    ----------
    stem : bool
        Count each word's stem, so inflections count together.
    ngram_range : (int, int)
        Sizes of the n-grams; ``(1, 2)`` is words and two-word phrases,
        ``(1, 1)`` words only (the topic models' terms).
    stop_words : frozenset
        Words never counted and never part of an n-gram
        (:data:`analysis.corpus.text.STOP_WORDS`).

    Notes
    -----
    A document is a text (paragraphs separated by blank lines, split into
    sentences by :func:`analysis.corpus.text.split_sentences`) or a list of
    sentences (:func:`document_sentences`). With ``ngram_range=(1, 1)`` a
    text is tokenised whole: sentence ends matter only to n-grams, and the
    tokens of a text are those of its sentences.

    Examples
    --------
    >>> TermAnalyzer(stem=False)(["The arms control talks of the Warsaw Pact.", "Pact talks."])
    ['arms', 'control', 'talks', 'arms control', 'control talks', 'warsaw', 'pact', 'warsaw pact', 'pact', 'talks', 'pact talks']
    >>> TermAnalyzer(ngram_range=(1, 1))("Russia's talks.\\n\\nThe U.S. talked.")
    ['russia', 'talk', 'u.s.', 'talk']
    """

    def __init__(self, *, stem: bool = True, ngram_range: tuple[int, int] = (1, 2),
                 stop_words: frozenset = STOP_WORDS):
        lo, hi = (int(v) for v in ngram_range)
        if not 1 <= lo <= hi:
            raise ValueError(f"ngram_range must be (lo, hi) with 1 <= lo <= hi, not {tuple(ngram_range)}")
        self.stem = bool(stem)
        self.ngram_range = (lo, hi)
        self.stop_words = frozenset(stop_words)

    def get_params(self) -> dict:
        """The constructor parameters."""
        return {"stem": self.stem, "ngram_range": self.ngram_range, "stop_words": self.stop_words}

    def __repr__(self) -> str:
        default = "" if self.stop_words == STOP_WORDS else f", stop_words=<{len(self.stop_words)} words>"
        return f"TermAnalyzer(stem={self.stem}, ngram_range={self.ngram_range}{default})"

    def __eq__(self, other) -> bool:
        return isinstance(other, TermAnalyzer) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash((self.stem, self.ngram_range, self.stop_words))

    def _form(self, token: str) -> str:
        return stem(token) if self.stem else token

    def __call__(self, document) -> list[str]:
        lo, hi = self.ngram_range
        stop_words = self.stop_words
        if hi == 1 and isinstance(document, str):
            return [self._form(t) for t in sentence_tokens(document) if is_content(t, stop_words)]
        out: list[str] = []
        for sentence in document_sentences(document):
            run: list[str] = []
            for tok in (*sentence_tokens(sentence), ""):
                if tok and is_content(tok, stop_words):
                    run.append(self._form(tok))
                    continue
                for size in range(lo, hi + 1):
                    out.extend(" ".join(run[i:i + size]) for i in range(len(run) - size + 1))
                run = []
        return out


@gc_paused()
def count_terms(tokens: Tokens, analyzer: TermAnalyzer | None = None, *, stem: bool | None = None,
                ngram_range=None, stop_words: frozenset | None = None, min_df: int = 1):
    """Count the terms of each document: what ``CountVectorizer(analyzer=analyzer)`` counts, faster.

    The terms are ``analyzer``'s (:class:`TermAnalyzer`): position ``i``
    starts a ``k``-gram when positions ``i`` to ``i + k - 1`` all hold
    content words, which is the case only inside one sentence (a sentence end
    is no content word), and its words are joined by spaces.

    Parameters
    ----------
    tokens : Tokens
        The documents (:func:`tokenize_documents`).
    analyzer : TermAnalyzer, optional
        What a term is (default ``TermAnalyzer()``: stems, words and two-word phrases).
    stem, ngram_range, stop_words
        Shorthand for ``TermAnalyzer(stem=..., ngram_range=..., stop_words=...)``
        (not together with ``analyzer``).
    min_df : int
        Keep only terms used by at least this many documents.

    Returns
    -------
    counts : scipy.sparse.csr_matrix of int64
        Documents x terms.
    terms : ndarray of str (object)
        The terms, sorted.
    words : dict
        Each content word (unstemmed) -> its count, in order of first occurrence.

    Raises
    ------
    ValueError
        If no document has a term (or none is left after ``min_df``).

    Examples
    --------
    >>> tokens = tokenize_documents([["The arms control talks."], ["Arms talks of arms."]])
    >>> counts, terms, _ = count_terms(tokens, TermAnalyzer(stem=False, ngram_range=(2, 2)))
    >>> list(terms), counts.toarray().tolist()
    (['arms control', 'arms talks', 'control talks'], [[1, 0, 1], [0, 1, 0]])
    """
    shorthand = {k: v for k, v in (("stem", stem), ("ngram_range", ngram_range), ("stop_words", stop_words))
                 if v is not None}
    if analyzer is not None and shorthand:
        raise ValueError(f"give the analyzer or its settings, not both ({', '.join(shorthand)})")
    analyzer = analyzer if analyzer is not None else TermAnalyzer(**shorthand)
    stem, stop_words = analyzer.stem, analyzer.stop_words
    lo, hi = analyzer.ngram_range
    n_docs = tokens.n_documents
    # the form counted for each distinct token: 1 + its index in `form_ids`, 0 for none
    form_ids: dict[str, int] = {}
    token_form = np.zeros(len(tokens.vocab), dtype=np.int32)
    if stem:
        tokens = tokens.with_stems()
    for i, (tok, root) in enumerate(zip(tokens.vocab, tokens.stems or tokens.vocab)):
        if i != SENTENCE_END and is_content(tok, stop_words):
            token_form[i] = form_ids.setdefault(root if stem else tok, len(form_ids) + 1)
    n_forms = len(form_ids) + 1
    flat = token_form[tokens.ids]
    content = flat > 0
    ends = np.cumsum(tokens.lengths)

    blocks, names, seqs = [], [], []
    n_terms = 0
    # the k-grams: `at` holds the positions where one starts, `label` its number,
    # `seq` the forms it is made of and `spelled` its words joined by spaces
    at = np.flatnonzero(content)
    label = flat[at].astype(np.int64) - 1
    word_count = np.bincount(tokens.ids[at], minlength=len(tokens.vocab))
    seq = np.arange(1, n_forms, dtype=np.int64)[:, None]
    spelled = np.array(list(form_ids), dtype=object)
    words_of = np.array([""] + list(form_ids), dtype=object)
    for k in range(1, hi + 1):
        if k > 1:
            nxt = at + (k - 1)
            inside = nxt < len(flat)
            inside[inside] = content[nxt[inside]]
            at, code = at[inside], label[inside] * n_forms + flat[nxt[inside]]
            label, uniques = pd.factorize(code, sort=False)
            label = label.astype(np.int64)
            # a k-gram is a (k-1)-gram and one more word
            seq = np.column_stack([seq[uniques // n_forms], uniques % n_forms])
            spelled = spelled[uniques // n_forms] + " " + words_of[uniques % n_forms]
        if not len(at):
            break
        if k >= lo:
            blocks.append((np.searchsorted(ends, at, side="right"), label + n_terms))
            names.append(spelled)
            seqs.append(np.pad(seq, ((0, 0), (0, hi - k))))
            n_terms += len(spelled)
    if not n_terms:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    # columns in alphabetical order of the terms, as scikit-learn numbers them: the
    # space that joins words sorts before any character of a word, so the order is
    # that of the words' own order, word by word (a missing word first)
    form_rank = np.zeros(n_forms, dtype=np.int64)
    form_rank[1:][np.argsort(words_of[1:].astype(str), kind="stable")] = np.arange(1, n_forms)
    ranks = form_rank[np.concatenate(seqs)]
    order = np.lexsort(ranks.T[::-1])
    rank = np.empty(n_terms, dtype=np.int64)
    rank[order] = np.arange(n_terms)
    terms = np.concatenate(names)[order]
    # the cells (document, term) of each block with their counts; positions run in
    # document order, so the cells of a block come out in document order too
    rows, cols, data = [], [], []
    for row, col in blocks:
        cell, uniques = pd.factorize(row * n_terms + rank[col], sort=False)
        rows.append(uniques // n_terms)
        cols.append(uniques % n_terms)
        data.append(np.bincount(cell, minlength=len(uniques)))
    row, col, data = np.concatenate(rows), np.concatenate(cols), np.concatenate(data)
    by_row = np.argsort(row, kind="stable")                  # merges the blocks' sorted runs
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_docs))])
    counts = sparse.csr_matrix((data[by_row].astype(np.int64), col[by_row], indptr), shape=(n_docs, n_terms))
    counts.sort_indices()
    if min_df > 1:
        keep = np.flatnonzero(np.bincount(counts.indices, minlength=n_terms) >= min_df)
        if not len(keep):
            raise ValueError(f"no term is used by {min_df} documents or more; try a lower min_df")
        counts, terms = counts[:, keep].tocsr(), terms[keep]
    words = {tok: int(word_count[i]) for i, tok in enumerate(tokens.vocab) if token_form[i]}
    return counts, terms, words
