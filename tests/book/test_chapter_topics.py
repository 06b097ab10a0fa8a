"""The topics chapter runs for fixture catalogs of 2 and 8 sources, with the small sweep."""
import re

import pytest
from conftest import outputs_text, run_notebook

from analysis import config


@pytest.mark.parametrize("n", [2, 8])
def test_topics_chapter_runs_for_other_catalogs(fixture_seeds, n, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_TOPIC_SWEEP", "small")          # read by the chapter's kernel
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    nb = run_notebook(config.BOOK / "05-topics.ipynb", fixture_seeds(n))
    text = outputs_text(nb)
    assert "Outlet 1 2001" in text                     # the first fixture source's label
    assert "Traceback" not in text and "Warning" not in text
    small = config.topic_sweep_settings("small")
    sweep = re.search(r"The sweep over k = (\d+)-(\d+) and (\d+) seeds", text)
    assert sweep and int(sweep.group(1)) == min(small["k_values"]) and int(sweep.group(3)) == len(small["seeds"])
    assert int(sweep.group(2)) <= max(small["k_values"])
    # agreement is set against chance, and dominant topics that fail the check are not findings
    assert re.search(r"kappa is -?\d\.\d\d", text) and "alone would give" in text
    assert re.search(rf"The dominant topic of \d+ of {n} sources survives", text)
    assert "are not findings" in text and "not trends" in text
    for name in ("tbl-topics-robust", "tbl-topics-size", "tbl-topics-agreement"):
        assert f":name: {name}" in text
