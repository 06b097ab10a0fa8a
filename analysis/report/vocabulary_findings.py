"""The vocabulary chapter's findings, as Markdown computed from the results.

Only what survives is stated as a finding: terms counted with names
normalised, kept in a source's top list when each other source is left out
(:class:`~analysis.methods.vocabulary_checks.LeaveOneOut`), collocations at
or above the chance threshold, and similarities set against shuffled texts
(:class:`~analysis.methods.vocabulary_checks.DendrogramTest`). What does
not survive is said as such, and a "group" of one or two texts is named as
those texts.

>>> us_spellings(pd.DataFrame({"source_id": ["a", "a"], "token": ["u.s.", "u.s."],
...                            "variant": ["US", "U.S."], "count": [3, 1]}), pd.Series({"a": "A"}))
'A writes "US" 3 of 4 times'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.methods.vocabulary import DistinctiveTerms, TermStability, pairs
from analysis.methods.vocabulary_checks import DendrogramTest, LeaveOneOut


def us_spellings(variants: pd.DataFrame, labels: pd.Series) -> str:
    """Each source's most frequent way of writing the United States, with its share."""
    us = variants[variants.token == "u.s."]
    parts = []
    for sid in labels.index:
        part = us[us.source_id == sid]
        total = int(part["count"].sum())
        if total:
            top = part.sort_values("count", ascending=False, kind="stable").iloc[0]
            parts.append(f'{labels[sid]} writes "{top.variant}" {int(top["count"])} of {total} times')
    return "; ".join(parts)


def group_sizes(sources: pd.DataFrame, column: str = "perspective") -> str:
    """The groups of one or two texts in a catalog column, named by their texts.

    >>> group_sizes(pd.DataFrame({"perspective": ["R", "W", "W", "W"], "label": ["a", "b", "c", "d"]}))
    'the R "group" is one text (a)'
    """
    parts = []
    for value, members in sources.groupby(column, sort=False)["label"]:
        if len(members) <= 2:
            size = "one text" if len(members) == 1 else "two texts"
            parts.append(f'the {value} "group" is {size} ({", ".join(members)})')
    return "; ".join(parts)


