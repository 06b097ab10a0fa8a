"""The annotated reader: one page per source, and the links into it from anywhere in the book.

Every page is MyST Markdown written at build time (by ``_ext/reader_pages.py``,
through :func:`write_reader_pages`) into :data:`analysis.config.READER_DIR`,
one file per catalog source, so a new source gets its page by itself. A page
holds the cleaned text with numbered, anchored paragraphs; every ledger quote
highlighted, anchored and linked to its ledger row; the passages
:class:`~analysis.methods.voices.VoiceAttributor` gives to a quoted speaker
marked with the speaker's name; and, collapsed, what cleaning removed.

Anchors (the targets others link to; all are Sphinx labels, so a broken
link fails the build):

=============================  ==========================  =========================
target                         label                       made by
=============================  ==========================  =========================
paragraph N of a source        ``<source_id>-para-<N>``    the reader page
a ledger quote in its text     ``quote-<row id>``          the reader page
a ledger row in the ledger     ``ledger-<row id>``         the ledger's table
a source's page                ``reader-<source_id>``      the reader page
a source's reading             ``texts-<source_id>``       the texts chapter
=============================  ==========================  =========================

Paragraph labels say ``para`` because ledger row ids already end in
``-p<NN>``: ``kuzio-2001-p13`` is a ledger row, ``kuzio-2001-para-13`` a paragraph.

Link helpers return MyST that any chapter can put in prose or in a table
cell rendered with ``markup=`` (:func:`analysis.report.tables.table`):
:func:`paragraph_link`, :func:`quote_link`, :func:`ledger_link`,
:func:`reading_link`, :func:`reader_link`; :func:`ledger_target` makes the
``ledger-<row id>`` target inside a ledger table's cell. For HTML made outside
MyST (an interactive table), :func:`paragraph_url` gives the relative URL.

>>> paragraph_link("kuzio-2001", 13)
'{ref}`¶ 13 <kuzio-2001-para-13>`'
>>> ledger_target("kuzio-2001-p13")
'{anchor}`ledger-kuzio-2001-p13`'
"""
from __future__ import annotations

import html
import posixpath
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.forecasts import ledger as _ledger
from analysis.infra.files import atomic_write
from analysis.methods.voices import VoiceAttributor
from analysis.report.tables import escape, markdown_table

#: Ledger types that are the text's own forecasts.
OWN_TYPES = ("own", "conditional")


class ReaderError(ValueError):
    """The reader cannot be made (e.g. a ledger quote is not in its source)."""


# --------------------------------------------------------------------------- anchors and links

def paragraph_anchor(source_id: str, para: int) -> str:
    """Label of paragraph ``para`` of a source.

    >>> paragraph_anchor("ivanov-2020", 12)
    'ivanov-2020-para-12'
    """
    return f"{source_id}-para-{int(para)}"


def quote_anchor(row_id: str) -> str:
    """Label of a ledger row's quote in the reader.

    >>> quote_anchor("ivanov-2020-p02")
    'quote-ivanov-2020-p02'
    """
    return f"quote-{row_id}"


def ledger_anchor(row_id: str) -> str:
    """Label of a ledger row in the ledger's table.

    >>> ledger_anchor("ivanov-2020-p02")
    'ledger-ivanov-2020-p02'
    """
    return f"ledger-{row_id}"


def reading_anchor(source_id: str) -> str:
    """Label of a source's section in the texts chapter.

    >>> reading_anchor("ivanov-2020")
    'texts-ivanov-2020'
    """
    return f"texts-{source_id}"


def reader_anchor(source_id: str) -> str:
    """Label of a source's reader page.

    >>> reader_anchor("ivanov-2020")
    'reader-ivanov-2020'
    """
    return f"reader-{source_id}"


def _ref(label: str, text: str) -> str:
    text = str(text).replace("`", "'").replace("<", "‹").replace(">", "›")
    return f"{{ref}}`{text} <{label}>`"


def paragraph_link(source_id: str, para: int, text: str | None = None) -> str:
    """MyST link to paragraph ``para`` of a source in the reader (text default ``¶ N``).

    >>> paragraph_link("ivanov-2020", 12, "Ivanov, ¶ 12")
    '{ref}`Ivanov, ¶ 12 <ivanov-2020-para-12>`'
    """
    return _ref(paragraph_anchor(source_id, para), text or f"¶ {int(para)}")


