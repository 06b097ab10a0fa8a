"""Text statistics (analysis/stats.py)."""
import math

import pytest

from analysis.corpus.load import load_corpus
from analysis.corpus.stats import flesch_reading_ease, mtld, syllables, text_statistics


def test_mtld_by_hand():
    # forward: a b a -> TTR 2/3 = 0.667 <= 0.72 closes a factor; then c d: TTR 1.0,
    # partial factor (1 - 1.0) / 0.28 = 0 -> 1 factor for 5 tokens = 5.0
    # backward: d c a b a: "d c a b" TTR 1.0, "d c a b a" TTR 0.8 -> partial (1-0.8)/0.28 = 0.714
    # -> 5 / 0.714 = 7.0; mean (5.0 + 7.0) / 2 = 6.0
    assert mtld(list("abacd")) == pytest.approx(6.0)


def test_mtld_is_robust_to_length():
    text = "the cat saw the dog and the dog saw a bird near the old tree by the river".split()
    assert mtld(text * 4) == pytest.approx(mtld(text * 8), rel=0.1)


def test_syllables_and_flesch_by_hand():
    assert [syllables(w) for w in ("cat", "table", "partnership", "Russia")] == [1, 2, 3, 2]
    # 2 sentences, 6 words, 6 syllables: 206.835 - 1.015 * 3 - 84.6 * 1 = 119.19
    value = flesch_reading_ease(["The cat sat.", "The dog ran."])
    assert value == pytest.approx(206.835 - 1.015 * 3 - 84.6 * 1)


def test_text_statistics_of_the_corpus():
    corpus = load_corpus()
    stats = text_statistics(corpus)
    assert list(stats.index) == corpus.ids
    assert (stats["words"] > 500).all()
    sentences = corpus.sentences.groupby("source_id").size()
    assert (stats["sentences"] == sentences.reindex(stats.index)).all()
    assert not stats.isna().any().any()
    assert all(math.isfinite(v) for v in stats["MTLD"])
