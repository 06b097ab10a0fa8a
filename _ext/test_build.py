"""Build the site from the notebooks' stored outputs, for ``make test``.

``make test`` runs nbval, which executes every notebook and checks that its stored outputs
reproduce; executing them a second time for the site would prove nothing more. With
``BOOK_NOTEBOOKS=stored`` in the environment this extension sets myst-nb's
``nb_execution_excludepatterns`` to every ``.ipynb`` file (their pages are rendered from the
outputs committed with them) and ``nb_execution_mode`` to ``force``, so the MyST-text pages with
code cells (they carry no stored outputs) are executed afresh. Without the variable the build is
the readers' build, configured by ``_config.yml`` alone.
"""
from __future__ import annotations

import os

VARIABLE = "BOOK_NOTEBOOKS"
CHOICES = ("executed", "stored")


def use_stored_outputs(app, config) -> None:
    """On ``config-inited``: exclude every notebook from execution when ``BOOK_NOTEBOOKS=stored``."""
    choice = os.environ.get(VARIABLE, "executed").strip() or "executed"
    if choice not in CHOICES:
        raise ValueError(f"{VARIABLE} must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == "stored":
        config.nb_execution_excludepatterns = [*config.nb_execution_excludepatterns, "*.ipynb"]
        config.nb_execution_mode = "force"


def setup(app):
    # myst-nb reads its settings on builder-inited, after every config-inited listener
    app.connect("config-inited", use_stored_outputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
