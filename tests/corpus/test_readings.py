"""The readings of the texts: verbatim key quotes, validation in one clear line, the gap from the catalog."""
import copy

import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.corpus.readings import ReadingsError, largest_gap, load_readings, validate_readings


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load((config.ROOT / "seeds" / "readings.yaml").read_text(encoding="utf-8"))


def test_every_key_quote_is_verbatim_in_its_paragraph(corpus):
    readings = load_readings(corpus, config.ROOT / "seeds" / "readings.yaml")
    assert sorted(readings.entries) == sorted(corpus.ids)
    paras = corpus.paragraphs.set_index(["source_id", "para"])["text"]
    checked = 0
    for sid, reading in readings.entries.items():
        assert 2 <= len(reading.key_quotes) <= 4
        for q in reading.key_quotes:
            assert q.quote in paras[(sid, q.paragraph)], (sid, q.paragraph)
            checked += 1
    assert checked == 20


def test_hand_checked_quote_positions(corpus):
    readings = load_readings(corpus, config.ROOT / "seeds" / "readings.yaml")
    ivanov = readings.get("ivanov-2020").key_quotes
    assert [q.paragraph for q in ivanov] == [6, 12, 15, 19]
    assert ivanov[1].quote.startswith("Unfortunately, relations between the two countries will remain adversarial")
    assert [v.name for v in readings.get("siberianlight-2004").voices] == []
    assert readings.get("kuzio-2001").voices[0].name == "Condoleezza Rice"


def _one_problem(data, corpus):
    problems = validate_readings(data, corpus.paragraphs, corpus.ids)
    assert len(problems) == 1, problems
    assert "\n" not in problems[0]
    return problems[0]


def test_quote_in_another_paragraph_is_one_clear_line(data, corpus):
    bad = copy.deepcopy(data)
    bad["readings"][4]["key_quotes"][1]["paragraph"] = 13
    assert _one_problem(bad, corpus) == (
        "readings entry ivanov-2020, key quote 2: quote is in paragraph 12, not 13: "
        "'Unfortunately, relations between the two countries will rema'")


def test_altered_quote_is_one_clear_line(data, corpus):
    bad = copy.deepcopy(data)
    bad["readings"][0]["key_quotes"][0]["quote"] = "The US-Russian partnership came together as a marriage."
    assert _one_problem(bad, corpus).startswith(
        "readings entry kuzio-2001, key quote 1: quote not found verbatim in paragraph 1:")


def test_reading_of_a_source_not_in_the_catalog_is_an_error(data, corpus, tmp_path):
    bad = copy.deepcopy(data)
    bad["readings"].append(dict(bad["readings"][0], source_id="nobody-1999"))
    assert _one_problem(bad, corpus) == "readings entry nobody-1999: source 'nobody-1999' is not in the catalog"
    path = tmp_path / "readings.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReadingsError) as err:
        load_readings(corpus, path)
    assert str(err.value) == "readings entry nobody-1999: source 'nobody-1999' is not in the catalog"


def test_other_single_problems(data, corpus):
    bad = copy.deepcopy(data)
    bad["readings"][1]["argument"] = "Too short."
    assert _one_problem(bad, corpus) == "readings entry ponars-2003: argument has 2 words, not 200-300"
    bad = copy.deepcopy(data)
    bad["readings"][2]["predictions"] = ["siberianlight-2004-p01"]
    assert _one_problem(bad, corpus) == "readings entry siberianlight-2004: unknown field(s): predictions"
    bad = copy.deepcopy(data)
    bad["readings"][3]["key_quotes"] = bad["readings"][3]["key_quotes"][:1]
    assert _one_problem(bad, corpus) == "readings entry globalsecurity-2016: 1 key quotes, not 2-4"
    bad = copy.deepcopy(data)
    bad["corpus_gap"]["after"] = "nobody-1999"
    assert _one_problem(bad, corpus) == "readings corpus_gap: after 'nobody-1999' is not in the catalog"


def test_source_without_reading_is_not_an_error(data, corpus):
    fewer = copy.deepcopy(data)
    fewer["readings"] = fewer["readings"][:2]
    assert validate_readings(fewer, corpus.paragraphs, corpus.ids) == []


def test_missing_file_means_no_readings(corpus, tmp_path):
    readings = load_readings(corpus, tmp_path / "readings.yaml")
    assert readings.entries == {} and readings.gap is None


def test_broken_yaml_is_one_line(corpus, tmp_path):
    path = tmp_path / "readings.yaml"
    path.write_text("readings:\n  - source_id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ReadingsError) as err:
        load_readings(corpus, path)
    assert str(err.value) == "readings.yaml: not valid YAML at line 3"


def test_gap_follows_the_catalog(corpus):
    gap = largest_gap(corpus.sources)
    assert (gap.after, gap.before, gap.first, gap.last, gap.years) == (
        "siberianlight-2004", "globalsecurity-2016", 2005, 2015, 11)
    more = pd.concat([corpus.sources[["year"]], pd.DataFrame({"year": [2008]}, index=["new-2008"])])
    gap = largest_gap(more)   # 2005-2007 (3 years) and 2009-2015 (7 years)
    assert (gap.after, gap.before, gap.first, gap.last) == ("new-2008", "globalsecurity-2016", 2009, 2015)
    tie = pd.concat([corpus.sources[["year"]], pd.DataFrame({"year": [2010]}, index=["new-2010"])])
    assert largest_gap(tie) == type(gap)("siberianlight-2004", "new-2010", 2005, 2009)  # the earlier of two
    with_2022 = pd.concat([corpus.sources[["year"]], pd.DataFrame({"year": [2022]}, index=["new-2022"])])
    assert largest_gap(with_2022).first == 2005


def test_gap_commentary_claims_hold_in_the_texts(corpus, data):
    """The commentary says what the texts after the gap mention; check it against the cleaned texts."""
    assert (data["corpus_gap"]["after"], data["corpus_gap"]["before"]) == ("siberianlight-2004", "globalsecurity-2016")
    page, ivanov = corpus.text("globalsecurity-2016"), corpus.text("ivanov-2020")
    assert "Georgia" in page and "Crimea" in page
    assert "reset" not in page.lower() and "new start" not in page.lower()
    for event in ("Georgia", "Crimea", "reset", "New START", "Munich"):
        assert event.lower() not in ivanov.lower(), event
