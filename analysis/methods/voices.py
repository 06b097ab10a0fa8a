"""Voices inside sources: who is quoted, with simple, tested attribution rules.

A source may quote other people at length (a reference compilation quotes
presidents, analysts and official documents). :class:`VoiceAttributor`
finds quoted passages and attributes them to speakers with generic rules
that work on any text, in this order:

1. **Quotation spans.** Straight (``"``) and curly (``“ ”``) double quotes
   are paired with a stack: a straight quote preceded by a space (or the
   paragraph start) and followed by a non-space opens, otherwise it closes,
   so nested quotes work. Only outermost spans count. A quote left open
   runs to the end of its paragraph (the typographic convention for a
   quotation continued in the next paragraph).
2. ``before``: the text just before a quote ends with a speaker and a
   speech verb (:data:`SPEECH_VERBS`), optionally a date and "that ...":
   ``Fedor Lukyanov wrote "..."``, ``Putin said September 20, 2013 : "..."``,
   ``Mark Galeotti wrote March 3, 2014 that Putin "..."``.
3. ``words of``: ``in the words of X, "..."``.
4. ``after``: the quote is followed by ``X wrote`` / ``said X`` (with an
   optional date): ``"...," Mead wrote.``
5. ``colon``: the sentence before the quote starts with a named speaker
   and ends with a colon: ``Putin cut to the chase when he spoke ...: "..."``.
6. ``continuation``: a paragraph that opens with a quote mark, right after
   a paragraph whose last voice was attributed (or that introduced a
   document, rule 8), continues that voice.
7. ``pronoun``: ``He said "..."`` / ``And he added; "..."`` takes the last
   speaker attributed before it in the same paragraph (or carried over).
8. ``document``: ``The "Title" was approved/adopted/published ... on DATE``
   introduces a document as a speaker for the paragraphs that follow.
9. Reported speech (mode ``reported``), in sentences without quote marks:
   ``X said [DATE] that CLAUSE``, ``As X stated, CLAUSE``,
   ``CLAUSE, according to X.`` and ``According to X, CLAUSE``.

Anything not attributed (including short scare quotes and titles) stays
with the source's author. Speakers are normalised (titles such as "US
President" dropped) and looked up in :data:`SPEAKERS`, a small documented
table of role and perspective; speakers not in it get ``"unknown"``.

>>> VoiceAttributor().fit_text('Fedor Lukyanov wrote "Russia will be unable to insert itself."')[
...     ["speaker", "role", "perspective", "rule"]].values.tolist()
[['Fyodor Lukyanov', 'academic', 'Russian', 'before']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.corpus.text import split_sentences


@dataclass(frozen=True)
class Speaker:
    """A known speaker: canonical name, role, perspective, aliases and title hints."""

    name: str
    role: str
    perspective: str
    note: str
    aliases: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()


#: Known speakers. ``role`` uses the catalog's roles (official, academic,
#: think-tank, journalist, blogger, reference); ``perspective`` is Russian or Western
#: by the speaker's country and institutional home. ``aliases`` are lower-case
#: name forms; ``hints`` are title words that pick one of two speakers who
#: share a surname. Official documents count as official voices.
SPEAKERS: tuple[Speaker, ...] = (
    Speaker("Vladimir Putin", "official", "Russian", "President of Russia", ("putin", "v. putin")),
    Speaker("Dmitry Medvedev", "official", "Russian", "President (2008-12), Prime Minister of Russia",
            ("medvedev", "dmitri medvedev")),
    Speaker("Sergei Ivanov", "official", "Russian", "Defence Minister of Russia (2001-07)",
            ("sergei ivanov", "sergey ivanov"), ("defense", "defence")),
    Speaker("Igor Ivanov", "official", "Russian", "Foreign Minister of Russia (1998-2004)",
            ("igor ivanov",), ("foreign",)),
    Speaker("Sergei Lavrov", "official", "Russian", "Foreign Minister of Russia", ("lavrov", "sergey lavrov")),
    Speaker("Boris Yeltsin", "official", "Russian", "President of Russia (1991-99)", ("yeltsin",)),
    Speaker("Mikhail Gorbachev", "official", "Russian", "Leader of the USSR (1985-91)", ("gorbachev",)),
    Speaker("Russian Foreign Policy Concept", "official", "Russian",
            "The Foreign Policy Concept of the Russian Federation (an official document)",
            ("concept of the foreign policy of the russian federation", "foreign policy concept")),
    Speaker("Fyodor Lukyanov", "academic", "Russian", "Editor, Russia in Global Affairs",
            ("fedor lukyanov", "fyodor lukyanov", "lukyanov")),
    Speaker("Dmitri Trenin", "academic", "Russian", "Director, Carnegie Moscow Center",
            ("dmitri trenin", "dmitry trenin", "trenin")),
    Speaker("Barack Obama", "official", "Western", "President of the United States (2009-17)", ("obama",)),
    Speaker("George W. Bush", "official", "Western", "President of the United States (2001-09)",
            ("bush", "george bush")),
    Speaker("Donald Trump", "official", "Western", "President of the United States (2017-21)", ("trump",)),
    Speaker("Hillary Clinton", "official", "Western", "US Secretary of State (2009-13)", ("hillary clinton",)),
    Speaker("Condoleezza Rice", "official", "Western", "US National Security Adviser, Secretary of State",
            ("rice", "condoleezza rice")),
    Speaker("Colin Powell", "official", "Western", "US Secretary of State (2001-05)", ("powell",)),
    Speaker("Walter Russell Mead", "academic", "Western", "Scholar; The American Interest", ("mead",)),
    Speaker("Mark Galeotti", "academic", "Western", "Scholar of Russian security affairs", ("galeotti",)),
    Speaker("Paul Goble", "journalist", "Western", "Analyst and blogger (Window on Eurasia)", ("goble",)),
    Speaker("Alexandre Del Valle", "journalist", "Western", "French writer and political commentator",
            ("del valle", "alexandre del valle")),
    Speaker("Molly K. McKew", "journalist", "Western", "US writer and information-warfare consultant",
            ("mckew", "molly mckew", "molly k. mckew")),
    Speaker("Paul Kennedy", "academic", "Western", "Historian, Yale University", ("kennedy",)),
)

#: Verbs that introduce speech or writing.
SPEECH_VERBS = ("said", "says", "wrote", "writes", "argued", "argues", "stated", "states", "added",
                "adds", "declared", "declares", "noted", "notes", "warned", "warns", "insisted",
                "claimed", "claims", "told", "explained", "observed", "remarked", "asserted",
                "emphasized", "emphasised", "stressed", "concluded", "contended", "maintained")

#: Words dropped from the front of a speaker's name (titles, nationalities).
TITLE_WORDS = frozenset({
    "president", "prime", "minister", "foreign", "defense", "defence", "secretary", "of", "the",
    "state", "general", "gen.", "us", "u.s.", "russian", "american", "french", "british", "german",
    "former", "chancellor", "ambassador", "senator", "sen.", "mr.", "mrs.", "ms.", "dr.", "professor",
    "prof.", "deputy", "vice", "chairman", "spokesman", "analyst", "writer", "journalist",
    "commentator", "political", "historian", "yale", "federation",
})

PRONOUNS = frozenset({"he", "she"})
#: Capitalised words that are never a speaker's name.
NOT_NAMES = frozenset({
    "it", "they", "this", "that", "these", "those", "we", "i", "you", "there", "some", "many",
    "most", "others", "critics", "analysts", "a", "an", "as", "and", "but", "in", "on", "at", "if",
    "when", "while", "so", "yet", "then", "one", "who", "which",
})

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = (rf"(?:(?:on|in)\s+)?(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"
        rf"|{_MONTHS}\s+\d{{4}}|\d{{4}})")
_NAME_TOKEN = r"[A-Z][\w'’.\-]*"
NAME = rf"(?P<name>{_NAME_TOKEN}(?:\s+(?:(?:of|the|de|del|da|van|von|al)\s+)*{_NAME_TOKEN}){{0,6}})"
_VERBS = "|".join(SPEECH_VERBS)
_APPOS = r"(?:,[^,\"“”]{1,80},)?"
_AUX = r"(?:\s+(?:has|had|have|once|also))?(?:\s+\w+ly)?"
_QUOTES = "\"“”"

_BEFORE = re.compile(
    rf"{NAME}{_APPOS}{_AUX}\s+(?P<verb>{_VERBS})(?:\s+\w+ly)?(?:\s+(?P<date>{DATE}))?\s*"
    rf"(?:that\b(?P<that>[^.!?{_QUOTES}]{{0,60}}))?\s*[:,;]?\s*$")
_WORDS_OF = re.compile(rf"in the words of\s+{NAME}\s*,?\s*$")
_AFTER_NAME_VERB = re.compile(
    rf"^\s*,?\s*{NAME}{_AUX}\s+(?P<verb>{_VERBS})(?:\s+(?P<date>{DATE}))?\s*(?:[.,;]|$)")
_AFTER_VERB_NAME = re.compile(
    rf"^\s*,?\s*(?P<verb>{_VERBS})\s+{NAME}(?:\s+(?P<date>{DATE}))?\s*(?:[.,;]|$)")
_ACCORDING_AFTER = re.compile(
    rf"^[^.!?{_QUOTES}]*?\baccording to\s+(?:[^.!?{_QUOTES}]*?\s)?{NAME}\s*(?:[.;]|$)")
_COLON_SUBJECT = re.compile(rf"^{NAME}\s+[a-z]")
_DOCUMENT = re.compile(
    r"^\s*(?:was|were|is|has been)\s+(?:approved|adopted|published|signed|issued|released)\b")
_REPORTED_THAT = re.compile(
    rf"(?:^|(?<=[\s,;(]))(?<![A-Za-z]){NAME}{_APPOS}{_AUX}\s+(?P<verb>{_VERBS})(?:\s+\w+ly)?"
    rf"(?:\s+(?P<date>{DATE}))?\s+that\s+(?P<passage>.+)$")
_REPORTED_AS = re.compile(rf"^As\s+{NAME}{_AUX}\s+(?P<verb>{_VERBS}),\s+(?P<passage>.+)$")
_REPORTED_ACCORDING = re.compile(
    rf"^(?P<passage>.+?),?\s+according to\s+(?:[^.!?]*?\s)?{NAME}\s*\.?$")
_ACCORDING_FIRST = re.compile(rf"^According to\s+{NAME},\s+(?P<passage>.+)$")
_PRONOUN = re.compile(rf"\b(?P<name>[Hh]e|[Ss]he)(?:\s+\w+ly)?\s+(?P<verb>{_VERBS})\s*[:,;]?\s*$")


# --------------------------------------------------------------------------- quotes and names

def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Outermost quotation spans ``(start, end, closed)``; ``end`` is exclusive.

    >>> t = 'He wrote "the "Cold War" years." Then “more”.'
    >>> [t[s:e] for s, e, _ in quote_spans(t)]
    ['"the "Cold War" years."', '“more”']
    >>> quote_spans('"An open quote runs on')
    [(0, 22, False)]
    """
    stack: list[int] = []
    spans = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in _QUOTES:
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        if ch == "“":
            opener = True
        elif ch == "”":
            opener = False
        elif (before.isspace() or before in "([{—–-") and not after.isspace():
            opener = True
        elif not before.isspace():
            opener = False
        else:  # spaces on both sides
            opener = not stack
        if opener:
            stack.append(i)
        elif stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1, True))
    if stack:
        spans.append((stack[0], n, False))
    return spans


