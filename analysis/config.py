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
