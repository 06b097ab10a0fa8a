"""The Data page: every CSV file on the site, its columns and what one row is.

The CSV files are written by ``python -m analysis export`` (its registry of
tables, ``analysis.cli.export.TABLES``, maps a file name to the function
that makes it); the book's Sphinx extension runs the export at build time
into the site's ``data/`` folder. :func:`data_catalog` describes the
tables it is given, so a table added to the export appears on the Data
page by itself.

>>> frames = {"sources": pd.DataFrame({"source_id": ["a"], "source": ["A 2001"]})}
>>> data_catalog(frames)[["file", "rows", "columns"]].values.tolist()
[['sources.csv', 1, 'source_id, source']]
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.report.tables import csv_href

#: What one row of each exported table is. A table missing here is described
#: by the first sentence of its producer's docstring.
ROW_MEANING = {
    "sources": "one source of the catalog",
    "cleaning_report": "one source: its raw and clean word counts and the words each cleaning rule removed",
    "text_statistics": "one source: paragraphs, sentences, words, sentence length, MTLD and Flesch",
    "vocabulary_top_terms": "one of a source's top TF-IDF terms",
    "comparisons": "one of a group's 20 most distinctive words (log-odds z) in one grouping of the catalog",
    "source_distinctive_words": "one of a source's 20 most over-used words against all the others (log-odds z)",
    "topics": "one topic's share of one source, for one model (NMF or LDA) at the chosen k",
    "predictions": "one prediction of the ledger, with its outcome, verdict and Brier score",
    "prediction_scorecard": "one source: its predictions' verdicts, share correct and Brier scores",
}


def first_sentence(text: str | None) -> str:
    """The first sentence of a docstring, on one line.

    >>> first_sentence('''The catalog: one row per source,
    ...     with the era. More.''')
    'The catalog: one row per source, with the era.'
    >>> first_sentence(None)
    ''
    """
    flat = " ".join((text or "").split())
    end = flat.find(". ")
    return flat if end < 0 else flat[:end + 1]


def data_catalog(frames: Mapping[str, pd.DataFrame], docs: Mapping[str, str] | None = None,
                 *, links: bool = False) -> pd.DataFrame:
    """One row per CSV file: ``file, one row is, rows, columns``.

    ``frames`` maps a table's name to its DataFrame (as exported); ``docs``
    maps a name to its producer's docstring, used when :data:`ROW_MEANING`
    has no entry. With ``links``, ``file`` is an HTML link to the file on
    the site (for a table whose ``file`` cells are rendered as markup).

    >>> f = {"new_table": pd.DataFrame({"x": [1, 2]})}
    >>> data_catalog(f, {"new_table": "Counts per thing. Long text."}).values.tolist()
    [['new_table.csv', 'Counts per thing.', 2, 'x']]
    >>> data_catalog({"sources": pd.DataFrame({"a": [1]})}, links=True)["file"].tolist()
    ['<a class="reference download" href="../data/sources.csv" download>sources.csv</a>']
    """
    docs = docs or {}
    rows = []
    for name, frame in frames.items():
        meaning = ROW_MEANING.get(name) or first_sentence(docs.get(name)) or "(not described)"
        file = (f'<a class="reference download" href="{csv_href(name)}" download>{name}.csv</a>'
                if links else f"{name}.csv")
        rows.append({"file": file, "one row is": meaning, "rows": int(len(frame)),
                     "columns": ", ".join(map(str, frame.columns))})
    return pd.DataFrame(rows, columns=["file", "one row is", "rows", "columns"])
