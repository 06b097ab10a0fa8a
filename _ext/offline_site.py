"""A Sphinx extension that keeps the built site self-contained and its console clean.

* Jupyter Book always loads sphinx-thebe, which registers its configuration
  script twice (a JavaScript "already declared" error on every page) and
  points at a CDN; live code is not used in this book, so those scripts are
  dropped from every page.
* The theme's colour mode gets an explicit default, so the theme does not
  report an invalid (empty) mode in the console.
* Formulas are typeset by MathJax 3, served from the site itself: the copy
  that ships inside the ``django-static-mathjax`` package (static files
  only) is copied into ``_static/mathjax`` (Sphinx would otherwise load
  MathJax from a CDN).
* When the PDF edition has been built (``make pdf``), it is copied into the
  site and the front page links to it.
* Pages with an interactive Bokeh view (the term explorer) load BokehJS from
  the site: the file that ships inside the ``bokeh`` package is copied into
  ``_static/bokeh`` and added to those pages only.
* The book's tables are written as CSV into the site's ``data/`` folder by
  ``python -m analysis export``, so pages can link them. The export runs in
  the background while the notebooks execute; its output is kept in
  ``_build/data`` with a fingerprint of ``seeds/`` and ``analysis/`` and is
  made again only when those change.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path


def _pdf_path(app) -> Path | None:
    documents = app.config.latex_documents or []
    if not documents:
        return None
    name = Path(documents[0][1]).with_suffix(".pdf").name
    return Path(app.outdir).parent / "latex" / name


def _pdf_link(app, pagename, templatename, context, doctree):
    pdf = _pdf_path(app)
    if app.builder.format != "html" or pagename != app.config.root_doc or not pdf or not pdf.is_file():
        return
    href = context["pathto"](pdf.name, 1)
    context["body"] += (f'<p class="pdf-edition"><a class="reference download" href="{href}" '
                        f'download>Download the PDF edition of this book</a></p>')


def _pdf_outdated(app, env, added, changed, removed):
    pdf = _pdf_path(app)
    return [app.config.root_doc] if pdf and pdf.is_file() and app.builder.format == "html" else []


def _copy_pdf(app, exception):
    pdf = _pdf_path(app)
    if exception is None and app.builder.format == "html" and pdf and pdf.is_file():
        shutil.copy2(pdf, Path(app.outdir) / pdf.name)


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files", [])
    kept, seen = [], set()
    for script in scripts:
        filename = getattr(script, "filename", str(script)) or ""
        body = getattr(script, "attributes", {}).get("body", "")
        if "thebe" in filename or "THEBE_JS_URL" in body:
            continue
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


MATHJAX_DIR = "mathjax"


def _local_mathjax(app, config):
    config.mathjax_path = f"{MATHJAX_DIR}/tex-chtml.js"


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the django-static-mathjax package: MathJax 3 as static files

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = Path(app.outdir) / "_static" / MATHJAX_DIR
    if not (target / "tex-chtml.js").is_file():
        shutil.copytree(source, target, dirs_exist_ok=True)


def _default_mode(app, config):
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


# --------------------------------------------------------------------------- BokehJS

def _bokeh_js() -> Path:
    from bokeh.util.paths import bokehjs_path
    return Path(bokehjs_path()) / "js" / "bokeh.min.js"


def _bokeh_name() -> str:
    import bokeh
    return f"bokeh/bokeh-{bokeh.__version__}.min.js"


def _add_bokeh(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if app.builder.format == "html" and "Bokeh.embed" in body:
        app.add_js_file(_bokeh_name())


def _copy_bokeh(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / _bokeh_name()
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_bokeh_js(), target)


# --------------------------------------------------------------------------- CSV downloads

DATA_DIR = "data"


def _inputs_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for folder in ("seeds", "analysis"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _start_export(app):
    if app.builder.format != "html":
        return
    root = Path(app.srcdir)
    store = Path(app.outdir).parent / DATA_DIR
    stamp = store / ".inputs.sha256"
    fingerprint = _inputs_hash(root)
    app._csv_export = (store, stamp, fingerprint, None)
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    if store.exists():
        shutil.rmtree(store)
    process = subprocess.Popen([sys.executable, "-m", "analysis", "export", str(store)], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    app._csv_export = (store, stamp, fingerprint, process)


def _finish_export(app, exception):
    state = getattr(app, "_csv_export", None)
    if state is None or exception is not None:
        return
    store, stamp, fingerprint, process = state
    if process is not None:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"python -m analysis export failed:\n{output[-2000:]}")
        stamp.write_text(fingerprint)
    target = Path(app.outdir) / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    for csv in store.glob("*.csv"):
        shutil.copy2(csv, target / csv.name)


def setup(app):
    app.connect("builder-inited", _start_export)
    app.connect("build-finished", _finish_export)
    app.connect("html-page-context", _add_bokeh)
    app.connect("build-finished", _copy_bokeh)
    app.connect("config-inited", _default_mode)
    app.connect("config-inited", _local_mathjax, priority=900)
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _pdf_link)
    app.connect("env-get-outdated", _pdf_outdated)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
