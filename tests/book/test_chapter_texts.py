"""The texts chapter runs for other catalogs; the built site anchors every ledger quote and searches the texts."""
import json
import re

import pytest
from conftest import outputs_text, run_notebook

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts.ledger import load_ledger
from analysis.report.reader import reader_docname

HTML = config.BUILD / "html"


def test_texts_chapter_gives_every_fixture_source_a_section(fixture_seeds):
    nb = run_notebook(config.BOOK / "02-texts.ipynb", fixture_seeds(6))
    text = outputs_text(nb)
    for i in range(1, 7):
        assert f"(texts-fixture-{i:02d})=" in text
        assert f"Fixture text {i}" in text
    # the fixture seeds have no readings.yaml and no ledger: honest sections, not errors
    assert text.count("This text is not yet summarised") == 6
    assert text.count("The ledger holds no forecast of the text's own.") == 6
    # the fixture dates 2001-10 .. 2011-03 leave their longest gap in 2006-2007
    assert "The corpus has no text from 2006 to 2007" in text


@pytest.mark.skipif(not (HTML / "book" / "02-texts.html").is_file(), reason="the book is not built")
def test_built_reader_anchors_every_ledger_quote_and_links_back():
    corpus = load_corpus()
    ledger = load_ledger()
    for row in ledger.itertuples():
        page = (HTML / f"{reader_docname(row.source_id, corpus.sources)}.html").read_text(encoding="utf-8")
        assert f'id="quote-{row.id}"' in page, row.id
        assert re.search(rf'<a class="[^"]*reference internal" href="[^"]+"><span class="reader-row">{row.id}<', page)
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
