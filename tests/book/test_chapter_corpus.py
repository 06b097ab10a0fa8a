"""The corpus chapter runs for another catalog: the book's sources and a sixth added with the command line."""
from conftest import outputs_text

from analysis import config
from analysis.corpus.catalog import load_catalog


def test_corpus_chapter_runs_for_another_catalog(chapter_run, six_sources):
    titles = load_catalog(six_sources["seeds"] / "catalog.yaml")["title"]
    text = outputs_text(chapter_run(config.BOOK / "01-corpus.ipynb"))
    assert titles.iloc[0] in text
    assert titles.iloc[-1] in text
