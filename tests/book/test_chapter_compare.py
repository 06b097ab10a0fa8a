"""The periods-and-authors chapter: its stored outputs, and a run for another catalog (six sources).

What the chapter says of groups of one source or none is checked on ``contrast.comparison_note``
(``tests/methods/test_contrast.py``); a catalog without a hand-coded sample below.
"""
import json
import os
import re

from conftest import outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog
from analysis.methods import lexicon

CHAPTER = config.BOOK / "04-periods-and-authors.ipynb"


def stored_outputs() -> str:
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("data", {}).get("text/markdown", "")))
    return "\n".join(parts)


def table_rows(text: str, name: str) -> list[list[str]]:
    block = text.split(f":name: {name}")[1].split(":::")[0]
    return [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()
            if line.startswith("|") and not line.startswith("|:") and not line.startswith("|-")][1:]


def test_no_term_table_lists_united_or_states_as_the_country():
    text = stored_outputs()
    for name in ("tbl-periods-period", "tbl-periods-perspective", "tbl-periods-loo-period",
                 "tbl-periods-loo-perspective", "tbl-periods-voice-terms"):
        terms = {cell for row in table_rows(text, name) for cell in row}
        assert "united" not in terms and "united states" not in terms, name


def test_leave_one_out_tables_name_what_drives_each_term():
    text = stored_outputs()
    for name in ("tbl-periods-loo-period", "tbl-periods-loo-perspective", "tbl-periods-loo-voices"):
        rows = table_rows(text, name)
        assert len(rows) == 2 * config.TOP_TERMS, name
        for row in rows:
            kept, runs = map(int, re.match(r"(\d+) of (\d+)", row[4]).groups())
            assert (row[5] == "survives") == (kept == runs), row
            assert row[5] == "survives" or row[5].startswith("rests on "), row


def test_background_prior_and_validation_are_reported():
    text = stored_outputs()
    priors = table_rows(text, "tbl-periods-priors")
    assert {r[1] for r in priors} == {"corpus", "State of the Union"}
    assert {r[2] for r in priors} == {f"{a:g}" for a in config.PRIOR_SCALES}
    # the main setting shares all its own terms
    main = [r for r in priors if r[1] == "corpus" and r[2] == f"{config.PRIOR_SCALE:g}"]
    assert main and all(r[4] == f"{config.TOP_TERMS} of {config.TOP_TERMS}" for r in main)
    kappa = {r[0]: r for r in table_rows(text, "tbl-periods-kappa")}
    assert set(kappa) >= {"stance", "speaker", "terrorism", "NATO"}
    validation = {(r[0], r[1]): r for r in table_rows(text, "tbl-periods-validation")}
    for key in (("word lists", "cooperation"), ("word lists", "confrontation"), ("VADER", "cooperation"),
                ("VADER", "confrontation"), ("theme list", "NATO")):
        assert key in validation
    # the tone measures fail validation, and the findings draw nothing from them
    assert all(validation[(m, c)][-1] == "no" for m in ("word lists", "VADER")
               for c in ("cooperation", "confrontation"))
    findings = text.split("## Findings")[-1] if "## Findings" in text else text.split("- The catalog gives")[-1]
    assert "No finding about tone is drawn from them" in findings
    assert "most cooperative" not in findings


def test_periods_chapter_runs_for_another_catalog(chapter_run, six_sources):
    labels = load_catalog(six_sources["seeds"] / "catalog.yaml")["label"]
    text = outputs_text(chapter_run(CHAPTER))
    for label in labels:
        assert label in text
    assert "## " not in text.split("tbl-periods-groups")[0]  # no stray output before the groups table
    # the copied seeds keep the hand-coded sample of the book's sources
    assert "This catalog has no hand-coded sample." not in text and ":name: tbl-periods-kappa" in text
    assert ":name: tbl-periods-loo-period" in text and "rests on Biden 2022" in text


def test_a_catalog_without_a_hand_coded_sample_has_none(fixture_seeds, monkeypatch):
    """The chapter's kappa and validation tables say "This catalog has no hand-coded sample." when
    ``lexicon.load_coding()`` gives ``None``, as it does for seeds without ``coding/``."""
    monkeypatch.setitem(os.environ, "ANALYSIS_SEEDS", str(fixture_seeds(2)))
    assert lexicon.load_coding() is None
    monkeypatch.setitem(os.environ, "ANALYSIS_SEEDS", str(config.ROOT / "seeds"))
    assert lexicon.load_coding() is not None
