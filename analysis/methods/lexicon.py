"""Actors, themes and tone from small documented lexicons.

**Themes.** :data:`THEMES` maps each actor or theme to a list of regular
expressions over lower-cased text (word boundaries added). A theme's rate
is ``1000 * matches / words``, where ``words`` counts the tokens of
:func:`analysis.corpus.text.tokenize`. A multi-word pattern ("north atlantic")
counts once per occurrence. "Georgia" the country and the US state are not
told apart; "talks" counts as dialogue in any sense.

**Tone**, two lexicon-based measures:

* VADER (Hutto & Gilbert 2014, package ``vaderSentiment``, which ships its
  lexicon): the compound score of each sentence (-1 most negative, +1 most
  positive), averaged over a source's sentences.
* Cooperation vs confrontation: counts of the word patterns in
  :data:`COOPERATION` and :data:`CONFRONTATION`, per 1,000 words, and the
  balance ``(coop - conf) / (coop + conf)`` (+1 only cooperative words,
  -1 only confrontational ones; undefined with neither).

Limits: both count words, not stances. VADER was built for social-media
English; it reads "war", "threat" or "crisis" as negative even when a text
describes them calmly or rejects them, and it misses irony and negation
beyond a few words. The cooperation list counts "partnership" in
"the partnership failed" as cooperative. Read the measures as the
vocabulary a text dwells on, not as its author's attitude.

>>> rates = theme_rates(pd.Series({"a": "NATO and China; NATO talks."}))
>>> float(rates.loc["a", "NATO"]), float(rates.loc["a", "China"])
(400.0, 200.0)
"""
from __future__ import annotations

import re
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.corpus.text import tokenize
from analysis.report.plotting import PALETTE, colour_for, grid_shape, wrap

#: Actors and themes: name -> regular expressions (lower case, matched at
#: word boundaries; ``\w*`` allows endings). Chosen to follow the questions
#: of US-Russia relations since 2001: the anti-terror partnership, NATO's
#: enlargement, the wars in Iraq, Chechnya, Georgia and Ukraine, sanctions,
#: the "multipolar" world order, and the vocabulary of partnership,
#: dialogue, democracy, energy and arms control.
THEMES: dict[str, tuple[str, ...]] = {
    "terrorism": (r"terror\w*", r"al[- ]qa[e']?da", r"taliban", r"9/11", r"islamist\w*", r"extremis\w*"),
    "NATO": (r"nato", r"north atlantic"),
    "China": (r"china", r"chinese", r"beijing"),
    "Iraq": (r"iraq\w*", r"saddam", r"baghdad"),
    "Chechnya": (r"chechn\w*", r"chechen\w*", r"grozny"),
    "Ukraine": (r"ukrain\w*", r"crimea\w*", r"kiev", r"kyiv", r"donbas+", r"maidan"),
    "Georgia": (r"georgia\w*", r"south ossetia\w*", r"abkhaz\w*", r"tbilisi"),
    "Iran and Syria": (r"iran\w*", r"syria\w*"),
    "sanctions": (r"sanction\w*", r"embargo\w*", r"jackson[- ]vanik"),
    "multipolar order": (r"multipolar\w*", r"multi-polar\w*", r"polycentric", r"unipolar\w*"),
    "partnership": (r"partner\w*", r"ally", r"allies", r"allied"),
    "dialogue": (r"dialogue\w*", r"negotiat\w*", r"talks", r"summit\w*", r"diplomac\w*", r"diplomat\w*"),
    "democracy": (r"democra\w*", r"human rights", r"civil society", r"rule of law", r"authoritarian\w*"),
    "energy": (r"energy", r"oil", r"gas", r"pipelines?", r"gazprom"),
    "arms control": (r"nuclear", r"missiles?", r"abm", r"arms control", r"disarm\w*", r"new start"),
}

