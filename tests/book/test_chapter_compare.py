"""The periods-and-authors chapter runs for fixture catalogs of 2 and 8 sources."""
import pytest
from conftest import outputs_text, run_notebook

from analysis import config
from analysis.corpus.catalog import load_catalog


@pytest.mark.parametrize("n", [2, 8])
def test_periods_chapter_runs_for_other_catalogs(fixture_seeds, n):
    seeds = fixture_seeds(n)
    labels = load_catalog(seeds / "catalog.yaml")["label"]
    nb = run_notebook(config.BOOK / "04-periods-and-authors.ipynb", seeds)
    text = outputs_text(nb)
    for label in labels:
        assert label in text
    assert "## " not in text.split("tbl-periods-groups")[0]  # no stray output before the groups table
    if n == 2:
        # both fixture sources are early (2001, 2002), one Western and one Russian
        assert "No comparison of early with late" in text
        assert "single source each" in text
