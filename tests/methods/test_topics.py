"""Tests for analysis.methods.topics and topic_models: models, coherence, stability, matching, the sweep and its cache."""
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.corpus.text import stem
from analysis.methods import topic_models, topics
from analysis.methods.topics import (
    TopicModel,
    TopicSweep,
    document_terms,
    group_topics,
    jaccard_matrix,
    k_candidates,
    match_topics,
    matched_similarity,
    npmi,
    robustness,
    source_topics,
    stability,
    topic_table,
    umass,
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Every sweep of these tests caches into a fresh folder."""
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))


SPORT = "football goal match team score league coach player stadium referee".split()
COOKING = "recipe oven bake flour sugar butter salt dough kitchen chef".split()
FILLER = "today people really think good".split()


def planted_corpus(n_per_theme=12, seed=0):
    """Segments that each draw 12 words from one theme and 3 from a shared filler list."""
    rng = np.random.default_rng(seed)
    texts, themes = [], []
    for theme, vocab in (("sport", SPORT), ("cooking", COOKING)):
        for _ in range(n_per_theme):
            words = list(rng.choice(vocab, 12)) + list(rng.choice(FILLER, 3))
            texts.append(" ".join(words))
            themes.append(theme)
    return texts, themes


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_planted_themes_are_recovered(method):
    texts, themes = planted_corpus()
    model = TopicModel(2, method=method, n_top=5, max_df=1.0).fit(texts)
    theme_words = {"sport": set(SPORT), "cooking": set(COOKING)}
    found = {}
    for theme, vocab in theme_words.items():
        overlap = [len(set(words) & vocab) for words in model.top_words_]
        best = int(np.argmax(overlap))
        assert overlap[best] >= 4, (theme, model.top_words_)
        found[theme] = best
    assert found["sport"] != found["cooking"]
    dominant = model.doc_topic_.argmax(axis=1)
    for theme, topic in found.items():
        assert all(dominant[i] == topic for i, t in enumerate(themes) if t == theme)
    assert np.allclose(model.doc_topic_.sum(axis=1), 1)
    assert np.allclose(model.components_.sum(axis=1), 1)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_same_seed_same_topics(method):
    texts, _ = planted_corpus(seed=3)
    a = TopicModel(3, method=method, random_state=7, max_df=1.0).fit(texts)
    b = TopicModel(3, method=method, random_state=7, max_df=1.0).fit(texts)
    assert a.top_terms_ == b.top_terms_
    assert np.array_equal(a.doc_topic_, b.doc_topic_)
    assert a.labels_ == b.labels_


def test_labels_are_number_and_top_three_words_and_topics_ordered_by_size():
    texts, _ = planted_corpus()
    texts = texts[:12] + texts[12:16]  # sport is now the larger theme
    model = TopicModel(2, method="nmf", max_df=1.0).fit(texts)
    assert model.labels_[0] == "1 " + " / ".join(model.top_words_[0][:3])
    assert set(model.top_words_[0][:5]) <= set(SPORT) | set(FILLER)
    shares = model.doc_topic_.mean(axis=0)
    assert shares[0] >= shares[1]


def test_surface_forms_are_shown():
    texts = ["Talks about relations", "The relations and talks", "Oil prices", "Oil prices rose"]
    model = TopicModel(2, method="nmf", min_df=2, max_df=1.0).fit(texts)
    assert "relat" in {t for terms in model.top_terms_ for t in terms}
    assert "relations" in {w for words in model.top_words_ for w in words}


def test_document_terms_drops_rare_and_ubiquitous_terms():
    dt = document_terms(["russia oil", "russia gas", "russia oil gas", "russia wheat"], min_df=2, max_df=0.75)
    assert list(dt.terms) == ["gas", "oil"]   # wheat is in 1 document, russia in 4 of 4 > 75%


def test_npmi_by_hand():
    # documents x terms: term0 in {0,1}, term1 in {0,2}, term2 in {0,1,2}
    X = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 0]])
    n = 4
    p0, p1, p2 = 2 / n, 2 / n, 3 / n
    p01, p02, p12 = 1 / n, 2 / n, 2 / n
    expected = [
        (math.log(p01 / (p0 * p1)) / -math.log(p01)
         + math.log(p02 / (p0 * p2)) / -math.log(p02)
         + math.log(p12 / (p1 * p2)) / -math.log(p12)) / 3,
    ]
    assert npmi([[0, 1, 2]], X) == pytest.approx(expected)


def test_npmi_edge_cases():
    X = np.array([[1, 0, 1], [0, 1, 1]])
    # never together -> -1; always together (P = 1) only for a term with itself in every document
    assert npmi([[0, 1]], X).tolist() == [-1.0]
    X2 = np.array([[1, 1], [1, 1]])
    assert npmi([[0, 1]], X2).tolist() == [1.0]


def test_umass_by_hand():
    X = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 1]])
    # ranking 2, 0, 1: D(2)=4, D(0)=2, D(1)=2; D(0,2)=2, D(1,2)=2, D(1,0)=1
    expected = (math.log((2 + 1) / 4) + math.log((2 + 1) / 4) + math.log((1 + 1) / 2)) / 3
    assert umass([[2, 0, 1]], X)[0] == pytest.approx(expected)


def test_coherence_prefers_planted_topics():
    texts, _ = planted_corpus()
    dt = document_terms(texts, max_df=1.0)
    sport, cooking = [stem(w) for w in SPORT], [stem(w) for w in COOKING]
    good = topics.coherence([sport[:5], cooking[:5]], dt)
    mixed = topics.coherence([sport[:3] + cooking[:2], cooking[:3] + sport[:2]], dt)
    assert good.mean() > mixed.mean()


def test_jaccard_and_hungarian_matching():
    a = [["x", "y", "z"], ["p", "q", "r"], ["k", "l", "m"]]
    # identical lists pair perfectly
    same = match_topics(a, a)
    assert same["a"].tolist() == [0, 1, 2] and same["b"].tolist() == [0, 1, 2]
    assert same["jaccard"].tolist() == [1.0, 1.0, 1.0]
    # a permutation is undone
    perm = match_topics(a, [a[2], a[0], a[1]])
    assert dict(zip(perm["a"], perm["b"])) == {0: 1, 1: 2, 2: 0}
    # by hand: {x,y,z} vs {x,y,w} = 2/4
    assert jaccard_matrix([["x", "y", "z"]], [["x", "y", "w"]])[0, 0] == 0.5


def test_hungarian_beats_greedy():
    # greedy would pair topic 0 with b0 (0.5) and leave topic 1 with b1 (0);
    # the assignment pairs 0-b1 (1/3) and 1-b0 (1/3): total 2/3 > 1/2
    a = [["x", "y"], ["x", "z"]]
    b = [["x", "y", "z"], ["y", "w"]]
    sim = jaccard_matrix(a, b)
    assert sim.round(3).tolist() == [[0.667, 0.333], [0.667, 0.0]]
    matched = match_topics(a, b)
    assert dict(zip(matched["a"], matched["b"])) == {0: 1, 1: 0}
    assert matched_similarity(a, b) == pytest.approx((1 / 3 + 2 / 3) / 2)


def test_stability_by_hand_and_unequal_k():
    runs = [[["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]], [["a", "b"], ["c", "e"]]]
    # pairs: (1 + 1) / 2, (1 + 1/3) / 2, (1/3 + 1) / 2
    assert stability(runs) == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    assert len(match_topics([["a"], ["b"], ["c"]], [["b"], ["a"]])) == 2
    assert math.isnan(stability(runs[:1]))


def test_k_is_capped_by_the_number_of_segments():
    assert k_candidates(range(3, 13), 14, 100) == [3, 4, 5, 6, 7]
    assert k_candidates(range(3, 13), 4, 100) == [2]
    with pytest.raises(ValueError):
        k_candidates(range(3, 13), 3, 100)


def test_source_and_group_mix_are_word_weighted():
    model = SimpleNamespace(doc_topic_=np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]), labels_=["1 a", "2 b"])
    segments = pd.DataFrame({"source_id": ["s", "s", "t"], "words": [300, 100, 200]})
    sources = pd.DataFrame({"label": ["S", "T", "U"], "perspective": ["W", "W", "R"]}, index=["s", "t", "u"])
    mix = source_topics(model, segments, sources)
    assert mix.loc["s"].tolist() == [0.75, 0.25]
    assert mix.loc["t"].tolist() == [0.5, 0.5]
    assert mix.loc["u"].isna().all()
    groups = group_topics(model, segments, sources, "perspective")
    # W: (300 * 1 + 100 * 0 + 200 * 0.5) / 600 = 2/3
    assert list(groups.index) == ["W (2)"]
    assert groups.loc["W (2)", "1 a"] == pytest.approx(2 / 3)


def _planted_frame():
    texts, themes = planted_corpus()
    segments = pd.DataFrame({"source_id": ["s1"] * 6 + ["s2"] * 6 + ["s3"] * 6 + ["s4"] * 6,
                             "segment": list(range(1, 7)) * 4, "text": texts,
                             "words": [15] * len(texts)})
    sources = pd.DataFrame({"label": ["S1", "S2", "S3", "S4"], "era": ["e1", "e1", "e2", "e2"],
                            "role": ["academic"] * 4, "perspective": ["Western", "Russian"] * 2},
                           index=["s1", "s2", "s3", "s4"])
    return segments, sources


def test_sweep_is_deterministic_and_quiet_and_robustness_holds(capsys):
    segments, sources = _planted_frame()
    a = TopicSweep(range(2, 5), seeds=(0, 1, 2), max_df=1.0, n_top=5).fit(segments["text"])
    b = TopicSweep(range(2, 5), seeds=(0, 1, 2), max_df=1.0, n_top=5).fit(segments["text"])
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(a.summary_, b.summary_)
    assert a.best_k_ == b.best_k_
    assert set(a.summary_["method"]) == {"nmf", "lda"}
    assert len(a.scores_) == 2 * 3 * 3
    table = a.table()
    assert table["chosen"].tolist().count("yes") == 1
    rob = robustness(a, segments, sources, k=2)
    assert list(rob.columns[:2]) == ["source", "dominant topic"]
    # the planted themes survive a change of model and of seed; at k = 3 one theme splits in two,
    # so a source may lose its match there, and is then not robust
    assert (rob["LDA, k=2"] == "same").all() and (rob["other seeds"] == "2/2").all()
    assert rob["robust"].tolist() == ["yes" if s == "same" else "no" for s in rob["NMF, k=3"]]


def test_topic_table_quotes_a_passage_of_the_topic():
    segments, sources = _planted_frame()
    model = TopicModel(2, method="nmf", n_top=5, max_df=1.0).fit(segments["text"])
    tab = topic_table(model, segments, sources, width=60)
    assert len(tab) == 2
    assert tab["% of words"].sum() == pytest.approx(100, abs=0.2)
    for words, passage in zip(tab["top words"], tab["representative passage"]):
        vocab = set(SPORT) if set(words.split(", ")) & set(SPORT) else set(COOKING)
        quote = passage.split("”")[0]
        assert len(quote) <= 61
        assert sum(w in vocab for w in quote.strip("“…").split()) >= 5


def test_analyse_is_the_one_definition_of_a_term_of_the_topic_models():
    dt = document_terms(["Talks on arms control", "The talks went on"], min_df=1, max_df=1.0)
    assert topic_models.analyse("Talks on arms control") == ["talk", "arm", "control"]
    assert list(dt.terms) == sorted({*topic_models.analyse("Talks on arms control"),
                                     *topic_models.analyse("The talks went on")})


def test_a_model_restored_from_its_record_is_the_fitted_model():
    texts, _ = planted_corpus()
    fitted = TopicModel(2, method="lda", max_df=1.0).fit(texts)
    back = TopicModel.from_record(fitted.to_record(), fitted.document_terms_, 2, method="lda", max_df=1.0)
    assert back.top_terms_ == fitted.top_terms_ and back.labels_ == fitted.labels_
    assert np.array_equal(back.doc_topic_, fitted.doc_topic_)
    assert back.components_ is None and back.converged_ == fitted.converged_


def _count_fits(monkeypatch):
    calls = []
    real = topic_models.TopicModel.fit

    def counting(self, texts, y=None):
        calls.append((self.method, self.n_topics, self.random_state))
        return real(self, texts, y)

    monkeypatch.setattr(topic_models.TopicModel, "fit", counting)
    return calls


def test_second_sweep_reads_the_cache_and_a_change_of_input_fits_again(monkeypatch):
    segments, _ = _planted_frame()
    texts = segments["text"].tolist()
    calls = _count_fits(monkeypatch)
    first = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(texts)
    assert len(calls) == 2 * 2 * 2 and not first.from_cache_          # methods x k x seeds
    second = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(texts)
    assert len(calls) == 8 and second.from_cache_                       # nothing fitted again
    pd.testing.assert_frame_equal(first.summary_, second.summary_)
    pd.testing.assert_frame_equal(first.scores_, second.scores_)
    assert second.best_k_ == first.best_k_
    assert second.model("lda").labels_ == first.model("lda").labels_
    assert np.array_equal(second.model("nmf").doc_topic_, first.model("nmf").doc_topic_)
    # another text: another matrix, fitted again
    changed = TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0).fit(texts[:-1] + [texts[0]])
    assert len(calls) == 16 and not changed.from_cache_
    # another setting of the sweep (a third seed): fitted again
    more = TopicSweep(range(2, 4), seeds=(0, 1, 2), max_df=1.0).fit(texts)
    assert len(calls) == 16 + 2 * 2 * 3 and not more.from_cache_
    # no cache: always fitted
    TopicSweep(range(2, 4), seeds=(0, 1), max_df=1.0, cache=False).fit(texts)
    assert len(calls) == 16 + 12 + 8


def test_the_cache_key_follows_the_code_version(monkeypatch):
    segments, _ = _planted_frame()
    sweep = TopicSweep(range(2, 3), seeds=(0,), methods=("nmf",), max_df=1.0).fit(segments["text"])
    key = sweep.cache_key()
    monkeypatch.setattr(topics, "code_version", lambda: "another version")
    assert sweep.cache_key() != key


def test_sweep_defaults_are_the_chapters_settings():
    full = config.topic_sweep_settings("full")
    assert full == {"k_values": range(3, 13), "seeds": (0, 1, 2, 3, 4), "methods": ("nmf", "lda"),
                    "n_top": 10, "min_df": 2, "max_df": 0.5, "select_by": "nmf"}
    sweep = TopicSweep()
    assert {name: getattr(sweep, name) for name in full} == full
    small = config.topic_sweep_settings("small")
    assert small["k_values"] == range(3, 6) and small["seeds"] == (0, 1)
    assert {k: v for k, v in small.items() if k not in ("k_values", "seeds")} == {
        k: v for k, v in full.items() if k not in ("k_values", "seeds")}


def test_sweep_size_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ANALYSIS_TOPIC_SWEEP", "small")
    assert config.topic_sweep_settings()["seeds"] == (0, 1)
    assert config.topic_size_settings()["sizes"] == (60, 120)
    monkeypatch.setenv("ANALYSIS_TOPIC_SWEEP", "huge")
    with pytest.raises(ValueError, match="ANALYSIS_TOPIC_SWEEP must be one of"):
        config.topic_sweep_settings()
    with pytest.raises(ValueError, match="sweep size must be one of"):
        config.topic_sweep_settings("tiny")


def test_bad_sweep_settings_fail_with_one_clear_error():
    with pytest.raises(ValueError, match="methods must be"):
        TopicSweep(methods=("pca",)).fit(["a b"] * 6)
    with pytest.raises(ValueError, match="select_by must be"):
        TopicSweep(methods=("nmf",), select_by="lda").fit(["a b"] * 6)
