"""The prediction ledger: validation (one test per rule), the scale, Brier scores, scorecards."""
import math

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts import audit, ledger, scale, scoring
from analysis.forecasts.detect import ForecastDetector


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


@pytest.fixture(scope="module")
def rows():
    return yaml.safe_load((config.ROOT / "seeds" / "predictions.yaml").read_text(encoding="utf-8"))


def good_row():
    """A valid resolved row (a real sentence of the first source)."""
    return {
        "id": "kuzio-2001-p99", "source_id": "kuzio-2001",
        "quote": "In addition, the United States could fall out with Russia over Moscow's policy in Chechnya.",
        "type": "own", "speaker": "author", "claim": "The US and Russia fall out over Chechnya.",
        "condition": None, "condition_met": None, "hedge_words": ["could"],
        "scale_term": "roughly even chance", "negated": False, "probability": 0.5,
        "made": "2001-11-12", "horizon": "2008-12-31", "horizon_by_resolver": True,
        "criterion_hindsight": False, "resolution_criterion": "Yes if ...",
        "outcome": "Only lower-level friction.", "outcome_date": "2004-08", "resolution": "partly",
        "evidence": ["2004-08: asylum for Akhmadov"], "verdict": "partly correct",
        "confidence": "medium", "notes": None,
    }


def problems_for(corpus, **changes):
    row = good_row()
    row.update(changes)
    return ledger.validate_ledger([row], corpus)


# --- the real data --------------------------------------------------------------------------

def test_real_ledger_validates(corpus, rows):
    assert ledger.validate_ledger(rows, corpus) == []


def test_real_exclusions_and_recommendations_validate(corpus):
    assert ledger.validate_all(corpus, config.ROOT / "seeds") == []


def test_good_row_is_valid(corpus):
    assert ledger.validate_ledger([good_row()], corpus) == []


# --- one test per validation rule ------------------------------------------------------------

def test_rejects_missing_required_field(corpus):
    row = good_row()
    del row["claim"]
    assert any("missing required field(s): claim" in p for p in ledger.validate_ledger([row], corpus))


def test_rejects_unknown_field(corpus):
    assert any("unknown field(s): colour" in p for p in problems_for(corpus, colour="red"))


def test_rejects_duplicate_ids(corpus):
    problems = ledger.validate_ledger([good_row(), good_row()], corpus)
    assert any("duplicate id kuzio-2001-p99" in p for p in problems)


def test_rejects_badly_formed_id(corpus):
    assert any("id must be <source_id>-pNN" in p for p in problems_for(corpus, id="kuzio-2001-x1"))


def test_rejects_unknown_source(corpus):
    problems = problems_for(corpus, source_id="nobody-1999", id="nobody-1999-p01")
    assert any("source nobody-1999 is not in the catalog" in p for p in problems)


def test_rejects_quote_not_verbatim(corpus):
    problems = problems_for(corpus, quote="the United States might fall out with Russia")
    assert any("quote not found verbatim" in p for p in problems)


def test_accepts_quote_with_different_whitespace(corpus):
    assert problems_for(corpus, quote="the United States  could\nfall out with Russia") == []


def test_rejects_quote_spanning_two_paragraphs(corpus):
    paras = corpus.paragraphs[corpus.paragraphs.source_id == "kuzio-2001"].text.tolist()
    quote = paras[3][-40:] + " " + paras[4][:40]
    assert any("quote not found verbatim in one paragraph" in p for p in problems_for(corpus, quote=quote))


def test_rejects_hedge_word_absent_from_quote(corpus):
    problems = problems_for(corpus, hedge_words=["will"])
    assert any("hedge word 'will' does not occur in the quote" in p for p in problems)


def test_rejects_unknown_type(corpus):
    assert any("type 'guess'" in p for p in problems_for(corpus, type="guess"))


def test_rejects_unknown_scale_term(corpus):
    assert any("scale_term 'maybe'" in p for p in problems_for(corpus, scale_term="maybe"))


def test_rejects_probability_outside_unit_interval(corpus):
    assert any("not a number in [0, 1]" in p for p in problems_for(corpus, probability=1.2))


def test_rejects_probability_off_the_scale(corpus):
    problems = problems_for(corpus, probability=0.6)
    assert any("does not follow the scale: roughly even chance gives 0.5" in p for p in problems)


def test_negated_probability_is_one_minus_midpoint(corpus):
    row = dict(scale_term="unlikely", negated=True, probability=0.325)
    assert any("unlikely (negated) gives 0.675" in p for p in problems_for(corpus, **row))
    assert problems_for(corpus, scale_term="unlikely", negated=True, probability=0.675) == []


