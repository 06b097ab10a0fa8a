"""The vocabulary chapter runs for fixture catalogs of 2 and 8 sources."""
import pytest
from conftest import outputs_text, run_notebook

from analysis import config
from analysis.corpus.catalog import load_catalog


@pytest.mark.parametrize("n", [2, 8])
def test_vocabulary_chapter_runs_for_other_catalogs(fixture_seeds, n):
    seeds = fixture_seeds(n)
    labels = load_catalog(seeds / "catalog.yaml")["label"]
    nb = run_notebook(config.BOOK / "03-vocabulary.ipynb", seeds)
    text = outputs_text(nb)
    assert labels.iloc[0] in text and labels.iloc[-1] in text
    for name in ("tbl-vocab-top", "tbl-vocab-robust", "tbl-vocab-pairs", "tbl-vocab-collocations",
                 "tbl-vocab-kwic"):
        assert f":name: {name}" in text
    assert "{numref}`fig-vocab-similarity`" in text
