"""The chapters' results, fitted once, for the conclusion.

Nothing here is a new method. :class:`Synthesis` calls the chapter modules'
public functions with the chapters' settings (from :mod:`analysis.config`) and
keeps only what the conclusion argues from: the corpus's size, span and gap,
the lexical contrasts with their leave-one-source-out checks and the
background prior, the validation verdicts of the word lists, the themes, the
topic models' robustness, and the forecasts as the predictions chapter scores
them (:mod:`analysis.forecasts.scoring`, :mod:`analysis.forecasts.sensitivity`).
:mod:`analysis.report.conclusion` turns these into the glued values and
computed phrases of the chapter's prose.

A few small summaries are computed here from the chapters' results, each with
its formula in its docstring: the change of each theme's rate between
periods, with a leave-one-source-out check of its sign
(:func:`theme_shift`, :func:`theme_shift_loo`); the eras a source's date
range spans (:func:`date_span_eras`); and, for the forecasts, what each
scenario of the sensitivity table says about the conclusion's comparisons
(:func:`scenario_checks`, with :func:`overconfidence`) and the perspectives'
order with each source left out (:func:`perspective_loo`).
:func:`summary_table` gives the chapter's "in brief" table, one row per source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.corpus.eras import era_of
from analysis.corpus.readings import load_readings
from analysis.corpus.stats import text_statistics
from analysis.features.chunks import make_segments
from analysis.forecasts import ledger, scoring, sensitivity
from analysis.methods import contrast, lexicon, topics, voices
from analysis.report.contrast_tables import passes
from analysis.report.readings import gap_facts

#: The ledger's claim types a source is scored on: its author's own and conditional claims.
OWN_TYPES = ("own", "conditional")

#: The group contrasts of the periods-and-authors chapter: (grouping, group i, group j).
CONTRASTS = (("period", "early", "late"), ("perspective", "Russian", "Western"))


# --------------------------------------------------------------------------- small summaries

def theme_shift(rates: pd.DataFrame, period: pd.Series, early: str = "early",
                late: str = "late") -> pd.DataFrame:
    """Each theme's mean rate per 1,000 words in early and late sources, and the change.

    ``change = mean over late sources - mean over early sources`` (each source
    counts once, whatever its length); rows sorted by change, largest rise
    first. Empty when a period has no source.

    >>> r = pd.DataFrame({"NATO": [4.0, 2.0, 1.0], "Ukraine": [0.0, 0.0, 3.0]}, index=list("abc"))
    >>> theme_shift(r, pd.Series({"a": "early", "b": "early", "c": "late"})).values.tolist()
    [[0.0, 3.0, 3.0], [3.0, 1.0, -2.0]]
    """
    cols = [early, late, "change"]
    per = period.reindex(rates.index)
    if not (per == early).any() or not (per == late).any():
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({early: rates[per == early].mean(), late: rates[per == late].mean()})
    out["change"] = out[late] - out[early]
    return out.sort_values("change", ascending=False, kind="stable")[cols]


def theme_shift_loo(rates: pd.DataFrame, period: pd.Series, early: str = "early",
                    late: str = "late") -> pd.DataFrame:
    """:func:`theme_shift` with each source left out in turn: does the change keep its sign?

    For each theme, ``change`` is the full run's change; ``runs`` counts the
    runs that leave one source out and still have a source in each period;
    ``same sign`` the runs whose change has the full run's sign (a change of
    0 has no sign); ``survives`` is True when every source can be left out
    and every run keeps the sign; ``driven by`` lists the sources whose
    omission flips it or leaves a period empty.

    >>> r = pd.DataFrame({"NATO": [4.0, 2.0, 1.0, 0.0], "Iraq": [0.0, 2.0, 0.0, 6.0]}, index=list("abcd"))
    >>> t = theme_shift_loo(r, pd.Series({"a": "early", "b": "early", "c": "late", "d": "late"}))
    >>> t[["change", "same sign", "survives", "driven by"]].values.tolist()
    [[2.0, 3, False, ('d',)], [-2.5, 4, True, ()]]
    """
    cols = ["early", "late", "change", "runs", "same sign", "survives", "driven by"]
    full = theme_shift(rates, period, early, late)
    if full.empty:
        return pd.DataFrame(columns=cols)
    flips: dict[str, list[str]] = {t: [] for t in full.index}
    runs = same = pd.Series(0, index=full.index)
    for sid in rates.index:
        part = theme_shift(rates.drop(index=sid), period.drop(index=sid, errors="ignore"), early, late)
        if part.empty:
            for t in full.index:
                flips[t].append(sid)
            continue
        runs = runs + 1
        kept = (part["change"].reindex(full.index) * full["change"]) > 0
        same = same + kept.astype(int)
        for t in full.index[~kept]:
            flips[t].append(sid)
    out = full.rename(columns={early: "early", late: "late"})
    out["runs"] = runs
    out["same sign"] = same
    out["driven by"] = [tuple(flips[t]) for t in out.index]
    out["survives"] = [not d for d in out["driven by"]]
    return out[cols]


def date_span_eras(sources: pd.DataFrame) -> pd.DataFrame:
    """For each source dated by a range (``START/END``), the eras of its two ends.

    ``crosses`` is True when the range runs over an era boundary, so the
    source's era (from its most likely date) is itself uncertain.

    >>> src = pd.DataFrame({"published": ["2003-10/2004-06", "2013-06/2014-03", "2004-11"]},
    ...                    index=["a", "b", "c"])
    >>> date_span_eras(src)["crosses"].tolist()
    [False, True]
    """
    rows = []
    for sid, published in sources["published"].astype(str).items():
        if "/" not in published:
            continue
        start, end = published.split("/", 1)
        first, last = era_of(start), era_of(end)
        rows.append({"source_id": sid, "from era": first, "to era": last, "crosses": first != last})
    return pd.DataFrame(rows, columns=["source_id", "from era", "to era", "crosses"]).set_index("source_id")


def numref_targets(text: str) -> list[str]:
    """The names cited with ``{numref}`` in Markdown text, in order.

    >>> numref_targets("see {numref}`tbl-a` and {numref}`fig-b`")
    ['tbl-a', 'fig-b']
    """
    return re.findall(r"\{numref\}`([^`<]+?)`", text)


# --------------------------------------------------------------------------- the forecasts' robustness

def scenario_frame(scored: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """The scored ledger under one scenario of :func:`analysis.forecasts.sensitivity.scenarios`.

    Rescored (:func:`analysis.forecasts.sensitivity.rescore`) and, when
    ``settings["attributed"]``, with attributed claims counted as the quoting
    source's own, as :func:`analysis.forecasts.sensitivity.score_scenario` scores it.

    >>> demo = pd.DataFrame({"hedge_words": ["will"], "scale_term": ["almost certain"], "negated": [False],
    ...     "probability": [0.97], "resolution": ["yes"], "o": [1.0], "verdict": ["correct"],
    ...     "outcome_date": ["2020"], "horizon": ["2020"], "type": ["attributed"]})
    >>> scenario_frame(demo, {"will": 0.8, "attributed": True})[["probability", "type"]].values.tolist()
    [[0.8, 'own']]
    """
    frame = sensitivity.rescore(scored, **settings)
    if settings.get("attributed"):
        frame = frame.assign(type=frame["type"].replace({"attributed": "own"}))
    return frame


def overconfidence(scored: pd.DataFrame, **boot) -> dict[str, float]:
    """Mean stated confidence minus the share of claims that went the way they leaned, with an interval.

    Over the claims resolved yes or no and not stated at 0.5 (those lean
    neither way), with :math:`q_i = \\max(p_i, 1 - p_i)` the stated confidence
    and :math:`y_i` = 1 when the outcome went the way :math:`p_i` leaned:

    .. math:: OC = \\frac{1}{n} \\sum_i q_i - \\frac{1}{n} \\sum_i y_i,

    positive when the claims are stated more confidently than they come
    true. ``low`` and ``high`` are a bootstrap interval
    (:func:`analysis.forecasts.scoring.bootstrap_interval`); the claims are
    *overconfident* when the whole interval lies above 0.

    >>> demo = pd.DataFrame({"probability": [0.97, 0.97, 0.03, 0.5], "o": [1.0, 0.0, 0.0, 1.0]})
    >>> overconfidence(demo)["value"]  # q = 0.97 thrice, two of three went their way: 0.97 - 2/3
    0.3033
    """
    clean = scored[scored["o"].notna() & (scored["probability"] != 0.5)]
    p, o = clean["probability"].to_numpy(float), clean["o"].to_numpy(float)

    def stat(p, o):
        return float((abs(p - 0.5) + 0.5).mean() - ((p > 0.5) == (o == 1)).mean()) if len(p) else float("nan")

    lo, hi = scoring.bootstrap_interval(stat, p, o, **boot)
    return {"value": round(stat(p, o), 4), "low": lo, "high": hi, "n": len(p)}


def scenario_checks(scored: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Each scenario of the sensitivity table with what the conclusion tests in it.

    ``table`` is :func:`analysis.forecasts.sensitivity.sensitivity_table` of
    ``scored``. One row per scenario (indexed by its label): ``order``, the
    ranked sources in rank order; ``lower``, the perspective with the lower
    Brier score (empty with fewer than two); the overall ``Brier`` and ``AUC``
    of the own and conditional claims with their intervals
    (:func:`analysis.forecasts.scoring.probability_quality`), ``resolution`` and
    ``uncertainty``; and :func:`overconfidence` (``OC``, ``OC low``, ``OC high``).
    Empty when the table is.
    """
    cols = ["order", "lower", "n", "Brier", "Brier low", "Brier high", "AUC", "AUC low", "AUC high",
            "resolution", "uncertainty", "OC", "OC low", "OC high"]
    if not len(table):
        return pd.DataFrame(columns=cols)
    rows = {}
    for label, settings in sensitivity.scenarios():
        part = table[table["scenario"] == label]
        ranked = part[part["rank"].notna()].sort_values("rank", kind="stable")
        persp = {c.removeprefix("all: Brier "): part[c].iloc[0] for c in part.columns
                 if c.startswith("all: Brier ") and pd.notna(part[c].iloc[0])}
        own = scoring.own_claims(scenario_frame(scored, settings))
        q = scoring.probability_quality(own).set_index("measure")
        oc = overconfidence(own)
        rows[label] = {"order": tuple(ranked["source"]),
                       "lower": min(persp, key=persp.get) if len(persp) >= 2 else "",
                       "n": int(q.loc["Brier score", "n"]),
                       **{f"{name}{suffix}": q.loc[measure, col] for name, measure in (("Brier", "Brier score"),
                          ("AUC", "AUC")) for suffix, col in (("", "value"), (" low", "low"), (" high", "high"))},
                       "resolution": q.loc["resolution", "value"], "uncertainty": q.loc["uncertainty", "value"],
                       "OC": oc["value"], "OC low": oc["low"], "OC high": oc["high"]}
    return pd.DataFrame.from_dict(rows, orient="index")[cols]