def quote_link(row_id: str, text: str | None = None) -> str:
    """MyST link to a ledger row's quote, highlighted in its source's reader page.

    >>> quote_link("ivanov-2020-p02")
    '{ref}`ivanov-2020-p02 <quote-ivanov-2020-p02>`'
    """
    return _ref(quote_anchor(row_id), text or row_id)


def ledger_link(row_id: str) -> str:
    """MyST link to a ledger row in the ledger's table (role ``ledger-row`` of ``_ext/reader_pages.py``).

    It resolves to the row's ``ledger-<row id>`` target; while no page defines
    that target it links to :data:`analysis.config.LEDGER_PAGE` instead.

    >>> ledger_link("ivanov-2020-p02")
    '{ledger-row}`ivanov-2020-p02`'
    """
    return f"{{ledger-row}}`{row_id}`"


def ledger_target(row_id: str) -> str:
    """MyST inline target ``ledger-<row id>`` for a ledger row (put it in the row's id cell).

    >>> ledger_target("ivanov-2020-p02") + " ivanov-2020-p02"
    '{anchor}`ledger-ivanov-2020-p02` ivanov-2020-p02'
    """
    return f"{{anchor}}`{ledger_anchor(row_id)}`"


def reading_link(source_id: str, text: str) -> str:
    """MyST link to a source's section in the texts chapter.

    >>> reading_link("ivanov-2020", "Ivanov 2020")
    '{ref}`Ivanov 2020 <texts-ivanov-2020>`'
    """
    return _ref(reading_anchor(source_id), text)


def reader_link(source_id: str, text: str) -> str:
    """MyST link to a source's reader page.

    >>> reader_link("ivanov-2020", "the annotated text")
    '{ref}`the annotated text <reader-ivanov-2020>`'
    """
    return _ref(reader_anchor(source_id), text)


def reader_docname(source_id: str, sources: pd.DataFrame) -> str:
    """Document name of a source's reader page: ``<READER_DIR>/<YYYY-MM>-<source_id>``.

    The year and month of the source's point date come first, so the pages
    sort in date order in the table of contents.

    >>> cat = pd.DataFrame({"date": [pd.Timestamp("2020-11-01")]}, index=["ivanov-2020"])
    >>> reader_docname("ivanov-2020", cat)
    'book/reader/2020-11-ivanov-2020'
    """
    date = pd.Timestamp(sources.loc[source_id, "date"])
    return f"{config.READER_DIR}/{date:%Y-%m}-{source_id}"


def paragraph_url(source_id: str, para: int, sources: pd.DataFrame, from_docname: str) -> str:
    """Relative URL of a paragraph from the HTML page of ``from_docname`` (for HTML tables).

    >>> cat = pd.DataFrame({"date": [pd.Timestamp("2020-11-01")]}, index=["ivanov-2020"])
    >>> paragraph_url("ivanov-2020", 12, cat, "book/06-predictions")
    'reader/2020-11-ivanov-2020.html#ivanov-2020-para-12'
    """
    target = reader_docname(source_id, sources) + ".html"
    start = posixpath.dirname(from_docname) or "."
    return f"{posixpath.relpath(target, start)}#{paragraph_anchor(source_id, para)}"


# --------------------------------------------------------------------------- the ledger's rows, located

def _voice_at(passages: pd.DataFrame, sid: str, para: int, start: int, end: int) -> str | None:
    if passages.empty:
        return None
    hit = passages[(passages.source_id == sid) & (passages.para == para)
                   & (passages.start <= start) & (passages.end >= end)]
    return str(hit.speaker.iloc[0]) if len(hit) else None


