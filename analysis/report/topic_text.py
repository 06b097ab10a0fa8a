"""Prose of the topics chapter: the note on the choice of k and the findings, computed from the data.

A result enters the findings only when it survives the chapter's checks: a
source's dominant topic is named only when it is robust
(:func:`analysis.methods.topic_robustness.robustness`); NMF-LDA agreement is
always set against chance; topic shares of eras and perspectives, which rest
on one to three texts each and on topics that do not survive a change of
model, are described as such and never as trends.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.methods.topics import (
    METHOD_NAMES,
    TopicSweep,
    dominant_agreement,
    model_agreement,
    robustness,
    source_topics,
)

#: Jaccard overlap of top-word sets from which two matched topics count as "the same theme".
SAME_THEME_JACCARD = 0.25

#: Kappa from which agreement counts as "moderate" (Landis & Koch 1977).
MODERATE_KAPPA = 0.4

#: Significance level of the permutation test of agreement.
ALPHA = 0.05


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def choice_note(sweep: TopicSweep) -> str:
    """One paragraph stating the chosen ``k`` and the numbers behind the choice."""
    s = sweep.summary_.set_index(["method", "k"])
    k = sweep.best_k_
    by = sweep.select_by if sweep.select_by in sweep.methods else None
    who = METHOD_NAMES[by] if by else "the mean of the models"
    m = by or sweep.methods[0]
    npmi_rank = int(s.loc[m]["npmi"].rank(ascending=False, method="min")[k])
    stab_rank = int(s.loc[m]["stability"].rank(ascending=False, method="min")[k])
    n = len(sweep.k_values_)
    text = (f"The rule chooses **k = {k}**: the best score of {who} ({sweep.k_scores_[k]:.2f}), "
            f"with {METHOD_NAMES[m]} coherence ranked {npmi_rank} and stability ranked {stab_rank} "
            f"of the {n} values of k tried (NPMI {s.loc[(m, k), 'npmi']:.3f}, stability "
            f"{s.loc[(m, k), 'stability']:.2f}).")
    if k in (sweep.k_values_[0], sweep.k_values_[-1]) and n > 1:
        text += " The choice lies at the edge of the range tried, so a wider sweep might choose otherwise."
    stopped = int((~sweep.scores_["converged"].astype(bool)).sum())
    if stopped:
        text += (f" {stopped} of {len(sweep.scores_)} fits stopped at their iteration limit before "
                 "converging; their topics are kept as they are.")
    if sweep.capped_:
        text += (f" The range of k was capped at {sweep.k_values_[-1]} because there are only "
                 f"{sweep.document_terms_.n_documents} segments.")
    return text


def agreement_verdict(agreement: pd.Series, *, alpha: float = ALPHA) -> str:
    """How the observed agreement compares with chance, in words.

    >>> agreement_verdict(pd.Series({"p-value": 0.4, "kappa": 0.01}))
    'no better than chance'
    >>> agreement_verdict(pd.Series({"p-value": 0.001, "kappa": 0.2}))
    'above chance, but slight'
    >>> agreement_verdict(pd.Series({"p-value": 0.001, "kappa": 0.6}))
    'above chance and at least moderate'
    """
    if agreement["p-value"] >= alpha:
        return "no better than chance"
    if agreement["kappa"] < MODERATE_KAPPA:
        return "above chance, but slight"
    return "above chance and at least moderate"


def agreement_note(agreement: pd.Series, name_a: str = "NMF", name_b: str = "LDA") -> str:
    """One sentence: the two models' agreement on each segment's dominant topic against chance."""
    return (f"{name_a} and {name_b} give a segment the same dominant topic in "
            f"{_pct(agreement['observed'])} of the {int(agreement['segments'])} segments; the topics' sizes "
            f"alone would give {_pct(agreement['chance'])} (1/k = {_pct(agreement['uniform'])}), and shuffled "
            f"labels reach {_pct(agreement['shuffled 95%'])} one time in twenty. Cohen's kappa is "
            f"{agreement['kappa']:.2f} and the adjusted Rand index {agreement['adjusted Rand']:.2f} "
            f"(0 = chance; p = {agreement['p-value']:.2f}): {agreement_verdict(agreement)}.")


def size_needed(summary: pd.DataFrame, column: str = "kappa", target: float = MODERATE_KAPPA) -> int | None:
    """The smallest sample size whose mean ``column`` reaches ``target`` and stays there at every
    larger size tried (None if none does).

    >>> s = pd.DataFrame({"segments": [60, 120, 240, 480], "kappa": [0.1, 0.45, 0.3, 0.5]})
    >>> size_needed(s), size_needed(s, target=0.6)
    (480, None)
    """
    values = summary.sort_values("segments")
    reached = (values[column] >= target).to_numpy()
    for i in range(len(reached)):
        if reached[i:].all():
            return int(values["segments"].iloc[i])
    return None


def size_note(summary: pd.DataFrame, n_segments: int, cite: str = "") -> str:
    """One sentence on the corpus-size experiment (:func:`analysis.methods.topic_size.summarise_curve`),
    with ``cite`` (e.g. a figure reference) before its full stop."""
    s = summary.sort_values("segments")
    first, last = s.iloc[0], s.iloc[-1]
    needed = size_needed(s)
    text = (f"On samples of State of the Union segments, NMF-LDA kappa goes from {first['kappa']:.2f} with "
            f"{int(first['segments'])} segments to {last['kappa']:.2f} with {int(last['segments'])}, and LDA's "
            f"stability across seeds from {first['LDA stability']:.2f} to {last['LDA stability']:.2f}")
    if needed is None:
        text += (f"; no size tried reaches a moderate kappa ({MODERATE_KAPPA}), so even "
                 f"{int(last['segments'])} segments, {int(last['segments']) // max(n_segments, 1)} times this "
                 "corpus, are not enough there")
    else:
        text += (f"; a moderate kappa ({MODERATE_KAPPA}) is reached from {needed} segments on, "
                 f"about {needed / max(n_segments, 1):.0f} times this corpus")
    return text + f" (another corpus: a guide to orders of magnitude, not a forecast for these texts{cite})."


def topic_findings(sweep: TopicSweep, segments: pd.DataFrame, sources: pd.DataFrame, *,
                   method: str = "nmf", min_segments: int = config.TOPIC_MIN_SEGMENTS,
                   agreement: pd.Series | None = None, robust: pd.DataFrame | None = None,
                   size_summary: pd.DataFrame | None = None) -> str:
    """Markdown bullets summarising the topics chapter, computed from the data.

    ``agreement`` (:func:`analysis.methods.topic_robustness.dominant_agreement`),
    ``robust`` (:func:`analysis.methods.topic_robustness.robustness`) and
    ``size_summary`` (:func:`analysis.methods.topic_size.summarise_curve`) are
    computed here when not given (the size experiment is then left out).
    """
    k = sweep.best_k_
    ref = sweep.model(method)
    name = METHOD_NAMES[method]
    s = sweep.summary_.set_index(["method", "k"])
    n_seg = len(segments)
    lines = [
        f"- The {len(sources)} sources give {n_seg} segments (median {int(segments['words'].median())} words; "
        "{numref}`tbl-topics-segments`), the documents every model here is fitted on: few for a topic "
        "model."]
    few = segments.groupby("source_id").size().reindex(sources.index).fillna(0)
    few = few[few < min_segments]
    if len(few):
        lines.append("- " + ", ".join(f"{sources.loc[sid, 'label']} ({int(c)})" for sid, c in few.items())
                     + f" {'has' if len(few) == 1 else 'have'} fewer than {min_segments} segments: "
                     "their topic mixes rest on very few passages.")
    parts = ", ".join(f"{METHOD_NAMES[m]} NPMI {s.loc[(m, k), 'npmi']:.2f} and stability "
                      f"{s.loc[(m, k), 'stability']:.2f}" for m in sweep.methods)
    lines.append(f"- The sweep over k = {sweep.k_values_[0]}-{sweep.k_values_[-1]} and {len(sweep.seeds)} "
                 f"seeds chooses k = {k} ({parts}; {{numref}}`fig-topics-sweep`, {{numref}}`tbl-topics-sweep`), "
                 "on an NPMI scale from -1 to 1 where 0 means top words that occur together no more often "
                 "than by chance."
                 + (" The range of k was capped by the number of segments." if sweep.capped_ else ""))
    for m in [m for m in sweep.methods if m != method]:
        alt = sweep.model(m)
        if agreement is None:
            agreement = dominant_agreement(ref, alt, n_permutations=config.TOPIC_PERMUTATIONS,
                                           random_state=config.TOPIC_PERMUTATION_SEED)
        matched = model_agreement(ref, alt)
        good = int((matched["Jaccard"] >= SAME_THEME_JACCARD).sum())
        lines.append(f"- {agreement_note(agreement, name, METHOD_NAMES[m])} Matched one-to-one, their topics "
                     f"share a mean Jaccard of {matched['Jaccard'].mean():.2f} over their top words; {good} of {k} "
                     f"pairs reach {SAME_THEME_JACCARD} ({{numref}}`fig-topics-agreement`, "
                     "{numref}`tbl-topics-agreement`).")
    rob = robustness(sweep, segments, sources, method=method) if robust is None else robust
    keep = rob[rob["robust"] == "yes"]
    text = (f"- The dominant topic of {len(keep)} of {len(rob)} sources survives a change of model, of k by one "
            "and of seed")
    if len(keep):
        mix = source_topics(ref, segments, sources)
        shown = keep if len(keep) <= 8 else keep.head(8)
        text += " (" + "; ".join(
            f"{row['source']}: *{row['dominant topic']}*, "
            f"{_pct(float(np.nanmax(mix.loc[sid].to_numpy())))} of its words"
            for sid, row in shown.iterrows()) + ("; …" if len(keep) > 8 else "") + ")"
    text += ("; the other sources' dominant topics depend on modelling choices and are not findings "
             "({numref}`tbl-topics-robust`).")
    lines.append(text)
    if size_summary is not None and len(size_summary):
        lines.append(f"- {size_note(size_summary, n_seg, '; {numref}`fig-topics-size`')}")
    lines.append("- The shares of topics by era, role and perspective ({numref}`fig-topics-groups`) and over the "
                 "years ({numref}`fig-topics-time`) describe these texts, one to a few per group, under one "
                 "model; they are not trends and not contrasts between groups.")
    return "\n".join(lines)
