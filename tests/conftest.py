"""Shared fixtures: fixture catalogs of any size, and running a chapter on them."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from analysis import config
from analysis.corpus.load import load_corpus

ROLES = ("academic", "journalist", "blogger", "official", "reference")
DATES = ("2001-10-02", "2002-06", "2003-05-20", "2005-01", "2008-09-01", "2011-03",
         "2014-04-10", "2016-11", "2018-07-16", "2020-12", "2022-03-01", "2023-05")


def write_seeds(folder: Path, n: int) -> Path:
    """Write a seeds folder with ``n`` short sources cut from the real corpus.

    Each fixture source is a run of consecutive paragraphs of one real source
    (so the prose is realistic), with its own date, role and perspective.
    """
    folder.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(config.ROOT / "seeds")
    paras = corpus.paragraphs[corpus.paragraphs.kind == "text"].reset_index(drop=True)
    chunk = max(2, len(paras) // max(n, 1))
    entries = []
    for i in range(n):
        part = paras.iloc[(i * chunk) % len(paras):(i * chunk) % len(paras) + chunk]
        text = "\n\n".join(part.text) + "\n"
        name = f"fixture-{i + 1:02d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        entries.append({
            "id": f"fixture-{i + 1:02d}",
            "file": name,
            "original_file": name,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "title": f"Fixture text {i + 1}",
            "author": "unknown" if i % 3 == 0 else f"Author{chr(65 + i)} Writer{chr(65 + i)}",
            "outlet": f"Outlet {i + 1}",
            "published": DATES[i % len(DATES)],
            "date_precision": "day" if len(DATES[i % len(DATES)]) == 10 else "month",
            "date_evidence": "fixture",
            "role": ROLES[i % len(ROLES)],
            "perspective": "Russian" if i % 2 else "Western",
        })
    shutil.copy(config.ROOT / "seeds" / "events.csv", folder / "events.csv")
    (folder / "catalog.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def _fixture_seed_folders(tmp_path_factory):
    return {}


@pytest.fixture
def fixture_seeds(tmp_path_factory, _fixture_seed_folders):
    """Factory: ``fixture_seeds(n)`` returns a seeds folder with ``n`` sources.

    Each size is written once per session and shared by the chapters' tests (they only read it),
    so the processed-corpus cache of a size is filled once too.
    """
    def make(n: int) -> Path:
        if n not in _fixture_seed_folders:
            _fixture_seed_folders[n] = write_seeds(tmp_path_factory.mktemp(f"seeds-{n}"), n)
        return _fixture_seed_folders[n]
    return make


#: Settings of chapter runs on other catalogs: the topic sweep's small grid (the book's own run,
#: under nbval, keeps the full one).
RUN_ENVIRONMENT = {"ANALYSIS_TOPIC_SWEEP": "small"}


def run_notebook(notebook: Path, seeds: Path, timeout: int = 900, env: dict | None = None) -> nbformat.NotebookNode:
    """Execute a chapter against another seeds folder; raises if any cell fails.

    The kernel sees ``ANALYSIS_SEEDS=seeds`` and :data:`RUN_ENVIRONMENT` (updated by ``env``).
    """
    nb = nbformat.read(notebook, as_version=4)
    settings = {**RUN_ENVIRONMENT, **(env or {}), "ANALYSIS_SEEDS": str(seeds)}
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return nb


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """All text and Markdown outputs of an executed notebook, joined."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(str(data.get("text/markdown", "")) + str(data.get("text/plain", "")))
            parts.append(str(out.get("text", "")))
    return "\n".join(parts)

def defined_names() -> set[str]:
    """Every figure and table name defined in the book's notebooks (sources and stored outputs)."""
    names = set()
    for nb in sorted(config.BOOK.glob("*.ipynb")):
        if nb.name.startswith("07-"):   # the conclusion cites the chapters' names; it defines only its own
            continue
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
            if fig:
                names.add(fig)
            texts = ["".join(cell["source"])]
            for out in cell.get("outputs", []):
                texts.append("".join(out.get("data", {}).get("text/markdown", "")))
            for text in texts:
                names.update(re.findall(r":name: ((?:tbl|fig)-[\w-]+)", text))
                names.update(re.findall(r'"(tbl-[\w-]+)"', text))
    return names