def forecast_rows(corpus, ledger: pd.DataFrame | None = None, *, passages: pd.DataFrame | None = None,
                  path: Path | None = None) -> pd.DataFrame:
    """The ledger's rows for the catalog's sources, each located in its paragraph.

    Returns ``id, source_id, type, own, speaker, claim, verdict, quote, para,
    start, end``: ``own`` is true for own and conditional rows (the text's
    forecasts); ``speaker`` is the ledger's ``speaker`` field, else ``author``
    for own rows and, for attributed rows, the voice the attribution rules
    give the passage (``unnamed`` if none); ``start``/``end`` are character
    offsets of the quote in the cleaned paragraph ``para``.

    Raises
    ------
    ReaderError
        When a quote is not verbatim in any paragraph of its source.
    """
    ledger = _ledger.load_ledger(path) if ledger is None else ledger
    ledger, _ = _ledger.ledger_for(corpus, ledger)
    if passages is None:
        passages = VoiceAttributor().fit(corpus.paragraphs).passages_
    rows = []
    for row in ledger.itertuples(index=False):
        quote = _ledger.normalise_space(row.quote)
        paras = corpus.paragraphs[corpus.paragraphs.source_id == row.source_id]
        found = next(((int(p), t.find(quote)) for p, t in zip(paras.para, paras.text) if quote in t), None)
        if found is None:
            raise ReaderError(f"ledger row {row.id}: quote not found verbatim in {row.source_id}: {quote[:60]!r}")
        para, start = found
        own = row.type in OWN_TYPES
        given = getattr(row, "speaker", None)
        speaker = (given if isinstance(given, str) and given else None) or ("author" if own else
                                           _voice_at(passages, row.source_id, para, start, start + len(quote))
                                           or "unnamed")
        rows.append((row.id, row.source_id, row.type, own, speaker, row.claim, row.verdict, quote, para,
                     start, start + len(quote)))
    return pd.DataFrame(rows, columns=["id", "source_id", "type", "own", "speaker", "claim", "verdict",
                                       "quote", "para", "start", "end"])


# --------------------------------------------------------------------------- one annotated paragraph

