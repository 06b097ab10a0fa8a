"""Theme counts per 1,000 words and tone on known texts."""
import math

import pandas as pd
import pytest

from analysis.methods import lexicon
from analysis.report import contrast_tables

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
    # coop: agreed, cooperate, partnership = 3; conf: war, strained = 2 ("terrorist attacks" is not a
    # conflict between the two sides)
    assert lexicon.count_matches(TEXT, lexicon.COOPERATION) == 3
    assert lexicon.count_matches(TEXT, lexicon.CONFRONTATION) == 2
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
    ex = contrast_tables.tone_examples(s, {"a": "A"}, n=1)
    assert ex["sentence"].tolist() == ["A wonderful friendship.", "A horrible war."]


@pytest.mark.parametrize("text,patterns,expected", [
    ("Russia was determined to act; relations deteriorated.", "CONFRONTATION", 0),
    ("Nuclear deterrence deters, and Moscow was deterred.", "CONFRONTATION", 3),
    ("A pragmatic relationship and this pragmatism.", "COOPERATION", 0),
    ("The War on Terror and the war against terrorism.", "CONFRONTATION", 0),
    ("The war in Iraq and two wars.", "CONFRONTATION", 2),
    ("After the terrorist attacks, an attack on Iraq.", "CONFRONTATION", 1),
    ("The Northern Alliance and the strategic alliance.", "COOPERATION", 1),
    ("The Shanghai Cooperation Organization and the Shanghai Co-operation Organisation.", "COOPERATION", 0),
    ("A common enemy; the enemy of Russia.", "COOPERATION", 1),
    ("A common enemy; the enemy of Russia.", "CONFRONTATION", 1),
    ("The public agrees; they agreed on an agreement.", "COOPERATION", 2),
])
def test_fixed_patterns(text, patterns, expected):
    assert lexicon.count_matches(text, getattr(lexicon, patterns)) == expected


def test_fixed_theme_patterns():
    themes = lexicon.THEMES
    assert lexicon.count_matches("The anti-terrorist campaign and the anti-Taliban force.", themes["terrorism"]) == 2
    assert lexicon.count_matches("The Northern Alliance; a new alliance.", themes["partnership"]) == 1
    assert lexicon.count_matches("Democrats, democracy and democratic rule.", themes["democracy"]) == 2
    assert lexicon.count_matches("A great-power status and the balance of power.", themes["multipolar order"]) == 2


def test_cohen_kappa_by_hand():
    # 2 x 2: p_o = 8/10; coder a says yes 5 times, b 5 times: p_e = 0.5 * 0.5 + 0.5 * 0.5 = 0.5
    a = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 1, 0, 1, 0, 0, 0, 0]
    assert lexicon.cohen_kappa(a, b) == pytest.approx((0.8 - 0.5) / 0.5)
    # three categories: p_o = 4/6; shares a (x 1/2, y 1/3, z 1/6), b (x 1/3, y 1/3, z 1/3)
    # p_e = 1/6 + 1/9 + 1/18 = 1/3; kappa = (2/3 - 1/3) / (2/3) = 0.5
    assert lexicon.cohen_kappa("xxxyyz", "xxyyzz") == pytest.approx(0.5)
    assert math.isnan(lexicon.cohen_kappa("aaa", "aaa"))
    with pytest.raises(ValueError, match="different lengths"):
        lexicon.cohen_kappa("ab", "abc")


