"""CSV export (analysis/export.py): the registry, guarded producers, atomic files, the command."""
import io
import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.cli import export
from analysis.cli import main as cli
from analysis.corpus.load import load_corpus
from analysis.corpus.stats import text_statistics

CORE = ["sources", "cleaning_report", "text_statistics"]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(config.ROOT / "seeds")


def test_core_tables_have_ids_and_labels(corpus, tmp_path):
    written = export.export_tables(tmp_path / "new" / "dir", corpus, names=CORE)
    assert list(written) == CORE
    for name in CORE:
        frame = pd.read_csv(written[name])
        assert list(frame.columns[:2]) == ["source_id", "source"]
        assert frame["source_id"].tolist() == corpus.ids
        assert frame["source"].tolist() == [corpus.label(s) for s in corpus.ids]
    stats = pd.read_csv(written["text_statistics"]).set_index("source_id")
    expected = text_statistics(corpus)
    assert stats["words"].tolist() == expected["words"].tolist()
    report = pd.read_csv(written["cleaning_report"]).set_index("source_id")
    assert report["clean words"].tolist() == corpus.cleaning_report()["clean words"].tolist()
    sources = pd.read_csv(written["sources"]).set_index("source_id")
    assert sources["era"].tolist() == corpus.sources["era"].tolist()
    assert sources["date"].tolist() == corpus.sources["date"].dt.strftime("%Y-%m-%d").tolist()
    assert [p.name for p in sorted((tmp_path / "new" / "dir").iterdir())] == [
        "cleaning_report.csv", "sources.csv", "text_statistics.csv"]


def test_unavailable_producers_are_skipped(corpus, tmp_path, monkeypatch):
    tables = {"sources": export.TABLES["sources"],
              "future": lambda c: export.need("no_such_chapter", "table")[0](c)}
    monkeypatch.setattr(export, "TABLES", tables)
    assert list(export.export_tables(tmp_path, corpus)) == ["sources"]
    with pytest.raises(export.Unavailable):
        export.export_tables(tmp_path, corpus, names=["future"])
    with pytest.raises(KeyError):
        export.export_tables(tmp_path, corpus, names=["nope"])


def test_every_available_producer_gives_a_frame_with_labels(corpus):
    for name, ok in export.available_tables().items():
        if ok and name not in ("topics",):  # the topic sweep is exercised end to end
            frame = export.TABLES[name](corpus)
            assert isinstance(frame, pd.DataFrame) and len(frame), name
            if "source_id" in frame:
                assert set(frame["source"]) <= set(corpus.sources["label"]), name


def test_with_labels_from_index(corpus):
    frame = pd.DataFrame({"x": [1, 2]}, index=corpus.ids[:2])
    out = export.with_labels(frame, corpus)
    assert out.values.tolist() == [[corpus.ids[0], corpus.label(corpus.ids[0]), 1],
                                   [corpus.ids[1], corpus.label(corpus.ids[1]), 2]]


def test_export_command_prints_one_line_per_file(tmp_path, monkeypatch):
    seeds = shutil.copytree(config.ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("ANALYSIS_SEEDS", str(seeds))
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    argv = ["export", "tables"] + [a for name in CORE for a in ("--table", name)]
    assert cli.main(argv, out=out, err=err) == 0
    n = len(load_corpus(seeds).ids)
    assert out.getvalue().splitlines() == [f"wrote tables/{name}.csv ({n} rows)" for name in CORE]
    assert err.getvalue() == ""
    (tmp_path / "afile").write_text("x")
    assert cli.main(["export", "afile"], out=out, err=err) == 1
    assert err.getvalue().endswith("error: afile: exists and is not a folder\n")
    assert cli.main(["export", "t2", "--table", "nope"], out=out, err=io.StringIO()) == 2
