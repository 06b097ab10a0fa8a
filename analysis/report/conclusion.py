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
* :func:`robustness_values` and its ``*_robustness`` phrases -- whether each comparison
  of the forecasts holds in every scenario of the predictions chapter's sensitivity table;
* :func:`quote_md` -- a curated key quote with its link into the annotated text.
"""
from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.forecasts import ledger, scoring
from analysis.forecasts.scale import is_plain_will
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


def ranking_phrase(card: pd.DataFrame, min_ranked: int) -> str:
    """Which sources are ranked on their own forecasts, in order, and whether their intervals overlap.

    ``card`` is :func:`analysis.forecasts.scoring.source_ranking` (``scored``,
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
        spans = [tuple(map(float, str(v).split("-"))) if str(v).count("-") == 1 else None
                 for v in ranked["Brier 90% interval"]]
        overlap = all(s is not None for s in spans) and max(lo for lo, _ in spans) <= min(hi for _, hi in spans)
        text = (f"{count_phrase(len(ranked), 'source')} have at least {number_word(min_ranked)} scored "
                f"forecasts of their own and are ranked: " + " before ".join(parts)
                + ("; the intervals overlap, so the order describes these claims and ranks no forecaster"
                   if overlap else "; not all the intervals overlap"))
    if rest:
        text += f". {names(rest)} {'is' if len(rest) == 1 else 'are'} shown, not ranked"
    return text


# --------------------------------------------------------------------------- the forecasts' robustness

def scenario_name(label: str) -> str:
    """A scenario of the sensitivity table (:func:`analysis.forecasts.sensitivity.scenarios`) as prose.

    >>> scenario_name("main"), scenario_name("will = 0.8"), scenario_name("record to 2025-06-30")
    ('the main setting', 'plain *will* read as 0.8', 'the record cut at 2025-06-30')
    """
    if label.startswith("will = "):
        return f"plain *will* read as {label[len('will = '):]}"
    if label.startswith("record to "):
        return f"the record cut at {label[len('record to '):]}"
    return {"main": "the main setting", "attributed claims credited to the quoting source":
            "quoted forecasts credited to the page that quotes them",
            "claims at 0.5 in share correct": "claims at 0.5 counted in share correct"}.get(label, label)


def where_phrase(flags: pd.Series) -> str:
    """Where a statement holds among the scenarios (``flags``: True where it holds, indexed by scenario).

    >>> where_phrase(pd.Series({"main": True, "will = 0.8": True}))
    'in every scenario of the sensitivity table'
    >>> where_phrase(pd.Series({"main": True, "will = 0.9": True, "will = 0.8": False}))
    'in every scenario of the sensitivity table except plain *will* read as 0.8'
    >>> where_phrase(pd.Series({"main": True, "will = 0.9": False, "will = 0.8": False}))
    'only under the main setting'
    >>> where_phrase(pd.Series({"main": False}))
    'in no scenario of the sensitivity table'
    """
    flags = flags.astype(bool)
    if flags.all():
        return "in every scenario of the sensitivity table"
    if not flags.any():
        return "in no scenario of the sensitivity table"
    yes = [scenario_name(k) for k in flags.index[flags]]
    no = [scenario_name(k) for k in flags.index[~flags]]
    return (f"in every scenario of the sensitivity table except {names(no)}" if len(yes) >= len(no)
            else f"only under {names(yes)}")


def ranking_robustness(checks: pd.DataFrame) -> str:
    """Whether the main ranking of sources (:func:`analysis.report.synthesis.scenario_checks`) holds in every scenario.

    >>> c = pd.DataFrame({"order": [("K", "Y"), ("K", "Y"), ("I", "K", "Y")]},
    ...                  index=["main", "will = 0.8", "attributed claims credited to the quoting source"])
    >>> ranking_robustness(c)  # doctest: +NORMALIZE_WHITESPACE
    'the order K before Y holds in every scenario of the sensitivity table except quoted forecasts credited to
    the page that quotes them, which ranks I first'
    """
    if not len(checks) or len(checks.loc["main", "order"]) < 2:
        return "fewer than two sources are ranked, so there is no order to test"
    main = tuple(checks.loc["main", "order"])
    same = checks["order"].map(lambda o: tuple(o) == main)
    text = f"the order {' before '.join(main)} holds {where_phrase(same)}"
    changed = [(k, tuple(o)) for k, o in checks["order"].items() if tuple(o) != main]
    notes = [(scenario_name(k), f"which ranks {o[0]} first" if o and o[0] != main[0] else
              f"which ranks {' before '.join(o) or 'no source'}") for k, o in changed]
    if len(notes) == 1:
        return f"{text}, {notes[0][1]}"
    return text + (f" ({'; '.join(f'{k}, {n}' for k, n in notes)})" if notes else "")


def perspective_robustness(checks: pd.DataFrame, loo: pd.DataFrame) -> str:
    """Whether the perspective scoring lower under the main setting does so in every scenario and without each source.

    ``loo`` is :func:`analysis.report.synthesis.perspective_loo`.

    >>> c = pd.DataFrame({"lower": ["Russian", "Western"]}, index=["main", "record to 2025-06-30"])
    >>> loo = pd.DataFrame({"source": ["P", "I"], "claims": [4, 4], "lower": ["Russian", "Western"],
    ...                     "reverses": [False, True]})
    >>> perspective_robustness(c, loo)  # doctest: +NORMALIZE_WHITESPACE
    'the Russian texts score lower in every scenario of the sensitivity table except the record cut at
    2025-06-30, and leaving out I (four scored claims) reverses the order'
    """
    if not len(checks) or not checks.loc["main", "lower"]:
        return "the ledger scores the own claims of only one perspective, so there is no order to test"
    main = checks.loc["main", "lower"]
    text = f"the {main} texts score lower {where_phrase(checks['lower'] == main)}"
    flips = loo[loo["reverses"].astype(bool)] if len(loo) else loo
    if not len(flips):
        return text + ", and leaving out any one source keeps the order"
    return text + (", and leaving out " + " or ".join(
        f"{r['source']} ({count_phrase(int(r['claims']), 'scored claim')})" for _, r in flips.iterrows())
        + " reverses the order")


def half_robustness(checks: pd.DataFrame) -> str:
    """Whether the claims score no better than always saying 0.5 (Brier 0.25) in every scenario, and the intervals.

    >>> c = pd.DataFrame({"Brier": [0.278, 0.232], "Brier low": [0.19, 0.17], "Brier high": [0.38, 0.30]},
    ...                  index=["main", "will = 0.8"])
    >>> half_robustness(c)  # doctest: +NORMALIZE_WHITESPACE
    'a Brier score of 0.25 or more holds in every scenario of the sensitivity table except plain *will* read as
    0.8, and the interval of the Brier score includes 0.25 in every scenario of the sensitivity table'
    """
    if not len(checks):
        return "no claim is scored, so there is nothing to compare"
    inside = (checks["Brier low"] <= 0.25) & (checks["Brier high"] >= 0.25)
    return (f"a Brier score of 0.25 or more holds {where_phrase(checks['Brier'] >= 0.25)}, and the interval of "
            f"the Brier score includes 0.25 {where_phrase(inside)}")


def overconfidence_robustness(checks: pd.DataFrame) -> str:
    """Whether the claims are overconfident (the interval of :func:`~analysis.report.synthesis.overconfidence` above 0).

    >>> c = pd.DataFrame({"OC": [0.21, 0.10], "OC low": [0.08, -0.02], "OC high": [0.34, 0.23]},
    ...                  index=["main", "will = 0.8"])
    >>> overconfidence_robustness(c)  # doctest: +NORMALIZE_WHITESPACE
    'under the main setting the claims are stated 0.21 more confidently than they come true (interval 0.08 to
    0.34); an interval wholly above 0 holds in every scenario of the sensitivity table except plain *will* read
    as 0.8'
    """
    if not len(checks) or pd.isna(checks.loc["main", "OC"]):
        return "no claim is scored, so there is nothing to compare"
    m = checks.loc["main"]
    return (f"under the main setting the claims are stated {m['OC']:.2f} more confidently than they come true "
            f"(interval {m['OC low']:.2f} to {m['OC high']:.2f}); an interval wholly above 0 holds "
            f"{where_phrase(checks['OC low'] > 0)}")


def discrimination_robustness(checks: pd.DataFrame) -> str:
    """The AUC and the resolution across the scenarios: do the stated probabilities separate hits from misses?

    >>> c = pd.DataFrame({"AUC": [0.55, 0.52], "AUC low": [0.40, 0.37], "AUC high": [0.70, 0.67],
    ...                   "resolution": [0.003, 0.008], "uncertainty": [0.228, 0.238]}, index=["main", "will = 0.8"])
    >>> discrimination_robustness(c)  # doctest: +NORMALIZE_WHITESPACE
    'the AUC runs from 0.52 to 0.55 across the scenarios, its interval includes 0.5 in every scenario of the
    sensitivity table, and the resolution is at most 0.008 against an uncertainty of at least 0.228'
    """
    if not len(checks) or checks["AUC"].isna().all():
        return "no claim is scored both ways, so discrimination cannot be measured"
    inside = (checks["AUC low"] <= 0.5) & (checks["AUC high"] >= 0.5)
    return (f"the AUC runs from {checks['AUC'].min():.2f} to {checks['AUC'].max():.2f} across the scenarios, its "
            f"interval includes 0.5 {where_phrase(inside)}, and the resolution is at most "
            f"{checks['resolution'].max():.3f} against an uncertainty of at least {checks['uncertainty'].min():.3f}")


def survival_phrase(results: dict[str, bool]) -> str:
    """Which comparisons hold in every scenario (and without each source) and which do not.

    >>> survival_phrase({"a": True, "b": False, "c": False})
    'a holds in every scenario; b and c do not'
    >>> survival_phrase({"a": False})
    'no comparison holds in every scenario: a does not'
    """
    yes = [k for k, v in results.items() if v]
    no = [k for k, v in results.items() if not v]
    if not yes:
        return f"no comparison holds in every scenario: {names(no)} {'does' if len(no) == 1 else 'do'} not"
    text = f"{names(yes)} {'holds' if len(yes) == 1 else 'hold'} in every scenario"
    return text + (f"; {names(no)} {'does' if len(no) == 1 else 'do'} not" if no else "")


def robustness_values(s) -> dict[str, object]:
    """The glued values of the forecasts' robustness: the sensitivity table's scenarios, quality, κ, voices."""
    checks, loo = s.checks_, s.perspective_loo_
    v: dict[str, object] = {
        "rank-robust-md": ranking_robustness(checks), "persp-robust-md": perspective_robustness(checks, loo),
        "half-robust-md": half_robustness(checks), "overconf-robust-md": overconfidence_robustness(checks),
        "auc-robust-md": discrimination_robustness(checks), "scenarios-n": number_word(len(checks))}
    q = s.quality_.set_index("measure")
    for key, measure in (("brier", "Brier score"), ("rel", "reliability"), ("res", "resolution"),
                         ("unc", "uncertainty"), ("auc", "AUC")):
        row = q.loc[measure]
        v[f"q-{key}"] = "none" if pd.isna(row["value"]) else f"{row['value']:.3f}"
        v[f"q-{key}-ci"] = "none" if pd.isna(row["low"]) else f"{row['low']:.3f} to {row['high']:.3f}"
    v["level"] = f"{config.INTERVAL_LEVEL:.0%}"
    ok = len(checks) > 0
    same_side = ok and bool((checks["lower"] == checks.loc["main", "lower"]).all()) and checks.loc["main", "lower"] != ""
    results = {
        "the claim that the hedge words barely separate hits from misses": ok and bool(
            ((checks["AUC low"] <= 0.5) & (checks["AUC high"] >= 0.5)).all()),
        "the ranking of sources": ok and len(checks.loc["main", "order"]) >= 2 and bool(
            checks["order"].map(lambda o: tuple(o) == tuple(checks.loc["main", "order"])).all()),
        "the order of the Russian and the Western texts": same_side and not bool(
            len(loo) and loo["reverses"].astype(bool).any()),
        "\u201cno better than always saying 0.5\u201d": ok and bool((checks["Brier"] >= 0.25).all()),
        "\u201coverconfident\u201d": ok and bool((checks["OC low"] > 0).all()),
    }
    v["survival-md"] = survival_phrase(results)
    v["ranking-verdict"] = (
        "The order survives the scoring choices, but it describes these claims, not the authors' skill at large"
        if results["the ranking of sources"] else "So the ledger does not tell these authors apart as forecasters: "
        "their order belongs to a scoring choice and a few claims")
    v["discrimination-verdict"] = (
        "the stated probabilities barely separate the claims that came true from those that did not" if results[
            "the claim that the hedge words barely separate hits from misses"] else
        "in some scenario the stated probabilities separate hits from misses better than chance")
    own = scoring.own_claims(s.scored_)
    v.update({"will-readings": names(f"{w:g}" for w in config.WILL_READINGS), "record": config.RECORD_DATE,
              "record-early": config.RECORD_DATE_EARLY,
              "plain-will": number_word(int(own.loc[own["o"].notna(), "hedge_words"].map(is_plain_will).sum()))})
    ag = s.agreement_
    if ag is None:
        v.update({k: "none" for k in ("kappa", "kappa-ci", "coded", "agree", "disagree", "changed")})
    else:
        dis = ag["disagreements"]
        v.update({"kappa": f"{ag['kappa']:.2f}", "kappa-ci": f"{ag['interval'][0]:.2f} to {ag['interval'][1]:.2f}",
                  "coded": ag["n"], "agree": ag["agree"], "disagree": number_word(len(dis)),
                  "changed": number_word(int((dis["verdict"] != dis["first"]).sum()))})
    voices, scored = s.voices_, s.scored_
    v["voices-speakers"] = count_phrase(len(voices), "speaker")
    v["voices-scored"] = number_word(int(voices["scored"].sum())) if "scored" in voices else "none"
    quoted_only = ([g for g, part in scored.groupby("source", sort=False) if (part["type"] == "attributed").all()]
                   if len(scored) else [])
    one = len(quoted_only) == 1
    v["quoted-only"] = (f"{names(quoted_only)} {'holds' if one else 'hold'} only quoted forecasts and so "
                        f"{'has' if one else 'have'} no score of its own" if quoted_only
                        else "every source with forecasts has some of its own")
    return v


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
    own = scoring.own_claims(s.scored_)
    clean = own[own["o"].notna()]
    v.update({"own-n": len(own), "own-scored": len(clean), "attributed-n": int((s.scored_["type"] == "attributed").sum()),
              "own-brier": "none", "own-base-brier": "none", "own-verdict": "not yet scored"})
    if len(clean):
        brier, base = scoring.brier_score(clean["probability"], clean["o"]), float(clean["o"].mean())
        base_brier = scoring.brier_score([base] * len(clean), clean["o"])
        v.update({"own-brier": f"{brier:.3f}", "own-base-brier": f"{base_brier:.3f}",
                  "own-verdict": brier_verdict(brier, base_brier)})
    v["ranking"] = ranking_phrase(s.own_card_, s.min_ranked)
    v.update(robustness_values(s))
    v["min-ranked"] = number_word(s.min_ranked)
    v["perspective-brier"] = group_brier_phrase(s.scored_)
    top = clean["source"].value_counts()
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
           "theme_phrase", "events_phrase", "quote_verdict", "scenario_name", "where_phrase", "ranking_robustness",
           "perspective_robustness", "half_robustness", "overconfidence_robustness", "discrimination_robustness",
           "survival_phrase", "robustness_values", "group_brier_phrase", "brier_verdict", "ranking_phrase", "quote_md", "QUOTES"]
