"""The ledger's verdict rules: what a resolution and a probability make of a claim.

A claim with :math:`p \\ge 0.5` is *correct* when it resolved yes and *wrong*
when it resolved no (the reverse for :math:`p < 0.5`); *partly* gives
*partly correct*; a conditional whose condition was not (fully) met is
annulled (*ambiguous*); an unresolved row is *ambiguous*, or *not yet
resolvable* when its horizon lies after :data:`RECORD_DATE`, the end of the
record the resolver checked.

>>> expected_verdicts({"resolution": "yes", "probability": 0.97, "type": "own"})
('correct',)
>>> outcome_value("no"), outcome_value("partly", partly=0.5)
(0.0, 0.5)
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import config
from analysis.corpus.catalog import parse_date

#: End of the record against which the ledger was resolved
#: (:data:`analysis.config.RECORD_DATE`). Horizons after it are not yet
#: resolvable unless an event inside the record already settled the claim.
RECORD_DATE = pd.Timestamp(config.RECORD_DATE)

VERDICTS = ("correct", "partly correct", "wrong", "not yet resolvable", "ambiguous")
RESOLUTIONS = ("yes", "no", "partly")
TYPES = ("own", "conditional", "attributed")
CONFIDENCES = ("low", "medium", "high")
#: The speaker of every own and conditional row.
AUTHOR = "author"

def outcome_value(resolution, *, partly: float | None = None) -> float:
    """1 for yes, 0 for no, ``partly`` (NaN by default) for partly, NaN when unresolved.

    >>> outcome_value("yes"), outcome_value("partly", partly=0.5)
    (1.0, 0.5)
    """
    if resolution == "yes":
        return 1.0
    if resolution == "no":
        return 0.0
    if resolution == "partly" and partly is not None:
        return float(partly)
    return float("nan")


def expected_verdicts(row: dict) -> tuple[str, ...]:
    """The verdicts the ledger's rules allow for a row.

    >>> expected_verdicts({"resolution": "no", "probability": 0.97, "type": "own"})
    ('wrong',)
    >>> expected_verdicts({"resolution": None, "probability": 0.5, "type": "own",
    ...                    "horizon": "2030"})
    ('not yet resolvable', 'ambiguous')
    """
    resolution, p = row.get("resolution"), row.get("probability")
    if row.get("type") == "conditional" and row.get("condition_met") in ("no", "partly"):
        return ("ambiguous",)
    if resolution == "partly":
        return ("partly correct",)
    if resolution in ("yes", "no") and isinstance(p, (int, float)):
        right = (resolution == "yes") == (p >= 0.5)
        return ("correct",) if right else ("wrong",)
    if resolution in (None, ""):
        horizon = _last_day(row.get("horizon"))
        if horizon is not None and horizon > RECORD_DATE:
            return ("not yet resolvable", "ambiguous")
        return ("ambiguous",)
    return ()


def _last_day(value) -> pd.Timestamp | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value), today=dt.date(9999, 1, 1))[1]
    except ValueError:
        return None


def _first_day(value) -> pd.Timestamp | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value), today=dt.date(9999, 1, 1))[0]
    except ValueError:
        return None