def test_rejects_unknown_verdict(corpus):
    assert any("verdict 'right'" in p for p in problems_for(corpus, verdict="right"))


def test_rejects_unknown_resolution(corpus):
    assert any("resolution 'maybe'" in p for p in problems_for(corpus, resolution="maybe"))


def test_rejects_unknown_confidence(corpus):
    assert any("confidence 'total'" in p for p in problems_for(corpus, confidence="total"))


def test_rejects_resolved_row_without_outcome_date(corpus):
    assert any("no outcome_date" in p for p in problems_for(corpus, outcome_date=None))


def test_rejects_resolved_row_without_evidence(corpus):
    assert any("no evidence" in p for p in problems_for(corpus, evidence=[]))


def test_rejects_bad_dates(corpus):
    assert any("horizon: impossible date" in p for p in problems_for(corpus, horizon="2008-02-30"))
    assert any("before the prediction was made" in p for p in problems_for(corpus, horizon="2000"))
    assert any("outside the source's publication date" in p for p in problems_for(corpus, made="2005"))


def test_rejects_outcome_after_the_record(corpus):
    problems = problems_for(corpus, horizon="2030", outcome_date="2026-01")
    assert any("not within the record" in p for p in problems)


def test_rejects_verdict_inconsistent_with_resolution(corpus):
    problems = problems_for(corpus, resolution="yes", verdict="wrong")
    assert any("breaks the rules" in p and "gives correct" in p for p in problems)
    problems = problems_for(corpus, resolution="no", verdict="correct", scale_term="almost certain",
                            probability=0.97, hedge_words=[])
    assert any("gives wrong" in p for p in problems)


def test_rejects_not_yet_resolvable_before_the_record_ends(corpus):
    problems = problems_for(corpus, resolution=None, outcome_date=None, verdict="not yet resolvable")
    assert any("gives ambiguous" in p for p in problems)
    assert problems_for(corpus, resolution=None, outcome_date=None, horizon="2030",
                        verdict="not yet resolvable") == []


def test_rejects_conditional_without_condition(corpus):
    problems = problems_for(corpus, type="conditional")
    assert any("needs its condition" in p for p in problems)
    assert any("needs condition_met" in p for p in problems)


def test_rejects_resolved_conditional_whose_condition_failed(corpus):
    problems = problems_for(corpus, type="conditional", condition="The US attacks Iraq.",
                            condition_met="no")
    assert any("annulled: resolution must be null" in p for p in problems)
    assert any("notes must start with 'Annulled:'" in p for p in problems)
    assert any("gives ambiguous" in p for p in problems)
    ok = problems_for(corpus, type="conditional", condition="The US attacks Iraq.", condition_met="no",
                      resolution=None, verdict="ambiguous", notes="Annulled: no attack.")
    assert ok == []


def test_rejects_condition_on_unconditional_claim(corpus):
    assert any("only for type conditional" in p for p in problems_for(corpus, condition="If X."))


def test_rejects_a_ledger_that_is_not_a_list(corpus):
    assert ledger.validate_ledger({"id": "x"}, corpus) == ["predictions: the ledger must be a YAML list of rows"]


def test_exclusion_and_recommendation_quotes_are_checked(corpus):
    bad = [{"source_id": "kuzio-2001", "quote": "not in the text at all", "reason": "truism or definition"}]
    assert any("quote not found verbatim" in p for p in ledger.validate_exclusions(bad, corpus))
    bad = [{"source_id": "kuzio-2001", "quote": "In addition", "reason": "because"}]
    assert any("reason must start with" in p for p in ledger.validate_exclusions(bad, corpus))
    rec = {"id": "kuzio-2001-r01", "source_id": "kuzio-2001", "quote": "nowhere to be found",
           "recommendation": "Do it.", "done": "yes", "when": None}
    problems = ledger.validate_recommendations([rec, rec], corpus)
    assert any("quote not found verbatim" in p for p in problems)
    assert any("done yes needs a date" in p for p in problems)
    assert any("duplicate id kuzio-2001-r01" in p for p in problems)


# --- the scale ------------------------------------------------------------------------------

def test_scale_midpoints_are_the_icd_203_band_midpoints():
    ranges = {"almost certain": (95, 99), "very likely": (80, 95), "likely": (55, 80),
              "roughly even chance": (45, 55), "unlikely": (20, 45), "very unlikely": (5, 20),
              "almost no chance": (1, 5)}
    for band, (lo, hi) in ranges.items():
        assert scale.BANDS[band] == pytest.approx((lo + hi) / 200)


