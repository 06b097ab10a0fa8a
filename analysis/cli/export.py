"""Export the book's tables as CSV files.

A registry maps a table's name to a *producer*, a function
``producer(corpus) -> DataFrame``; :func:`export_tables` runs each one and
writes ``<name>.csv`` atomically (:func:`analysis.infra.files.atomic_write`).

Every table has a ``source_id`` column and a ``source`` column (the display
label) when its rows are sources, so a table can be joined with
``sources.csv``. Producers that rely on a chapter's module are *optional*:
they are skipped while that module, or the function they call, is not in
the package (:class:`Unavailable`).

>>> list(TABLES)[:3]
['sources', 'cleaning_report', 'text_statistics']
>>> frame = TABLES["text_statistics"](_toy_corpus())
>>> frame[["source_id", "source", "words"]].values.tolist()
[['a', 'A 2001', 4]]
"""
from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.infra.files import atomic_write

Producer = Callable[[object], pd.DataFrame]

#: name -> producer; ``<name>.csv`` is the file written.
TABLES: dict[str, Producer] = {}


class Unavailable(RuntimeError):
    """A producer's module or function is not (yet) in the package."""


def register(name: str) -> Callable[[Producer], Producer]:
    """Decorator: add a producer to :data:`TABLES` under ``name``."""
    def add(func: Producer) -> Producer:
        TABLES[name] = func
        return func
    return add


def need(module: str, *names: str):
    """The attributes ``names`` of ``analysis.<module>``; :class:`Unavailable` if any is missing.

    >>> need("corpus.stats", "mtld")[0].__name__
    'mtld'
    >>> need("no_such_module", "f")
    Traceback (most recent call last):
    ...
    analysis.cli.export.Unavailable: analysis.no_such_module is not available
    """
    full = f"analysis.{module}"
    try:
        mod = importlib.import_module(full)
    except ModuleNotFoundError as err:
        if err.name == full:
            raise Unavailable(f"{full} is not available") from None
        raise
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise Unavailable(f"{full} has no {', '.join(missing)}")
    return tuple(getattr(mod, n) for n in names)


def with_labels(frame: pd.DataFrame, corpus, column: str = "source_id") -> pd.DataFrame:
    """Put ``source_id`` and ``source`` (display label) first, from a column or the index."""
    frame = frame.copy()
    if column not in frame:
        frame.insert(0, column, list(frame.index))
    ids = frame.pop(column)
    labels = ids.map(lambda sid: corpus.label(sid) if sid in corpus.sources.index else "")
    frame = frame.drop(columns=[c for c in ("source",) if c in frame])
    frame.insert(0, "source", labels.values)
    frame.insert(0, "source_id", ids.values)
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- the corpus chapter

@register("sources")
def sources_table(corpus) -> pd.DataFrame:
    """The catalog: one row per source, with the computed date, year and era."""
    src = corpus.sources.copy()
    if "uncertain" in src:
        src["uncertain"] = src["uncertain"].map(lambda u: "; ".join(map(str, u))
                                                if isinstance(u, list) else (u or ""))
    src["date"] = src["date"].dt.strftime("%Y-%m-%d")
    columns = ["id", "label", "title", "author", "outlet", "url", "published", "date_precision",
               "date_estimate", "date", "year", "era", "role", "perspective", "date_evidence",
               "uncertain", "file", "original_file", "sha256"]
    frame = src[[c for c in columns if c in src]].rename(columns={"id": "source_id",
                                                                  "label": "source"})
    return frame.reset_index(drop=True)


@register("cleaning_report")
def cleaning_report_table(corpus) -> pd.DataFrame:
    """Raw and clean words per source and words removed by each cleaning rule."""
    return with_labels(corpus.cleaning_report(), corpus)


@register("text_statistics")
def text_statistics_table(corpus) -> pd.DataFrame:
    """Paragraphs, sentences, words, sentence length, MTLD and Flesch per source."""
    from analysis.corpus.stats import text_statistics
    return with_labels(text_statistics(corpus), corpus)


# --------------------------------------------------------------------------- optional chapters

@register("vocabulary_top_terms")
def vocabulary_table(corpus) -> pd.DataFrame:
    """The top TF-IDF terms of each source (long format: one row per source and term)."""
    model_cls, sentences = need("methods.vocabulary", "DistinctiveTerms", "source_sentences")
    model = model_cls().fit(sentences(corpus))
    top = model.top_terms(15)
    if "rank" not in top:
        top.insert(1, "rank", top.groupby("source_id").cumcount() + 1)
    return with_labels(top, corpus)


