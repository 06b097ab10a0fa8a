"""Catalog loading and validation (analysis/catalog.py)."""
import datetime as dt
import hashlib
import shutil

import pytest
import yaml

from analysis import config
from analysis.corpus.catalog import CatalogError, load_catalog, parse_date, point_date, read_entries

SEEDS = config.ROOT / "seeds"


def test_every_raw_file_matches_its_hash():
    for entry in read_entries(SEEDS / "catalog.yaml"):
        digest = hashlib.sha256((SEEDS / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["id"]


def test_catalog_has_the_five_sources_with_established_facts():
    cat = load_catalog(SEEDS / "catalog.yaml")
    assert len(cat) == 5
    assert cat.loc["kuzio-2001", "published"] == "2001-11-12"
    assert cat.loc["ponars-2003", "author"] == "unknown"
    assert cat.loc["globalsecurity-2016", "author"] == "unknown"
    assert set(cat["perspective"]) == {"Russian", "Western"}
    assert cat.loc["ivanov-2020", "era"] == "2014-2021 Crimea, sanctions and confrontation"
    assert list(cat.index) == sorted(cat.index, key=lambda s: cat.loc[s, "date"])


@pytest.fixture
def seeds_copy(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _edit(folder, change):
    path = folder / "catalog.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def _problems(folder):
    with pytest.raises(CatalogError) as err:
        load_catalog(folder / "catalog.yaml")
    return err.value.problems


def test_missing_file(seeds_copy):
    (seeds_copy / "2020-ivanov-riac.txt").unlink()
    assert _problems(seeds_copy) == [
        "catalog entry ivanov-2020: file 2020-ivanov-riac.txt not found in seeds/"]


def test_hash_mismatch(seeds_copy):
    with open(seeds_copy / "2001-kuzio-eurasianet.txt", "a", encoding="utf-8") as fh:
        fh.write("edited")
    assert _problems(seeds_copy) == [
        "catalog entry kuzio-2001: SHA-256 of 2001-kuzio-eurasianet.txt does not match the "
        "catalog (the raw text was changed)"]


@pytest.mark.parametrize("date, message", [
    ("2001-13-01", "impossible date '2001-13-01'"),
    ("2001-02-30", "impossible date '2001-02-30'"),
    ("12 Nov 2001", "bad date '12 Nov 2001': use YYYY, YYYY-MM, YYYY-MM-DD or START/END"),
    ("2004-06/2003-10", "date range '2004-06/2003-10' ends before it starts"),
    ("2999-01-01", "date '2999-01-01' is in the future"),
])
def test_bad_dates(seeds_copy, date, message):
    _edit(seeds_copy, lambda e: e[0].update(published=date))
    assert _problems(seeds_copy) == [f"catalog entry kuzio-2001: published: {message}"]


def test_duplicate_id(seeds_copy):
    _edit(seeds_copy, lambda e: e[1].update(id="kuzio-2001"))
    assert _problems(seeds_copy) == [
        "duplicate id 'kuzio-2001' in catalog entries kuzio-2001, kuzio-2001"]


def test_unknown_field(seeds_copy):
    _edit(seeds_copy, lambda e: e[0].update(colour="red"))
    assert _problems(seeds_copy) == ["catalog entry kuzio-2001: unknown field(s): colour"]


def test_missing_field(seeds_copy):
    _edit(seeds_copy, lambda e: e[2].pop("author"))
    assert _problems(seeds_copy) == [
        "catalog entry siberianlight-2004: missing required field(s): author"]


def test_bad_vocabulary(seeds_copy):
    _edit(seeds_copy, lambda e: e[0].update(role="pundit"))
    assert _problems(seeds_copy) == [
        "catalog entry kuzio-2001: role 'pundit' is not one of "
        "academic, journalist, blogger, official, reference, think-tank"]


def test_empty_text(seeds_copy):
    (seeds_copy / "2001-kuzio-eurasianet.txt").write_text("  \n\n", encoding="utf-8")
    _edit(seeds_copy, lambda e: e[0].update(
        sha256=hashlib.sha256(b"  \n\n").hexdigest()))
    assert _problems(seeds_copy) == ["catalog entry kuzio-2001: 2001-kuzio-eurasianet.txt is empty"]


def test_every_problem_is_reported_at_once(seeds_copy):
    _edit(seeds_copy, lambda e: (e[0].update(role="x"), e[1].update(published="2001-02-30")))
    assert len(_problems(seeds_copy)) == 2


def test_dates_and_point_dates():
    assert parse_date("2001", today=dt.date(2026, 1, 1))[1].date() == dt.date(2001, 12, 31)
    assert point_date({"published": "2001-11-12"}).date() == dt.date(2001, 11, 12)
    # a range without an estimate uses its midpoint
    assert point_date({"published": "2020-10-20/2020-11-06"}).date() == dt.date(2020, 10, 28)


@pytest.mark.parametrize("content, message", [
    (b"- id: a\n  author: A\n  author: B\n", "seeds/catalog.yaml line 3: duplicate key 'author' (a field given twice)"),
    (b"- id: [a\n", "seeds/catalog.yaml line 2: expected ',' or ']', but got '<stream end>' (not valid YAML)"),
    (b"- id: a\n- title: caf\xe9\n", "seeds/catalog.yaml line 2: is not UTF-8 text (invalid byte at position 20); convert it to UTF-8"),
    (b"", "seeds/catalog.yaml: is empty, but seeds/ holds 5 raw text(s); restore the catalog (e.g. git checkout seeds/catalog.yaml) instead of starting a new one"),
])
def test_catalog_read_errors_are_one_line_with_file_and_line(seeds_copy, content, message):
    (seeds_copy / "catalog.yaml").write_bytes(content)
    with pytest.raises(CatalogError) as err:
        read_entries(seeds_copy / "catalog.yaml")
    assert err.value.problems == [message]


def test_range_must_end_by_today_but_this_year_is_fine():
    today = dt.date(2024, 6, 1)
    assert parse_date("2024", today=today)[0].year == 2024
    with pytest.raises(ValueError, match="date range '2024/2031' ends in the future"):
        parse_date("2024/2031", today=today)