def perspective_loo(scored: pd.DataFrame, column: str = "perspective") -> pd.DataFrame:
    """The perspective with the lower Brier score, with each source's own claims left out in turn.

    Over the own and conditional claims resolved yes or no. One row per
    source with such claims: ``claims`` (its scored claims), ``lower`` (the
    side scoring lower without it, empty when a side is left with none) and
    ``reverses`` (True when that is not the side that scores lower with every
    source in). Empty with fewer than two perspectives.

    >>> s = pd.DataFrame({"source": ["a", "b", "c"], "type": ["own"] * 3, "perspective": ["R", "R", "W"],
    ...                   "probability": [0.97, 0.5, 0.675], "o": [1.0, 1.0, 1.0]})
    >>> perspective_loo(s).values.tolist()  # R (0.0009 + 0.25) / 2 = 0.125 against W 0.106: W lower
    [['a', 1, 'W', False], ['b', 1, 'R', True], ['c', 1, '', True]]
    """
    cols = ["source", "claims", "lower", "reverses"]
    own = scoring.own_claims(scored) if len(scored) else scored
    own = own[own["o"].notna()] if len(own) else own

    def lower(frame):
        b = {g: scoring.brier_score(part["probability"], part["o"])
             for g, part in frame.groupby(column, sort=True, observed=True)}
        return min(b, key=b.get) if len(b) >= 2 else ""

    if not len(own) or own[column].nunique() < 2:
        return pd.DataFrame(columns=cols)
    full = lower(own)
    rows = []
    for source, part in own.groupby("source", sort=False):
        side = lower(own[own["source"] != source])
        rows.append({"source": source, "claims": len(part), "lower": side, "reverses": side != full})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- the lexical chapter's checks

