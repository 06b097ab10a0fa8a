"""Tests for analysis.report.parameters and the Methods page that shows its table."""
from __future__ import annotations

import ast
import re

import pytest
from IPython.display import Markdown

from analysis.config import BOOK
from analysis.corpus import clean, stats
from analysis.corpus import text as segment
from analysis.features import chunks as segments
from analysis.forecasts import detect
from analysis.forecasts import scale as predictions
from analysis.methods import collocations, topics, vocabulary
from analysis.methods import contrast as compare
from analysis.report import parameters
from analysis.report.parameters import default, format_value, parameter_table

PAGE = BOOK / "methods.md"


@pytest.fixture(scope="module")
def table():
    return parameter_table()


def value(table, where: str) -> str:
    rows = table[table["where"] == where]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows["value"].iloc[0]


# --------------------------------------------------------------------------- the table

def test_columns_and_no_missing_values(table):
    assert table.columns.tolist() == ["step", "parameter", "value", "where"]
    assert len(table) >= 60
    assert table.notna().all().all()
    for col in table.columns:
        assert (table[col].map(lambda v: isinstance(v, str) and v.strip() != "")).all(), col
    # one row per (where, parameter): nothing listed twice
    assert not table.duplicated(["where", "parameter"]).any()


def test_values_equal_the_module_constants(table):
    assert value(table, "corpus.stats.MTLD_THRESHOLD") == "0.72" == format_value(stats.MTLD_THRESHOLD)
    assert value(table, "corpus.clean.VERSION") == clean.VERSION
    assert value(table, "corpus.text.VERSION") == segment.VERSION
    assert value(table, "corpus.text.ABBREVIATIONS") == str(len(segment.ABBREVIATIONS)) == "71"
    assert value(table, "methods.contrast.PRIOR_SCALE") == "500" == format_value(compare.PRIOR_SCALE)
    assert value(table, "methods.contrast.PERIOD_SPLIT_YEAR") == str(compare.PERIOD_SPLIT_YEAR) == "2014"
    assert value(table, "features.chunks.MIN_WORDS") == str(segments.MIN_WORDS) == "100"
    assert value(table, "features.chunks.MAX_WORDS") == str(segments.MAX_WORDS) == "200"
    assert value(table, "forecasts.detect.CUES") == str(len(detect.CUES))
    assert value(table, "forecasts.scale.HEDGE_BANDS") == str(len(predictions.HEDGE_BANDS))
    assert value(table, "forecasts.ledger.RECORD_DATE") == "2025-12-31"
    assert value(table, "methods.vocabulary.MAIN_SETTING") == vocabulary.MAIN_SETTING


def test_stop_words_split_into_sklearn_list_and_additions(table):
    base = int(value(table, "corpus.text.ENGLISH_STOP_WORDS"))
    total = table[(table["where"] == "corpus.text.STOP_WORDS") & (table["parameter"] == "stop words in all")]
    added = table[(table["where"] == "corpus.text.STOP_WORDS") & table["parameter"].str.startswith("stop words added")]
    n_added = len(added["value"].iloc[0].split(", "))
    assert base == 318
    assert int(total["value"].iloc[0]) == len(segment.STOP_WORDS) == base + n_added
    assert "don't" in added["value"].iloc[0]


def test_values_equal_the_signature_defaults(table):
    model = vocabulary.DistinctiveTerms()
    assert value(table, "methods.vocabulary.DistinctiveTerms(sublinear_tf)") == "yes" and model.sublinear_tf
    assert value(table, "methods.vocabulary.DistinctiveTerms(smooth_idf)") == "yes" and model.smooth_idf
    assert value(table, "methods.vocabulary.DistinctiveTerms(norm)") == model.norm == "l2"
    assert value(table, "methods.vocabulary.DistinctiveTerms(min_df)") == str(model.min_df)
    assert value(table, "methods.vocabulary.DistinctiveTerms(ngram_range)") == "1-2"
    assert value(table, "methods.vocabulary.TermStability(n)") == str(vocabulary.TermStability().n)
    assert value(table, "methods.vocabulary.linkage_matrix(method)") == "average"
    c = collocations.Collocations()
    assert value(table, "methods.collocations.Collocations(measure)") == c.measure == "likelihood_ratio"
    assert value(table, "methods.collocations.Collocations(min_freq)") == str(c.min_freq)
    assert value(table, "methods.collocations.kwic(window)") == "6"
    sweep = topics.TopicSweep()
    assert value(table, "methods.topics.TopicSweep(k_values)") == "3-12" == format_value(sweep.k_values)
    assert value(table, "methods.topics.TopicSweep(seeds)") == "0, 1, 2, 3, 4"
    assert value(table, "methods.topics.TopicSweep(select_by)") == sweep.select_by
    assert value(table, "methods.topics.TopicSweep(max_df)") == format_value(sweep.max_df)
    assert value(table, "forecasts.detect.ForecastDetector(window)") == str(detect.ForecastDetector().window)
    assert value(table, "forecasts.scoring.brier_interval(n_boot)") == "2000"
    assert value(table, "forecasts.scoring.wilson_interval(z)") == "1.96"
    assert value(table, "forecasts.scoring.brier_score") == "0.25"


