"""Words of estimative probability: a hedge phrase read as a probability.

A hedge phrase is read as a band of the scale of :data:`SCALE` (the bands
of ICD 203, ODNI 2015, which refine Sherman Kent's 1964 table), and the
claim gets the band's midpoint :math:`m`, or :math:`1 - m` when the hedge
is stated of the opposite of the claim (``negated: true``, e.g. "X is
unlikely" scored as the claim "not X" with :math:`1 - 0.325 = 0.675`).
:data:`HEDGE_BANDS` maps hedge phrases to bands (:func:`hedge_band`).

>>> probability_for("unlikely", negated=True)
0.675
>>> hedge_band("russia is extremely unlikely to begin talks")
('extremely unlikely', 'almost no chance')
"""
from __future__ import annotations

import re

import pandas as pd

#: The words-of-estimative-probability scale: ICD 203 (ODNI 2015) bands with
#: their midpoints, and the nearest term of Kent (1964) with his figure.
SCALE = pd.DataFrame(
    [
        ("almost certain", "95-99%", 0.97, "almost certain", "93% (give or take 6%)", "nearly certain"),
        ("very likely", "80-95%", 0.875, "probable", "75% (give or take 12%)", "highly probable"),
        ("likely", "55-80%", 0.675, "probable", "75% (give or take 12%)", "probable"),
        ("roughly even chance", "45-55%", 0.5, "chances about even", "50% (give or take 10%)", "roughly even odds"),
        ("unlikely", "20-45%", 0.325, "probably not", "30% (give or take 10%)", "improbable"),
        ("very unlikely", "5-20%", 0.125, "almost certainly not", "7% (give or take 5%)", "highly improbable"),
        ("almost no chance", "1-5%", 0.03, "almost certainly not", "7% (give or take 5%)", "remote"),
    ],
    columns=["band", "ICD 203 range", "midpoint", "Kent 1964 term", "Kent 1964 figure", "ICD 203 synonym"],
)

#: Band name -> midpoint probability.
BANDS: dict[str, float] = dict(zip(SCALE["band"], SCALE["midpoint"]))

#: Hedge phrases (lower case, straight apostrophes, as produced by
#: :func:`analysis.corpus.text.tokenize`) and the band each expresses about the
#: proposition it governs. The longest phrase at the leftmost position wins
#: ("will probably" before "will"). "would" asserts the consequent of a
#: conditional; "could", "may" and "might" warn of a possibility, read as an
#: even chance.
HEDGE_BANDS: dict[str, str] = {
    "almost certainly": "almost certain", "certainly": "almost certain",
    "definitely": "almost certain", "undoubtedly": "almost certain", "surely": "almost certain",
    "i am convinced": "almost certain", "is bound to": "almost certain",
    "is set to": "almost certain", "are set to": "almost certain",
    "will": "almost certain", "shall": "almost certain", "won't": "almost certain",
    "cannot and will not": "almost certain", "would": "almost certain",
    "very likely": "very likely", "highly likely": "very likely", "most likely": "very likely",
    "quite probably": "very likely", "will quite probably": "very likely",
    "likely": "likely", "probably": "likely", "will probably": "likely", "probable": "likely",
    "expect": "likely", "expects": "likely", "i expect": "likely", "expect to see": "likely",
    "don't expect": "likely",
    "roughly even": "roughly even chance", "even chance": "roughly even chance",
    "could": "roughly even chance", "may": "roughly even chance", "might": "roughly even chance",
    "possibly": "roughly even chance", "perhaps": "roughly even chance",
    "has the potential to": "roughly even chance", "not necessarily": "roughly even chance",
    "will not necessarily": "roughly even chance",
    "unlikely": "unlikely", "probably not": "unlikely", "improbable": "unlikely",
    "hardly expect": "unlikely", "reduced risk": "unlikely",
    "very unlikely": "very unlikely", "highly unlikely": "very unlikely",
    "highly improbable": "very unlikely",
    "extremely unlikely": "almost no chance", "almost no chance": "almost no chance",
    "no chance": "almost no chance", "no risk": "almost no chance",
}


_HEDGE_RE = re.compile(
    r"(?<![\w'])(?:" + "|".join(re.escape(h) for h in sorted(HEDGE_BANDS, key=len, reverse=True))
    + r")(?![\w'])")


def hedge_band(text: str) -> tuple[str, str]:
    """The first hedge phrase in ``text`` and its band, or ``("", "")``.

    ``text`` is lower-cased and its curly apostrophes straightened first.

    >>> hedge_band("this will probably be seen as a cue")
    ('will probably', 'likely')
    >>> hedge_band("Don’t expect any major spats")
    ("don't expect", 'likely')
    >>> hedge_band("relations are good")
    ('', '')
    """
    m = _HEDGE_RE.search(text.lower().replace("’", "'").replace("‘", "'"))
    return (m.group(0), HEDGE_BANDS[m.group(0)]) if m else ("", "")


def hedge_phrases(text: str) -> list[tuple[int, str, str]]:
    """Every hedge phrase in ``text``: ``(position, phrase, band)``, left to right.

    >>> hedge_phrases("and possibly elsewhere, will greatly influence")
    [(4, 'possibly', 'roughly even chance'), (24, 'will', 'almost certain')]
    """
    text = text.lower().replace("’", "'").replace("‘", "'")
    return [(m.start(), m.group(0), HEDGE_BANDS[m.group(0)]) for m in _HEDGE_RE.finditer(text)]


def probability_for(band: str, negated: bool = False) -> float:
    """The probability of a claim from its band: the midpoint ``m``, or ``1 - m`` if negated.

    >>> probability_for("likely"), probability_for("almost no chance", negated=True)
    (0.675, 0.97)
    """
    m = BANDS[band]
    return round(1 - m, 4) if negated else m


def hedge_table() -> pd.DataFrame:
    """:data:`HEDGE_BANDS` grouped by band, in the order of the scale."""
    rows = []
    for band, mid in BANDS.items():
        phrases = sorted(p for p, b in HEDGE_BANDS.items() if b == band)
        rows.append((band, mid, ", ".join(phrases)))
    return pd.DataFrame(rows, columns=["band", "probability", "hedge phrases"])



#: The hedge words that make a claim a plain "will": the future auxiliary
#: alone, without an adverb or verb of confidence. The sensitivity table
#: (:func:`analysis.forecasts.sensitivity.sensitivity_table`) reads them at
#: other probabilities than "almost certain".
PLAIN_WILL = frozenset({"will", "will not", "won't", "would", "would not", "shall"})


def is_plain_will(hedge_words) -> bool:
    """Whether a row's hedge words are plain "will" (see :data:`PLAIN_WILL`).

    >>> is_plain_will(["will"]), is_plain_will(["Won’t"]), is_plain_will(["will probably"])
    (True, True, False)
    >>> is_plain_will(["convinced", "would"]), is_plain_will([])
    (False, False)
    """
    if isinstance(hedge_words, str):
        hedge_words = [w.strip() for w in hedge_words.split(";") if w.strip()]
    words = [str(w).lower().replace("’", "'").strip() for w in (hedge_words or [])]
    return bool(words) and all(w in PLAIN_WILL for w in words)
