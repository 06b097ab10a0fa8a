"""Every parameter the analysis uses, read from the package itself.

The Methods appendix lists the settings behind every chapter in one table.
:func:`parameter_table` builds that table from the modules' own constants
and from the default values in the signatures of the functions and classes
the chapters call (read with :func:`inspect.signature`), so the table
cannot drift from the code: change a default and the table changes with it.

Values buried as literals inside a function body are not listed; the
Methods page describes them in its prose.

>>> table = parameter_table()
>>> table.columns.tolist()
['step', 'parameter', 'value', 'where']
>>> table.set_index("where").loc["corpus.stats.MTLD_THRESHOLD", "value"]
'0.72'
"""
from __future__ import annotations

import inspect
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from analysis import config
from analysis.corpus import clean, stats
from analysis.corpus import load as corpus
from analysis.corpus import text as segment
from analysis.features import chunks as segments
from analysis.forecasts import detect, scale, scoring
from analysis.forecasts import ledger as predictions
from analysis.infra import cache, parallel
from analysis.methods import collocations, lexicon, topics, vocabulary, voices
from analysis.methods import contrast as compare
from analysis.report import contrast_figures, contrast_tables, vocabulary_tables

COLUMNS = ["step", "parameter", "value", "where"]


def default(obj, name: str):
    """The default value of parameter ``name`` in the signature of ``obj``.

    Raises ``KeyError`` when ``obj`` has no such parameter and ``ValueError``
    when the parameter has no default, so a renamed or removed default
    breaks the table loudly instead of silently.

    >>> default(stats.mtld, "threshold")
    0.72
    """
    param = inspect.signature(obj).parameters[name]
    if param.default is inspect.Parameter.empty:
        raise ValueError(f"{obj.__qualname__}({name}) has no default")
    return param.default


