"""A small on-disk cache for processed texts.

Cleaning and segmenting hundreds of texts takes seconds to minutes; every
chapter of the book loads the corpus again. The cache keeps the processed form
of each text on disk, so only what changed is done again.

* **Where**: :func:`cache_dir`, by default :data:`analysis.config.CACHE`
  (``.cache/`` at the repository root, never committed); the environment
  variable ``ANALYSIS_CACHE`` overrides it (read at call time).
* **Key**: whatever the value depends on, hashed by :func:`make_key` — for a
  processed text that is the SHA-256 of its bytes, the catalog fields cleaning
  uses, and the version and source code of the cleaning and tokenising modules
  (see :func:`analysis.corpus.load.source_key`). One entry per text: a changed text
  invalidates its own entry only; changed code invalidates every entry built
  by it.
* **Format**: JSON of plain lists, dicts, strings and numbers (never pickle:
  reading a cache file cannot run code). Each file records its own key, so a
  file renamed or copied by hand is not mistaken for another, and the SHA-256
  of its value (:func:`checksum`), so a value altered by hand or by a fault is
  never used: it is removed and rebuilt like a corrupt file. A caller may also
  pass ``check`` to :func:`read` to check the value's shape.
* **Safety**: writes go to a temporary file in the same folder, then
  :func:`os.replace` renames it into place, so a reader never sees half a file
  and concurrent writers do not clash. An entry that cannot be read (truncated,
  corrupt, wrong format) counts as missing: it is removed and rebuilt. A cache
  folder that cannot be written to only costs speed.
* **Size**: reading an entry marks it as used; :func:`prune` removes entries
  unused for :data:`PRUNE_AFTER_DAYS` days (those of old texts and old code),
  and :func:`analysis.corpus.load.load_corpus` prunes after each load.

Examples
--------
>>> import tempfile, os
>>> os.environ["ANALYSIS_CACHE"] = tempfile.mkdtemp()
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return {"words": [1, 2, 3]}
>>> key = make_key("a text", "v1")
>>> cached("demo", key, compute), cached("demo", key, compute), len(calls)
({'words': [1, 2, 3]}, {'words': [1, 2, 3]}, 1)
>>> entry_path("demo", key).write_text("{not json")  # a corrupt entry is rebuilt
9
>>> cached("demo", key, compute), len(calls)
({'words': [1, 2, 3]}, 2)
>>> del os.environ["ANALYSIS_CACHE"]
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis import config
from analysis.infra.files import atomic_write

#: Version of the file layout; part of every key.
FORMAT = "2"

#: Entries not written or read for this many days are removed (:func:`prune`).
PRUNE_AFTER_DAYS = 30


def cache_dir() -> Path:
    """The cache folder: ``ANALYSIS_CACHE`` if set (read now), else :data:`analysis.config.CACHE`.

    >>> cache_dir() == config.CACHE or "ANALYSIS_CACHE" in os.environ
    True
    """
    value = os.environ.get("ANALYSIS_CACHE")
    return Path(value).resolve() if value else config.CACHE


def make_key(*parts: Any) -> str:
    """SHA-256 (hex) of the JSON form of ``parts`` and :data:`FORMAT`.

    Parts must be JSON-serialisable (strings, numbers, None, lists, dicts).

    >>> make_key("abc", 1) == make_key("abc", 1), make_key("abc", 1) == make_key("abc", 2)
    (True, False)
    >>> len(make_key("abc"))
    64
    """
    blob = json.dumps([FORMAT, *parts], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def checksum(value: Any) -> str:
    """SHA-256 (hex) of a value's canonical JSON form (what each entry records of its value).

    >>> checksum({"b": [1, 2], "a": "x"}) == checksum({"a": "x", "b": [1, 2]})
    True
    """
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def entry_path(namespace: str, key: str) -> Path:
    """The file holding one entry: ``<cache>/<namespace>/<key[:2]>/<key>.json``."""
    return cache_dir() / namespace / key[:2] / f"{key}.json"


def read(namespace: str, key: str, check: Callable[[Any], bool] | None = None) -> Any | None:
    """The value stored under ``key``, or None when there is none or it cannot be trusted.

    An entry that cannot be trusted (corrupt JSON, wrong layout, another key,
    a value whose checksum differs from the one recorded, or a value for
    which ``check(value)`` is false) is removed.
    """
    path = entry_path(namespace, key)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):
        _discard(path)
        return None
    try:
        entry = json.loads(text)
    except ValueError:
        _discard(path)
        return None
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key
            and "value" in entry and entry.get("sha256") == checksum(entry["value"])):
        _discard(path)
        return None
    if check is not None:
        try:
            trusted = bool(check(entry["value"]))
        except Exception:  # noqa: BLE001 - a check that fails on odd data is a failed check
            trusted = False
        if not trusted:
            _discard(path)
            return None
    try:
        os.utime(path)                  # last used now (see prune)
    except OSError:
        pass
    return entry["value"]


def write(namespace: str, key: str, value: Any) -> bool:
    """Store ``value`` (plain JSON data) under ``key``, atomically; False if the cache is not writable."""
    path = entry_path(namespace, key)
    blob = json.dumps({"format": FORMAT, "key": key, "sha256": checksum(value), "value": value},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, blob.encode("utf-8"))
    except OSError:
        return False
    return True


def cached(namespace: str, key: str, compute: Callable[[], Any],
           check: Callable[[Any], bool] | None = None) -> Any:
    """Read ``key`` from the cache, or compute the value, store it and return it.

    ``compute`` must return plain JSON data built of lists (not tuples), dicts
    with string keys, strings, numbers, booleans and None: then a cold and a
    warm call return equal values.
    """
    value = read(namespace, key, check)
    if value is None:
        value = compute()
        write(namespace, key, value)
    return value


def prune(namespace: str, *, days: float = PRUNE_AFTER_DAYS) -> int:
    """Remove the entries of ``namespace`` not written or read for ``days`` days; return how many.

    Entries built from an old version of a text or of the code are never read
    again, so without pruning the cache only grows.

    >>> import tempfile, os, time
    >>> os.environ["ANALYSIS_CACHE"] = tempfile.mkdtemp()
    >>> write("demo", make_key("old"), 1) and write("demo", make_key("new"), 2)
    True
    >>> month_ago = time.time() - 31 * 86400
    >>> os.utime(entry_path("demo", make_key("old")), (month_ago, month_ago))
    >>> prune("demo"), read("demo", make_key("old")), read("demo", make_key("new"))
    (1, None, 2)
    >>> del os.environ["ANALYSIS_CACHE"]
    """
    cutoff = time.time() - days * 86400
    removed = 0
    for path in (cache_dir() / namespace).glob("*/*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def clear(namespace: str | None = None) -> None:
    """Remove one namespace of the cache, or all of it."""
    target = cache_dir() / namespace if namespace else cache_dir()
    shutil.rmtree(target, ignore_errors=True)


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
