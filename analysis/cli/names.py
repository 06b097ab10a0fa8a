"""Names of a new source: its catalog id and its file name in the seeds folder.

>>> new_id({"author": "Joseph R. Biden Jr.", "outlet": "White House", "published": "2022-03-01"})
'biden-2022'
>>> precision_of("2022-03"), precision_of("2003-10/2004-06")
('month', 'range')
"""
from __future__ import annotations

import re
import unicodedata

from analysis.corpus.catalog import display_label

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_FILLER = {"a", "an", "the", "of", "on", "in", "and", "to", "for", "at", "by", "with",
           "from", "before", "after", "about", "as", "or"}


def slugify(text: str, *, max_words: int | None = None, drop_filler: bool = False) -> str:
    """Lower-case ASCII words joined by hyphens.

    >>> slugify("Address Before a Joint Session of the Congress", max_words=4, drop_filler=True)
    'address-joint-session-congress'
    >>> slugify("GlobalSecurity.org"), slugify("Лавров")
    ('globalsecurity-org', '')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("\u2019", ""))
    if drop_filler:
        words = [w for w in words if w not in _FILLER] or words
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words)


def precision_of(published: str) -> str:
    """The catalog's ``date_precision`` implied by the form of a date.

    >>> [precision_of(d) for d in ("2022", "2022-03", "2022-03-01")]
    ['year', 'month', 'day']
    """
    text = str(published).strip()
    if "/" in text:
        return "range"
    return {1: "year", 2: "month"}.get(text.count("-") + 1, "day")


def _year(published: str | None) -> str:
    match = re.match(r"\s*(\d{4})", str(published or ""))
    return match.group(1) if match else "undated"


def new_id(entry: dict, taken: set[str] = frozenset()) -> str:
    """An id from the author's surname (or the outlet) and the year, unique among ``taken``.

    This is the display label (:func:`analysis.corpus.catalog.display_label`) in
    lower case with hyphens, except that a generational suffix ("Jr.", "III")
    is passed over to reach the surname. A clash gets a numeric suffix
    (``-2``, ``-3``, ...).

    >>> new_id({"author": "unknown", "outlet": "PONARS Policy Memo", "published": "2003"})
    'ponars-2003'
    >>> new_id({"author": "Taras Kuzio", "outlet": "x", "published": "2001"}, {"kuzio-2001"})
    'kuzio-2001-2'
    """
    author = str(entry.get("author") or "unknown").split()
    while len(author) > 1 and author[-1].strip(".,").lower() in _SUFFIXES:
        author = author[:-1]
    year = _year(entry.get("published"))
    try:
        base = slugify(display_label({**entry, "author": " ".join(author),
                                      "published": year if year.isdigit() else "0000"}))
    except (KeyError, TypeError):
        base = ""
    if not year.isdigit():
        base = re.sub(r"0000$", year, base)
    if not re.search(r"[a-z]", base.rsplit("-", 1)[0]):
        base = f"source-{year}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def new_file_name(entry: dict, taken: set[str] = frozenset()) -> str:
    """``<year>-<name>-<first title words>.txt``, unique among ``taken`` names.

    >>> new_file_name({"id": "biden-2022", "published": "2022-03-01",
    ...                "title": "Address Before a Joint Session of the Congress"})
    '2022-biden-address-joint-session-congress.txt'
    """
    year = _year(entry.get("published"))
    name = re.sub(rf"-?{year}(-\d+)?$", "", str(entry.get("id") or "")) or "source"
    title = slugify(entry.get("title") or "", max_words=4, drop_filler=True)
    stem = "-".join(p for p in (year, name, title) if p)
    candidate, n = f"{stem}.txt", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.txt"
    return candidate
