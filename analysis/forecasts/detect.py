"""Candidate forward-looking statements: a sentence-level detector with NLTK.

A sentence (from :attr:`analysis.corpus.load.Corpus.sentences`, split by NLTK's
Punkt) is a *candidate* when its tokens (:func:`analysis.corpus.text.tokenize`,
an NLTK :class:`~nltk.tokenize.RegexpTokenizer`) contain a future or modal
cue from :data:`CUES` that survives the exclusion rules:

1. **Recommendations.** A sentence with a recommendation cue
   (:data:`RECOMMENDATION_CUES`: *should*, *must*, *needs to*, *ought to*,
   *it is imperative* ...) gives advice, not a forecast: its weak modals
   (*would*, *could*, *may*, *might*) describe the effect of the advice and do
   not count. It stays a candidate only through a strong cue (*will*,
   *likely*, *expect* ...).
2. **Past-tense modals.** *would have* (a counterfactual; likewise *could*,
   *might*, *may have*), and *would* after a past reporting verb
   (:data:`PAST_REPORTING`: "said that X would") report a past view of the
   future; idioms such as *would seem* or *would prefer* hedge the present.
   None of them counts. Advice after a past reporting verb ("Putin stated
   that Russia should ...") is reported, not given, so it does not trigger
   rule 1.
3. **Questions** (ending in "?") ask rather than forecast.
4. **"May" the month** (capitalised inside a sentence) is not a modal.

For each candidate the detector records the first cue, the hedge phrase
nearest to it that sets its band on the words-of-estimative-probability scale (see
:data:`analysis.forecasts.scale.HEDGE_BANDS`), and a negation (*not*, *never*,
*n't*, *no*, *hardly* ...) within :attr:`ForecastDetector.window` tokens
of the cue.

Matching is done with compiled regular expressions over the space-joined
lower-case tokens, so a multi-word cue ("in the coming years") is one match.

>>> det = ForecastDetector().fit(pd.DataFrame({
...     "source_id": ["a", "a", "a"], "para": [1, 1, 2], "sent": [1, 2, 1],
...     "text": ["Russia will not join NATO.", "The US should act.",
...              "He said that talks would fail."]}))
>>> det.candidates_[["cue", "negation"]].to_dict("records")
[{'cue': 'will', 'negation': 'not'}]
>>> det.labels_["excluded_by"].tolist()
['', 'recommendation', 'past-tense modal']
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.corpus.text import tokenize
from analysis.forecasts.scale import hedge_phrases

#: Future and modal cues, as (regular expression over lower-case tokens, cue kind).
#: The first match in a sentence names the sentence's cue.
CUES: tuple[tuple[str, str], ...] = (
    (r"for a long time to come", "horizon"),
    (r"in the (?:coming|next|following) (?:years|decades|months|decade)", "horizon"),
    (r"in the (?:long|longer|short|medium) (?:run|term)", "horizon"),
    (r"in the (?:near|foreseeable|distant) future", "horizon"),
    (r"(?:is|are) (?:set|bound|poised|going) to", "future"),
    (r"will|shall|won't|'ll", "future"),
    (r"would", "conditional"),
    (r"expects?|expecting", "expectation"),
    (r"(?:un)?likely|probably|improbable|probable", "likelihood"),
    (r"could|may|might(?! of)|(?:has|have) the potential to", "possibility"),
)

#: Advice, not forecast (exclusion rule 1).
RECOMMENDATION_CUES: tuple[str, ...] = (
    r"should", r"must", r"needs? to", r"ought to", r"it is imperative",
    r"it is (?:important|essential|necessary|vital) (?:that|to)",
    r"it is in \S+ interests? to",
)

#: Past reporting verbs: a "would" after one of them reports a past view (rule 2).
PAST_REPORTING: tuple[str, ...] = (
    "said", "stated", "claimed", "announced", "believed", "thought", "argued", "warned",
    "promised", "insisted", "declared", "wrote", "hoped", "felt", "knew", "decided",
    "agreed", "predicted", "assumed", "feared", "suggested", "told", "considered",
)

#: Past modals, and idioms of "would" that hedge the present rather than forecast (rule 2).
WOULD_IDIOMS: tuple[str, ...] = (
    r"(?:would|could|might|may)(?: not|n't| never)? have",
    r"would(?: not|n't)? (?:seem|appear|like|prefer|rather)",
    r"would be no exaggeration",
)

#: Words that negate a cue when they fall within the window around it.
NEGATORS = frozenset({"not", "never", "no", "cannot", "hardly", "nor", "neither", "unable"})

_WEAK = {"conditional", "possibility"}


def _alternation(patterns) -> re.Pattern:
    return re.compile(r"(?<![\w'.])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w'])")


class ForecastDetector:
    """Find sentences that look forward.

    Parameters
    ----------
    window : int, default 3
        A negator counts when it lies within ``window`` tokens before or
        after the first token of the cue ("will *not*", "*don't* expect").

    Attributes
    ----------
    labels_ : DataFrame
        One row per input sentence: the input columns plus ``cue``,
        ``cue_kind``, ``hedge``, ``band``, ``negation``, ``recommendation``
        (the advice cue found, if any), ``excluded_by`` (the exclusion rule
        that removed the sentence, or "") and ``candidate`` (bool).
    candidates_ : DataFrame
        The rows of ``labels_`` that are candidates.

    Examples
    --------
    >>> ForecastDetector().label("Relations are likely to suffer.")["band"]
    'likely'
    >>> ForecastDetector().label("The talks would have failed.")["excluded_by"]
    'past-tense modal'
    """

    def __init__(self, window: int = 3):
        self.window = window

    # patterns are compiled once per class
    _cue = [(re.compile(r"(?<![\w'.])(?:" + p + r")(?![\w'])"), kind) for p, kind in CUES]
    _advice = _alternation(RECOMMENDATION_CUES)
    _idiom = _alternation(WOULD_IDIOMS)
    _reporting = _alternation(PAST_REPORTING)
    _month = re.compile(r"(?<=\S)(\s+)May\b")

    def label(self, text: str) -> dict:
        """Cue, hedge, band, negation and exclusion of one sentence."""
        tokens = tokenize(self._month.sub(r"\1month", text))
        joined = " ".join(tokens)
        found = sorted((m.start(), m.group(0), kind) for pattern, kind in self._cue
                       for m in pattern.finditer(joined))
        reasons, kept = [], []
        for pos, cue, kind in found:
            if self._idiom.match(joined, pos) or (cue == "would" and self._reporting.search(joined[:pos])):
                reasons.append("past-tense modal")
                continue
            kept.append((pos, cue, kind))
        advice = self._advice.search(joined)
        if advice and self._reporting.search(joined[:advice.start()]):
            advice = None  # advice reported from someone else, in the past
        if advice:
            strong = [f for f in kept if f[2] not in _WEAK]
            if len(strong) < len(kept) or not kept:
                reasons.append("recommendation")
            kept = strong
        if kept and text.rstrip().endswith("?"):
            kept = []
            reasons.append("question")
        cue = kind = negation = hedge = band = ""
        if kept:
            pos, cue, kind = kept[0]
            start = joined[:pos].count(" ") if pos else 0
            window = tokens[max(0, start - self.window): start + len(cue.split()) + self.window]
            negation = next((t for t in window if t in NEGATORS or t.endswith("n't")), "")
            hedges = hedge_phrases(joined)
            if hedges:
                # the hedge phrase nearest the cue (0 when it contains the cue)
                _, hedge, band = min(hedges, key=lambda h: 0 if h[0] <= pos < h[0] + len(h[1])
                                     else abs(h[0] - pos))
        return {
            "cue": cue, "cue_kind": kind, "hedge": hedge, "band": band, "negation": negation,
            "recommendation": advice.group(0) if advice else "",
            "excluded_by": "" if kept else (reasons[-1] if reasons else ""),
            "candidate": bool(kept),
        }

    def fit(self, sentences: pd.DataFrame) -> ForecastDetector:
        """Label every sentence of a ``source_id, para, sent, text`` table."""
        labels = pd.DataFrame([self.label(t) for t in sentences["text"]],
                              columns=["cue", "cue_kind", "hedge", "band", "negation",
                                       "recommendation", "excluded_by", "candidate"])
        self.labels_ = pd.concat([sentences.reset_index(drop=True), labels], axis=1)
        self.candidates_ = self.labels_[self.labels_["candidate"]].reset_index(drop=True)
        return self
