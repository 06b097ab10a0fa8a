"""The topics chapter runs for another catalog (the six-source one of ``conftest.py``), with the
small sweep (``RUN_ENVIRONMENT``) and a cache of the run's own."""
import re

from conftest import RUN_ENVIRONMENT, outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog


def test_topics_chapter_runs_for_another_catalog(chapter_run, six_sources):
    assert RUN_ENVIRONMENT["ANALYSIS_TOPIC_SWEEP"] == "small"       # read by the chapter's kernel
    n = len(load_catalog(six_sources["seeds"] / "catalog.yaml"))
    nb = chapter_run(config.BOOK / "05-topics.ipynb")
    text = outputs_text(nb)
    assert "Biden 2022" in text                         # the added source's label
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
