"""The cleaned, segmented corpus: one object for every chapter.

:func:`load_corpus` reads the catalog, checks every raw text against its
hash, cleans it (:mod:`analysis.corpus.clean`) and splits it into paragraphs and
sentences (:mod:`analysis.corpus.text`).

The processed form of each text is cached on disk (:mod:`analysis.infra.cache`),
keyed by :func:`source_key`: the text's own bytes, the catalog fields cleaning
uses, and the version and source code of the cleaning and segmenting modules.
Loading again after a change re-processes only the texts the change touches;
``load_corpus(cache=False)`` ignores the cache altogether.

>>> corpus = load_corpus()
>>> corpus.sources.index[0], int(corpus.paragraphs.shape[1])
('kuzio-2001', 5)
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nltk
import pandas as pd

from analysis import config
from analysis.corpus import clean as _clean
from analysis.corpus import text as _segment
from analysis.corpus.catalog import load_catalog
from analysis.corpus.clean import clean_text, word_count
from analysis.corpus.text import split_sentences
from analysis.infra import cache as _cache
from analysis.infra.parallel import map_texts
from analysis.infra.progress import progress

#: Layout of a processed source (:func:`process_source`); part of the cache key.
RECORD_VERSION = "1"

#: Cache namespace of processed sources.
CACHE_NAMESPACE = "corpus"

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

        Removed words by rule count the words of each removed piece; joined
        lines remove no words.
        """
        clean = self.paragraphs.groupby("source_id")["words"].sum()
        by_rule = (self.removed.pivot_table(index="source_id", columns="rule", values="words",
                                            aggfunc="sum", fill_value=0)
                   if len(self.removed) else pd.DataFrame(index=self.ids))
        report = pd.DataFrame({
            "source": self.sources["label"],
            "raw words": self.raw_words,
            "clean words": clean.reindex(self.ids).fillna(0).astype(int),
        })
        report["kept %"] = (100 * report["clean words"] / report["raw words"]).round(1)
        report = report.join(by_rule.reindex(self.ids).fillna(0).astype(int))
        return report


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the processing code is: the modules' ``VERSION`` strings, a hash of their
    source, and the NLTK version (Punkt and the tokenizer's engine come from it).

    >>> code_version().startswith("clean=" + _clean.VERSION + ";segment=" + _segment.VERSION)
    True
    """
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


def load_corpus(seeds: Path | None = None, *, cache: bool = True) -> Corpus:
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
        is the same either way.

    Raises
    ------
    analysis.corpus.catalog.CatalogError
        If the catalog or a raw text has a problem.
    """
    seeds = Path(seeds or config.seeds_dir())
    sources = load_catalog(seeds / "catalog.yaml")
    records, todo = {}, {}
    rows = zip(sources.index, sources["file"], sources["title"], sources["author"], sources["outlet"])
    for sid, file, title, author, outlet in progress(rows, total=len(sources), desc="Reading sources"):
        data = (seeds / file).read_bytes()
        fields = {"title": title, "author": author, "outlet": outlet}
        key = source_key(data, **fields) if cache else None
        record = _cache.read(CACHE_NAMESPACE, key) if cache else None
        if record is None:
            todo[sid] = (key, data.decode("utf-8"), fields)
        else:
            records[sid] = record
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
