"""What the topic models show on this corpus: agreement against chance, robust dominant topics.

A topic is worth reporting only when it does not depend on the model, the
number of topics or the seed. This module measures that:

* **Matching.** Two models' topics are paired one-to-one by the Hungarian
  algorithm on the Jaccard overlap of their top terms
  (:func:`analysis.methods.topic_models.match_topics`); a pair sharing no top
  term is no match. The mapping uses the topics' words only, never the
  segments' labels, so it cannot inflate the agreement measured below.
* **Agreement of dominant topics** (:func:`dominant_agreement`). Each segment
  gets its dominant topic under model A, and under model B mapped to A's
  topics (an unmatched B topic agrees with nothing). With ``n`` segments,
  ``n_A(c)`` and ``n_B(c)`` of them labelled ``c``:

      observed  p_o = (1 / n) sum_i [a_i = b_i]
      chance    p_e = sum_c (n_A(c) / n) (n_B(c) / n)
      kappa     = (p_o - p_e) / (1 - p_e)                 (Cohen 1960)

  ``p_e`` is the agreement expected if the two labellings were unrelated but
  kept their sizes; it equals the mean agreement over all shuffles of one
  labelling, which :func:`permutation_agreement` samples to give the spread
  and a one-sided p-value ``(1 + #{shuffled >= observed}) / (1 + shuffles)``.
  ``1 / k`` is chance only when all topics are equally large. The adjusted
  Rand index (Hubert & Arabie 1985) compares the two partitions of the
  segments without any mapping: 0 is the expectation for unrelated
  partitions, 1 identical ones.
* **Robust dominant topics** (:func:`robustness`): a source's dominant topic
  is robust when it holds under the other model, ``k - 1``, ``k + 1`` and
  every other seed.

>>> a = [0, 0, 1, 1]
>>> label_agreement(a, [0, 1, 1, 1]), chance_agreement(a, [0, 1, 1, 1])
(0.75, 0.5)
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from analysis.corpus.text import split_sentences
from analysis.methods.topic_models import (
    METHOD_NAMES,
    TopicModel,
    analyse,
    dominant_topics,
    k_candidates,
    match_topics,
    segment_topics,
)

#: The label of a segment whose dominant topic in model B has no match in model A.
UNMATCHED = -1


# --------------------------------------------------------------------------- agreement of two labellings

def _labels(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"the two labellings must be 1-d and of equal length, not {a.shape} and {b.shape}")
    if not len(a):
        raise ValueError("the labellings are empty: no segment to compare")
    return a, b


def label_agreement(a, b) -> float:
    """Share of items with the same label in ``a`` and ``b``: ``p_o``.

    >>> label_agreement([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    a, b = _labels(a, b)
    return float(np.mean(a == b))


def chance_agreement(a, b) -> float:
    """Agreement expected from the two labellings' sizes alone: ``sum_c p_a(c) p_b(c)``.

    Labels are compared as values: a label only one labelling uses adds nothing.

    >>> chance_agreement([0, 0, 0, 1], [0, 0, 1, 1])   # 3/4 * 2/4 + 1/4 * 2/4
    0.5
    >>> chance_agreement([0, 1], [2, 3])
    0.0
    """
    a, b = _labels(a, b)
    pa = pd.Series(a).value_counts(normalize=True)
    pb = pd.Series(b).value_counts(normalize=True)
    return float((pa * pb.reindex(pa.index).fillna(0)).sum())


def cohen_kappa(a, b) -> float:
    """Cohen's kappa ``(p_o - p_e) / (1 - p_e)``: agreement beyond chance, 0 at chance, 1 when equal.

    Undefined (NaN) when ``p_e = 1`` (both labellings constant and equal).

    >>> round(cohen_kappa([0, 0, 1, 1], [0, 1, 1, 1]), 3)   # (0.75 - 0.5) / (1 - 0.5)
    0.5
    """
    p_o, p_e = label_agreement(a, b), chance_agreement(a, b)
    return float("nan") if np.isclose(p_e, 1.0) else (p_o - p_e) / (1 - p_e)


def permutation_agreement(a, b, *, n_permutations: int = 2000, random_state: int = 0) -> np.ndarray:
    """Agreement of ``a`` with ``n_permutations`` random shuffles of ``b``.

    Shuffling keeps both labellings' sizes and breaks any link between them,
    so the values are the agreement to expect by chance; their mean tends to
    :func:`chance_agreement`.

    >>> sims = permutation_agreement([0, 0, 1, 1], [0, 0, 1, 1], n_permutations=500)
    >>> sims.shape, sorted(set(sims.tolist()))
    ((500,), [0.0, 0.5, 1.0])
    """
    a, b = _labels(a, b)
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, not {n_permutations}")
    rng = np.random.default_rng(random_state)
    return np.array([np.mean(a == rng.permutation(b)) for _ in range(n_permutations)])


# --------------------------------------------------------------------------- two models' dominant topics

def _mapping(reference: TopicModel, other: TopicModel) -> dict[int, int]:
    """``other`` topic -> matched ``reference`` topic (pairs with no shared top term left out)."""
    matched = match_topics(reference.top_terms_, other.top_terms_)
    return {int(b): int(a) for a, b, j in matched.itertuples(index=False) if j > 0}


def dominant_labels(model_a: TopicModel, model_b: TopicModel) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's dominant topic under ``model_a``, and under ``model_b`` mapped to
    ``model_a``'s topics (:data:`UNMATCHED` for a topic with no match)."""
    mapping = _mapping(model_a, model_b)
    dom_a = model_a.doc_topic_.argmax(axis=1)
    dom_b = np.array([mapping.get(int(t), UNMATCHED) for t in model_b.doc_topic_.argmax(axis=1)])
    return dom_a, dom_b


def segment_agreement(model_a: TopicModel, model_b: TopicModel) -> float:
    """Share of segments whose dominant topic in ``model_b``, mapped to ``model_a``'s
    topics by :func:`match_topics`, is the same as in ``model_a``."""
    return label_agreement(*dominant_labels(model_a, model_b))


def dominant_agreement(model_a: TopicModel, model_b: TopicModel, *, n_permutations: int = 2000,
                       random_state: int = 0) -> pd.Series:
    """Agreement of two models' dominant topics per segment, set against chance (module notes).

    Returns
    -------
    Series
        ``segments``, ``k``; ``observed`` (p_o); ``uniform`` (1/k, chance if
        the topics were equally large); ``chance`` (p_e from the sizes);
        ``shuffled mean`` and ``shuffled 95%`` (mean and 95th percentile of
        the agreement over shuffles); ``p-value`` (one-sided, shuffles);
        ``kappa``; ``adjusted Rand``.
    """
    dom_a, dom_b = dominant_labels(model_a, model_b)
    shuffled = permutation_agreement(dom_a, dom_b, n_permutations=n_permutations, random_state=random_state)
    observed = label_agreement(dom_a, dom_b)
    return pd.Series({
        "segments": len(dom_a), "k": model_a.n_topics, "observed": observed, "uniform": 1 / model_a.n_topics,
        "chance": chance_agreement(dom_a, dom_b), "shuffled mean": float(shuffled.mean()),
        "shuffled 95%": float(np.quantile(shuffled, 0.95)),
        "p-value": float((1 + (shuffled >= observed - 1e-12).sum()) / (1 + len(shuffled))),
        "kappa": cohen_kappa(dom_a, dom_b),
        "adjusted Rand": float(adjusted_rand_score(model_a.doc_topic_.argmax(axis=1),
                                                   model_b.doc_topic_.argmax(axis=1))),
    })


def agreement_by_k(sweep, method_a: str = "nmf", method_b: str = "lda", *, n_permutations: int = 2000,
                   random_state: int = 0) -> pd.DataFrame:
    """:func:`dominant_agreement` of two models (reference seeds) at every ``k`` of a sweep, one row per ``k``."""
    rows = [dominant_agreement(sweep.fit_one(method_a, k), sweep.fit_one(method_b, k),
                               n_permutations=n_permutations, random_state=random_state)
            for k in sweep.k_values_]
    out = pd.DataFrame(rows)
    out[["segments", "k"]] = out[["segments", "k"]].astype(int)
    return out.reset_index(drop=True)


def model_agreement(model_a: TopicModel, model_b: TopicModel) -> pd.DataFrame:
    """Topics of two models matched by the Hungarian algorithm, with their overlap.

    Columns: the two labels, the Jaccard similarity of their top-word sets
    and the shared words (readable forms), in the order of ``model_a``'s topics.
    """
    matched = match_topics(model_a.top_terms_, model_b.top_terms_).sort_values("a")
    forms = model_a.document_terms_.forms
    rows = []
    for a, b, jac in matched.itertuples(index=False):
        shared = [forms.show(t) for t in model_a.top_terms_[int(a)] if t in set(model_b.top_terms_[int(b)])]
        rows.append({model_a.name: model_a.labels_[int(a)], model_b.name: model_b.labels_[int(b)],
                     "Jaccard": round(float(jac), 2), "shared top words": ", ".join(shared) or "none"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- robust dominant topics

def _dominant_as(reference: TopicModel, other: TopicModel, segments: pd.DataFrame,
                 sources: pd.DataFrame) -> pd.Series:
    """Each source's dominant topic under ``other``, as the matched ``reference`` topic (-2: no match)."""
    mapping = _mapping(reference, other)
    return dominant_topics(other, segments, sources).map(lambda t: mapping.get(int(t), -2))


def robustness(sweep, segments: pd.DataFrame, sources: pd.DataFrame, *,
               method: str = "nmf", k: int | None = None) -> pd.DataFrame:
    """Does each source's dominant topic survive a change of model, k and seed?

    ``sweep`` is a fitted :class:`analysis.methods.topics.TopicSweep`. The
    reference is ``method`` at ``k`` with the first seed. Each alternative
    (the other model at ``k``; the same model at ``k - 1`` and ``k + 1``;
    the same model with each other seed) has its topics matched to the
    reference topics (a pair sharing no top term is no match); the source's
    dominant topic *holds* when the alternative's dominant topic is matched
    to the reference's. ``robust`` is "yes" when it holds under every
    alternative.
    """
    k = sweep.best_k_ if k is None else k
    ref = sweep.fit_one(method, k)
    ref_dom = dominant_topics(ref, segments, sources)
    dt = sweep.document_terms_
    other = [m for m in sweep.methods if m != method]
    alternatives = [(f"{METHOD_NAMES[m]}, k={k}", sweep.fit_one(m, k)) for m in other]
    alternatives += [(f"{METHOD_NAMES[method]}, k={kk}", sweep.fit_one(method, kk))
                     for kk in (k - 1, k + 1)
                     if kk >= 2 and kk <= max(k_candidates([kk], dt.n_documents, len(dt.terms)))]
    table = pd.DataFrame({"source": sources["label"],
                          "dominant topic": [ref.labels_[t] if t >= 0 else "" for t in ref_dom]})
    holds_all = pd.Series(ref_dom >= 0, index=sources.index)
    for name, alt in alternatives:
        same = (_dominant_as(ref, alt, segments, sources) == ref_dom) & (ref_dom >= 0)
        table[name] = same.map({True: "same", False: "differs"})
        holds_all &= same
    seeds = list(sweep.seeds[1:])
    if seeds:
        agree = pd.Series(0, index=sources.index)
        for seed in seeds:
            dom = _dominant_as(ref, sweep.fit_one(method, k, seed), segments, sources)
            agree += ((dom == ref_dom) & (ref_dom >= 0)).astype(int)
        table["other seeds"] = agree.map(lambda a: f"{a}/{len(seeds)}")
        holds_all &= agree == len(seeds)
    table["robust"] = holds_all.map({True: "yes", False: "no"})
    return table


def topic_switches(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per source: segments, distinct dominant topics and switches between consecutive segments."""
    seg = segment_topics(model, segments)
    rows = []
    for sid in sources.index:
        dom = seg.loc[seg.source_id == sid, "dominant"].to_numpy()
        rows.append({"source": sources.loc[sid, "label"], "segments": len(dom),
                     "topics": len(set(dom.tolist())),
                     "switches": int((dom[1:] != dom[:-1]).sum()) if len(dom) else 0})
    return pd.DataFrame(rows, index=sources.index)


# --------------------------------------------------------------------------- the topics and their passages

def _best_sentence(text: str, terms: set[str]) -> str:
    sentences = split_sentences(text) or [text]
    scores = [sum(t in terms for t in analyse(s)) for s in sentences]
    return sentences[int(np.argmax(scores))]


def shorten(text: str, width: int = 200) -> str:
    """Shorten ``text`` to at most ``width`` characters at a word boundary, adding "…".

    >>> shorten("one two three four", 12)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def topic_table(model: TopicModel, segments: pd.DataFrame, sources: pd.DataFrame, *,
                width: int = 200) -> pd.DataFrame:
    """One row per topic: label, top words, share of all words, representative passage.

    The representative segment of a topic is the one with the highest share
    of it (ties: the first in catalog and reading order); the passage quoted
    is that segment's sentence with the most of the topic's top terms,
    shortened to ``width`` characters.
    """
    words = segments["words"].to_numpy()
    rows = []
    for t, label in enumerate(model.labels_):
        best = int(np.argmax(model.doc_topic_[:, t]))
        seg = segments.iloc[best]
        quote = shorten(_best_sentence(seg["text"], set(model.top_terms_[t])), width)
        rows.append({
            "topic": label,
            "top words": ", ".join(model.top_words_[t]),
            "% of words": round(100 * float((model.doc_topic_[:, t] * words).sum() / words.sum()), 1),
            "representative passage": f"“{quote}” ({sources.loc[seg['source_id'], 'label']}, "
                                      f"segment {seg['segment']}, share {model.doc_topic_[best, t]:.2f})",
        })
    return pd.DataFrame(rows)