def annotate(text: str, quotes: list[tuple[int, int, str]], voices: list[tuple[int, int, str]]) -> str:
    """One paragraph as MyST: ledger quotes highlighted and anchored, quoted voices marked.

    ``quotes`` are ``(start, end, row id)``, ``voices`` ``(start, end, speaker)``,
    with character offsets into ``text``; spans may overlap or nest. The text
    is cut at every span boundary and each piece is wrapped in the marks of
    the spans covering it (so the HTML stays well nested); a quote's anchor
    opens its first piece and the link to its ledger row follows its last; a
    voice's speaker is named before its first piece. The text itself stays
    Markdown text (escaped), so the site's search finds it.

    >>> print(annotate("He said it will rain.", [(8, 20, "x-p01")], [(8, 21, "Ann Lee")]))
    He said <span class="reader-speaker">Ann Lee:</span> {anchor}`quote-x-p01`<span class="reader-voice"><mark class="reader-quote">it will rain</mark></span><sup>{ledger-row}`x-p01`</sup><span class="reader-voice">.</span>
    """
    spans = [(s, e, "quote", v) for s, e, v in quotes] + [(s, e, "voice", v) for s, e, v in voices]
    cuts = sorted({0, len(text)} | {p for s, e, _, _ in spans for p in (s, e) if 0 <= p <= len(text)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        piece = escape(text[a:b])
        voice = [sp for sp in active if sp[2] == "voice"]
        quote = [sp for sp in active if sp[2] == "quote"]
        if quote:
            piece = f'<mark class="reader-quote">{piece}</mark>'
        if voice:
            piece = f'<span class="reader-voice">{piece}</span>'
        starts = [sp for sp in spans if sp[0] == a]
        lead = "".join(f'<span class="reader-speaker">{escape(sp[3])}:</span> ' for sp in starts
                       if sp[2] == "voice")
        lead += "".join(f"{{anchor}}`{quote_anchor(sp[3])}`" for sp in starts if sp[2] == "quote")
        tail = "".join(f"<sup>{ledger_link(sp[3])}</sup>" for sp in spans if sp[2] == "quote" and sp[1] == b)
        out.append(lead + piece + tail)
    return "".join(out)


# --------------------------------------------------------------------------- one page

def _removed_block(removed: pd.DataFrame) -> str:
    if removed.empty:
        return "Cleaning removed nothing from this text."
    words = int(removed["words"].sum())
    view = pd.DataFrame({"rule": removed["rule"].str.replace("_", " "), "removed text": removed["text"]})
    return (f"::::{{dropdown}} What cleaning removed: {len(removed)} pieces, {words} words\n"
            f":class-container: reader-removed\n\n"
            "Each piece with the rule that removed it (the rules are listed in "
            "`analysis/corpus/clean.py`); joined lines and stripped markdown remove no words.\n\n"
            f"{markdown_table(view)}\n::::")


def reader_page(source_id: str, corpus, forecasts: pd.DataFrame, passages: pd.DataFrame) -> str:
    """The MyST page of one source (see the module docstring for its anchors).

    ``forecasts`` is :func:`forecast_rows`; ``passages`` the attributed
    passages of :class:`~analysis.methods.voices.VoiceAttributor` (mode
    ``quote``: direct quotations are marked, reported speech is not).
    """
    src = corpus.sources.loc[source_id]
    paras = corpus.paragraphs[corpus.paragraphs.source_id == source_id]
    rows = forecasts[forecasts.source_id == source_id]
    quoted = passages[(passages.source_id == source_id) & (passages["mode"] == "quote")] \
        if len(passages) else passages
    author = "author unknown" if src["author"] == "unknown" else escape(str(src["author"]))
    n_own = int(rows["own"].sum()) if len(rows) else 0
    lines = [
        f"({reader_anchor(source_id)})=",
        f"# {escape(str(src['label']))}: {escape(str(src['title']))}",
        "",
        f"{author}; {escape(str(src['outlet']))}; published {escape(str(src['published']))}. "
        f"Its situation, argument and forecasts: {reading_link(source_id, 'the chapter on the texts')}.",
        "",
        f"The cleaned text, {len(paras)} paragraphs, numbered as the corpus numbers them "
        "(headings count; what cleaning removed does not). "
        f"<mark class=\"reader-quote\">Highlighted</mark> passages are the {len(rows)} ledger quotes "
        f"({n_own} the text's own forecasts, {len(rows) - n_own} forecasts it reports), each followed by "
        "its row id, which links to the row in the ledger; "
        f"<span class=\"reader-voice\">underlined</span> passages are the {len(quoted)} direct quotations "
        "the attribution rules give to a named speaker, whose name stands before them.",
        "",
        _removed_block(corpus.removed[corpus.removed.source_id == source_id]),
        "",
        "## The text",
        "",
    ]
    for para in paras.itertuples(index=False):
        q = [(int(r.start), int(r.end), r.id) for r in rows.itertuples() if r.para == para.para]
        v = [(int(p.start), int(p.end), str(p.speaker)) for p in quoted.itertuples() if p.para == para.para]
        body = annotate(para.text, q, v)
        if para.kind == "heading":
            body = f"**{body}**"
        number = _ref(paragraph_anchor(source_id, para.para), f"¶ {para.para}")
        lines += [f"({paragraph_anchor(source_id, para.para)})=",
                  f'<span class="reader-number">{number}</span> {body}', ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- all pages

def reader_pages(corpus, *, ledger: pd.DataFrame | None = None, path: Path | None = None) -> dict[str, str]:
    """Document name -> MyST text of every source's page, in catalog order."""
    passages = VoiceAttributor().fit(corpus.paragraphs).passages_
    forecasts = forecast_rows(corpus, ledger, passages=passages, path=path)
    return {reader_docname(sid, corpus.sources): reader_page(sid, corpus, forecasts, passages)
            for sid in corpus.ids}


def write_reader_pages(corpus, root: Path | None = None, **kwargs) -> list[Path]:
    """Write the reader's pages under ``root`` (default the repository root); return their paths.

    A page is rewritten only when its text changed (so an unchanged page is
    not re-read by an incremental build), and ``.md`` files of the reader's
    folder that no catalog source has any more are removed.
    """
    root = Path(root or config.ROOT)
    folder = root / config.READER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    pages = reader_pages(corpus, **kwargs)
    written = []
    for docname, text in pages.items():
        target = root / f"{docname}.md"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            atomic_write(target, text.encode("utf-8"))
        written.append(target)
    for stale in set(folder.glob("*.md")) - set(written):
        stale.unlink()
    return written


def page_html_title(source_id: str, corpus) -> str:
    """The page title as HTML shows it (for tests of the built site).

    >>> from analysis.corpus.load import load_corpus
    >>> page_html_title("kuzio-2001", load_corpus())[:24]
    'Kuzio 2001: The US-Russi'
    """
    src = corpus.sources.loc[source_id]
    return html.escape(f"{src['label']}: {src['title']}", quote=False)
