"""Tests for analysis/report/conclusion.py: the guard and the computed phrases, checked by hand."""
import pandas as pd

from analysis import config
from analysis.corpus.readings import KeyQuote, Reading, Readings
from analysis.report import conclusion


def test_guard_is_silent_for_the_catalog_it_was_written_for():
    assert conclusion.catalog_note(list(reversed(config.CONCLUSION_WRITTEN_FOR)), config.CONCLUSION_WRITTEN_FOR) == ""


def test_guard_names_the_sources_and_no_count():
    ids = [*config.CONCLUSION_WRITTEN_FOR, "biden-2022"]
    labels = {"kuzio-2001": "Kuzio 2001", "ponars-2003": "PONARS 2003", "siberianlight-2004": "Young 2004",
              "globalsecurity-2016": "GlobalSecurity.org 2016", "ivanov-2020": "Ivanov 2020", "biden-2022": "Biden 2022"}
    note = conclusion.catalog_note(ids, config.CONCLUSION_WRITTEN_FOR, labels)
    assert note == ("**Note.** This conclusion was written for a catalog holding Kuzio 2001, PONARS 2003, Young 2004, "
                    "GlobalSecurity.org 2016 and Ivanov 2020. The catalog now also holds Biden 2022. Every figure "
                    "below is recomputed from the current catalog, but the reading of the texts, the argument, has "
                    "not yet been revised for the new sources.")
    assert "five" not in note and "2001-2020" not in note


def test_guard_for_a_source_removed():
    note = conclusion.catalog_note(["a"], ["a", "b"])
    assert "It no longer holds b." in note and "revised for the changed catalog" in note


def test_words():
    assert [conclusion.number_word(n) for n in (0, 1, 10, 11, 1500)] == ["no", "one", "ten", "11", "1,500"]
    assert conclusion.count_phrase(3, "text") == "three texts"
    assert conclusion.terms_phrase(["nato", "continue", "chechnya"]) == "*nato*, *continue* and *chechnya*"


def test_theme_phrase_keeps_only_surviving_themes_largest_change_first():
    shift = pd.DataFrame({"early": [6.32, 7.86, 2.0, 1.79], "late": [1.92, 0.19, 1.0, 3.46],
                          "change": [-4.40, -7.67, -1.0, 1.67], "survives": [True, True, False, True]},
                         index=["partnership", "terrorism", "NATO", "dialogue"])
    assert conclusion.theme_phrase(shift, -1) == "terrorism (7.9 to 0.2) and partnership (6.3 to 1.9)"
    assert conclusion.theme_phrase(shift, +1) == "dialogue (1.8 to 3.5)"
    assert conclusion.theme_phrase(shift.iloc[:3], +1) == "none"


def test_brier_verdict_against_both_references():
    # 0.25 is always saying 0.5; the base rate's score is the second argument
    assert conclusion.brier_verdict(0.25, 0.2) == "no better than always saying 0.5"
    assert conclusion.brier_verdict(0.224, 0.197) == ("better than always saying 0.5 but worse than always "
                                                       "forecasting the base rate")
    assert conclusion.brier_verdict(0.15, 0.197).startswith("better than both")


def _card(briers, intervals, ranks, index):
    return pd.DataFrame({"scored": [6] * len(index), "Brier": briers, "Brier 90% interval": intervals,
                         "rank": pd.array(ranks, dtype="Int64")}, index=index)


def test_ranking_phrase_overlap_and_unranked():
    card = _card([0.126, 0.23, 0.001], ["0.04-0.21", "0.13-0.33", "0.00-0.00"], [1, 2, pd.NA], ["K", "Y", "I"])
    text = conclusion.ranking_phrase(card, 5)
    # 0.13 <= 0.21: the two ranked intervals overlap
    assert text.startswith("two sources have at least five scored forecasts of their own and are ranked: K (Brier "
                           "0.126, 90% interval 0.04-0.21) before Y (0.230, 0.13-0.33); the intervals overlap")
    assert text.endswith("I is shown, not ranked")
    apart = _card([0.05, 0.4], ["0.01-0.10", "0.30-0.50"], [1, 2], ["K", "Y"])
    assert "not all the intervals overlap" in conclusion.ranking_phrase(apart, 5)
    none = _card([0.1], ["0.0-0.2"], [pd.NA], ["K"])
    assert conclusion.ranking_phrase(none, 5) == ("no source has five scored forecasts of its own, so none is "
                                                  "ranked. K is shown, not ranked")


def test_quote_md_and_verdict():
    readings = Readings({"a": Reading("a", "s", "x", (KeyQuote("Relations will remain adversarial.", 12, "w"),), ())})
    assert conclusion.quote_md(readings, "a", 1) == ("\u201cRelations will remain adversarial.\u201d "
                                                     "({ref}`¶ 12 <a-para-12>`)")
    assert conclusion.quote_md(readings, "a", 2) == "(no curated quote of a here)"
    led = pd.DataFrame({"id": ["a-p04", "a-p05"], "source_id": ["a", "a"], "type": ["attributed", "own"],
                        "quote": ["remain adversarial", "Relations will remain adversarial"],
                        "verdict": ["correct", "not yet resolvable"]})
    # the attributed row is skipped: only the author's own claims are the text's forecasts
    assert conclusion.quote_verdict(led, readings, "a", 1) == "judged not yet resolvable ({ref}`a-p05 <quote-a-p05>`)"


