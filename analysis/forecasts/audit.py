"""The detector audited against the curated files: recall, precision, coverage.

The detector (:class:`analysis.forecasts.detect.ForecastDetector`) flags
sentences mechanically; these functions compare its flags with the ledger,
the exclusions and the recommendations, sentence by sentence:

* *recall*: the share of ledger quotes that lie in (or overlap) a detected
  sentence; *precision*: the share of detected sentences of curated sources
  that hold a ledger quote (:func:`match_detections`);
* *coverage*: every sentence of a curated source with a future, modal or
  advice cue word must be accounted for by one of the curated files
  (:func:`coverage_table`);
* *band agreement*: the curated band against the band the hedge words
  give (:func:`band_agreement`).

Every function returns data (DataFrames and dicts); texts are whole.

>>> demo = pd.DataFrame({"scale_term": ["likely"], "hedge_words": [["probably"]]})
>>> band_agreement(demo)["agree"].tolist()
[1]
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.corpus.text import tokenize
from analysis.forecasts.detect import CUES, RECOMMENDATION_CUES
from analysis.forecasts.ledger import EXCLUSION_REASONS, _paragraphs_by_source, locate, normalise_space
from analysis.forecasts.scale import BANDS, hedge_band


def sentence_spans(corpus) -> pd.DataFrame:
    """``corpus.sentences`` with ``start`` and ``end`` offsets in their normalised paragraph."""
    paras = {(s, p): normalise_space(t) for s, p, t in
             zip(corpus.paragraphs["source_id"], corpus.paragraphs["para"], corpus.paragraphs["text"])}
    starts, ends, cursor = [], [], {}
    for sid, para, text in zip(corpus.sentences["source_id"], corpus.sentences["para"],
                               corpus.sentences["text"]):
        whole = paras[(sid, para)]
        sentence = normalise_space(text)
        pos = whole.find(sentence, cursor.get((sid, para), 0))
        if pos < 0:
            pos = cursor.get((sid, para), 0)
        starts.append(pos)
        ends.append(pos + len(sentence))
        cursor[(sid, para)] = pos + len(sentence)
    return corpus.sentences.assign(start=starts, end=ends)


def _spans(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    """Locate each row's quote: adds ``para``, ``start``, ``end`` (NaN when not found)."""
    paras = _paragraphs_by_source(corpus)
    found = [locate(q, paras[s]) if s in paras and isinstance(q, str) else None
             for s, q in zip(frame["source_id"], frame["quote"])]
    return frame.assign(para=[f[0] if f else np.nan for f in found],
                        start=[f[1] if f else np.nan for f in found],
                        end=[f[2] if f else np.nan for f in found])


def match_detections(corpus, detector, ledger: pd.DataFrame, exclusions: pd.DataFrame) -> dict:
    """Compare detected sentences with the curated ledger and exclusions.

    A ledger quote is *found* when a detected sentence contains or overlaps
    it. A detected sentence is a *prediction* when it contains or overlaps
    a ledger quote, else a *recognised non-prediction* when it overlaps an
    exclusion (its reason's category is kept), else *unexplained*.

    Returns a dict with ``sentences`` (every detected sentence with its
    category), ``ledger`` (each ledger row with ``found`` and the sentence
    cue), ``recall``, ``precision``, ``recognised`` and ``unexplained``
    (shares of the detected sentences of curated sources), and
    ``per_source`` (a summary table). Sentences of sources that have no
    row in either file are marked *not yet curated* and left out of the
    shares.
    """
    sents = sentence_spans(corpus)
    labels = detector.labels_.reset_index(drop=True)
    sents = sents.reset_index(drop=True).assign(candidate=labels["candidate"], cue=labels["cue"],
                                                hedge=labels["hedge"], band=labels["band"],
                                                negation=labels["negation"])
    det = sents[sents["candidate"]]
    led = _spans(ledger, corpus) if len(ledger) else ledger.assign(para=[], start=[], end=[])
    exc = _spans(exclusions, corpus) if len(exclusions) else exclusions.assign(para=[], start=[], end=[])

    def overlaps(sent, frame):
        hit = frame[(frame["source_id"] == sent.source_id) & (frame["para"] == sent.para)
                    & (frame["start"] < sent.end) & (frame["end"] > sent.start)]
        return hit

    curated = set(led["source_id"]) | set(exc["source_id"])
    labelled = []  # (category, exclusion reason, ledger ids) per detected sentence
    for sent in det.itertuples():
        if sent.source_id not in curated:
            labelled.append(("not yet curated", "", ""))
            continue
        hit = overlaps(sent, led)
        if len(hit):
            labelled.append(("prediction", "", ", ".join(hit["id"])))
            continue
        hit = overlaps(sent, exc)
        if len(hit):
            labelled.append(("recognised non-prediction", hit["category"].iloc[0], ""))
        else:
            labelled.append(("unexplained", "", ""))
    cats = [c for c, _, _ in labelled]
    reasons = [r for _, r, _ in labelled]
    ids = [i for _, _, i in labelled]
    det = det.assign(category=cats, reason=reasons, ledger_ids=ids)
    found, cues = [], []
    for row in led.itertuples():
        hit = det[(det["source_id"] == row.source_id) & (det["para"] == row.para)
                  & (det["start"] < row.end) & (det["end"] > row.start)] if not pd.isna(row.para) else det.iloc[0:0]
        found.append(bool(len(hit)))
        cues.append(hit["cue"].iloc[0] if len(hit) else "")
    led = led.assign(found=found, detected_cue=cues)
    judged = det[det["category"] != "not yet curated"]

    def share(category: str) -> float:
        return round(float((judged["category"] == category).mean()), 3) if len(judged) else float("nan")

    per_source = []
    for sid in corpus.ids:
        d = det[det["source_id"] == sid]
        rows = led[led["source_id"] == sid]
        per_source.append({
            "source": corpus.label(sid), "sentences": int((sents["source_id"] == sid).sum()),
            "detected": len(d), "predictions": int((d["category"] == "prediction").sum()),
            "recognised non-predictions": int((d["category"] == "recognised non-prediction").sum()),
            "unexplained": int((d["category"] == "unexplained").sum()),
            "not yet curated": int((d["category"] == "not yet curated").sum()),
            "ledger rows": len(rows), "found": int(rows["found"].sum()) if len(rows) else 0,
            "recall": round(float(rows["found"].mean()), 2) if len(rows) else np.nan,
            "precision": round(float((d["category"] == "prediction").mean()), 2) if len(d) and sid in curated else np.nan,
        })
    return {
        "sentences": det.reset_index(drop=True),
        "ledger": led.reset_index(drop=True),
        "recall": round(float(np.mean(found)), 3) if found else float("nan"),
        "precision": share("prediction"),
        "recognised": share("recognised non-prediction"),
        "unexplained": share("unexplained"),
        "per_source": pd.DataFrame(per_source),
    }


