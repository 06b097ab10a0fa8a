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


def test_stored_chapter_reports_rule_kappa_sensitivity_and_decomposition():
    import nbformat

    nb = nbformat.read(config.BOOK / "06-predictions.ipynb", as_version=4)
    text = outputs_text(nb)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## What counts as a forecast" in source and "{glue:text}`pred-kappa`" in source
    for name in ("tbl-pred-scorecard", "tbl-pred-sensitivity", "tbl-pred-quality", "tbl-pred-voices",
                 "tbl-pred-disagreements"):
        assert f":name: {name}" in text
    assert "Cohen's kappa 0.79" in text
    assert "| reliability |" in text and "| resolution |" in text and "| AUC |" in text
    assert "not ranked (\\< 5 scored)" in text
    assert "not yet resolvable" not in text.split(":name: tbl-pred-notable")[1].split(":::")[0]
    assert "`P`" not in source and "as P" not in "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def test_stored_ledger_details_have_whole_quotes_and_flags():
    import nbformat

    text = outputs_text(nbformat.read(config.BOOK / "ledger-details.ipynb", as_version=4))
    assert "(resolver)" in text and "| hindsight |" in text
    assert "…" not in text.split(":name: tbl-pred-kuzio-2001")[1].split(":::")[0]
    # every row due by the end of the record is resolved or ambiguous: no source table has a row left open
    for sid in ("kuzio-2001", "ponars-2003", "siberianlight-2004", "globalsecurity-2016", "ivanov-2020"):
        rows = text.split(f":name: tbl-pred-{sid}")[1].split(":::")[0]
        assert "| not yet resolvable |" not in rows
