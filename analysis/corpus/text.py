"""Sentences, tokens, stems and surface forms, with NLTK and no downloaded data.

* Sentences: NLTK's Punkt splitter with a fixed list of abbreviations
  (:data:`ABBREVIATIONS`), so "U.S.", "Mr." and "St." do not end a sentence.
  Fixed parameters (not training on the corpus) keep the split of one source
  independent of which other sources are in the catalog.
* Names: before any word is matched, each way of writing a country or an
  organisation becomes one token (:data:`NAMES`, :func:`normalise_names`):
  "United States", "U.S.", "US" (upper case), "USA" and "America" (the country,
  not "Latin America", "American" or "the Americas") become ``u.s.``; "Russian
  Federation" and "Russia" become ``russia`` ("Russian", the adjective, stays);
  "Soviet Union" and "USSR" ``ussr``; "North Atlantic Treaty Organization" and
  "NATO" ``nato``; "Northern Alliance" ``northern-alliance``, kept apart from
  "alliance", and "United Russia" (the party) ``united-russia``, apart from the country. A long form with its abbreviation in brackets ("North Atlantic
  Treaty Organization (NATO)") is one mention; a possessive "'s" after a name is
  dropped with it. So every method counts a country once however a text spells
  it, and the pronoun "us" is never taken for the country.
* Tokens: the pattern of NLTK's :class:`~nltk.tokenize.RegexpTokenizer` over
  words with inner hyphens or apostrophes; lower-cased.
* Stems: the Snowball (Porter2) English stemmer, memoised per distinct word.
* Surface forms: :class:`SurfaceForms` shows a stem as its most frequent word.

Speed: NLTK runs every regular expression through :mod:`nltk.redos`, which
guards caller-supplied patterns with a wall-clock time-out per call; on short
strings that guard costs about three times the matching itself. The patterns
here are NLTK's own or fixed and linear, so they run on the same engine with
the same flags but without the time-out (``redos.compile(..., timeout=None)``):
the output is the same, three times faster. Punkt's decision for a candidate
break depends only on the few characters around it, so it is memoised (and
decided directly in the plain case, "word. Next"); for cleaned paragraphs the
steps of Punkt's splitter run in one function, as plain loops instead of
Punkt's nested generators (:func:`split_sentences`), with the
same result, which the tests check against NLTK's own splitter on the corpus,
on edge cases and on random text. The per-token filters of
:func:`content_tokens` are memoised per distinct word.

>>> split_sentences("The U.S. and Russia met in St. Petersburg. Talks will go on.")
['The U.S. and Russia met in St. Petersburg.', 'Talks will go on.']
>>> tokenize("The US-Russian partnership isn't new.")
['the', 'u.s.', 'russian', 'partnership', "isn't", 'new']
>>> tokenize("The United States told us: the Russian Federation and NATO.")
['the', 'u.s.', 'told', 'us', 'the', 'russia', 'and', 'nato']
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from nltk import redos
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Version of the tokenising code; part of the processed-corpus cache key.
VERSION = "2"

#: Abbreviations that never end a sentence (lower case, without the final dot).
ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "u.s.s.r", "mr", "mrs", "ms", "dr", "st", "prof", "gen", "col",
    "lt", "sen", "rep", "gov", "pres", "jr", "sr", "vs", "etc", "e.g", "i.e", "cf", "no", "co",
    "corp", "inc", "ltd", "dept", "org", "indep", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
    "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
})

#: English stop words (scikit-learn's list) plus the tokeniser's contractions.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "can't",
    "it's", "that's", "there's", "we've", "i'm", "let's", "s", "t", "also", "would", "could",
})


def _untimed(pattern):
    """The same compiled pattern (same engine, same flags) without NLTK's per-call time-out."""
    return redos.compile(pattern, timeout=None)


