"""The command line (analysis/cli.py): help, exit statuses, one-line errors, nothing changed."""
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.cli import main as cli
from analysis.corpus.catalog import read_entries

SEEDS = config.ROOT / "seeds"
GOOD = ["--title", "A note", "--author", "Ann Smith", "--published", "2021-05-04",
        "--outlet", "Blog", "--role", "blogger", "--perspective", "Western"]


def tree_hash(folder: Path) -> str:
    """One hash over every file name and byte in the folder (hidden files included)."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    folder = shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.setenv("ANALYSIS_SEEDS", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_add_source_then_validate(seeds):
    Path("note.txt").write_text("Talks will resume in the spring.\n", encoding="utf-8")
    code, out, err = run("add-source", "note.txt", *GOOD)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "added smith-2021: seeds/2021-smith-note.txt (6 words after cleaning, 2021-05-04, sha256 "
        f"{hashlib.sha256(Path('note.txt').read_bytes()).hexdigest()[:12]}…)",
        "seeds/catalog.yaml: 1 entry appended; next: python -m analysis validate"]
    code, out, err = run("validate")
    assert code == 0 and err == ""
    assert out.startswith("seeds/ OK: 6 sources, ")
    assert read_entries(seeds / "catalog.yaml")[-1]["id"] == "smith-2021"


def first_entry():
    return read_entries(SEEDS / "catalog.yaml")[0]


def _dup_text(tmp):
    shutil.copy(SEEDS / first_entry()["file"], tmp / "copy.txt")
    return "copy.txt"


BAD = {
    "missing file": (lambda tmp: "absent.txt", GOOD, 1, "error: absent.txt: no such file"),
    "folder": (lambda tmp: (tmp / "adir").mkdir() or "adir", GOOD, 1,
               "error: adir: is a folder, not a text file"),
    "empty": (lambda tmp: (tmp / "e.txt").write_bytes(b"") and "e.txt" or "e.txt", GOOD, 1,
              "error: e.txt: is empty"),
    "whitespace": (lambda tmp: (tmp / "w.txt").write_bytes(b" \n \n") and "w.txt", GOOD, 1,
                   "error: w.txt: contains only whitespace"),
    "binary": (lambda tmp: (tmp / "b.pdf").write_bytes(b"%PDF-1.4\x00\x01\xff") and "b.pdf", GOOD, 1,
               "error: b.pdf: is a binary file, not text"),
    "not utf-8": (lambda tmp: (tmp / "l.txt").write_bytes("Caf\u00e9 society".encode("cp1252"))
                  and "l.txt", GOOD, 1,
                  "error: l.txt: is not UTF-8 text (invalid byte at position 3); convert it to UTF-8 first"),
    "same text": (_dup_text, GOOD, 1,
                  "error: seeds/catalog.yaml: a text with the same SHA-256 is already in the corpus "
                  f"as {first_entry()['id']}"),
    "duplicate id": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                     GOOD + ["--id", first_entry()["id"]], 1,
                     f"error: seeds/catalog.yaml: id {first_entry()['id']} is already in the "
                     "catalog; choose another --id"),
    "impossible date": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                        GOOD[:4] + ["--published", "2021-02-29"] + GOOD[6:], 1,
                        "error: catalog entry smith-2021: published: impossible date '2021-02-29'"),
    "future date": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                    GOOD[:4] + ["--published", "2099-01-01"] + GOOD[6:], 1,
                    "error: catalog entry smith-2099: published: date '2099-01-01' is in the future"),
    "bad date form": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                      GOOD[:4] + ["--published", "1 March 2022"] + GOOD[6:], 1,
                      "error: catalog entry smith-undated: published: bad date '1 March 2022': use "
                      "YYYY, YYYY-MM, YYYY-MM-DD or START/END"),
    "missing field": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt", GOOD[2:], 2,
                      "error: the following arguments are required: --title (see: python -m analysis "
                      "add-source --help)"),
    "empty field": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                    ["--title", " "] + GOOD[2:], 1,
                    "error: catalog entry smith-2021: missing required field(s): title"),
    "unknown role": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                     GOOD[:8] + ["--role", "pundit"] + GOOD[10:], 1,
                     "error: catalog entry smith-2021: role 'pundit' is not one of academic, "
                     "journalist, blogger, official, reference, think-tank"),
    "bad id": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
               GOOD + ["--id", "Smith 2021"], 1,
               "error: catalog entry Smith 2021: id must be lower-case letters, digits and single hyphens"),
    "unknown option": (lambda tmp: (tmp / "n.txt").write_text("New text.\n") and "n.txt",
                       GOOD + ["--colour", "red"], 2,
                       "error: unrecognized arguments: --colour red (see: python -m analysis --help)"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_changes_nothing(seeds, tmp_path, case):
    make, options, status, message = BAD[case]
    before = tree_hash(seeds)
    code, out, err = run("add-source", make(tmp_path), *options)
    assert (code, out, err) == (status, "", message + "\n")
    assert tree_hash(seeds) == before


def test_unreadable_file(seeds, tmp_path, monkeypatch):
    Path("n.txt").write_text("New text.\n")
    real = Path.open

    def deny(self, *args, **kw):
        if self.name == "n.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kw)

    monkeypatch.setattr(Path, "open", deny)
    before = tree_hash(seeds)
    assert run("add-source", "n.txt", *GOOD) == (1, "", "error: n.txt: cannot be read (Permission denied)\n")
    assert tree_hash(seeds) == before


def test_manifest_of_three_and_a_bad_one(seeds, tmp_path):
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"t{i}.txt").write_text(f"Talks will resume in {2020 + i}, they say.\n", encoding="utf-8")
    head = "file,title,author,published,outlet,url,role,perspective,id\n"
    (tmp_path / "in" / "good.csv").write_text(head + "".join(
        f"t{i}.txt,Text {i},Ann Smith,202{i},Blog,,blogger,Western,\n"
        for i in range(3)), encoding="utf-8")
    (tmp_path / "in" / "bad.csv").write_text(head + "t0.txt,A,Ann Smith,2020,Blog,,blogger,Western,\n"
                                             "t1.txt,B,Bo Li,2020,Blog,,blogger,Eastern,\n"
                                             "t2.txt,C,Cy Li,2020,Blog,,blogger,Western,\n", encoding="utf-8")
    before = tree_hash(seeds)
    code, out, err = run("add-source", "--manifest", "in/bad.csv")
    assert (code, out) == (1, "")
    assert err == ("error: in/bad.csv line 3: catalog entry li-2020: perspective 'Eastern' is not "
                   "one of Russian, Western, other\n")
    assert tree_hash(seeds) == before
    code, out, err = run("add-source", "--manifest", "in/good.csv")
    assert (code, err) == (0, "")
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "added smith-2020", "added smith-2021", "added smith-2022", "seeds/catalog.yaml"]
    assert len(read_entries(seeds / "catalog.yaml")) == len(read_entries(SEEDS / "catalog.yaml")) + 3
    assert run("validate")[0] == 0


def test_manifest_usage_errors(seeds):
    assert run("add-source", "x.txt", "--manifest", "m.csv")[0] == 2
    code, _, err = run("add-source", "--manifest", "m.csv", "--title", "T")
    assert code == 2 and "--title cannot be used with --manifest" in err
    assert run("add-source")[0] == 2
    assert run("add-source", "--manifest", "absent.csv") == (1, "", "error: absent.csv: no such file\n")


def test_validate_reports_every_problem(seeds):
    entries = read_entries(seeds / "catalog.yaml")
    with open(seeds / entries[0]["file"], "a", encoding="utf-8") as fh:
        fh.write("edited")
    (seeds / entries[1]["file"]).unlink()
    (seeds / "stray.txt").write_text("x")
    (seeds / ".catalog.yaml.abc.tmp").write_text("x")
    code, out, err = run("validate")
    assert code == 1
    assert out.splitlines() == [
        f"catalog entry {entries[0]['id']}: SHA-256 of {entries[0]['file']} does not match the "
        "catalog (the raw text was changed)",
        f"catalog entry {entries[1]['id']}: file {entries[1]['file']} not found in seeds/",
        "seeds/.catalog.yaml.abc.tmp: temporary file left by an interrupted write; delete it",
        "seeds/stray.txt: text file not in the catalog (move it out of seeds/ and add it with "
        "python -m analysis add-source, or delete it)",
        "seeds/: 4 problems"]


def test_validate_ok_summary(seeds):
    from analysis.corpus.load import load_corpus
    corpus = load_corpus(seeds)
    code, out, _ = run("validate")
    words = corpus.word_count()
    assert words == 8098  # text paragraphs only: the 47 words of headings do not count
    assert int(corpus.paragraphs["words"].sum()) == words + 47
    ledger = seeds / "predictions.yaml"
    if ledger.exists():
        import yaml
        tail = f"{len(yaml.safe_load(ledger.read_text(encoding='utf-8'))):,} predictions"
    else:
        tail = "no prediction ledger"
    assert (code, out) == (0, f"seeds/ OK: {len(corpus.ids)} sources, {words:,} words, {tail}\n")


def test_validate_calls_the_ledger_validator(seeds, monkeypatch):
    import types

    from analysis.cli import validate
    for name in ("prediction_exclusions.yaml", "recommendations.yaml"):
        (seeds / name).unlink()
    (seeds / "predictions.yaml").write_text("- id: p1\n  source_id: kuzio-2001\n"
                                            "- id: p2\n  source_id: ivanov-2020\n", encoding="utf-8")
    seen = {}

    def validate_ledger(rows, corpus):
        seen["rows"], seen["ids"] = rows, list(corpus.ids)
        return ["prediction p2: no quote"]

    monkeypatch.setitem(sys.modules, "analysis.forecasts.ledger",
                        types.SimpleNamespace(validate_ledger=validate_ledger))
    report = validate.validate_seeds(seeds)
    assert report.problems == ["seeds/predictions.yaml: prediction p2: no quote"]
    assert seen["rows"] == [{"id": "p1", "source_id": "kuzio-2001"},
                            {"id": "p2", "source_id": "ivanov-2020"}]
    assert sorted(seen["ids"]) == ["ivanov-2020", "kuzio-2001"]  # the sources the ledger names
    monkeypatch.delitem(sys.modules, "analysis.forecasts.ledger")
    monkeypatch.setattr(validate, "_ledger_validator", lambda name="": None)
    assert validate.validate_seeds(seeds).summary().endswith(", 2 predictions")


def test_validate_bad_ledger_yaml(seeds):
    (seeds / "predictions.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    code, out, _ = run("validate")
    assert code == 1 and out.startswith("seeds/predictions.yaml: is not valid UTF-8 YAML")


@pytest.mark.parametrize("argv", [[], ["add-source"], ["validate"], ["export"]])
def test_help_has_an_example(argv):
    code, out, err = run(*argv, "--help")
    assert code == 0 and err == ""
    assert "example" in out and "python -m analysis" in out


def test_no_command_prints_help():
    code, out, _ = run()
    assert code == 2 and out.startswith("usage: python -m analysis")


def test_module_entry_point_gives_one_line_and_no_traceback(seeds, tmp_path):
    env = {**os.environ, "ANALYSIS_SEEDS": str(seeds)}
    proc = subprocess.run([sys.executable, "-m", "analysis", "add-source", "missing.txt", *GOOD],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "error: missing.txt: no such file\n")
    proc = subprocess.run([sys.executable, "-m", "analysis", "frobnicate"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- the items of the hostile review


def test_files_inside_seeds_are_refused(seeds):
    before = tree_hash(seeds)
    assert run("add-source", "seeds/catalog.yaml", *GOOD) == (
        1, "", "error: seeds/catalog.yaml: is inside the seeds folder seeds/; a source must come "
        "from outside it (move the file out of the folder first)\n")
    (seeds / "untracked.txt").write_text("An untracked text.\n", encoding="utf-8")
    before = tree_hash(seeds)
    code, _, err = run("add-source", str(seeds / "untracked.txt"), *GOOD)
    assert code == 1 and "is inside the seeds folder seeds/" in err
    assert tree_hash(seeds) == before


def test_duplicate_yaml_key_is_reported_with_its_line(seeds):
    path = seeds / "catalog.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  author:"))
    lines.insert(at + 1, "  author: Somebody Else\n")
    path.write_text("".join(lines), encoding="utf-8")
    code, out, _ = run("validate")
    assert code == 1
    assert out.splitlines()[0] == (f"seeds/catalog.yaml line {at + 2}: duplicate key 'author' "
                                   "(a field given twice)")


def test_empty_catalog_beside_texts_is_an_error(seeds):
    (seeds / "catalog.yaml").write_bytes(b"")
    Path("n.txt").write_text("A new text on arms control.\n", encoding="utf-8")
    before = tree_hash(seeds)
    code, out, err = run("add-source", "n.txt", *GOOD)
    message = ("seeds/catalog.yaml: is empty, but seeds/ holds 5 raw text(s); restore the catalog "
               "(e.g. git checkout seeds/catalog.yaml) instead of starting a new one")
    assert (code, out, err) == (1, "", f"error: {message}\n")
    assert tree_hash(seeds) == before
    code, out, _ = run("validate")
    assert code == 1 and out.splitlines() == [message, "seeds/: 1 problem"]  # no text called a stray


def test_size_limit_devices_and_pipes(seeds, tmp_path):
    Path("big.txt").write_text("Talks will resume. " * 60, encoding="utf-8")  # 1,140 bytes
    before = tree_hash(seeds)
    assert run("add-source", "big.txt", *GOOD, "--max-size", "1kB") == (
        1, "", "error: big.txt: is 0.0 MB, over the limit of 0.0 MB; if the text is meant to be "
        "this long, raise the limit with --max-size 1MB\n")
    assert run("add-source", "/dev/zero", *GOOD) == (
        1, "", "error: /dev/zero: is not a regular file (a device, pipe or socket); save the text "
        "to a file first\n")
    os.mkfifo("pipe.txt")  # no writer: must be refused at once, not waited on
    assert run("add-source", "pipe.txt", *GOOD)[0] == 1
    assert run("add-source", "big.txt", *GOOD, "--max-size", "lots")[0] == 2
    assert tree_hash(seeds) == before
    code, out, _ = run("add-source", "big.txt", *GOOD, "--max-size", "2kB")
    assert code == 0 and "(180 words after cleaning" in out


def test_same_text_with_other_line_endings_is_a_duplicate(seeds):
    entry = first_entry()
    text = (SEEDS / entry["file"]).read_text(encoding="utf-8")
    Path("crlf.txt").write_bytes(("\ufeff" + text.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8"))
    before = tree_hash(seeds)
    assert run("add-source", "crlf.txt", *GOOD) == (
        1, "", f"error: seeds/catalog.yaml: a text with the same content is already in the corpus "
        f"as {entry['id']} (the same text, apart from line endings or surrounding whitespace)\n")
    assert tree_hash(seeds) == before


def test_export_refuses_an_empty_outdir_and_unknown_tables_before_writing(seeds, tmp_path):
    assert run("export", "") == (2, "", "error: OUTDIR is empty: name the folder for the CSV "
                                        "files, e.g. tables/\n")
    assert not list(tmp_path.glob("*.csv"))
    code, _, err = run("export", "new", "--table", "nosuch")
    assert code == 2 and err.startswith("error: unknown table(s): nosuch; known: sources, ")
    assert not (tmp_path / "new").exists()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old_table.csv").write_text("a\n1\n")
    code, out, _ = run("export", "out", "--table", "sources")
    assert code == 0 and out.splitlines()[-1] == "not written (left as they were): out/old_table.csv"


def test_long_values_are_cut(seeds):
    Path("n.txt").write_text("A new text on arms control.\n", encoding="utf-8")
    code, out, err = run("add-source", "n.txt", *GOOD, "--id", "x" * 50_000)
    assert (code, out) == (1, "")
    assert err == "error: catalog entry xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… " \
                  "(50,000 characters): id is 50,000 characters long (at most 60)\n"
    code, _, err = run("add-source", "n.txt", *GOOD[:2], "--author", "A " * 40_000, *GOOD[4:],
                       "--role", "y" * 40_000)
    assert code == 1 and max(len(line) for line in err.splitlines()) <= 400


def test_range_ending_in_the_future_is_refused(seeds):
    Path("n.txt").write_text("A new text on arms control.\n", encoding="utf-8")
    code, _, err = run("add-source", "n.txt", *GOOD[:4], "--published", "2024/2999", *GOOD[6:])
    assert (code, err) == (1, "error: catalog entry smith-2024: published: date range "
                              "'2024/2999' ends in the future\n")


def test_non_utf8_catalog_is_one_line_and_validate_goes_on(seeds):
    path = seeds / "catalog.yaml"
    data = path.read_bytes()
    at = data.index(b"title:")
    path.write_bytes(data[:at] + "titl\u00e9:".encode("latin-1") + data[at + 6:])
    (seeds / "stray.tmp").write_text("x")
    (seeds / ".x.tmp").write_text("x")
    code, out, _ = run("validate")
    line = data[:at].count(b"\n") + 1
    assert code == 1
    assert out.splitlines() == [
        f"seeds/catalog.yaml line {line}: is not UTF-8 text (invalid byte at position {at + 4}); "
        "convert it to UTF-8",
        "seeds/.x.tmp: temporary file left by an interrupted write; delete it",
        "seeds/: 2 problems"]


def test_utf16_is_named(seeds):
    Path("u.txt").write_bytes("A text in UTF-16.\n".encode("utf-16"))
    assert run("add-source", "u.txt", *GOOD) == (
        1, "", "error: u.txt: is UTF-16 text, not UTF-8; convert it to UTF-8 first\n")
    Path("u.txt").write_bytes("A text in UTF-16.\n".encode("utf-16-le"))  # no byte-order mark
    assert run("add-source", "u.txt", *GOOD)[2].endswith("is UTF-16 text, not UTF-8; convert it "
                                                          "to UTF-8 first\n")


def test_same_id_twice_in_a_manifest(seeds, tmp_path):
    for i in range(2):
        (tmp_path / f"t{i}.txt").write_text(f"Talks will resume in {2020 + i}.\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        "file,title,author,published,outlet,role,perspective,id\n"
        "t0.txt,A,Ann Smith,2020,Blog,blogger,Western,smith-x\n"
        "t1.txt,B,Ann Smith,2021,Blog,blogger,Western,smith-x\n", encoding="utf-8")
    assert run("add-source", "--manifest", "m.csv") == (
        1, "", "error: m.csv line 3: seeds/catalog.yaml: id smith-x is already given earlier "
        "(m.csv line 2); choose another --id\n")


def test_help_names_required_columns_and_tables():
    _, out, _ = run("add-source", "--help")
    assert "file,title,author,published,outlet,role,perspective (required) and url,id" in " ".join(
        out.split())
    _, out, _ = run("export", "--help")
    from analysis.cli.export import TABLES
    assert "tables: " + ", ".join(TABLES) in " ".join(out.split())
