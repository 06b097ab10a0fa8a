"""A Sphinx extension that keeps the built site self-contained and its console clean.

* Jupyter Book always loads sphinx-thebe, which registers its configuration
  script twice (a JavaScript "already declared" error on every page) and
  points at a CDN; live code is not used in this book, so those scripts are
  dropped from every page.
* The theme's colour mode gets an explicit default, so the theme does not
  report an invalid (empty) mode in the console.
"""
from __future__ import annotations


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


def _default_mode(app, config):
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


def setup(app):
    app.connect("config-inited", _default_mode)
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
