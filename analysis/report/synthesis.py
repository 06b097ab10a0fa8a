"""Findings across chapters: the book's conclusions, computed from the chapters' own results.

Nothing here is a new method. :class:`Synthesis` refits what each chapter
fits, by calling the chapter modules' public functions with the chapters'
settings, and keeps the results; the ``*_findings`` functions turn them into
Markdown bullets that cite the chapters' named tables and figures:

* :func:`shift_findings` -- how the discourse moved between periods
  (vocabulary, log-odds, themes, tone, topics);
* :func:`forecast_findings` -- who forecast best and worst, and why;
* :func:`perspective_findings` -- what the author's perspective changes;
* :func:`limits_findings` -- how far the evidence goes.

:func:`summary_table` gives one row per source, :func:`plot_overview` a
compact per-source figure. Source names always come from the catalog
(``label``), so the findings hold for any catalog; when the seeds hold no
prediction ledger the forecast findings say so.

A few small summaries are computed here from the chapters' results, each with
its formula in its docstring: mean similarity within and across groups
(:func:`pair_means`), the change of each theme's rate between periods
(:func:`theme_shift`), the voice that utters each ledger claim
(:func:`claim_voices`), the eras a source's date range spans
(:func:`date_span_eras`) and how much of a source's squared error its
confident misses cause (:func:`miss_share`).
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus.eras import era_of
from analysis.corpus.stats import text_statistics
from analysis.features.chunks import make_segments
from analysis.forecasts import ledger, scoring
from analysis.methods import contrast as compare
from analysis.methods import lexicon, topics, vocabulary, voices
from analysis.report import contrast_tables, forecast_tables
from analysis.report.plotting import PERSPECTIVE_COLOURS, colour_for, wrap

#: Claims stated at or above this probability count as confident (as in the predictions chapter).
CONFIDENT = 0.95

#: A ledger note saying the resolver, not the text, set the horizon.
RESOLVER_HORIZON = re.compile(r"chosen by the resolver", re.IGNORECASE)


# --------------------------------------------------------------------------- small summaries

def pair_means(similarity: pd.DataFrame, membership: pd.Series) -> tuple[float, float]:
    """Mean similarity of pairs within the same group and of pairs across groups.

    For sources ``a != b`` (each unordered pair once), with ``g(a)`` the
    group of ``a``::

        within = mean of sim(a, b) over pairs with g(a) == g(b)
        across = mean of sim(a, b) over pairs with g(a) != g(b)

    NaN when there is no such pair.

    >>> sim = pd.DataFrame([[1, .4, .1], [.4, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> pair_means(sim, pd.Series({"a": "x", "b": "x", "c": "y"}))
    (0.4, 0.15)
    """
    ids = list(similarity.index)
    within, across = [], []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            (within if membership[a] == membership[b] else across).append(float(similarity.loc[a, b]))
    mean = lambda xs: round(float(np.mean(xs)), 6) if xs else float("nan")  # noqa: E731
    return mean(within), mean(across)


def group_means(values: pd.Series, membership: pd.Series, order=None) -> pd.Series:
    """Unweighted mean of a per-source value within each group (each source counts once).

    >>> group_means(pd.Series({"a": 1.0, "b": 3.0, "c": -1.0}), pd.Series({"a": "x", "b": "x", "c": "y"}))
    x    2.0
    y   -1.0
    dtype: float64
    """
    out = values.groupby(membership.reindex(values.index)).mean()
    if order is not None:
        out = out.reindex([g for g in order if g in out.index])
    out.index.name = None
    return out


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


def claim_voices(scored: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """The voice that utters each ledger claim: a quoted speaker, or the author.

    A claim belongs to a quoted speaker when its quote (whitespace-normalised)
    lies inside one of that source's quoted passages
    (:class:`analysis.methods.voices.VoiceAttributor`, ``mode == "quote"``) or the
    passage lies inside the quote; otherwise to the source's author. Returns
    ``voice`` (the speaker, or ``"author"``) and ``voice perspective`` (the
    speaker's, or the source's perspective), indexed like ``scored``.

    >>> scored = pd.DataFrame({"source_id": ["s", "s"], "perspective": ["Western"] * 2,
    ...                        "quote": ["the West will decline", "Russia will grow"]})
    >>> passages = pd.DataFrame({"source_id": ["s"], "mode": ["quote"], "speaker": ["V. P."],
    ...     "perspective": ["Russian"], "passage": ["We think the West will decline soon."]})
    >>> claim_voices(scored, passages).values.tolist()
    [['V. P.', 'Russian'], ['author', 'Western']]
    """
    quotes = passages[passages["mode"] == "quote"] if len(passages) else passages
    rows = []
    for row in scored.itertuples():
        q = ledger.normalise_space(row.quote)
        found = None
        if len(quotes) and q:
            for p in quotes[quotes["source_id"] == row.source_id].itertuples():
                text = ledger.normalise_space(p.passage)
                if q in text or (text and text in q):
                    found = (p.speaker, p.perspective)
                    break
        rows.append(found or ("author", row.perspective))
    return pd.DataFrame(rows, columns=["voice", "voice perspective"], index=scored.index)


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


def miss_share(scored: pd.DataFrame, threshold: float = CONFIDENT) -> pd.DataFrame:
    """Per source: clean resolutions, confident misses and their share of the squared error.

    Over the claims resolved yes or no (``o`` not NaN) the Brier score is
    ``mean (p - o)^2``; a confident miss is a claim with ``p >= threshold``
    and ``o = 0``. ``miss share = sum (p - o)^2 over confident misses / sum
    (p - o)^2 over all`` (NaN when the sum is 0).

    >>> s = pd.DataFrame({"source": ["A"] * 3, "probability": [0.97, 0.97, 0.5], "o": [0.0, 1.0, 1.0]})
    >>> miss_share(s).round(3).values.tolist()
    [[3.0, 1.0, 0.789]]
    """
    rows = {}
    for source, g in scored[scored["o"].notna()].groupby("source", sort=False):
        err = (g["probability"] - g["o"]) ** 2
        miss = (g["probability"] >= threshold) & (g["o"] == 0)
        total = float(err.sum())
        rows[source] = {"scored": len(g), "confident misses": int(miss.sum()),
                        "miss share": float(err[miss].sum()) / total if total > 0 else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["scored", "confident misses", "miss share"])


def numref_targets(text: str) -> list[str]:
    """The names cited with ``{numref}`` in Markdown text, in order.

    >>> numref_targets("see {numref}`tbl-a` and {numref}`fig-b`")
    ['tbl-a', 'fig-b']
    """
    return re.findall(r"\{numref\}`([^`<]+?)`", text)


# --------------------------------------------------------------------------- the results of every chapter

class Synthesis:
    """Refit every chapter's analysis with the chapter's settings and keep the results.

    Parameters
    ----------
    k_values, topic_seeds :
        The topic sweep of the topics chapter (``TopicSweep(k_values,
        seeds=topic_seeds)``); its chosen k and NMF model give the topics.
        The sweep is the slow step (about 20 s on the five sources).
    min_scored : int
        A source needs at least this many claims resolved yes or no to be
        named best or worst forecaster.
    max_listed : int
        Lists of sources longer than this are summarised.

    Attributes
    ----------
    sources_, labels_ : the catalog and its labels (id -> label).
    stats_ : text statistics (:func:`analysis.corpus.stats.text_statistics`).
    vocabulary_, stability_, similarity_ : the vocabulary chapter's TF-IDF
        model, top-term stability and cosine similarity.
    groups_, comparisons_, forms_ : the periods-and-authors chapter's groups,
        its early/late and Russian/Western log-odds comparisons, surface forms.
    passages_, voice_frame_, voice_comparison_, voice_forms_ : voices.
    theme_rates_, tones_ : themes per 1,000 words and tone per source.
    segments_, sweep_, topic_model_, topic_mix_, dominant_topics_,
    topic_robustness_ : the topics chapter's segments, sweep, NMF model at the
        chosen k, source mixes, dominant topics and robustness table.
    ledger_found_ : whether the seeds hold ``predictions.yaml``.
    scored_, scorecard_, ignored_ : the scored ledger, the per-source
        scorecard and ledger rows naming sources outside the catalog.
    claim_voices_ : :func:`claim_voices` of the scored ledger.

    Examples
    --------
    Fitting reruns every chapter's analysis (about 25 s, most of it the topic
    sweep), so this example only shows the settings; ``tests/test_synthesis.py``
    fits it on the real corpus:

    >>> s = Synthesis()
    >>> list(s.k_values)[0], list(s.k_values)[-1], s.topic_seeds, s.min_scored
    (3, 12, (0, 1, 2, 3, 4), 3)
    """

    def __init__(self, k_values=range(3, 13), *, topic_seeds=(0, 1, 2, 3, 4), min_scored: int = 3,
                 max_listed: int = 8):
        self.k_values = k_values
        self.topic_seeds = topic_seeds
        self.min_scored = min_scored
        self.max_listed = max_listed

    def fit(self, corpus, seeds: Path | None = None) -> Synthesis:
        seeds = Path(seeds or config.seeds_dir())
        self.sources_ = corpus.sources
        self.labels_ = corpus.sources["label"]
        self.stats_ = text_statistics(corpus)
        # Vocabulary chapter.
        sentences = vocabulary.source_sentences(corpus)
        self.vocabulary_ = vocabulary.DistinctiveTerms().fit(sentences)
        self.stability_ = vocabulary.TermStability(vocabulary.SETTINGS, n=15).fit(sentences)
        self.similarity_ = self.vocabulary_.similarity()
        # Periods-and-authors chapter.
        texts = corpus.texts(headings=False)
        counts = compare.count_matrix(texts)
        self.forms_ = compare.surface_forms(texts)
        self.groups_ = compare.groupings(self.sources_)
        self.comparisons_ = {
            "period": compare.Comparison(counts, self.groups_["period"], "early", "late"),
            "perspective": compare.Comparison(counts, self.groups_["perspective"], "Russian", "Western"),
        }
        self.passages_ = voices.VoiceAttributor().fit(corpus.paragraphs).passages_
        frame = voices.voice_texts(corpus.paragraphs, self.sources_, self.passages_)
        frame["group"] = [voices.voice_group(r, p) for r, p in zip(frame["role"], frame["perspective"])]
        self.voice_frame_ = frame
        docs = frame.set_index(frame["source_id"] + ": " + frame["voice"])
        self.voice_forms_ = compare.surface_forms(docs["text"])
        self.voice_comparison_ = compare.Comparison(compare.count_matrix(docs["text"]), docs["group"],
                                                    "Russian official", "Western commentator", unit="voice")
        self.theme_rates_ = lexicon.theme_rates(texts)
        self.tones_ = lexicon.tone_table(lexicon.sentence_tone(corpus.sentences), corpus.ids)
        # Topics chapter.
        self.segments_ = make_segments(corpus.paragraphs)
        self.sweep_ = topics.TopicSweep(self.k_values, seeds=self.topic_seeds,
                                        progress=False).fit(self.segments_["text"])
        self.topic_model_ = self.sweep_.model("nmf")
        self.topic_mix_ = topics.source_topics(self.topic_model_, self.segments_, self.sources_)
        self.dominant_topics_ = topics.dominant_topics(self.topic_model_, self.segments_, self.sources_)
        self.topic_robustness_ = topics.robustness(self.sweep_, self.segments_, self.sources_)
        # Predictions chapter.
        path = seeds / "predictions.yaml"
        self.ledger_found_ = path.is_file()
        rows, self.ignored_ = ledger.ledger_for(corpus, ledger.load_ledger(path))
        self.scored_ = ledger.scored_ledger(corpus, rows)
        self.scorecard_ = scoring.scorecard(self.scored_, "source", order=[corpus.label(s) for s in corpus.ids],
                                      intervals=True)
        self.claim_voices_ = claim_voices(self.scored_, self.passages_)
        return self

    # helpers used by the findings
    def label(self, sid: str) -> str:
        return str(self.labels_[sid])

    def listing(self, ids, text) -> str:
        """``text(sid)`` for the first ``max_listed`` ids, joined by "; " (with "and N more")."""
        ids = list(ids)
        shown = "; ".join(text(s) for s in ids[:self.max_listed])
        return shown + (f"; and {len(ids) - self.max_listed} more" if len(ids) > self.max_listed else "")


# --------------------------------------------------------------------------- formatting

def _names(items: list[str]) -> str:
    items = [str(i) for i in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _terms(terms) -> str:
    return ", ".join(f"*{t}*" for t in terms)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _top_terms(s: Synthesis, n: int = 3) -> dict[str, list[str]]:
    top = s.vocabulary_.top_terms(n)
    return {sid: list(top[top.source_id == sid].display) for sid in s.vocabulary_.sources_}


def _by_date(s: Synthesis) -> list[str]:
    return list(s.sources_.sort_values("date", kind="stable").index)


# --------------------------------------------------------------------------- 1. the shift over time

def shift_findings(s: Synthesis) -> str:
    """Bullets: how the language of the sources moved from the earliest to the latest."""
    lines = []
    tops = _top_terms(s)
    period = s.groups_["period"]
    order = _by_date(s)
    eras = list(dict.fromkeys(s.sources_.loc[order, "era"]))
    per_era = []
    for era in eras[:s.max_listed]:
        ids = [sid for sid in order if s.sources_.loc[sid, "era"] == era]
        shown = "; ".join(f"{s.label(sid)}: {_terms(tops.get(sid, []))}" for sid in ids[:3])
        more = f"; and {len(ids) - 3} more" if len(ids) > 3 else ""
        per_era.append(f"  - {era}: {shown}{more}")
    if len(eras) > s.max_listed:
        per_era.append(f"  - and {len(eras) - s.max_listed} more eras")
    lines.append("- Each source's most distinctive terms, era by era in date order "
                 "({numref}`tbl-vocab-top`, {numref}`fig-vocab-top`):\n" + "\n".join(per_era))
    if len(s.similarity_) > 1:
        within, across = pair_means(s.similarity_, period)
        if not (np.isnan(within) or np.isnan(across)):
            reading = ("texts of the same period sound more alike" if within > across + 0.02 else
                       "texts across the divide sound more alike" if across > within + 0.02 else
                       "the period divide barely shows in the overall vocabulary")
            lines.append(
                f"- Pairs of sources from the same period (before or from {compare.PERIOD_SPLIT_YEAR}) "
                f"average a cosine similarity of {within:.2f}, pairs across the divide {across:.2f}: "
                f"{reading} ({{numref}}`fig-vocab-similarity`).")
    cmp = s.comparisons_["period"]
    if cmp.result is None:
        lines.append(f"- Early and late texts cannot be compared word by word: {cmp.note} "
                     "({numref}`tbl-periods-period`).")
    else:
        pos, neg = contrast_tables.side_summary(cmp.result, s.forms_, 5)
        lines.append(
            f"- Weighted log-odds ({_plural(cmp.sizes[0], 'early source')} against "
            f"{_plural(cmp.sizes[1], 'late one')}) put early texts on *{pos}* and late texts on *{neg}* "
            "(z-scores; {numref}`fig-periods-logodds-period`, {numref}`tbl-periods-period`).")
    shift = theme_shift(s.theme_rates_, period)
    if len(shift):
        rise = shift[shift["change"] > 0].head(3)
        fall = shift[shift["change"] < 0].iloc[::-1].head(3)
        fmt = lambda t, r: f"{t} ({r['early']:.1f} to {r['late']:.1f})"  # noqa: E731
        parts = []
        if len(rise):
            parts.append("rise most: " + ", ".join(fmt(t, r) for t, r in rise.iterrows()))
        if len(fall):
            parts.append("fall most: " + ", ".join(fmt(t, r) for t, r in fall.iterrows()))
        lines.append(
            "- Among the lexicon's actors and themes, counted per 1,000 words and averaged over the "
            "sources of each period, those that " + "; those that ".join(parts)
            + " ({numref}`fig-periods-themes`, {numref}`tbl-periods-themes`).")
    bal = s.tones_["balance"]
    if bal.notna().any():
        means = group_means(bal.dropna(), period, ["early", "late"])
        vader = group_means(s.tones_["VADER mean"].dropna(), period, ["early", "late"])
        hi, lo = lexicon.tone_rank(s.tones_, "balance")
        text = "- Tone: " + "; ".join(
            f"{g} sources average a cooperation balance of {means[g]:+.2f} (VADER {vader.get(g, np.nan):+.2f})"
            for g in means.index)
        text += (f". The most cooperative text is {s.label(hi)} ({bal[hi]:+.2f}), the most "
                 f"confrontational {s.label(lo)} ({bal[lo]:+.2f})")
        if len(means) == 2 and period[hi] == period[lo]:
            text += (f", both {period[hi]}: within a period the texts differ more than the "
                     "periods do")
        lines.append(text + " ({numref}`tbl-periods-tone`, {numref}`fig-periods-tone`).")
    model = s.topic_model_
    era_mix = topics.group_topics(model, s.segments_, s.sources_, "era", counts=False)
    if len(era_mix):
        leads = "; ".join(f"*{model.labels_[int(np.argmax(r.to_numpy()))]}* in {g}"
                          for g, r in era_mix.iterrows())
        text = f"- The leading topic (NMF, k = {s.sweep_.best_k_}) is {leads}"
        per_mix = topics.group_topics(model, s.segments_, s.sources_.assign(period=period), "period",
                                      counts=False)
        if {"early", "late"} <= set(per_mix.index):
            change = per_mix.loc["late"] - per_mix.loc["early"]
            up, down = change.idxmax(), change.idxmin()
            text += (f". From early to late texts *{up}* grows from {_pct(per_mix.loc['early', up])} to "
                     f"{_pct(per_mix.loc['late', up])} of the words and *{down}* falls from "
                     f"{_pct(per_mix.loc['early', down])} to {_pct(per_mix.loc['late', down])}")
        robust = int((s.topic_robustness_["robust"] == "yes").sum())
        lines.append(text + f" ({{numref}}`fig-topics-groups`, {{numref}}`tbl-topics-nmf`); "
                     f"{robust} of {len(s.topic_robustness_)} sources "
                     f"{'keeps its' if robust == 1 else 'keep their'} dominant topic under another model, "
                     "k or seed ({numref}`tbl-topics-robust`).")
    return "\n".join(lines)


# --------------------------------------------------------------------------- 2. forecasts

def _no_ledger(s: Synthesis) -> str | None:
    if not s.ledger_found_:
        return ("- This catalog's seeds hold no prediction ledger (`predictions.yaml`), so no "
                "forecast can be scored: every question about forecasting is open until one is "
                "curated ({numref}`tbl-pred-candidates`, {numref}`tbl-pred-scorecard`).")
    if not len(s.scored_):
        return ("- The prediction ledger holds no claim of a source in this catalog, so no forecast "
                "can be scored yet ({numref}`tbl-pred-candidates`, {numref}`tbl-pred-scorecard`).")
    return None


def forecast_findings(s: Synthesis) -> str:
    """Bullets: overall skill, best and worst sources and why, calibration, notable misses."""
    missing = _no_ledger(s)
    if missing:
        return missing
    scored, card = s.scored_, s.scorecard_
    clean = scored[scored["o"].notna()]
    lines = []
    n_src = scored["source"].nunique()
    if len(clean):
        overall = scoring.brier_score(clean["probability"], clean["o"])
        base = float(clean["o"].mean())
        base_brier = scoring.brier_score([base] * len(clean), clean["o"])
        verdict = ("better than both the even-odds forecaster (0.25) and the base rate"
                   if overall < min(0.25, base_brier) else
                   "better than always saying 0.5 (0.25) but worse than always forecasting the base rate"
                   if overall < 0.25 else "no better than always saying 0.5 (0.25)")
        lines.append(
            f"- {_plural(len(scored), 'claim')} from {_plural(n_src, 'source')} were checked against what "
            f"happened; {len(clean)} resolved cleanly yes or no. Their Brier score, {overall:.3f}, is "
            f"{verdict} of {base:.2f} ({base_brier:.3f}) ({{numref}}`tbl-pred-scorecard`).")
    else:
        lines.append(f"- {_plural(len(scored), 'claim')} are in the ledger but none has resolved cleanly "
                     "yes or no yet, so nothing can be scored ({numref}`tbl-pred-scorecard`).")
        return "\n".join(lines)
    rated = card[card["scored"] >= s.min_scored].dropna(subset=["Brier"])
    thin = card[(card["scored"] < s.min_scored)]
    misses = miss_share(scored)
    notable = forecast_tables.notable(scored)
    if len(rated) >= 2:
        best, worst = rated["Brier"].idxmin(), rated["Brier"].idxmax()
        lines.append(
            f"- Among sources with at least {s.min_scored} clean resolutions, {best} forecast best "
            f"(Brier {rated.loc[best, 'Brier']:.3f} over {int(rated.loc[best, 'scored'])}, 90% interval "
            f"{rated.loc[best, 'Brier 90% interval']}) and {worst} worst ({rated.loc[worst, 'Brier']:.3f} "
            f"over {int(rated.loc[worst, 'scored'])}, {rated.loc[worst, 'Brier 90% interval']}); the "
            "intervals overlap, so the order is a description of these claims, not a ranking of "
            "forecasters ({numref}`tbl-pred-scorecard`)."
            + (f" {_names(list(thin.index[:s.max_listed]))} "
               f"{'has' if len(thin) == 1 else 'have'} too few clean resolutions to rank." if len(thin) else ""))
        for who, role in ((best, "best"), (worst, "worst")):
            src = scored[scored["source"] == who]
            sc = src[src["o"].notna()]
            m = misses.loc[who]
            attributed = int((src["type"] == "attributed").sum())
            k = int(m["confident misses"])
            why = (f"- Why {who} scores {'well' if role == 'best' else 'badly'}: of its {len(sc)} clean "
                   f"resolutions {int((sc['o'] == 1).sum())} came true, and "
                   + (f"no near-certain claim (p >= {CONFIDENT}) failed" if not k else
                      f"{_plural(k, 'near-certain claim')} (p >= {CONFIDENT}) failed"
                      + (f", causing {_pct(m['miss share'])} of its squared error" if pd.notna(m["miss share"]) else "")))
            if attributed:
                other = int((s.claim_voices_.loc[src.index, "voice perspective"].astype(str)
                             != src["perspective"].astype(str)).sum())
                share = ("its only claim" if len(src) == 1 else f"all {attributed} of its claims"
                         if attributed == len(src) else f"{attributed} of its {len(src)} claims")
                why += (f"; {share} {'is a forecast' if attributed == 1 else 'are forecasts'} "
                        "it attributes to others" + (f", {other} of them quoted from voices of the other perspective"
                                                     if other else ""))
            row = notable[(notable["source"] == who) & (notable["kind"] == ("hit" if role == "best" else "miss"))]
            if len(row):
                r = row.iloc[0]
                why += (f". Its most confident {'hit' if role == 'best' else 'miss'} ({r['id']}, p = {r['p']:g}): "
                        f"\"{forecast_tables.escape_md(r['quote'])}\"")
            lines.append(why + " ({numref}`tbl-pred-notable`).")
    elif len(rated) == 1:
        only = rated.index[0]
        lines.append(f"- Only {only} has at least {s.min_scored} clean resolutions (Brier "
                     f"{rated.loc[only, 'Brier']:.3f}), so no source can be ranked against another "
                     "({numref}`tbl-pred-scorecard`).")
    cal = scoring.calibration_table(scored)
    if len(cal):
        top = cal.sort_values("p").iloc[-1]
        gap = top["p"] - top["observed"]
        word = "overconfident" if gap > 0.05 else "underconfident" if gap < -0.05 else "about right"
        lines.append(
            f"- Calibration: claims stated at {top['p']:g} ({top['band']}) came true {int(top['yes'])} times "
            f"in {int(top['n'])} ({_pct(top['observed'])}, 95% interval {_pct(top['low'])} to "
            f"{_pct(top['high'])}), so the most confident language was {word} "
            "({numref}`fig-pred-calibration`, {numref}`tbl-pred-calibration`).")
    sure_wrong = scored[(scored["verdict"] == "wrong") & (scored["probability"] >= CONFIDENT)]
    wrong = int((scored["verdict"] == "wrong").sum())
    if wrong:
        shown = sure_wrong.head(3)
        examples = "; ".join(f"{r['source']} {r['id'].rsplit('-', 1)[-1]} (claim: "
                             f"{forecast_tables.escape_md(forecast_tables.shorten(r['claim'], 100).rstrip('.'))})" for _, r in shown.iterrows())
        lines.append(
            f"- {len(sure_wrong)} of the {_plural(wrong, 'wrong claim')} were stated as near-certain"
            + (f", for example {examples}" if len(shown) else "")
            + " ({numref}`tbl-pred-notable`, {numref}`tbl-pred-types`).")
    return "\n".join(lines)


# --------------------------------------------------------------------------- 3. perspective

def perspective_findings(s: Synthesis) -> str:
    """Bullets: what changes with the author's perspective (vocabulary, voices, topics, tone, forecasts)."""
    lines = []
    persp = s.sources_["perspective"].astype(str)
    sizes = persp.value_counts()
    cmp = s.comparisons_["perspective"]
    if cmp.result is None:
        lines.append(f"- Russian and Western authors cannot be compared word by word: {cmp.note} "
                     "({numref}`tbl-periods-perspective`).")
    else:
        pos, neg = contrast_tables.side_summary(cmp.result, s.forms_, 5)
        lines.append(
            f"- Vocabulary: the {_plural(cmp.sizes[0], 'Russian-perspective source')} lean on *{pos}*, the "
            f"{_plural(cmp.sizes[1], 'Western one')} on *{neg}* (log-odds z; "
            "{numref}`fig-periods-logodds-perspective`, {numref}`tbl-periods-perspective`).")
    if len(s.similarity_) > 1:
        within, across = pair_means(s.similarity_, persp)
        if not (np.isnan(within) or np.isnan(across)):
            reading = ("a shared perspective makes texts only slightly more alike"
                       if 0 < within - across <= 0.03 else
                       "a shared perspective makes texts more alike" if within > across else
                       "a shared perspective does not make texts more alike")
            lines.append(f"- Pairs of sources with the same perspective average a cosine of {within:.2f}, "
                         f"pairs across perspectives {across:.2f}: {reading} "
                         "({numref}`fig-vocab-similarity`, {numref}`fig-vocab-dendrogram`).")
    vf = s.voice_frame_
    quoted = vf[vf["kind"] == "quoted"]
    if len(quoted):
        totals = vf.groupby("source_id")["words"].sum()
        qshare = quoted.groupby("source_id")["words"].sum().reindex(totals.index).fillna(0) / totals
        top = qshare.idxmax()
        q_top = quoted[quoted["source_id"] == top]
        other = q_top[q_top["perspective"].astype(str) != str(persp[top])]["words"].sum()
        lines.append(
            f"- Voices: {s.label(top)} ({persp[top]}) gives {_pct(qshare[top])} of its words to people it "
            f"quotes, {_pct(other / max(q_top['words'].sum(), 1))} of them to voices of another perspective "
            "than its own, so its vocabulary is partly theirs ({numref}`tbl-periods-voices`, "
            "{numref}`tbl-periods-passages`).")
        vc = s.voice_comparison_
        if vc.result is not None:
            pos, neg = contrast_tables.side_summary(vc.result, s.voice_forms_, 5)
            lines.append(f"- Across all sources, the voices of Russian officials (authors and quoted alike) "
                         f"use more *{pos}*; Western commentators more *{neg}* "
                         "({numref}`tbl-periods-voice-terms`).")
    mix = topics.group_topics(s.topic_model_, s.segments_, s.sources_, "perspective", counts=False)
    if len(mix) >= 2:
        gap = mix.max() - mix.min()
        t = gap.idxmax()
        hi, lo = mix[t].idxmax(), mix[t].idxmin()
        lines.append(f"- Topics: *{t}* separates the perspectives most, {_pct(mix.loc[hi, t])} of the words of "
                     f"{hi} sources against {_pct(mix.loc[lo, t])} of {lo} ones ({{numref}}`fig-topics-groups`).")
    bal = s.tones_["balance"].dropna()
    if len(bal) and persp.nunique() >= 2:
        means = group_means(bal, persp)
        lines.append("- Tone: the mean cooperation balance is " + "; ".join(
            f"{g} {v:+.2f} ({_plural(int(sizes[g]), 'source')})" for g, v in means.items())
            + " ({numref}`tbl-periods-tone`).")
    if not _no_ledger(s):
        groups = scoring.scorecard(s.scored_, "perspective").dropna(subset=["Brier"])
        if len(groups):
            text = "- Forecasts by the author's perspective: " + "; ".join(
                f"{g} Brier {r['Brier']:.3f} over {int(r['scored'])} clean resolutions" for g, r in groups.iterrows())
            by_voice = scoring.scorecard(s.scored_.assign(**{"voice perspective": s.claim_voices_["voice perspective"]}),
                                   "voice perspective").dropna(subset=["Brier"])
            moved = int((s.claim_voices_["voice perspective"].astype(str)
                         != s.scored_["perspective"].astype(str)).sum())
            if moved:
                text += (f". {_plural(moved, 'claim')} are quotes of a voice of the other perspective; "
                         "scored by who speaks rather than who quotes, the figures become " + "; ".join(
                             f"{g} {r['Brier']:.3f} over {int(r['scored'])}" for g, r in by_voice.iterrows()))
            lines.append(text + " ({numref}`tbl-pred-groups`, {numref}`tbl-periods-voices`).")
    if persp.nunique() >= 2:
        roles = s.sources_.groupby("perspective")["role"].agg(lambda r: sorted(set(r)))
        shared = set.intersection(*[set(r) for r in roles])
        period = s.groups_["period"].groupby(persp).agg(lambda p: tuple(sorted(set(p))))
        if period.nunique() == 1:
            when = f"every perspective has {' and '.join(period.iloc[0])} texts"
        else:
            when = "; ".join(f"{g} texts are {' and '.join(p)}" for g, p in period.items())
        lines.append(
            "- Perspective travels with other differences: by role, " + "; ".join(
                f"{g} sources are {_names(r)}" for g, r in roles.items())
            + ("" if shared else " (no role in common)") + f"; by period, {when}. "
            "A contrast between perspectives is therefore also a contrast between kinds of text "
            "({numref}`tbl-periods-groups`).")
    return "\n".join(lines)


# --------------------------------------------------------------------------- 4. limits

def limits_findings(s: Synthesis) -> str:
    """Bullets: sample size, dating, model instability and the ledger's gaps."""
    lines = []
    src = s.sources_
    n = len(src)
    words = s.stats_["words"]
    era_sizes = src["era"].value_counts()
    single = int((era_sizes == 1).sum())
    lines.append(
        f"- {_plural(n, 'source')}, {int(words.sum()):,} words ({int(words.min()):,} to {int(words.max()):,} "
        f"per source), spread over {_plural(len(era_sizes), 'era')}"
        + (f", {single} of them represented by a single text" if single else "")
        + ": every group comparison is a comparison of a handful of texts, and every z-score is "
          "model-based, not sampling significance ({numref}`tbl-stats`, {numref}`tbl-periods-group-sizes`).")
    loose = src[src["date_precision"].isin(["range", "month", "year"])]
    if len(loose):
        spans = date_span_eras(src)
        crossing = [s.label(i) for i in spans.index[spans["crosses"]]]
        uncertain = [s.label(i) for i, u in src["uncertain"].items() if isinstance(u, list) and u] \
            if "uncertain" in src else []
        lines.append(
            f"- Dating: {_plural(len(loose), 'source')} {'is' if len(loose) == 1 else 'are'} dated only to "
            f"a month or a range ({_names([s.label(i) for i in loose.index][:s.max_listed])}); "
            + (f"the range of {_names(crossing)} crosses an era boundary, so its era is itself uncertain"
               if crossing else "no range crosses an era boundary, so every era holds")
            + (f"; {_plural(len(uncertain), 'source')} {'has' if len(uncertain) == 1 else 'have'} "
               "catalog fields marked uncertain" if uncertain else "")
            + " ({numref}`tbl-dates`, {numref}`fig-timeline`).")
    else:
        lines.append("- Dating: every source is dated to the day ({numref}`tbl-dates`).")
    rob = s.topic_robustness_
    agreement = topics.model_agreement(s.topic_model_, s.sweep_.model("lda")) if "lda" in s.sweep_.methods else None
    mean_j = s.stability_.jaccard_.iloc[:, 1:].mean(axis=1)
    robust = int((rob["robust"] == "yes").sum())
    text = (f"- Models: the topic count k = {s.sweep_.best_k_} was chosen by a rule over "
            f"k = {s.sweep_.k_values_[0]}-{s.sweep_.k_values_[-1]}; {robust} of {len(rob)} sources "
            f"{'keeps its' if robust == 1 else 'keep their'} dominant topic under another model, k or seed "
            "({numref}`tbl-topics-robust`)")
    if agreement is not None and len(agreement):
        text += (f", and NMF and LDA topics share a mean Jaccard of {agreement['Jaccard'].mean():.2f} of their "
                 "top words ({numref}`tbl-topics-agreement`)")
    text += (f". Each source's top-{s.stability_.n} terms under other tf-idf settings share a mean Jaccard "
             f"of {mean_j.min():.2f} to {mean_j.max():.2f} with the main setting ({{numref}}`tbl-vocab-robust`).")
    lines.append(text)
    missing = _no_ledger(s)
    if missing:
        lines.append("- Forecasts: without a ledger for these sources nothing about forecasting can be "
                     "concluded ({numref}`tbl-pred-scorecard`).")
        return "\n".join(lines)
    scored = s.scored_
    clean = scored[scored["o"].notna()]
    counts = scored["verdict"].value_counts()
    if len(clean):
        share = clean["source"].value_counts()
        lines.append(
            f"- Forecasts: {share.index[0]} supplies {int(share.iloc[0])} of the {len(clean)} clean resolutions "
            f"({_pct(share.iloc[0] / len(clean))}), so the overall score is largely one text's "
            "({numref}`tbl-pred-scorecard`).")
    nyr = int(counts.get("not yet resolvable", 0))
    amb = int(counts.get("ambiguous", 0))
    by_resolver = scored[scored["notes"].fillna("").astype(str).str.contains(RESOLVER_HORIZON)]
    resolver = len(by_resolver)
    parts = []
    if nyr:
        late = scored.loc[scored["verdict"] == "not yet resolvable", "source"].value_counts()
        parts.append(f"{nyr} claims are not yet resolvable (their horizon lies after "
                     f"{ledger.RECORD_DATE:%B %Y}), mostly from {_names(list(late.index[:3]))}, so the latest "
                     "texts are the least tested")
    if amb:
        parts.append(f"{amb} are ambiguous")
    refs = ["fig-pred-timeline", "tbl-pred-scorecard"]
    if resolver:
        per_source = by_resolver["source_id"].value_counts()
        most = per_source.index[:3]
        parts.append(f"{resolver} carry a note that the resolver, not the text, set the horizon, "
                     "with hindsight (" + ", ".join(f"{s.label(i)}: {per_source[i]}" for i in most)
                     + (", ..." if len(per_source) > 3 else "") + ")")
        refs += [f"tbl-pred-{sid}" for sid in most]
    if parts:
        lines.append("- Of the ledger's claims, " + "; ".join(parts) + " ("
                     + ", ".join(f"{{numref}}`{r}`" for r in refs) + ").")
    return "\n".join(lines)


# --------------------------------------------------------------------------- summary table and figure

def summary_table(s: Synthesis, n_terms: int = 3) -> pd.DataFrame:
    """One row per source: catalog facts and the headline result of each chapter."""
    tops = _top_terms(s, n_terms)
    mix = s.topic_mix_
    model = s.topic_model_
    card = s.scorecard_
    rows = []
    for sid in s.sources_.index:
        src = s.sources_.loc[sid]
        t = int(s.dominant_topics_.get(sid, -1))
        label = s.label(sid)
        has = len(card) and label in card.index
        tone = s.tones_.loc[sid]
        rows.append({
            "source": label,
            "era": src["era"],
            "perspective": src["perspective"],
            "role": src["role"],
            "distinctive terms": ", ".join(tops.get(sid, [])),
            "dominant topic": f"{model.labels_[t]} ({_pct(mix.loc[sid].iloc[t])})" if t >= 0 else "",
            "tone (balance, VADER)": (f"{tone['balance']:+.2f}, {tone['VADER mean']:+.2f}"
                                      if pd.notna(tone["balance"]) else f"n/a, {tone['VADER mean']:+.2f}"),
            "predictions": int(card.loc[label, "n"]) if has else 0,
            "share correct": (f"{card.loc[label, 'share correct']:.2f}"
                              if has and pd.notna(card.loc[label, "share correct"]) else ""),
            "Brier (scored)": (f"{card.loc[label, 'Brier']:.3f} ({int(card.loc[label, 'scored'])})"
                               if has and pd.notna(card.loc[label, "Brier"]) else ""),
        })
    return pd.DataFrame(rows)


def plot_overview(s: Synthesis, *, label_width: int = 24):
    """Per source, in date order: cooperation balance, mean VADER tone and Brier score.

    One row per source (the figure grows with the number of sources); colour
    shows the author's perspective. The Brier panel marks 0.25 (always saying
    0.5) and the base-rate reference and writes the number of clean
    resolutions beside each bar; sources without any are marked "none", and
    the panel says so when there is no ledger.
    """
    order = _by_date(s)[::-1]
    n = len(order)
    fig, axes = plt.subplots(1, 3, figsize=(10, max(3.0, 0.34 * n + 1.8)), sharey=True,
                             layout="constrained")
    y = np.arange(n)
    colours = [colour_for(str(s.sources_.loc[sid, "perspective"])) for sid in order]
    labels = [wrap(s.label(sid), label_width) for sid in order]
    for ax, col, title in ((axes[0], "balance", "cooperation balance"), (axes[1], "VADER mean", "mean VADER tone")):
        values = s.tones_.loc[order, col].fillna(0).to_numpy(dtype=float)
        ax.barh(y, values, color=colours)
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_title(title, loc="left")
        limit = 1.0 if col == "balance" else max(0.2, float(np.abs(values).max()) * 1.15)
        ax.set_xlim(-limit, limit)
    axes[0].set_yticks(y, labels)
    ax = axes[2]
    ax.set_title("Brier score (lower is better)", loc="left")
    clean = s.scored_[s.scored_["o"].notna()] if len(s.scored_) else s.scored_
    extra = []
    if len(clean):
        card = s.scorecard_.reindex([s.label(sid) for sid in order])
        brier = card["Brier"].to_numpy(dtype=float)
        ax.barh(y, np.nan_to_num(brier), color=colours)
        top = max(0.3, float(np.nanmax(brier)) * 1.25 if np.isfinite(brier).any() else 0.3)
        for yi, b, k in zip(y, brier, card["scored"].fillna(0)):
            ax.text((0 if np.isnan(b) else b) + 0.005, yi, "none" if np.isnan(b) else f"n={int(k)}",
                    va="center", fontsize=8, color="0.3")
        base = float(clean["o"].mean())
        extra = [ax.axvline(0.25, color="0.3", ls="--", lw=1, label="Brier of always 0.5"),
                 ax.axvline(scoring.brier_score([base] * len(clean), clean["o"]), color="0.3", ls=":", lw=1.4,
                            label="Brier of the base rate")]
        ax.set_xlim(0, top)
    else:
        ax.text(0.5, 0.5, "no prediction ledger" if not s.ledger_found_ else "no clean resolutions",
                transform=ax.transAxes, ha="center", va="center", color="0.35")
        ax.set_xticks([])
    handles = [plt.Line2D([], [], marker="s", ls="", color=c, label=f"{p} perspective")
               for p, c in PERSPECTIVE_COLOURS.items() if p in set(s.sources_["perspective"].astype(str))]
    fig.legend(handles=handles + extra, frameon=False, loc="outside lower center",
               ncol=len(handles) + len(extra))
    return fig


__all__ = [
    "Synthesis", "shift_findings", "forecast_findings", "perspective_findings", "limits_findings",
    "summary_table", "plot_overview", "pair_means", "group_means", "theme_shift", "claim_voices",
    "date_span_eras", "miss_share", "numref_targets", "CONFIDENT",
]