class _LanguageVars(PunktLanguageVars):
    """Punkt's English language variables with untimed patterns."""

    __slots__ = ("_untimed_period_context", "_untimed_word_tokenizer")
    re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)

    def period_context_re(self):
        try:
            return self._untimed_period_context
        except AttributeError:
            self._untimed_period_context = _untimed(super().period_context_re())
            return self._untimed_period_context

    def _word_tokenizer_re(self):
        try:
            return self._untimed_word_tokenizer
        except AttributeError:
            self._untimed_word_tokenizer = _untimed(super()._word_tokenizer_re())
            return self._untimed_word_tokenizer


_NON_PUNCT = redos.compile(r"[^\W\d]", re.UNICODE, timeout=None)


class _Token(PunktToken):
    """Punkt's token with untimed patterns."""

    __slots__ = ()
    _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)

    @property
    def is_non_punct(self):
        return _NON_PUNCT.search(self.type)


class _Punkt(PunktSentenceTokenizer):
    """Punkt with fixed parameters and its break decisions memoised.

    ``text_contains_sentbreak(context)`` depends only on the context string
    (a candidate's word, its punctuation and the next token) and on the
    parameters, which never change (the splitter is not trained).
    """

    def __init__(self, params: PunktParameters):
        super().__init__(params, lang_vars=_LanguageVars(), token_cls=_Token)
        self.text_contains_sentbreak = lru_cache(maxsize=1 << 17)(super().text_contains_sentbreak)


_PARAMS = PunktParameters()
_PARAMS.abbrev_types = set(ABBREVIATIONS)
_SENTENCES = _Punkt(_PARAMS)
_APOSTROPHE = str.maketrans({"’": "'", "‘": "'"})

# Spaces inside a name: any white space but a newline, which ends a sentence in
# :func:`tokenize_document`'s joined text (so no name runs across two sentences).
_SP = r"[^\S\n]+"
# An abbreviation in brackets after a long form: one mention, not two.
_BRACKETED = _SP + r"\((?:US|U\.S\.|USA|U\.S\.A\.|NATO|USSR|U\.S\.S\.R\.|RF)\)"

#: Names normalised before tokenising: ``(token, variant, pattern)``. Each variant is
#: matched as a whole word, capitalised as in running text, with a bracketed
#: abbreviation after a long form and a possessive "'s" taken with it, and replaced by
#: its token. Alternatives are tried in this order, so a longer form comes before a
#: shorter one it contains.
NAMES = (
    ("u.s.", "United States of America", rf"United{_SP}States{_SP}of{_SP}America(?:{_BRACKETED})?"),
    ("u.s.", "United States", rf"United{_SP}States(?:{_BRACKETED})?"),
    ("u.s.", "U.S.A. / USA", r"U\.S\.A\.|USA"),
    ("u.s.", "U.S.", r"U\.S\."),
    # capital US only, before a space, punctuation or the end: not the pronoun "us"
    ("u.s.", "US", r"US(?=[\s,.;:)\-–'’]|$)"),
    # the country: not "Latin America" (or North, South, Central), "American", "Americas"
    ("u.s.", "America", r"(?<!Latin )(?<!North )(?<!South )(?<!Central )America"),
    # the party, not the country
    ("united-russia", "United Russia (the party)", rf"United{_SP}Russia"),
    ("russia", "Russian Federation", rf"Russian{_SP}Federation(?:{_BRACKETED})?"),
    ("russia", "Russia", r"Russia"),
    ("ussr", "Union of Soviet Socialist Republics",
     rf"Union{_SP}of{_SP}Soviet{_SP}Socialist{_SP}Republics(?:{_BRACKETED})?"),
    ("ussr", "Soviet Union", rf"Soviet{_SP}Union(?:{_BRACKETED})?"),
    ("ussr", "USSR", r"U\.S\.S\.R\.|USSR"),
    ("nato", "North Atlantic Treaty Organization",
     rf"North{_SP}Atlantic{_SP}Treaty{_SP}Organi[sz]ation(?:{_BRACKETED})?"),
    ("nato", "NATO", r"NATO"),
    # the Afghan coalition, not any alliance
    ("northern-alliance", "Northern Alliance", rf"Northern{_SP}Alliance"),
)
# The letters a name starts with. The lookahead on them lets the regular expression
# engine skip to candidate positions (several times faster than trying each
# alternative everywhere).
_FIRST_LETTERS = "".join(sorted({variant[0] for _, variant, _ in NAMES}))
# One alternation, a named group per variant; a name starts and ends where no word
# character is next to it (so "U.S." is not read in "U.S.S.R.", nor "Russia" in "Russian").
_NAMES_RE = re.compile(
    rf"(?=[{_FIRST_LETTERS}])(?<!\w)(?:"
    + "|".join(rf"(?P<n{i}>{pattern})(?!\w)(?:'s(?!\w))?" for i, (_, _, pattern) in enumerate(NAMES)) + ")")