def test_precision_recall_and_reference():
    a = pd.DataFrame({"stance": ["cooperation", "neutral", "confrontation", "cooperation"],
                      "NATO": [True, False, True, False]}, index=["s1", "s2", "s3", "s4"])
    b = pd.DataFrame({"stance": ["cooperation", "neutral", "cooperation", "cooperation"],
                      "NATO": [True, False, True, True]}, index=a.index)
    ref = lexicon.reference_codes(a, b)
    assert ref["stance"].isna().tolist() == [False, False, True, False]
    assert ref["NATO"].isna().tolist() == [False, False, False, True]
    pred = pd.DataFrame({"stance": ["cooperation", "cooperation", "neutral", "neutral"],
                         "vader": ["cooperation"] * 4, "NATO": [True, True, False, False]}, index=a.index)
    table = lexicon.validation_table(pred, ref, ["NATO"]).set_index(["measure", "category"])
    # word lists, cooperation: 3 reference sentences (s1, s2, s4); predicted s1, s2; TP s1
    row = table.loc[("word lists", "cooperation")]
    assert (row["sentences"], row["predicted"], row["reference"], row["both"]) == (3, 2, 2, 1)
    assert row["precision"] == 0.5 and row["recall"] == 0.5
    # NATO: s4 left out (coders disagree); predicted s1, s2; reference s1, s3; TP s1
    row = table.loc[("theme list", "NATO")]
    assert (row["predicted"], row["reference"], row["both"]) == (2, 2, 1)
    assert row["F1"] == pytest.approx(0.5)


def test_list_codes_and_stances():
    codes = lexicon.list_codes(pd.Series({"x": "A threat and a crisis, despite the partnership.",
                                          "y": "It rained."}))
    assert codes.loc["x", ["stance", "coop", "conf", "partnership"]].tolist() == ["confrontation", 1, 2, True]
    assert codes.loc["y", "stance"] == "neutral" and codes.loc["y", "vader"] == "neutral"
    assert lexicon.vader_stance(0.05) == "cooperation" and lexicon.vader_stance(-0.04) == "neutral"


def write_coding(folder, b_rows):
    folder.mkdir()
    (folder / "sample.csv").write_text("sample_id,source_id,paragraph,sentence,text\n"
                                       "s001,a,1,1,NATO met.\ns002,a,1,2,It rained.\n", encoding="utf-8")
    (folder / "coder_a.csv").write_text("sample_id,stance,themes,speaker\n"
                                        "s001,cooperation,NATO,author\ns002,neutral,,author\n", encoding="utf-8")
    (folder / "coder_b.csv").write_text("sample_id,stance,themes,speaker\n" + b_rows, encoding="utf-8")
    (folder / "codebook.md").write_text("See s002 (a worked example) and s999.", encoding="utf-8")


def test_load_coding(tmp_path):
    write_coding(tmp_path / "coding", "s001,cooperation,NATO,quoted\ns002,neutral,,author\n")
    coding = lexicon.load_coding(tmp_path / "coding")
    assert list(coding.sample.index) == ["s001", "s002"] and coding.cited == ("s002",)
    assert coding.codes["A"].loc["s001", "NATO"] and not coding.codes["A"].loc["s002", "NATO"]
    agree = lexicon.agreement_table(coding.codes["A"], coding.codes["B"]).set_index("variable")
    assert agree.loc["stance", "kappa"] == 1.0 and agree.loc["speaker", "agreement"] == 0.5
    assert lexicon.load_coding(tmp_path / "nothing") is None


@pytest.mark.parametrize("rows,message", [
    ("s001,friendly,NATO,author\ns002,neutral,,author\n", "s001 has stance 'friendly'"),
    ("s001,neutral,Mars,author\ns002,neutral,,author\n", "s001 has unknown theme 'Mars'"),
    ("s001,neutral,,author\n", "no code for sample sentence s002"),
    ("s001,neutral,,author\ns001,neutral,,author\n", "s001 is coded twice"),
    ("s001,neutral,,narrator\ns002,neutral,,author\n", "s001 has speaker 'narrator'"),
])
def test_bad_coding_gets_one_clear_error(tmp_path, rows, message):
    write_coding(tmp_path / "coding", rows)
    with pytest.raises(lexicon.CodingError, match=message):
        lexicon.load_coding(tmp_path / "coding")


def test_book_sample_matches_the_corpus():
    from analysis.corpus.load import load_corpus
    coding = lexicon.load_coding()
    assert len(coding.sample) == 208 and set(coding.codes) == {"A", "B"}
    assert lexicon.sample_mismatches(coding.sample, load_corpus().sentences) == []
