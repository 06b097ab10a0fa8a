"""The scale benchmark runs end to end (benchmarks/scale.py)."""
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

STAGES = ("load", "clean", "segment", "tokenise", "tfidf", "topics", "cache-cold", "cache-warm", "baseline")
LINE = re.compile(r"^(?P<stage>[\w-]+)\s+(?P<wall>[\d.]+) s\s+cpu\s+[\d.]+ s\s+peak\s+(?P<peak>[\d.]+) MB$")


@pytest.fixture(scope="module")
def real():
    return load_corpus(config.ROOT / "seeds", cache=False)


def test_benchmark_runs_on_a_small_folder(tmp_path, real):
    texts = tmp_path / "texts"
    texts.mkdir()
    paras = real.paragraphs.text.tolist()
    third = len(paras) // 3
    for i in range(3):
        (texts / f"text-{i}.txt").write_text("\n\n".join(paras[i * third:(i + 1) * third]), encoding="utf-8")
    (texts / "notes.md").write_text("not a text", encoding="utf-8")
    env = {**os.environ, "CI": "true", "ANALYSIS_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, str(config.ROOT / "benchmarks" / "scale.py"), "--texts", str(texts)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    found = {m["stage"]: m for m in map(LINE.match, lines) if m}
    assert set(found) == set(STAGES)
    assert all(float(m["wall"]) >= 0 and float(m["peak"]) > 0 for m in found.values())
    assert "# corpus: 3 texts" in done.stdout
    assert re.fullmatch(r"ratio=\d+\.\d\d", lines[-1])
    assert not (tmp_path / "cache").exists()     # the benchmark leaves the project's cache alone
    # the pipeline in the workers gives what the book's functions give in-process
    sentences = [[s for p in clean_text(f.read_text(encoding="utf-8")).paragraphs if p.kind == "text"
                  for s in split_sentences(p.text)] for f in sorted(texts.glob("*.txt"))]
    tokens = tokenize_documents(sentences)
    model = DistinctiveTerms().fit_tokens(pd.Index(range(3)), tokens)
    assert (f"# {sum(map(len, sentences)):,} sentences, {tokens.n_tokens:,} tokens, "
            f"{len(model.terms_):,} TF-IDF terms;") in done.stdout
    assert len(re.findall(r"^# run \d of 3: ", done.stdout, re.M)) == 3


def test_benchmark_rejects_an_empty_folder(tmp_path):
    done = subprocess.run([sys.executable, str(config.ROOT / "benchmarks" / "scale.py"), "--texts", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no .txt files" in done.stderr


def test_benchmark_rejects_a_repeat_below_one(tmp_path):
    done = subprocess.run([sys.executable, str(config.ROOT / "benchmarks" / "scale.py"), "--repeat", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--repeat must be at least 1" in done.stderr


def test_benchmark_names_a_missing_folder_and_a_file_that_is_not_utf8(tmp_path):
    script = str(config.ROOT / "benchmarks" / "scale.py")
    done = subprocess.run([sys.executable, script, "--texts", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no such folder" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks.".encode("latin-1"))
    done = subprocess.run([sys.executable, script, "--texts", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "latin1.txt: not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr
