"""The on-disk cache of processed sources, and the progress bars."""
import hashlib
import json
import os
import time

import pandas as pd
import pytest
import yaml

import analysis.corpus.load as corpus_module
from analysis.corpus.load import load_corpus
from analysis.infra import cache, progress


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANALYSIS_CACHE", str(folder))
    return folder


@pytest.fixture
def calls(monkeypatch):
    """Count the sources actually processed (not read from the cache)."""
    seen = []
    real = corpus_module.process_source

    def spy(raw, **fields):
        seen.append(fields["title"])
        return real(raw, **fields)

    monkeypatch.setattr(corpus_module, "process_source", spy)
    return seen


def entries(folder):
    return sorted((folder / corpus_module.CACHE_NAMESPACE).rglob("*.json"))


def assert_same(a, b):
    for name in ("sources", "paragraphs", "sentences", "removed"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_series_equal(a.raw_words, b.raw_words)
    assert a.metadata == b.metadata


def edit_text(seeds, index, new_text):
    """Replace the text of the index-th catalog entry and update its hash."""
    catalog = seeds / "catalog.yaml"
    items = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    (seeds / items[index]["file"]).write_text(new_text, encoding="utf-8")
    items[index]["sha256"] = hashlib.sha256(new_text.encode("utf-8")).hexdigest()
    catalog.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return items[index]["title"]


def test_cached_load_equals_cold_load(fixture_seeds, cache_dir, calls):
    seeds = fixture_seeds(3)
    calls.clear()  # writing the fixture loaded the real corpus (and cached it)
    cache.clear()
    cold = load_corpus(seeds, cache=False)
    assert len(calls) == 3 and not cache_dir.exists()   # cache=False neither reads nor writes
    first = load_corpus(seeds)                           # fills the cache
    assert len(calls) == 6 and len(entries(cache_dir)) == 3
    warm = load_corpus(seeds)                            # reads it
    assert len(calls) == 6
    assert_same(cold, first)
    assert_same(cold, warm)
    assert not list(cache_dir.rglob("*.tmp"))            # atomic writes leave nothing behind


def test_changing_one_text_reprocesses_only_that_one(fixture_seeds, cache_dir, calls):
    seeds = fixture_seeds(3)
    calls.clear()  # writing the fixture loaded the real corpus (and cached it)
    cache.clear()
    load_corpus(seeds)
    assert len(calls) == 3
    title = edit_text(seeds, 1, "A new paragraph replaces the text.\n\nAnd a second one follows it.\n")
    changed = load_corpus(seeds)
    assert calls[3:] == [title]                          # only the edited source was redone
    assert len(entries(cache_dir)) == 4                  # the old entry stays, unused
    assert_same(changed, load_corpus(seeds, cache=False))
    sid = changed.sources.index[changed.sources.title == title][0]
    assert changed.sentences[changed.sentences.source_id == sid].text.tolist() == [
        "A new paragraph replaces the text.", "And a second one follows it."]


def test_entries_unused_for_a_month_are_pruned_at_load(fixture_seeds, cache_dir, calls):
    seeds = fixture_seeds(3)
    cache.clear()
    load_corpus(seeds)
    edit_text(seeds, 1, "A new paragraph replaces the text.\n")
    load_corpus(seeds)
    assert len(entries(cache_dir)) == 4                  # the old entry is still recent
    month_ago = time.time() - (cache.PRUNE_AFTER_DAYS + 1) * 86400
    for path in entries(cache_dir):
        os.utime(path, (month_ago, month_ago))
    calls.clear()
    load_corpus(seeds)                                   # reads three entries: they are used again
    assert calls == [] and len(entries(cache_dir)) == 3  # the stale one is gone


def test_changed_code_reprocesses_every_text(fixture_seeds, cache_dir, calls, monkeypatch):
    seeds = fixture_seeds(3)
    calls.clear()  # writing the fixture loaded the real corpus (and cached it)
    cache.clear()
    load_corpus(seeds)
    monkeypatch.setattr(corpus_module, "code_version", lambda: "clean=2;segment=1")
    load_corpus(seeds)
    assert len(calls) == 6


def test_code_version_follows_the_module_versions(monkeypatch):
    before = corpus_module.code_version()
    corpus_module.code_version.cache_clear()
    monkeypatch.setattr(corpus_module._clean, "VERSION", "999")
    try:
        assert corpus_module.code_version() != before
    finally:
        corpus_module.code_version.cache_clear()


def test_corrupt_entry_is_ignored_and_rebuilt(fixture_seeds, cache_dir, calls):
    seeds = fixture_seeds(3)
    calls.clear()  # writing the fixture loaded the real corpus (and cached it)
    cache.clear()
    reference = load_corpus(seeds)
    broken = entries(cache_dir)[0]
    broken.write_text('{"format": "1", "key": "trunc', encoding="utf-8")
    again = load_corpus(seeds)
    assert len(calls) == 4                               # the broken one, and only it, was redone
    assert_same(reference, again)
    assert json.loads(broken.read_text(encoding="utf-8"))["format"] == cache.FORMAT


def test_entry_under_another_key_is_not_used(cache_dir):
    key_a, key_b = cache.make_key("a"), cache.make_key("b")
    cache.write("demo", key_a, {"v": 1})
    cache.entry_path("demo", key_b).parent.mkdir(parents=True, exist_ok=True)
    cache.entry_path("demo", key_b).write_bytes(cache.entry_path("demo", key_a).read_bytes())
    assert cache.read("demo", key_a) == {"v": 1}
    assert cache.read("demo", key_b) is None
    assert not cache.entry_path("demo", key_b).exists()


def test_unwritable_cache_costs_only_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ANALYSIS_CACHE", str(blocker))
    assert cache.write("demo", cache.make_key("a"), [1]) is False
    assert cache.cached("demo", cache.make_key("a"), lambda: [1, 2]) == [1, 2]


def test_clear(cache_dir):
    cache.write("demo", cache.make_key("a"), [1])
    cache.clear("demo")
    assert cache.read("demo", cache.make_key("a")) is None


# --------------------------------------------------------------------------- progress

def test_progress_is_quiet_in_ci(monkeypatch):
    monkeypatch.delenv("ANALYSIS_PROGRESS", raising=False)
    monkeypatch.setenv("CI", "true")
    items = [1, 2, 3]
    assert progress.interactive() is False
    assert progress.progress(items) is items


def test_progress_is_quiet_without_a_terminal(monkeypatch):
    monkeypatch.delenv("ANALYSIS_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delitem(__import__("sys").modules, "ipykernel", raising=False)
    # pytest captures standard error, so it is not a terminal here
    assert progress.interactive() is False


def test_progress_bar_when_forced(monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    bar = progress.progress(range(3), desc="demo", delay=0)
    assert list(bar) == [0, 1, 2]
    assert type(bar).__name__ == "tqdm"


def test_altered_value_or_failed_check_is_never_trusted(tmp_path, monkeypatch):
    import json

    from analysis.infra import cache
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    key = cache.make_key("text", 1)
    assert cache.write("demo", key, {"words": [1, 2, 3]})
    path = cache.entry_path("demo", key)
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert entry["sha256"] == cache.checksum({"words": [1, 2, 3]})
    entry["value"]["words"][0] = 7                      # plausible, but not what was written
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert cache.read("demo", key) is None and not path.exists()
    assert cache.write("demo", key, {"words": [1, 2, 3]})
    assert cache.read("demo", key, check=lambda v: "paragraphs" in v) is None
    assert not path.exists()
    assert cache.cached("demo", key, lambda: {"words": [4]}, check=lambda v: "words" in v) == {"words": [4]}
