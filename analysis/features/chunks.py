"""Segments: the unit of analysis for models that need many short documents.

A handful of sources is far too few documents for a topic model, and single
paragraphs vary from a one-line quotation to a page. This module cuts each
source into *segments* of roughly ``min_words``-``max_words`` words, keeping
reading order and never crossing a source boundary:

1. Headings are left out (they are labels, not prose).
2. A text paragraph longer than ``max_words`` is split at sentence
   boundaries into ``ceil(words / max_words)`` pieces of about equal length
   (a sentence is never cut; a single sentence longer than ``max_words``
   stays whole).
3. Consecutive pieces shorter than ``min_words`` are merged, in reading
   order, until the merged segment reaches ``min_words`` words; the merge
   never produces more than ``max_words`` words unless a piece alone is
   short and has no other neighbour.
4. A last segment of a source still shorter than ``min_words`` is merged
   into the segment before it (when that one exists and the result does not
   exceed ``max_words + min_words``), so no source ends on a fragment.

Words are counted as in :func:`analysis.corpus.clean.word_count`.

>>> import pandas as pd
>>> paras = pd.DataFrame({
...     "source_id": ["a", "a", "a", "b"], "para": [1, 2, 3, 1],
...     "kind": ["text", "text", "heading", "text"],
...     "text": ["One two three.", "Four five six.", "Title", "Seven eight."]})
>>> seg = make_segments(paras, min_words=5, max_words=10)
>>> seg[["source_id", "segment", "paras", "words"]].values.tolist()
[['a', 1, '1-2', 6], ['b', 1, '1', 2]]
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.corpus.clean import word_count
from analysis.corpus.text import split_sentences

#: Default segment size bounds (words).
MIN_WORDS = 100
MAX_WORDS = 200

COLUMNS = ["source_id", "segment", "paras", "text", "words"]


def split_long(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Split a paragraph longer than ``max_words`` at sentence boundaries.

    The paragraph is cut into ``n = ceil(words / max_words)`` pieces: each
    sentence is added to the current piece until the piece reaches
    ``words / n`` words, so pieces are of about equal length.

    >>> text = "One two three four. Five six seven eight. Nine ten eleven twelve. Yes no maybe so."
    >>> split_long(text, max_words=10)
    ['One two three four. Five six seven eight.', 'Nine ten eleven twelve. Yes no maybe so.']
    >>> split_long("Short one.", max_words=10)
    ['Short one.']
    """
    words = word_count(text)
    if words <= max_words:
        return [text]
    n = math.ceil(words / max_words)
    target = words / n
    pieces, current, size = [], [], 0
    for sentence in split_sentences(text):
        current.append(sentence)
        size += word_count(sentence)
        if size >= target and len(pieces) < n - 1:
            pieces.append(" ".join(current))
            current, size = [], 0
    if current:
        pieces.append(" ".join(current))
    return pieces


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def make_segments(paragraphs: pd.DataFrame, *, min_words: int = MIN_WORDS,
                  max_words: int = MAX_WORDS) -> pd.DataFrame:
    """Cut the text paragraphs of each source into segments (see the module notes).

    Parameters
    ----------
    paragraphs : DataFrame
        ``source_id, para, kind, text`` in reading order (as
        :attr:`analysis.corpus.load.Corpus.paragraphs`).
    min_words, max_words : int
        Target segment size in words.

    Returns
    -------
    DataFrame
        ``source_id, segment, paras, text, words``: ``segment`` numbers the
        segments of a source from 1 in reading order; ``paras`` names the
        paragraph(s) it comes from (``"3"``, ``"3-5"``).
    """
    if min_words > max_words:
        raise ValueError("min_words must not exceed max_words")
    rows = []
    text_paras = paragraphs[paragraphs["kind"] == "text"]
    for sid, group in text_paras.groupby("source_id", sort=False):
        pieces = [(int(p), piece, word_count(piece))
                  for p, text in zip(group["para"], group["text"])
                  for piece in split_long(text, max_words)]
        segs: list[list] = []  # [first_para, last_para, texts, words]
        for para, piece, words in pieces:
            last = segs[-1] if segs else None
            if last is not None and last[3] < min_words and last[3] + words <= max_words:
                last[1], last[3] = para, last[3] + words
                last[2].append(piece)
            else:
                segs.append([para, para, [piece], words])
        if len(segs) > 1 and segs[-1][3] < min_words and segs[-2][3] + segs[-1][3] <= max_words + min_words:
            tail = segs.pop()
            segs[-1][1], segs[-1][3] = tail[1], segs[-1][3] + tail[3]
            segs[-1][2].extend(tail[2])
        for i, (first, last, texts, words) in enumerate(segs, start=1):
            rows.append((sid, i, _span(first, last), "\n\n".join(texts), words))
    return pd.DataFrame(rows, columns=COLUMNS)


def segment_summary(segments: pd.DataFrame, sources: pd.DataFrame, *,
                    min_segments: int = 3) -> pd.DataFrame:
    """Per source: number of segments and their word counts (min, median, max).

    ``note`` flags a source with fewer than ``min_segments`` segments, whose
    topic mix then rests on very few passages. Sources without any segment
    are listed with zero segments.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"source_id": ["a", "a", "a"], "words": [100, 150, 120]})
    >>> src = pd.DataFrame({"label": ["A 2001", "B 2002"]}, index=["a", "b"])
    >>> segment_summary(seg, src)[["segments", "median words", "note"]].values.tolist()
    [[3, 120, ''], [0, 0, 'only 0 segments: no topic mix']]
    """
    grouped = segments.groupby("source_id")["words"]
    out = pd.DataFrame({
        "source": sources["label"],
        "segments": grouped.size().reindex(sources.index).fillna(0).astype(int),
        "min words": grouped.min().reindex(sources.index).fillna(0).astype(int),
        "median words": grouped.median().reindex(sources.index).fillna(0).round().astype(int),
        "max words": grouped.max().reindex(sources.index).fillna(0).astype(int),
    })

    def note(n: int) -> str:
        if n == 0:
            return "only 0 segments: no topic mix"
        if n < min_segments:
            return f"only {n} segment{'s' if n > 1 else ''}: topic mix rests on very few passages"
        return ""

    out["note"] = out["segments"].map(note)
    return out
