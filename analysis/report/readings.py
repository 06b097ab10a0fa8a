"""The chapter on the texts: each source's situation, argument, key quotes, voices and forecasts.

The prose comes from ``seeds/readings.yaml`` (:mod:`analysis.corpus.readings`);
everything else is computed when the book is built: who, when and where from
the catalog; the events around each text from ``seeds/events.csv``; what each
text forecast, and what forecasts it reports from others, from the ledger
(:func:`analysis.report.reader.forecast_rows`: own and conditional rows are the
text's, attributed rows are its speakers'); the gap in the corpus from the
catalog's dates (:func:`analysis.corpus.readings.largest_gap`). Quotes and
forecasts link to their paragraph in the annotated reader
(:mod:`analysis.report.reader`). A catalog source with no reading gets a
section that says so.
"""
from __future__ import annotations

import pandas as pd

from analysis.corpus.readings import Gap, Reading, Readings, largest_gap
from analysis.report.reader import (
    ledger_link,
    paragraph_link,
    quote_link,
    reader_link,
    reading_anchor,
)
from analysis.report.tables import escape, markdown_table


def events_around(date, events: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """The last event on or before ``date`` and the first event after it (``None`` if there is none).

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2001-09-11", "2001-12-13"]), "event": ["a", "b"]})
    >>> before, after = events_around(pd.Timestamp("2001-11-12"), ev)
    >>> before.event, after.event
    ('a', 'b')
    """
    date = pd.Timestamp(date)
    ordered = events.sort_values("date", kind="stable")
    earlier, later = ordered[ordered.date <= date], ordered[ordered.date > date]
    return (earlier.iloc[-1] if len(earlier) else None), (later.iloc[0] if len(later) else None)


def _event(row: pd.Series) -> str:
    return f"{escape(str(row['event']))} ({row['date']:%Y-%m-%d})"


def facts(src: pd.Series, events: pd.DataFrame) -> str:
    """Who, when, where and among which events: a definition list from the catalog and the events.

    >>> src = pd.Series({"author": "unknown", "role": "reference", "role_detail": None, "outlet": "X",
    ...     "published": "2004-11", "date_precision": "month", "date": pd.Timestamp("2004-11-15"),
    ...     "perspective": "Western", "era": "E", "uncertain": None})
    >>> print(facts(src, pd.DataFrame({"date": pd.to_datetime([]), "event": []})))
    Author
    : unknown (the catalog does not guess); reference
    Published
    : 2004-11 (known to the month) in X
    Perspective and era
    : Western; E
    """
    role = str(src["role"])
    detail = src.get("role_detail")
    if isinstance(detail, str) and detail:
        role += f": {detail}"
    author = "unknown (the catalog does not guess)" if src["author"] == "unknown" else str(src["author"])
    precision = {"day": "to the day", "month": "known to the month", "year": "known to the year",
                 "range": f"a range; the book dates it {src['date']:%Y-%m-%d}"}.get(
        str(src["date_precision"]), str(src["date_precision"]))
    lines = ["Author", f": {escape(author)}; {escape(role)}",
             "Published", f": {escape(str(src['published']))} ({escape(precision)}) in {escape(str(src['outlet']))}",
             "Perspective and era", f": {escape(str(src['perspective']))}; {escape(str(src['era']))}"]
    before, after = events_around(src["date"], events)
    if before is not None or after is not None:
        around = []
        if before is not None:
            around.append(f"after {_event(before)}")
        if after is not None:
            around.append(f"before {_event(after)}")
        lines += ["Among the events", f": {'; '.join(around)} (from the timeline of key events)"]
    uncertain = src.get("uncertain")
    if isinstance(uncertain, list) and uncertain:
        lines += ["Uncertain", f": {escape('; '.join(map(str, uncertain)))}"]
    return "\n".join(lines)


def _quotes(reading: Reading, sid: str) -> str:
    out = []
    for q in reading.key_quotes:
        out.append(f"> {escape(q.quote)}\n>\n> {paragraph_link(sid, q.paragraph)}. {escape(q.why)}")
    return "\n\n".join(out)


def _voices(reading: Reading) -> str:
    if not reading.voices:
        return "The text quotes no one: every sentence is its author's."
    items = []
    for v in reading.voices:
        role = f" ({escape(v.role)})" if v.role else ""
        items.append(f"- **{escape(v.name)}**{role}: {escape(v.what)}")
    return "\n".join(items)


def _forecast_table(rows: pd.DataFrame, *, speaker: bool) -> str:
    view = pd.DataFrame({
        "row": [quote_link(r) for r in rows["id"]],
        "in the ledger": [ledger_link(r) for r in rows["id"]],
        "where": [paragraph_link(s, p) for s, p in zip(rows["source_id"], rows["para"])],
    })
    if speaker:
        view["speaker"] = rows["speaker"].to_numpy()
    view["type"] = rows["type"].to_numpy()
    view["claim"] = rows["claim"].to_numpy()
    view["verdict"] = rows["verdict"].to_numpy()
    return markdown_table(view, markup=("row", "in the ledger", "where"))


def _forecasts(sid: str, rows: pd.DataFrame) -> str:
    own, quoted = rows[rows["own"]], rows[~rows["own"]]
    parts = []
    if len(own):
        conditional = int((own["type"] == "conditional").sum())
        parts.append(f"The ledger holds {len(own)} forecasts of the text's own ({conditional} of them "
                     "conditional). Each row links to its quote in the annotated text, to its row in the "
                     "ledger and to its paragraph.\n\n" + _forecast_table(own, speaker=False))
    else:
        parts.append("The ledger holds no forecast of the text's own.")
    if len(quoted):
        speakers = ", ".join(escape(s) for s in dict.fromkeys(quoted["speaker"]))
        parts.append(f"It reports {len(quoted)} forecasts of others ({speakers}); the ledger scores "
                     "them under their speakers, not under the text.\n\n" + _forecast_table(quoted, speaker=True))
    else:
        parts.append("It reports no forecast of anyone else.")
    return "\n\n".join(parts)


def source_section(sid: str, corpus, readings: Readings, forecasts: pd.DataFrame, events: pd.DataFrame) -> str:
    """The Markdown section of one source: facts, situation, argument, key quotes, voices, forecasts."""
    src = corpus.sources.loc[sid]
    reading = readings.get(sid)
    label = escape(str(src["label"]))
    lines = [f"({reading_anchor(sid)})=", f"## {label}: {escape(str(src['title']))}", "",
             facts(src, events), "",
             f"The whole text, with numbered paragraphs: {reader_link(sid, label + ', annotated')}.", ""]
    if reading is None:
        lines += ["This text is not yet summarised: `seeds/readings.yaml` has no reading of it, so its "
                  "situation, argument, key quotes and voices are not given here. Its forecasts, from the "
                  "ledger, follow.", ""]
    else:
        lines += ["### Situation", "", escape(reading.situation), "",
                  "### Argument", "", escape(reading.argument), "",
                  "### Key quotes", "", _quotes(reading, sid), "",
                  "### Whom it quotes", "", _voices(reading), ""]
    lines += ["### What it predicted", "", _forecasts(sid, forecasts[forecasts.source_id == sid])]
    return "\n".join(lines).rstrip() + "\n"


def texts_sections(corpus, readings: Readings, forecasts: pd.DataFrame, events: pd.DataFrame) -> str:
    """The sections of every catalog source, in catalog (date) order."""
    return "\n".join(source_section(sid, corpus, readings, forecasts, events) for sid in corpus.ids)


def gap_facts(corpus, events: pd.DataFrame) -> dict:
    """What the longest gap in the corpus is, from the catalog and the events (empty when there is none).

    Keys: ``gap`` (:class:`~analysis.corpus.readings.Gap`), ``first_year``,
    ``last_year``, ``year_before`` (the year of the latest source before the
    gap), ``year_after`` (of the first after it), ``n_before``, ``n_after``
    (sources on each side), ``label_before``, ``label_after`` and
    ``events`` (the events of the gap's years).
    """
    gap = largest_gap(corpus.sources)
    if gap is None:
        return {}
    years = corpus.sources["year"].astype(int)
    inside = events[(events.date.dt.year >= gap.first) & (events.date.dt.year <= gap.last)]
    return {"gap": gap, "first_year": gap.first, "last_year": gap.last,
            "year_before": int(years[gap.after]), "year_after": int(years[gap.before]),
            "n_before": int((years < gap.first).sum()), "n_after": int((years > gap.last).sum()),
            "label_before": corpus.label(gap.after), "label_after": corpus.label(gap.before),
            "events": inside.sort_values("date", kind="stable")}


def gap_paragraph(corpus, readings: Readings, events: pd.DataFrame) -> str:
    """The paragraph on the corpus's longest gap: computed facts, then the curated commentary.

    The commentary of ``readings.yaml`` is shown only while the catalog's
    longest gap lies between the two sources it was written for; otherwise
    the paragraph says it is left out until revised.
    """
    found = gap_facts(corpus, events)
    if not found:
        return "No two texts of the corpus are more than a year apart: it has no gap of a whole year."
    gap: Gap = found["gap"]
    text = (f"The corpus has no text from {gap.first} to {gap.last}: the latest text before the gap is "
            f"{escape(found['label_before'])}, the first after it {escape(found['label_after'])}; "
            f"{found['n_before']} of the texts come before it and {found['n_after']} after.")
    if len(found["events"]):
        listed = "; ".join(_event(row) for _, row in found["events"].iterrows())
        text += f" The timeline of key events has {len(found['events'])} events in those years: {listed}."
    note = readings.gap
    if note is not None and (note.after, note.before) == (gap.after, gap.before):
        text += " " + escape(note.commentary)
    elif note is not None:
        text += (f" (The commentary on the gap in `seeds/readings.yaml` was written for the gap between "
                 f"{escape(corpus.label(note.after))} and {escape(corpus.label(note.before))}, which is no "
                 "longer the longest; it is left out until it is revised.)")
    return text


def texts_summary(corpus, readings: Readings, forecasts: pd.DataFrame) -> pd.DataFrame:
    """One row per source: its reading (yes/no), key quotes, voices named, own and reported forecasts.

    >>> from analysis.corpus.readings import Readings
    >>> corpus = type("C", (), {"ids": ["a"], "label": lambda self, s: "A 2001"})()
    >>> f = pd.DataFrame({"source_id": ["a", "a"], "own": [True, False]})
    >>> texts_summary(corpus, Readings(), f).values.tolist()
    [['A 2001', 'not yet', 0, 0, 1, 1]]
    """
    rows = []
    for sid in corpus.ids:
        reading = readings.get(sid)
        mine = forecasts[forecasts.source_id == sid]
        rows.append((corpus.label(sid), "yes" if reading else "not yet",
                     len(reading.key_quotes) if reading else 0, len(reading.voices) if reading else 0,
                     int(mine["own"].sum()), int((~mine["own"]).sum())))
    return pd.DataFrame(rows, columns=["source", "summarised", "key quotes", "voices named",
                                       "own forecasts", "reported forecasts"])
