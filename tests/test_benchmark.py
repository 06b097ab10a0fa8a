"""The scale benchmark runs end to end, in both shapes (benchmarks/scale.py)."""
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis import config
from analysis.corpus.clean import clean_text
from analysis.corpus.load import load_corpus
from analysis.corpus.text import split_sentences
from analysis.features.terms import tokenize_documents
from analysis.methods.vocabulary import DistinctiveTerms

#: The stage lines of a run of both shapes, in order.
STAGES = ("load", "workers", "process", "tokenise", "tfidf", "topics", "cache-cold", "cache-warm", "baseline",
          "workers", "process", "tokenise", "tfidf", "baseline")
LINE = re.compile(r"^(?P<stage>[\w-]+)\s+(?P<wall>[\d.]+) s\s+cpu\s+(?P<cpu>[\d.]+) s\s+peak\s+(?P<peak>[\d.]+) MB$")
SCRIPT = str(config.ROOT / "benchmarks" / "scale.py")


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def _expected_summary(shape: str, documents: list[str]) -> str:
    """The summary line of a shape, from the book's functions run in-process."""
    sentences = [[s for p in clean_text(doc).paragraphs if p.kind == "text" for s in split_sentences(p.text)]
                 for doc in documents]
    tokens = tokenize_documents(sentences)
    model = DistinctiveTerms().fit_tokens(pd.Index(range(len(documents))), tokens)
    return (f"# {shape}: {len(documents):,} documents, {sum(map(len, sentences)):,} sentences, "
            f"{tokens.n_tokens:,} tokens, {len(model.terms_):,} TF-IDF terms")


def test_benchmark_runs_both_shapes_on_a_small_folder(tmp_path, real):
    texts = tmp_path / "texts"
    texts.mkdir()
    paras = real.paragraphs.text.tolist()
    third = len(paras) // 3
    for i in range(3):
        (texts / f"text-{i}.txt").write_text("\n\n".join(paras[i * third:(i + 1) * third]), encoding="utf-8")
    (texts / "notes.md").write_text("not a text", encoding="utf-8")
    env = {**os.environ, "CI": "true", "ANALYSIS_CACHE": str(tmp_path / "cache"), "ANALYSIS_WORKERS": "2"}
    done = subprocess.run([sys.executable, SCRIPT, "--texts", str(texts), "--repeat", "1"],
                          capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    found = [m for m in map(LINE.match, lines) if m]
    assert tuple(m["stage"] for m in found) == STAGES
    assert all(float(m["wall"]) >= 0 and float(m["cpu"]) >= 0 and float(m["peak"]) > 0 for m in found)
    assert "# corpus: 3 texts" in done.stdout and "2 workers" in lines[0]
    assert not (tmp_path / "cache").exists()     # the benchmark leaves the project's cache alone
    # the pipeline in the workers gives what the book's functions give in-process, in both shapes
    files = [f.read_text(encoding="utf-8") for f in sorted(texts.glob("*.txt"))]
    assert _expected_summary("texts", files) in done.stdout
    blocks = [b for f in files for b in f.split("\n\n") if b.strip()]
    assert len(blocks) == len(paras) - (len(paras) - 3 * third)
    assert _expected_summary("paragraphs", blocks) in done.stdout
    for shape in ("texts", "paragraphs"):
        assert len(re.findall(rf"^# {shape} run 1 of 1: workers ", done.stdout, re.M)) == 1
    ratios = [float(m) for m in re.findall(r"^ratio (?:texts|paragraphs)=(\d+\.\d\d)$", done.stdout, re.M)]
    assert len(ratios) == 2 and lines[-1] == f"ratio={max(ratios):.2f}"


def test_benchmark_runs_one_shape_when_asked(tmp_path, real):
    (tmp_path / "a.txt").write_text("\n\n".join(real.paragraphs.text.tolist()[:12]), encoding="utf-8")
    done = subprocess.run([sys.executable, SCRIPT, "--texts", str(tmp_path), "--split", "paragraphs",
                           "--repeat", "1", "--no-cache"],
                          capture_output=True, text=True, env={**os.environ, "CI": "true"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "# shape: paragraphs" in done.stdout and "# shape: texts" not in done.stdout
    assert "# paragraphs: 12 documents" in done.stdout and "topics " not in done.stdout


def test_benchmark_rejects_an_empty_folder(tmp_path):
    done = subprocess.run([sys.executable, SCRIPT, "--texts", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no .txt files" in done.stderr


def test_benchmark_rejects_a_repeat_below_one(tmp_path):
    done = subprocess.run([sys.executable, SCRIPT, "--repeat", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--repeat must be at least 1" in done.stderr


def test_benchmark_names_a_missing_folder_and_a_file_that_is_not_utf8(tmp_path):
    script = SCRIPT
    done = subprocess.run([sys.executable, script, "--texts", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no such folder" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks.".encode("latin-1"))
    done = subprocess.run([sys.executable, script, "--texts", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "latin1.txt: not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr
