"""Cleaning raw texts down to the authors' prose (analysis/clean.py)."""
import re

import pytest

from analysis import config
from analysis.corpus.catalog import load_catalog
from analysis.corpus.clean import _squash, clean_text, normalise_for_match, word_count

SEEDS = config.ROOT / "seeds"
CATALOG = load_catalog(SEEDS / "catalog.yaml")


def _clean(sid):
    row = CATALOG.loc[sid]
    raw = (SEEDS / row["file"]).read_text(encoding="utf-8")
    return raw, clean_text(raw, title=row["title"], author=row["author"], outlet=row["outlet"])


RESULTS = {sid: _clean(sid) for sid in CATALOG.index}

#: Site furniture named in the project's brief: none of it may survive cleaning.
FURNITURE = [
    "Rate this article", "votes:", "(5 votes)", "Share this article", "Читать на русском",
    "Poll conducted", "U.S. wants to dissolve Russia", "For business", "For researchers",
    "Your Header Sidebar area", "Find a Security Clearance Job", "Join the mailing list",
    "Russia - Hungary Relations", "Shanghai Cooperation Org.", "Blog >", "](#)", "**", "[[",
    "Editor's Note", "Igor Ivanov", "Siberian Light",
]

#: Clean word counts made by hand: `wc -w` over the line ranges of the raw file that hold the
#: author's prose, minus words of furniture inside those lines.
#:   kuzio-2001: lines 7-40 = 1223 words, minus two archive links of 8 words each -> 1207
#:   ponars-2003: the whole file (no furniture) = 2267 (wc also counts the 5 bullet marks)
#:   siberianlight-2004: lines 6-50 = 1092
#:   globalsecurity-2016: lines 65-126 = 2752
#:   ivanov-2020: lines 22-60 (the article after its repeated teaser) = 871
HAND_COUNTS = {"kuzio-2001": 1207, "ponars-2003": 2267, "siberianlight-2004": 1092,
               "globalsecurity-2016": 2752, "ivanov-2020": 871}


@pytest.mark.parametrize("sid", list(CATALOG.index))
def test_furniture_is_gone(sid):
    text = RESULTS[sid][1].text
    for piece in FURNITURE:
        assert piece not in text, (sid, piece)


@pytest.mark.parametrize("sid", list(CATALOG.index))
def test_every_cleaned_paragraph_occurs_in_the_raw_text(sid):
    raw, result = RESULTS[sid]
    haystack = normalise_for_match(raw)
    for para in result.paragraphs:
        assert normalise_for_match(para.text) in haystack, para.text[:60]


@pytest.mark.parametrize("sid", list(CATALOG.index))
def test_paragraphs_keep_the_raw_order(sid):
    raw, result = RESULTS[sid]
    haystack, position = normalise_for_match(raw), -1
    # the last occurrence is kept for repeated paragraphs, so search from the right
    for para in result.paragraphs:
        found = haystack.rfind(normalise_for_match(para.text))
        assert found > position, para.text[:60]
        position = found


@pytest.mark.parametrize("sid", list(CATALOG.index))
def test_no_paragraph_occurs_twice(sid):
    texts = [p.text for p in RESULTS[sid][1].paragraphs]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("sid", list(CATALOG.index))
def test_clean_word_counts_match_hand_counts(sid):
    words = sum(word_count(p.text) for p in RESULTS[sid][1].paragraphs)
    assert abs(words - HAND_COUNTS[sid]) <= 0.02 * HAND_COUNTS[sid], (words, HAND_COUNTS[sid])


def test_editor_note_and_byline_are_kept_as_metadata():
    kuzio = RESULTS["kuzio-2001"][1]
    assert kuzio.metadata["editor_note"].startswith("Editor's Note: Taras Kuzio is a research associate")
    assert "12 November 2001" in kuzio.metadata["title"]
    ivanov = RESULTS["ivanov-2020"][1]
    assert ivanov.metadata["author_note"].startswith("President of the Russian International Affairs Council")


def test_hard_wrapped_lines_are_joined():
    paras = [p.text for p in RESULTS["ponars-2003"][1].paragraphs]
    assert paras[0].startswith("U.S.-Russian relations today can be characterized best as pragmatic. "
                               "But this pragmatism is a very specific one.")
    assert any("the anti-terrorism campaign after September 11, 2001" in p for p in paras)
    assert not any("\n" in p or "  " in p for p in paras)


def test_page_breaks_inside_a_sentence_are_joined():
    paras = [p.text for p in RESULTS["kuzio-2001"][1].paragraphs]
    assert any("in terms of institutions, personnel and outlook." in p for p in paras)
    assert any("Washington is especially concerned" in p for p in paras)


def test_headings_are_marked():
    headings = [p.text for p in RESULTS["ponars-2003"][1].paragraphs if p.kind == "heading"]
    assert headings == ["Russia’s Potential to be a Valuable and Coveted Partner",
                        "Signs of Moscow’s Pragmatic Approach to the United States",
                        "U.S. Potential to be a Pragmatic Partner"]
    blog = [p.text for p in RESULTS["siberianlight-2004"][1].paragraphs if p.kind == "heading"]
    assert "‘Rogue’ states" in blog and "The War on Terror" in blog


def test_repeated_paragraphs_keep_the_article_order():
    result = RESULTS["ivanov-2020"][1]
    paras = [p.text for p in result.paragraphs]
    assert paras[0].startswith("The Russian media has been overwhelmed")
    assert paras[2].startswith("Obviously, these lines of reasoning")
    assert paras[-1].startswith("It is in Russia's interests to maintain active cooperation")
    assert sum(r.rule == "repeated_paragraph" for r in result.removed) == 6


def test_markdown_residue_is_removed_but_its_words_kept():
    paras = " ".join(p.text for p in RESULTS["kuzio-2001"][1].paragraphs)
    assert "in an October 15 interview in Izvestia" in paras
    assert "as a fait accompli, to be ratified" in paras
    assert "Eurasia Insight archive" not in paras
    assert not re.search(r"\.\.", paras.replace("...", ""))


def test_every_removal_names_its_rule():
    rules = {r.rule for _, res in RESULTS.values() for r in res.removed}
    assert rules <= {"site_furniture", "reader_poll", "navigation", "title", "byline",
                     "editor_note", "archive_link", "markdown", "hard_wrap", "repeated_paragraph"}


def test_cleaning_is_deterministic():
    raw, first = RESULTS["globalsecurity-2016"]
    row = CATALOG.loc["globalsecurity-2016"]
    again = clean_text(raw, title=row["title"], author=row["author"], outlet=row["outlet"])
    assert [p.text for p in again.paragraphs] == [p.text for p in first.paragraphs]


@pytest.mark.parametrize("text", ["", "  ", "a b", "--", "-- a", "a--b c", "x\u00a0y\u2003z", "_ __",
                                  "² ½", "e\u0301 !", "U.S.-Russian ties – 2 steps", " lead", "trail ",
                                  "tab\there", "line\nbreak", "two  spaces", "plain words"])
def test_word_count_and_squash_equal_their_definitions(text):
    assert word_count(text) == sum(1 for w in text.split() if re.search(r"\w", w))
    assert _squash(text) == re.sub(r"\s+", " ", text).strip()
