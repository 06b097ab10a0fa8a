"""Names merged, IDF levels, leaving one source out and shuffled texts (analysis.methods.vocabulary_checks)."""
import math

import numpy as np
import pandas as pd
import pytest

from analysis.corpus.load import load_corpus
from analysis.features.terms import tokenize_documents
from analysis.methods.vocabulary import DistinctiveTerms, source_sentences
from analysis.methods.vocabulary_checks import (
    DendrogramTest,
    LeaveOneOut,
    distance_stats,
    idf_levels,
    name_variants,
    shuffle_words,
    subset,
)


@pytest.fixture(scope="module")
def corpus_sentences():
    return source_sentences(load_corpus())


def test_name_variants_count_each_spelling_per_source():
    sentences = pd.Series({"a": ["The United States (US) and the US.", "America and Latin America."],
                           "b": ["The Russian Federation, Russia's NATO and the Northern Alliance."]})
    found = name_variants(sentences)
    seen = found[found["count"] > 0].set_index(["source_id", "variant"])["count"].to_dict()
    # "United States (US)" is one mention; "Latin America" is not the country
    assert seen == {("a", "United States"): 1, ("a", "US"): 1, ("a", "America"): 1,
                    ("b", "Russian Federation"): 1, ("b", "Russia"): 1, ("b", "NATO"): 1,
                    ("b", "Northern Alliance"): 1}
    # a row for every source and variant
    assert len(found) == 2 * found.variant.nunique()


def test_idf_takes_one_value_per_document_frequency():
    docs = pd.Series({"a": "Arms gas oil.", "b": "Gas oil.", "c": "Oil."})
    model = DistinctiveTerms(ngram_range=(1, 1)).fit(docs)
    levels = idf_levels(model)
    # n = 3: idf(df) = ln(4 / (1 + df)) + 1; arm df 1, gas df 2, oil df 3
    assert levels.df.tolist() == [1, 2, 3]
    assert levels.idf.tolist() == pytest.approx([math.log(2) + 1, math.log(4 / 3) + 1, 1.0])
    assert levels.terms.tolist() == [1, 1, 1]
    assert sorted(set(np.round(model.idf_, 9))) == sorted(np.round(levels.idf, 9))
    unsmoothed = idf_levels(DistinctiveTerms(ngram_range=(1, 1), smooth_idf=False).fit(docs))
    assert unsmoothed.idf.tolist() == pytest.approx([math.log(3) + 1, math.log(1.5) + 1, 1.0])


def test_subset_keeps_the_chosen_documents():
    tokens = tokenize_documents([["Arms talks."], ["Gas."], ["Oil prices.", "More oil."]])
    part = subset(tokens, [2, 0])
    assert part.sentences(0) == [["oil", "prices"], ["more", "oil"]]
    assert part.sentences(1) == [["arms", "talks"]]
    assert part.n_tokens == 6


def test_leave_one_out_by_hand():
    # "talk" is in a and b only: with c present it is not ubiquitous, so a lists it; without c,
    # a and b are the corpus and every source uses "talk", so it is no longer listed: c drives it
    docs = pd.Series({"a": "Arms arms talks.", "b": "Gas talks.", "c": "Oil."})
    loo = LeaveOneOut(n=2, ngram_range=(1, 1)).fit(docs)
    a = loo.table_[loo.table_.source_id == "a"]
    assert a.term.tolist() == ["arm", "talk"]
    assert a.survives.tolist() == [True, False]
    assert a.dropped_by.tolist() == [[], ["c"]]
    assert loo.runs_["c"]["a"] == ["arm"]
    assert loo.survivors()["a"] == ["arms"]
    with pytest.raises(ValueError, match="at least 3 sources"):
        LeaveOneOut().fit(docs.iloc[:2])


def test_shuffled_words_keep_sentences_and_lengths():
    tokens = tokenize_documents([["Arms talks resumed.", "Gas."], ["Oil prices rose sharply."]])
    shuffled = shuffle_words(tokens, np.random.default_rng(1))
    assert [[len(s) for s in shuffled.sentences(d)] for d in range(2)] == [[3, 1], [4]]
    assert sorted(shuffled.ids.tolist()) == sorted(tokens.ids.tolist())
    assert shuffled.ids.tolist() != tokens.ids.tolist()


def test_distance_stats_by_hand():
    sim = pd.DataFrame([[1, .1, .2], [.1, 1, .4], [.2, .4, 1]], index=list("abc"), columns=list("abc"))
    stats = distance_stats(sim)
    assert stats == pytest.approx({"mean": (0.9 + 0.8 + 0.6) / 3, "lowest": 0.6, "highest": 0.9, "spread": 0.3})


def test_dendrogram_test_on_texts_with_and_without_structure():
    # two pairs of near-identical texts: far more structure than shuffled words give
    twins = pd.Series({"a": "Arms control treaty. Arms control talks.", "b": "Arms control treaty. Arms talks.",
                       "c": "Gas prices pipeline. Gas pipeline deal.", "d": "Gas prices pipeline. Gas deal."})
    test = DendrogramTest(n_permutations=50, ngram_range=(1, 1)).fit(twins)
    assert test.p_spread_ < 0.05
    assert sorted(map(sorted, test.split_)) == [["a", "b"], ["c", "d"]]
    assert test.pairs_.set_index(["a", "b"]).loc[("a", "b"), "p_closer"] < 0.05
    assert len(test.permuted_) == 50 and 0 <= test.same_split_ < 0.5
    # p-values follow (1 + #{T_perm >= t}) / (1 + R)
    expected = (1 + (test.permuted_.spread >= test.observed_["spread"]).sum()) / 51
    assert test.p_spread_ == pytest.approx(expected)
    # the same seed gives the same shuffles
    again = DendrogramTest(n_permutations=50, ngram_range=(1, 1)).fit(twins)
    assert again.permuted_.equals(test.permuted_)
    with pytest.raises(ValueError, match="3 or more"):
        DendrogramTest().fit(twins.iloc[:2])
    with pytest.raises(ValueError, match="at least 1"):
        DendrogramTest(n_permutations=0)


def test_dendrogram_test_on_the_corpus_finds_no_structure(corpus_sentences):
    test = DendrogramTest(n_permutations=40).fit(corpus_sentences)
    # the distances span less than a tenth; shuffled texts spread as widely
    assert 0.7 < test.observed_["lowest"] < test.observed_["highest"] < 0.95
    assert test.observed_["spread"] < 0.15
    assert test.p_spread_ > 0.05
