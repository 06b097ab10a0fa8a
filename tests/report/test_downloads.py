"""The Data page's catalog of CSV files."""
from __future__ import annotations

import pandas as pd

from analysis.report import downloads


def test_catalog_describes_each_file():
    frames = {"sources": pd.DataFrame({"source_id": ["a", "b"], "source": ["A", "B"]}),
              "brand_new": pd.DataFrame({"x": [1, 2, 3]})}
    out = downloads.data_catalog(frames, {"brand_new": "Counts of things per source. And more."})
    assert out.values.tolist() == [
        ["sources.csv", "one source of the catalog", 2, "source_id, source"],
        ["brand_new.csv", "Counts of things per source.", 3, "x"],
    ]


def test_links_point_into_the_sites_data_folder():
    out = downloads.data_catalog({"topics": pd.DataFrame({"a": [1]})}, links=True)
    assert out.loc[0, "file"] == ('<a class="reference download" href="../data/topics.csv" '
                                  'download>topics.csv</a>')


def test_every_exported_table_has_a_row_meaning():
    from analysis.cli.export import TABLES
    assert set(TABLES) <= set(downloads.ROW_MEANING)
