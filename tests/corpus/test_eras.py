"""Eras derived from dates (analysis/eras.py)."""
import pytest

from analysis.corpus.eras import ERAS, era_of


@pytest.mark.parametrize("date, start", [
    ("2001-11-12", 2000), ("2002-12-31", 2000), ("2003-01-01", 2003), ("2004-11", 2003),
    ("2009", 2009), ("2013-12-31", 2009), ("2014-03-18", 2014), ("2020-11-01", 2014),
    ("2022-02-24", 2022), ("2026-01-01", 2022),
])
def test_era_boundaries(date, start):
    assert era_of(date).startswith(str(start))


def test_eras_are_contiguous_and_ordered():
    for before, after in zip(ERAS, ERAS[1:]):
        assert after.start == before.end + 1


def test_date_before_the_table_is_an_error():
    with pytest.raises(ValueError, match="no era covers the year 1985"):
        era_of("1985")
