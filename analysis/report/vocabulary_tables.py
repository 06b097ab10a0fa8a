"""Tables of the vocabulary chapter, as DataFrames ready for :func:`analysis.report.tables.table`.

The numbers come from :mod:`analysis.methods.vocabulary`,
:mod:`analysis.methods.vocabulary_checks` and :mod:`analysis.methods.collocations`;
here they are rounded, labelled and joined into readable cells.

>>> import pandas as pd
>>> from analysis.methods.vocabulary import DistinctiveTerms
>>> docs = pd.Series({"a": "Arms control. Arms talks.", "b": "Gas talks."})
>>> top_terms_table(DistinctiveTerms().fit(docs), pd.Series({"a": "A", "b": "B"}), n=1).values.tolist()
[['A', 'arms (2, 0.671)'], ['B', 'gas talks (1, 0.632)']]
"""
from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.methods.collocations import kwic
from analysis.methods.vocabulary import DistinctiveTerms, TermStability, extreme_pairs
from analysis.methods.vocabulary_checks import DendrogramTest, LeaveOneOut
from analysis.report.reader import paragraph_link


def top_terms_table(model: DistinctiveTerms, labels: pd.Series, n: int = config.VOCAB_TOP_TERMS) -> pd.DataFrame:
    """One row per source: its top ``n`` terms with their counts and weights."""
    top = model.top_terms(n)
    rows = []
    for sid in model.sources_:
        part = top[top.source_id == sid]
        rows.append({"source": labels[sid],
                     "top terms (count, tf-idf weight)": ", ".join(
                         f"{d} ({c}, {w:.3f})" for d, c, w in zip(part.display, part["count"], part.weight))})
    return pd.DataFrame(rows)


def stability_table(stability: TermStability, labels: pd.Series, max_terms: int = 10) -> pd.DataFrame:
    """Per source: mean and lowest Jaccard index with the main setting, and its robust terms."""
    others = stability.jaccard_.iloc[:, 1:]
    rows = []
    for sid in stability.jaccard_.index:
        robust = stability.robust_[sid]
        shown = ", ".join(robust[:max_terms]) + (" …" if len(robust) > max_terms else "")
        rows.append({"source": labels[sid],
                     "mean Jaccard": round(float(others.loc[sid].mean()), 2) if others.shape[1] else 1.0,
                     "lowest Jaccard": round(float(others.loc[sid].min()), 2) if others.shape[1] else 1.0,
                     "robust terms": len(robust),
                     "robust terms (main-setting order)": shown})
    return pd.DataFrame(rows)


def settings_table(model: DistinctiveTerms) -> pd.DataFrame:
    """The TF-IDF settings of a model, each with what it means."""
    p = model.get_params()
    lo, hi = p["ngram_range"]
    rows = [
        ("document", "one source", "each source's text paragraphs (headings left out)"),
        ("names", "one token each", "United States, U.S., US, USA, America (the country) -> u.s.; Russian "
                                    "Federation -> russia; Soviet Union -> ussr; North Atlantic Treaty "
                                    "Organization -> nato; Northern Alliance apart from alliance"),
        ("tokens", "words, lower case", "numbers and punctuation dropped; possessive 's dropped"),
        ("stop words", f"{len(p['stop_words'])} words", "scikit-learn's English list plus contractions; "
                                                       "one-letter words dropped too"),
        ("stemming", "Snowball" if p["stem"] else "none",
         "inflections count together; a stem is shown as its most frequent word"),
        ("n-gram range", f"{lo}-{hi}" if hi > lo else str(lo),
         "n-grams join adjacent content words within a sentence; none contains a stop word"),
        ("tf scaling", "1 + ln(count)" if p["sublinear_tf"] else "raw count",
         "damps repetition of one word" if p["sublinear_tf"] else "counts as they are"),
        ("idf", "ln((1 + n) / (1 + df)) + 1" if p["smooth_idf"] else "ln(n / df) + 1",
         "smoothed: as if one extra source used every term once" if p["smooth_idf"] else "unsmoothed"),
        ("norm", str(p["norm"]), "each source's vector has length 1, so long and short sources compare"),
        ("min_df", str(p["min_df"]), "a term must occur in at least this many sources"),
        ("listing", "distinctive", "terms every source uses, and words only ever seen inside one "
                                   "longer listed phrase, are not listed (they stay in the weights)"),
    ]
    return pd.DataFrame(rows, columns=["setting", "value", "meaning"])


