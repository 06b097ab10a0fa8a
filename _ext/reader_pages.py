"""A Sphinx extension that writes the annotated reader's pages and resolves its links.

* At ``config-inited`` (before sphinx-external-toc reads ``_toc.yml`` and
  lists the files to build), one MyST page per catalog source is written into
  ``book/reader/`` (git-ignored) by
  :func:`analysis.report.reader.write_reader_pages`; ``_toc.yml`` takes them
  with a ``glob:`` entry, so a new source gets its page by itself. A page is
  rewritten only when its text changed, and pages of sources no longer in the
  catalog are removed.
* When the set of reader pages changed, the page holding the glob is re-read,
  so an incremental build lists a new page in the table of contents.
* Role ``{anchor}`label``` puts an inline target (a Sphinx label) anywhere,
  e.g. in a ledger table's cell; ``{ref}`` links to it are checked.
* Role ``{ledger-row}`row-id``` links to the target ``ledger-<row id>``; while
  no page defines it, the link goes to the ledger's page
  (:data:`analysis.config.LEDGER_PAGE`) instead of failing the build.
* ``_static/reader.css`` styles highlighted quotes, voices and paragraph numbers.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The page whose toctree globs the reader's pages.
READER_INDEX = "book/annotated-texts"


def _write_pages(app, config):
    from analysis import config as settings
    from analysis.corpus.load import load_corpus
    from analysis.report.reader import write_reader_pages

    paths = write_reader_pages(load_corpus(), Path(app.srcdir))
    logger.info("[reader] %d pages in %s", len(paths), settings.READER_DIR)


def _reread_index(app, env, added, changed, removed):
    from analysis import config as settings

    prefix = settings.READER_DIR + "/"
    if any(name.startswith(prefix) for name in set(added) | set(removed)):
        return [READER_INDEX]
    return []


def anchor_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """An inline target: ``{anchor}`ledger-kuzio-2001-p01``` (a label others ``{ref}``)."""
    label = text.strip()
    target = nodes.target("", "", ids=[nodes.make_id(label)], names=[label])
    inliner.document.note_explicit_target(target, target)
    return [target], []


def ledger_row_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A link to a ledger row's target, ``ledger-<row id>``, shown as the row id."""
    row_id = text.strip()
    ref = addnodes.pending_xref("", nodes.inline(row_id, row_id, classes=["reader-row"]),
                                refdomain="std", reftype="ref", reftarget=f"ledger-{row_id}",
                                refexplicit=True, refwarn=True, reader_ledger=True)
    return [ref], []


def _ledger_fallback(app, env, node, contnode):
    if not node.get("reader_ledger"):
        return None
    from analysis import config as settings

    page = settings.LEDGER_PAGE
    if page not in env.all_docs:
        return None
    ref = nodes.reference("", "", internal=True, classes=["reader-ledger-page"],
                          refuri=app.builder.get_relative_uri(node["refdoc"], page))
    ref.append(contnode)
    return ref


def setup(app):
    app.connect("config-inited", _write_pages, priority=100)  # sphinx-external-toc parses at 900
    app.connect("env-get-outdated", _reread_index)
    app.connect("missing-reference", _ledger_fallback)
    app.add_role("anchor", anchor_role)
    app.add_role("ledger-row", ledger_row_role)
    app.add_css_file("reader.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