_NAME_TOKENS = {f"n{i}": token for i, (token, _, _) in enumerate(NAMES)}
_NAME_REPLACEMENTS = {group: f" {token} " for group, token in _NAME_TOKENS.items()}
_NAME_VARIANTS = {f"n{i}": variant for i, (_, variant, _) in enumerate(NAMES)}


def _replace_name(match: re.Match) -> str:
    return _NAME_REPLACEMENTS[match.lastgroup]


def normalise_names(text: str) -> str:
    """Each name of :data:`NAMES` replaced by its token between spaces (apostrophes straightened first).

    >>> normalise_names("America’s allies, the USSR and the North Atlantic Treaty Organization (NATO)")
    ' u.s.  allies, the  ussr  and the  nato '
    >>> normalise_names("Latin America, Americans and us")
    'Latin America, Americans and us'
    """
    if "’" in text or "‘" in text:
        text = text.translate(_APOSTROPHE)
    return _NAMES_RE.sub(_replace_name, text)


def name_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """Every name of :data:`NAMES` in a text: ``(token, variant, start, end)`` in reading order.

    The spans are those of the text as given (straightening apostrophes keeps
    every position), so ``text[start:end]`` is the mention as written.

    >>> name_mentions("The United States (US) and Russia’s NATO policy")
    [('u.s.', 'United States', 4, 22), ('russia', 'Russia', 27, 35), ('nato', 'NATO', 36, 40)]
    """
    if "’" in text or "‘" in text:
        text = text.translate(_APOSTROPHE)
    return [(_NAME_TOKENS[m.lastgroup], _NAME_VARIANTS[m.lastgroup], m.start(), m.end())
            for m in _NAMES_RE.finditer(text)]


#: The word token pattern (applied after names are normalised and text is lower-cased).
WORD_PATTERN = r"u\.s\.|[^\W\d_]+(?:['-][^\W\d_]+)*"
_WORDS_RE = redos.compile(WORD_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL, timeout=None)
# The same words matched before lower case (for spans): letters are letters in either case.
_WORDS_CASED_RE = redos.compile(r"(?i:u\.s\.)|[^\W\d_]+(?:['-][^\W\d_]+)*",
                                re.UNICODE | re.MULTILINE | re.DOTALL, timeout=None)
# On lower-cased ASCII text ``[^\W\d_]`` is exactly ``[a-z]``, which the standard
# engine matches faster.
_ASCII_WORDS_RE = re.compile(r"u\.s\.|[a-z]+(?:['-][a-z]+)*")
#: NLTK's Snowball (Porter2) English stemmer.
STEMMER = SnowballStemmer("english")


_PERIOD_CONTEXT = _SENTENCES._lang_vars.period_context_re()
# Punkt's realignment pattern in the standard engine, so that it can match inside
# the text (``pos``/``endpos``) instead of on a copy of each sentence.
_REALIGN = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)
# A candidate whose context is a plain word, one ".", "?" or "!", a space and a word:
# Punkt breaks there unless the word is an abbreviation or an initial.
_PLAIN_CONTEXT = re.compile(r"([A-Za-z]+)([.?!]) [A-Za-z0-9]\S*")


