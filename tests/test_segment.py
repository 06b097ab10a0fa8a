"""Sentences, tokens, stems and surface forms (analysis/segment.py)."""
from analysis.corpus import load_corpus
from analysis.segment import (SurfaceForms, content_tokens, split_sentences, stem, stem_tokens,
                              tokenize)


def test_sentences_with_abbreviations_stay_whole():
    text = ("As Defense Minister Ivanov recently stated, the U.S. and Russia agree. Bush visited "
            "St. Petersburg (e.g., in 2003). Mr. Putin said so. According to G. Osipov, it works.")
    assert split_sentences(text) == [
        "As Defense Minister Ivanov recently stated, the U.S. and Russia agree.",
        "Bush visited St. Petersburg (e.g., in 2003).",
        "Mr. Putin said so.",
        "According to G. Osipov, it works.",
    ]


def test_corpus_sentences_containing_us_are_whole():
    corpus = load_corpus()
    with_us = corpus.sentences[corpus.sentences.text.str.contains("U.S.", regex=False)]
    assert len(with_us) > 20
    for sentence in with_us.text:
        assert not sentence.endswith("U.S."), sentence
        assert sentence[0].isupper() or sentence[0] in "“\"‘'(•", sentence


def test_tokenize_us_and_apostrophes():
    assert tokenize("The US and the U.S. told us: Russia’s “margin of safety”.") == [
        "the", "u.s.", "and", "the", "u.s.", "told", "us", "russia's", "margin", "of", "safety"]


def test_content_tokens_drop_stop_words_and_possessives():
    assert content_tokens("It is in Russia's interests to maintain cooperation.") == [
        "russia", "interests", "maintain", "cooperation"]


def test_stems_and_surface_forms():
    tokens = ["relations", "relations", "relation", "related", "partnership", "partnerships"]
    forms = SurfaceForms().fit(tokens)
    assert stem_tokens(["relations", "relation"]) == ["relat", "relat"]
    assert forms.show(stem("relations")) == "relations"
    # a tie breaks alphabetically
    assert forms.show(stem("partnership")) == "partnership"
    assert forms.show("relat partnership") == "relations partnership"
    assert forms.counts_["relat"]["relations"] == 2


def test_stemming_is_memoised():
    stem.cache_clear()
    stem_tokens(["talks"] * 1000)
    info = stem.cache_info()
    assert info.misses == 1 and info.hits == 999