def validation_results(corpus, passages: pd.DataFrame) -> pd.DataFrame | None:
    """The periods-and-authors chapter's validation table (word lists, VADER, themes), or None.

    The reference is each sentence's code where the two hand codings of
    ``seeds/coding/`` agree (:func:`analysis.methods.lexicon.reference_codes`);
    the word lists' and VADER's codes of the same sentences are scored
    against it (:func:`analysis.methods.lexicon.validation_table`). None when
    the catalog has no sample coded twice.
    """
    coding = lexicon.load_coding()
    if coding is None or len(coding.codes) != 2:
        return None
    coder_a, coder_b = coding.codes["A"], coding.codes["B"]
    keyed = voices.sentence_speakers(corpus.paragraphs, corpus.sentences, passages).set_index(
        ["source_id", "para", "sent"])
    speaker = pd.DataFrame([keyed.loc[(r.source_id, r.paragraph, r.sentence), ["strict", "broad"]]
                            for r in coding.sample.itertuples()], index=coding.sample.index)
    return lexicon.validation_table(lexicon.list_codes(coding.sample["text"]),
                                    lexicon.reference_codes(coder_a, coder_b), speaker=speaker)


def validated_themes(validation: pd.DataFrame | None) -> list[str]:
    """Themes whose word list passes validation on enough coded sentences (as chapter 4 reads them).

    >>> v = pd.DataFrame({"measure": ["theme list"] * 3, "category": ["NATO", "Iraq", "China"],
    ...                   "precision": [0.9, 0.9, 0.3], "recall": [0.9, 0.9, 0.9], "reference": [11, 3, 9]})
    >>> validated_themes(v)
    ['NATO']
    """
    if validation is None:
        return []
    rows = validation[validation["measure"] == "theme list"]
    return [r["category"] for _, r in rows.iterrows() if passes(r) and r["reference"] > config.MIN_THEME_POSITIVES]