def test_scale_bands_and_midpoints(table):
    bands = table[table["where"] == "forecasts.scale.SCALE"]
    assert len(bands) == len(predictions.SCALE)
    for (band, mid), (_, row) in zip(predictions.BANDS.items(), bands.iterrows()):
        assert f"'{band}'" in row["parameter"]
        assert float(row["value"]) == mid


def test_table_follows_the_code(monkeypatch):
    """A changed constant shows up in the table: it is read, not copied."""
    monkeypatch.setattr(compare, "PRIOR_SCALE", 123.0)
    monkeypatch.setattr(segments, "MIN_WORDS", 80)
    t = parameter_table()
    assert value(t, "methods.contrast.PRIOR_SCALE") == "123"
    assert value(t, "features.chunks.MIN_WORDS") == "80"


def test_default_reads_signatures_and_refuses_missing_defaults():
    assert default(compare.top_terms, "n") == 15
    with pytest.raises(ValueError):
        default(compare.keyness, "target")
    with pytest.raises(KeyError):
        default(compare.keyness, "no_such_argument")


def test_format_value():
    assert format_value(False) == "no"
    assert format_value(0.875) == "0.875"
    assert format_value(range(2, 3)) == "2-2"
    assert format_value(("nmf", "lda")) == "nmf, lda"
    assert parameters._span((2, 2)) == "2"


# --------------------------------------------------------------------------- the page

def code_cells(text: str) -> list[str]:
    """The sources of the ``{code-cell}`` blocks of a MyST page, option lines removed."""
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, flags=re.M | re.S)
    return ["\n".join(ln for ln in cell.splitlines() if not ln.startswith(":")) for cell in cells]


def run_cell(source: str):
    """Execute a cell like a notebook kernel: the value of its last expression."""
    tree = ast.parse(source)
    namespace: dict = {}
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None


def test_page_front_matter_and_title():
    text = PAGE.read_text(encoding="utf-8")
    assert text.startswith("---\nfile_format: mystnb\n")
    assert "name: python3" in text.split("---")[1]
    assert "(ch-methods)=\n# Methods\n" in text
    assert "{bibliography}" not in text  # the book has one References page


def test_page_code_cell_renders_the_table():
    cells = code_cells(PAGE.read_text(encoding="utf-8"))
    assert len(cells) == 1
    shown = run_cell(cells[0])
    assert isinstance(shown, Markdown)
    assert shown.data.startswith(":::{table} Every parameter the analysis uses.\n:name: tbl-methods-parameters")
    assert "| step | parameter | value | where |" in shown.data
    assert shown.data.count("\n| ") == len(parameter_table()) + 1  # header + one line per row


def test_page_cites_known_keys_and_labels():
    text = PAGE.read_text(encoding="utf-8")
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M))
    cited = {k.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text) for k in group.split(",")}
    assert cited and cited <= keys, cited - keys
    labels = set()
    for path in BOOK.iterdir():
        if path.suffix in (".md", ".ipynb"):
            labels |= set(re.findall(r"\((ch-[\w-]+)\)=", path.read_text(encoding="utf-8")))
    refs = set(re.findall(r"\{ref\}`([^`]+)`", text))
    assert refs <= labels, refs - labels
    assert "tbl-methods-parameters" in re.findall(r"\{numref\}`([^`]+)`", text)


def test_page_math_is_balanced():
    """Every inline ``$`` is paired and every ``$$`` block is closed (MyST dollar math)."""
    text = PAGE.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    assert prose.count("$$") % 2 == 0
    for line in prose.replace("$$", "").splitlines():
        assert line.count("$") % 2 == 0, line