@register("comparisons")
def comparisons_table(corpus) -> pd.DataFrame:
    """Distinctive words of each group against the other sources (weighted log-odds z),
    for every grouping of the catalog (era, period, perspective, role group)."""
    groupings, count_matrix, log_odds, surface_forms = need(
        "methods.contrast", "groupings", "count_matrix", "log_odds", "surface_forms")
    texts = corpus.texts(headings=False)
    counts = count_matrix(texts)
    forms = surface_forms(texts)
    groups = groupings(corpus.sources)
    rows = []
    for grouping in [c for c in COMPARE_GROUPINGS if c in groups]:
        values = groups[grouping].dropna()
        for value in sorted(values.unique(), key=str):
            inside = list(values.index[values == value])
            if len(inside) == len(values):
                continue
            members = "; ".join(corpus.label(s) for s in inside)
            top = log_odds(counts, inside).sort_values("z", ascending=False, kind="stable").head(20)
            for rank, (stem_, z) in enumerate(top["z"].items(), start=1):
                rows.append({"grouping": grouping, "group": value, "sources": members,
                             "rank": rank, "word": forms.show(stem_), "stem": stem_,
                             "z": round(float(z), 3)})
    return pd.DataFrame(rows, columns=["grouping", "group", "sources", "rank", "word", "stem", "z"])


#: The catalog groupings compared in :func:`comparisons_table`.
COMPARE_GROUPINGS = ("era", "period", "perspective", "role group")


@register("source_distinctive_words")
def source_words_table(corpus) -> pd.DataFrame:
    """Each source against all the others: its 20 most over-used words (weighted log-odds z)."""
    count_matrix, each_against_rest, surface_forms = need(
        "methods.contrast", "count_matrix", "each_against_rest", "surface_forms")
    texts = corpus.texts(headings=False)
    forms = surface_forms(texts)
    rows = []
    for sid, result in each_against_rest(count_matrix(texts)).items():
        top = result.sort_values("z", ascending=False, kind="stable").head(20)
        for rank, (stem_, z) in enumerate(top["z"].items(), start=1):
            rows.append({"source_id": sid, "rank": rank, "word": forms.show(stem_), "stem": stem_,
                         "z": round(float(z), 3)})
    frame = pd.DataFrame(rows, columns=["source_id", "rank", "word", "stem", "z"])
    return with_labels(frame, corpus)


#: The topic sweep of the topics chapter (``book/05-topics.ipynb``): its settings in analysis.config.
TOPIC_SWEEP = config.topic_sweep_settings


@register("topics")
def topics_table(corpus) -> pd.DataFrame:
    """Topic prevalence per source for the chapter's NMF and LDA models at the chosen k
    (one row per source, model and topic), with each topic's top words."""
    topic_sweep, source_topics = need("methods.topics", "TopicSweep", "source_topics")
    (make_segments,) = need("features.chunks", "make_segments")
    segments = make_segments(corpus.paragraphs)
    sweep = topic_sweep(**TOPIC_SWEEP(), progress=False).fit(segments["text"])
    parts = []
    for method in ("nmf", "lda"):
        model = sweep.model(method)
        shares = source_topics(model, segments, corpus.sources)
        long = shares.rename_axis("source_id").reset_index().melt(
            id_vars="source_id", var_name="topic", value_name="share")
        long["share"] = long["share"].astype(float).round(4)
        words = dict(zip(model.labels_, (", ".join(w) for w in model.top_words_)))
        long["top words"] = long["topic"].map(words)
        long.insert(1, "k", sweep.best_k_)
        long.insert(1, "model", method.upper())
        parts.append(long)
    return with_labels(pd.concat(parts, ignore_index=True), corpus)


@register("predictions")
def predictions_table(corpus) -> pd.DataFrame:
    """The prediction ledger of the catalog's sources, with outcomes and Brier scores."""
    (scored_ledger,) = need("forecasts.ledger", "scored_ledger")
    return with_labels(scored_ledger(corpus), corpus)


