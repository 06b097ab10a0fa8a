"""Sentences, tokens, stems and surface forms (analysis/segment.py)."""
import random

import pytest
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

from analysis import config
from analysis.corpus import text as segment
from analysis.corpus.load import load_corpus
from analysis.corpus.text import SurfaceForms, content_tokens, split_sentences, stem, stem_tokens, tokenize


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


def test_memoised_stems_are_snowball_stems(real):
    # what the memo returns, first computed then read back, is NLTK's Snowball stem of every word
    words = sorted({t for s in real.sentences.text for t in segment.tokenize(s)})
    snowball = SnowballStemmer("english")
    expected = [w if "." in w else snowball.stem(w) for w in words]
    stem.cache_clear()
    assert stem_tokens(words) == expected and stem_tokens(words) == expected
    assert stem_tokens(["talks", "talked", "u.s.", "talks"]) == ["talk", "talk", "u.s.", "talk"]


# --------------------------------------------------------------------------- same output as NLTK, faster

@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def _punkt(text):
    return [s.strip() for s in PunktSentenceTokenizer(segment._PARAMS).tokenize(text) if s.strip()]


def test_tokenize_equals_nltk_regexp_tokenizer(real):
    def reference(text):
        text = segment._US.sub(" u.s. ", text.translate(segment._APOSTROPHE))
        return RegexpTokenizer(segment.WORD_PATTERN).tokenize(text.lower())

    samples = list(real.sentences.text) + ["Ünïcödé words, ² and ½, naïve café’s U.S.-made", "US’ role; ‘quoted’"]
    assert [segment.tokenize(s) for s in samples] == [reference(s) for s in samples]


@pytest.mark.parametrize("extra", [[], ["Ünïcödé words, ² and ½, naïve café’s U.S.-made"], ["two\nlines, one US sentence"]])
def test_tokenize_document_equals_tokenize_each(real, extra):
    for _, group in real.sentences.groupby("source_id"):
        sentences = list(group.text) + extra + ["US’ role; ‘quoted’", "US", "", "U.S."]
        expected = [tok for s in sentences for tok in (*segment.tokenize(s), segment.SENTENCE_BREAK)]
        assert segment.tokenize_document(sentences) == expected
    assert segment.tokenize_document([]) == []


def test_ascii_letters_are_the_same_in_both_engines():
    import regex
    letters = regex.compile(r"[^\W\d_]")
    assert [c for c in map(chr, range(128)) if letters.match(c)] == [
        c for c in map(chr, range(128)) if c.isascii() and c.isalpha()]


def test_split_sentences_equals_plain_punkt(real):
    for text in real.paragraphs.text:
        assert split_sentences(text) == _punkt(text)


@pytest.mark.parametrize("text", [
    "Mr. Smith went. He left.", "A. B. C. went home. Then", "It cost $5. Then 1990. The end.",
    "He said \"Go.\" Then left.", "(See above.) Next one.", "Wait... what? Yes! No.", "etc. and so on. E.g. this",
    "U.S. troops left. The U.S. Army stayed.", "End.)  Two  spaces.  ", "J. Bach wrote. It was good.",
    "x. y. z.", ". . . Then.", "--. Next.", "No. 5 was there. Yes.", "Done.\u201d Next.", "A\tb. C\nd. E",
])
def test_split_sentences_equals_plain_punkt_on_edge_cases(text):
    assert split_sentences(text) == _punkt(text)


def test_split_sentences_equals_plain_punkt_on_random_text():
    rng = random.Random(0)
    pieces = list("aAbBzZ19 .?!\"'()[]{};:,-\u2014\u2026\u2019\u201c\u201d\u00ab\u00bb*@&#") + [
        "Mr", "U.S", "St", "e.g", "Dr", "1990", "Word", "the", "J", "..", "--", ". . ."]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        assert split_sentences(text) == _punkt(text), text


def test_content_tokens_equal_the_token_loop(real):
    for text in real.sentences.text:
        expected = [t[:-2] if t.endswith("'s") else t for t in segment.tokenize(text)]
        expected = [t for t in expected if len(t) > 1 and t not in segment.STOP_WORDS]
        assert content_tokens(text) == expected


def test_surface_forms_keep_first_occurrence_order():
    forms = SurfaceForms().fit(["talks", "talked", "russia", "talks"])
    assert list(forms.counts_) == ["talk", "russia"]
    assert list(forms.counts_["talk"].items()) == [("talks", 2), ("talked", 1)]


def test_surface_forms_use_the_stems_they_are_given():
    forms = SurfaceForms().fit_counts({"talks": 2, "talked": 3}, {"talks": "talk", "talked": "talk"})
    assert forms.show("talk") == "talked"