@pytest.mark.parametrize("text, phrase, band, p, p_negated", [
    ("Russia will mute its criticism", "will", "almost certain", 0.97, 0.03),
    ("this will probably be seen as a cue", "will probably", "likely", 0.675, 0.325),
    ("this will quite probably come as a relief", "will quite probably", "very likely", 0.875, 0.125),
    ("the US could fall out with Russia", "could", "roughly even chance", 0.5, 0.5),
    ("Georgia is unlikely to be attacked", "unlikely", "unlikely", 0.325, 0.675),
    ("talks are extremely unlikely", "extremely unlikely", "almost no chance", 0.03, 0.97),
    ("a very unlikely outcome", "very unlikely", "very unlikely", 0.125, 0.875),
    ("Russia won’t be able to change", "won't", "almost certain", 0.97, 0.03),
])
def test_hedge_to_probability_by_hand(text, phrase, band, p, p_negated):
    assert scale.hedge_band(text) == (phrase, band)
    assert scale.probability_for(band) == pytest.approx(p)
    assert scale.probability_for(band, negated=True) == pytest.approx(p_negated)


def test_every_hedge_phrase_maps_to_a_band():
    assert set(scale.HEDGE_BANDS.values()) <= set(scale.BANDS)
    assert scale.hedge_table()["band"].tolist() == list(scale.BANDS)


# --- scores ---------------------------------------------------------------------------------

def test_brier_score_by_hand():
    # (0.97-1)^2 = 0.0009; (0.5-0)^2 = 0.25; (0.675-0)^2 = 0.455625 -> mean 0.235508...
    assert scoring.brier_score([0.97, 0.5, 0.675], [1, 0, 0]) == pytest.approx(0.706525 / 3, abs=1e-6)
    assert scoring.brier_score([0.5] * 4, [1, 0, 1, 1]) == 0.25
    assert math.isnan(scoring.brier_score([], []))


def test_wilson_interval_by_hand():
    lo, hi = scoring.wilson_interval(9, 10)
    # centre (0.9 + 1.9208/10) / 1.38416 = 0.78897; half 1.96*sqrt(0.009+0.0009604)/1.38416 = 0.14134
    assert lo == pytest.approx(0.5958, abs=1e-4) and hi == pytest.approx(0.9821, abs=1e-4)


def test_expected_verdicts():
    ev = ledger.expected_verdicts
    assert ev({"resolution": "yes", "probability": 0.675}) == ("correct",)
    assert ev({"resolution": "no", "probability": 0.5}) == ("wrong",)
    assert ev({"resolution": "yes", "probability": 0.125}) == ("wrong",)
    assert ev({"resolution": "no", "probability": 0.125}) == ("correct",)
    assert ev({"resolution": "partly", "probability": 0.97}) == ("partly correct",)
    assert ev({"resolution": None, "probability": 0.97, "horizon": "2010"}) == ("ambiguous",)


def scored_demo():
    return pd.DataFrame({
        "source": ["a", "a", "a", "b", "b"],
        "verdict": ["correct", "wrong", "partly correct", "correct", "not yet resolvable"],
        "probability": [0.97, 0.675, 0.97, 0.5, 0.97],
        "resolution": ["yes", "no", "partly", "yes", None],
    }).assign(o=lambda d: d["resolution"].map(ledger.outcome_value),
              brier_partly=lambda d: (d["probability"] - d["resolution"].map(
                  lambda r: ledger.outcome_value(r, partly=0.5))) ** 2)


def test_scorecard_by_hand():
    card = scoring.scorecard(scored_demo())
    # a: scored rows (0.97, 1) and (0.675, 0): (0.0009 + 0.455625) / 2 = 0.2283
    assert card.loc["a", "Brier"] == pytest.approx(0.2283, abs=1e-4)
    # with partly as 0.5: (0.0009 + 0.455625 + 0.2209) / 3 = 0.2258
    assert card.loc["a", "Brier (partly = 0.5)"] == pytest.approx(0.2258, abs=1e-4)
    # base rate: 2 yes of 3 clean resolutions; a's outcomes 1, 0 -> ((1/3)^2 + (2/3)^2) / 2 = 0.2778
    assert card.loc["a", "Brier (base rate)"] == pytest.approx(0.2778, abs=1e-4)
    assert card.loc["a", "share correct"] == pytest.approx(0.33)
    assert card.loc["b", ["n", "correct", "not yet resolvable", "scored"]].tolist() == [2, 1, 1, 1]
    assert card.loc["b", "Brier"] == 0.25 and (card["Brier (0.5)"] == 0.25).all()