def stance_failures(validation: pd.DataFrame | None) -> list[str]:
    """The stance measures (word lists, VADER) that fail validation, as "measure (category)".

    >>> v = pd.DataFrame({"measure": ["VADER", "word lists"], "category": ["cooperation"] * 2,
    ...                   "precision": [0.26, 0.7], "recall": [0.66, 0.6]})
    >>> stance_failures(v)
    ['VADER (cooperation)']
    """
    if validation is None:
        return []
    rows = validation[validation["measure"].isin(["word lists", "VADER"])]
    return [f"{r['measure']} ({r['category']})" for _, r in rows.iterrows() if not passes(r)]


# --------------------------------------------------------------------------- the results of every chapter

class Synthesis:
    """The chapters' results the conclusion argues from, fitted once with the chapters' settings.

    Attributes
    ----------
    sources_, labels_ : the catalog and its labels (id -> label).
    words_ : words per source (:func:`analysis.corpus.stats.text_statistics`).
    gap_ : the longest run of years without a text (:func:`analysis.report.readings.gap_facts`).
    readings_ : the curated readings (``seeds/readings.yaml``).
    groups_, forms_ : the catalog's groups and the terms' surface forms.
    contrasts_ : for each grouping of :data:`CONTRASTS`, ``(Comparison, leave-one-out table)``.
    prior_shared_ : per grouping, ``((shared, n), (shared, n))`` top terms of each side kept
        under the background prior at the main weight.
    voice_contrast_, voice_forms_ : Russian officials against Western commentators, every voice.
    validation_ : the validation table (None without a coded sample); ``themes_ok_`` the
        validated themes; ``stance_failures_`` the stance measures that fail.
    theme_shift_ : :func:`theme_shift_loo` of the validated themes.
    segments_, sweep_, topic_robustness_, topic_agreement_ : the topics chapter's segments and
        sweep (its settings, :func:`analysis.config.topic_sweep_settings`), the robustness of
        each source's dominant topic and the NMF-LDA agreement on each segment's dominant topic
        set against chance (:func:`analysis.methods.topics.dominant_agreement`).
    scored_ : the scored ledger; ``ledger_found_``.
    own_card_ : :func:`analysis.forecasts.scoring.source_ranking` (own and conditional claims).
    voices_ : :func:`analysis.forecasts.scoring.voices_table` (quoted forecasts, under their speakers).
    quality_ : :func:`analysis.forecasts.scoring.probability_quality` of the own and conditional claims.
    sensitivity_ : :func:`analysis.forecasts.sensitivity.sensitivity_table`; ``checks_``
        :func:`scenario_checks` of it; ``perspective_loo_`` :func:`perspective_loo`.
    agreement_ : :func:`analysis.forecasts.scoring.coding_agreement` of the second, blind coding
        (None without one).

    Examples
    --------
    Fitting reruns the chapters' analyses (the topic sweep comes from the cache
    after its first fit), so the example shows the setting;
    ``tests/report/test_synthesis.py`` fits it:

    >>> Synthesis().min_ranked
    5
    """

    def __init__(self, *, min_ranked: int = config.MIN_RANKED):
        self.min_ranked = min_ranked

    def fit(self, corpus, seeds: Path | None = None) -> Synthesis:
        seeds = Path(seeds or config.seeds_dir())
        self.corpus_ = corpus
        self.sources_ = corpus.sources
        self.labels_ = corpus.sources["label"]
        self.words_ = text_statistics(corpus)["words"]
        events_path = seeds / "events.csv"
        events = (pd.read_csv(events_path, parse_dates=["date"]) if events_path.is_file()
                  else pd.DataFrame({"date": pd.to_datetime([]), "event": []}))
        self.gap_ = gap_facts(corpus, events)
        self.readings_ = load_readings(corpus, seeds / "readings.yaml")
        self._fit_lexical(corpus)
        self._fit_topics(corpus)
        self._fit_forecasts(corpus, seeds)
        return self

    def _fit_lexical(self, corpus) -> None:
        texts = corpus.texts(headings=False)
        counts = contrast.count_matrix(texts)
        self.forms_ = contrast.surface_forms(texts)
        self.groups_ = contrast.groupings(self.sources_)
        background = contrast.background_counts()
        self.contrasts_, self.prior_shared_ = {}, {}
        for key, gi, gj in CONTRASTS:
            self.contrasts_[key] = (contrast.Comparison(counts, self.groups_[key], gi, gj),
                                    contrast.leave_one_out(counts, self.groups_[key], gi, gj))
            sens = contrast.prior_sensitivity(counts, self.groups_[key], gi, gj,
                                              {"corpus": None, "background": background})
            rows = sens[(sens["prior"] == "background") & (sens["a0"] == config.PRIOR_SCALE)]
            if len(rows) == 2:
                self.prior_shared_[key] = tuple((int(r["shared"]), int(r["n"])) for _, r in rows.iterrows())
        self.passages_ = voices.VoiceAttributor().fit(corpus.paragraphs).passages_
        frame = voices.voice_texts(corpus.paragraphs, self.sources_, self.passages_)
        frame["group"] = [voices.voice_group(r, p) for r, p in zip(frame["role"], frame["perspective"])]
        docs = frame.set_index(frame["source_id"] + ": " + frame["voice"])
        vcounts = contrast.count_matrix(docs["text"])
        self.voice_forms_ = contrast.surface_forms(docs["text"])
        names = ("Russian official", "Western commentator")
        self.voice_contrast_ = (contrast.Comparison(vcounts, docs["group"], *names, unit="voice"),
                                contrast.leave_one_out(vcounts, docs["group"], *names, units=docs["source_id"]))
        self.validation_ = validation_results(corpus, self.passages_)
        self.themes_ok_ = validated_themes(self.validation_)
        self.stance_failures_ = stance_failures(self.validation_)
        rates = lexicon.theme_rates(texts)
        self.theme_shift_ = theme_shift_loo(rates[[t for t in self.themes_ok_ if t in rates]],
                                            self.groups_["period"])

    def _fit_topics(self, corpus) -> None:
        segments = make_segments(corpus.paragraphs)
        self.segments_ = segments
        self.sweep_ = topics.TopicSweep(**config.topic_sweep_settings()).fit(segments["text"])
        self.topic_robustness_ = topics.robustness(self.sweep_, segments, self.sources_)
        self.topic_agreement_ = topics.dominant_agreement(
            self.sweep_.model("nmf"), self.sweep_.model("lda"), n_permutations=config.TOPIC_PERMUTATIONS,
            random_state=config.TOPIC_PERMUTATION_SEED)

    def _fit_forecasts(self, corpus, seeds: Path) -> None:
        path = seeds / "predictions.yaml"
        self.ledger_found_ = path.is_file()
        rows, self.ignored_ = ledger.ledger_for(corpus, ledger.load_ledger(path))
        self.scored_ = ledger.scored_ledger(corpus, rows)
        order = [corpus.label(s) for s in corpus.ids]
        scored = self.scored_
        self.own_card_ = scoring.source_ranking(scored, order=order, min_ranked=self.min_ranked)
        self.voices_ = scoring.voices_table(scored)
        self.quality_ = scoring.probability_quality(scoring.own_claims(scored))
        self.sensitivity_ = (sensitivity.sensitivity_table(scored, order=order, min_ranked=self.min_ranked)
                             if len(scored) else pd.DataFrame())
        self.checks_ = scenario_checks(scored, self.sensitivity_)
        self.perspective_loo_ = perspective_loo(scored)
        second = ledger.load_second_coding(seeds / config.SECOND_CODING)
        self.agreement_ = scoring.coding_agreement(scored, second) if len(scored) and len(second) else None

    def label(self, sid: str) -> str:
        return str(self.labels_[sid])