def vocabulary_findings(model: DistinctiveTerms, stability: TermStability, labels: pd.Series,
                        sources: pd.DataFrame, *, variants: pd.DataFrame, loo: LeaveOneOut | None,
                        test: DendrogramTest | None, collocations: pd.DataFrame,
                        alpha: float = config.VOCAB_PERMUTATION_ALPHA, max_listed: int = 8) -> str:
    """Markdown bullets: the chapter's findings, each citing its table or figure."""
    ids = list(model.sources_)
    listed = ids[:max_listed]
    more = f" (and {len(ids) - len(listed)} more sources)" if len(ids) > len(listed) else ""
    lines = []
    spellings = us_spellings(variants, labels)
    if spellings:
        lines.append("- Names are counted as one token however a text spells them ({numref}`tbl-vocab-names`): "
                     f"{spellings}. Without this step the spelling habits of single texts would pass for "
                     "distinctive vocabulary.")
    robust = {s: set(stability.robust_[s]) for s in ids}
    if loo is not None:
        survivors = loo.survivors()
        both = {s: [t for t in survivors[s] if t in robust[s]] for s in ids}
        shown = "; ".join(f"{labels[s]}: " + (", ".join(f"*{t}*" for t in both[s]) or "none") for s in listed)
        lost = int((~loo.table_.survives).sum())
        lines.append(
            f"- Of each source's top {loo.n} terms, those that stay in its top {loo.n} whichever other source "
            f"is left out and under every TF-IDF setting ({{numref}}`tbl-vocab-loo`, {{numref}}`tbl-vocab-robust`) "
            f"are {shown}{more}. These describe each text against the others in this corpus. "
            f"{lost} of the {len(loo.table_)} listed terms do not survive leaving one source out; "
            "the table names the source whose absence drops each.")
    else:
        lines.append(f"- With {len(ids)} sources no source can be left out; the top terms "
                     "({numref}`tbl-vocab-top`) describe each text against the other only.")
    if len(collocations):
        firsts = collocations[collocations["rank"] == 1].set_index("source_id")
        shown = [s for s in listed if s in firsts.index]
        listing = "; ".join(f"{labels[s]}: *{firsts.loc[s, 'collocation']}* (G² = {firsts.loc[s, 'score']:.1f})"
                            for s in shown)
        none = [labels[s] for s in ids if s not in firsts.index]
        lines.append(f"- The strongest collocation above chance of each source ({{numref}}`tbl-vocab-collocations`) "
                     f"is {listing}" + (f"; {', '.join(none)} has none above chance" if none else "") + ".")
    if test is not None:
        obs, perm = test.observed_, test.permuted_
        closer = test.pairs_[test.pairs_.p_closer < alpha]
        pair_text = ("no pair of sources is closer than shuffled texts"
                     if closer.empty else "closer than shuffled texts are " + ", ".join(
                         f"{labels[r.a]} and {labels[r.b]} (p = {r.p_closer:.3f})" for r in closer.itertuples()))
        apart = ("a little farther apart than" if test.p_mean_ < alpha else "no farther apart than")
        spread = "no wider than" if test.p_spread_ >= alpha else "wider than"
        verdict = ("so the dendrogram's groups are not a finding" if test.p_spread_ >= alpha
                   else "so the dendrogram shows more than chance")
        lines.append(
            f"- The sources' cosine distances lie between {obs['lowest']:.2f} and {obs['highest']:.2f} "
            f"({{numref}}`fig-vocab-similarity`, {{numref}}`fig-vocab-dendrogram-test`). The sources are {apart} "
            f"texts with their words shuffled across them (mean distance {obs['mean']:.3f} against "
            f"{perm['mean'].mean():.3f}, p = {test.p_mean_:.3f}), the spread of their distances is {spread} the "
            f"shuffled texts' (p = {test.p_spread_:.3f}), and {pair_text}. The top split of the dendrogram "
            f"({{numref}}`fig-vocab-dendrogram`) recurs in {100 * test.same_split_:.0f}% of the shuffles, "
            f"{verdict}.")
    ranked = pairs(model.similarity())
    if len(ranked) and len(ids) > 2:
        persp = sources.loc[ids, "perspective"]
        same = [r.similarity for r in ranked.itertuples() if persp[r.a] == persp[r.b]]
        cross = [r.similarity for r in ranked.itertuples() if persp[r.a] != persp[r.b]]
        small = group_sizes(sources.loc[ids])
        if same and cross:
            lines.append(f"- Pairs sharing a perspective average a cosine of {np.mean(same):.2f}, pairs across "
                         f"perspectives {np.mean(cross):.2f}"
                         + (f"; {small}, so any contrast of perspectives describes those texts" if small else "")
                         + f". With {len(ids)} sources this describes these texts, not a rule.")
    return "\n".join(lines)


def dendrogram_verdict(test: DendrogramTest | None, alpha: float = config.VOCAB_PERMUTATION_ALPHA) -> str:
    """One or two sentences: what the permutation test says about the dendrogram."""
    if test is None:
        return "With fewer than three sources there is no structure to test."
    obs = test.observed_
    head = (f"The distances lie between {obs['lowest']:.2f} and {obs['highest']:.2f}; their spread, "
            f"{obs['spread']:.3f}, is ")
    if test.p_spread_ >= alpha:
        return (head + f"what shuffled texts give (p = {test.p_spread_:.3f}), and the dendrogram's top split "
                f"recurs in {100 * test.same_split_:.0f}% of the shuffles: the tree reflects the texts' "
                "lengths, not what they say, and its groups are not read as findings.")
    return (head + f"wider than shuffled texts give (p = {test.p_spread_:.3f}); the top split recurs in "
            f"{100 * test.same_split_:.0f}% of the shuffles.")
