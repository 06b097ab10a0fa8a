"""The topics chapter runs for fixture catalogs of 2 and 8 sources."""
import pytest
from conftest import outputs_text, run_notebook

from analysis import config


@pytest.mark.parametrize("n", [2, 8])
def test_topics_chapter_runs_for_other_catalogs(fixture_seeds, n):
    nb = run_notebook(config.BOOK / "05-topics.ipynb", fixture_seeds(n))
    text = outputs_text(nb)
    assert "Outlet 1 2001" in text                     # the first fixture source's label
    assert "tbl-topics-robust" in text and "fig-topics-strips" in text   # findings were computed
    assert "Traceback" not in text and "Warning" not in text