def _strip_quotes(passage: str) -> str:
    return passage.strip().strip(_QUOTES).strip().rstrip(",;: ")


def _lookup(core: str, titles: set[str]) -> Speaker | None:
    low = core.lower()
    for sp in SPEAKERS:
        if low == sp.name.lower() or low in sp.aliases:
            candidates = [s for s in SPEAKERS if low == s.name.lower() or low in s.aliases]
            if len(candidates) == 1:
                return sp
            break
    surname = low.split()[-1] if low else ""
    candidates = [s for s in SPEAKERS
                  if s.name.lower().split()[-1] == surname or low in s.aliases]
    if len(candidates) > 1 and titles:
        hinted = [s for s in candidates if set(s.hints) & titles]
        candidates = hinted or candidates
    return candidates[0] if len(candidates) == 1 else None


def normalise_speaker(raw: str) -> tuple[str, str, str] | None:
    """``(speaker, role, perspective)`` for a raw name, or ``None`` if it is no name.

    Leading titles are dropped and the name is looked up in :data:`SPEAKERS`
    (full name or alias, else a unique surname, using title hints such as
    "Defense" to tell two Ivanovs apart); unknown names keep their words and
    get role and perspective ``"unknown"``.

    >>> normalise_speaker("US President Barack Obama")
    ('Barack Obama', 'official', 'Western')
    >>> normalise_speaker("Minister of Defense Ivanov")
    ('Sergei Ivanov', 'official', 'Russian')
    >>> normalise_speaker("Jane Roe"), normalise_speaker("They")
    (('Jane Roe', 'unknown', 'unknown'), None)
    """
    words = raw.replace("’s", "").split()
    titles = set()
    while words and words[0].lower() in TITLE_WORDS:
        titles.add(words.pop(0).lower())
    core = " ".join(words).strip(" ,.")
    if not core or core.lower() in NOT_NAMES or core.lower() in PRONOUNS:
        return None
    sp = _lookup(core, titles)
    if sp is not None:
        return sp.name, sp.role, sp.perspective
    if core.split()[0].lower() in NOT_NAMES:
        return None
    return core, "unknown", "unknown"


