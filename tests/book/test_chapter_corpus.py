"""The corpus chapter runs for fixture catalogs of 2 and 8 sources."""
import pytest
from conftest import outputs_text, run_notebook

from analysis import config


@pytest.mark.parametrize("n", [2, 8])
def test_corpus_chapter_runs_for_other_catalogs(fixture_seeds, n):
    nb = run_notebook(config.BOOK / "01-corpus.ipynb", fixture_seeds(n))
    text = outputs_text(nb)
    assert "Fixture text 1" in text
    assert f"Fixture text {n}" in text
