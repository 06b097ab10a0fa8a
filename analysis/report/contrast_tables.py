"""Tables and text of the periods-and-authors chapter.

The numbers come from :mod:`analysis.methods.contrast`,
:mod:`analysis.methods.lexicon` and :mod:`analysis.methods.voices`; this module
only words and rounds them: terms shown in their most frequent surface form,
leave-one-source-out verdicts naming the sources by label, validation
figures rounded for display, and the chapter's findings.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus.text import SurfaceForms


def comparison_message(cmp) -> str:
    """The groups' sizes of a :class:`~analysis.methods.contrast.Comparison`, and its note.

    Never empty, so a notebook cell always shows a sentence.

    >>> from analysis.methods.contrast import Comparison
    >>> m = pd.DataFrame({"war": [3, 1], "peace": [1, 3]}, index=["a", "b"])
    >>> print(comparison_message(Comparison(m, pd.Series({"a": "early", "b": "late"}), "early", "late")))
    Compared: 1 source (early) against 1 source (late). **Note.** early and late have a single source each, so this comparison contrasts two texts, not two groups of authors.
    """
    i, j = cmp.names
    unit = cmp.unit
    sizes = (f"Compared: {cmp.sizes[0]} {unit}{'s' if cmp.sizes[0] != 1 else ''} ({i}) "
             f"against {cmp.sizes[1]} {unit}{'s' if cmp.sizes[1] != 1 else ''} ({j}).")
    return f"{sizes} **Note.** {cmp.note}" if cmp.note else sizes


def _scored(forms: SurfaceForms, items, fmt: str = "{:.1f}") -> str:
    return ", ".join(f"{forms.show(t)} ({fmt.format(v)})" for t, v in items)


def side_summary(result: pd.DataFrame | None, forms: SurfaceForms, n: int = 5) -> tuple[str, str]:
    """The ``n`` top terms of each side as text, e.g. ``"terrorism (3.1), war (2.5)"``.

    >>> r = pd.DataFrame({"z": [2.0, -3.0]}, index=["war", "peace"])
    >>> side_summary(r, SurfaceForms().fit([]), 1)
    ('war (2.0)', 'peace (-3.0)')
    """
    if result is None or result.empty:
        return "", ""
    ranked = result.sort_values("z", ascending=False, kind="stable")
    pos = _scored(forms, [(t, v) for t, v in ranked["z"].head(n).items() if v > 0])
    neg = _scored(forms, [(t, v) for t, v in ranked["z"].iloc[::-1].head(n).items() if v < 0])
    return pos, neg


def distinctive_table(results: dict[str, pd.DataFrame], labels: dict, forms: SurfaceForms,
                      score: str = "z", n: int = config.TERMS_PER_SOURCE) -> pd.DataFrame:
    """One row per document: its ``n`` most distinctive terms with their scores.

    >>> r = {"a": pd.DataFrame({"z": [2.5, -1.0]}, index=["war", "peace"])}
    >>> distinctive_table(r, {"a": "A"}, SurfaceForms().fit([]), n=2).values.tolist()
    [['A', 'war (2.5)', 'peace (-1.0)']]
    """
    rows = []
    for doc, res in results.items():
        ranked = res.sort_values(score, ascending=False, kind="stable")
        top = _scored(forms, [(t, v) for t, v in ranked[score].head(n).items() if v > 0])
        low = _scored(forms, [(t, v) for t, v in ranked[score].iloc[::-1].head(n).items() if v < 0])
        rows.append((labels.get(doc, doc), top, low))
    return pd.DataFrame(rows, columns=["source", f"most over-used ({score})", f"most under-used ({score})"])


def keyword_table(results: dict[str, pd.DataFrame], labels: dict, forms: SurfaceForms,
                  n: int = config.TERMS_PER_SOURCE) -> pd.DataFrame:
    """Each document's ``n`` top keywords by G² with their log ratio.

    >>> k = {"a": pd.DataFrame({"G2": [5.0, -1.0], "log_ratio": [1.5, -0.5]}, index=["war", "peace"])}
    >>> keyword_table(k, {"a": "A"}, SurfaceForms().fit([])).values.tolist()
    [['A', 'war (G² 5.0, LR 1.5)']]
    """
    rows = []
    for doc, res in results.items():
        top = res[res["G2"] > 0].head(n)
        rows.append((labels.get(doc, doc), ", ".join(
            f"{forms.show(t)} (G² {g:.1f}, LR {lr:.1f})" for t, g, lr in zip(top.index, top["G2"], top["log_ratio"]))))
    return pd.DataFrame(rows, columns=["source", "top keywords (G², log ratio)"])


def verdict(row, labels: dict) -> str:
    """A leave-one-source-out row in words: ``"survives"`` or ``"rests on A, B"``.

    >>> verdict({"survives": False, "driven by": ("a",)}, {"a": "Kuzio 2001"})
    'rests on Kuzio 2001'
    """
    if row["survives"]:
        return "survives"
    return "rests on " + ", ".join(labels.get(s, s) for s in row["driven by"])


def loo_table(loo: pd.DataFrame, forms: SurfaceForms, labels: dict) -> pd.DataFrame:
    """:func:`~analysis.methods.contrast.leave_one_out` for display: term, z, runs kept, verdict.

    >>> t = pd.DataFrame({"side": ["i"], "rank": [1], "term": ["war"], "z": [2.345], "runs": [3],
    ...                   "kept": [2], "survives": [False], "driven by": [("a",)]})
    >>> loo_table(t, SurfaceForms().fit([]), {"a": "A"}).values.tolist()
    [['i', 1, 'war', 2.35, '2 of 3', 'rests on A']]
    """
    if loo.empty:
        return pd.DataFrame(columns=["group", "rank", "term", "z", "in top list", "verdict"])
    return pd.DataFrame({
        "group": loo["side"], "rank": loo["rank"], "term": [forms.show(t) for t in loo["term"]],
        "z": loo["z"].round(2), "in top list": [f"{k} of {r}" for k, r in zip(loo["kept"], loo["runs"])],
        "verdict": [verdict(r, labels) for _, r in loo.iterrows()],
    })


def prior_table(tops: pd.DataFrame, forms: SurfaceForms, show: int = 8) -> pd.DataFrame:
    """:func:`~analysis.methods.contrast.prior_sensitivity` for display (the first ``show`` terms).

    >>> t = pd.DataFrame({"prior": ["corpus"], "a0": [500.0], "side": ["i"], "terms": [("war", "tank")],
    ...                   "shared": [2], "n": [2]})
    >>> prior_table(t, SurfaceForms().fit([]), show=1).values.tolist()
    [['corpus', '500', 'i', '2 of 2', 'war, …']]
    """
    return pd.DataFrame({
        "prior": tops["prior"], "a₀": [f"{a:g}" for a in tops["a0"]], "group": tops["side"],
        "shared with main": [f"{s} of {n}" for s, n in zip(tops["shared"], tops["n"])],
        "top terms": [", ".join(forms.show(t) for t in terms[:show]) + (", …" if len(terms) > show else "")
                      for terms in tops["terms"]],
    })


def rounded(frame: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    """Float columns rounded for display; nullable integer columns as plain integers (missing: empty).

    >>> r = rounded(pd.DataFrame({"k": [0.12345, 1.0], "n": pd.array([3, None], dtype="Int64")}))
    >>> r["k"].tolist(), r["n"].tolist()
    ([0.12, 1.0], [3, None])
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
        elif str(out[col].dtype) == "Int64":
            out[col] = pd.Series([None if pd.isna(v) else int(v) for v in out[col]], index=out.index, dtype=object)
    return out


