"""Tests for analysis/synthesis.py: the findings across chapters."""
import re

import numpy as np
import pandas as pd
import pytest
from conftest import defined_names

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts import scoring
from analysis.report import synthesis as findings_module

FINDINGS = (findings_module.shift_findings, findings_module.forecast_findings, findings_module.perspective_findings, findings_module.limits_findings)



@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


@pytest.fixture(scope="module")
def synthesis(corpus):
    return findings_module.Synthesis().fit(corpus, config.ROOT / "seeds")


# --------------------------------------------------------------------------- helpers, by hand

def test_pair_means_by_hand():
    sim = pd.DataFrame([[1, .5, .2, .1], [.5, 1, .3, .4], [.2, .3, 1, .6], [.1, .4, .6, 1]],
                       index=list("abcd"), columns=list("abcd"))
    within, across = findings_module.pair_means(sim, pd.Series({"a": "x", "b": "x", "c": "y", "d": "y"}))
    assert within == pytest.approx((0.5 + 0.6) / 2)
    assert across == pytest.approx((0.2 + 0.1 + 0.3 + 0.4) / 4)
    assert np.isnan(findings_module.pair_means(sim, pd.Series(dict.fromkeys("abcd", "x")))[1])


def test_theme_shift_by_hand():
    rates = pd.DataFrame({"NATO": [6.0, 2.0, 1.0, 3.0], "energy": [0.0, 1.0, 2.0, 2.0]}, index=list("abcd"))
    out = findings_module.theme_shift(rates, pd.Series({"a": "early", "b": "early", "c": "late", "d": "late"}))
    assert list(out.index) == ["energy", "NATO"]
    assert out.loc["NATO"].tolist() == [4.0, 2.0, -2.0]
    assert out.loc["energy"].tolist() == [0.5, 2.0, 1.5]
    assert findings_module.theme_shift(rates, pd.Series(dict.fromkeys("abcd", "early"))).empty


def test_miss_share_by_hand():
    scored = pd.DataFrame({"source": ["A", "A", "A", "B"], "probability": [0.97, 0.675, 0.97, 0.5],
                           "o": [0.0, 0.0, 1.0, np.nan]})
    out = findings_module.miss_share(scored)
    errors = [0.97 ** 2, 0.675 ** 2, 0.03 ** 2]
    assert out.loc["A", "scored"] == 3 and out.loc["A", "confident misses"] == 1
    assert out.loc["A", "miss share"] == pytest.approx(errors[0] / sum(errors))
    assert "B" not in out.index                      # no clean resolution


def test_group_means_each_source_counts_once():
    out = findings_module.group_means(pd.Series({"a": 0.5, "b": -0.5, "c": 0.2}), pd.Series({"a": "R", "b": "R", "c": "W"}),
                        order=["W", "R", "other"])
    assert out.to_dict() == {"W": 0.2, "R": 0.0}


def test_date_span_eras_on_the_catalog(corpus):
    spans = findings_module.date_span_eras(corpus.sources)
    ranged = corpus.sources.index[corpus.sources["published"].astype(str).str.contains("/")]
    assert list(spans.index) == list(ranged)
    assert not spans["crosses"].any()               # every range lies inside one era
    toy = pd.DataFrame({"published": ["2008-06/2009-02"]}, index=["x"])
    assert findings_module.date_span_eras(toy).loc["x"].tolist() == [
        "2003-2008 Iraq, colour revolutions and drift", "2009-2013 the reset", True]


def test_claim_voices_finds_quoted_speakers(synthesis):
    voices = synthesis.claim_voices_.set_index(synthesis.scored_["id"])
    quoted = voices[voices["voice"] != "author"]
    # every claim given to a quoted voice is typed as attributed in the ledger
    types = synthesis.scored_.set_index("id")["type"]
    assert (types[quoted.index] == "attributed").all()
    # an own claim always stays with the author, in the author's perspective
    own = types[types == "own"].index
    assert (voices.loc[own, "voice"] == "author").all()
    persp = synthesis.scored_.set_index("id")["perspective"]
    assert (voices.loc[own, "voice perspective"] == persp[own]).all()


