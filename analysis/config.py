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
LEDGER_PAGE = "book/06-predictions"
