"""The corpus chapter's findings: Markdown bullets computed from the catalog and the statistics."""
from __future__ import annotations

import pandas as pd


def corpus_findings(corpus, stats: pd.DataFrame) -> str:
    """Markdown bullets summarising the corpus chapter, computed from the data."""
    report = corpus.cleaning_report()
    n = len(stats)
    longest, shortest = stats["words"].idxmax(), stats["words"].idxmin()
    denser = stats["Flesch reading ease"].idxmin()
    easier = stats["Flesch reading ease"].idxmax()
    diverse = stats["MTLD"].idxmax()
    least_kept = report["kept %"].idxmin()
    first, last = corpus.sources["date"].min(), corpus.sources["date"].max()
    perspectives = corpus.sources["perspective"].value_counts()
    persp = ", ".join(f"{v} {k}" for k, v in perspectives.items())
    lines = [
        f"- The corpus holds {n} sources ({persp} perspective), published between "
        f"{first:%B %Y} and {last:%B %Y} ({{numref}}`tbl-catalog`, {{numref}}`fig-timeline`); "
        f"{int(stats['words'].sum()):,} words in all after cleaning. With so few texts, "
        "every comparison in this book describes these texts, not a population.",
        f"- Lengths differ by a factor of {stats['words'].max() / stats['words'].min():.1f}: "
        f"{corpus.label(longest)} is the longest ({stats.loc[longest, 'words']:,} words), "
        f"{corpus.label(shortest)} the shortest ({stats.loc[shortest, 'words']:,}) "
        "({numref}`tbl-stats`). Chapters that compare frequencies therefore normalise by length.",
        f"- {corpus.label(denser)} is the hardest to read (Flesch {stats.loc[denser, 'Flesch reading ease']}) "
        f"and {corpus.label(easier)} the easiest ({stats.loc[easier, 'Flesch reading ease']}); "
        f"{corpus.label(diverse)} has the richest vocabulary (MTLD {stats.loc[diverse, 'MTLD']}) "
        "({numref}`fig-stats`).",
        f"- Cleaning kept {report['kept %'].min()}% to {report['kept %'].max()}% of the raw words; "
        f"{corpus.label(least_kept)} lost the most ({report.loc[least_kept, 'raw words'] - report.loc[least_kept, 'clean words']:,} words), "
        "mostly to the rules named in {numref}`tbl-cleaning`.",
    ]
    uncertain = [corpus.label(s) for s, u in corpus.sources["uncertain"].items() if isinstance(u, list) and u]
    if uncertain:
        lines.append(f"- Some catalog facts are uncertain for {', '.join(uncertain)}: "
                     "see {numref}`tbl-dates` before reading dates too precisely.")
    return "\n".join(lines)