def speaker_table() -> pd.DataFrame:
    """The known speakers as a table (for the book).

    >>> speaker_table().columns.tolist()
    ['speaker', 'role', 'perspective', 'who']
    """
    return pd.DataFrame([(s.name, s.role, s.perspective, s.note) for s in SPEAKERS],
                        columns=["speaker", "role", "perspective", "who"])


# --------------------------------------------------------------------------- attribution

@dataclass
class _Hit:
    start: int
    end: int
    speaker: tuple[str, str, str]
    date: str
    rule: str
    mode: str
    passage: str


def _sentence_offsets(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for sent in split_sentences(text):
        start = text.find(sent, pos)
        if start < 0:
            start = pos
        out.append((start, start + len(sent), sent))
        pos = start + len(sent)
    return out


def _date(m: re.Match | None) -> str:
    if m is None or not m.groupdict().get("date"):
        return ""
    return re.sub(r"^(?:on|in)\s+", "", m.group("date")).replace(" ,", ",").strip()


class VoiceAttributor:
    """Attribute quoted (and reported) passages to speakers.

    Parameters
    ----------
    min_words : int
        A quotation shorter than this is attributed only by an explicit
        rule (``before``, ``after``, ``words of``, ``colon``, ``pronoun``),
        never by ``continuation``: short quotes at a paragraph start are
        usually titles or scare quotes.
    reported : bool
        Also attribute reported speech (sentences with no quote marks).

    Attributes
    ----------
    passages_ : DataFrame
        One row per attributed passage: ``source_id, para, start, end,
        speaker, role, perspective, date, rule, mode, words, passage``
        (``mode`` is ``quote`` or ``reported``; ``start``/``end`` are
        character offsets in the paragraph).

    Examples
    --------
    >>> paras = pd.DataFrame({"source_id": ["s", "s"], "para": [1, 2], "kind": ["text", "text"],
    ...     "text": ['Putin said 2013: "Today we need new strategies to preserve our identity.',
    ...              '"Many Euro-Atlantic countries are rejecting their roots."']})
    >>> VoiceAttributor().fit(paras).passages_[["para", "speaker", "date", "rule"]].values.tolist()
    [[1, 'Vladimir Putin', '2013', 'before'], [2, 'Vladimir Putin', '2013', 'continuation']]
    """

    def __init__(self, min_words: int = 5, reported: bool = True):
        self.min_words = min_words
        self.reported = reported

    # one paragraph --------------------------------------------------------
    def _paragraph(self, text: str, carry: tuple | None) -> tuple[list[_Hit], tuple | None]:
        hits: list[_Hit] = []
        spans = quote_spans(text)
        document = None
        # reported speech: sentences with no quote marks
        if self.reported:
            for s0, _s1, sent in _sentence_offsets(text):
                if any(q in sent for q in _QUOTES):
                    continue
                hit = self._reported(sent, s0)
                if hit is not None:
                    hits.append(hit)
        prev_end = 0
        for k, (s, e, _closed) in enumerate(spans):
            lead = text[prev_end:s]
            nxt = spans[k + 1][0] if k + 1 < len(spans) else len(text)
            trail = text[e:nxt]
            passage = _strip_quotes(text[s:e])
            n_words = len(passage.split())
            earlier = [h for h in hits if h.start < s]
            last = earlier[-1] if earlier else None
            found = self._explicit(lead, trail, last, carry)
            if found is None and s == 0 and carry is not None and n_words >= self.min_words:
                found = (carry[0], carry[1], "continuation")
            if found is None:
                if _DOCUMENT.match(trail):
                    sp = normalise_speaker(passage)
                    if sp is not None and sp[1] != "unknown":
                        first = split_sentences(trail.strip())[:1]
                        dm = re.search(DATE, first[0]) if first else None
                        document = (sp, re.sub(r"^(?:on|in)\s+", "", dm.group(0)) if dm else "")
            else:
                speaker, date, rule = found
                hits.append(_Hit(s, e, speaker, date, rule, "quote", passage))
            prev_end = e
        hits.sort(key=lambda h: h.start)
        quotes = [h for h in hits if h.mode == "quote"]
        if document is not None:
            new_carry = document
        elif hits:
            new_carry = (hits[-1].speaker, hits[-1].date)
        else:
            new_carry = None
        if quotes and spans and not spans[-1][2] and quotes[-1].end == len(text):
            new_carry = (quotes[-1].speaker, quotes[-1].date)
        return hits, new_carry

    def _explicit(self, lead: str, trail: str, last: _Hit | None, carry):
        m = _BEFORE.search(lead)
        if m:
            sp = normalise_speaker(m.group("name"))
            if sp is None and m.group("name").split()[-1].lower() in PRONOUNS:
                return self._resolve(last, carry, "pronoun", _date(m))
            if sp is not None:
                return sp, _date(m), "before"
        m = _WORDS_OF.search(lead)
        if m and (sp := normalise_speaker(m.group("name"))):
            return sp, "", "words of"
        m = _PRONOUN.search(lead)
        if m:
            return self._resolve(last, carry, "pronoun", "")
        for rx in (_AFTER_NAME_VERB, _AFTER_VERB_NAME):
            m = rx.match(trail)
            if m and (sp := normalise_speaker(m.group("name"))):
                return sp, _date(m), "after"
        m = _ACCORDING_AFTER.match(trail)
        if m and (sp := normalise_speaker(m.group("name"))):
            return sp, "", "according to"
        tail = lead.rstrip()
        if tail.endswith(":"):
            pieces = re.split(r"(?<=[.!?;])\s+", tail)
            m = _COLON_SUBJECT.match(pieces[-1])
            if m:
                sp = normalise_speaker(m.group("name"))
                if sp is not None and (sp[1] != "unknown" or len(sp[0].split()) >= 2):
                    dm = re.search(DATE, pieces[-1])
                    return sp, (re.sub(r"^(?:on|in)\s+", "", dm.group(0)) if dm else ""), "colon"
        return None

    @staticmethod
    def _resolve(last: _Hit | None, carry, rule: str, date: str):
        if last is not None:
            return last.speaker, date or last.date, rule
        if carry is not None:
            return carry[0], date or carry[1], rule
        return None

    @staticmethod
    def _reported(sent: str, offset: int) -> _Hit | None:
        for rx, rule in ((_ACCORDING_FIRST, "according to"), (_REPORTED_AS, "as X said"),
                         (_REPORTED_THAT, "said that"), (_REPORTED_ACCORDING, "according to")):
            m = rx.search(sent)
            if m is None:
                continue
            sp = normalise_speaker(m.group("name"))
            if sp is None:
                continue
            passage = m.group("passage").strip()
            return _Hit(offset, offset + len(sent), sp, _date(m), rule, "reported", passage)
        return None

    # public -----------------------------------------------------------------
    def fit(self, paragraphs: pd.DataFrame) -> VoiceAttributor:
        """Attribute the text paragraphs of a corpus (``source_id, para, kind, text``)."""
        rows = []
        for sid, group in paragraphs.groupby("source_id", sort=False):
            carry = None
            for row in group.itertuples(index=False):
                if getattr(row, "kind", "text") != "text":
                    carry = None
                    continue
                hits, carry = self._paragraph(row.text, carry)
                for h in hits:
                    rows.append((sid, row.para, h.start, h.end, *h.speaker, h.date, h.rule, h.mode,
                                 len(h.passage.split()), h.passage))
        self.passages_ = pd.DataFrame(rows, columns=[
            "source_id", "para", "start", "end", "speaker", "role", "perspective", "date", "rule",
            "mode", "words", "passage"])
        return self

    def fit_text(self, text: str) -> pd.DataFrame:
        """Attribute one text (paragraphs separated by blank lines); returns :attr:`passages_`."""
        paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        frame = pd.DataFrame({"source_id": "text", "para": range(1, len(paras) + 1),
                              "kind": "text", "text": paras})
        return self.fit(frame).passages_


# --------------------------------------------------------------------------- voices as texts

def author_name(row: pd.Series) -> str:
    """The source's author, or its label when the author is unknown."""
    return row["label"] if str(row.get("author", "unknown")) == "unknown" else row["author"]


def voice_texts(paragraphs: pd.DataFrame, sources: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """Split every source into its quoted voices and its author's own text.

    Direct quotations (``mode == "quote"``) go to their speaker; everything
    else, reported speech included (the author's paraphrase), stays with the
    source's author, whose role and perspective come from the catalog.

    Returns ``source_id, voice, role, perspective, kind, text, words`` with
    ``kind`` in {``author``, ``quoted``}; one row per source and voice.

    >>> paras = pd.DataFrame({"source_id": ["s"], "para": [1], "kind": ["text"],
    ...     "text": ['We met. Putin said "Trust is back." It rained.']})
    >>> src = pd.DataFrame({"label": ["S 2001"], "author": ["Ann Lee"], "role": ["blogger"],
    ...                     "perspective": ["Western"]}, index=["s"])
    >>> p = VoiceAttributor().fit(paras).passages_
    >>> voice_texts(paras, src, p)[["voice", "kind", "text"]].values.tolist()
    [['Ann Lee', 'author', 'We met. Putin said  It rained.'], ['Vladimir Putin', 'quoted', 'Trust is back.']]
    """
    quotes = passages[passages["mode"] == "quote"] if len(passages) else passages
    rows = []
    for sid, group in paragraphs[paragraphs["kind"] == "text"].groupby("source_id", sort=False):
        src = sources.loc[sid]
        own, voiced = [], {}
        q = quotes[quotes["source_id"] == sid] if len(quotes) else quotes
        for row in group.itertuples(index=False):
            cuts = q[q["para"] == row.para].sort_values("start") if len(q) else q
            pos, kept = 0, []
            for c in cuts.itertuples(index=False):
                kept.append(row.text[pos:c.start])
                pos = c.end
                key = (c.speaker, c.role, c.perspective)
                voiced.setdefault(key, []).append(c.passage)
            kept.append(row.text[pos:])
            own.append("".join(kept).strip())
        text = "\n\n".join(t for t in own if t)
        rows.append((sid, author_name(src), src["role"], src["perspective"], "author", text))
        for (speaker, role, persp), parts in voiced.items():
            rows.append((sid, speaker, role, persp, "quoted", "\n\n".join(parts)))
    frame = pd.DataFrame(rows, columns=["source_id", "voice", "role", "perspective", "kind", "text"])
    frame["words"] = frame["text"].str.split().str.len().fillna(0).astype(int)
    return frame


def voice_summary(passages: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Per speaker: role, perspective, where quoted, passages, words and rules used.

    >>> p = pd.DataFrame({"source_id": ["s", "s"], "speaker": ["A", "A"], "role": ["official"] * 2,
    ...     "perspective": ["Russian"] * 2, "date": ["2013", ""], "rule": ["before", "continuation"],
    ...     "mode": ["quote", "quote"], "words": [10, 5]})
    >>> voice_summary(p, {"s": "S"}).values.tolist()
    [['A', 'official', 'Russian', 'S', '2013', 2, 0, 15, 'before, continuation']]
    """
    cols = ["speaker", "role", "perspective", "sources", "dates", "quoted passages",
            "reported passages", "words", "rules"]
    if passages.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for speaker, g in passages.groupby("speaker", sort=False):
        rows.append((
            speaker, g["role"].iloc[0], g["perspective"].iloc[0],
            ", ".join(dict.fromkeys(labels.get(s, s) for s in g["source_id"])),
            ", ".join(d for d in dict.fromkeys(g["date"]) if d),
            int((g["mode"] == "quote").sum()), int((g["mode"] == "reported").sum()),
            int(g["words"].sum()), ", ".join(dict.fromkeys(g["rule"])),
        ))
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["words", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)


def voice_group(role: str, perspective: str) -> str:
    """The voice group used in comparisons: ``"Russian official"``, ``"Western commentator"``...

    Officials (people speaking for a government while in office, and official
    documents) are officials; every other known role (academic, think-tank,
    journalist, blogger, reference) is a commentator: a former official
    writing for a policy institute (``think-tank``) speaks for no government.
    Unknown speakers stay unknown.

    >>> voice_group("official", "Russian"), voice_group("think-tank", "Russian"), voice_group("unknown", "unknown")
    ('Russian official', 'Russian commentator', 'unknown')
    """
    if role == "unknown" or perspective == "unknown":
        return "unknown"
    return f"{perspective} {'official' if role == 'official' else 'commentator'}"


def sentence_speakers(paragraphs: pd.DataFrame, sentences: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """Who speaks in each sentence: the author, or a voice the attribution found.

    A sentence is ``quoted`` when its span in the paragraph overlaps a passage
    of :attr:`VoiceAttributor.passages_`: ``strict`` counts direct quotations
    only (``mode == "quote"``, the split the book uses for voices), ``broad``
    reported speech too. ``speaker`` is the first overlapping quotation's
    speaker (empty for the author's own sentences).

    Returns ``sentences`` (``source_id, para, sent, text``) with ``strict``,
    ``broad`` and ``speaker`` added.

    >>> paras = pd.DataFrame({"source_id": ["s"], "para": [1], "kind": ["text"],
    ...     "text": ['We met. Putin said "Trust is back." It rained.']})
    >>> sents = pd.DataFrame({"source_id": ["s"] * 3, "para": [1] * 3, "sent": [1, 2, 3],
    ...                       "text": ["We met.", 'Putin said "Trust is back."', "It rained."]})
    >>> p = VoiceAttributor().fit(paras).passages_
    >>> sentence_speakers(paras, sents, p)[["strict", "speaker"]].values.tolist()
    [[False, ''], [True, 'Vladimir Putin'], [False, '']]
    """
    text_of = paragraphs.set_index(["source_id", "para"])["text"]
    offsets: dict = {}
    for key, text in text_of.items():
        for k, (start, end, _s) in enumerate(_sentence_offsets(text), start=1):
            offsets[(*key, k)] = (start, end)
    by_para = {key: g for key, g in passages.groupby(["source_id", "para"])} if len(passages) else {}
    strict, broad, who = [], [], []
    for row in sentences.itertuples(index=False):
        span = offsets.get((row.source_id, row.para, row.sent))
        hits = by_para.get((row.source_id, row.para))
        if span is None or hits is None:
            strict.append(False), broad.append(False), who.append("")
            continue
        over = hits[(hits["start"] < span[1]) & (hits["end"] > span[0])]
        quotes = over[over["mode"] == "quote"]
        strict.append(len(quotes) > 0)
        broad.append(len(over) > 0)
        who.append(quotes["speaker"].iloc[0] if len(quotes) else "")
    return sentences.assign(strict=strict, broad=broad, speaker=who)
