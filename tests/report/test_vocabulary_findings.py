"""The vocabulary chapter's findings (analysis.report.vocabulary_findings)."""
import re

import pandas as pd
import pytest

from analysis.corpus.load import load_corpus
from analysis.methods.collocations import collocation_scores
from analysis.methods.vocabulary import DistinctiveTerms, TermStability, pairs, source_sentences
from analysis.methods.vocabulary_checks import DendrogramTest, LeaveOneOut, name_variants
from analysis.report.vocabulary_findings import dendrogram_verdict, group_sizes, us_spellings, vocabulary_findings


@pytest.fixture(scope="module")
def results():
    corpus = load_corpus()
    sentences = source_sentences(corpus)
    return dict(corpus=corpus, model=DistinctiveTerms().fit(sentences), stability=TermStability().fit(sentences),
                loo=LeaveOneOut().fit(sentences), test=DendrogramTest(n_permutations=30).fit(sentences),
                variants=name_variants(sentences), collocations=collocation_scores(sentences))


def _findings(r):
    c = r["corpus"]
    return vocabulary_findings(r["model"], r["stability"], c.sources["label"], c.sources, variants=r["variants"],
                               loo=r["loo"], test=r["test"], collocations=r["collocations"])


def test_findings_cite_tables_and_list_only_surviving_terms(results):
    text = _findings(results)
    for name in ("tbl-vocab-names", "tbl-vocab-loo", "tbl-vocab-robust", "tbl-vocab-collocations",
                 "fig-vocab-similarity", "fig-vocab-dendrogram-test", "fig-vocab-dendrogram"):
        assert f"`{name}`" in text
    survivors = results["loo"].survivors()
    labels = results["corpus"].sources["label"]
    line = text.split("\n")[1]
    for sid, label in labels.items():
        segment = line.split(f"{label}: ")[1].split(";")[0].split(". ")[0]
        listed = re.findall(r"\*([^*]+)\*", segment)
        assert listed and set(listed) <= set(survivors[sid]), (label, listed)
    # Kuzio's "russian" only stands out because Young never writes it: not a finding
    assert "*russian*" not in text.split("\n")[1]
    # a group of two texts is named as those texts
    assert '"group" is two texts (PONARS 2003, Ivanov 2020)' in text


def test_findings_type_no_number_by_hand(results):
    """Every number in the findings is one of the results, formatted: none is typed in the template."""
    r = results
    text = _findings(r)
    obs, test = r["test"].observed_, r["test"]
    ranked = pairs(r["model"].similarity())
    persp = r["corpus"].sources["perspective"]
    same = ranked[[persp[a] == persp[b] for a, b in zip(ranked.a, ranked.b)]].similarity.mean()
    cross = ranked[[persp[a] != persp[b] for a, b in zip(ranked.a, ranked.b)]].similarity.mean()
    us = r["variants"][r["variants"].token == "u.s."].groupby("source_id")["count"]
    firsts = r["collocations"][r["collocations"]["rank"] == 1]
    expected = {
        *map(str, us.max()), *map(str, us.sum()), *(f"{s:.1f}" for s in firsts.score),
        str(r["loo"].n), str(int((~r["loo"].table_.survives).sum())), str(len(r["loo"].table_)),
        f"{obs['lowest']:.2f}", f"{obs['highest']:.2f}", f"{obs['mean']:.3f}", f"{test.permuted_['mean'].mean():.3f}",
        f"{test.p_mean_:.3f}", f"{test.p_spread_:.3f}", f"{100 * test.same_split_:.0f}",
        f"{same:.2f}", f"{cross:.2f}", str(len(ranked.a.unique()) + 1),
    }
    # numbers in labels ("Kuzio 2001") and in markup are not results
    years = set(map(str, r["corpus"].sources["year"]))
    found = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", re.sub(r"\{numref\}`[^`]*`", "", text))) - years
    assert found and found <= expected, found - expected


def test_small_helpers():
    sources = pd.DataFrame({"perspective": ["R", "W", "W"], "label": ["a", "b", "c"]})
    assert group_sizes(sources) == 'the R "group" is one text (a); the W "group" is two texts (b, c)'
    assert us_spellings(pd.DataFrame(columns=["source_id", "token", "variant", "count"]), pd.Series({"a": "A"})) == ""
    assert dendrogram_verdict(None).startswith("With fewer than three sources")


def test_findings_for_two_sources():
    docs = pd.Series({"a": "The US and arms. Arms control.", "b": "The United States and gas."})
    sources = pd.DataFrame({"perspective": ["W", "R"], "label": ["A", "B"]}, index=["a", "b"])
    model = DistinctiveTerms().fit(docs)
    text = vocabulary_findings(model, TermStability(n=3).fit(docs), sources.label, sources,
                               variants=name_variants(docs), loo=None, test=None,
                               collocations=collocation_scores(docs))
    assert "With 2 sources no source can be left out" in text
    assert 'A writes "US" 1 of 1 times; B writes "United States" 1 of 1 times' in text