def test_calibration_table_by_hand():
    cal = scoring.calibration_table(scored_demo())
    assert cal[["p", "n", "yes"]].values.tolist() == [[0.5, 1, 1], [0.675, 1, 0], [0.97, 1, 1]]
    assert cal["band"].tolist() == ["roughly even chance", "likely", "almost certain"]


def test_brier_interval_is_reproducible():
    p, o = [0.97, 0.675, 0.5, 0.97], [1, 0, 1, 0]
    assert scoring.brier_interval(p, o, random_state=1) == scoring.brier_interval(p, o, random_state=1)
    lo, hi = scoring.brier_interval(p, o)
    assert 0 <= lo <= scoring.brier_score(p, o) <= hi <= 1


# --- loading and the real ledger ------------------------------------------------------------

def test_missing_ledger_is_empty_with_columns(tmp_path):
    frame = ledger.load_ledger(tmp_path / "predictions.yaml")
    assert len(frame) == 0 and set(ledger.COLUMNS) <= set(frame.columns)
    assert len(ledger.load_exclusions(tmp_path / "x.yaml")) == 0
    assert len(ledger.load_recommendations(tmp_path / "x.yaml")) == 0


def test_rows_of_unknown_sources_are_ignored(corpus, tmp_path):
    row = good_row()
    other = dict(good_row(), id="nobody-1999-p01", source_id="nobody-1999")
    path = tmp_path / "predictions.yaml"
    path.write_text(yaml.safe_dump([row, other]), encoding="utf-8")
    kept, ignored = ledger.ledger_for(corpus, ledger.load_ledger(path))
    assert kept["id"].tolist() == ["kuzio-2001-p99"] and ignored == ["nobody-1999-p01"]


def test_scored_ledger_brier_per_row(corpus):
    scored = ledger.scored_ledger(corpus)
    yes_no = scored[scored["resolution"].isin(["yes", "no"])]
    expected = (yes_no["probability"] - (yes_no["resolution"] == "yes").astype(float)) ** 2
    assert np.allclose(yes_no["brier"], expected)
    assert scored.loc[~scored["resolution"].isin(["yes", "no"]), "brier"].isna().all()
    assert set(scored["source_id"]) <= set(corpus.ids)
    assert (scored["band"] != "").all()


def test_detector_matches_against_the_ledger(corpus):
    det = ForecastDetector().fit(corpus.sentences)
    match = audit.match_detections(corpus, det, ledger.load_ledger(config.ROOT / "seeds" / "predictions.yaml"),
                               ledger.load_exclusions(config.ROOT / "seeds" / "prediction_exclusions.yaml"))
    led, sents = match["ledger"], match["sentences"]
    assert match["recall"] == pytest.approx(led["found"].mean(), abs=1e-3)
    assert match["precision"] + match["recognised"] + match["unexplained"] == pytest.approx(1, abs=1e-2)
    # a quote found by the detector lies in a detected sentence of the same paragraph
    first = led[led["found"]].iloc[0]
    same = sents[(sents.source_id == first.source_id) & (sents.para == first.para)]
    assert ((same.start < first.end) & (same.end > first.start)).any()
    # every detected sentence that holds a ledger quote names that row
    assert (sents.loc[sents.category == "prediction", "ledger_ids"] != "").all()


def test_detections_of_uncurated_sources_are_counted_apart(corpus, tmp_path):
    det = ForecastDetector().fit(corpus.sentences)
    match = audit.match_detections(corpus, det, ledger.load_ledger(tmp_path / "none.yaml"),
                               ledger.load_exclusions(tmp_path / "none.yaml"))
    assert (match["sentences"]["category"] == "not yet curated").all()
    assert math.isnan(match["recall"]) and math.isnan(match["precision"])
    table = audit.detector_table(match)
    assert table["not yet curated"].iloc[-1] == len(match["sentences"]) and table["unexplained"].sum() == 0


def test_curation_accounts_for_every_cue_sentence(corpus, tmp_path):
    seeds = config.ROOT / "seeds"
    table, gaps = audit.coverage_table(corpus, ledger.load_ledger(seeds / "predictions.yaml"),
                                   ledger.load_exclusions(seeds / "prediction_exclusions.yaml"),
                                   ledger.load_recommendations(seeds / "recommendations.yaml"))
    assert len(gaps) == 0 and (table["not accounted for"] == 0).all()
    assert (table["sentences with a cue word"] > 0).all()
    empty = ledger.load_ledger(tmp_path / "none.yaml")
    table, gaps = audit.coverage_table(corpus, empty, ledger.load_exclusions(tmp_path / "none.yaml"),
                                   ledger.load_recommendations(tmp_path / "none.yaml"))
    assert (table["status"] == "not yet curated").all() and len(gaps) == 0