#: Words of cooperation (patterns as in :data:`THEMES`).
COOPERATION: tuple[str, ...] = (
    r"cooperat\w*", r"co-operat\w*", r"partner\w*", r"dialogue\w*", r"engag\w*", r"agree(?:s|d|ment|ments)?",
    r"trust\w*", r"friend\w*", r"ally", r"allies", r"allied", r"reset", r"rapprochement", r"compromis\w*",
    r"d[ée]tente", r"collaborat\w*", r"mutual\w*", r"common interests?", r"shared interests?",
    r"joint\w*", r"coordinat\w*", r"negotiat\w*", r"peace\w*", r"integrat\w*", r"pragmati\w*",
)

#: Words of confrontation.
CONFRONTATION: tuple[str, ...] = (
    r"confront\w*", r"conflict\w*", r"tensions?", r"threat\w*", r"hostil\w*", r"rival\w*",
    r"aggress\w*", r"sanction\w*", r"wars?", r"warfare", r"enem\w*", r"adversar\w*", r"disput\w*",
    r"crisis", r"crises", r"strain\w*", r"coerci\w*", r"deter\w*", r"containment", r"attack\w*",
    r"invasion", r"invad\w*", r"annex\w*", r"distrust\w*", r"mistrust\w*", r"suspicio\w*",
    r"condemn\w*", r"retaliat\w*", r"provocat\w*", r"destabili\w*", r"interfer\w*", r"competit\w*",
)


def compile_patterns(patterns) -> re.Pattern:
    """One regex matching any pattern as whole words.

    >>> bool(compile_patterns([r"nato"]).search("natoism")), bool(compile_patterns([r"nato"]).search("NATO".lower()))
    (False, True)
    """
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])")


_COMPILED: dict = {}


def _rx(patterns) -> re.Pattern:
    key = tuple(patterns)
    if key not in _COMPILED:
        _COMPILED[key] = compile_patterns(key)
    return _COMPILED[key]


def _prepare(text: str) -> str:
    return text.lower().replace("’", "'")


def count_matches(text: str, patterns) -> int:
    """Occurrences of any of ``patterns`` in ``text`` (case-insensitive).

    >>> count_matches("Cooperation, co-operation and more cooperative talks.", COOPERATION)
    3
    """
    return len(_rx(patterns).findall(_prepare(text)))


def word_total(text: str) -> int:
    """Words as counted for rates (:func:`analysis.corpus.text.tokenize`).

    >>> word_total("The U.S. and Russia, in 2001.")
    5
    """
    return len(tokenize(text))


def theme_counts(texts: pd.Series, themes: dict | None = None) -> pd.DataFrame:
    """Raw matches of each theme per text, plus a ``words`` column.

    >>> theme_counts(pd.Series({"a": "Iraq and Iraqi oil."}))[["Iraq", "energy", "words"]].values.tolist()
    [[2, 1, 4]]
    """
    themes = themes or THEMES
    rows = {}
    for doc, text in texts.items():
        row = {name: count_matches(text, pats) for name, pats in themes.items()}
        row["words"] = word_total(text)
        rows[doc] = row
    return pd.DataFrame.from_dict(rows, orient="index").reindex(list(texts.index))


def theme_rates(texts: pd.Series, themes: dict | None = None) -> pd.DataFrame:
    """Matches per 1,000 words for each theme (rows: texts, columns: themes).

    A text of 5 words with 2 NATO matches has a NATO rate of 1000 * 2 / 5 = 400.

    >>> theme_rates(pd.Series({"a": "NATO, NATO and Russia talk"}))["NATO"].tolist()
    [400.0]
    """
    counts = theme_counts(texts, themes)
    words = counts.pop("words").replace(0, np.nan)
    return counts.div(words, axis=0).mul(1000).fillna(0.0)


# --------------------------------------------------------------------------- tone

@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    return SentimentIntensityAnalyzer()


def vader_compound(sentence: str) -> float:
    """VADER's compound score of one sentence (-1 to +1).

    >>> vader_compound("We welcome this great and friendly partnership.") > 0.5
    True
    >>> vader_compound("The war was a disaster.") < -0.5
    True
    """
    return float(_vader().polarity_scores(sentence)["compound"])


