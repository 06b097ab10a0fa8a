"""Eras of the US-Russia relationship, derived from a date.

A new source falls into its era by itself: the era is looked up from the
publication date in :data:`ERAS`, a small documented table whose boundaries
follow the usual periodisation of the relationship.

>>> era_of("2001-11-12")
'2000-2002 post-9/11 partnership'
>>> era_of("2016-12")
'2014-2021 Crimea, sanctions and confrontation'
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Era:
    """A named period, from ``start`` (inclusive) to ``end`` (inclusive) years."""

    start: int
    end: int | None
    name: str
    why: str

    @property
    def label(self) -> str:
        end = "" if self.end is None else str(self.end)
        return f"{self.start}-{end} {self.name}"


#: The periodisation. Boundaries: 9/11 and the anti-terror partnership
#: (2000-2002); the Iraq war, colour revolutions and the drift to the Georgia
#: war (2003-2008); Obama's "reset" up to the Snowden affair and Maidan
#: (2009-2013); Crimea's annexation, sanctions and election interference
#: (2014-2021); Russia's full-scale invasion of Ukraine (2022-).
ERAS: tuple[Era, ...] = (
    Era(1991, 1999, "post-Soviet transition", "the USSR's collapse to Putin's accession"),
    Era(2000, 2002, "post-9/11 partnership", "Putin's first term; cooperation after 9/11"),
    Era(2003, 2008, "Iraq, colour revolutions and drift", "Iraq war, Rose and Orange revolutions, Georgia war"),
    Era(2009, 2013, "the reset", "Obama-Medvedev reset, New START, WTO accession"),
    Era(2014, 2021, "Crimea, sanctions and confrontation", "Crimea, Donbas, sanctions, election interference"),
    Era(2022, None, "war in Ukraine", "Russia's full-scale invasion of Ukraine"),
)


def era_of(date) -> str:
    """Return the label of the era containing ``date``.

    Parameters
    ----------
    date : str, datetime-like
        Any value :func:`pandas.Timestamp` accepts (``"2004"``, ``"2004-11"``,
        ``"2004-11-15"``).

    Returns
    -------
    str
        The era's label, e.g. ``"2003-2008 Iraq, colour revolutions and drift"``.

    Raises
    ------
    ValueError
        If the date precedes the first era.

    Examples
    --------
    >>> era_of("2022-02-24")
    '2022- war in Ukraine'
    """
    year = pd.Timestamp(str(date)).year
    for era in ERAS:
        if era.start <= year and (era.end is None or year <= era.end):
            return era.label
    raise ValueError(f"no era covers the year {year}; the table starts in {ERAS[0].start}")


def era_table() -> pd.DataFrame:
    """The era table as a DataFrame (for the book and the methods page).

    >>> era_table().columns.tolist()
    ['era', 'from', 'to', 'marked by']
    """
    return pd.DataFrame(
        {
            "era": [e.label for e in ERAS],
            "from": [e.start for e in ERAS],
            "to": [e.end if e.end is not None else "" for e in ERAS],
            "marked by": [e.why for e in ERAS],
        }
    )
