"""Tests for analysis.report.topic_text and topic_figures: the topics chapter's prose and figures."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from analysis.methods.topics import TopicModel, TopicSweep  # noqa: E402
from analysis.report import topic_text  # noqa: E402
from analysis.report.topic_figures import plot_agreement, plot_time  # noqa: E402

SPORT = "football goal match team score league coach player stadium referee".split()
COOKING = "recipe oven bake flour sugar butter salt dough kitchen chef".split()
FILLER = "today people really think good".split()


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))


def planted_frame():
    rng = np.random.default_rng(0)
    texts = [" ".join(list(rng.choice(v, 12)) + list(rng.choice(FILLER, 3))) for v in (SPORT, COOKING)
             for _ in range(12)]
    segments = pd.DataFrame({"source_id": ["s1"] * 6 + ["s2"] * 6 + ["s3"] * 6 + ["s4"] * 6,
                             "segment": list(range(1, 7)) * 4, "text": texts, "words": [15] * len(texts)})
    sources = pd.DataFrame({"label": ["S1", "S2", "S3", "S4"], "era": ["e1", "e1", "e2", "e2"],
                            "role": ["academic"] * 4, "perspective": ["Western", "Russian"] * 2,
                            "year": [2001, 2003, 2016, 2020]}, index=["s1", "s2", "s3", "s4"])
    return segments, sources


def test_findings_cite_named_figures_and_tables():
    segments, sources = planted_frame()
    sweep = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(segments["text"])
    text = topic_text.topic_findings(sweep, segments, sources)
    for name in ("tbl-topics-segments", "fig-topics-sweep", "tbl-topics-robust", "fig-topics-agreement",
                 "tbl-topics-agreement", "fig-topics-groups", "fig-topics-time"):
        assert name in text
    assert "fewer than" not in text and "not trends" in text


def test_findings_name_only_robust_dominant_topics():
    segments, sources = planted_frame()
    sweep = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(segments["text"])
    robust = pd.DataFrame({"source": ["S1", "S2", "S3", "S4"], "dominant topic": ["1 a", "1 a", "2 b", "2 b"],
                           "robust": ["yes", "no", "no", "no"]}, index=sources.index)
    text = topic_text.topic_findings(sweep, segments, sources, robust=robust)
    assert "The dominant topic of 1 of 4 sources survives" in text
    assert "S1: *1 a*" in text and "S2:" not in text and "S3:" not in text


def test_findings_note_sources_with_few_segments():
    segments, sources = planted_frame()
    segments = pd.concat([segments, pd.DataFrame({"source_id": ["s5"], "segment": [1], "text": [segments.text[0]],
                                                  "words": [15]})], ignore_index=True)
    sources = pd.concat([sources, pd.DataFrame({"label": ["S5"], "era": ["e2"], "role": ["blogger"],
                                                "perspective": ["Western"], "year": [2021]}, index=["s5"])])
    sweep = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(segments["text"])
    assert "S5 (1) has fewer than 3 segments" in topic_text.topic_findings(sweep, segments, sources)


def test_agreement_note_states_chance_and_verdict():
    agreement = pd.Series({"segments": 60, "observed": 0.18, "chance": 0.17, "uniform": 1 / 6,
                           "shuffled 95%": 0.25, "kappa": 0.012, "adjusted Rand": -0.006, "p-value": 0.46})
    note = topic_text.agreement_note(agreement)
    assert "in 18% of the 60 segments" in note and "would give 17% (1/k = 17%)" in note
    assert "reach 25% one time in twenty" in note and "kappa is 0.01" in note
    assert note.endswith("no better than chance.")


def test_size_note_and_size_needed():
    summary = pd.DataFrame({"segments": [60, 480], "kappa": [0.18, 0.27], "LDA stability": [0.21, 0.34]})
    note = topic_text.size_note(summary, 60)
    assert "from 0.18 with 60 segments to 0.27 with 480" in note and "8 times this corpus" in note
    assert topic_text.size_needed(summary) is None
    summary["kappa"] = [0.18, 0.5]
    assert topic_text.size_needed(summary) == 480
    assert "from 480 segments on, about 8 times this corpus" in topic_text.size_note(summary, 60)


def test_time_is_drawn_as_points_not_lines():
    segments, sources = planted_frame()
    model = TopicModel(2, max_df=1.0).fit(segments["text"])
    fig = plot_time(model, segments, sources, robust=pd.Series([True, False, False, False], index=sources.index))
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    assert len(lines) == 2 * 4                                   # one point per topic and source
    assert all(line.get_linestyle() == "None" and len(line.get_xdata()) == 1 for line in lines)
    assert sorted({float(line.get_xdata()[0]) for line in lines}) == [2001, 2003, 2016, 2020]
    plt.close(fig)


def test_agreement_figure_has_no_lines_across_k():
    table = pd.DataFrame({"k": [3, 4], "observed": [0.2, 0.3], "chance": [0.2, 0.2], "uniform": [1 / 3, 0.25],
                          "shuffled 95%": [0.3, 0.3]})
    fig = plot_agreement(table)
    assert all(line.get_linestyle() == "None" for line in fig.axes[0].get_lines())
    plt.close(fig)
