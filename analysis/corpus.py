"""The cleaned, segmented corpus: one object for every chapter.

:func:`load_corpus` reads the catalog, checks every raw text against its
hash, cleans it (:mod:`analysis.clean`) and splits it into paragraphs and
sentences (:mod:`analysis.segment`).

>>> corpus = load_corpus()
>>> corpus.sources.index[0], int(corpus.paragraphs.shape[1])
('kuzio-2001', 5)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .catalog import load_catalog
from .clean import clean_text, word_count
from .segment import split_sentences


@dataclass
class Corpus:
    """The corpus as tidy tables.

    Attributes
    ----------
    sources : DataFrame
        The catalog, indexed by source id, sorted by date (see
        :func:`analysis.catalog.load_catalog`).
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


def load_corpus(seeds: Path | None = None) -> Corpus:
    """Load, clean and segment every source in the catalog.

    Parameters
    ----------
    seeds : Path, optional
        The seeds folder (default :data:`analysis.paths.SEEDS`, or the
        ``ANALYSIS_SEEDS`` environment variable).

    Raises
    ------
    analysis.catalog.CatalogError
        If the catalog or a raw text has a problem.
    """
    seeds = Path(seeds or paths.seeds_dir())
    sources = load_catalog(seeds / "catalog.yaml")
    para_rows, sent_rows, removed_rows, metadata, raw_words = [], [], [], {}, {}
    for sid, row in sources.iterrows():
        raw = (seeds / row["file"]).read_text(encoding="utf-8")
        raw_words[sid] = word_count(raw)
        result = clean_text(raw, title=row["title"], author=row["author"], outlet=row["outlet"])
        metadata[sid] = result.metadata
        for removal in result.removed:
            removed_rows.append((sid, removal.rule, removal.text, word_count(removal.text)
                                 if removal.rule not in ("hard_wrap", "markdown") else 0))
        for p, para in enumerate(result.paragraphs, start=1):
            para_rows.append((sid, p, para.kind, para.text, word_count(para.text)))
            if para.kind == "text":
                for s, sentence in enumerate(split_sentences(para.text), start=1):
                    sent_rows.append((sid, p, s, sentence))
    return Corpus(
        sources=sources,
        paragraphs=pd.DataFrame(para_rows, columns=["source_id", "para", "kind", "text", "words"]),
        sentences=pd.DataFrame(sent_rows, columns=["source_id", "para", "sent", "text"]),
        removed=pd.DataFrame(removed_rows, columns=["source_id", "rule", "text", "words"]),
        metadata=metadata,
        raw_words=pd.Series(raw_words, name="raw words"),
    )