def coverage_table(corpus, ledger: pd.DataFrame, exclusions: pd.DataFrame,
                   recommendations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Completeness of the curation: is every sentence with a cue word accounted for?

    A sentence has a cue word when its tokens match any future, modal or
    advice cue of :mod:`analysis.forecasts.detect` (before the detector's exclusion
    rules). It is *accounted for* when it overlaps a quote of the ledger,
    the exclusions or the recommendations. Returns a per-source table and
    the sentences of curated sources that are not accounted for.
    """
    pattern = re.compile(r"(?<![\w'.])(?:" + "|".join([p for p, _ in CUES] + list(RECOMMENDATION_CUES))
                         + r")(?![\w'])")
    sents = sentence_spans(corpus)
    frames = [_spans(f, corpus) for f in (ledger, exclusions, recommendations) if len(f)]
    curated = set().union(*[set(f["source_id"]) for f in frames]) if frames else set()
    quoted = pd.concat([f[["source_id", "para", "start", "end"]] for f in frames]) if frames else None
    rows, missing = [], []
    for sid in corpus.ids:
        ss = sents[sents["source_id"] == sid]
        has_cue = ss[ss["text"].map(lambda t: bool(pattern.search(" ".join(tokenize(t)))))]
        accounted = 0
        for r in has_cue.itertuples():
            hit = quoted is not None and bool(((quoted["source_id"] == sid) & (quoted["para"] == r.para)
                                               & (quoted["start"] < r.end) & (quoted["end"] > r.start)).any())
            accounted += hit
            if not hit and sid in curated:
                missing.append({"source": corpus.label(sid), "sentence": normalise_space(r.text)})
        rows.append({"source": corpus.label(sid), "sentences with a cue word": len(has_cue),
                     "accounted for": accounted if sid in curated else np.nan,
                     "not accounted for": len(has_cue) - accounted if sid in curated else np.nan,
                     "status": "curated" if sid in curated else "not yet curated"})
    table = pd.DataFrame(rows)
    for col in ("accounted for", "not accounted for"):
        values = table[col].tolist()
        table[col] = pd.Series([int(v) if pd.notna(v) else "" for v in values], dtype=object) \
            if any(pd.isna(v) for v in values) else table[col].astype(int)
    return table, pd.DataFrame(missing, columns=["source", "sentence"])


def candidate_summary(detector, corpus, curated: set) -> pd.DataFrame:
    """Per source: sentences, candidates by cue kind, negated and hedged candidates, curation status."""
    labels = detector.labels_
    rows = []
    for sid in corpus.ids:
        lab = labels[labels["source_id"] == sid]
        cand = lab[lab["candidate"]]
        row = {"source": corpus.label(sid), "sentences": len(lab), "candidates": len(cand)}
        for kind in ("future", "conditional", "expectation", "likelihood", "possibility", "horizon"):
            row[kind] = int((cand["cue_kind"] == kind).sum())
        row["negated"] = int((cand["negation"] != "").sum())
        row["excluded as advice"] = int((lab["excluded_by"] == "recommendation").sum())
        row["excluded past modal"] = int((lab["excluded_by"] == "past-tense modal").sum())
        row["status"] = "curated" if sid in curated else "not yet curated"
        rows.append(row)
    return pd.DataFrame(rows)


def uncurated_candidates(detector, corpus, curated: set, *, per_source: int | None = None) -> pd.DataFrame:
    """The first ``per_source`` candidates of each source without curated predictions.

    By default five per source, or two when more than ten sources are not yet curated.
    """
    cand = detector.candidates_
    if per_source is None:
        per_source = 5 if sum(s not in curated for s in corpus.ids) <= 10 else 2
    rows = []
    for sid in corpus.ids:
        if sid in curated:
            continue
        c = cand[cand["source_id"] == sid]
        for r in c.head(per_source).itertuples():
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": normalise_space(r.text), "cue": r.cue, "hedge": r.hedge,
                         "band": r.band, "negation": r.negation})
        if len(c) > per_source:
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": f"(and {len(c) - per_source} more candidates)", "cue": "",
                         "hedge": "", "band": "", "negation": ""})
        if not len(c):
            rows.append({"source": corpus.label(sid), "status": "not yet curated",
                         "sentence": "(no candidates detected)", "cue": "", "hedge": "",
                         "band": "", "negation": ""})
    return pd.DataFrame(rows, columns=["source", "status", "sentence", "cue", "hedge", "band", "negation"])


def band_agreement(scored: pd.DataFrame) -> pd.DataFrame:
    """Curated scale term (rows) against the band :func:`hedge_band` reads from the hedge words (columns).

    >>> demo = pd.DataFrame({"scale_term": ["likely", "likely"], "hedge_words": [["will probably"], ["needs"]]})
    >>> band_agreement(demo).to_dict("records")
    [{'curated band': 'likely', 'likely': 1, '(no listed phrase)': 1, 'agree': 1}]
    """
    auto = scored["hedge_words"].map(
        lambda hs: hedge_band(" ".join(hs) if isinstance(hs, list) else str(hs or ""))[1]
    ).replace("", "(no listed phrase)")
    if not len(scored):
        return pd.DataFrame(columns=["curated band", "agree"])
    cols = [b for b in BANDS if b in set(auto)] + (["(no listed phrase)"] if "(no listed phrase)" in set(auto) else [])
    rows = [b for b in BANDS if b in set(scored["scale_term"])]
    tab = pd.crosstab(scored["scale_term"], auto).reindex(index=rows, columns=cols, fill_value=0)
    tab["agree"] = [int(tab.loc[b, b]) if b in tab.columns else 0 for b in tab.index]
    return tab.rename_axis(index=None, columns=None).reset_index(names="curated band")


def detector_table(match: dict) -> pd.DataFrame:
    """Per source and overall: detected sentences by category, recall and precision."""
    per = match["per_source"].copy()
    if not len(per):
        return per
    total = per.drop(columns=["source", "recall", "precision"]).sum().astype(object)
    total["source"] = "all sources"
    total["recall"] = round(total["found"] / total["ledger rows"], 2) if total["ledger rows"] else np.nan
    judged = per["precision"].notna()
    det = per.loc[judged, "detected"].sum()
    total["precision"] = round(per.loc[judged, "predictions"].sum() / det, 2) if det else np.nan
    return pd.concat([per, total.to_frame().T], ignore_index=True).astype(
        {c: int for c in per.columns if c not in ("source", "recall", "precision")})


def missed_table(match: dict, corpus) -> pd.DataFrame:
    """Ledger quotes the detector did not find, with their hedge words."""
    led = match["ledger"]
    led = led[~led["found"]] if len(led) else led
    return pd.DataFrame({
        "source": led["source_id"].map(corpus.sources["label"]),
        "id": led["id"].str.rsplit("-", n=1).str[-1],
        "quote": led["quote"].map(normalise_space),
        "hedge words": led["hedge_words"].map(lambda h: ", ".join(h) if isinstance(h, list) else ""),
    }).reset_index(drop=True)


def unexplained_table(match: dict, corpus) -> pd.DataFrame:
    """Detected sentences that are in neither the ledger nor the exclusions."""
    s = match["sentences"]
    s = s[s["category"] == "unexplained"] if len(s) else s
    return pd.DataFrame({
        "source": s["source_id"].map(corpus.sources["label"]),
        "sentence": s["text"].map(normalise_space),
        "cue": s["cue"], "band": s["band"], "negation": s["negation"],
    }).reset_index(drop=True)


def recognised_table(match: dict) -> pd.DataFrame:
    """Detected sentences that are recognised non-predictions, counted by exclusion reason."""
    s = match["sentences"]
    s = s[s["category"] == "recognised non-prediction"] if len(s) else s
    counts = s["reason"].value_counts() if len(s) else pd.Series(dtype=int)
    return pd.DataFrame({"reason": [r for r in EXCLUSION_REASONS if r in counts.index],
                         "detected sentences": [int(counts[r]) for r in EXCLUSION_REASONS if r in counts.index]})


