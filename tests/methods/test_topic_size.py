"""Tests for analysis.methods.topic_size: the corpus-size experiment."""
import numpy as np
import pytest

from analysis.methods import topic_size
from analysis.methods.topic_size import COLUMNS, size_curve, summarise_curve

SPORT = "football goal match team score league coach player stadium referee".split()
COOKING = "recipe oven bake flour sugar butter salt dough kitchen chef".split()


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))


def pool(n_per_theme=20):
    rng = np.random.default_rng(0)
    return [" ".join(rng.choice(vocab, 12)) for vocab in (SPORT, COOKING) for _ in range(n_per_theme)]


def test_planted_themes_agree_perfectly_at_every_size():
    curve = size_curve(pool(), (16, 30, 500), 2, repeats=2, seeds=(0, 1), max_df=1.0, n_top=5)
    assert list(curve.columns) == COLUMNS
    assert curve[["segments", "repeat"]].values.tolist() == [[16, 0], [16, 1], [30, 0], [30, 1]]  # 500 > pool
    assert (curve["kappa"] == 1.0).all() and (curve["adjusted Rand"] == 1.0).all()
    assert (curve["NMF stability"] == 1.0).all() and (curve["observed"] == 1.0).all()
    summary = summarise_curve(curve)
    assert summary["samples"].tolist() == [2, 2] and summary["kappa"].tolist() == [1.0, 1.0]


def test_the_experiment_is_cached_by_its_input(monkeypatch):
    calls = []
    real = topic_size.sample_measures
    monkeypatch.setattr(topic_size, "sample_measures", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    first = size_curve(pool(), (20,), 2, repeats=2, max_df=1.0)
    again = size_curve(pool(), (20,), 2, repeats=2, max_df=1.0)
    assert len(calls) == 2 and again.equals(first)
    size_curve(pool(), (20,), 2, repeats=1, max_df=1.0)              # other settings
    size_curve(pool()[:-1] + ["oven"], (20,), 2, repeats=1, max_df=1.0)  # another pool
    assert len(calls) == 4


def test_bad_sizes_fail_with_one_clear_error():
    with pytest.raises(ValueError, match="at most 40 segments"):
        size_curve(pool(), (100,), 2)
    with pytest.raises(ValueError, match="two seeds"):
        size_curve(pool(), (20,), 2, seeds=(0,))
    with pytest.raises(ValueError, match="no address from 3000"):
        topic_size.sotu_texts(3000)
