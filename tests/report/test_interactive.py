"""The interactive ledger: rows, options and the offline HTML."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import interactive

SCORED = pd.DataFrame({
    "id": ["a-p01", "b-p02"], "source_id": ["a", "b"], "source": ["A 2001", "B 2020"],
    "type": ["own", "conditional"], "verdict": ["correct", "wrong"], "probability": [0.97, 0.325],
    "horizon": ["2002-06-30", None], "claim": ["X happens", "Y <soon>"],
    "quote": ["X " * 60, "short"], "outcome": ["X happened.", None], "evidence": ["", "e"],
    "brier": [0.0009, 0.1056], "future_field": ["left", "out"],
})


def test_rows_keep_the_shown_columns_only():
    rows = interactive.ledger_rows(SCORED)
    assert rows.columns.tolist() == ["id", "source", "type", "verdict", "p", "horizon", "claim",
                                     "quote", "outcome", "evidence"]
    assert rows["p"].tolist() == [0.97, 0.325]
    assert rows["horizon"].tolist() == ["2002", ""]
    assert rows.loc[1, "claim"] == "Y &lt;soon&gt;"
    assert rows.loc[0, "quote"].startswith("<details><summary>") and rows.loc[1, "quote"] == "short"
    assert rows.loc[1, "outcome"] == ""


def test_speaker_shows_when_the_ledger_has_it():
    rows = interactive.ledger_rows(SCORED.assign(speaker=["Putin", ""]))
    assert rows.columns[2] == "speaker"
    assert interactive.table_options(rows)["searchPanes"]["columns"] == [1, 2, 3, 4, 5, 6]


def test_options_filter_source_type_verdict_probability_horizon():
    rows = interactive.ledger_rows(SCORED)
    opts = interactive.table_options(rows)
    panes = [rows.columns[k] for k in opts["searchPanes"]["columns"]]
    assert panes == ["source", "type", "verdict", "p", "horizon"]
    assert opts["column_filters"] == "footer" and opts["paging"] is False


def test_html_is_offline_and_has_a_fixed_id():
    page = interactive.ledger_html(SCORED)
    assert 'id="ledger"' in page
    assert "unpkg" not in page and "cdn" not in page.lower()
    assert page == interactive.ledger_html(SCORED)   # reproducible


def test_a_ledger_without_known_columns_is_refused():
    with pytest.raises(ValueError, match="the ledger has none of the columns id, source"):
        interactive.ledger_rows(pd.DataFrame({"x": [1]}))


def test_the_pdf_gets_a_plain_table_of_the_claims():
    bundle = interactive.Ledger(SCORED)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}
    assert bundle["text/plain"] == "Ledger: 2 predictions"
    lines = bundle["text/markdown"].splitlines()
    # widths: mean length of header and cells, at least 4 (id 4, source 6, type 6, verdict 6, p 4,
    # horizon 4, claim (5 + 9 + 10) / 3 = 8)
    assert lines[:3] == [":::{table} Every prediction of the ledger, with its verdict.",
                         ":name: tbl-ledger-printed", ":widths: 4 6 6 6 4 4 8"]
    assert lines[4] == "| id | source | type | verdict | p | horizon | claim |"
    assert lines[7] == "| b-p02 | B 2020 | conditional | wrong | 0.325 |  | Y \\<soon\\> |"
