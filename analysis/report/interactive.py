"""Interactive tables for the site: the prediction ledger, filterable and sortable.

The table is drawn by DataTables through ``itables`` in its offline mode
(``connected=False``): the JavaScript and CSS ship inside the ``itables``
package and are written into the page by the notebook's set-up cell
(:func:`offline_mode`), so nothing is fetched from another host. Filters:
a search pane for each of source, type, verdict, probability and horizon
(year), a text filter under every column and a search box over all text.
Long text (the whole quote, the outcome, the evidence) is folded into a
``<details>`` element that opens on a click.

>>> rows = pd.DataFrame({"id": ["a-p01"], "source": ["A 2001"], "type": ["own"], "verdict": ["correct"],
...                      "probability": [0.97], "horizon": ["2002-06-30"], "claim": ["X happens"],
...                      "quote": ["X will happen."], "outcome": ["X happened."], "evidence": [""]})
>>> ledger_rows(rows).columns.tolist()
['id', 'source', 'type', 'verdict', 'p', 'horizon', 'claim', 'quote', 'outcome', 'evidence']
"""
from __future__ import annotations

import html

import pandas as pd

#: The ledger's columns as shown: (column of the scored ledger, header).
#: Columns absent from the ledger are skipped; ``speaker`` shows when present.
LEDGER_COLUMNS = (
    ("id", "id"), ("source", "source"), ("speaker", "speaker"), ("type", "type"),
    ("verdict", "verdict"), ("probability", "p"), ("horizon", "horizon"), ("claim", "claim"),
    ("quote", "quote"), ("outcome", "outcome"), ("evidence", "evidence"),
)

#: Headers of the columns with a search pane (those present are used).
PANES = ("source", "speaker", "type", "verdict", "p", "horizon")

#: Long-text columns, folded into ``<details>``.
FOLDED = ("quote", "outcome", "evidence")

#: Share of the table's width per column header (columns absent are skipped;
#: the others share what is left).
WIDTHS = {"id": 9, "source": 9, "speaker": 8, "type": 7, "verdict": 8, "p": 7, "horizon": 8,
          "claim": 19, "quote": 12, "outcome": 11, "evidence": 10}


