"""Clean a raw text down to the author's own prose.

Cleaning is a sequence of named rules. Each rule removes or joins text and
records what it removed, so the book can show the reader exactly what went
and why. Cleaning never invents or reorders text: every cleaned paragraph
occurs in the raw text once whitespace and markdown residue are normalised
(see :func:`normalise_for_match`).

The rules, in order:

``site_furniture``
    Lines that belong to the web page, not the text: share/print widgets,
    "Rate this article", vote counts, "Читать на русском", sidebar notices,
    job ads, mailing-list prompts, link-list footers (:data:`FURNITURE`).
``reader_poll``
    A reader poll ("Poll conducted" and its indented answers).
``navigation``
    Blocks made only of short bullet items (link lists) and breadcrumbs.
``title``
    The title block (the catalog's title, with any dateline in it) and the
    site name above it; kept as metadata.
``byline``
    A paragraph that is only the author's name, and the description of the
    author right after it; kept as metadata.
``editor_note``
    "Editor's Note: ..." paragraphs; kept as metadata.
``archive_link``
    Bracketed pointers to archives, e.g. ``[[For background see ...](#)]``.
``markdown``
    Markdown residue: ``**``, ``*emphasis*``, ``[text](#)`` -> ``text``.
``hard_wrap``
    Hard-wrapped lines joined into paragraphs (a line ending in a hyphen
    after a letter or a full stop, as in "U.S.-", is joined without a space); paragraphs split across a page break are joined.
``repeated_paragraph``
    A paragraph that occurs more than once: only the last occurrence is kept
    (scraped pages repeat a teaser of the article before the article).

A large text is cleaned without holding it whole: every rule but the last is
local (a line, a block of lines, a paragraph and the next), so the rules run
as a chain of generators over the text's lines (:func:`split_lines`, or a file
read a line at a time), one paragraph at a time. :func:`clean_lines` keeps only
the cleaned paragraphs, for the last rule; :func:`cleaned_word_count` keeps a
hash and a word count per distinct paragraph, so counting the words of a
200 MB text takes a few megabytes beyond the interpreter. Both give exactly
what the rules give over the whole text (the tests compare them with the
output of the code that held it whole).

Examples
--------
>>> raw = "Share this article\\n\\nThe **partnership** will\\nlast.\\n\\nJoin the mailing list"
>>> result = clean_text(raw)
>>> [p.text for p in result.paragraphs]
['The partnership will last.']
>>> sorted({r.rule for r in result.removed})
['markdown', 'site_furniture']
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

#: Version of the cleaning rules; part of the processed-corpus cache key.
VERSION = "2"

#: Site furniture: whole lines matching one of these patterns are removed.
FURNITURE: tuple[str, ...] = (
    r"print\s+читать на русском",
    r"читать на русском",
    r"print",
    r"rate this article",
    r"\(votes:\s*\d+,\s*rating:\s*[\d.]+\)",
    r"\(\d+\s+votes?\)",
    r"share this article",
    r"share( this)?( on \w+)?",
    r"find a security clearance job!?",
    r"join the mailing list",
    r"your header sidebar area is currently empty\..*",
    r"for (business|researchers|students)",
    r"references",
    r"(subscribe|sign up)( to)?( our)? (newsletter|mailing list).*",
    r"comments?\s*\(\d+\)",
)
_FURNITURE = re.compile(r"^\s*(?:" + "|".join(FURNITURE) + r")\s*$", re.IGNORECASE)
_POLL_START = re.compile(r"^\s*poll conducted\s*$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^\s*\w[\w ]{0,30}\s+>\s+\S")
_BULLET = re.compile(r"^\s*[•·▪◦*-]\s+")
_EDITOR_NOTE = re.compile(r"^\s*editor[’']?s\s+note\s*:", re.IGNORECASE)
_ARCHIVE_LINK = re.compile(r"(?P<before>[.!?]?)\s*\[\[[^\]]*\]\([^)]*\)\](?P<after>\.?)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_BOLD = re.compile(r"\*\*")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_TERMINAL = tuple(".!?:;…\"”’')]")
_NON_WORD_RUN = re.compile(r"[^\w]+")
_HAS_WORD = re.compile(r"\w")
_LINE_END = re.compile(r"\r\n?|\n")
_HYPHEN_END = re.compile(r"[A-Za-z.]-$")  # "anti-" and "U.S.-" continue on the next line
# A whitespace-separated chunk containing a word character: the match starts at
# the chunk's start and runs to its first word character (possessive, so a
# chunk of punctuation is rejected in one pass).
_WORD_CHUNK = re.compile(r"(?<!\S)[^\s\w]*+\w")

#: Largest text (in characters) that :func:`split_lines` splits into a list at once.
EAGER_SPLIT = 1 << 20


@dataclass
class Paragraph:
    """A cleaned paragraph: ``kind`` is ``"text"`` or ``"heading"``."""

    text: str
    kind: str = "text"


@dataclass
class Removal:
    """One piece of removed text and the rule that removed it."""

    rule: str
    text: str


@dataclass
class CleanResult:
    """Cleaned paragraphs, the removals, and metadata kept aside."""

    paragraphs: list[Paragraph]
    removed: list[Removal] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The cleaned text, paragraphs separated by a blank line."""
        return "\n\n".join(p.text for p in self.paragraphs)


