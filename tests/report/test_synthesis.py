"""Tests for analysis/report/synthesis.py: the chapters' results the conclusion argues from."""
import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts import sensitivity
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


def test_overconfidence_by_hand():
    demo = pd.DataFrame({"probability": [0.9, 0.8, 0.2, 0.5, 0.9], "o": [1.0, 0.0, 0.0, 1.0, np.nan]})
    out = synthesis.overconfidence(demo)
    # 0.5 and the unresolved row are left out; confidence 0.9, 0.8, 0.8 (1 - 0.2); went their way 1, 0, 1
    # OC = (0.9 + 0.8 + 0.8) / 3 - 2 / 3 = 0.83333 - 0.66667 = 0.16667
    assert out["n"] == 3 and out["value"] == pytest.approx(0.1667)
    assert out["low"] <= out["value"] <= out["high"]
    assert np.isnan(synthesis.overconfidence(demo.iloc[3:4])["value"])


def test_perspective_loo_by_hand():
    s = pd.DataFrame({"source": ["a", "a", "b", "c", "d"], "type": ["own", "own", "own", "attributed", "own"],
                      "perspective": ["R", "R", "W", "W", "W"], "probability": [0.97, 0.97, 0.5, 0.97, 0.675],
                      "o": [1.0, 1.0, 1.0, 0.0, 0.0]})
    out = synthesis.perspective_loo(s).set_index("source")
    # R: a's two hits, 0.0009; W: b 0.25 and d 0.455625 -> 0.3528 (c is attributed: not counted): R lower
    assert list(out.index) == ["a", "b", "d"]
    assert out.loc["a"].tolist() == [2, "", True]          # without a the Russian side has no claim
    assert out.loc["b"].tolist() == [1, "R", False] and out.loc["d"].tolist() == [1, "R", False]
    assert synthesis.perspective_loo(s[s["perspective"] == "W"]).empty


def test_scenario_frame_counts_quoted_claims_as_the_pages_own_only_when_asked():
    demo = pd.DataFrame({"hedge_words": ["will", "likely"], "scale_term": ["almost certain", "likely"],
                         "negated": [True, False], "probability": [0.03, 0.675], "resolution": ["yes", "no"],
                         "o": [1.0, 0.0], "verdict": ["correct", "wrong"], "outcome_date": ["2020", "2021"],
                         "horizon": ["2020", "2021"], "type": ["attributed", "own"]})
    out = synthesis.scenario_frame(demo, {"will": 0.9, "attributed": False})
    assert out["probability"].tolist() == [0.1, 0.675] and out["type"].tolist() == ["attributed", "own"]
    assert synthesis.scenario_frame(demo, {"attributed": True})["type"].tolist() == ["own", "own"]


def test_forecasts_use_the_predictions_package(fitted):
    card = fitted.own_card_
    assert fitted.min_ranked == config.MIN_RANKED
    assert card.loc["Kuzio 2001", "rank"] == 1 and card.loc["Young 2004", "rank"] == 2
    assert pd.isna(card.loc["PONARS 2003", "rank"]) and pd.isna(card.loc["Ivanov 2020", "rank"])
    assert "GlobalSecurity.org 2016" not in card.index            # all its forecasts are quoted
    assert card.loc["Kuzio 2001", "Brier"] == pytest.approx(0.2821)
    assert set(fitted.voices_["quoted in"]) == {"Young 2004", "GlobalSecurity.org 2016", "Ivanov 2020"}
    assert fitted.agreement_["n"] == 55 and fitted.agreement_["agree"] == 48
    assert fitted.agreement_["kappa"] == pytest.approx(0.7916)


def test_scenario_checks_on_the_ledger(fitted):
    checks = fitted.checks_
    assert list(checks.index) == [label for label, _ in sensitivity.scenarios()]
    assert checks.loc["main", "order"] == ("Kuzio 2001", "Young 2004")
    assert checks.loc["attributed claims credited to the quoting source", "order"][0] == "Ivanov 2020"
    assert checks.loc["main", "lower"] == "Russian" and checks.loc["record to 2025-06-30", "lower"] == "Western"
    main = checks.loc["main"]
    assert main["n"] == 40 and main["Brier"] == pytest.approx(0.2776) and main["AUC"] == pytest.approx(0.5495)
    assert ((checks["AUC low"] <= 0.5) & (checks["AUC high"] >= 0.5)).all()
    # plain "will" read as 0.8: Brier below 0.25 and no interval of overconfidence wholly above 0
    assert checks.loc["will = 0.8", "Brier"] < 0.25 and checks.loc["will = 0.8", "OC low"] < 0 < main["OC low"]
    loo = fitted.perspective_loo_.set_index("source")
    assert loo["reverses"].to_dict() == {"Kuzio 2001": False, "PONARS 2003": False, "Young 2004": False,
                                         "Ivanov 2020": True}
    assert synthesis.scenario_checks(fitted.scored_.iloc[0:0], pd.DataFrame()).empty


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


def test_the_conclusion_states_only_what_survives(fitted):
    from analysis.report.conclusion import robustness_values
    v = robustness_values(fitted)
    assert v["survival-md"] == (
        "the claim that the hedge words barely separate hits from misses holds in every scenario; the ranking of sources, "
        "the order of the Russian and the Western texts, \u201cno better than always saying 0.5\u201d and "
        "\u201coverconfident\u201d do not")
    assert v["kappa"] == "0.79" and v["coded"] == 55 and v["disagree"] == "seven"
    assert v["quoted-only"] == "GlobalSecurity.org 2016 holds only quoted forecasts and so has no score of its own"
    assert v["rank-robust-md"].endswith("which ranks Ivanov 2020 first")
    assert "leaving out Ivanov 2020 (four scored claims) reverses the order" in v["persp-robust-md"]
