"""Tests for analysis/report/synthesis.py: the chapters' results the conclusion argues from."""
import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.report import synthesis


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


@pytest.fixture(scope="module")
def fitted(corpus):
    return synthesis.Synthesis().fit(corpus, config.ROOT / "seeds")


def test_theme_shift_by_hand():
    rates = pd.DataFrame({"NATO": [4.0, 2.0, 1.0, 3.0], "Iraq": [0.0, 1.0, 2.0, 5.0]}, index=list("abcd"))
    out = synthesis.theme_shift(rates, pd.Series({"a": "early", "b": "early", "c": "late", "d": "late"}))
    # NATO: early (4+2)/2 = 3, late (1+3)/2 = 2, change -1; Iraq: 0.5 -> 3.5, change +3
    assert out.round(2).values.tolist() == [[0.5, 3.5, 3.0], [3.0, 2.0, -1.0]]
    assert synthesis.theme_shift(rates, pd.Series(dict.fromkeys("abcd", "early"))).empty


def test_theme_shift_loo_names_the_source_that_flips_it():
    rates = pd.DataFrame({"NATO": [4.0, 2.0, 1.0, 3.0], "Iraq": [0.0, 1.0, 2.0, 5.0]}, index=list("abcd"))
    out = synthesis.theme_shift_loo(rates, pd.Series({"a": "early", "b": "early", "c": "late", "d": "late"}))
    # NATO (full change -1): without a, 2 vs 2 -> 0 (no sign); without b, 4 vs 2; without c, 3 vs 3 -> 0;
    # without d, 3 vs 1: kept in two runs, flipped by a and c
    assert out.loc["NATO", ["runs", "same sign", "survives"]].tolist() == [4, 2, False]
    assert out.loc["NATO", "driven by"] == ("a", "c")
    assert out.loc["Iraq", ["same sign", "survives", "driven by"]].tolist() == [4, True, ()]
    # a period of one source: leaving it out empties the period, so nothing survives
    one = synthesis.theme_shift_loo(rates.iloc[:3], pd.Series({"a": "early", "b": "early", "c": "late"}))
    assert not one["survives"].any() and all("c" in d for d in one["driven by"])


def test_date_span_eras(corpus):
    spans = synthesis.date_span_eras(corpus.sources)
    assert set(spans.index) == set(corpus.sources.index[corpus.sources["published"].astype(str).str.contains("/")])
    toy = pd.DataFrame({"published": ["2013-06/2014-03"]}, index=["x"])
    assert synthesis.date_span_eras(toy).loc["x"].tolist() == [
        "2009-2013 the reset", "2014-2021 Crimea, sanctions and confrontation", True]


def test_own_scorecard_ranks_only_sources_with_enough_claims():
    scored = pd.DataFrame({
        "source": ["A"] * 5 + ["B"] * 2 + ["C"] * 5, "type": ["own"] * 5 + ["conditional"] * 2 + ["attributed"] * 5,
        "verdict": ["correct"] * 4 + ["wrong"] + ["correct", "wrong"] + ["correct"] * 5,
        "probability": [0.97] * 12, "o": [1.0] * 4 + [0.0] + [1.0, 0.0] + [1.0] * 5,
        "brier_partly": [0.0] * 12})
    card = synthesis.own_scorecard(scored, min_ranked=5)
    assert list(card.index) == ["A", "B"]                      # C's claims are attributed: not its own
    # A: four hits at 0.97 (0.0009 each) and one miss (0.9409): (4 * 0.0009 + 0.9409) / 5 = 0.18890
    assert card.loc["A", "Brier"] == pytest.approx(0.1889)
    assert card.loc["A", "rank"] == 1 and pd.isna(card.loc["B", "rank"])


def test_validated_themes_and_stance_failures(fitted):
    v = fitted.validation_
    assert v is not None
    assert "terrorism" in fitted.themes_ok_ and "multipolar order" not in fitted.themes_ok_
    assert fitted.stance_failures_ == ["word lists (cooperation)", "word lists (confrontation)",
                                       "VADER (cooperation)", "VADER (confrontation)"]


def test_fit_on_the_real_corpus(fitted, corpus):
    assert fitted.gap_["first_year"] == 2005 and fitted.gap_["last_year"] == 2015
    cmp, loo = fitted.contrasts_["period"]
    assert cmp.names == ("early", "late") and len(loo) == 2 * config.TOP_TERMS
    assert set(loo.loc[loo["survives"], "term"]) == {"russian", "percent"}
    assert fitted.prior_shared_["perspective"] == ((13, 15), (5, 15))
    shift = fitted.theme_shift_
    assert set(shift.index[shift["survives"]]) == {"terrorism", "partnership", "Chechnya", "Iraq", "dialogue"}
    assert shift.loc["dialogue", "change"] > 0 > shift.loc["terrorism", "change"]
    assert int((fitted.topic_robustness_["robust"] == "yes").sum()) == 2
    assert 0 < fitted.topic_agreement_["chance"] < fitted.topic_agreement_["observed"] < 1


def test_summary_table(fitted, corpus):
    table = synthesis.summary_table(fitted)
    assert list(table["source"]) == [corpus.label(s) for s in corpus.ids]
    assert list(table.columns) == ["source", "era", "perspective", "role", "words", "terms that set it apart",
                                   "own forecasts", "scored", "Brier (own)", "ranked"]
    assert table.set_index("source").loc["Kuzio 2001", "terms that set it apart"] == "russian, nato, percent"
    own = fitted.scored_[fitted.scored_["type"].isin(synthesis.OWN_TYPES)]
    assert table["own forecasts"].sum() == len(own)
    assert not np.isin(["dominant topic", "tone"], table.columns).any()


def test_numref_targets():
    assert synthesis.numref_targets("a {numref}`tbl-x` b {numref}`fig-y-z` {ref}`ch-a`") == ["tbl-x", "fig-y-z"]
