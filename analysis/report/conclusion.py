"""The conclusion's glued values and computed phrases.

The conclusion (``book/07-conclusion.ipynb``) is prose; every number in it,
and every claim that depends on the data (which terms survive, which themes
rise, which side forecasts better and whether that holds), is glued from
:func:`values`, computed from a fitted :class:`analysis.report.synthesis.Synthesis`.
The phrase functions are pure and tested by hand:

* :func:`catalog_note` -- the guard: the catalog the argument was written
  for, against the catalog the book is built from;
* :func:`terms_phrase`, :func:`count_phrase` -- surviving terms and counts in words;
* :func:`theme_phrase` -- the validated themes whose change survives leaving
  each source out;
* :func:`events_phrase` -- the events inside the corpus's gap;
* :func:`brier_verdict`, :func:`ranking_phrase` -- forecasts against the
  references, and which sources can be ranked;
* :func:`quote_md` -- a curated key quote with its link into the annotated text.
"""
from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.forecasts import ledger, scoring
from analysis.report.reader import paragraph_link, quote_link, reading_link
from analysis.report.topic_text import agreement_verdict

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


# --------------------------------------------------------------------------- words

def number_word(n: int) -> str:
    """A count in words up to ten, in digits above.

    >>> number_word(0), number_word(5), number_word(12)
    ('no', 'five', '12')
    """
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def names(items) -> str:
    """Items joined as prose: "a", "a and b", "a, b and c".

    >>> names([]), names(["a"]), names(["a", "b", "c"])
    ('', 'a', 'a, b and c')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_phrase(n: int, word: str, many: str | None = None) -> str:
    """``n`` and a noun in the right number, the count in words.

    >>> count_phrase(1, "source"), count_phrase(2, "source"), count_phrase(0, "term")
    ('one source', 'two sources', 'no terms')
    """
    return f"{number_word(n)} {word if n == 1 else (many or word + 's')}"


def terms_phrase(terms) -> str:
    """Terms in italics, joined as prose; "none" when there are none.

    >>> terms_phrase(["russian", "percent"]), terms_phrase([])
    ('*russian* and *percent*', 'none')
    """
    terms = list(terms)
    return names(f"*{t}*" for t in terms) if terms else "none"


# --------------------------------------------------------------------------- the guard

def catalog_note(ids, written_for, labels: dict | None = None) -> str:
    """The note shown at the top of the conclusion when the catalog is not the one it was written for.

    Empty when ``ids`` and ``written_for`` hold the same sources (in any
    order). Otherwise one paragraph naming the sources the argument was
    written for, the ones added and the ones gone, and saying that the
    figures are recomputed but the reading is not yet revised. Sources are
    named by their catalog label when ``labels`` has one, else by id; no
    count is given, so the note names no number of sources.

    >>> catalog_note(["a", "b"], ["b", "a"])
    ''
    >>> print(catalog_note(["a", "b", "c"], ["a", "b"], {"c": "C 2022"}))  # doctest: +NORMALIZE_WHITESPACE
    **Note.** This conclusion was written for a catalog holding a and b. The catalog now also holds
    C 2022. Every figure below is recomputed from the current catalog, but the reading
    of the texts, the argument, has not yet been revised for the new sources.
    """
    ids, written_for = list(ids), list(written_for)
    if set(ids) == set(written_for):
        return ""
    labels = labels or {}
    show = lambda sid: str(labels.get(sid, sid))  # noqa: E731
    added = [show(s) for s in ids if s not in written_for]
    gone = [s for s in written_for if s not in ids]
    text = f"**Note.** This conclusion was written for a catalog holding {names(show(s) for s in written_for)}."
    if added:
        text += f" The catalog now also holds {names(added)}."
    if gone:
        text += f" It no longer holds {names(gone)}."
    what = "the new sources" if added and not gone else "the changed catalog"
    return text + (" Every figure below is recomputed from the current catalog, but the reading of the "
                   f"texts, the argument, has not yet been revised for {what}.")


# --------------------------------------------------------------------------- the lexical chapter

def surviving(loo: pd.DataFrame, side: str, forms=None) -> list[str]:
    """The terms of one side that survive leaving each source out, in their shown form.

    >>> t = pd.DataFrame({"side": ["i", "i"], "term": ["war", "tank"], "survives": [True, False]})
    >>> surviving(t, "i")
    ['war']
    """
    if loo is None or not len(loo):
        return []
    keep = loo.loc[(loo["side"] == side) & loo["survives"].astype(bool), "term"]
    return [forms.show(t) if forms is not None else t for t in keep]


def theme_phrase(shift: pd.DataFrame, direction: int) -> str:
    """The themes whose change keeps its sign whichever source is left out, rising (+1) or falling (-1).

    Each with its mean rate per 1,000 words in the early and the late texts;
    "none" when no theme qualifies.

    >>> t = pd.DataFrame({"early": [7.86, 1.79], "late": [0.19, 3.46], "change": [-7.67, 1.67],
    ...                   "survives": [True, True]}, index=["terrorism", "dialogue"])
    >>> theme_phrase(t, -1), theme_phrase(t, +1)
    ('terrorism (7.9 to 0.2)', 'dialogue (1.8 to 3.5)')
    """
    if shift is None or not len(shift):
        return "none"
    part = shift[shift["survives"].astype(bool) & (shift["change"] * direction > 0)]
    part = part.reindex(part["change"].abs().sort_values(ascending=False, kind="stable").index)
    if not len(part):
        return "none"
    return names(f"{t} ({r['early']:.1f} to {r['late']:.1f})" for t, r in part.iterrows())


def events_phrase(events: pd.DataFrame) -> str:
    """The events of a stretch of years as prose: "the Russia-Georgia war (2008) and ...".

    >>> e = pd.DataFrame({"date": pd.to_datetime(["2008-08-08", "2010-04-08"]),
    ...                   "event": ["Russia-Georgia war", "New START signed in Prague"]})
    >>> events_phrase(e)
    'Russia-Georgia war (2008) and New START signed in Prague (2010)'
    """
    if events is None or not len(events):
        return "no event of the timeline"
    return names(f"{r['event']} ({r['date'].year})" for _, r in events.iterrows())


# --------------------------------------------------------------------------- forecasts

def brier_verdict(brier: float, base: float) -> str:
    """How a Brier score compares with always saying 0.5 (0.25) and with always forecasting the base rate.

    >>> brier_verdict(0.278, 0.228), brier_verdict(0.2, 0.23), brier_verdict(0.24, 0.2)
    ('no better than always saying 0.5', 'better than both always saying 0.5 and always forecasting the base rate', 'better than always saying 0.5 but worse than always forecasting the base rate')
    """
    if brier >= 0.25:
        return "no better than always saying 0.5"
    if brier < base:
        return "better than both always saying 0.5 and always forecasting the base rate"
    return "better than always saying 0.5 but worse than always forecasting the base rate"


def _interval(text) -> tuple[float, float] | None:
    try:
        lo, hi = (float(x) for x in str(text).split("-"))
    except ValueError:
        return None
    return lo, hi


def ranking_phrase(card: pd.DataFrame, min_ranked: int) -> str:
    """Which sources are ranked on their own forecasts, in order, and whether their intervals overlap.

    ``card`` is :func:`analysis.report.synthesis.own_scorecard` (``scored``,
    ``Brier``, ``Brier 90% interval``, ``rank``), indexed by label.

    >>> card = pd.DataFrame({"scored": [6, 26, 4], "Brier": [0.282, 0.312, 0.001],
    ...     "Brier 90% interval": ["0.08-0.51", "0.20-0.43", "0.00-0.00"],
    ...     "rank": pd.array([1, 2, pd.NA], dtype="Int64")}, index=["K", "Y", "I"])
    >>> ranking_phrase(card, 5)  # doctest: +NORMALIZE_WHITESPACE
    'two sources have at least five scored forecasts of their own and are ranked: K (Brier 0.282,
    90% interval 0.08-0.51) before Y (0.312, 0.20-0.43); the intervals overlap, so the order describes
    these claims and ranks no forecaster. I is shown, not ranked'
    """
    if not len(card):
        return "no source has a scored forecast of its own"
    ranked = card[card["rank"].notna()].sort_values("rank", kind="stable")
    rest = [str(i) for i in card.index if i not in ranked.index]
    if len(ranked) == 0:
        text = f"no source has {number_word(min_ranked)} scored forecasts of its own, so none is ranked"
    elif len(ranked) == 1:
        only = ranked.index[0]
        text = (f"only {only} has at least {number_word(min_ranked)} scored forecasts of its own "
                f"(Brier {ranked.loc[only, 'Brier']:.3f}), so no source is ranked against another")
    else:
        parts = [f"{i} (Brier {r['Brier']:.3f}, 90% interval {r['Brier 90% interval']})" if k == 0 else
                 f"{i} ({r['Brier']:.3f}, {r['Brier 90% interval']})" for k, (i, r) in enumerate(ranked.iterrows())]
        spans = [_interval(v) for v in ranked["Brier 90% interval"]]
        overlap = all(s is not None for s in spans) and max(lo for lo, _ in spans) <= min(hi for _, hi in spans)
        text = (f"{count_phrase(len(ranked), 'source')} have at least {number_word(min_ranked)} scored "
                f"forecasts of their own and are ranked: " + " before ".join(parts)
                + ("; the intervals overlap, so the order describes these claims and ranks no forecaster"
                   if overlap else "; not all the intervals overlap"))
    if rest:
        text += f". {names(rest)} {'is' if len(rest) == 1 else 'are'} shown, not ranked"
    return text


# --------------------------------------------------------------------------- passages

def quote_md(readings, source_id: str, k: int) -> str:
    """Key quote ``k`` (from 1) of a source's reading, in quotation marks, with its paragraph link.

    Falls back to a link to the source's reading, and to a plain note when the
    source has no reading or too few quotes.
    """
    reading = readings.get(source_id)
    if reading is None or not 1 <= k <= len(reading.key_quotes):
        return f"(no curated quote of {source_id} here)"
    q = reading.key_quotes[k - 1]
    return f"\u201c{q.quote}\u201d ({paragraph_link(source_id, q.paragraph)})"


def quote_verdict(scored: pd.DataFrame, readings, source_id: str, k: int) -> str:
    """What the ledger made of key quote ``k`` of a source: its verdict, linked to the ledger's quote.

    The ledger row is the source's own or conditional row whose quote lies
    inside the key quote, or holds it (whitespace-normalised).

    >>> from analysis.corpus.readings import KeyQuote, Reading, Readings
    >>> r = Readings({"a": Reading("a", "s", "x", (KeyQuote("Relations will stay bad.", 3, "w"),), ())})
    >>> led = pd.DataFrame({"id": ["a-p01"], "source_id": ["a"], "type": ["own"],
    ...                     "quote": ["Relations will stay bad"], "verdict": ["correct"]})
    >>> quote_verdict(led, r, "a", 1)
    'judged correct ({ref}`a-p01 <quote-a-p01>`)'
    >>> quote_verdict(led.iloc[0:0], r, "a", 1)
    'not a forecast the ledger scores'
    """
    reading = readings.get(source_id)
    if reading is None or not 1 <= k <= len(reading.key_quotes) or not len(scored):
        return "not a forecast the ledger scores"
    text = ledger.normalise_space(reading.key_quotes[k - 1].quote)
    rows = scored[(scored["source_id"] == source_id) & scored["type"].isin(("own", "conditional"))]
    for row in rows.itertuples():
        q = ledger.normalise_space(row.quote)
        if q and (q in text or text in q):
            return f"judged {row.verdict} ({quote_link(row.id)})"
    return "not a forecast the ledger scores"


def group_brier_phrase(scored: pd.DataFrame, column: str = "perspective") -> str:
    """Brier score of the own and conditional claims per group, with the number scored.

    >>> s = pd.DataFrame({"type": ["own"] * 3, "perspective": ["R", "W", "W"],
    ...                   "probability": [0.97, 0.97, 0.5], "o": [1.0, 0.0, 1.0]})
    >>> group_brier_phrase(s)
    'R 0.001 over one claim; W 0.595 over two claims'
    """
    if not len(scored):
        return "none scored"
    own = scored[scored["type"].isin(("own", "conditional")) & scored["o"].notna()]
    if not len(own):
        return "none scored"
    parts = [f"{g} {scoring.brier_score(part['probability'], part['o']):.3f} over {count_phrase(len(part), 'claim')}"
             for g, part in own.groupby(column, sort=True, observed=True)]
    return "; ".join(parts)


#: The key quotes the prose cites: (source id, quote number in its reading).
QUOTES = (("kuzio-2001", 1), ("kuzio-2001", 4), ("ponars-2003", 1), ("ponars-2003", 4),
          ("siberianlight-2004", 1), ("siberianlight-2004", 3), ("globalsecurity-2016", 2),
          ("globalsecurity-2016", 3), ("globalsecurity-2016", 4), ("ivanov-2020", 2),
          ("ivanov-2020", 3))


# --------------------------------------------------------------------------- every value of the chapter

def values(s) -> dict[str, object]:
    """Every value the conclusion's prose glues, by name; Markdown values end in ``-md``.

    ``s`` is a fitted :class:`~analysis.report.synthesis.Synthesis`.
    """
    src = s.sources_
    years = src["year"].astype(int)
    v: dict[str, object] = {
        "n-sources": number_word(len(src)), "first-year": int(years.min()), "last-year": int(years.max()),
        "words": f"{int(s.words_.sum()):,}", "words-min": f"{int(s.words_.min()):,}",
        "words-max": f"{int(s.words_.max()):,}", "split-year": config.PERIOD_SPLIT_YEAR,
    }
    groups = s.groups_
    for col, name in (("period", "early"), ("period", "late"), ("perspective", "Russian"),
                      ("perspective", "Western")):
        ids = list(groups.index[groups[col] == name])
        v[f"{name.lower()}-n"] = number_word(len(ids))
        v[f"{name.lower()}-names"] = names(s.label(i) for i in ids)
    gap = s.gap_
    if gap:
        v.update({"gap-first": gap["first_year"], "gap-last": gap["last_year"],
                  "gap-years": number_word(gap["gap"].years), "gap-before": gap["label_before"],
                  "gap-after": gap["label_after"], "gap-n-before": number_word(gap["n_before"]),
                  "gap-n-after": number_word(gap["n_after"]), "gap-events-n": number_word(len(gap["events"])),
                  "gap-events": events_phrase(gap["events"]),
                  "gap-split": ("falls inside the gap" if gap["first_year"] <= config.PERIOD_SPLIT_YEAR
                                <= gap["last_year"] else "falls outside the gap")})
    else:
        v.update({k: "none" for k in ("gap-first", "gap-last", "gap-years", "gap-before", "gap-after",
                                      "gap-n-before", "gap-n-after", "gap-events-n", "gap-events", "gap-split")})
    # lexical contrasts, leave-one-source-out and the background prior
    for key, (cmp, loo) in s.contrasts_.items():
        gi, gj = cmp.names
        keep_i, keep_j = surviving(loo, gi, s.forms_), surviving(loo, gj, s.forms_)
        v[f"{key}-total"] = len(loo)
        v[f"{key}-kept"] = number_word(len(keep_i) + len(keep_j))
        v[f"{key}-i-terms-md"] = terms_phrase(keep_i)
        v[f"{key}-j-terms-md"] = terms_phrase(keep_j)
        shared = s.prior_shared_.get(key)
        v[f"{key}-prior"] = (" and ".join(f"{a} of {n}" for a, n in shared) if shared else "none (no comparison)")
    vcmp, vloo = s.voice_contrast_
    v["voices-total"] = len(vloo)
    v["voices-official-terms-md"] = terms_phrase(surviving(vloo, "Russian official", s.voice_forms_))
    v["voices-commentator-terms-md"] = terms_phrase(surviving(vloo, "Western commentator", s.voice_forms_))
    fails = s.stance_failures_
    n_stance = 0 if s.validation_ is None else int(s.validation_["measure"].isin(["word lists", "VADER"]).sum())
    v["tone-verdict"] = ("no hand-coded sample exists to validate the tone measures" if s.validation_ is None
                         else f"none of the {number_word(n_stance)} tone measures passes"
                         if len(fails) == n_stance else f"these tone measures fail: {names(fails)}"
                         if fails else "every tone measure passes")
    v["themes-ok-n"] = number_word(len(s.themes_ok_))
    v["themes-ok"] = names(s.themes_ok_) or "none"
    v["themes-fall"] = theme_phrase(s.theme_shift_, -1)
    v["themes-rise"] = theme_phrase(s.theme_shift_, +1)
    rest = [t for t in s.theme_shift_.index if not s.theme_shift_.loc[t, "survives"]]
    v["themes-unstable"] = names(rest) or "none"
    # topics
    ag = s.topic_agreement_
    rob = s.topic_robustness_
    v.update({"topic-k": s.sweep_.best_k_, "topic-observed": f"{round(100 * ag['observed'])}%",
              "topic-chance": f"{round(100 * ag['chance'])}%", "topic-kappa": f"{ag['kappa']:.2f}",
              "topic-verdict": agreement_verdict(ag), "topic-segments": f"{len(s.segments_):,}",
              "topic-robust": number_word(int((rob["robust"] == "yes").sum())),
              "topic-sources": number_word(len(rob))})
    # forecasts on each source's own claims
    own = s.scored_[s.scored_["type"].isin(("own", "conditional"))] if len(s.scored_) else s.scored_
    clean = own[own["o"].notna()] if len(own) else own
    v["own-n"] = len(own)
    v["own-scored"] = len(clean)
    v["attributed-n"] = int((s.scored_["type"] == "attributed").sum()) if len(s.scored_) else 0
    if len(clean):
        brier = scoring.brier_score(clean["probability"], clean["o"])
        base = float(clean["o"].mean())
        base_brier = scoring.brier_score([base] * len(clean), clean["o"])
        v.update({"own-brier": f"{brier:.3f}", "own-base-brier": f"{base_brier:.3f}",
                  "own-verdict": brier_verdict(brier, base_brier)})
    else:
        v.update({"own-brier": "none", "own-base-brier": "none", "own-verdict": "not yet scored"})
    v["ranking"] = ranking_phrase(s.own_card_, s.min_ranked)
    v["min-ranked"] = number_word(s.min_ranked)
    v["perspective-brier"] = group_brier_phrase(s.scored_)
    top = clean["source"].value_counts() if len(clean) else pd.Series(dtype=int)
    v["own-top"] = (f"{top.index[0]} supplies {top.iloc[0]} of the {len(clean)}" if len(top)
                    else "no source supplies any")
    official = surviving(vloo, "Russian official", s.voice_forms_)
    v["voices-official-reading-md"] = (
        "none of the Russian officials' top terms stays in the list whichever source is left out: their "
        "distinctive vocabulary rests on the texts that quote them" if not official else
        f"the Russian officials' terms {terms_phrase(official)} stay in the list whichever source is left out")
    shift = s.theme_shift_
    falling = shift[shift["survives"].astype(bool) & (shift["change"] < 0)].index if len(shift) else []
    v["themes-fall-names"] = names(falling) or "no validated theme"
    loose = int(src["date_precision"].isin(["range", "month", "year"]).sum())
    v["loose-dates"] = count_phrase(loose, "text")
    for sid, k in QUOTES:
        v[f"quote-{sid}-{k}-md"] = quote_md(s.readings_, sid, k)
        v[f"verdict-{sid}-{k}-md"] = quote_verdict(s.scored_, s.readings_, sid, k)
    for sid in dict.fromkeys([*src.index, *config.CONCLUSION_WRITTEN_FOR]):
        v[f"reading-{sid}-md"] = reading_link(sid, s.label(sid)) if sid in src.index else f"`{sid}`"
    return v


__all__ = ["values", "catalog_note", "terms_phrase", "count_phrase", "number_word", "names", "surviving",
           "theme_phrase", "events_phrase", "quote_verdict", "group_brier_phrase", "brier_verdict", "ranking_phrase", "quote_md", "QUOTES"]
