"""Scores: the Murphy decomposition checked by hand on a toy ledger, the AUC, kappa, rankings, voices."""
import math

import pandas as pd
import pytest

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts import ledger, scoring


def toy():
    # six claims: three at 0.9 (two came true), three at 0.6 (one came true)
    return pd.DataFrame({"probability": [0.9, 0.9, 0.9, 0.6, 0.6, 0.6], "o": [1.0, 1.0, 0.0, 1.0, 0.0, 0.0]})


def test_murphy_decomposition_by_hand():
    t = toy()
    parts = scoring.murphy_decomposition(t["probability"], t["o"])
    # o-bar = 1/2; group 0.9: o-bar_k = 2/3; group 0.6: o-bar_k = 1/3
    rel = (3 * (0.9 - 2 / 3) ** 2 + 3 * (0.6 - 1 / 3) ** 2) / 6   # 0.0628
    res = (3 * (2 / 3 - 0.5) ** 2 + 3 * (1 / 3 - 0.5) ** 2) / 6   # 0.0278
    unc = 0.5 * 0.5
    assert parts == {"reliability": round(rel, 4), "resolution": round(res, 4), "uncertainty": 0.25,
                     "brier": round(rel - res + unc, 4)}
    assert parts["reliability"] == 0.0628 and parts["resolution"] == 0.0278
    # the decomposition adds up to the Brier score: (0.01 + 0.01 + 0.81 + 0.16 + 0.36 + 0.36) / 6 = 0.285
    assert scoring.brier_score(t["probability"], t["o"]) == 0.285
    assert math.isclose(parts["brier"], 0.285, abs_tol=1e-4)


def test_auc_by_hand():
    t = toy()
    # 3 yes x 3 no pairs: yes at 0.9 beat no at 0.6 (2 x 2 = 4), tie with no at 0.9 (2 x 0.5 = 1);
    # yes at 0.6 ties with two no at 0.6 (2 x 0.5 = 1) and loses to no at 0.9: (4 + 1 + 1) / 9
    assert scoring.auc(t["probability"], t["o"]) == round(6 / 9, 4)
    assert math.isnan(scoring.auc([0.9, 0.5], [1, 1]))


def test_probability_quality_intervals_contain_the_values():
    q = scoring.probability_quality(toy(), n_boot=200).set_index("measure")
    assert list(q.index) == ["Brier score", "reliability", "resolution", "uncertainty", "AUC"]
    assert q.loc["Brier score", "value"] == 0.285
    assert (q["low"] <= q["high"]).all() and (q["n"] == 6).all()


def test_cohen_kappa_by_hand():
    a = ["correct", "correct", "wrong", "wrong", "correct", "partly correct"]
    b = ["correct", "wrong", "wrong", "wrong", "correct", "correct"]
    # p_o = 4/6; p_e = (3/6)(3/6) + (2/6)(3/6) + (1/6)(0) = 15/36
    po, pe = 4 / 6, 15 / 36
    assert scoring.cohen_kappa(a, b) == round((po - pe) / (1 - pe), 4) == 0.4286
    assert scoring.cohen_kappa(["x", "x"], ["x", "x"]) == 1.0


@pytest.fixture(scope="module")
def scored():
    return ledger.scored_ledger(load_corpus(config.ROOT / "seeds"))


def test_real_coding_agreement(scored):
    a = scoring.coding_agreement(scored, ledger.load_second_coding(config.ROOT / "seeds" / config.SECOND_CODING),
                                 n_boot=200)
    assert (a["n"], a["agree"]) == (55, 48)
    assert a["kappa"] == 0.7916
    assert int(a["confusion"].to_numpy().sum()) == 55
    assert len(a["disagreements"]) == 7


def test_sources_are_ranked_on_own_claims_only(scored):
    card = scoring.source_ranking(scored, intervals=False)
    # GlobalSecurity.org quotes others only: it has no own claim, so it has no row
    assert "GlobalSecurity.org 2016" not in card.index
    assert card["n"].sum() == int(scored["type"].isin(["own", "conditional"]).sum())
    ranked = card[card["rank"].notna()]
    assert (ranked["scored"] >= config.MIN_RANKED).all()
    assert card.loc[card["scored"] < config.MIN_RANKED, "rank"].isna().all()


def test_voices_are_scored_under_their_speaker(scored):
    voices = scoring.voices_table(scored)
    attributed = scored[scored["type"] == "attributed"]
    assert set(voices.index) == set(attributed["speaker"])
    assert voices["n"].sum() == len(attributed)
    assert voices.loc["Russian people", "quoted in"] == "Ivanov 2020"


def test_share_correct_leaves_out_even_chances():
    demo = pd.DataFrame({"source": ["a"] * 3, "verdict": ["correct", "partly correct", "wrong"],
                         "probability": [0.97, 0.5, 0.97], "o": [1.0, float("nan"), 0.0],
                         "brier_partly": [0.0009, 0.0, 0.9409]})
    assert scoring.scorecard(demo, even_in_share=False).loc["a", "share correct"] == 0.5
    assert scoring.scorecard(demo, even_in_share=True).loc["a", "share correct"] == 0.33
