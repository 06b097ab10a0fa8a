"""The predictions chapter runs for fixture catalogs of 2 and 8 sources (none curated yet)."""
import pytest
from conftest import outputs_text, run_notebook

from analysis import config


@pytest.mark.parametrize("n", [2, 8])
def test_predictions_chapter_runs_for_other_catalogs(fixture_seeds, n):
    seeds = fixture_seeds(n)
    assert not (seeds / "predictions.yaml").exists()
    nb = run_notebook(config.BOOK / "06-predictions.ipynb", seeds)
    text = outputs_text(nb)
    assert "not yet curated" in text
    assert "No source in the catalog has curated predictions yet" in text
    assert "Outlet 1 2001" in text  # the first fixture source (author unknown) is listed
    assert text.count("| curated |") == 0
