"""The vocabulary chapter runs for another catalog (the six-source one of ``conftest.py``).

With fewer than three sources no source can be left out: ``tests/report/test_vocabulary_findings.py``
checks what the findings say then.
"""
from conftest import outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog


def test_vocabulary_chapter_runs_for_another_catalog(chapter_run, six_sources):
    labels = load_catalog(six_sources["seeds"] / "catalog.yaml")["label"]
    n = len(labels)
    nb = chapter_run(config.BOOK / "03-vocabulary.ipynb")
    text = outputs_text(nb)
    assert labels.iloc[0] in text and labels.iloc[-1] in text
    for name in ("tbl-vocab-names", "tbl-vocab-idf", "tbl-vocab-top", "tbl-vocab-robust", "tbl-vocab-pairs",
                 "tbl-vocab-collocations", "tbl-vocab-kwic"):
        assert f":name: {name}" in text
    # leaving one source out needs three sources; with two the chapter says so
    assert (":name: tbl-vocab-loo" in text) == (n >= 3)
    assert ("no source can be left out" in text) == (n < 3)
    # the IDF table has one row per possible document frequency
    assert f"\n| {n} | 1.0 |" in text


def test_vocabulary_chapter_lists_no_split_country_and_no_pair_below_chance():
    import json
    import re
    nb = json.loads((config.BOOK / "03-vocabulary.ipynb").read_text(encoding="utf-8"))
    tables = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            md = "".join(out.get("data", {}).get("text/markdown", ""))
            name = re.search(r":name: (\S+)", md)
            if name:
                tables[name.group(1)] = md
    top = tables["tbl-vocab-top"]
    # "United States" is one token (u.s.): neither "united" nor the phrase is ever a term. (A "states"
    # that remains is the common noun, as in Young's "neighbouring states".)
    assert not re.search(r"[|,] (united|united states|u.s. states) \(", top)
    # every listed collocation's G2 is at least the chance threshold
    scores = [float(g) for g in re.findall(r"\(\d+, (\d+\.\d)\)", tables["tbl-vocab-collocations"])]
    assert scores and min(scores) >= 3.84
    assert "u.s. russia (2, 0.7)" not in tables["tbl-vocab-collocations"]