# --- the forecast rule's mechanics: speaker, booleans, record, second coding -------------------

def test_rejects_attributed_row_spoken_by_the_author(corpus):
    problems = problems_for(corpus, type="attributed")
    assert any("an attributed row names the speaker it quotes, not 'author'" in p for p in problems)


def test_rejects_own_row_with_a_quoted_speaker(corpus):
    problems = problems_for(corpus, speaker="Vladimir Putin")
    assert any("the speaker of a own row is 'author', not 'Vladimir Putin'" in p for p in problems)


def test_rejects_missing_and_non_boolean_flags(corpus):
    row = good_row()
    del row["horizon_by_resolver"]
    assert any("missing required field(s): horizon_by_resolver" in p for p in ledger.validate_ledger([row], corpus))
    assert any("criterion_hindsight must be true or false" in p
               for p in problems_for(corpus, criterion_hindsight="yes"))


def test_unresolved_row_due_within_the_record_is_not_not_yet_resolvable(corpus):
    problems = problems_for(corpus, resolution=None, outcome_date=None, evidence=None,
                            verdict="not yet resolvable", horizon="2025-12-31")
    assert any("gives ambiguous" in p for p in problems)
    late = problems_for(corpus, resolution=None, outcome_date=None, evidence=None,
                        verdict="not yet resolvable", horizon="2026-06-30")
    assert late == []


def test_real_ledger_has_no_not_yet_resolvable_row_due_by_the_record_date(rows):
    due = [r for r in rows if ledger._last_day(r["horizon"]) <= ledger.RECORD_DATE]
    assert ledger.RECORD_DATE == pd.Timestamp("2025-12-31")
    assert len(due) == len(rows) == 55
    assert all(r["verdict"] != "not yet resolvable" for r in due)
    assert all(r["speaker"] == "author" for r in rows if r["type"] != "attributed")


def test_second_coding_field_rules(corpus):
    good = {"first": "partly correct", "second": "wrong", "settled": "Putin criticised the war."}
    assert problems_for(corpus, second_coding=good) == []
    assert any("neither coding's" in p for p in problems_for(corpus, second_coding={**good, "first": "wrong", "second": "correct"}))
    assert any("only for rows where the codings disagree" in p
               for p in problems_for(corpus, second_coding={**good, "second": "partly correct"}))
    assert any("needs first, second and settled" in p
               for p in problems_for(corpus, second_coding={**good, "settled": ""}))
    assert any("unknown second_coding field(s): why" in p
               for p in problems_for(corpus, second_coding={**good, "why": "x"}))


def test_second_coding_must_match_the_ledger():
    rows = [{"id": "a", "verdict": "wrong", "resolution": "no",
             "second_coding": {"first": "partly correct", "second": "wrong", "settled": "x"}},
            {"id": "b", "verdict": "correct", "resolution": "yes"}]
    assert ledger.validate_second_coding([{"id": "a", "verdict": "wrong"}, {"id": "b", "verdict": "correct"}],
                                         rows) == []
    problems = ledger.validate_second_coding([{"id": "a", "verdict": "correct"}, {"id": "c", "verdict": "wrong"}],
                                             rows)
    assert problems == ["second coding a: the ledger's second_coding says 'wrong', the coding 'correct'",
                        "second coding c: no such ledger row",
                        "second coding: resolved ledger row b is not coded"]


def test_not_checkable_is_an_exclusion_reason(corpus):
    row = {"source_id": "kuzio-2001", "reason": "not checkable: no event could settle it",
           "quote": "In addition, the United States could fall out with Russia over Moscow's policy in Chechnya."}
    assert ledger.validate_exclusions([row], corpus) == []
    assert any("reason must start with one of" in p
               for p in ledger.validate_exclusions([{**row, "reason": "vague"}], corpus))


def test_real_ledger_settles_the_seven_disagreements(rows):
    settled = {r["id"]: r for r in rows if r.get("second_coding")}
    assert len(settled) == 7
    changed = sorted(i for i, r in settled.items() if r["verdict"] != r["second_coding"]["first"])
    assert changed == ["kuzio-2001-p08", "siberianlight-2004-p02", "siberianlight-2004-p14"]
