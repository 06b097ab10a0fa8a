"""The command line: ``python -m analysis add-source | validate | export``.

Exit status: 0 on success, 1 for invalid input (a bad text, catalog entry,
manifest or seeds folder), 2 for a usage error (an unknown option, a missing
argument), 130 when interrupted (SIGINT or SIGTERM, handled alike). Errors are
one line each on standard error, starting with ``error:``, never a traceback,
with long values cut (:data:`MAX_LINE`); a failed command changes nothing.

>>> build_parser().prog
'python -m analysis'
"""
from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

PROG = "python -m analysis"

#: Longest error line printed; a longer one is cut with its length.
MAX_LINE = 400

MAIN_EPILOG = f"""\
The seeds folder is seeds/ in the project, or the folder named by the
environment variable ANALYSIS_SEEDS.

examples:
  {PROG} add-source speech.txt --title "State of the Union" \\
      --author "Joseph R. Biden" --published 2022-03-01 \\
      --outlet "The American Presidency Project" --role official --perspective Western
  {PROG} add-source --manifest new-sources.csv
  {PROG} validate
  {PROG} export tables/

After adding a source: `make book` notices the change in seeds/ and
re-executes every chapter; `make notebooks` refreshes the outputs stored in
the notebooks before committing.
"""

ADD_EPILOG = f"""\
The raw text is copied byte for byte into the seeds folder as
<year>-<name>-<title words>.txt, and a catalog entry is appended to
catalog.yaml (the existing text is kept as it is). The entry records the
SHA-256, the original file name, the date's precision (from its form) and
that the date was given by the user; the era is computed from the date when
the catalog is loaded. Without --id, the id is the author's surname (or the
outlet when the author is "unknown") and the year, e.g. biden-2022.

Nothing is written unless everything is valid: the file must be a regular
file outside the seeds folder, at most --max-size long, non-empty UTF-8 text
not already in the corpus (compared byte for byte, and again ignoring line
endings, a byte-order mark and surrounding whitespace), the date possible and
not in the future (a range must end by today), the id new. A manifest is
imported all or nothing.

Several add-source runs may be started at once: they take turns (a lock on
the catalog). If a run is interrupted (Ctrl-C or SIGTERM) it removes what it
wrote; if it is killed, the next add-source removes what it left before doing
anything else, and validate lists each file meanwhile.

manifest: a CSV file with a header line and one row per source; columns
  file,title,author,published,outlet,role,perspective (required) and url,id
  (optional; an empty cell means "not given"); file paths are relative to the
  manifest.

examples:
  {PROG} add-source speech.txt --title "Address on the State of the Union" \\
      --author "Joseph R. Biden" --published 2022-03-01 \\
      --outlet "The American Presidency Project" --role official --perspective Western
  {PROG} add-source --manifest new-sources.csv
"""

VALIDATE_EPILOG = f"""\
Checks the catalog (every field, date and id; every raw text exists, matches
its SHA-256, is UTF-8 and not empty), that no stray text file or leftover
temporary file is in the folder, that cleaning leaves prose in every source,
events.csv, and the prediction ledger. Prints every problem, one line each,
and exits with status 1 if there is any; otherwise prints one summary line.

example:
  {PROG} validate
  seeds/ OK: 5 sources, 9,000 words, 40 predictions
"""

EXPORT_EPILOG = f"""\
Writes one CSV file per table of the book (sources, cleaning report, text
statistics, and each chapter's tables whose module is present), creating
OUTDIR if needed. Every file is written atomically. Tables with one row per
source have source_id and source (the display label) columns. Other CSV files
already in OUTDIR are left as they are, and listed as not written.

tables: {{tables}}

example:
  {PROG} export tables/
  wrote tables/sources.csv (5 rows)
"""