@lru_cache(maxsize=1 << 17)
def _breaks(context: str) -> bool:
    """Punkt's decision for one candidate context (``text_contains_sentbreak``), memoised.

    The plain case is decided without Punkt's token machinery: for "Word. Next"
    its first pass marks "Word." a break (not an abbreviation), the second pass
    leaves it (no initial, no number, no collocations or sentence starters in
    fixed parameters), and a token follows. Everything else asks Punkt.
    """
    plain = _PLAIN_CONTEXT.fullmatch(context)
    if plain is not None:
        word, mark = plain.groups()
        if mark != "." or (len(word) > 1 and word.lower() not in ABBREVIATIONS):
            return True
    return PunktSentenceTokenizer.text_contains_sentbreak(_SENTENCES, context)   # memoised here only


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Punkt's ``span_tokenize(text)`` for text whose only whitespace is the space.

    The same steps as :meth:`~nltk.tokenize.punkt.PunktSentenceTokenizer.span_tokenize`
    (candidate contexts, the break decision, boundary realignment) in one function,
    as two plain loops instead of Punkt's six nested generators.
    """
    # candidates and the word before each (_match_potential_end_contexts)
    contexts = []
    prev = None
    prev_start = prev_stop = 0
    for match in _PERIOD_CONTEXT.finditer(text, timeout=None):
        at = match.start()
        space = text.rfind(" ", prev_stop, at)
        # Punkt takes a space at the first position of the text between candidates as none
        start = space + 1 if space > prev_stop else prev_start
        if prev is not None and prev_stop <= start:
            contexts.append((prev, prev_start, prev_stop))
        prev, prev_start, prev_stop = match, start, at
    if prev is not None:
        contexts.append((prev, prev_start, prev_stop))
    # breaks (_slices_from_text)
    slices = []
    last_break = 0
    for match, start, _stop in contexts:
        # the context: the word, the candidate and what follows it, one run of the text
        if _breaks(text[start:match.end("after_tok")]):
            slices.append((last_break, match.end()))
            last_break = match.start("next_tok") if match.group("next_tok") else match.end()
    slices.append((last_break, len(text.rstrip())))
    # closing punctuation moved onto the sentence it ends (_realign_boundaries)
    spans = []
    realign = 0
    last = len(slices) - 1
    for k, (start, stop) in enumerate(slices):
        start += realign
        if k == last:
            if start < stop:
                spans.append((start, stop))
            continue
        next_start, next_stop = slices[k + 1]
        moved = _REALIGN.match(text, next_start, next_stop)
        if moved:
            spans.append((start, next_start + len(moved.group().rstrip())))
            realign = moved.end() - next_start
        else:
            realign = 0
            if start < stop:
                spans.append((start, stop))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (Punkt with :data:`ABBREVIATIONS`).

    Cleaned paragraphs have no whitespace but single spaces; for such text
    (printable, so no tab, newline or other space character) Punkt's steps
    run in one function (:func:`_sentence_spans`, the same sentences, several
    times faster); other text goes through Punkt itself.

    >>> split_sentences("Mr. Putin met Mr. Bush. It went well.")
    ['Mr. Putin met Mr. Bush.', 'It went well.']
    """
    if text.isprintable():
        sentences = [text[a:b].strip() for a, b in _sentence_spans(text)]
        return [s for s in sentences if s]
    return [s.strip() for s in _SENTENCES.tokenize(text) if s.strip()]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; numbers and punctuation are dropped.

    >>> tokenize("Europe’s U.S. policy, in 2020")
    ["europe's", 'u.s.', 'policy', 'in']
    """
    text = _prepare(text)
    return _ASCII_WORDS_RE.findall(text) if text.isascii() else _WORDS_RE.findall(text)


_US_WRITTEN = re.compile(r"\bU\.S\.(?=\W|$)|\bUS\b(?=[\s,.;:)\-–']|$)")


def written_words(text: str) -> list[str]:
    """Word tokens as written, for text statistics (length, readability, diversity).

    No name is merged: "United States" is two words here, as a reader reads
    it. Only "U.S." and "US" (capitals) become ``u.s.``, one word as written,
    so the country is not read as the pronoun "us".

    >>> written_words("The United States and the U.S. told us")
    ['the', 'united', 'states', 'and', 'the', 'u.s.', 'told', 'us']
    """
    if "’" in text or "‘" in text:
        text = text.translate(_APOSTROPHE)
    text = _US_WRITTEN.sub(" u.s. ", text).lower()
    return _ASCII_WORDS_RE.findall(text) if text.isascii() else _WORDS_RE.findall(text)


def _prepare(text: str) -> str:
    """Straight apostrophes, names as their tokens, lower case: the steps before matching words."""
    return normalise_names(text).lower()


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of :func:`tokenize`, each with its span ``(start, end)`` in ``text``.

    A name's span is the whole mention ("United States (US)"), so a
    multi-word name maps back to the words it came from.

    >>> token_spans("The U.S. and Latin America")
    [('the', 0, 3), ('u.s.', 4, 8), ('and', 9, 12), ('latin', 13, 18), ('america', 19, 26)]
    """
    out: list[tuple[str, int, int]] = []
    start = 0
    for token, _, first, last in name_mentions(text):
        out += _plain_spans(text, start, first)
        out.append((token, first, last))
        start = last
    return out + _plain_spans(text, start, len(text))


