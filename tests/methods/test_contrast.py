"""Log-odds, keyness and grouping, checked against arithmetic done by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from analysis.methods import contrast as compare


def toy():
    # group i: war 3, peace 1 (n_i = 4); group j: war 1, peace 3 (n_j = 4)
    return pd.Series({"war": 3, "peace": 1}), pd.Series({"war": 1, "peace": 3})


def test_log_odds_matches_hand_arithmetic():
    y_i, y_j = toy()
    # prior: pooled counts {war: 4, peace: 4}, a_0 = 2 -> a_w = 2 * 4/8 = 1
    # delta_war = log((3+1)/(4+2-3-1)) - log((1+1)/(4+2-1-1)) = log(2) - log(0.5) = 2 log 2
    # var = 1/(3+1) + 1/(1+1) = 0.75; z = 2 log 2 / sqrt(0.75)
    res = compare.LogOddsRatio(prior_scale=2).fit(y_i, y_j).result_
    assert res.loc["war", "a"] == pytest.approx(1.0)
    assert res.loc["war", "delta"] == pytest.approx(2 * math.log(2))
    assert res.loc["war", "z"] == pytest.approx(2 * math.log(2) / math.sqrt(0.75))
    assert res.loc["peace", "z"] == pytest.approx(-2 * math.log(2) / math.sqrt(0.75))
    assert list(res.index) == ["war", "peace"]


def test_log_odds_with_unequal_prior():
    # prior corpus {war: 6, peace: 2}, a_0 = 4 -> a_war = 3, a_peace = 1
    y_i, y_j = pd.Series({"war": 2, "peace": 2}), pd.Series({"war": 4, "peace": 0})
    res = compare.LogOddsRatio(prior_scale=4).fit(y_i, y_j, prior=pd.Series({"war": 6, "peace": 2})).result_
    # war: log((2+3)/(4+4-2-3)) - log((4+3)/(4+4-4-3)) = log(5/3) - log(7)
    d = math.log(5 / 3) - math.log(7)
    assert res.loc["war", "delta"] == pytest.approx(d)
    assert res.loc["war", "z"] == pytest.approx(d / math.sqrt(1 / 5 + 1 / 7))
    # peace: log((2+1)/(4+4-2-1)) - log((0+1)/(4+4-0-1)) = log(3/5) - log(1/7)
    d = math.log(3 / 5) - math.log(1 / 7)
    assert res.loc["peace", "z"] == pytest.approx(d / math.sqrt(1 / 3 + 1 / 1))


def test_g2_and_log_ratio_match_hand_arithmetic():
    y_i, y_j = toy()
    k = compare.keyness(y_i, y_j)
    # a=3, b=1, c=d=4: E1 = E2 = 4*4/8 = 2; G2 = 2 (3 ln(3/2) + 1 ln(1/2))
    assert k.loc["war", "G2"] == pytest.approx(2 * (3 * math.log(1.5) + math.log(0.5)))
    assert k.loc["war", "log_ratio"] == pytest.approx(math.log2(3))
    assert k.loc["peace", "G2"] == pytest.approx(-2 * (3 * math.log(1.5) + math.log(0.5)))


def test_g2_zero_count_and_log_ratio_adjustment():
    k = compare.keyness(pd.Series({"x": 2, "y": 2}), pd.Series({"x": 0, "y": 4}))
    # x: a=2, b=0, c=4, d=4, E1 = 4*2/8 = 1 -> G2 = 2 * 2 ln 2; log ratio with b -> 0.5: log2((2/4)/(0.5/4)) = 2
    assert k.loc["x", "G2"] == pytest.approx(4 * math.log(2))
    assert k.loc["x", "log_ratio"] == pytest.approx(2.0)


def test_count_matrix_and_against_rest():
    counts = compare.count_matrix(pd.Series({"a": "Terrorism terrorism NATO.", "b": "Sanctions and NATO.",
                                             "c": "Dialogue."}))
    assert counts.loc["a", "terror"] == 2 and counts.loc["b", "nato"] == 1
    res = compare.each_against_rest(counts, prior_scale=10)
    assert set(res) == {"a", "b", "c"}
    assert res["a"].index[0] == "terror"
    keys = compare.keyness_against_rest(counts)
    agree = compare.compare_rankings(res, keys, {"a": "A", "b": "B", "c": "C"}, top=1)
    assert agree["shared in top 1"].tolist() == [1, 1, 1]
    assert compare.each_against_rest(counts.loc[["a"]]) == {}


def sources(dates, perspectives):
    return pd.DataFrame({
        "label": [f"S{i}" for i in range(len(dates))], "date": pd.to_datetime(dates),
        "era": ["e"] * len(dates), "perspective": perspectives, "role": ["academic"] * len(dates),
    }, index=[f"s{i}" for i in range(len(dates))])


@pytest.mark.parametrize("dates,persp", [
    (["2001-01-01", "2003-01-01", "2016-01-01", "2020-01-01"], ["Russian", "Western", "Western", "Russian"]),
    (["2001-01-01", "2016-01-01"], ["Western", "Western"]),           # one per period, no Russian
    (["2001-01-01", "2002-01-01", "2003-01-01"], ["Russian", "Western", "Western"]),  # no late source
])
def test_any_grouping_runs(dates, persp):
    src = sources(dates, persp)
    groups = compare.groupings(src)
    assert list(groups["period"]) == ["early" if d < "2014" else "late" for d in dates]
    counts = compare.count_matrix(pd.Series({s: "war peace talks war" if i % 2 else "peace dialogue"
                                             for i, s in enumerate(src.index)}))
    for col, a, b in (("period", "early", "late"), ("perspective", "Russian", "Western")):
        cmp = compare.Comparison(counts, groups[col], a, b)
        n_a, n_b = (groups[col] == a).sum(), (groups[col] == b).sum()
        assert cmp.sizes == (n_a, n_b)
        if n_a == 0 or n_b == 0:
            assert cmp.result is None and "No comparison" in cmp.note
            fig = compare.plot_log_odds(cmp.result, compare.surface_forms([]), cmp.names, note=cmp.note)
            assert fig is not None
        else:
            assert np.isfinite(cmp.result["z"]).all()
            if 1 in (n_a, n_b):
                assert "single source" in cmp.note


def test_comparison_note_messages():
    assert compare.comparison_note("early", 0, "late", 0).startswith("No comparison of early with late")
    assert "single source each" in compare.comparison_note("a", 1, "b", 1)
    assert compare.comparison_note("a", 2, "b", 3) is None


def test_top_terms_sides():
    res = compare.LogOddsRatio(prior_scale=2).fit(*toy()).result_
    tops = compare.top_terms(res, n=5, names=("A", "B"))
    assert tops["A"].tolist() == ["war"] and tops["B"].tolist() == ["peace"]
