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
"""
from __future__ import annotations

import shutil
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


def setup(app):
    app.connect("config-inited", _default_mode)
    app.connect("config-inited", _local_mathjax, priority=900)
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _pdf_link)
    app.connect("env-get-outdated", _pdf_outdated)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
