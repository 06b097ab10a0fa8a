"""Sentences, names, tokens, stems and surface forms (analysis/corpus/text.py)."""
import random

import pytest
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

from analysis import config
from analysis.corpus import text as segment
from analysis.corpus.load import load_corpus
from analysis.corpus.text import (
    NAMES,
    SurfaceForms,
    content_tokens,
    name_mentions,
    normalise_names,
    split_sentences,
    stem,
    stem_tokens,
    token_spans,
    tokenize,
)


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
    assert tokenize("The US and the U.S. told us: Europe’s “margin of safety”.") == [
        "the", "u.s.", "and", "the", "u.s.", "told", "us", "europe's", "margin", "of", "safety"]


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize(("text", "tokens"), [
    # the United States, however it is written, is one token; the pronoun stays
    ("The United States, the U.S., the US and the USA told us.",
     ["the", "u.s.", "the", "u.s.", "the", "u.s.", "and", "the", "u.s.", "told", "us"]),
    ("United States of America; U.S.A.; America’s role", ["u.s.", "u.s.", "u.s.", "role"]),
    # a long form with its abbreviation in brackets is one mention
    ("the United States (US) and the North Atlantic Treaty Organization (NATO)",
     ["the", "u.s.", "and", "the", "nato"]),
    # America the country only: not Latin/North/South/Central America, American, the Americas
    ("Latin America, North America, American troops, the Americas, and America",
     ["latin", "america", "north", "america", "american", "troops", "the", "americas", "and", "u.s."]),
    # Russia; "Russian" (the adjective) stays
    ("The Russian Federation's and Russia's Russian policy", ["the", "russia", "and", "russia", "russian", "policy"]),
    ("the Soviet Union, the USSR, the U.S.S.R. and U.S.-Soviet trade",
     ["the", "ussr", "the", "ussr", "the", "ussr", "and", "u.s.", "soviet", "trade"]),
    # a name inside a hyphenated compound counts as the name
    ("US-Russian ties and the Russia-NATO council", ["u.s.", "russian", "ties", "and", "the", "russia", "nato",
                                                     "council"]),
    # the party is not the country
    ("the United Russia party rules Russia", ["the", "united-russia", "party", "rules", "russia"]),
    # the Afghan coalition is kept apart from any other alliance
    ("the Northern Alliance and a strategic alliance", ["the", "northern-alliance", "and", "a", "strategic",
                                                        "alliance"]),
    # no name: nothing changes
    ("Let us talk about northern states", ["let", "us", "talk", "about", "northern", "states"]),
])
def test_names_become_one_token(text, tokens):
    assert tokenize(text) == tokens
    assert [tok for tok, _, _ in token_spans(text)] == tokens
    assert segment.tokenize_document([text]) == [*tokens, segment.SENTENCE_BREAK]


def test_name_mentions_and_their_spans():
    text = "The United States (US) and Russia’s NATO policy; Latin America"
    found = name_mentions(text)
    assert [(tok, variant, text[a:b]) for tok, variant, a, b in found] == [
        ("u.s.", "United States", "United States (US)"), ("russia", "Russia", "Russia’s"), ("nato", "NATO", "NATO")]
    assert normalise_names("no names here") == "no names here"


def test_every_variant_is_found_as_written():
    written = {"United States of America": "u.s.", "United States": "u.s.", "U.S.A. / USA": "u.s.",
               "U.S.": "u.s.", "US": "u.s.", "America": "u.s.", "Russian Federation": "russia",
               "United Russia (the party)": "united-russia", "Russia": "russia", "Union of Soviet Socialist Republics": "ussr", "Soviet Union": "ussr",
               "USSR": "ussr", "North Atlantic Treaty Organization": "nato", "NATO": "nato",
               "Northern Alliance": "northern-alliance"}
    assert {variant: token for token, variant, _ in NAMES} == written
    for variant, token in written.items():
        example = variant.split(" / ")[-1].removesuffix(" (the party)")
        assert name_mentions(f"the {example} said") == [(token, variant, 4, 4 + len(example))], variant


def test_names_never_cross_a_sentence_end():
    # "United" ends one sentence and "States" starts the next: two words, in both paths
    sentences = ["They stood United", "States differ."]
    expected = ["they", "stood", "united", "\n", "states", "differ", "\n"]
    assert segment.tokenize_document(sentences) == expected
    assert [tok for s in sentences for tok in (*tokenize(s), "\n")] == expected


def test_corpus_spells_no_country_as_two_words(real):
    tokens = [tok for text in real.sentences.text for tok in tokenize(text)]
    pairs = set(zip(tokens, tokens[1:]))
    for pair in [("united", "states"), ("russian", "federation"), ("soviet", "union"), ("northern", "alliance"),
                 ("united", "russia"), ("north", "atlantic")]:
        assert pair not in pairs
    # "united" is left only in "United Nations" and as the verb ("united by common goals")
    assert {b for a, b in pairs if a == "united"} == {"nations", "by"}
    assert "russia" in tokens and "russian" in tokens and "united-russia" in tokens


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


# --------------------------------------------------------------------------- same output as NLTK, faster

@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def _punkt(text):
    return [s.strip() for s in PunktSentenceTokenizer(segment._PARAMS).tokenize(text) if s.strip()]


def test_tokenize_equals_nltk_regexp_tokenizer(real):
    def reference(text):
        return RegexpTokenizer(segment.WORD_PATTERN).tokenize(normalise_names(text).lower())

    samples = list(real.sentences.text) + ["Ünïcödé words, ² and ½, naïve café’s U.S.-made", "US’ role; ‘quoted’"]
    assert [segment.tokenize(s) for s in samples] == [reference(s) for s in samples]


@pytest.mark.parametrize("extra", [[], ["Ünïcödé words, ² and ½, naïve café’s U.S.-made"], ["two\nlines, one US sentence"]])
def test_tokenize_document_equals_tokenize_each(real, extra):
    for _, group in real.sentences.groupby("source_id"):
        sentences = list(group.text) + extra + ["US’ role; ‘quoted’", "US", "", "U.S.", "United", "States",
                                                "Latin America’s", "the North Atlantic Treaty Organization (NATO)"]
        expected = [tok for s in sentences for tok in (*segment.tokenize(s), segment.SENTENCE_BREAK)]
        assert segment.tokenize_document(sentences) == expected
    assert segment.tokenize_document([]) == []


def test_token_spans_give_the_tokens_of_tokenize(real):
    samples = list(real.sentences.text) + ["Ünïcödé words, ² and ½, naïve café’s U.S.-made", "US’ role; ‘quoted’"]
    for text in samples:
        spans = token_spans(text)
        assert [tok for tok, _, _ in spans] == tokenize(text)
        names = {(a, b) for _, _, a, b in name_mentions(text)}
        # each span is a name as written, or the token's own letters
        for tok, a, b in spans:
            assert (a, b) in names or text[a:b].replace("’", "'").lower() == tok, (text, tok)


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


def test_written_words_merge_no_name(real):
    assert segment.written_words("The United States, the US and Russia’s NATO") == [
        "the", "united", "states", "the", "u.s.", "and", "russia's", "nato"]
    # without names to merge, the two tokenisers agree
    for text in real.sentences.text:
        if not name_mentions(text):
            assert segment.written_words(text) == tokenize(text)