def normalise_for_match(text: str) -> str:
    """Text with markdown residue and all whitespace removed, for containment checks.

    >>> normalise_for_match("anti-\\n terrorism **now**")
    'anti-terrorismnow'
    """
    if "[" in text or "*" in text:
        text = _drop_archive_links(text)
        text = _MD_LINK.sub(r"\1", text)
        text = _MD_BOLD.sub("", text)
        text = _MD_EM.sub(r"\1", text)
    return "".join(text.split())


def _squash(text: str) -> str:
    """Whitespace runs -> one space, stripped (``re.sub(r"\\s+", " ", text).strip()``).

    Text that is printable (so its only whitespace is the space), with no
    double space and no space at either end, is returned as it is.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def split_lines(raw: str) -> Iterator[str]:
    """The lines of a raw text without their line endings (``\\r\\n``, ``\\r`` or ``\\n``): the
    pieces of ``raw.replace("\\r\\n", "\\n").replace("\\r", "\\n").split("\\n")``; for a text
    over :data:`EAGER_SPLIT` characters, found one at a time, without a copy of the text.

    >>> list(split_lines("a\\r\\nb\\rc\\n"))
    ['a', 'b', 'c', '']
    """
    if len(raw) <= EAGER_SPLIT:    # a list of the lines is the faster way, and small
        return iter(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _lazy_lines(raw)


def without_line_ends(lines: Iterable[str]) -> Iterator[str]:
    """The lines of a text file opened with ``newline=""`` (each ending in ``\\r\\n``, ``\\r``
    or ``\\n``, the last perhaps in none), without their endings, one at a time: the pieces
    :func:`split_lines` gives of the whole text.

    >>> list(without_line_ends(["a\\r\\n", "b\\r", "c\\n"]))
    ['a', 'b', 'c', '']
    """
    line = ""
    for line in lines:
        if line.endswith("\r\n"):
            yield line[:-2]
        elif line.endswith(("\n", "\r")):
            yield line[:-1]
        else:
            yield line
    if not line or line.endswith(("\n", "\r")):    # "a\\n" is "a" and "", as a split gives
        yield ""


def _lazy_lines(raw: str) -> Iterator[str]:
    start = 0
    for match in _LINE_END.finditer(raw):
        yield raw[start:match.start()]
        start = match.end()
    yield raw[start:]


def _blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    """Group lines into blocks of non-blank lines."""
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            yield current
            current = []
    if current:
        yield current


def _is_link_item(line: str) -> bool:
    """A short bullet item that reads like a link label, not a sentence."""
    if not _BULLET.match(line):
        return False
    words = [w for w in _BULLET.sub("", line).split() if _HAS_WORD.search(w)]
    last = words[-1] if words else ""
    sentence_end = line.rstrip().endswith(("?", "!")) or (
        line.rstrip().endswith(".") and len(last) > 4)
    return bool(_BULLET.match(line)) and 0 < len(words) <= 10 and not sentence_end


def _is_navigation(block: list[str]) -> bool:
    items = [ln for ln in block if ln.strip()]
    return bool(items) and all(_is_link_item(ln) for ln in items)


def _split_block(block: list[str]) -> list[tuple[str, list[str]]]:
    """Split a block of lines into paragraphs: bullets and headings start new ones."""
    if len(block) == 1:     # one line: neither a bullet nor a heading can split it
        return [("text", block)]
    width = max(len(ln.rstrip()) for ln in block)
    pieces: list[tuple[str, list[str]]] = []
    current: list[str] = []
    for i, line in enumerate(block):
        stripped = line.strip()
        if _BULLET.match(line) and current:
            pieces.append(("text", current))
            current = []
        is_last = i == len(block) - 1
        heading = (
            not is_last
            and not current
            and len(block) > 1
            and width > 60
            and len(stripped) < 0.75 * width
            and not stripped.endswith(_TERMINAL)
            and not _BULLET.match(line)
            and _starts_upper(block[i + 1])
        )
        if heading:
            pieces.append(("heading", [line]))
            continue
        current.append(line)
    if current:
        pieces.append(("text", current))
    return pieces


def _looks_like_heading(line: str) -> bool:
    """A lone short line with no sentence punctuation at its end."""
    words = line.split(None, 10)    # 11 pieces: more than 10 words
    return (0 < len(words) <= 10 and not line.rstrip().endswith((".", "!", "?", ":", ";", ",", "…"))
            and not _BULLET.match(line) and _starts_upper(line))


def _starts_upper(line: str) -> bool:
    """The first letter of the line is upper case."""
    return next((c for c in line if c.isalpha()), "").isupper()


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif text.endswith("-") and _HYPHEN_END.search(text):
            text += line
        else:
            text += " " + line
    return _squash(text)


def _drop_archive_links(text: str) -> str:
    """Remove ``[[...](#)]`` pointers; a full stop after one is dropped when the
    sentence before it already ended."""
    def repl(m: re.Match) -> str:
        before, after = m.group("before"), m.group("after")
        return before + ("" if before else after)
    return _ARCHIVE_LINK.sub(repl, text)


def _strip_markdown(text: str, removed: list[Removal]) -> str:
    if "[" not in text and "*" not in text:  # nothing any markdown pattern could match
        return text
    for match in _ARCHIVE_LINK.finditer(text):
        piece = match.group().lstrip(".!? ")
        removed.append(Removal("archive_link", piece.strip()))
    text = _drop_archive_links(text)
    for pattern in (_MD_LINK, _MD_BOLD, _MD_EM):
        for match in pattern.finditer(text):
            removed.append(Removal("markdown", match.group()))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_BOLD.sub("", text)
    return _MD_EM.sub(r"\1", text)


def _casefold(text: str) -> str:
    return _NON_WORD_RUN.sub(" ", _strip_markdown(text, []).casefold()).strip()


class _Discard:
    """A list of removals that keeps nothing (:func:`cleaned_word_count` needs no report)."""

    def append(self, removal: Removal) -> None:
        pass


def _kept_lines(lines: Iterable[str], removed) -> Iterator[str]:
    """Rule 1: line-level furniture, polls and breadcrumbs."""
    in_poll = False
    for line in lines:
        if _POLL_START.match(line):
            in_poll = True
            removed.append(Removal("reader_poll", line.strip()))
            continue
        if in_poll:
            if not line.strip():
                yield line
                continue
            if line[:1].isspace() or re.match(r"^\s*\d+\.", line):
                removed.append(Removal("reader_poll", line.strip()))
                continue
            in_poll = False
        if _FURNITURE.match(line):
            removed.append(Removal("site_furniture", line.strip()))
            continue
        if _BREADCRUMB.match(line):
            removed.append(Removal("navigation", line.strip()))
            continue
        yield line


def _block_paragraphs(blocks: Iterable[list[str]], removed, metadata: dict,
                      title_key: str | None, outlet_key: str | None) -> Iterator[Paragraph]:
    """Rule 2: blocks -> paragraphs (navigation, title block, markdown)."""
    first = True    # no paragraph yet: the site name can only come before the first one
    for block in blocks:
        if _is_navigation(block):
            removed.append(Removal("navigation", " | ".join(_BULLET.sub("", ln).strip() for ln in block)))
            continue
        look_for_title = title_key and "title" not in metadata
        look_for_outlet = outlet_key and first    # (the block's key is needed for neither later)
        key = _casefold(" ".join(block)) if look_for_title or look_for_outlet else ""
        if look_for_title and key.startswith(title_key):
            metadata["title"] = _squash(_strip_markdown(" ".join(block), []))
            removed.append(Removal("title", metadata["title"]))
            continue
        if look_for_outlet and key == outlet_key:
            removed.append(Removal("title", _squash(" ".join(block))))
            continue
        pieces = _split_block(block)
        if len(block) == 1 and _looks_like_heading(block[0]):
            pieces = [("heading", block)]
        for kind, lines in pieces:
            joined_text = _join_lines(lines)       # already squashed
            text = _strip_markdown(joined_text, removed)
            if text is not joined_text:
                text = _squash(text)
            if text:
                first = False
                yield Paragraph(text, kind)


def _without_metadata(paragraphs: Iterable[Paragraph], removed, metadata: dict,
                      author_key: str | None) -> Iterator[Paragraph]:
    """Rule 3: the byline and the author's description, editor's notes (one paragraph of
    look-ahead)."""
    stream = iter(paragraphs)
    para = next(stream, None)
    skip_next = False
    while para is not None:
        following = next(stream, None)
        if skip_next:
            skip_next = False
            metadata["author_note"] = para.text
            removed.append(Removal("byline", para.text))
        elif author_key and _casefold(para.text) == author_key:
            removed.append(Removal("byline", para.text))
            if following and not following.text.endswith((".", "!", "?")):
                skip_next = True
        elif _EDITOR_NOTE.match(para.text):
            metadata["editor_note"] = para.text
            removed.append(Removal("editor_note", para.text))
        else:
            yield para
        para = following


def _page_breaks_joined(paragraphs: Iterable[Paragraph], removed) -> Iterator[Paragraph]:
    """Rule 4: a paragraph cut mid-sentence continues in the next one."""
    prev = None
    for para in paragraphs:
        if (prev and prev.kind == "text" and para.kind == "text"
                and not prev.text.endswith(_TERMINAL) and para.text[:1].islower()):
            removed.append(Removal("hard_wrap", f"page break inside: …{prev.text[-30:]} / {para.text[:30]}…"))
            prev.text = f"{prev.text} {para.text}"
        else:
            if prev is not None:
                yield prev
            prev = para
    if prev is not None:
        yield prev


def _paragraph_stream(lines: Iterable[str], removed: tuple, metadata: tuple, *,
                      title: str | None, author: str | None,
                      outlet: str | None) -> Iterator[Paragraph]:
    """Rules 1-4 chained, one paragraph at a time, each rule writing to its own list of
    ``removed`` and rules 2 and 3 to their own dict of ``metadata`` (so that the report is
    in the order of the rules, as if each rule ran over the whole text in turn)."""
    title_key = _casefold(title) if title else None
    outlet_key = _casefold(re.sub(r"\(.*?\)", "", outlet)) if outlet else None
    author_key = _casefold(author) if author and author.lower() != "unknown" else None
    kept = _kept_lines(lines, removed[0])
    paragraphs = _block_paragraphs(_blocks(kept), removed[1], metadata[0], title_key, outlet_key)
    paragraphs = _without_metadata(paragraphs, removed[2], metadata[1], author_key)
    return _page_breaks_joined(paragraphs, removed[3])


def clean_lines(lines: Iterable[str], *, title: str | None = None, author: str | None = None,
                outlet: str | None = None) -> CleanResult:
    """:func:`clean_text` of a raw text given as its lines (without line endings, as
    :func:`split_lines` gives them), read one at a time.

    Rules 1-4 are local (a line, a block, a paragraph and the next), so they run as a chain of
    generators and the raw text is never held whole; only the cleaned paragraphs are kept, for
    the last rule (a repeated paragraph is kept at its last occurrence).

    >>> clean_lines(["Share this article", "", "Trade will", "grow."]).text
    'Trade will grow.'
    """
    removed: tuple[list[Removal], ...] = ([], [], [], [], [])
    metadata: tuple[dict[str, str], dict[str, str]] = ({}, {})
    joined = list(_paragraph_stream(lines, removed, metadata, title=title, author=author,
                                    outlet=outlet))

    # 5. Repeated paragraphs: keep the last occurrence.
    last_index = {p.text: i for i, p in enumerate(joined)}
    final = []
    for i, para in enumerate(joined):
        if last_index[para.text] != i:
            removed[4].append(Removal("repeated_paragraph", para.text))
        else:
            final.append(para)
    return CleanResult(final, [r for rule in removed for r in rule],
                       {**metadata[0], **metadata[1]})


def clean_text(raw: str, *, title: str | None = None, author: str | None = None,
               outlet: str | None = None) -> CleanResult:
    """Clean one raw text.

    Parameters
    ----------
    raw : str
        The raw text, exactly as stored in ``seeds/``.
    title, author, outlet : str, optional
        From the catalog; used to recognise the title block, the site name
        and the byline.

    Returns
    -------
    CleanResult
        ``paragraphs`` (in reading order), ``removed`` (every removed piece,
        by rule) and ``metadata`` (title block, byline, editor's note).

    Examples
    --------
    >>> r = clean_text("Ann Lee\\n\\nProfessor of history\\n\\nTrade will grow.", author="Ann Lee")
    >>> r.text, r.metadata["author_note"]
    ('Trade will grow.', 'Professor of history')
    """
    return clean_lines(split_lines(raw), title=title, author=author, outlet=outlet)


def cleaned_word_count(lines: Iterable[str], *, title: str | None = None,
                       author: str | None = None, outlet: str | None = None) -> int:
    """Words of the text paragraphs that cleaning keeps (headings do not count), from a raw
    text given as its lines (:func:`split_lines`), read one at a time and never held whole.

    The same number as ``sum(word_count(p.text) for p in clean_text(raw).paragraphs if
    p.kind == "text")``: each paragraph's count is stored under a 128-bit BLAKE2 hash of its
    text, and a later occurrence of the same text replaces it (the last occurrence is the one
    kept), so memory grows with the number of distinct paragraphs, not with their text.

    >>> cleaned_word_count(split_lines("Talks resumed.\\n\\nTrade will grow.\\n\\nTalks resumed."))
    5
    """
    discard = _Discard()
    counts: dict[bytes, int] = {}
    for para in _paragraph_stream(lines, (discard,) * 4, ({}, {}), title=title, author=author,
                                  outlet=outlet):
        key = hashlib.blake2b(para.text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        counts[key] = word_count(para.text) if para.kind == "text" else 0
    return sum(counts.values())


def word_count(text: str) -> int:
    """Number of whitespace-separated words containing a letter or digit.

    >>> word_count("U.S.-Russian ties – 2 steps")
    4
    """
    return len(_WORD_CHUNK.findall(text))
