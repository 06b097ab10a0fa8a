"""TF-IDF terms, their display, stability and source similarity (analysis.methods.vocabulary)."""
import math

import numpy as np
import pandas as pd
import pytest

from analysis.corpus.load import load_corpus
from analysis.methods.vocabulary import (
    SETTINGS,
    DistinctiveTerms,
    TermStability,
    dendrogram_order,
    extreme_pairs,
    pairs,
    source_sentences,
    top_split,
)

# Three hand-made documents. Stop words ("and", "the", "of") drop out; stems:
# missiles -> missil, treaty -> treati, pipeline -> pipelin.
DOCS = pd.Series({
    "a": "Missiles missiles treaty.",
    "b": "Treaty gas.",
    "c": "Gas gas gas pipeline.",
})


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_tfidf_by_hand_raw_tf():
    model = DistinctiveTerms(ngram_range=(1, 1), sublinear_tf=False).fit(DOCS)
    assert list(model.terms_) == ["gas", "missil", "pipelin", "treati"]
    assert model.df_.tolist() == [2, 1, 1, 2]
    # smooth idf with n = 3: df 1 -> ln(4/2) + 1, df 2 -> ln(4/3) + 1
    idf1, idf2 = math.log(4 / 2) + 1, math.log(4 / 3) + 1
    assert model.idf_ == pytest.approx([idf2, idf1, idf1, idf2])
    # a: missil 2 * idf1, treati 1 * idf2, then divided by the Euclidean length
    length = math.sqrt((2 * idf1) ** 2 + idf2 ** 2)
    top = model.top_terms(5)
    a = top[top.source_id == "a"]
    assert a.term.tolist() == ["missil", "treati"]
    assert a.weight.tolist() == pytest.approx([2 * idf1 / length, idf2 / length])
    assert a["count"].tolist() == [2, 1]
    # c: gas 3 * idf2, pipelin 1 * idf1
    length_c = math.sqrt((3 * idf2) ** 2 + idf1 ** 2)
    c = top[top.source_id == "c"]
    assert c.term.tolist() == ["gas", "pipelin"]
    assert c.weight.tolist() == pytest.approx([3 * idf2 / length_c, idf1 / length_c])
    # b: treati and gas, both 1 * idf2: equal weights 1/sqrt(2), tie broken alphabetically
    b = top[top.source_id == "b"]
    assert b.term.tolist() == ["gas", "treati"]
    assert b.weight.tolist() == pytest.approx([1 / math.sqrt(2)] * 2)
    # cosine(a, b) = w(treati, a) * w(treati, b)
    sim = model.similarity()
    assert sim.loc["a", "b"] == pytest.approx(idf2 / length / math.sqrt(2))
    assert sim.loc["a", "c"] == pytest.approx(0.0)


def test_tfidf_by_hand_sublinear_unsmoothed():
    model = DistinctiveTerms(ngram_range=(1, 1), sublinear_tf=True, smooth_idf=False).fit(DOCS)
    # unsmoothed idf: ln(n / df) + 1 -> df 1: ln 3 + 1, df 2: ln 1.5 + 1
    idf1, idf2 = math.log(3) + 1, math.log(1.5) + 1
    # c: gas tf = 1 + ln 3, pipelin tf = 1
    gas, pipe = (1 + math.log(3)) * idf2, 1 * idf1
    length = math.hypot(gas, pipe)
    c = model.top_terms(2).query("source_id == 'c'")
    assert dict(zip(c.term, c.weight)) == pytest.approx({"gas": gas / length, "pipelin": pipe / length})


def test_listing_leaves_out_ubiquitous_and_subsumed_terms():
    docs = pd.Series({"a": "Arms control policy. Control rights. Gas.",
                      "b": "Arms control. Arms control. Gas."})
    model = DistinctiveTerms().fit(docs)
    shown = model.top_terms(20)
    # both sources use "gas", "arm", "control" and "arm control" (df 2 = n): not listed.
    # In a, "polici" and "right" occur once each, only inside "control polici" and "control right"
    # (same count), so only the phrases are listed.
    assert shown.query("source_id == 'a'").term.tolist() == ["control polici", "control right"]
    assert shown.query("source_id == 'b'").empty
    # but the full ranking still has them, and similarity uses every term
    assert "gas" in {model.terms_[j] for j, _ in model.ranked(0, distinctive=False)}


def test_names_count_as_one_term():
    # "United States" and "US" are one token, so neither "united" nor "states" is a term
    docs = pd.Series({"a": "The United States and Russia. The US again.", "b": "The U.S. and the Soviet Union."})
    model = DistinctiveTerms(ngram_range=(1, 1)).fit(docs)
    assert list(model.terms_) == ["russia", "u.s.", "ussr"]
    assert model.counts_.toarray().tolist() == [[1, 2, 0], [0, 1, 1]]


