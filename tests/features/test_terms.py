"""Token ids and term counts (analysis/terms.py)."""
from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.corpus.text import STOP_WORDS, stem
from analysis.features.terms import Tokens, count_terms, encode_documents, sentence_tokens, tokenize_documents


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


@pytest.fixture(scope="module")
def documents(real):
    docs = [list(group.text) for _, group in real.sentences.groupby("source_id", sort=False)]
    return docs + [[], ["The of."], ["Arms.", "", "Arms control talks."], ["Russia's U.S. policy, in 2020."]]


class Terms:
    """The reference analyzer: a document's terms one by one, for ``CountVectorizer``.

    Per sentence, per run of adjacent content words: its words, then its
    n-grams by size.
    """

    def __init__(self, stemmed: bool, ngram_range: tuple[int, int]):
        self.stemmed, self.ngram_range = stemmed, ngram_range

    def __call__(self, doc: list[str]) -> list[str]:
        lo, hi = self.ngram_range
        out = []
        for sentence in doc:
            run = []
            for tok in sentence_tokens(sentence) + [""]:
                if len(tok) > 1 and tok not in STOP_WORDS:
                    run.append(stem(tok) if self.stemmed else tok)
                    continue
                for size in range(lo, hi + 1):
                    out.extend(" ".join(run[i:i + size]) for i in range(len(run) - size + 1))
                run = []
        return out


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
    counts, terms, words = count_terms(tokenize_documents(documents), **params)
    ref = CountVectorizer(analyzer=Terms(params["stem"], params["ngram_range"]), min_df=params["min_df"])
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
    tokens = tokenize_documents([["The arms control talks of the Soviet Union.", "Union talks."]])
    counts, terms, _ = count_terms(tokens)
    found = dict(zip(terms, counts.toarray()[0].tolist()))
    assert found["arm control"] == 1 and found["control talk"] == 1 and found["soviet union"] == 1
    assert "talk soviet" not in found            # "of the" lies between them
    assert "union union" not in found            # a sentence end lies between them
    assert found["union"] == 2 and found["talk"] == 2


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
