"""The second, blind coding of the ledger: loading it and checking it against the ledger.

Every resolved ledger row was coded a second time from its quote, claim,
condition, criterion and evidence only, without the first verdict
(:data:`analysis.config.SECOND_CODING`). A ledger row where the two verdicts
differ carries ``second_coding: {first, second, settled}``; agreement is
measured on the first and second verdicts
(:func:`analysis.forecasts.scoring.coding_agreement`).

>>> first_verdicts([{"id": "a", "verdict": "correct"}])
{'a': 'correct'}
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.forecasts.rules import RESOLUTIONS, VERDICTS


def first_verdicts(rows) -> dict[str, str]:
    """The first coding's verdict of each ledger row: ``second_coding.first``, else ``verdict``.

    >>> first_verdicts([{"id": "a", "verdict": "wrong", "second_coding": {"first": "partly correct"}},
    ...                 {"id": "b", "verdict": "correct"}])
    {'a': 'partly correct', 'b': 'correct'}
    """
    out = {}
    for row in rows or []:
        if isinstance(row, dict) and row.get("id"):
            coding = row.get("second_coding")
            out[str(row["id"])] = coding["first"] if isinstance(coding, dict) and coding.get("first") else row.get("verdict")
    return out


def validate_second_coding(coded, rows) -> list[str]:
    """Problems with the second coding against the ledger, one line each.

    Every row of the second coding names a ledger row and gives a known
    verdict; every resolved ledger row is coded; and a ledger row carries
    ``second_coding`` exactly when the first and the second verdicts differ,
    with ``second`` equal to the second coder's verdict.

    >>> ledger = [{"id": "a", "verdict": "correct", "resolution": "yes"},
    ...           {"id": "b", "verdict": "wrong", "resolution": "no"}]
    >>> validate_second_coding([{"id": "a", "verdict": "correct"}, {"id": "b", "verdict": "correct"}], ledger)
    ['second coding b: the codings disagree (wrong, correct): the ledger row needs second_coding']
    """
    if coded is None:
        return []
    if not isinstance(coded, list):
        return ["second coding: the file must be a YAML list of rows"]
    ledger = {str(r["id"]): r for r in rows or [] if isinstance(r, dict) and r.get("id")}
    first = first_verdicts(rows)
    problems, seen = [], set()
    for i, c in enumerate(coded, start=1):
        if not isinstance(c, dict) or c.get("id") in (None, ""):
            problems.append(f"second coding: row {i} needs an id")
            continue
        rid = str(c["id"])
        where = f"second coding {rid}"
        if rid in seen:
            problems.append(f"{where}: coded twice")
        seen.add(rid)
        if rid not in ledger:
            problems.append(f"{where}: no such ledger row")
            continue
        verdict = c.get("verdict")
        if verdict not in VERDICTS:
            problems.append(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
            continue
        sc = ledger[rid].get("second_coding")
        if verdict != first[rid] and not isinstance(sc, dict):
            problems.append(f"{where}: the codings disagree ({first[rid]}, {verdict}): the ledger row "
                            "needs second_coding")
        elif isinstance(sc, dict) and sc.get("second") != verdict:
            problems.append(f"{where}: the ledger's second_coding says {sc.get('second')!r}, the coding {verdict!r}")
    for rid, row in ledger.items():
        if row.get("resolution") in RESOLUTIONS and rid not in seen:
            problems.append(f"second coding: resolved ledger row {rid} is not coded")
    return problems


def read_rows(path: Path) -> list[dict]:
    """The mappings of a curated YAML list (the ledger, its exclusions, the second coding);
    empty when the file is missing or holds no list.

    >>> read_rows(Path("/nonexistent.yaml"))
    []
    """
    if not path.is_file():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def load_second_coding(path: Path | None = None) -> pd.DataFrame:
    """The second, blind coding (``id, resolution, verdict, reason``; empty if the file is missing).

    >>> load_second_coding(Path("/nonexistent.yaml")).columns.tolist()
    ['id', 'resolution', 'verdict', 'reason']
    """
    path = Path(path or config.seeds_dir() / config.SECOND_CODING)
    frame = pd.DataFrame(read_rows(path),
                         columns=["id", "resolution", "verdict", "reason"])
    frame["resolution"] = frame["resolution"].map(lambda v: None if v in (None, "") or pd.isna(v) else str(v))
    return frame
