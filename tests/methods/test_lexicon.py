"""Theme counts per 1,000 words and tone on known texts."""
import math

import pandas as pd
import pytest

from analysis.methods import lexicon

TEXT = ("After the terrorist attacks NATO and Russia agreed to cooperate. "
        "NATO enlargement and the war in Iraq strained the partnership with Moscow.")


def test_theme_counts_per_thousand_words():
    # 10 + 12 = 22 words: terrorist(1) -> terrorism; NATO x2; Iraq x1; partnership x1
    counts = lexicon.theme_counts(pd.Series({"t": TEXT}))
    assert counts.loc["t", "words"] == 22
    assert counts.loc["t", "terrorism"] == 1
    assert counts.loc["t", "NATO"] == 2
    assert counts.loc["t", "Iraq"] == 1
    assert counts.loc["t", "partnership"] == 1
    rates = lexicon.theme_rates(pd.Series({"t": TEXT}))
    assert rates.loc["t", "NATO"] == pytest.approx(1000 * 2 / 22)
    assert rates.loc["t", "China"] == 0


def test_patterns_respect_word_boundaries():
    assert lexicon.count_matches("Gasoline and natoism, but gas and NATO.", lexicon.THEMES["energy"]) == 1
    assert lexicon.count_matches("Gasoline and natoism, but gas and NATO.", lexicon.THEMES["NATO"]) == 1


def test_cooperation_and_confrontation():
    # coop: agreed, cooperate, partnership = 3; conf: attacks, war, strained = 3
    assert lexicon.count_matches(TEXT, lexicon.COOPERATION) == 3
    assert lexicon.count_matches(TEXT, lexicon.CONFRONTATION) == 3
    assert lexicon.coop_balance(3, 1) == 0.5
    assert math.isnan(lexicon.coop_balance(0, 0))


def test_tone_table_by_hand():
    s = lexicon.sentence_tone(pd.DataFrame({
        "source_id": ["a", "a", "b"],
        "text": ["Dialogue and trust.", "A threat of war and sanctions.", "Nothing here."]}))
    t = lexicon.tone_table(s)
    # a: 9 words; coop 2 (dialogue, trust), conf 3 (threat, war, sanctions)
    assert t.loc["a", "coop"] == 2 and t.loc["a", "conf"] == 3
    assert t.loc["a", "coop per 1,000"] == pytest.approx(round(1000 * 2 / 9, 3))
    assert t.loc["a", "balance"] == pytest.approx(-0.2)
    assert math.isnan(t.loc["b", "balance"])
    assert t.loc["a", "VADER mean"] == pytest.approx(round(s[s.source_id == "a"]["vader"].mean(), 3))


def test_tone_examples_ends():
    s = lexicon.sentence_tone(pd.DataFrame({"source_id": ["a"] * 3,
                                            "text": ["A wonderful friendship.", "It rained.", "A horrible war."]}))
    ex = lexicon.tone_examples(s, {"a": "A"}, n=1)
    assert ex["sentence"].tolist() == ["A wonderful friendship.", "A horrible war."]