@register("prediction_scorecard")
def scorecard_table(corpus) -> pd.DataFrame:
    """Verdicts, share correct and Brier scores per source of the prediction ledger (own and conditional claims)."""
    (scored_ledger,) = need("forecasts.ledger", "scored_ledger")
    scorecard, own_claims = need("forecasts.scoring", "scorecard", "own_claims")
    card = scorecard(own_claims(scored_ledger(corpus)), "source_id", order=corpus.ids)
    return with_labels(card, corpus)


# --------------------------------------------------------------------------- writing

def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as UTF-8 CSV bytes (no index; ``\\n`` line ends).

    >>> to_csv_bytes(pd.DataFrame({"a": [1], "b": ["x, y"], "c": [["p", "q"]]}))
    b'a,b,c\\n1,"x, y",p; q\\n'
    """
    frame = frame.copy()
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c].dtype)]:
        frame[column] = frame[column].map(_flat)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def _flat(value):
    """A list or tuple cell as ``a; b``; other values unchanged."""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def export_tables(outdir: Path, corpus=None, *, names: list[str] | None = None,
                  on_write: Callable[[Path, pd.DataFrame], None] | None = None) -> dict[str, Path]:
    """Write every available table to ``outdir/<name>.csv`` (the folder is created if missing).

    Parameters
    ----------
    outdir : Path
        Where to write.
    corpus : Corpus, optional
        Default :func:`analysis.corpus.load.load_corpus`.
    names : list of str, optional
        Only these tables (default all of :data:`TABLES`); an unknown name
        raises :class:`KeyError`, an unavailable one :class:`Unavailable`.
        Either is raised, like :class:`NotADirectoryError` for an ``outdir``
        that is empty or not a folder, before anything is written.
    on_write : callable, optional
        Called with the path and the table after each file is written.

    Returns
    -------
    dict
        Table name -> path of each file written (unavailable optional
        tables are skipped unless asked for by name).
    """
    wanted = list(TABLES) if names is None else list(names)
    unknown = [n for n in wanted if n not in TABLES]
    if unknown:
        raise KeyError(f"unknown table(s): {', '.join(unknown)}; known: {', '.join(TABLES)}")
    outdir = Path(outdir)
    if not str(outdir).strip() or (outdir.exists() and not outdir.is_dir()):
        raise NotADirectoryError(20, "not a folder", str(outdir))
    if corpus is None:
        from analysis.corpus.load import load_corpus
        corpus = load_corpus()
    outdir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in wanted:
        try:
            frame = TABLES[name](corpus)
        except Unavailable:
            if names is not None:
                raise
            continue
        path = outdir / f"{name}.csv"
        atomic_write(path, to_csv_bytes(frame))
        written[name] = path
        if on_write:
            on_write(path, frame)
    return written


def available_tables() -> dict[str, bool]:
    """Which tables can be produced now (optional ones need their chapter's module)."""
    status = {}
    for name in TABLES:
        try:
            for module, attrs in _NEEDS.get(name, ()):
                need(module, *attrs)
            status[name] = True
        except Unavailable:
            status[name] = False
    return status


_NEEDS = {
    "vocabulary_top_terms": [("methods.vocabulary", ("DistinctiveTerms", "source_sentences"))],
    "comparisons": [("methods.contrast", ("groupings", "count_matrix", "log_odds", "surface_forms"))],
    "source_distinctive_words": [("methods.contrast", ("count_matrix", "each_against_rest",
                                                       "surface_forms"))],
    "topics": [("methods.topics", ("TopicSweep", "source_topics")),
               ("features.chunks", ("make_segments",))],
    "predictions": [("forecasts.ledger", ("scored_ledger",))],
    "prediction_scorecard": [("forecasts.ledger", ("scored_ledger", "scorecard"))],
}


def _toy_corpus():
    """A one-source corpus for the doctests."""
    from analysis.corpus.load import Corpus
    sources = pd.DataFrame({"id": ["a"], "label": ["A 2001"]}, index=["a"])
    paragraphs = pd.DataFrame({"source_id": ["a"], "para": [1], "kind": ["text"],
                               "text": ["Arms control talks resumed."], "words": [4]})
    sentences = pd.DataFrame({"source_id": ["a"], "para": [1], "sent": [1],
                              "text": ["Arms control talks resumed."]})
    removed = pd.DataFrame(columns=["source_id", "rule", "text", "words"])
    return Corpus(sources, paragraphs, sentences, removed, {}, pd.Series({"a": 4}))