def _plain_spans(text: str, start: int, stop: int) -> list[tuple[str, int, int]]:
    """The word tokens of ``text[start:stop]`` (no name in it), lower case, with their spans."""
    piece = text[start:stop].translate(_APOSTROPHE)
    return [(m.group().lower(), start + m.start(), start + m.end()) for m in _WORDS_CASED_RE.finditer(piece, timeout=None)]


#: The end of a sentence in :func:`tokenize_document`'s output.
SENTENCE_BREAK = "\n"
_ASCII_WORDS_OR_BREAKS_RE = re.compile(_ASCII_WORDS_RE.pattern + "|\n")
# Non-ASCII punctuation and symbols (dashes, bullets, quotes, fractions, degrees) are
# no word characters for the token pattern: like a space, they only separate tokens.
# Turned into spaces (after names and lower case), they let more text take the ASCII path.
_WORD_CHAR = redos.compile(r"\w", re.UNICODE, timeout=None)
_SEPARATORS = re.compile("[" + "".join(re.escape(chr(cp)) for cp in (*range(0x80, 0x100), *range(0x2000, 0x2070))
                                      if not _WORD_CHAR.match(chr(cp))) + "]")


def tokenize_document(sentences: list[str]) -> list[str]:
    """The tokens of each sentence (:func:`tokenize`), each sentence followed by :data:`SENTENCE_BREAK`.

    The sentences are joined by newlines, so the apostrophes, names and lower
    case are handled in three passes over the joined text instead of three
    per sentence (the patterns treat a newline as they treat the end of a
    sentence, and no name spans one); non-ASCII punctuation becomes spaces
    (it only separates tokens); ASCII text is then matched in one pass, newlines included, and
    other text sentence by sentence. Sentences that hold a newline
    themselves are tokenised one by one.

    >>> tokenize_document(["The US said so.", "Europe’s reply"])
    ['the', 'u.s.', 'said', 'so', '\\n', "europe's", 'reply', '\\n']
    """
    text = "\n".join(sentences)
    if not sentences:
        return []
    if text.count("\n") != len(sentences) - 1:
        return [tok for s in sentences for tok in (*tokenize(s), SENTENCE_BREAK)]
    text = _prepare(text) + "\n"
    if not text.isascii():
        text = _SEPARATORS.sub(" ", text)
    if text.isascii():
        return _ASCII_WORDS_OR_BREAKS_RE.findall(text)
    out: list[str] = []
    ascii_words, words = _ASCII_WORDS_RE.findall, _WORDS_RE.findall
    for sentence in text[:-1].split("\n"):
        out += ascii_words(sentence) if sentence.isascii() else words(sentence)
        out.append(SENTENCE_BREAK)
    return out


