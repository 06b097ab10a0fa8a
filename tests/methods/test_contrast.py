"""Log-odds, keyness and grouping, checked against arithmetic done by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from analysis.methods import contrast as compare
from analysis.report import contrast_figures


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
            fig = contrast_figures.plot_log_odds(cmp.result, compare.surface_forms([]), cmp.names, note=cmp.note)
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


def test_top_ids_sides_and_signs():
    res = pd.DataFrame({"z": [2.0, 0.5, -0.1, -3.0]}, index=["war", "talk", "trust", "peace"])
    assert compare.top_ids(res, 1) == ["war"]
    assert compare.top_ids(res, 5) == ["war", "talk"]
    assert compare.top_ids(res, 5, side=-1) == ["peace", "trust"]


def loo_toy():
    # i = {a, b}, j = {c, d}; "war" in both i texts, "tank" only in a; "peace" in both j texts, "dove" only in c
    m = pd.DataFrame({"war": [4, 4, 0, 0], "tank": [3, 0, 0, 0], "peace": [0, 0, 4, 4], "dove": [0, 0, 3, 0],
                      "talk": [1, 1, 1, 1]}, index=["a", "b", "c", "d"])
    return m, pd.Series({"a": "i", "b": "i", "c": "j", "d": "j"})


def test_leave_one_out_by_hand():
    m, groups = loo_toy()
    loo = compare.leave_one_out(m, groups, "i", "j", n=2, prior_scale=2).set_index("term")
    # full run: i's top 2 are war, tank; j's are peace, dove. Four runs, one per source.
    assert list(loo.index) == ["war", "tank", "peace", "dove"]
    assert loo["runs"].tolist() == [4, 4, 4, 4]
    # leaving a out removes every "tank"; leaving c out every "dove": each drops from its top list there only
    assert loo.loc["tank", "driven by"] == ("a",) and loo.loc["tank", "kept"] == 3
    assert loo.loc["dove", "driven by"] == ("c",) and loo.loc["dove", "kept"] == 3
    assert bool(loo.loc["war", "survives"]) and bool(loo.loc["peace", "survives"])
    assert compare.surviving_terms(loo.reset_index(), "i") == ["war"]
    # z of the full run is the plain log-odds
    assert loo.loc["war", "z"] == pytest.approx(compare.log_odds(m, ["a", "b"], ["c", "d"], prior_scale=2).loc["war", "z"])


def test_leave_one_out_single_source_group_and_units():
    m, groups = loo_toy()
    groups = groups.copy()
    groups["d"] = "other"                      # j is now c alone
    loo = compare.leave_one_out(m, groups, "i", "j", n=1, prior_scale=2).set_index("term")
    # leaving c out empties j: j's term fails that run (3 runs: a, b, c), i's term skips it (2 runs: a, b)
    assert loo.loc["peace", "runs"] == 3 and loo.loc["peace", "driven by"] == ("c",)
    assert loo.loc["war", "runs"] == 2 and bool(loo.loc["war", "survives"])
    # units: a and b are voices of one source "s"; three runs (s, c, d), and leaving "s" out empties i
    units = pd.Series({"a": "s", "b": "s", "c": "c", "d": "d"})
    m2, g2 = loo_toy()
    loo2 = compare.leave_one_out(m2, g2, "i", "j", n=1, prior_scale=2, units=units).set_index("term")
    assert loo2.loc["war", "driven by"] == ("s",) and loo2.loc["war", "runs"] == 3
    assert compare.leave_one_out(m2, pd.Series({"a": "i"}), "i", "j").empty


def test_background_prior_by_hand():
    # background {war: 1, peace: 3} (N = 4), a_0 = 4 -> a_war = 1, a_peace = 3
    y_i, y_j = toy()
    res = compare.LogOddsRatio(prior_scale=4).fit(y_i, y_j, prior=pd.Series({"war": 1, "peace": 3})).result_
    # war: log((3+1)/(4+4-3-1)) - log((1+1)/(4+4-1-1)) = log(1) - log(1/3)
    assert res.loc["war", "delta"] == pytest.approx(math.log(3))
    assert res.loc["war", "z"] == pytest.approx(math.log(3) / math.sqrt(1 / 4 + 1 / 2))
    counts = compare.background_counts(texts=["War, war and peace.", "Peace talks."])
    assert counts.to_dict() == {"peac": 2, "war": 2, "talk": 1}
    with pytest.raises(ValueError, match="unknown background corpus 'brown'"):
        compare.background_counts("brown")


def test_prior_sensitivity_counts_shared_terms():
    m, groups = loo_toy()
    tops = compare.prior_sensitivity(m, groups, "i", "j", {"corpus": None, "flat": pd.Series(1, index=m.columns)},
                                     (2.0, 200.0), n=2, main=("corpus", 2.0))
    assert len(tops) == 8
    main = tops[(tops["prior"] == "corpus") & (tops["a0"] == 2.0)]
    assert main["terms"].tolist() == [("war", "tank"), ("peace", "dove")] and main["shared"].tolist() == [2, 2]
    assert compare.prior_sensitivity(m, pd.Series({"a": "i"}), "i", "j", {"corpus": None}).empty


def test_roles_group_think_tank_and_ivanov_is_catalogued_so():
    from analysis.corpus.catalog import ROLES, load_catalog
    assert "think-tank" in ROLES and compare.ROLE_GROUPS["think-tank"] == "think tank"
    cat = load_catalog()
    assert cat.loc["ivanov-2020", "role"] == "think-tank"
    assert compare.groupings(cat).loc["ivanov-2020", "role group"] == "think tank"