def format_value(value) -> str:
    """A parameter value as text for the table.

    >>> [format_value(v) for v in (True, 500.0, 0.72, range(3, 13), (0, 1, 2), None, "l2")]
    ['yes', '500', '0.72', '3-12', '0, 1, 2', 'none', 'l2']
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, range):
        if value.step == 1 and len(value):
            return f"{value.start}-{value.stop - 1}"
        return ", ".join(map(str, value))
    if isinstance(value, (tuple, list)):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def _span(pair) -> str:
    """An n-gram range as ``lo-hi`` (or ``lo`` when equal).

    >>> _span((1, 2)), _span((1, 1))
    ('1-2', '1')
    """
    lo, hi = pair
    return f"{lo}-{hi}" if hi != lo else str(lo)


def _where(obj, name: str | None = None) -> str:
    """``module.object`` (without the package prefix), with ``(argument)`` for a default."""
    module = obj.__module__.removeprefix("analysis.")
    text = f"{module}.{obj.__qualname__}"
    return f"{text}({name})" if name else text


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _rows() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []

    def const(step, parameter, module, name, fmt=format_value):
        rows.append((step, parameter, fmt(getattr(module, name)),
                     f"{module.__name__.removeprefix('analysis.')}.{name}"))

    def arg(step, parameter, obj, name, fmt=format_value):
        rows.append((step, parameter, fmt(default(obj, name)), _where(obj, name)))

    def count(step, parameter, module, name):
        rows.append((step, parameter, str(len(getattr(module, name))),
                     f"{module.__name__.removeprefix('analysis.')}.{name}"))

    # cleaning and the processed corpus
    step = "cleaning"
    const(step, "version of the cleaning rules (cache key)", clean, "VERSION")
    count(step, "site-furniture line patterns", clean, "FURNITURE")
    const(step, "layout version of a processed source (cache key)", corpus, "RECORD_VERSION")

    # the cache and the worker processes (speed only: the results are the same)
    step = "cache and workers"
    const(step, "days after which an unused cache entry is removed", cache, "PRUNE_AFTER_DAYS")
    const(step, "texts from which a batch runs in worker processes", parallel, "PARALLEL_MIN_TEXTS")
    const(step, "characters from which a batch runs in worker processes", parallel, "PARALLEL_MIN_CHARS",
          lambda v: f"{v:,}")

    # sentences, tokens and stems
    step = "sentences and tokens"
    const(step, "version of the tokenising code (cache key)", segment, "VERSION")
    count(step, "abbreviations that never end a sentence (Punkt, not trained)", segment,
          "ABBREVIATIONS")
    const(step, "word token pattern (after U.S./US -> u.s., lower case)", segment, "WORD_PATTERN")
    count(step, "stop words from scikit-learn's English list", segment, "ENGLISH_STOP_WORDS")
    added = sorted(segment.STOP_WORDS - segment.ENGLISH_STOP_WORDS)
    rows.append((step, f"stop words added by the project ({len(added)})", ", ".join(added),
                 "corpus.text.STOP_WORDS"))
    count(step, "stop words in all", segment, "STOP_WORDS")
    rows.append((step, "stemmer", f"Snowball ({type(segment.STEMMER.stemmer).__name__})",
                 "corpus.text.stem"))

    # text statistics
    step = "text statistics"
    const(step, "MTLD type-token-ratio threshold", stats, "MTLD_THRESHOLD")

    # distinctive vocabulary
    step = "TF-IDF vocabulary"
    model = vocabulary.DistinctiveTerms
    arg(step, "stem words (Snowball)", model, "stem")
    arg(step, "n-gram range (adjacent content words in one sentence)", model, "ngram_range", _span)
    arg(step, "sublinear tf, 1 + ln(count)", model, "sublinear_tf")
    arg(step, "smoothed idf, ln((1 + n) / (1 + df)) + 1", model, "smooth_idf")
    arg(step, "norm of each source's vector", model, "norm")
    arg(step, "min_df (sources a term must occur in)", model, "min_df")
    arg(step, "top terms listed per source", vocabulary_tables.top_terms_table, "n")
    arg(step, "length of the top lists compared for stability", vocabulary.TermStability, "n")
    rows.append((step, f"settings compared for stability ({len(vocabulary.SETTINGS)})",
                 "; ".join(vocabulary.SETTINGS), "methods.vocabulary.SETTINGS"))
    const(step, "main setting", vocabulary, "MAIN_SETTING")
    arg(step, "linkage of the dendrogram (on 1 - cosine)", vocabulary.linkage_matrix, "method")
    arg(step, "closest and farthest pairs listed", vocabulary.extreme_pairs, "n")
    arg(step, "shared terms listed per pair", vocabulary.extreme_pairs, "k")

    # collocations and keyword in context
    step = "collocations and KWIC"
    arg(step, "association measure", collocations.Collocations, "measure")
    arg(step, "frequency floor (occurrences of a pair)", collocations.Collocations, "min_freq")
    arg(step, "collocations listed per source", collocations.collocation_scores, "n")
    arg(step, "chance level of the G² threshold (chi-squared, 1 df)", collocations.collocation_scores, "alpha")
    arg(step, "KWIC window (words either side)", collocations.kwic, "window")
    arg(step, "KWIC terms per source", vocabulary_tables.kwic_table, "terms")
    arg(step, "KWIC lines per term", vocabulary_tables.kwic_table, "lines")

    # comparing groups
    step = "group comparison"
    const(step, "period split year (early before, late from)", compare, "PERIOD_SPLIT_YEAR")
    rows.append((step, "role groups", "; ".join(f"{k} -> {v}" for k, v in compare.ROLE_GROUPS.items()),
                 "methods.contrast.ROLE_GROUPS"))
    const(step, "log-odds prior scale a_0 (pseudo-tokens)", compare, "PRIOR_SCALE")
    arg(step, "|z| reference line in the log-odds plot (not a test)", contrast_figures.plot_log_odds, "threshold")
    arg(step, "top log-odds terms per side", compare.top_terms, "n")
    arg(step, "terms per source, each against the rest", contrast_tables.distinctive_table, "n")
    arg(step, "keywords per source (G2, log ratio)", contrast_tables.keyword_table, "n")
    arg(step, "top-list length for log-odds/keyness agreement", compare.compare_rankings, "top")

    # voices
    step = "voices"
    arg(step, "shortest quotation carried over by continuation (words)", voices.VoiceAttributor,
        "min_words")
    arg(step, "attribute reported speech too", voices.VoiceAttributor, "reported")
    count(step, "known speakers", voices, "SPEAKERS")
    count(step, "speech verbs", voices, "SPEECH_VERBS")

    # themes and tone
    step = "themes and tone"
    rows.append((step, f"themes ({len(lexicon.THEMES)}), word patterns in all",
                 str(sum(len(p) for p in lexicon.THEMES.values())), "methods.lexicon.THEMES"))
    count(step, "cooperation word patterns", lexicon, "COOPERATION")
    count(step, "confrontation word patterns", lexicon, "CONFRONTATION")
    rows.append((step, "VADER lexicon (compound score per sentence)",
                 f"vaderSentiment {_package_version('vaderSentiment')}", "methods.lexicon.vader_compound"))

    # segments
    step = "segments"
    const(step, "minimum segment length (words)", segments, "MIN_WORDS")
    const(step, "maximum segment length (words)", segments, "MAX_WORDS")
    arg(step, "segments below which a source is flagged", segments.segment_summary, "min_segments")

    # topic models
    step = "topic models"
    sweep = topics.TopicSweep
    arg(step, "values of k tried (capped by the corpus)", sweep, "k_values")
    arg(step, "random seeds (the first is the reference run)", sweep, "seeds")
    arg(step, "models fitted", sweep, "methods")
    arg(step, "model whose score chooses k", sweep, "select_by")
    arg(step, "top terms per topic (coherence, stability, labels)", sweep, "n_top")
    arg(step, "min_df (segments a term must occur in)", sweep, "min_df")
    arg(step, "max_df (largest share of segments a term may occur in)", sweep, "max_df")
    arg(step, "seed of a single model", topics.TopicModel, "random_state")

    # forecast detector
    step = "forecast detector"
    count(step, "future and modal cue patterns", detect, "CUES")
    count(step, "recommendation cues (advice, not forecast)", detect, "RECOMMENDATION_CUES")
    count(step, "past reporting verbs", detect, "PAST_REPORTING")
    count(step, "past-modal and idiom patterns", detect, "WOULD_IDIOMS")
    count(step, "negators", detect, "NEGATORS")
    arg(step, "negation window (tokens either side of the cue)", detect.ForecastDetector, "window")

    # prediction scoring
    step = "prediction scoring"
    for band, rng, mid in zip(scale.SCALE["band"], scale.SCALE["ICD 203 range"], scale.SCALE["midpoint"]):
        rows.append((step, f"band '{band}' (ICD 203 {rng}): midpoint", format_value(float(mid)),
                     "forecasts.scale.SCALE"))
    count(step, "hedge phrases mapped to bands", scale, "HEDGE_BANDS")
    const(step, "end of the record checked", predictions, "RECORD_DATE",
          lambda t: t.strftime("%Y-%m-%d"))
    rows.append((step, "Brier score of always forecasting 0.5",
                 format_value(scoring.brier_score([0.5, 0.5], [0, 1])), "forecasts.scoring.brier_score"))
    arg(step, "base rate of the reference forecast", scoring.scorecard, "base_rate",
        lambda v: "observed share of yes (resolved yes/no)" if v is None else format_value(v))
    arg(step, "bootstrap resamples of the Brier interval", scoring.brier_interval, "n_boot")
    arg(step, "level of the Brier interval", scoring.brier_interval, "level")
    arg(step, "seed of the bootstrap", scoring.brier_interval, "random_state")
    arg(step, "z of the Wilson interval (calibration)", scoring.wilson_interval, "z")
    const(step, "scored own claims a source needs to be ranked", config, "MIN_RANKED")
    const(step, "readings of plain 'will' tried by the sensitivity table", config, "WILL_READINGS")
    const(step, "earlier cut-off of the record (sensitivity table)", config, "RECORD_DATE_EARLY")
    return rows


def parameter_table() -> pd.DataFrame:
    """Every parameter the book uses: ``step, parameter, value, where``.

    ``value`` is text (see :func:`format_value`); ``where`` names the
    constant (``module.NAME``) or the argument whose default it is
    (``module.function(argument)``).

    >>> t = parameter_table()
    >>> t.set_index("where").loc["methods.contrast.PRIOR_SCALE", "value"]
    '500'
    >>> bool(t.notna().all().all())
    True
    """
    return pd.DataFrame(_rows(), columns=COLUMNS)
