"""The cleaned, segmented corpus: one object for every chapter.

:func:`load_corpus` reads the catalog, checks every raw text against its
hash, cleans it (:mod:`analysis.corpus.clean`) and splits it into paragraphs and
sentences (:mod:`analysis.corpus.text`).

The processed form of each text is cached on disk (:mod:`analysis.infra.cache`),
keyed by :func:`source_key`: the text's own bytes, the catalog fields cleaning
uses, and the version and source code of the cleaning and segmenting modules.
An entry is used only when its checksum and its shape hold (:func:`valid_record`).

The book counts words one way: :meth:`Corpus.word_count` (text paragraphs
after cleaning; headings do not count), or :func:`text_word_count` from a raw
text.
Loading again after a change re-processes only the texts the change touches;
``load_corpus(cache=False)`` ignores the cache altogether.

>>> corpus = load_corpus()
>>> corpus.sources.index[0], int(corpus.paragraphs.shape[1])
('kuzio-2001', 5)
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.corpus import clean as _clean
from analysis.corpus.catalog import load_catalog
from analysis.corpus.clean import clean_text, word_count
from analysis.infra import cache as _cache
from analysis.infra.progress import progress

#: Layout of a processed source (:func:`process_source`); part of the cache key.
RECORD_VERSION = "1"

#: Cache namespace of processed sources.
CACHE_NAMESPACE = "corpus"

#: Cache namespace of word counts (:func:`source_word_count`).
WORDS_NAMESPACE = "words"

#: Removal rules whose pieces count no words (joins and markup, not text).
_WORDLESS_RULES = ("hard_wrap", "markdown")


@dataclass
class Corpus:
    """The corpus as tidy tables.

    Attributes
    ----------
    sources : DataFrame
        The catalog, indexed by source id, sorted by date (see
        :func:`analysis.corpus.catalog.load_catalog`).
    paragraphs : DataFrame
        ``source_id, para, kind, text, words``: cleaned paragraphs in reading
        order; ``kind`` is ``"text"`` or ``"heading"``.
    sentences : DataFrame
        ``source_id, para, sent, text``: the sentences of text paragraphs.
    removed : DataFrame
        ``source_id, rule, text, words``: every piece cleaning removed.
    metadata : dict
        Per source, what cleaning kept aside (title block, byline, editor's note).
    raw_words : Series
        Words in each raw file, for the cleaning report.
    """

    sources: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    metadata: dict
    raw_words: pd.Series

    @property
    def ids(self) -> list[str]:
        """Source ids in date order."""
        return list(self.sources.index)

    def text(self, source_id: str, *, headings: bool = True) -> str:
        """The cleaned text of one source, paragraphs separated by blank lines."""
        paras = self.paragraphs[self.paragraphs.source_id == source_id]
        if not headings:
            paras = paras[paras.kind == "text"]
        return "\n\n".join(paras.text)

    def texts(self, *, headings: bool = True) -> pd.Series:
        """Cleaned text per source, indexed by source id, in date order."""
        return pd.Series({sid: self.text(sid, headings=headings) for sid in self.ids}, name="text")

    def word_count(self, source_id: str | None = None) -> int:
        r"""Words of the corpus, or of one source: the one word count of the book.

        The words of the *text* paragraphs after cleaning; headings do not
        count (the analysis reads the text paragraphs). Each paragraph's words
        are :func:`analysis.corpus.clean.word_count` (whitespace-separated
        chunks containing a letter or digit), so for source :math:`s`

        .. math:: W_s = \sum_{p \in s,\ \mathrm{kind}(p) = \mathrm{text}} \mathrm{words}(p)

        and the corpus's count is :math:`\sum_s W_s`. The same number comes
        from the raw text by :func:`text_word_count`.

        >>> corpus = load_corpus()
        >>> corpus.word_count() == sum(corpus.word_count(s) for s in corpus.ids)
        True
        """
        paras = self.paragraphs[self.paragraphs.kind == "text"]
        if source_id is not None:
            paras = paras[paras.source_id == source_id]
        return int(paras["words"].sum())

    def label(self, source_id: str) -> str:
        """Short display label of a source (e.g. ``"Kuzio 2001"``)."""
        return str(self.sources.loc[source_id, "label"])

    def removal_examples(self, *, per_rule: int = 3, width: int = 120) -> pd.DataFrame:
        """Up to ``per_rule`` removed pieces per source and rule, shortened to ``width``."""
        rows = []
        for (sid, rule), group in self.removed.groupby(["source_id", "rule"], sort=False):
            for text in group.text.head(per_rule):
                short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
                rows.append((self.label(sid), rule, short))
        frame = pd.DataFrame(rows, columns=["source", "rule", "removed text"])
        order = {self.label(s): i for i, s in enumerate(self.ids)}
        return frame.sort_values("source", key=lambda s: s.map(order), kind="stable")

    def cleaning_report(self) -> pd.DataFrame:
        """Per source: raw and clean word counts, and words removed by each rule.

        ``clean words`` is :meth:`word_count` (text paragraphs); the words of
        the headings cleaning kept are shown apart, so raw words are clean words,
        heading words and the words each rule removed. Removed words by rule
        count the words of each removed piece; joined lines remove no words.
        """
        text = self.paragraphs[self.paragraphs.kind == "text"]
        headings = self.paragraphs[self.paragraphs.kind == "heading"]
        clean = text.groupby("source_id")["words"].sum()
        by_rule = (self.removed.pivot_table(index="source_id", columns="rule", values="words",
                                            aggfunc="sum", fill_value=0)
                   if len(self.removed) else pd.DataFrame(index=self.ids))
        report = pd.DataFrame({
            "source": self.sources["label"],
            "raw words": self.raw_words,
            "clean words": clean.reindex(self.ids).fillna(0).astype(int),
            "heading words": headings.groupby("source_id")["words"].sum().reindex(self.ids).fillna(0).astype(int),
        })
        report["kept %"] = (100 * report["clean words"] / report["raw words"]).round(1)
        report = report.join(by_rule.reindex(self.ids).fillna(0).astype(int))
        return report


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the processing code is: the modules' ``VERSION`` strings, a hash of their
    source, and the NLTK version (Punkt and the tokenizer's engine come from it).

    >>> from analysis.corpus import text
    >>> code_version().startswith("clean=" + _clean.VERSION + ";segment=" + text.VERSION)
    True
    """
    import nltk  # here, not at the top: counting words (add-source, validate) needs no NLTK

    from analysis.corpus import text as _segment
    digest = hashlib.sha256()
    for module in (_clean, _segment):
        digest.update(Path(module.__file__).read_bytes())
    return (f"clean={_clean.VERSION};segment={_segment.VERSION};record={RECORD_VERSION};"
            f"nltk={nltk.__version__};code={digest.hexdigest()[:16]}")


def source_key(raw: bytes, *, title: str | None = None, author: str | None = None,
               outlet: str | None = None) -> str:
    """Cache key of one processed text: its bytes, the fields cleaning uses, :func:`code_version`.

    >>> source_key(b"Some text.", title="T") == source_key(b"Some text.", title="T")
    True
    >>> source_key(b"Some text.", title="T") == source_key(b"Some text!", title="T")
    False
    """
    return _cache.make_key(CACHE_NAMESPACE, hashlib.sha256(raw).hexdigest(),
                           title, author, outlet, code_version())


def valid_record(record: object) -> bool:
    """Whether a cached record has the shape :func:`process_source` gives, with
    word counts that agree with its text (a record failing this is rebuilt).

    >>> rec = process_source("Trade will grow. Talks go on.")
    >>> valid_record(rec), valid_record({**rec, "paragraphs": [["text", "Trade", 7]]})
    (True, False)
    """
    if not (isinstance(record, dict) and set(record) == {"raw_words", "paragraphs", "sentences",
                                                         "removed", "metadata"}):
        return False
    paras, sents, removed = record["paragraphs"], record["sentences"], record["removed"]
    ok = (isinstance(record["raw_words"], int) and isinstance(record["metadata"], dict)
          and all(isinstance(v, list) for v in (paras, sents, removed)))
    ok = ok and all(isinstance(p, list) and len(p) == 3 and p[0] in ("text", "heading")
                    and isinstance(p[1], str) and p[2] == word_count(p[1]) for p in paras)
    ok = ok and all(isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                    and isinstance(r[1], str) and isinstance(r[2], int) for r in removed)
    return ok and all(isinstance(x, list) and len(x) == 3 and isinstance(x[0], int)
                      and 1 <= x[0] <= len(paras) and paras[x[0] - 1][0] == "text"
                      and isinstance(x[1], int) and isinstance(x[2], str) for x in sents)


def text_word_count(raw: str | Iterable[str], *, title: str | None = None,
                    author: str | None = None, outlet: str | None = None) -> int:
    """Words of one raw text as :meth:`Corpus.word_count` counts them (headings do not count).

    ``raw`` is the raw text, or its lines without line endings
    (:func:`analysis.corpus.clean.split_lines`) read one at a time, for a text too large to
    hold: the count is made one paragraph at a time
    (:func:`analysis.corpus.clean.cleaned_word_count`), the same number as the words of
    ``clean_text(raw)``'s text paragraphs.

    >>> text_word_count("A Title\\n\\nTrade will grow. Talks go on.\\n\\nShare this article")
    6
    >>> text_word_count(iter(["A Title", "", "Trade will grow.", "Talks go on."]))
    6
    """
    lines = _clean.split_lines(raw) if isinstance(raw, str) else raw
    return _clean.cleaned_word_count(lines, title=title, author=author, outlet=outlet)


@lru_cache(maxsize=1)
def clean_version() -> str:
    """What the cleaning code is (a word count depends on nothing else): its ``VERSION``
    and a hash of its source.

    >>> clean_version().startswith("clean=" + _clean.VERSION + ";code=")
    True
    """
    digest = hashlib.sha256(Path(_clean.__file__).read_bytes()).hexdigest()[:16]
    return f"clean={_clean.VERSION};code={digest}"


def _words_key(entry: dict) -> str:
    return _cache.make_key(WORDS_NAMESPACE, entry["sha256"], entry.get("title"),
                           entry.get("author"), entry.get("outlet"), clean_version())


def remember_word_count(entry: dict, words: int) -> None:
    """Store a text's :func:`text_word_count` for :func:`source_word_count` (a catalog entry's
    ``sha256``, ``title``, ``author`` and ``outlet`` make the key)."""
    _cache.write(WORDS_NAMESPACE, _words_key(entry), int(words))


def source_word_count(entry: dict, seeds: Path | None = None) -> int:
    """:func:`text_word_count` of a catalog entry's raw text, from the cache when it is there.

    The caller must first have checked that the file matches the entry's
    ``sha256`` (:func:`analysis.corpus.catalog.validate_entries` does).

    >>> entry = load_corpus().sources.loc["kuzio-2001"].to_dict()
    >>> source_word_count(entry) == load_corpus().word_count("kuzio-2001")
    True
    """
    seeds = Path(seeds or config.seeds_dir())

    def compute() -> int:
        with open(seeds / entry["file"], encoding="utf-8", newline="") as fh:   # a line at a time
            return text_word_count(_clean.without_line_ends(fh), title=entry.get("title"),
                                   author=entry.get("author"), outlet=entry.get("outlet"))

    return int(_cache.cached(WORDS_NAMESPACE, _words_key(entry), compute,
                             check=lambda v: isinstance(v, int) and v >= 0))


def process_source(raw: str, *, title: str | None = None, author: str | None = None,
                   outlet: str | None = None) -> dict:
    """Clean and segment one raw text into plain lists (what the cache stores).

    Returns
    -------
    dict
        ``raw_words`` (int); ``paragraphs``: ``[kind, text, words]`` in reading
        order; ``sentences``: ``[para, sent, text]`` for text paragraphs
        (numbered from 1); ``removed``: ``[rule, text, words]``; ``metadata``.

    Examples
    --------
    >>> rec = process_source("A Title\\n\\nTrade will grow. Talks go on.\\n\\nShare this article")
    >>> rec["paragraphs"], rec["sentences"]
    ([['heading', 'A Title', 2], ['text', 'Trade will grow. Talks go on.', 6]], [[2, 1, 'Trade will grow.'], [2, 2, 'Talks go on.']])
    >>> rec["removed"], rec["raw_words"]
    ([['site_furniture', 'Share this article', 3]], 11)
    """
    from analysis.corpus.text import split_sentences
    result = clean_text(raw, title=title, author=author, outlet=outlet)
    paragraphs, sentences = [], []
    for p, para in enumerate(result.paragraphs, start=1):
        paragraphs.append([para.kind, para.text, word_count(para.text)])
        if para.kind == "text":
            for s, sentence in enumerate(split_sentences(para.text), start=1):
                sentences.append([p, s, sentence])
    removed = [[r.rule, r.text, 0 if r.rule in _WORDLESS_RULES else word_count(r.text)]
               for r in result.removed]
    return {"raw_words": word_count(raw), "paragraphs": paragraphs, "sentences": sentences,
            "removed": removed, "metadata": dict(result.metadata)}


def load_corpus(seeds: Path | None = None, *, cache: bool = True,
                only: list[str] | None = None) -> Corpus:
    """Load, clean and segment every source in the catalog.

    Parameters
    ----------
    seeds : Path, optional
        The seeds folder (default :data:`analysis.config.SEEDS`, or the
        ``ANALYSIS_SEEDS`` environment variable).
    cache : bool, default True
        Read and write processed sources in the on-disk cache
        (:mod:`analysis.infra.cache`; entries unused for
        :data:`analysis.infra.cache.PRUNE_AFTER_DAYS` days are removed); False
        processes every source afresh and leaves the cache alone. The result
        is the same either way. A cached entry is used only when its checksum
        and its shape (:func:`valid_record`) hold; otherwise it is rebuilt.
    only : list of str, optional
        Load only these sources (ids of the catalog); default all.

    Raises
    ------
    analysis.corpus.catalog.CatalogError
        If the catalog or a raw text has a problem.
    """
    seeds = Path(seeds or config.seeds_dir())
    sources = load_catalog(seeds / "catalog.yaml")
    if only is not None:
        sources = sources[sources.index.isin(list(only))]
    records, todo = {}, {}
    rows = zip(sources.index, sources["file"], sources["title"], sources["author"], sources["outlet"])
    for sid, file, title, author, outlet in progress(rows, total=len(sources), desc="Reading sources"):
        data = (seeds / file).read_bytes()
        fields = {"title": title, "author": author, "outlet": outlet}
        key = source_key(data, **fields) if cache else None
        record = _cache.read(CACHE_NAMESPACE, key, check=valid_record) if cache else None
        if record is None:
            todo[sid] = (key, data.decode("utf-8"), fields)
        else:
            records[sid] = record
    from analysis.infra.parallel import map_texts
    # texts not in the cache: processed together (in worker processes when there are many)
    jobs = [(text, fields) for _, text, fields in todo.values()]
    done = map_texts(_process_job, jobs, chars=sum(len(text) for text, _ in jobs),
                     desc="Cleaning and splitting")
    for (sid, (key, _, _)), record in zip(todo.items(), done):
        if cache:
            _cache.write(CACHE_NAMESPACE, key, record)
        records[sid] = record
    if cache:
        _cache.prune(CACHE_NAMESPACE)
    return _assemble(sources, records)


def _process_job(job: tuple[str, dict]) -> dict:
    text, fields = job
    return process_source(text, **fields)


def _assemble(sources: pd.DataFrame, records: dict) -> Corpus:
    """The corpus tables from the processed sources, in catalog order."""
    ids = list(sources.index)
    paragraphs = [(sid, p, *row) for sid in ids
                  for p, row in enumerate(records[sid]["paragraphs"], start=1)]
    sentences = [(sid, *row) for sid in ids for row in records[sid]["sentences"]]
    removed = [(sid, *row) for sid in ids for row in records[sid]["removed"]]
    return Corpus(
        sources=sources,
        paragraphs=pd.DataFrame(paragraphs, columns=["source_id", "para", "kind", "text", "words"]),
        sentences=pd.DataFrame(sentences, columns=["source_id", "para", "sent", "text"]),
        removed=pd.DataFrame(removed, columns=["source_id", "rule", "text", "words"]),
        metadata={sid: records[sid]["metadata"] for sid in ids},
        raw_words=pd.Series({sid: records[sid]["raw_words"] for sid in ids}, name="raw words"),
    )
