"""Collocations and keyword-in-context lines (analysis.methods.collocations)."""
import math

import pandas as pd
import pytest

from analysis.corpus.load import load_corpus
from analysis.methods.collocations import Collocations, chance_counts, chance_threshold, collocation_scores, kwic
from analysis.methods.vocabulary import DistinctiveTerms, source_sentences

SENTENCES = [
    "Arms control talks resumed in Geneva.",
    "Both sides value arms control.",
    "The talks on arms went on.",
]


def g2(n_ii, n_i, n_j, n):
    """Dunning's G2 for a 2x2 table, written out: 2 * sum O ln(O / E)."""
    # cells (w1 w2), (w1 not-w2), (not-w1 w2), (not-w1 not-w2) with their row and column totals
    obs = [n_ii, n_i - n_ii, n_j - n_ii, n - n_i - n_j + n_ii]
    rows, cols = [n_i, n_i, n - n_i, n - n_i], [n_j, n - n_j, n_j, n - n_j]
    return 2 * sum(o * math.log(o / (r * c / n)) for o, r, c in zip(obs, rows, cols) if o)


def test_collocation_likelihood_ratio_by_hand():
    c = Collocations(min_freq=2).fit(SENTENCES)
    # only "arms control" occurs twice without a stop word; "on arms", "talks on" contain "on"
    assert c.scores_.collocation.tolist() == ["arms control"]
    # 6 + 5 + 6 = 17 tokens; arms 3 times, control 2 times, together 2 times
    assert c.n_words_ == 17
    assert c.scores_.loc[0, "count"] == 2
    assert c.scores_.loc[0, "score"] == pytest.approx(g2(2, 3, 2, 17), rel=1e-6)


def test_collocation_pmi_and_floor():
    pmi = Collocations(measure="pmi", min_freq=1).fit(SENTENCES).scores_.set_index("collocation")
    # PMI = log2(O11 * N / (c1 * c2)): "control talks" once, control 2, talks 2, N 17
    assert pmi.loc["control talks", "score"] == pytest.approx(math.log2(1 * 17 / (2 * 2)))
    assert "talks on" not in pmi.index and "on arms" not in pmi.index
    # no pair spans a sentence end: "geneva both" never forms
    assert "geneva both" not in pmi.index
    assert Collocations(min_freq=3).fit(SENTENCES).scores_.empty


def test_collocation_scores_and_the_chance_threshold():
    sents = pd.Series({"x": SENTENCES, "y": ["Nothing repeats here."]})
    scores = collocation_scores(sents, n=5)
    assert scores.source_id.tolist() == ["x"] and scores["rank"].tolist() == [1]
    # the chi-squared quantile with 1 df: 3.84 at 0.05
    assert chance_threshold(0.05) == pytest.approx(3.841458820694124)
    with pytest.raises(ValueError, match="between 0 and 1"):
        chance_threshold(1.5)
    # a pair seen twice in 12 words, each word twice elsewhere: G2 below 3.84, so not listed
    weak = ["Arms control here.", "Arms alone there.", "Control alone again.", "Arms control again."]
    c = Collocations().fit(weak).scores_.set_index("collocation")
    assert c.loc["arms control", "score"] < chance_threshold()
    assert collocation_scores(pd.Series({"w": weak})).empty
    assert collocation_scores(pd.Series({"w": weak}), alpha=None).collocation.tolist() == ["arms control"]
    assert chance_counts(pd.Series({"w": weak, "x": SENTENCES})).values.tolist() == [["w", 1, 0], ["x", 1, 1]]


def test_collocations_reject_an_unknown_measure():
    with pytest.raises(ValueError, match="likelihood_ratio"):
        Collocations(measure="chi")


def test_no_collocation_below_chance_on_the_corpus():
    sentences = source_sentences(load_corpus())
    scores = collocation_scores(sentences)
    assert (scores.score >= chance_threshold()).all()
    # Young 2004's "u.s. russia" (G2 0.7) is below chance, so it is not listed
    assert "u.s. russia" not in set(scores[scores.source_id == "siberianlight-2004"].collocation)


def test_kwic_matches_every_inflection_with_fixed_window():
    lines = kwic(SENTENCES, "arm", window=3)
    assert lines.match.tolist() == ["Arms", "arms", "arms"]
    # the window is 3 words either side and runs across sentence ends
    assert lines.left.tolist() == ["", "Both sides value", "The talks on"]
    assert lines.right.tolist() == ["control talks resumed", "control. The talks", "went on."]
    assert lines.sentence.tolist() == [0, 1, 2]
    talks = kwic(SENTENCES, "talk", window=1)
    assert talks.match.tolist() == ["talks", "talks"]


def test_kwic_phrases_stay_inside_a_sentence():
    sents = ["They met in Moscow.", "Moscow talks failed.", "Arms. Control of arms."]
    assert kwic(sents, "moscow talk").match.tolist() == ["Moscow talks"]
    # "Arms." ends a sentence in the list below, so "arm control" must not match across it
    assert kwic(["Arms.", "Control matters."], "arm control").empty
    assert kwic(["Arms control matters."], "arm control", window=1).values.tolist() == \
        [[0, "", "Arms control", "matters."]]


def test_kwic_finds_names_however_written():
    sents = ["The United States (US) and Russia.", "The U.S. and the US-Russian talks.", "Latin America."]
    lines = kwic(sents, "u.s.", window=1)
    assert lines.match.tolist() == ["United States (US)", "U.S.", "US-Russian"]
    assert lines.left.tolist() == ["The", "The", "the"]
    assert kwic(["The Northern Alliance and an alliance."], "allianc").match.tolist() == ["alliance."]


def test_kwic_hits_equal_term_counts_on_the_corpus():
    corpus = load_corpus()
    sentences = source_sentences(corpus)
    model = DistinctiveTerms().fit(sentences)
    top = model.top_terms(10)
    for r in top.itertuples():
        assert len(kwic(sentences[r.source_id], r.term)) == r.count, (r.source_id, r.term)
    # the names too: every mention of the United States is found
    for sid in corpus.ids:
        j = list(model.terms_).index("u.s.")
        assert len(kwic(sentences[sid], "u.s.")) == model.counts_[corpus.ids.index(sid), j]
