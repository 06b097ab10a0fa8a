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
