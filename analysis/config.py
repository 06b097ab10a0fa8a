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