def coop_balance(coop: float, conf: float) -> float:
    """``(coop - conf) / (coop + conf)``; NaN when both are zero.

    >>> coop_balance(3, 1), coop_balance(0, 2)
    (0.5, -1.0)
    """
    total = coop + conf
    return (coop - conf) / total if total else float("nan")


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per sentence: VADER compound and cooperation / confrontation word counts.

    ``sentences`` needs ``source_id`` and ``text``; returns it with ``vader``,
    ``coop``, ``conf`` columns added.

    >>> s = sentence_tone(pd.DataFrame({"source_id": ["a"], "text": ["Dialogue and trust, not war."]}))
    >>> s[["coop", "conf"]].values.tolist()
    [[2, 1]]
    """
    out = sentences.copy()
    out["vader"] = [vader_compound(t) for t in out["text"]]
    out["coop"] = [count_matches(t, COOPERATION) for t in out["text"]]
    out["conf"] = [count_matches(t, CONFRONTATION) for t in out["text"]]
    return out


def tone_table(sentences: pd.DataFrame, order=None) -> pd.DataFrame:
    """Per source: mean VADER compound, cooperation and confrontation per 1,000
    words, and the balance ``(coop - conf) / (coop + conf)``. Rounded to 3.

    ``sentences`` comes from :func:`sentence_tone`.

    >>> s = sentence_tone(pd.DataFrame({"source_id": ["a", "a"],
    ...     "text": ["Trust and dialogue.", "A threat of war."]}))
    >>> tone_table(s).loc["a", ["coop", "conf", "coop per 1,000", "balance"]].tolist()
    [2.0, 2.0, 285.714, 0.0]
    """
    rows = {}
    for sid, g in sentences.groupby("source_id", sort=False):
        words = sum(word_total(t) for t in g["text"])
        coop, conf = int(g["coop"].sum()), int(g["conf"].sum())
        rows[sid] = {
            "sentences": len(g), "words": words,
            "VADER mean": g["vader"].mean(),
            "coop": coop, "conf": conf,
            "coop per 1,000": 1000 * coop / words if words else np.nan,
            "conf per 1,000": 1000 * conf / words if words else np.nan,
            "balance": coop_balance(coop, conf),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    if order is not None:
        frame = frame.reindex([o for o in order if o in frame.index])
    frame = frame.astype(float).round(3)
    for col in ("sentences", "words", "coop", "conf"):
        frame[col] = frame[col].astype(int)
    return frame


def tone_examples(sentences: pd.DataFrame, labels: dict, n: int = 3, width: int = 220) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences by VADER, with their
    cooperation and confrontation counts (ties broken by source and position).

    >>> s = sentence_tone(pd.DataFrame({"source_id": ["a", "a"], "sent": [1, 2],
    ...     "text": ["A great friendship.", "A terrible war."]}))
    >>> tone_examples(s, {"a": "A"}, n=1)[["end", "sentence"]].values.tolist()
    [['most positive', 'A great friendship.'], ['most negative', 'A terrible war.']]
    """
    s = sentences.reset_index(drop=True).copy()
    s["_pos"] = range(len(s))
    ranked = s.sort_values(["vader", "_pos"], ascending=[False, True], kind="stable")
    top = ranked.head(n).assign(end="most positive")
    bottom = s.sort_values(["vader", "_pos"], ascending=[True, True], kind="stable").head(n).assign(end="most negative")
    both = pd.concat([top, bottom])
    short = [t if len(t) <= width else t[: width - 1].rstrip() + "…" for t in both["text"]]
    return pd.DataFrame({
        "end": both["end"].values,
        "source": [labels.get(x, x) for x in both["source_id"]],
        "VADER": both["vader"].round(3).values,
        "coop": both["coop"].values, "conf": both["conf"].values,
        "sentence": short,
    })


