"""The findings chapter runs for fixture catalogs of 2 and 8 sources (which have no ledger)."""
import re

import pytest
from conftest import defined_names, outputs_text, run_notebook

from analysis import config


@pytest.mark.parametrize("n", [2, 8])
def test_findings_chapter_runs_for_other_catalogs(fixture_seeds, n):
    nb = run_notebook(config.BOOK / "07-findings.ipynb", fixture_seeds(n))
    text = outputs_text(nb)
    assert ":name: tbl-findings-summary" in text
    assert "Outlet 1 2001" in text                                     # the first fixture source's label
    summary = text.split(":name: tbl-findings-summary", 1)[1].split(":::", 1)[0]
    assert len([r for r in summary.splitlines() if r.startswith("| ")]) == n + 1   # header + a row per source
    assert "no prediction ledger" in text                              # predictions.yaml is absent
    assert "Traceback" not in text
    names = defined_names()
    cited = set(re.findall(r"\{numref\}`([^`]+)`", text))
    assert cited and cited <= names, cited - names