def test_surface_form_shows_most_frequent_word():
    docs = pd.Series({"a": "Relations improved. Relations matter. Relation.", "b": "Related talks.",
                      "c": "Gas."})
    model = DistinctiveTerms(ngram_range=(1, 1)).fit(docs)
    # stem "relat" came from relations (2), relation (1), related (1); in a it outweighs
    # "improv": (1 + ln 3) * (ln(4/3) + 1) = 2.70 > 1 * (ln(4/2) + 1) = 1.69
    assert model.display("relat") == "relations"
    assert model.top_terms(1).query("source_id == 'a'").display.item() == "relations"
    # unstemmed model: display is the word; key maps it to the stem's surface form
    words = DistinctiveTerms(ngram_range=(1, 1), stem=False).fit(docs)
    assert words.display("relation") == "relation"
    assert words.key("relation") == words.key("related") == "relations"


def test_similarity_symmetric_unit_diagonal(corpus):
    model = DistinctiveTerms().fit(source_sentences(corpus))
    sim = model.similarity()
    assert list(sim.index) == corpus.ids
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T)
    assert np.allclose(np.diag(sim.to_numpy()), 1.0)
    assert ((sim.to_numpy() >= 0) & (sim.to_numpy() <= 1)).all()
    # the products of the shared terms add up to the cosine
    a, b = corpus.ids[:2]
    assert model.contributions(a, b).sum() == pytest.approx(sim.loc[a, b])


def test_dendrogram_order_is_deterministic(corpus):
    sentences = source_sentences(corpus)
    first = dendrogram_order(DistinctiveTerms().fit(sentences).similarity())
    second = dendrogram_order(DistinctiveTerms().fit(sentences).similarity())
    assert first == second
    assert sorted(first) == sorted(corpus.ids)
    # on a known matrix: a and b merge first, c joins last
    sim = pd.DataFrame([[1, .9, .1, .2], [.9, 1, .2, .1], [.1, .2, 1, .3], [.2, .1, .3, 1]],
                       index=list("abcd"), columns=list("abcd"))
    order = dendrogram_order(sim)
    assert order == dendrogram_order(sim)
    assert abs(order.index("a") - order.index("b")) == 1
    assert abs(order.index("c") - order.index("d")) == 1
    assert top_split(sim) == [["a", "b"], ["c", "d"]]


def test_pairs_ranked_and_extreme_pairs():
    sim = pd.DataFrame([[1, .3, .5], [.3, 1, .2], [.5, .2, 1]], index=list("abc"), columns=list("abc"))
    ranked = pairs(sim)
    assert ranked[["a", "b"]].values.tolist() == [["a", "c"], ["a", "b"], ["b", "c"]]
    model = DistinctiveTerms().fit(DOCS)
    found = extreme_pairs(model, n=1, k=3)
    assert found.pair.tolist() == ["closest", "farthest"]
    # b shares "gas" with c (three times in c, so weighty there) and "treaty" with a; a and c share nothing
    assert found[["a", "b"]].values.tolist() == [["b", "c"], ["a", "c"]]
    assert found.similarity.iloc[1] == 0.0 and found.shared.iloc[1].empty
    # in b, "gas" occurs only inside "treaty gas": subsumed, so it is not listed as a shared term
    assert found.shared.iloc[0].empty and found.ubiquitous_share.tolist() == [0.0, 0.0]
    assert found.similarity.iloc[0] == pytest.approx(model.similarity().loc["b", "c"])


def test_stability_jaccard_by_hand():
    docs = pd.Series({"a": "Arms control. Arms control. Treaty. Missile.",
                      "b": "Energy prices. Energy prices. Gas."})
    settings = {"main": {}, "unigrams": {"ngram_range": (1, 1)}}
    st = TermStability(settings, n=3).fit(docs)
    # main, a: "arms control" (2) subsumes arms and control; then missile, treaty (1 each)
    assert st.tops_["main"]["a"] == ["arms control", "missile", "treaty"]
    # unigrams, a: arms, control (2 each), then missile (alphabetical among the 1s)
    assert st.tops_["unigrams"]["a"] == ["arms", "control", "missile"]
    # shared: {missile} -> Jaccard 1 / 5
    assert st.shared_.loc["a", "unigrams"] == 1
    assert st.jaccard_.loc["a", "unigrams"] == pytest.approx(1 / 5)
    assert st.jaccard_["main"].tolist() == [1.0, 1.0]
    assert st.robust_["a"] == ["missile"]


def test_default_settings_cover_the_three_choices():
    assert len(SETTINGS) == 8
    assert {tuple(sorted(p.items())) for p in SETTINGS.values()} == {
        (("ngram_range", ng), ("stem", st), ("sublinear_tf", sub))
        for sub in (True, False) for st in (True, False) for ng in ((1, 2), (1, 1))}


def test_fit_tokens_accepts_tokens_without_stems():
    from analysis.features.terms import encode_documents
    docs = pd.Series({"a": ["Arms control talks."], "b": ["Energy talks."]})
    unstemmed = DistinctiveTerms().fit_tokens(docs.index, encode_documents(list(docs), stems=False))
    reference = DistinctiveTerms().fit(docs)
    assert list(unstemmed.terms_) == list(reference.terms_)
    assert unstemmed.display("energi") == reference.display("energi") == "energy"
