"""What an add-source leaves while it writes, and what an interrupted one left.

While it writes, an add-source holds the catalog's lock (:func:`catalog_lock`)
and keeps a journal in the seeds folder (:data:`JOURNAL`): the files it is
writing, their hashes, the catalog's hash before and after, and the token in
the names of its temporary files. A run that is killed leaves the journal;
:func:`leftovers` then names each file left, and :func:`remove_leftovers`
(called by the next add-source) removes them. Anything not recorded in a
journal is named with what a person should do.

>>> JOURNAL
'.add-source.journal'
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
import signal
import tempfile
import threading
from pathlib import Path

import filelock

from analysis import config
from analysis.cli.rawtext import SourceError
from analysis.corpus.catalog import CatalogError, read_entries, sha256_of

#: The record an add-source keeps in the seeds folder while it writes (see :func:`add_sources`).
JOURNAL = ".add-source.journal"

_JOURNAL_TMP = re.compile(re.escape(JOURNAL) + r"\.[0-9a-f]{12}\.tmp$")


def _read_journal(seeds: Path) -> dict | None:
    path = seeds / JOURNAL
    if not path.exists():
        return None
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(journal, dict) and re.fullmatch(r"[0-9a-f]{12}", journal["token"])
                and all(isinstance(f["file"], str) and isinstance(f["sha256"], str)
                        for f in journal["files"])):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        return {"unreadable": True}
    return journal


def leftovers(seeds: Path, entries: list | None) -> list[tuple[Path, str, bool]]:
    """What interrupted writes left in the seeds folder: ``(path, message, removable)``.

    An add-source that is killed leaves its journal (:data:`JOURNAL`: the
    files it was writing, their hashes, the catalog's hash before and after)
    and maybe some of those files. They are *removable*: the next add-source
    removes them before it does anything else. Anything else is reported with
    what to do by hand: a temporary file of another kind, a raw text not in
    the catalog (``entries``; None when the catalog cannot be read, and then
    no text is called a stray).
    """
    seeds = Path(seeds)
    found: list[tuple[Path, str, bool]] = []
    journal = _read_journal(seeds)
    claimed: set[str] = set()
    where = seeds.name
    if journal is not None and journal.get("unreadable"):
        found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: unreadable record of an interrupted "
                      "add-source; compare the folder with the catalog, remove what is not in "
                      "it, then delete this file", False))
        claimed.add(JOURNAL)
    elif journal is not None:
        catalog = seeds / "catalog.yaml"
        done = catalog.exists() and sha256_of(catalog) == journal.get("catalog_after")
        token = journal["token"]
        claimed.add(JOURNAL)
        if done:
            found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: record of an add-source that "
                          "finished (its sources are in the catalog); the next add-source "
                          "removes it", True))
        else:
            found.append((seeds / JOURNAL, f"{where}/{JOURNAL}: record of an interrupted "
                          "add-source (nothing was added); the next add-source removes it and "
                          "the files it left", True))
        for item in journal["files"] + [{"file": "catalog.yaml", "sha256": None}]:
            name = item["file"]
            tmp = seeds / f".{name}.{token}.tmp"
            if tmp.exists():
                claimed.add(tmp.name)
                found.append((tmp, f"{where}/{tmp.name}: temporary file of the interrupted "
                              "add-source; the next add-source removes it", True))
            if name == "catalog.yaml" or done or not (seeds / name).exists():
                continue
            claimed.add(name)
            if sha256_of(seeds / name) == item["sha256"]:
                found.append((seeds / name, f"{where}/{name}: copied by the interrupted add-source, "
                              "not in the catalog; the next add-source removes it", True))
            else:
                found.append((seeds / name, f"{where}/{name}: not in the catalog, and not what the "
                              "interrupted add-source wrote; check it, then move it out of "
                              f"{where}/ or delete it", False))
    listed = {e.get("file") for e in entries or [] if isinstance(e, dict)}
    for path in sorted(seeds.iterdir()):
        if path.name in claimed:
            continue
        if _JOURNAL_TMP.match(path.name):
            found.append((path, f"{where}/{path.name}: left by an add-source interrupted before "
                          "it wrote anything else; the next add-source removes it", True))
        elif path.name.startswith(".") and path.name.endswith(".tmp"):
            found.append((path, f"{where}/{path.name}: temporary file left by an interrupted "
                          "write; delete it", False))
        elif entries is not None and path.suffix == ".txt" and path.name not in listed:
            found.append((path, f"{where}/{path.name}: text file not in the catalog (move it out "
                          f"of {where}/ and add it with python -m analysis add-source, or delete "
                          "it)", False))
    return found


def remove_leftovers(seeds: Path) -> list[str]:
    """Remove what an interrupted add-source left (:func:`leftovers`); one note per file removed.

    The journal goes last, so an interruption here is repaired by the next run.
    Nothing is removed while anything else needs a person's decision
    (a leftover that is not removable).
    """
    try:
        entries = read_entries(seeds / "catalog.yaml")
    except CatalogError:
        entries = None
    everything = leftovers(seeds, entries)
    if not all(removable for _, _, removable in everything):
        return []   # something needs a person: leave the folder as it is, for validate to name
    found = [(path, message) for path, message, _ in everything]
    notes = []
    for path, _ in sorted(found, key=lambda item: item[0].name == JOURNAL):
        path.unlink(missing_ok=True)
        notes.append(f"removed {seeds.name}/{path.name}, left by an interrupted add-source")
    return notes


class InterruptedAfterAdding(KeyboardInterrupt):
    """Interrupted once the catalog was written: the sources in ``ids`` were added."""

    def __init__(self, ids: list[str]):
        self.ids = list(ids)
        super().__init__(", ".join(self.ids))


@contextlib.contextmanager
def catalog_lock(seeds: Path, timeout: float | None = None):
    """Hold the lock of a seeds folder's catalog (one add-source at a time).

    The lock file lives in the system's temporary folder, named after the
    seeds folder's path, so that the seeds folder itself gains no file; the
    lock is released when the process ends, however it ends.
    """
    seeds = Path(seeds).resolve()
    digest = hashlib.sha256(str(seeds).encode("utf-8")).hexdigest()[:16]
    lock = filelock.FileLock(Path(tempfile.gettempdir()) / f"analysis-seeds-{digest}.lock",
                             timeout=config.ADD_LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise SourceError([f"{seeds.name}/: another add-source is still writing to it (waited "
                           f"{lock.timeout:g} s); try again when it has finished"]) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM until the block ends (main thread only)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
