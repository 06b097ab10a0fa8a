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
