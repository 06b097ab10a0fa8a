"""The scale benchmark runs end to end, and the speed-ups behind it change no output."""
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from analysis import paths, segment
from analysis.clean import _squash, word_count
from analysis.corpus import load_corpus
from analysis.segment import SurfaceForms

STAGES = ("load", "clean", "segment", "tokenise", "tfidf", "topics", "cache-cold", "cache-warm", "baseline")
LINE = re.compile(r"^(?P<stage>[\w-]+)\s+(?P<wall>[\d.]+) s\s+cpu\s+[\d.]+ s\s+peak\s+(?P<peak>[\d.]+) MB$")


@pytest.fixture(scope="module")
def real():
    return load_corpus(paths.ROOT / "seeds", cache=False)


def test_benchmark_runs_on_a_small_folder(tmp_path, real):
    texts = tmp_path / "texts"
    texts.mkdir()
    paras = real.paragraphs.text.tolist()
    third = len(paras) // 3
    for i in range(3):
        (texts / f"text-{i}.txt").write_text("\n\n".join(paras[i * third:(i + 1) * third]), encoding="utf-8")
    (texts / "notes.md").write_text("not a text", encoding="utf-8")
    env = {**os.environ, "CI": "true", "ANALYSIS_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "scale.py"), "--texts", str(texts)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    found = {m["stage"]: m for m in map(LINE.match, lines) if m}
    assert set(found) == set(STAGES)
    assert all(float(m["wall"]) >= 0 and float(m["peak"]) > 0 for m in found.values())
    assert "# corpus: 3 texts" in done.stdout
    assert re.fullmatch(r"ratio=\d+\.\d\d", lines[-1])
    assert not (tmp_path / "cache").exists()     # the benchmark leaves the project's cache alone


def test_benchmark_rejects_an_empty_folder(tmp_path):
    done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "scale.py"), "--texts", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no .txt files" in done.stderr


# --------------------------------------------------------------------------- same output, faster

def test_tokenize_equals_nltk_regexp_tokenizer(real):
    def reference(text):
        text = segment._US.sub(" u.s. ", text.translate(segment._APOSTROPHE))
        return segment._WORDS.tokenize(text.lower())

    samples = list(real.sentences.text) + ["Ünïcödé words, ² and ½, naïve café’s U.S.-made", "US’ role; ‘quoted’"]
    assert [segment.tokenize(s) for s in samples] == [reference(s) for s in samples]


def test_ascii_letters_are_the_same_in_both_engines():
    import regex
    letters = regex.compile(r"[^\W\d_]")
    assert [c for c in map(chr, range(128)) if letters.match(c)] == [
        c for c in map(chr, range(128)) if c.isascii() and c.isalpha()]


def test_split_sentences_equals_plain_punkt(real):
    plain = PunktSentenceTokenizer(segment._PARAMS)
    for text in real.paragraphs.text:
        assert segment.split_sentences(text) == [s.strip() for s in plain.tokenize(text) if s.strip()]


def test_content_tokens_equal_the_token_loop(real):
    for text in real.sentences.text:
        expected = [t[:-2] if t.endswith("'s") else t for t in segment.tokenize(text)]
        expected = [t for t in expected if len(t) > 1 and t not in segment.STOP_WORDS]
        assert segment.content_tokens(text) == expected


def test_surface_forms_keep_first_occurrence_order():
    forms = SurfaceForms().fit(["talks", "talked", "russia", "talks"])
    assert list(forms.counts_) == ["talk", "russia"]
    assert list(forms.counts_["talk"].items()) == [("talks", 2), ("talked", 1)]


@pytest.mark.parametrize("text", ["", "  ", "a b", "--", "-- a", "a--b c", "x\u00a0y\u2003z", "_ __",
                                  "² ½", "e\u0301 !", "U.S.-Russian ties – 2 steps"])
def test_word_count_and_squash_equal_their_definitions(text):
    assert word_count(text) == sum(1 for w in text.split() if re.search(r"\w", w))
    assert _squash(text) == re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- vectorised TF-IDF counts

@pytest.mark.parametrize("params", [
    {"stem": True, "ngram_range": (1, 2), "min_df": 1},
    {"stem": False, "ngram_range": (1, 1), "min_df": 1},
    {"stem": True, "ngram_range": (2, 3), "min_df": 2},
    {"stem": False, "ngram_range": (1, 3), "min_df": 2},
])
def test_count_terms_equals_count_vectorizer(real, params):
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.vocabulary import STOP_WORDS, _Terms, count_terms, sentence_tokens
    docs = [[sentence_tokens(s) for s in group.text] for _, group in real.sentences.groupby("source_id")]
    docs += [[], [["the", "of"]], [["arms"], [], ["arms", "control", "talks"]]]
    counts, terms, token_counts = count_terms(docs, **params)
    ref = CountVectorizer(analyzer=_Terms(params["stem"], params["ngram_range"], STOP_WORDS),
                          min_df=params["min_df"])
    expected = ref.fit_transform(docs).tocsr()
    assert list(terms) == list(ref.get_feature_names_out())
    assert type(counts) is type(expected) and counts.shape == expected.shape
    for attr in ("data", "indices", "indptr"):      # same values, same storage order
        got, want = getattr(counts, attr), getattr(expected, attr)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    assert list(token_counts.items()) == list(Counter(t for d in docs for s in d for t in s).items())


def test_count_terms_rejects_an_empty_vocabulary():
    from analysis.vocabulary import count_terms
    with pytest.raises(ValueError, match="empty vocabulary"):
        count_terms([[["the", "of"]]])


# --------------------------------------------------------------------------- worker processes

@pytest.fixture
def always_parallel(monkeypatch):
    from analysis import corpus
    monkeypatch.setattr(corpus, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setenv("ANALYSIS_WORKERS", "2")


def test_map_texts_keeps_order_in_workers(always_parallel):
    from analysis.corpus import in_parallel, map_texts
    texts = [" ".join(["word"] * i) for i in range(60)]
    assert in_parallel(len(texts), 0)
    assert map_texts(word_count, texts) == list(range(60))


def test_tokenise_documents_in_workers_equals_in_process(real, always_parallel):
    from analysis.vocabulary import sentence_tokens, tokenise_documents
    docs = [list(group.text) for _, group in real.sentences.groupby("source_id")] + [[], ["2020."]]
    assert tokenise_documents(docs) == [[sentence_tokens(s) for s in doc] for doc in docs]


def test_load_corpus_in_workers_equals_in_process(real, always_parallel):
    parallel = load_corpus(paths.ROOT / "seeds", cache=False)
    for name in ("paragraphs", "sentences", "removed", "raw_words"):
        assert getattr(parallel, name).equals(getattr(real, name))
    assert parallel.metadata == real.metadata