def fold(text, width: int = 70) -> str:
    """A long text as ``<details>``: its start as the summary, the whole text on demand.

    Short text (at most ``width`` characters) is shown as it is; HTML is escaped.

    >>> fold("short")
    'short'
    >>> fold("one two three four", width=8)
    '<details><summary>one two …</summary>one two three four</details>'
    >>> fold(None)
    ''
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return html.escape(text)
    head = text[:width].rsplit(" ", 1)[0] if " " in text[:width] else text[:width]
    return f"<details><summary>{html.escape(head)} …</summary>{html.escape(text)}</details>"


def ledger_rows(scored: pd.DataFrame, *, width: int = 48) -> pd.DataFrame:
    """The scored ledger's rows as shown in the interactive table.

    Takes the columns of :data:`LEDGER_COLUMNS` that are present (others,
    including any added later, are left out), renames them to their
    headers, rounds ``p`` to 3 decimals, keeps only the year of the horizon
    date (``2002-06-30`` -> ``2002``) and folds long text (:func:`fold`);
    other text is HTML-escaped.

    >>> r = pd.DataFrame({"id": ["a"], "horizon": ["2002-06-30"], "quote": ["<b>" + "x " * 50 + "</b>"],
    ...                   "probability": [0.6751]})
    >>> out = ledger_rows(r, width=10)
    >>> out["horizon"].tolist(), out["p"].tolist(), out["quote"].str.startswith("<details>").tolist()
    (['2002'], [0.675], [True])
    """
    present = [(col, head) for col, head in LEDGER_COLUMNS if col in scored.columns]
    if not present:
        raise ValueError("the ledger has none of the columns " + ", ".join(c for c, _ in LEDGER_COLUMNS))
    out = pd.DataFrame(index=scored.index)
    for col, head in present:
        values = scored[col]
        if head == "p":
            out[head] = pd.to_numeric(values, errors="coerce").round(3)
        elif head == "horizon":
            out[head] = values.map(lambda v: "" if v is None or pd.isna(v) else str(v)[:4])
        elif head in FOLDED:
            out[head] = values.map(lambda v: fold(v, width))
        else:
            out[head] = values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                   else html.escape(" ".join(str(v).split())))
    return out.reset_index(drop=True)


def table_options(rows: pd.DataFrame) -> dict:
    """The DataTables options: search panes, column filters, no paging, wrapped text.

    Column widths follow :data:`WIDTHS`, scaled to add up to 100%.

    >>> opts = table_options(pd.DataFrame(columns=["id", "source", "verdict", "claim"]))
    >>> opts["searchPanes"]["columns"], opts["paging"]
    ([1, 2], False)
    >>> [d["width"] for d in opts["columnDefs"] if "width" in d]
    ['20%', '20%', '18%', '42%']
    """
    panes = [k for k, c in enumerate(rows.columns) if c in PANES]
    weights = [WIDTHS.get(c, 8) for c in rows.columns]
    widths = [{"targets": k, "width": f"{round(100 * w / sum(weights))}%"} for k, w in enumerate(weights)]
    return {
        "layout": {"top1": "searchPanes"},
        "searchPanes": {"columns": panes, "layout": f"columns-{min(len(panes), 3) or 1}",
                        "cascadePanes": True, "initCollapsed": False, "viewTotal": True},
        "column_filters": "footer",
        "paging": False,
        "allow_html": True,
        "classes": "display compact ledger-table",
        "columnDefs": [{"targets": [k for k, c in enumerate(rows.columns) if c in FOLDED + ("claim",)],
                        "className": "dt-body-left ledger-text"}] + widths,
        "order": [],
        "showIndex": False,
        "maxBytes": 0,
        "autoWidth": True,
        "style": "table-layout:fixed;width:100%;margin:0;caption-side:bottom",
    }


def ledger_html(scored: pd.DataFrame, *, table_id: str = "ledger", caption: str | None = None,
                width: int = 48) -> str:
    """The interactive ledger as an HTML fragment (needs :func:`offline_mode` on the page).

    ``table_id`` is fixed so the notebook's stored output reproduces; text
    longer than ``width`` characters is folded (:func:`fold`).
    """
    from itables import to_html_datatable

    rows = ledger_rows(scored, width=width)
    return to_html_datatable(rows, caption=caption, table_id=table_id, connected=False,
                             **table_options(rows))


#: The columns of the printed ledger (the PDF cannot filter, so it shows the claims).
PRINTED = ("id", "source", "type", "verdict", "p", "horizon", "claim")


def printed_ledger(scored: pd.DataFrame) -> str:
    """The ledger as a captioned table for the PDF: the :data:`PRINTED` columns present.

    Column widths are explicit (:func:`analysis.report.tables.table`), so long claims wrap.

    >>> print(printed_ledger(pd.DataFrame({"id": ["a-p01"], "probability": [0.97], "claim": ["X *soon*"]})))
    :::{table} Every prediction of the ledger, with its verdict.
    :name: tbl-ledger-printed
    :widths: 4 4 8
    <BLANKLINE>
    | id | p | claim |
    |:---|---:|:---|
    | a-p01 | 0.97 | X \\*soon\\* |
    :::
    """
    from analysis.report.tables import table

    rows = ledger_rows(scored, width=10 ** 6)
    shown = rows[[c for c in PRINTED if c in rows.columns]].copy()
    for col in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[col]):
            shown[col] = shown[col].map(html.unescape)
    return table(shown, "tbl-ledger-printed", "Every prediction of the ledger, with its verdict.").data


class Ledger:
    """The ledger for display: interactive on the site, a plain table in the PDF.

    The notebook cell's output carries both: ``text/html`` (:func:`ledger_html`),
    which HTML builders prefer, and ``text/markdown`` (:func:`printed_ledger`),
    which LaTeX takes.
    """

    def __init__(self, scored: pd.DataFrame, *, width: int = 48, table_id: str = "ledger"):
        self.scored, self.width, self.table_id = scored, width, table_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": ledger_html(self.scored, width=self.width, table_id=self.table_id),
                "text/markdown": printed_ledger(self.scored),
                "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"Ledger: {len(self.scored)} predictions"


def offline_mode():
    """Write DataTables' JavaScript and CSS (from the ``itables`` package) into the page.

    Call once, in a notebook cell whose output is kept, before :func:`ledger_html`.
    The output is HTML only, so the PDF (which cannot run it) leaves it out.
    """
    from IPython.display import display
    from IPython.utils.capture import capture_output
    from itables import init_notebook_mode

    with capture_output() as captured:
        init_notebook_mode(connected=False, all_interactive=False)
    for output in captured.outputs:
        display({"text/html": output.data["text/html"]}, raw=True)