class UsageError(Exception):
    """A command-line usage error (exit status 2)."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit status 2)."""

    def error(self, message):  # noqa: D401 - argparse API
        raise UsageError(f"{message} (see: {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis`` and its commands."""
    from analysis import config
    from analysis.cli.export import TABLES
    from analysis.corpus.catalog import PERSPECTIVES, ROLES

    fmt = argparse.RawDescriptionHelpFormatter
    parser = Parser(prog=PROG, formatter_class=fmt, epilog=MAIN_EPILOG,
                    description="Manage the book's sources and export its tables.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    add = commands.add_parser(
        "add-source", formatter_class=fmt, epilog=ADD_EPILOG,
        help="add a raw text (or a manifest of them) to seeds/ and the catalog",
        description="Add a raw text to the seeds folder and a validated entry to its catalog.")
    add.add_argument("file", nargs="?", metavar="FILE", help="the raw text (UTF-8)")
    add.add_argument("--manifest", metavar="CSV", help="add every source listed in a CSV manifest")
    add.add_argument("--title", help="the text's title (required with FILE)")
    add.add_argument("--author", help='the author, or "unknown" (never guessed) (required with FILE)')
    add.add_argument("--published", metavar="DATE",
                     help="publication date: YYYY, YYYY-MM, YYYY-MM-DD or START/END (required with FILE)")
    add.add_argument("--outlet", help="where it was published (required with FILE)")
    add.add_argument("--url", help="web address (optional)")
    add.add_argument("--role", help=f"the author's role: {' | '.join(ROLES)} (required with FILE)")
    add.add_argument("--perspective", help=f"the author's perspective: {' | '.join(PERSPECTIVES)} (required with FILE)")
    add.add_argument("--id", help="catalog id (default: surname or outlet and year, e.g. biden-2022)")
    add.add_argument("--max-size", metavar="SIZE", default=None,
                     help=f"largest raw text accepted, e.g. 200MB (default "
                          f"{config.MAX_SOURCE_BYTES // 10**6}MB)")
    add.set_defaults(run=run_add_source)

    val = commands.add_parser(
        "validate", formatter_class=fmt, epilog=VALIDATE_EPILOG,
        help="check all of seeds/: catalog, texts, prediction ledger",
        description="Check the seeds folder and print every problem.")
    val.set_defaults(run=run_validate)

    exp = commands.add_parser(
        "export", formatter_class=fmt, epilog=EXPORT_EPILOG.replace("{tables}", ", ".join(TABLES)),
        help="write the book's tables as CSV files",
        description="Write the book's tables as CSV files into OUTDIR.")
    exp.add_argument("outdir", metavar="OUTDIR", help="folder for the CSV files (created if missing)")
    exp.add_argument("--table", action="append", metavar="NAME",
                     help="only this table (repeatable; names below); default: every available table")
    exp.set_defaults(run=run_export)
    return parser


# --------------------------------------------------------------------------- commands

SPEC_OPTIONS = ("title", "author", "published", "outlet", "url", "role", "perspective", "id")
REQUIRED_OPTIONS = ("title", "author", "published", "outlet", "role", "perspective")


def run_add_source(args, out, err) -> int:
    from analysis import config
    from analysis.cli.sources import SourceSpec, add_sources, parse_size, read_manifest

    max_bytes = None
    if args.max_size is not None:
        try:
            max_bytes = parse_size(args.max_size)
        except ValueError as exc:
            raise UsageError(f"--max-size: {exc}") from None
    if args.manifest and args.file:
        raise UsageError("give either FILE or --manifest, not both (see: "
                         f"{PROG} add-source --help)")
    if args.manifest:
        given = [f"--{o}" for o in SPEC_OPTIONS if getattr(args, o) is not None]
        if given:
            raise UsageError(f"{', '.join(given)} cannot be used with --manifest: "
                             "put the values in the manifest's columns")
        specs = read_manifest(Path(args.manifest), shown_as=args.manifest)
    else:
        if not args.file:
            raise UsageError(f"give the FILE to add, or --manifest CSV (see: {PROG} add-source --help)")
        missing = [f"--{o}" for o in REQUIRED_OPTIONS if getattr(args, o) in (None, "")]
        if missing:
            raise UsageError(f"the following arguments are required: {', '.join(missing)} "
                             f"(see: {PROG} add-source --help)")
        specs = [SourceSpec(Path(args.file), shown_as=args.file,
                            **{o: getattr(args, o) for o in SPEC_OPTIONS})]
    seeds = config.seeds_dir()
    added = add_sources(specs, seeds, max_bytes=max_bytes,
                        on_note=lambda note: print(f"note: {note}", file=err))
    for item in added:
        e = item.entry
        print(f"added {e['id']}: {seeds.name}/{e['file']} ({item.words:,} words after cleaning, "
              f"{e['published']}, sha256 {e['sha256'][:12]}…)", file=out)
    print(f"{seeds.name}/catalog.yaml: {len(added)} entr{'y' if len(added) == 1 else 'ies'} appended; "
          f"next: {PROG} validate", file=out)
    return 0


def run_validate(args, out, err) -> int:
    from analysis.cli.validate import validate_seeds

    report = validate_seeds()
    for problem in report.problems:
        print(problem, file=out)
    print(report.summary(), file=out)
    return 0 if report.ok else 1


def run_export(args, out, err) -> int:
    from analysis.cli.export import TABLES, export_tables
    from analysis.corpus.catalog import shorten
    from analysis.corpus.load import load_corpus

    if not args.outdir.strip():
        raise UsageError("OUTDIR is empty: name the folder for the CSV files, e.g. tables/")
    outdir = Path(args.outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InvalidInput([f"{shorten(args.outdir, 200)}: exists and is not a folder"])
    if outdir.parent.exists() and not outdir.parent.is_dir():
        raise InvalidInput([f"{shorten(args.outdir, 200)}: {outdir.parent} is not a folder"])
    unknown = [n for n in args.table or [] if n not in TABLES]
    if unknown:
        raise UsageError(f"unknown table(s): {shorten(', '.join(unknown), 200)}; "
                         f"known: {', '.join(TABLES)}")
    corpus = load_corpus()

    def show(path: Path, frame) -> None:
        shown = Path(args.outdir) / path.name
        print(f"wrote {shown} ({len(frame):,} rows)", file=out, flush=True)

    written = export_tables(outdir, corpus, names=args.table, on_write=show)
    kept = sorted(p.name for p in outdir.glob("*.csv") if p not in set(written.values()))
    if kept:
        print(f"not written (left as they were): {', '.join(str(Path(args.outdir) / n) for n in kept)}",
              file=out)
    return 0


class InvalidInput(Exception):
    """Invalid input (exit status 1); ``problems`` are printed one per line."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None, *, out=None, err=None) -> int:
    """Run the command line; returns the exit status (never raises for bad input)."""
    out = out or sys.stdout
    err = err or sys.stderr
    with _sigterm_as_interrupt():
        return _main(argv, out, err)


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """SIGTERM raises KeyboardInterrupt, as SIGINT does, so a command cleans up alike."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


INTERRUPTED = {"add-source": "interrupted; nothing was added",
               "export": "interrupted; only the files listed above were written",
               "validate": "interrupted"}


def _cut(line: str) -> str:
    line = " ".join(str(line).split()) if str(line).strip() else str(line)
    return line if len(line) <= MAX_LINE else f"{line[:MAX_LINE - 1]}… ({len(line):,} characters)"


def _main(argv, out, err) -> int:
    from analysis.cli.journal import InterruptedAfterAdding

    command = None
    try:
        parser = build_parser()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
        command = getattr(args, "command", None)
        if not command:
            parser.print_help(out)
            return 2
        return args.run(args, out, err)
    except UsageError as exc:
        print(_cut(f"error: {exc}"), file=err)
        return 2
    except SystemExit as exc:  # --help, or argparse exiting by itself
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except InterruptedAfterAdding as exc:
        print(f"error: interrupted after the catalog was written: {', '.join(exc.ids)} "
              f"added; check with {PROG} validate", file=err)
        return 130
    except KeyboardInterrupt:
        print(f"error: {INTERRUPTED.get(command, 'interrupted')}", file=err)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line, no traceback, for any failure
        problems = getattr(exc, "problems", None)
        if problems is None:
            from analysis.cli.export import Unavailable
            if isinstance(exc, Unavailable):
                problems = [str(exc)]
            elif isinstance(exc, OSError):
                name = exc.filename if exc.filename else ""
                problems = [f"{name}: {exc.strerror}" if name and exc.strerror else str(exc)]
            else:
                problems = [f"{type(exc).__name__}: {exc}"]
        for problem in problems:
            print(_cut(f"error: {problem}"), file=err)
        return 1


# --------------------------------------------------------------------------- transcripts (for the book)


def transcript(args: list[str], *, seeds: Path, cwd: Path, width: int = 88) -> str:
    """Run ``python -m analysis ARGS`` in a child process on another seeds folder and
    return a terminal-like transcript: the command, its output, its exit status.

    The command line is shown with ``$`` and wrapped at ``width`` with ``\\``;
    standard error follows standard output. Used by the chapter on adding a
    source to show the real command at work.
    """
    import os
    import shlex
    import subprocess

    from analysis import config

    env = {**os.environ, "ANALYSIS_SEEDS": str(seeds),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(config.ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)
    words, quoted = [PROG], [shlex.quote(a) for a in args]
    i = 0
    while i < len(quoted):  # keep each option with its value
        if quoted[i].startswith("--") and i + 1 < len(quoted) and not quoted[i + 1].startswith("--"):
            words.append(f"{quoted[i]} {quoted[i + 1]}")
            i += 2
        else:
            words.append(quoted[i])
            i += 1
    lines, line = [], "$"
    for word in words:
        if len(line) + 1 + len(word) > width - 2 and line.strip() not in ("$",):
            lines.append(line + " \\")
            line = "   "
        line += " " + word
    lines.append(line)
    output = (proc.stdout + proc.stderr).rstrip("\n")
    return "\n".join(lines + ([output] if output else []) + [f"[exit status {proc.returncode}]"])
