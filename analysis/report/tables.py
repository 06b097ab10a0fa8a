"""Numbered, captioned tables for the book.

:func:`table` renders a DataFrame as a MyST ``{table}`` directive (a
Markdown table with a caption and a name), so chapters can cite it with
``{numref}`` and it prints well in HTML and PDF. Tables fit the text
column: relative column widths (:func:`column_widths`) for the PDF, and on
the site the stylesheet (``_static/custom.css``) spans each table across
the column, wraps long cells and sets tables of seven or more columns in
smaller type. ``csv=`` adds a link to the table's CSV file on the site
(:func:`csv_link`).

>>> import pandas as pd
>>> print(table(pd.DataFrame({"a": [1], "b|c": ["x"]}), "tbl-demo", "A demo.").data)
:::{table} A demo.
:name: tbl-demo
:widths: 4 4
<BLANKLINE>
| a | b\\|c |
|---:|:---|
| 1 | x |
:::
"""
from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

_SPECIAL = re.compile(r"([\\`*_\[\]<>#{}$|~])")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax so a cell shows its text literally.

    >>> escape("[link](#) *x*")
    '\\\\[link\\\\](\\\\#) \\\\*x\\\\*'
    """
    return _SPECIAL.sub(r"\\\1", text)


def _cell(value, literal: bool = True) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    return escape(text) if literal else text.replace("|", "\\|")


def markdown_table(df: pd.DataFrame, *, index: bool = False, markup: tuple = ()) -> str:
    """A pipe table; numeric columns right-aligned.

    Cell text is shown literally (Markdown escaped) except in the columns
    named in ``markup``, whose MyST markup (e.g. citations) is rendered.
    """
    if index:
        df = df.reset_index()
    cols = [str(c) for c in df.columns]
    align = ["---:" if pd.api.types.is_numeric_dtype(df[c]) else ":---" for c in df.columns]
    literal = [c not in markup for c in df.columns]
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "|" + "|".join(align) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v, lit) for v, lit in zip(row, literal)) + " |")
    return "\n".join(lines)


def column_widths(df: pd.DataFrame, *, index: bool = False) -> list[int]:
    """Relative column widths from the text each column holds.

    A column's width is the mean length of its header and cells, kept
    between 4 and 40 characters, so long text columns get room to wrap and
    short numeric ones stay narrow (the PDF needs explicit widths to wrap
    cells of long tables).

    >>> column_widths(pd.DataFrame({"n": [1, 2], "text": ["a" * 80, "b" * 60]}))
    [4, 40]
    """
    if index:
        df = df.reset_index()
    widths = []
    for col in df.columns:
        lengths = [len(str(col))] + [len(_cell(v)) for v in df[col]]
        widths.append(int(min(40, max(4, round(sum(lengths) / len(lengths))))))
    return widths


#: Where the site keeps the CSV files (written at build time by
#: ``python -m analysis export``), relative to the site's root.
DATA_DIR = "data"


def csv_href(name: str, *, depth: int = 1) -> str:
    """The link to ``<name>.csv`` on the site, from a page ``depth`` folders below the root.

    The book's pages are in ``book/``, one folder down.

    >>> csv_href("sources")
    '../data/sources.csv'
    >>> csv_href("topics", depth=0)
    'data/topics.csv'
    >>> csv_href("../secret")
    Traceback (most recent call last):
    ...
    ValueError: a CSV name is a plain file name without .csv, like 'sources', not '../secret'
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name or ""):
        raise ValueError(f"a CSV name is a plain file name without .csv, like 'sources', not {name!r}")
    return "../" * depth + f"{DATA_DIR}/{name}.csv"


def csv_link(name: str, text: str | None = None, *, depth: int = 1) -> str:
    """A download link to a table's CSV, as raw HTML (shown on the site, left out of the PDF).

    >>> print(csv_link("sources"))
    <p class="csv-download"><a class="reference download" href="../data/sources.csv" download>Download the data: sources.csv</a></p>
    """
    label = text or f"Download the data: {name}.csv"
    return (f'<p class="csv-download"><a class="reference download" href="{csv_href(name, depth=depth)}" '
            f'download>{label}</a></p>')


def table(df: pd.DataFrame, name: str, caption: str, *, index: bool = False,
          markup: tuple = (), csv: str | None = None) -> Markdown:
    """A captioned, named table for display in a notebook cell.

    ``name`` is the label for ``{numref}``; see :func:`markdown_table` for ``markup``.
    Column widths follow :func:`column_widths`. ``csv`` names the CSV file written by
    ``python -m analysis export`` that holds this table's data (e.g.
    ``csv="sources"`` for ``sources.csv``): a download link is shown under
    the table on the site.

    >>> print(table(pd.DataFrame({"a": [1]}), "tbl-x", "X.", csv="sources").data)
    :::{table} X.
    :name: tbl-x
    :widths: 4
    <BLANKLINE>
    | a |
    |---:|
    | 1 |
    :::
    <BLANKLINE>
    <p class="csv-download"><a class="reference download" href="../data/sources.csv" download>Download the data: sources.csv</a></p>
    """
    body = markdown_table(df, index=index, markup=markup)
    widths = " ".join(map(str, column_widths(df, index=index))) if len(df.columns) else "auto"
    link = f"\n\n{csv_link(csv)}" if csv else ""
    return Markdown(f":::{{table}} {caption}\n:name: {name}\n:widths: {widths}\n\n{body}\n:::{link}")