# --------------------------------------------------------------------------- plots

def plot_themes_over_time(rates: pd.DataFrame, sources: pd.DataFrame, ncols: int = 3):
    """Small multiples: one panel per theme, rate per 1,000 words against publication date.

    Points are coloured by perspective and joined in date order.
    """
    themes = list(rates.columns)
    nrows, ncols = grid_shape(len(themes), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.4 * nrows), sharex=True, squeeze=False)
    dates = sources.loc[rates.index, "date"]
    colours = [colour_for(p) for p in sources.loc[rates.index, "perspective"]]
    for ax, theme in zip(axes.flat, themes):
        ax.plot(dates, rates[theme], color="0.75", lw=1, zorder=1)
        ax.scatter(dates, rates[theme], c=colours, s=22, zorder=2)
        ax.set_title(theme, loc="left", fontsize=10)
        ax.set_ylim(bottom=0)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(themes):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("per 1,000 words", fontsize=9)
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour_for(p), label=p)
               for p in dict.fromkeys(sources.loc[rates.index, "perspective"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
               title="perspective")
    return fig


def plot_tone(tones: pd.DataFrame, sources: pd.DataFrame):
    """Tone against publication date: mean VADER compound (left) and the
    cooperation balance (right), one labelled point per source."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4 + 0.05 * len(tones)))
    dates = sources.loc[tones.index, "date"]
    colours = [colour_for(p) for p in sources.loc[tones.index, "perspective"]]
    label_points = len(tones) <= 15
    for ax, col, title in ((axes[0], "VADER mean", "mean VADER compound per sentence"),
                           (axes[1], "balance", "(coop − conf) / (coop + conf)")):
        ax.plot(dates, tones[col], color="0.75", lw=1, zorder=1)
        ax.scatter(dates, tones[col], c=colours, s=40, zorder=2)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_title(title, loc="left")
        ax.tick_params(axis="x", labelrotation=45)
        if label_points:
            for sid, d, v in zip(tones.index, dates, tones[col]):
                if pd.notna(v):
                    ax.annotate(wrap(sources.loc[sid, "label"], 16), (d, v), xytext=(4, 4),
                                textcoords="offset points", fontsize=8)
    axes[1].set_ylim(-1.05, 1.05)
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour_for(p), label=p)
               for p in dict.fromkeys(sources.loc[tones.index, "perspective"])]
    axes[0].legend(handles=handles, frameon=False, title="perspective", loc="best")
    return fig


def tone_rank(tones: pd.DataFrame, column: str) -> tuple[str, str]:
    """Ids of the sources with the highest and lowest ``column`` (NaN ignored).

    >>> tone_rank(pd.DataFrame({"balance": [0.2, -0.4]}, index=["a", "b"]), "balance")
    ('a', 'b')
    """
    col = tones[column].dropna()
    return str(col.idxmax()), str(col.idxmin())


def peak_themes(rates: pd.DataFrame, labels: dict, top: int = 1) -> pd.DataFrame:
    """For each theme, the source where it is densest and the rate (rounded to 1).

    >>> r = pd.DataFrame({"NATO": [1.0, 3.0]}, index=["a", "b"])
    >>> peak_themes(r, {"a": "A", "b": "B"}).values.tolist()
    [['NATO', 'B', 3.0, 2.0]]
    """
    rows = []
    for theme in rates.columns:
        col = rates[theme]
        sid = col.idxmax()
        rows.append((theme, labels.get(sid, sid), round(float(col.max()), 1), round(float(col.mean()), 1)))
    return pd.DataFrame(rows, columns=["theme", "densest in", "per 1,000 words", "mean over sources"])


__all__ = [
    "THEMES", "COOPERATION", "CONFRONTATION", "theme_counts", "theme_rates", "sentence_tone",
    "tone_table", "tone_examples", "plot_themes_over_time", "plot_tone", "vader_compound",
    "coop_balance", "count_matches", "peak_themes", "tone_rank", "PALETTE",
]