def tone_examples(sentences: pd.DataFrame, labels: dict, n: int = 3, width: int = 220) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences by VADER, with their
    cooperation and confrontation counts (ties broken by source and position).

    >>> from analysis.methods.lexicon import sentence_tone
    >>> s = sentence_tone(pd.DataFrame({"source_id": ["a", "a"], "sent": [1, 2],
    ...     "text": ["A great friendship.", "A terrible war."]}))
    >>> tone_examples(s, {"a": "A"}, n=1)[["end", "sentence"]].values.tolist()
    [['most positive', 'A great friendship.'], ['most negative', 'A terrible war.']]
    """
    s = sentences.reset_index(drop=True).copy()
    s["_pos"] = range(len(s))
    top = s.sort_values(["vader", "_pos"], ascending=[False, True], kind="stable").head(n).assign(end="most positive")
    bottom = s.sort_values(["vader", "_pos"], ascending=[True, True], kind="stable").head(n).assign(end="most negative")
    both = pd.concat([top, bottom])
    short = [t if len(t) <= width else t[: width - 1].rstrip() + "…" for t in both["text"]]
    return pd.DataFrame({
        "end": both["end"].values,
        "source": [labels.get(x, x) for x in both["source_id"]],
        "VADER": both["vader"].round(3).values,
        "coop": both["coop"].values, "conf": both["conf"].values,
        "sentence": short,
    })


def passes(row, min_precision: float = config.MIN_PRECISION, min_recall: float = config.MIN_RECALL) -> bool:
    """Whether a validation row's precision and recall both reach the chapter's bar.

    >>> passes({"precision": 0.7, "recall": 0.5}), passes({"precision": 0.4, "recall": 0.9})
    (True, False)
    """
    p, r = row["precision"], row["recall"]
    return bool(pd.notna(p) and pd.notna(r) and p >= min_precision and r >= min_recall)


def validation_display(table: pd.DataFrame) -> pd.DataFrame:
    """A validation table (:func:`~analysis.methods.lexicon.validation_table`) rounded, with a verdict column.

    >>> t = pd.DataFrame({"measure": ["VADER"], "category": ["cooperation"], "sentences": [10], "predicted": [4],
    ...                   "reference": [5], "both": [2], "precision": [0.5], "recall": [0.4], "F1": [0.444]})
    >>> validation_display(t)[["precision", "F1", "usable"]].values.tolist()
    [[0.5, 0.44, 'no']]
    """
    out = rounded(table)
    out["usable"] = ["yes" if passes(r) else "no" for _, r in table.iterrows()]
    return out


def _join(words: list[str]) -> str:
    return ", ".join(f"*{w}*" for w in words) if words else "none"


def findings(groups: pd.DataFrame, contrasts: dict, forms: dict, labels: dict, prior_shared: dict,
             validation: pd.DataFrame | None, kappa: dict | None, tones: dict,
             themes: pd.DataFrame | None = None) -> str:
    """Markdown bullets: the chapter's findings, only what survives its checks.

    ``contrasts`` maps a name to ``(Comparison, leave-one-out table, figure or
    table name)``; ``forms`` maps the same names to surface forms;
    ``prior_shared`` maps them to ``(shared, n)`` of each side between the
    corpus and background priors; ``validation`` is the stance rows of the
    validation table; ``kappa`` the coders' stance and speaker kappa;
    ``tones`` holds ``whole`` and ``author`` tone tables and ``usable`` (the
    verdict of the stance lists); ``themes`` the densest source of each
    validated theme (:func:`~analysis.methods.lexicon.peak_themes`).
    """
    lines = []
    sizes = {col: groups[col].value_counts() for col in ("period", "perspective")}
    lines.append(
        f"- The catalog gives {len(groups)} sources: "
        + "; ".join(", ".join(f"{v} {k}" for k, v in s.items()) for s in sizes.values())
        + " ({numref}`tbl-periods-group-sizes`). A group of one or two sources describes those texts, "
        "not a kind of author, and every z-score is model-based evidence about these texts' word counts.")
    for name, (cmp, loo, ref) in contrasts.items():
        what = f"{cmp.names[0]} against {cmp.names[1]}"
        if cmp.result is None:
            lines.append(f"- {what}: {cmp.note}")
            continue
        keep_i = [forms[name].show(t) for t in loo.loc[(loo["side"] == cmp.names[0]) & loo["survives"], "term"]]
        keep_j = [forms[name].show(t) for t in loo.loc[(loo["side"] == cmp.names[1]) & loo["survives"], "term"]]
        total = len(loo)
        lines.append(
            f"- {what} ({{numref}}`{ref}`): of the {total} top terms, {len(keep_i) + len(keep_j)} stay in the "
            f"top list whichever source is left out: {cmp.names[0]} {_join(keep_i)}; {cmp.names[1]} "
            f"{_join(keep_j)}. The others rest on one source or two and describe those texts"
            + (f" ({cmp.note})" if cmp.note else "") + ".")
        if name in prior_shared:
            (si, ni), (sj, nj) = prior_shared[name]
            lines.append(f"  With the background prior (State of the Union addresses) instead of the corpus's own, "
                         f"{si} of {ni} and {sj} of {nj} top terms stay the same ({{numref}}`tbl-periods-priors`).")
    if kappa:
        lines.append(f"- Two independent codings of the validation sample agree with κ = {kappa['stance']:.2f} "
                     f"on stance and κ = {kappa['speaker']:.2f} on speaker ({{numref}}`tbl-periods-kappa`).")
    if validation is not None and len(validation):
        bad = [f"{r['measure']} ({r['category']}: precision {r['precision']:.2f}, recall {r['recall']:.2f})"
               for _, r in validation.iterrows() if not passes(r)]
        good = [f"{r['measure']} ({r['category']})" for _, r in validation.iterrows() if passes(r)]
        lines.append("- Against the reference coding ({numref}`tbl-periods-validation`), "
                     + (f"these stance measures fall short of precision {config.MIN_PRECISION:.1f} and recall "
                        f"{config.MIN_RECALL:.1f}: " + "; ".join(bad) + "." if bad else "every stance measure passes.")
                     + (f" Usable: {', '.join(good)}." if good else " No finding about tone is drawn from them."))
    if themes is not None and len(themes):
        top = themes.sort_values("per 1,000 words", ascending=False, kind="stable").head(3)
        lines.append("- Of the validated themes, the densest are " + "; ".join(
            f"{r['theme']} in {r['densest in']} ({r['per 1,000 words']} per 1,000 words)" for _, r in top.iterrows())
            + " ({numref}`fig-periods-themes`, {numref}`tbl-periods-themes`): each describes one text.")
    whole, own = tones.get("whole"), tones.get("author")
    if tones.get("usable") and whole is not None and own is not None:
        bal = own["balance"].dropna()
        if len(bal):
            hi, lo = bal.idxmax(), bal.idxmin()
            lines.append(f"- In the authors' own sentences, {labels[hi]} is the most cooperative "
                         f"({bal[hi]:+.2f}) and {labels[lo]} the most confrontational ({bal[lo]:+.2f}) "
                         "({numref}`tbl-periods-tone-speaker`).")
    return "\n".join(lines)


def tone_by_speaker(whole: pd.DataFrame, own: pd.DataFrame, quoted: pd.DataFrame, labels: dict,
                    columns=("VADER mean", "balance")) -> pd.DataFrame:
    """Side by side per source: tone of the whole text, the author's own sentences and the quoted ones.

    >>> w = pd.DataFrame({"VADER mean": [0.1], "balance": [0.5], "sentences": [4]}, index=["a"])
    >>> o = pd.DataFrame({"VADER mean": [0.2], "balance": [1.0], "sentences": [3]}, index=["a"])
    >>> tone_by_speaker(w, o, o.iloc[:0], {"a": "A"}).values.tolist()
    [['A', 4, 0.1, 0.5, 3, 0.2, 1.0, 0, nan, nan]]
    """
    rows = []
    for sid in whole.index:
        row = [labels.get(sid, sid)]
        for part in (whole, own, quoted):
            n = int(part.loc[sid, "sentences"]) if sid in part.index else 0
            row.append(n)
            row += [round(float(part.loc[sid, c]), 2) if sid in part.index and pd.notna(part.loc[sid, c])
                    else np.nan for c in columns]
        rows.append(row)
    cols = ["source"]
    for part in ("whole text", "author", "quoted"):
        cols += [f"{part}: sentences"] + [f"{part}: {c}" for c in columns]
    return pd.DataFrame(rows, columns=cols)
