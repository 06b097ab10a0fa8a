"""The predictions chapter runs for another catalog (the book's five sources, curated, and a sixth
that is not); the findings of a catalog with no curated source are checked on the package function."""
import pandas as pd
from conftest import outputs_text

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.report.forecast_tables import prediction_findings


def test_predictions_chapter_runs_for_another_catalog(chapter_run):
    nb = chapter_run(config.BOOK / "06-predictions.ipynb")
    text = outputs_text(nb)
    assert "not yet curated" in text
    # the added source's candidate sentences are listed, and it is the one source not curated
    added = [line for line in text.splitlines() if line.startswith("| Biden 2022 |")]
    assert added and all(line.endswith("| not yet curated |") for line in added)
    assert text.count("| curated |") == 5      # the book's five sources keep their curated ledger


def test_findings_of_a_catalog_with_no_curated_source(fixture_seeds):
    seeds = fixture_seeds(2)
    assert not (seeds / "predictions.yaml").exists()
    corpus = load_corpus(seeds)
    text = prediction_findings(corpus, pd.DataFrame(), None, None, None, None, None,
                               {"sentences": ["one", "two", "three"]})
    assert text.startswith("- No source in the catalog has curated predictions yet; the detector found "
                           "3 candidate sentences in 2 sources, all marked 'not yet curated'")


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