# --------------------------------------------------------------------------- in brief

def summary_table(s: Synthesis, n_terms: int = config.CONCLUSION_SUMMARY_TERMS) -> pd.DataFrame:
    """One row per source: catalog facts, terms that set it apart, and its own forecasts' score.

    The terms are the source's top log-odds terms against the rest of the
    corpus (:func:`analysis.methods.contrast.each_against_rest`): they describe
    one text. No tone and no topic: neither survives its chapter's checks.
    """
    counts = contrast.count_matrix(s.corpus_.texts(headings=False))
    each = contrast.each_against_rest(counts) if len(counts) > 1 else {}
    card = s.own_card_
    rows = []
    for sid in s.sources_.index:
        src, label = s.sources_.loc[sid], s.label(sid)
        terms = contrast.top_ids(each[sid], n_terms, 1) if sid in each else []
        has = label in card.index
        rank = card.loc[label, "rank"] if has else pd.NA
        rows.append({
            "source": label, "era": src["era"], "perspective": src["perspective"], "role": src["role"],
            "words": int(s.words_[sid]),
            "terms that set it apart": ", ".join(s.forms_.show(t) for t in terms),
            "own forecasts": int(card.loc[label, "n"]) if has else 0,
            "scored": int(card.loc[label, "scored"]) if has else 0,
            "Brier (own)": (f"{card.loc[label, 'Brier']:.3f}" if has and pd.notna(card.loc[label, "Brier"]) else ""),
            "ranked": ("" if not has else "yes" if pd.notna(rank) else "no"),
        })
    return pd.DataFrame(rows)


__all__ = [
    "Synthesis", "summary_table", "theme_shift", "theme_shift_loo", "date_span_eras", "numref_targets",
    "scenario_frame", "overconfidence", "scenario_checks", "perspective_loo", "validation_results", "validated_themes", "stance_failures", "OWN_TYPES", "CONTRASTS",
]