@lru_cache(maxsize=1 << 18)
def normalise_token(token: str) -> str:
    """Drop a possessive "'s" so that "Russia's" counts as "russia".

    >>> normalise_token("russia's"), normalise_token("don't")
    ('russia', "don't")
    """
    return token[:-2] if token.endswith("'s") else token


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words and one-letter words, possessives dropped.

    >>> content_tokens("The U.S. and Russia's partnership will grow.")
    ['u.s.', 'russia', 'partnership', 'grow']
    """
    return [tok for tok in map(_content_form, tokenize(text)) if tok]


@lru_cache(maxsize=1 << 18)
def _content_form(token: str) -> str:
    """The normalised token, or ``""`` when :func:`content_tokens` drops it."""
    token = normalise_token(token)
    return token if len(token) > 1 and token not in STOP_WORDS else ""


@cache
def stem(word: str) -> str:
    """Snowball stem of one word, memoised (each distinct word is stemmed once).

    >>> stem("partnerships"), stem("u.s.")
    ('partnership', 'u.s.')
    """
    if "." in word:
        return word
    return STEMMER.stem(word)


class SurfaceForms:
    """Map stems back to their most frequent surface word.

    Fit it on the tokens a stem came from; ``show(stem)`` returns the most
    frequent word with that stem (ties broken alphabetically).

    Attributes
    ----------
    counts_ : dict[str, dict[str, int]]
        For each stem, how often each surface word occurred (words in order of first occurrence).

    Examples
    --------
    >>> forms = SurfaceForms().fit(["relations", "relation", "relations", "related"])
    >>> forms.show("relat"), forms.show("relat relat")
    ('relations', 'relations relations')
    >>> forms.show("unseen")
    'unseen'
    """

    def fit(self, tokens: Iterable[str]) -> SurfaceForms:
        """Count the words (each stem's forms in order of first occurrence)."""
        # Count each word once (C speed), then group distinct words by stem; the
        # insertion orders are those of first occurrence, as with a token loop.
        return self.fit_counts(Counter(tokens))

    def fit_counts(self, word_counts: dict[str, int], stems: dict[str, str] | None = None) -> SurfaceForms:
        """Fit on words already counted: ``{word: count}`` in order of first occurrence.

        ``fit_counts(Counter(tokens))`` is ``fit(tokens)``. ``stems`` gives
        words' stems already known (the others are stemmed here).
        """
        counts: dict[str, dict[str, int]] = {}
        best: dict[str, tuple[int, str]] = {}
        stems = stems or {}
        for tok, n in word_counts.items():
            key = stems.get(tok) or stem(tok)
            forms = counts.get(key)
            if forms is None:
                counts[key] = {tok: n}
                best[key] = (-n, tok)
            else:
                forms[tok] = n
                best[key] = min(best[key], (-n, tok))
        self.counts_ = counts
        self._best = {key: tok for key, (_, tok) in best.items()}
        return self

    def show(self, term: str) -> str:
        """The readable form of a stem or of a space-separated n-gram of stems."""
        return " ".join(self._best.get(part, part) for part in term.split(" "))


def stem_tokens(tokens: Iterable[str]) -> list[str]:
    """Stem a token list (memoised per distinct word).

    >>> stem_tokens(["talks", "talked", "russia"])
    ['talk', 'talk', 'russia']
    """
    return list(map(stem, tokens))
