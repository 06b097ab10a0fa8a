"""The texts chapter runs for another catalog; the built site anchors every ledger quote and searches the texts."""
import json
import re

import nbformat
import pytest
from conftest import outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog
from analysis.corpus.load import load_corpus
from analysis.forecasts.ledger import load_ledger
from analysis.report.reader import reader_docname

HTML = config.BUILD / "html"


def test_texts_chapter_gives_every_source_a_section(chapter_run, six_sources):
    catalog = load_catalog(six_sources["seeds"] / "catalog.yaml")
    assert len(catalog) == 6
    text = outputs_text(chapter_run(config.BOOK / "02-texts.ipynb"))
    for sid, row in catalog.iterrows():
        assert f"(texts-{sid})=" in text
        assert row["label"] in text
    # the added source has no reading in readings.yaml and no ledger rows: an honest section, not an error
    own = outputs_text(nbformat.read(config.BOOK / "02-texts.ipynb", as_version=4))
    assert "This text is not yet summarised" not in own
    assert text.count("This text is not yet summarised") == 1
    none = "The ledger holds no forecast of the text's own."
    assert text.count(none) == own.count(none) + 1
    # the longest gap stays 2005-2015 (the added 2022 text follows Ivanov 2020 after one year)
    assert "The corpus has no text from 2005 to 2015" in text


@pytest.mark.skipif(not (HTML / "book" / "02-texts.html").is_file(), reason="the book is not built")
def test_built_reader_anchors_every_ledger_quote_and_links_back():
    corpus = load_corpus()
    ledger = load_ledger()
    for row in ledger.itertuples():
        page = (HTML / f"{reader_docname(row.source_id, corpus.sources)}.html").read_text(encoding="utf-8")
        assert f'id="quote-{row.id}"' in page, row.id
        # the row id after the quote links to the row's anchor in the ledger appendix
        assert re.search(rf'<a class="[^"]*reference internal" href="[^"]*#ledger-{row.id}">', page), row.id
    chapter = (HTML / "book" / "02-texts.html").read_text(encoding="utf-8")
    own = ledger[ledger.type != "attributed"]
    for row in own.itertuples():   # the chapter links each forecast to its quote in the reader
        assert f'#quote-{row.id}"' in chapter, row.id
    for sid in corpus.ids:
        assert f'id="texts-{sid}"' in chapter


@pytest.mark.skipif(not (HTML / "searchindex.js").is_file(), reason="the book is not built")
def test_texts_are_in_the_search_index():
    raw = (HTML / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    corpus = load_corpus()
    docs = {name: i for i, name in enumerate(index["docnames"])}

    def pages(term):
        found = index["terms"].get(term, [])
        return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}

    kuzio, ivanov = (reader_docname(s, corpus.sources) for s in ("kuzio-2001", "ivanov-2020"))
    assert all(reader_docname(s, corpus.sources) in docs for s in corpus.ids)
    # words of the texts (stemmed as the index stores them) lead to the texts' pages
    assert kuzio in pages("taliban") and kuzio in pages("eurasianist")
    assert ivanov in pages("adversari") and ivanov in pages("arctic")