def names_table(variants: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Variants of each merged name as rows, sources as columns: how often each source writes each.

    ``variants`` is :func:`analysis.methods.vocabulary_checks.name_variants`;
    variants no source writes are left out.
    """
    wide = variants.pivot_table(index=["token", "variant"], columns="source_id", values="count",
                                sort=False, aggfunc="sum")
    wide = wide[[s for s in labels.index if s in wide.columns]]
    wide = wide[wide.sum(axis=1) > 0].astype(int)
    out = wide.rename(columns=labels.to_dict()).reset_index()
    return out.rename(columns={"token": "token", "variant": "written as"})


def idf_table(levels: pd.DataFrame) -> pd.DataFrame:
    """The IDF values, one per document frequency, with the number of terms at each."""
    return pd.DataFrame({"sources using the term (df)": levels.df.astype(int),
                         "idf": levels.idf.round(3), "terms": levels.terms.astype(int)})


def pair_table(model: DistinctiveTerms, labels: pd.Series, n: int = config.VOCAB_PAIRS,
               k: int = config.VOCAB_PAIR_TERMS, test: DendrogramTest | None = None) -> pd.DataFrame:
    """The ``n`` closest and ``n`` farthest pairs, with the shared terms that bring them together.

    With a :class:`~analysis.methods.vocabulary_checks.DendrogramTest`, a column
    gives the permutation p-value of each pair being closer than shuffled texts.
    """
    rows = []
    p_closer = {} if test is None else {(r.a, r.b): r.p_closer for r in test.pairs_.itertuples()}
    for r in extreme_pairs(model, n, k).itertuples():
        row = {
            "pair": r.pair,
            "sources": f"{labels[r.a]} – {labels[r.b]}",
            "cosine": round(r.similarity, 3),
            "% from terms all use": round(100 * r.ubiquitous_share, 1),
            "top other shared terms (% of cosine)": ", ".join(
                f"{t} ({100 * s:.1f})" for t, s in zip(r.shared.display, r.shared.share)),
        }
        if p_closer:
            row["p closer than shuffled"] = round(float(p_closer[(r.a, r.b)]), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def leave_one_out_table(loo: LeaveOneOut, labels: pd.Series) -> pd.DataFrame:
    """Per source: the top terms that survive every run, and the others with the sources whose absence drops them.

    A term that does not survive is shown as ``term (without A, B)``: it
    falls out of the source's top list when A or B is left out.
    """
    rows = []
    t = loo.table_
    for sid in dict.fromkeys(t.source_id):
        part = t[t.source_id == sid]
        kept = part[part.survives]
        lost = part[~part.survives]
        rows.append({
            "source": labels[sid],
            f"survive (of {loo.n})": len(kept),
            "terms that survive every run": ", ".join(kept.display) or "none",
            "do not survive (falls out without)": "; ".join(
                f"{d} ({', '.join(labels[o] for o in by)})" for d, by in zip(lost.display, lost.dropped_by))
            or "none",
        })
    return pd.DataFrame(rows)


def collocation_table(scores: pd.DataFrame, counts: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """One row per source: its top collocations above chance as ``phrase (count, G²)``, and how many pairs pass.

    ``scores`` is :func:`analysis.methods.collocations.collocation_scores`,
    ``counts`` :func:`analysis.methods.collocations.chance_counts`.
    """
    passed = counts.set_index("source_id")
    rows = []
    for sid in labels.index:
        part = scores[scores.source_id == sid]
        text = ", ".join(f"{c} ({k}, {s:.1f})" for c, k, s in zip(part.collocation, part["count"], part.score))
        rows.append({"source": labels[sid],
                     "pairs scored": int(passed.loc[sid, "scored"]) if sid in passed.index else 0,
                     "above chance": int(passed.loc[sid, "above_chance"]) if sid in passed.index else 0,
                     "strongest above chance (count, G²)": text or "none above chance"})
    return pd.DataFrame(rows)


def kwic_table(model: DistinctiveTerms, sentences: pd.Series, labels: pd.Series, *,
               terms: int = config.VOCAB_KWIC_TERMS, lines: int = config.VOCAB_KWIC_LINES,
               window: int = config.VOCAB_KWIC_WINDOW, paragraphs: pd.Series | None = None) -> pd.DataFrame:
    """KWIC lines for each source's top distinctive terms.

    For each source, its top ``terms`` terms (:meth:`DistinctiveTerms.top_terms`)
    with the first ``lines`` occurrences in reading order
    (:func:`analysis.methods.collocations.kwic`); ``hits`` is the number of
    occurrences found, which equals the term's count. With ``paragraphs`` (per
    source, the paragraph number of each sentence, as
    :func:`analysis.methods.vocabulary.source_paragraphs` gives), a column ``¶``
    links each line to its paragraph in the annotated text (render it as markup).
    """
    top = model.top_terms(terms)
    rows = []
    for sid in model.sources_:
        for r in top[top.source_id == sid].itertuples():
            found = kwic(sentences[sid], r.term, window=window, stemmed=model.stem, stop_words=model.stop_words)
            for line in found.head(lines).itertuples():
                row = {"source": labels[sid], "term": r.display, "hits": len(found),
                       "left": line.left, "match": line.match, "right": line.right}
                if paragraphs is not None:
                    row["¶"] = paragraph_link(sid, paragraphs[sid][line.sentence])
                rows.append(row)
    columns = ["source", "term", "hits", "left", "match", "right"] + (["¶"] if paragraphs is not None else [])
    return pd.DataFrame(rows, columns=columns)
