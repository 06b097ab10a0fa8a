"""The annotated reader: every ledger quote anchored on its source's page, links, and new sources' pages."""
import re

import pytest
import yaml

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts.ledger import load_ledger
from analysis.report import reader


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


@pytest.fixture(scope="module")
def pages(corpus):
    return reader.reader_pages(corpus, path=config.ROOT / "seeds" / "predictions.yaml")


def test_one_page_per_source_in_date_order(corpus, pages):
    assert list(pages) == [
        "book/reader/2001-11-kuzio-2001", "book/reader/2003-11-ponars-2003",
        "book/reader/2004-11-siberianlight-2004", "book/reader/2016-12-globalsecurity-2016",
        "book/reader/2020-11-ivanov-2020"]
    assert sorted(pages) == list(pages)     # the toc's glob sorts by name: date order


def test_every_ledger_quote_is_highlighted_and_anchored_on_its_page(corpus, pages):
    ledger = load_ledger(config.ROOT / "seeds" / "predictions.yaml")
    assert len(ledger) > 0
    for row in ledger.itertuples():
        page = pages[reader.reader_docname(row.source_id, corpus.sources)]
        anchor = f"{{anchor}}`quote-{row.id}`"
        assert page.count(anchor) == 1, row.id
        assert page.count(f"{{ledger-row}}`{row.id}`") == 1, row.id
        # the quote's text, once the marks are taken out, starts right at its anchor
        after = page.split(anchor, 1)[1]
        plain = re.sub(r"<span class=\"reader-speaker\">[^<]*</span> |<[^>]+>|\\|\{(anchor|ledger-row)\}`[^`]*`",
                       "", after)
        assert plain.startswith(row.quote[:40]), row.id


def test_paragraphs_are_numbered_and_anchored(corpus, pages):
    page = pages["book/reader/2020-11-ivanov-2020"]
    n = int((corpus.paragraphs.source_id == "ivanov-2020").sum())
    assert page.count("(ivanov-2020-para-") == n
    line = page.split("(ivanov-2020-para-12)=\n", 1)[1].split("\n", 1)[0]
    assert line.startswith('<span class="reader-number">{ref}`¶ 12 <ivanov-2020-para-12>`</span> There are a number')
    assert "Unfortunately, relations between the two countries will remain adversarial" in line


def test_voices_are_marked_with_their_speaker(pages):
    page = pages["book/reader/2016-12-globalsecurity-2016"]
    assert '<span class="reader-speaker">Fyodor Lukyanov:</span>' in page
    assert '<span class="reader-speaker">Vladimir Putin:</span>' in page


def test_removed_text_is_listed_with_its_rule(pages):
    page = pages["book/reader/2001-11-kuzio-2001"]
    assert "::::{dropdown} What cleaning removed:" in page
    assert "| editor note | Editor's Note:" in page or "| editor note | Editor’s Note:" in page


def test_annotate_nests_overlapping_spans():
    text = "A said that trade will grow fast, then left."
    out = reader.annotate(text, [(12, 32, "s-p01")], [(7, 44, "Ann Lee")])
    assert out == ('A said <span class="reader-speaker">Ann Lee:</span> <span class="reader-voice">that </span>'
                   '{anchor}`quote-s-p01`<span class="reader-voice"><mark class="reader-quote">trade will grow fast'
                   '</mark></span><sup>{ledger-row}`s-p01`</sup><span class="reader-voice">, then left.</span>')
    assert reader.annotate("x_y [z]", [], []) == "x\\_y \\[z\\]"


def test_link_helpers():
    assert reader.paragraph_link("ivanov-2020", 3) == "{ref}`¶ 3 <ivanov-2020-para-3>`"
    assert reader.quote_link("ivanov-2020-p02", "see") == "{ref}`see <quote-ivanov-2020-p02>`"
    assert reader.ledger_link("ivanov-2020-p02") == "{ledger-row}`ivanov-2020-p02`"
    assert reader.ledger_target("ivanov-2020-p02") == "{anchor}`ledger-ivanov-2020-p02`"
    assert reader.paragraph_anchor("kuzio-2001", 13) != "kuzio-2001-p13"   # never a ledger row id


def test_sixth_source_gets_its_page_and_gone_sources_lose_theirs(fixture_seeds, tmp_path, monkeypatch):
    seeds = fixture_seeds(6)
    monkeypatch.setenv("ANALYSIS_SEEDS", str(seeds))
    six = load_corpus(seeds)
    written = reader.write_reader_pages(six, tmp_path)
    names = sorted(p.name for p in (tmp_path / "book" / "reader").glob("*.md"))
    assert len(written) == 6 and names == sorted(p.name for p in written)
    assert names[-1] == "2011-03-fixture-06.md"
    text = (tmp_path / "book" / "reader" / "2011-03-fixture-06.md").read_text(encoding="utf-8")
    assert text.startswith("(reader-fixture-06)=\n# WriterF 2011: Fixture text 6\n")
    assert "0 ledger quotes" in text
    before = {p: p.stat().st_mtime_ns for p in written}
    reader.write_reader_pages(six, tmp_path)             # unchanged pages are not rewritten
    assert {p: p.stat().st_mtime_ns for p in written} == before
    five = load_corpus(fixture_seeds(5))
    reader.write_reader_pages(five, tmp_path)
    assert len(list((tmp_path / "book" / "reader").glob("*.md"))) == 5


def test_speakers_and_types_come_from_the_ledger(corpus, tmp_path):
    rows = yaml.safe_load((config.ROOT / "seeds" / "predictions.yaml").read_text(encoding="utf-8"))
    rows = [dict(r, speaker="author" if r["type"] != "attributed" else "Somebody Named") for r in rows]
    path = tmp_path / "predictions.yaml"
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    found = reader.forecast_rows(corpus, path=path)
    assert len(found) == len(rows)
    attributed = found[~found.own]
    assert len(attributed) == sum(r["type"] == "attributed" for r in rows) > 0
    assert set(attributed.speaker) == {"Somebody Named"}
    assert set(found[found.own].type) <= {"own", "conditional"}
    row = found.set_index("id").loc["ivanov-2020-p02"]
    paragraph = corpus.paragraphs.set_index(["source_id", "para"]).text[("ivanov-2020", row.para)]
    assert paragraph[row.start:row.end] == row.quote


def test_quote_not_in_its_source_is_one_clear_line(corpus, tmp_path):
    rows = yaml.safe_load((config.ROOT / "seeds" / "predictions.yaml").read_text(encoding="utf-8"))
    rows[0]["quote"] = "A sentence no text contains."
    path = tmp_path / "predictions.yaml"
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    with pytest.raises(reader.ReaderError) as err:
        reader.forecast_rows(corpus, path=path)
    assert str(err.value) == (f"ledger row {rows[0]['id']}: quote not found verbatim in kuzio-2001: "
                              "'A sentence no text contains.'")
