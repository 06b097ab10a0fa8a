"""The term explorer's data, page fragment and static figure."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.methods import contrast
from analysis.report import explorer

SENTENCES = pd.DataFrame({
    "source_id": ["a", "a", "b", "b"],
    "para": [1, 2, 1, 1],
    "text": ["Sanctions hurt the economy.", "New sanctions followed sanctions.",
             "Dialogue resumed.", "The dialogue on arms continued."],
})
LABELS = {"a": "A 2001", "b": "B 2020"}


@pytest.fixture(scope="module")
def parts():
    texts = SENTENCES.groupby("source_id")["text"].apply(" ".join)
    counts = contrast.count_matrix(texts)
    result = contrast.log_odds(counts, ["a"], prior_scale=2)
    terms = explorer.explorer_terms(counts, {"a vs b": result, "extra": result.assign(other=1)}, LABELS)
    contexts = explorer.explorer_contexts(SENTENCES, terms.index, LABELS, window=2,
                                          anchor=lambda sid, para: f"texts/{sid}.html#{sid}-p{para}")
    return counts, terms, contexts


def test_terms_hold_counts_per_source_and_z(parts):
    counts, terms, _ = parts
    # "sanction" occurs 3 times, all in a; "dialogu" twice, all in b
    assert terms.loc["sanction", ["freq", "A 2001", "B 2020"]].tolist() == [3, 3, 0]
    assert terms.loc["dialogu", ["freq", "A 2001", "B 2020"]].tolist() == [2, 0, 2]
    assert terms.index[0] == "sanction"          # most frequent first
    assert terms.loc["sanction", "z: a vs b"] > 0 > terms.loc["dialogu", "z: a vs b"]
    assert list(terms.columns[-2:]) == ["z: a vs b", "z: extra"]


def test_contexts_cover_every_occurrence_with_paragraph_links(parts):
    _, terms, contexts = parts
    lines = contexts[contexts["term"] == "sanction"]
    assert lines[["para", "match"]].values.tolist() == [[1, "Sanctions"], [2, "sanctions"], [2, "sanctions."]]
    assert lines["hits"].tolist() == [3, 3, 3]
    assert lines.iloc[1]["left"] == "economy. New"   # the context runs across the sentence end
    assert lines.iloc[0]["href"] == "texts/a.html#a-p1"
    # every term's lines add up to its count in the corpus
    hits = contexts.drop_duplicates(["term", "source_id"]).groupby("term")["hits"].sum()
    assert hits.reindex(terms.index).tolist() == terms["freq"].tolist()


def test_max_lines_keeps_the_first_lines_and_the_count():
    out = explorer.explorer_contexts(SENTENCES, ["sanction"], LABELS, max_lines=1, anchor=lambda s, p: None)
    assert out[["para", "hits"]].values.tolist() == [[1, 3]]


def test_text_anchor_links_to_the_paragraph_of_the_reader_page():
    cat = pd.DataFrame({"date": [pd.Timestamp("2004-11-05")]}, index=["b"])
    assert explorer.text_anchor(cat)("b", 4) == "reader/2004-11-b.html#b-para-4"
    assert explorer.text_anchor(cat, "book/reader/x")("b", 4) == "2004-11-b.html#b-para-4"


def test_page_fragment_is_reproducible_and_self_contained(parts):
    _, terms, contexts = parts
    sides = {"a vs b": ("A 2001", "B 2020"), "extra": ("x", "y")}
    view = explorer.TermExplorer(terms, contexts, sides, ["A 2001", "B 2020"])
    first, second = view.html(), explorer.TermExplorer(terms, contexts, sides, ["A 2001", "B 2020"]).html()
    strip = re.compile(r'"p\d+"|p\d+')   # Bokeh's model counters advance within one process
    assert strip.sub("", first) == strip.sub("", second)
    assert not explorer._UUID.search(first)
    assert "http" not in re.sub(r"https?://www\.w3\.org[^\"' ]*", "", first)   # no script from a host
    assert 'id="term-explorer-contexts"' in first and "Bokeh.embed" in first
    data = json.loads(re.search(r"window\[\"term-explorer-data\"\] = (\{.*?\});</script>", first).group(1))
    k = data["words"].index("sanction")
    assert data["hits"][k] == [3, 0]
    assert data["links"]["0:2"] == "texts/a.html#a-p2"
    bundle = view._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert bundle["image/png"].startswith("iVBOR")   # a PNG, for the PDF


def test_bad_input_gets_one_clear_error(parts):
    _, terms, contexts = parts
    with pytest.raises(ValueError, match="at least one contrast"):
        explorer.TermExplorer(terms[["word", "freq"]], contexts, {}, ["A 2001"])
    with pytest.raises(ValueError, match="no side names for the contrast.*extra"):
        explorer.TermExplorer(terms, contexts, {"a vs b": ("A", "B")}, ["A 2001"])