def test_numref_targets():
    assert findings_module.numref_targets("a {numref}`tbl-x` b {numref}`fig-y-z` {ref}`ch-a`") == ["tbl-x", "fig-y-z"]


# --------------------------------------------------------------------------- findings on the real corpus

@pytest.mark.parametrize("findings", FINDINGS, ids=lambda f: f.__name__)
def test_every_bullet_cites_an_existing_table_or_figure(synthesis, findings):
    names = defined_names()
    text = findings(synthesis)
    lines = text.split("\n")
    assert lines and all(line.startswith(("- ", "  - ")) for line in lines)
    bullets = "\n".join(lines).replace("\n  - ", " ").split("\n")     # nested items join their bullet
    for bullet in bullets:
        targets = findings_module.numref_targets(bullet)
        assert targets, bullet
        missing = [t for t in targets if t not in names]
        assert not missing, (missing, bullet)


def test_names_are_parsed_from_the_chapters():
    names = defined_names()
    assert {"tbl-vocab-top", "fig-periods-tone", "tbl-topics-robust", "tbl-pred-scorecard",
            "fig-pred-calibration", "tbl-dates"} <= names


def test_forecast_findings_match_the_scorecard(synthesis):
    card = synthesis.scorecard_
    rated = card[card["scored"] >= synthesis.min_scored]
    best, worst = rated["Brier"].idxmin(), rated["Brier"].idxmax()
    text = findings_module.forecast_findings(synthesis)
    assert f"{best} forecast best (Brier {rated.loc[best, 'Brier']:.3f}" in text
    assert f"{worst} worst ({rated.loc[worst, 'Brier']:.3f}" in text
    clean = synthesis.scored_.dropna(subset=["o"])
    overall = float(((clean["probability"] - clean["o"]) ** 2).mean())
    assert f"Brier score, {overall:.3f}" in text
    assert f"{len(clean)} resolved cleanly" in text


def test_findings_name_sources_by_catalog_label(synthesis, corpus):
    text = "\n".join(f(synthesis) for f in FINDINGS)
    prose = re.sub(r"\{numref\}`[^`]+`", "", text)
    assert all(sid not in prose for sid in corpus.ids)         # ids never leak into the prose
    assert sum(corpus.label(sid) in text for sid in corpus.ids) == len(corpus.ids)


def test_summary_table(synthesis, corpus):
    table = findings_module.summary_table(synthesis)
    assert list(table["source"]) == [corpus.label(s) for s in corpus.ids]
    assert table["predictions"].sum() == len(synthesis.scored_)
    card = scoring.scorecard(synthesis.scored_, "source")
    for _, row in table.iterrows():
        if row["Brier (scored)"]:
            assert row["Brier (scored)"].startswith(f"{card.loc[row['source'], 'Brier']:.3f}")
    tops = synthesis.vocabulary_.top_terms(3)
    first = corpus.ids[0]
    assert table.loc[0, "distinctive terms"] == ", ".join(tops[tops.source_id == first].display)


def test_without_a_ledger_the_forecasts_say_so(fixture_seeds):
    seeds = fixture_seeds(3)
    corpus = load_corpus(seeds)
    synthesis = findings_module.Synthesis(k_values=range(2, 5), topic_seeds=(0, 1)).fit(corpus, seeds)
    assert not synthesis.ledger_found_ and synthesis.scored_.empty
    assert "no prediction ledger" in findings_module.forecast_findings(synthesis)
    assert "without a ledger" in findings_module.limits_findings(synthesis)
    assert (findings_module.summary_table(synthesis)["predictions"] == 0).all()
    fig = findings_module.plot_overview(synthesis)
    assert len(fig.axes) == 3
