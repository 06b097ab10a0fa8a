"""Tests for analysis.methods.topic_robustness: agreement of two labellings against chance."""
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, cohen_kappa_score

from analysis.methods.topic_robustness import (
    UNMATCHED,
    agreement_by_k,
    chance_agreement,
    cohen_kappa,
    dominant_agreement,
    dominant_labels,
    label_agreement,
    permutation_agreement,
)


def test_chance_agreement_by_hand():
    # a: 6 x "0", 2 x "1", 2 x "2"; b: 4 x "0", 4 x "1", 2 x "3"
    a = [0] * 6 + [1] * 2 + [2] * 2
    b = [0] * 4 + [1] * 4 + [3] * 2
    # p_e = 0.6 * 0.4 + 0.2 * 0.4 + 0.2 * 0 = 0.32; "3" is used by b only
    assert chance_agreement(a, b) == pytest.approx(0.32)
    # positions 0-3 agree on 0, 6-7 agree on 1: p_o = 0.6
    assert label_agreement(a, b) == pytest.approx(0.6)
    # kappa = (0.6 - 0.32) / (1 - 0.32) = 0.28 / 0.68
    assert cohen_kappa(a, b) == pytest.approx(0.28 / 0.68)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_uniform_labels_give_one_over_k():
    a = [0, 1, 2, 3, 4, 5] * 5
    b = [3, 1, 5, 0, 2, 4] * 5
    assert chance_agreement(a, b) == pytest.approx(1 / 6)
    assert label_agreement(a, b) == pytest.approx(1 / 6)      # position 1 of each block
    assert cohen_kappa(a, b) == pytest.approx(0.0)
    assert cohen_kappa(a, a) == pytest.approx(1.0)


def test_permutation_mean_is_the_chance_level_and_perfect_agreement_is_rare():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 4, 40)
    sims = permutation_agreement(a, a, n_permutations=4000, random_state=3)
    assert sims.mean() == pytest.approx(chance_agreement(a, a), abs=0.01)
    assert (sims >= 1.0).sum() == 0
    same = permutation_agreement(a, a, n_permutations=50, random_state=3)
    assert np.array_equal(same, sims[:50])              # the seed fixes the shuffles


def test_bad_labellings_fail_with_one_clear_error():
    with pytest.raises(ValueError, match="equal length"):
        label_agreement([0, 1], [0])
    with pytest.raises(ValueError, match="empty"):
        chance_agreement([], [])
    with pytest.raises(ValueError, match="n_permutations"):
        permutation_agreement([0, 1], [1, 0], n_permutations=0)


def _model(top_terms, dominant, k=None):
    k = k or len(top_terms)
    doc_topic = np.full((len(dominant), k), 0.1 / max(k - 1, 1))
    doc_topic[np.arange(len(dominant)), dominant] = 0.9
    return SimpleNamespace(top_terms_=top_terms, doc_topic_=doc_topic, n_topics=k)


def test_dominant_agreement_maps_topics_by_their_words():
    a = _model([["x", "y"], ["p", "q"], ["u", "v"]], [0, 0, 0, 1, 1, 2, 2, 2])
    # b's topics are a's in another order (b0 = a1, b1 = a2), and b2 shares no word with a's third topic
    b = _model([["p", "q"], ["u", "v"], ["m", "n"]], [2, 2, 1, 0, 0, 1, 1, 2])
    dom_a, dom_b = dominant_labels(a, b)
    assert dom_a.tolist() == [0, 0, 0, 1, 1, 2, 2, 2]
    assert dom_b.tolist() == [UNMATCHED, UNMATCHED, 2, 1, 1, 2, 2, UNMATCHED]
    result = dominant_agreement(a, b, n_permutations=500, random_state=0)
    # p_o: positions 3, 4, 5, 6 agree = 4/8; p_e = (2/8)(2/8) + (3/8)(3/8) = 13/64
    assert result["observed"] == pytest.approx(0.5)
    assert result["chance"] == pytest.approx(13 / 64)
    assert result["uniform"] == pytest.approx(1 / 3)
    assert result["kappa"] == pytest.approx((0.5 - 13 / 64) / (1 - 13 / 64))
    assert result["adjusted Rand"] == pytest.approx(adjusted_rand_score(dom_a, [2, 2, 1, 0, 0, 1, 1, 2]))
    assert result["shuffled mean"] == pytest.approx(13 / 64, abs=0.03)
    assert 0 < result["p-value"] < 0.2 and result["segments"] == 8


def test_agreement_by_k_has_one_row_per_k():
    models = {("nmf", 2): _model([["a"], ["b"]], [0, 0, 1, 1]), ("lda", 2): _model([["b"], ["a"]], [1, 1, 0, 0]),
              ("nmf", 3): _model([["a"], ["b"], ["c"]], [0, 1, 2, 2]),
              ("lda", 3): _model([["a"], ["b"], ["c"]], [2, 1, 0, 0])}
    sweep = SimpleNamespace(k_values_=[2, 3], fit_one=lambda m, k: models[(m, k)])
    table = agreement_by_k(sweep, n_permutations=20)
    assert table["k"].tolist() == [2, 3]
    assert table["observed"].tolist() == [1.0, 0.25]
    assert table["kappa"].iloc[0] == pytest.approx(1.0)
