"""Tables of the vocabulary chapter (analysis.report.vocabulary_tables)."""
import pandas as pd

from analysis.methods.collocations import chance_counts, collocation_scores
from analysis.methods.vocabulary import DistinctiveTerms
from analysis.methods.vocabulary_checks import LeaveOneOut, idf_levels, name_variants
from analysis.report.vocabulary_tables import (
    collocation_table,
    idf_table,
    kwic_table,
    leave_one_out_table,
    names_table,
    pair_table,
    settings_table,
)

DOCS = pd.Series({"a": ["Arms arms talks.", "The US said so."], "b": ["Gas talks.", "The United States agreed."],
                  "c": ["Oil."]})
LABELS = pd.Series({"a": "A", "b": "B", "c": "C"})


def test_names_table_shows_only_variants_written():
    table = names_table(name_variants(DOCS), LABELS)
    assert table.columns.tolist() == ["token", "written as", "A", "B", "C"]
    assert table.values.tolist() == [["u.s.", "United States", 0, 1, 0], ["u.s.", "US", 1, 0, 0]]


def test_idf_table_rounds_and_counts():
    model = DistinctiveTerms(ngram_range=(1, 1)).fit(DOCS)
    table = idf_table(idf_levels(model))
    # n = 3: df 1 -> ln 2 + 1 = 1.693; arm, gas, oil, agre... used by one source
    assert table.idf.tolist() == [1.693, 1.288, 1.0]
    assert table["terms"].sum() == len(model.terms_)


def test_leave_one_out_table_names_the_source_that_drops_a_term():
    loo = LeaveOneOut(n=2, ngram_range=(1, 1)).fit(pd.Series({"a": "Arms arms talks.", "b": "Gas talks.",
                                                               "c": "Oil."}))
    table = leave_one_out_table(loo, LABELS)
    row = table.iloc[0]
    assert row["source"] == "A" and row["survive (of 2)"] == 1
    assert row["terms that survive every run"] == "arms"
    assert row["do not survive (falls out without)"] == "talks (C)"


def test_collocation_table_says_when_nothing_is_above_chance():
    sents = pd.Series({"x": ["Arms control talks.", "Both value arms control."], "y": ["Nothing repeats."]})
    table = collocation_table(collocation_scores(sents), chance_counts(sents), pd.Series({"x": "X", "y": "Y"}))
    assert table.iloc[0]["strongest above chance (count, G²)"].startswith("arms control (2, ")
    assert table.iloc[1].tolist() == ["Y", 0, 0, "none above chance"]


def test_pair_table_and_settings_table():
    model = DistinctiveTerms().fit(DOCS)
    table = pair_table(model, LABELS, n=1, k=2)
    assert table.pair.tolist() == ["closest", "farthest"]
    assert "p closer than shuffled" not in table.columns
    settings = settings_table(model).set_index("setting")
    assert settings.loc["idf", "value"] == "ln((1 + n) / (1 + df)) + 1"
    assert "u.s." in settings.loc["names", "meaning"]


def test_kwic_table_hits_equal_counts():
    model = DistinctiveTerms().fit(DOCS)
    table = kwic_table(model, DOCS, LABELS, terms=1, lines=1, window=2)
    top = model.top_terms(1)
    assert table.hits.tolist() == top["count"].tolist()
    assert table.source.tolist() == ["A", "B", "C"]