def test_group_brier_phrase_by_hand():
    s = pd.DataFrame({"type": ["own", "own", "conditional", "attributed"], "perspective": ["R", "W", "W", "R"],
                      "probability": [0.97, 0.97, 0.5, 0.97], "o": [1.0, 0.0, 1.0, 0.0]})
    # R: (0.97 - 1)^2 = 0.0009; W: ((0.97)^2 + 0.5^2) / 2 = (0.9409 + 0.25) / 2 = 0.59545
    assert conclusion.group_brier_phrase(s) == "R 0.001 over one claim; W 0.595 over two claims"


SCENARIOS = ["main", "will = 0.8", "will = 0.9", "attributed claims credited to the quoting source",
             "record to 2025-06-30", "claims at 0.5 in share correct"]


def _checks(**columns):
    return pd.DataFrame(columns, index=SCENARIOS[:len(next(iter(columns.values())))])


def test_scenario_names_and_where_a_statement_holds():
    assert [conclusion.scenario_name(s) for s in SCENARIOS] == [
        "the main setting", "plain *will* read as 0.8", "plain *will* read as 0.9",
        "quoted forecasts credited to the page that quotes them", "the record cut at 2025-06-30",
        "claims at 0.5 counted in share correct"]
    flags = pd.Series([True, True, True, False, True, True], index=SCENARIOS)
    assert conclusion.where_phrase(flags) == ("in every scenario of the sensitivity table except quoted forecasts "
                                              "credited to the page that quotes them")
    assert conclusion.where_phrase(~flags) == "only under quoted forecasts credited to the page that quotes them"
    assert conclusion.where_phrase(flags | True) == "in every scenario of the sensitivity table"


def test_ranking_robustness():
    c = _checks(order=[("K", "Y"), ("K", "Y"), ("K", "Y"), ("I", "K", "Y"), ("K", "Y"), ("K", "Y")])
    assert conclusion.ranking_robustness(c) == (
        "the order K before Y holds in every scenario of the sensitivity table except quoted forecasts credited "
        "to the page that quotes them, which ranks I first")
    two = _checks(order=[("K", "Y"), ("Y", "K"), ("K",)])
    assert conclusion.ranking_robustness(two) == (
        "the order K before Y holds only under the main setting (plain *will* read as 0.8, which ranks Y first; "
        "plain *will* read as 0.9, which ranks K)")
    assert conclusion.ranking_robustness(_checks(order=[("K",)])).startswith("fewer than two sources are ranked")
    assert conclusion.ranking_robustness(pd.DataFrame()).startswith("fewer than two")


def test_perspective_robustness_with_and_without_a_source_that_reverses_it():
    c = _checks(lower=["Russian"] * 4 + ["Western", "Russian"])
    keep = pd.DataFrame({"source": ["P", "I"], "claims": [4, 1], "lower": ["Russian"] * 2, "reverses": [False] * 2})
    assert conclusion.perspective_robustness(c, keep) == (
        "the Russian texts score lower in every scenario of the sensitivity table except the record cut at "
        "2025-06-30, and leaving out any one source keeps the order")
    flip = keep.assign(reverses=[False, True], lower=["Russian", "Western"])
    assert conclusion.perspective_robustness(c, flip).endswith("leaving out I (one scored claim) reverses the order")
    assert conclusion.perspective_robustness(_checks(lower=[""]), keep).startswith("the ledger scores the own "
                                                                                   "claims of only one")


def test_half_overconfidence_and_discrimination_phrases():
    c = _checks(Brier=[0.278, 0.232, 0.255], **{"Brier low": [0.19, 0.17, 0.18], "Brier high": [0.38, 0.24, 0.34]})
    # 0.232 < 0.25 at will = 0.8, and its interval 0.17-0.24 excludes 0.25
    assert conclusion.half_robustness(c) == (
        "a Brier score of 0.25 or more holds in every scenario of the sensitivity table except plain *will* read "
        "as 0.8, and the interval of the Brier score includes 0.25 in every scenario of the sensitivity table "
        "except plain *will* read as 0.8")
    oc = _checks(OC=[0.2132, 0.1046], **{"OC low": [0.0807, -0.0217], "OC high": [0.3439, 0.2306]})
    assert conclusion.overconfidence_robustness(oc) == (
        "under the main setting the claims are stated 0.21 more confidently than they come true (interval 0.08 "
        "to 0.34); an interval wholly above 0 holds in every scenario of the sensitivity table except plain "
        "*will* read as 0.8")
    d = _checks(AUC=[0.5495, 0.5714], **{"AUC low": [0.404, 0.52], "AUC high": [0.696, 0.7]},
                resolution=[0.0029, 0.0084], uncertainty=[0.2275, 0.2196])
    assert conclusion.discrimination_robustness(d) == (
        "the AUC runs from 0.55 to 0.57 across the scenarios, its interval includes 0.5 in every scenario of the "
        "sensitivity table except plain *will* read as 0.8, and the resolution is at most 0.008 against an "
        "uncertainty of at least 0.220")
    for phrase in (conclusion.half_robustness, conclusion.overconfidence_robustness,
                   conclusion.discrimination_robustness):
        assert "no claim" in phrase(pd.DataFrame())


def test_survival_phrase():
    assert conclusion.survival_phrase({"a": True, "b": True, "c": False}) == "a and b hold in every scenario; c does not"
    assert conclusion.survival_phrase({"a": True}) == "a holds in every scenario"
    assert conclusion.survival_phrase({"a": False, "b": False}) == "no comparison holds in every scenario: a and b do not"
