"""Tables that fit the column, and their CSV links."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import tables


def test_widths_follow_the_text_and_stay_bounded():
    df = pd.DataFrame({"n": [1, 22], "label": ["abcdef", "abcdefgh"], "text": ["x" * 200, "y" * 100]})
    # n: header 1, cells 1 and 2 -> 4 (floor); label: (5 + 6 + 8) / 3 = 6.3 -> 6; text: capped at 40
    assert tables.column_widths(df) == [4, 6, 40]


def test_without_csv_the_directive_is_unchanged():
    out = tables.table(pd.DataFrame({"a": [1], "b": ["x"]}), "tbl-n", "N.").data
    assert out == ":::{table} N.\n:name: tbl-n\n:widths: 4 4\n\n| a | b |\n|---:|:---|\n| 1 | x |\n:::"


def test_csv_argument_links_the_file_under_the_table():
    out = tables.table(pd.DataFrame({"a": [1]}), "tbl-x", "X.", csv="text_statistics").data
    assert out.endswith('<p class="csv-download"><a class="reference download" '
                       'href="../data/text_statistics.csv" download>Download the data: '
                       'text_statistics.csv</a></p>')
    assert out.index(":::\n\n<p") > out.index("| 1 |")
    assert "csv-download" not in tables.table(pd.DataFrame({"a": [1]}), "tbl-x", "X.").data


def test_a_bad_csv_name_is_refused():
    with pytest.raises(ValueError, match="plain file name without .csv"):
        tables.table(pd.DataFrame({"a": [1]}), "tbl-x", "X.", csv="sources.csv")


def test_cells_are_literal_unless_markup():
    df = pd.DataFrame({"a": ["*x*"], "b": ["{cite:p}`k`"]})
    body = tables.markdown_table(df, markup=("b",))
    assert body.splitlines()[2] == "| \\*x\\* | {cite:p}\\`k\\` |".replace("{cite:p}\\`k\\`", "{cite:p}`k`")
