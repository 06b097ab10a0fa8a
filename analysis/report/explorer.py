"""The term explorer: a log-odds view where every term can be hovered and clicked.

Each point is a term (a stem, shown by its most frequent surface word), at
its frequency in the whole corpus (x, log scale) and its log-odds z-score
in one contrast (y; :func:`analysis.methods.contrast.log_odds`). Hovering a
point shows the term's count in every source; clicking it lists its
keyword-in-context lines in every source
(:func:`analysis.methods.collocations.kwic`), each linked to its paragraph
in the annotated texts (:func:`text_anchor`). A menu switches between the
contrasts.

The view is drawn with Bokeh. Its JavaScript is not embedded: the page
loads BokehJS from the site itself (the book's Sphinx extension copies the
file out of the ``bokeh`` package into ``_static``), so nothing is fetched
from another host. The PDF shows a static figure of the first contrast
instead (:meth:`TermExplorer._repr_mimebundle_` carries both an HTML and a
PNG version; HTML builders prefer the first, LaTeX the second).

>>> counts = pd.DataFrame({"war": [3, 1], "peac": [1, 3]}, index=["a", "b"])
>>> z = {"a vs b": pd.DataFrame({"z": [1.6, -1.6], "freq": [4, 4]}, index=["war", "peac"])}
>>> terms = explorer_terms(counts, z, {"a": "A 2001", "b": "B 2020"}, words={"peac": "peace"})
>>> terms[["word", "freq", "A 2001", "B 2020", "z: a vs b"]].values.tolist()
[['peace', 4, 1, 3, -1.6], ['war', 4, 3, 1, 1.6]]
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from analysis import config
from analysis.methods.collocations import kwic
from analysis.methods.contrast import stem_counts
from analysis.report.reader import paragraph_url

#: Colours of the two sides of a contrast and of a term used equally by both (z = 0).
SIDE_COLOURS = ("#1f5fa8", "#b2412e", "#b8b8b8")

#: The |z| of the dashed reference lines: a conventional value drawn for orientation, not a
#: test (the z-score is model-based evidence about these texts' counts); no colour depends on it.
Z_THRESHOLD = config.Z_REFERENCE


# --------------------------------------------------------------------------- links

def text_anchor(sources: pd.DataFrame, from_docname: str = "book/explorer") -> Callable[[str, int], str]:
    """The link maker of the context lines: ``(source_id, para)`` -> the URL of that paragraph
    in the source's annotated text (:func:`analysis.report.reader.paragraph_url`), relative
    to the page ``from_docname``. This is the one place that knows the link target.

    >>> cat = pd.DataFrame({"date": [pd.Timestamp("2001-11-12")]}, index=["kuzio-2001"])
    >>> text_anchor(cat)("kuzio-2001", 3)
    'reader/2001-11-kuzio-2001.html#kuzio-2001-para-3'
    """
    def anchor(source_id: str, para: int) -> str:
        return paragraph_url(source_id, int(para), sources, from_docname)
    return anchor


# --------------------------------------------------------------------------- data

def explorer_terms(counts: pd.DataFrame, contrasts: Mapping[str, pd.DataFrame], labels: Mapping,
                   *, words: Mapping | None = None, min_freq: int = 1) -> pd.DataFrame:
    """One row per term: its word, total count, count per source and z in every contrast.

    Parameters
    ----------
    counts : DataFrame
        Documents x terms counts (:func:`analysis.methods.contrast.count_matrix`).
    contrasts : mapping
        Contrast name -> a log-odds result indexed by term with a ``z``
        column (:func:`analysis.methods.contrast.log_odds`); other columns
        are ignored. A term missing from a contrast gets ``z = 0``.
    labels : mapping
        Source id -> display label (the per-source columns' names).
    words : mapping, optional
        Term -> the word shown (default the term itself).
    min_freq : int
        Terms with fewer occurrences in the corpus are left out.

    Returns
    -------
    DataFrame
        Indexed by term: ``word, freq``, one count column per source and
        ``z: <contrast>`` per contrast (rounded to 3), most frequent first
        (ties alphabetical).

    Examples
    --------
    >>> m = pd.DataFrame({"war": [2, 0], "talk": [0, 1]}, index=["a", "b"])
    >>> explorer_terms(m, {}, {"a": "A", "b": "B"}, min_freq=2).index.tolist()
    ['war']
    """
    words = words or {}
    freq = counts.sum().astype(int)
    freq = freq[freq >= min_freq]
    order = sorted(freq.index, key=lambda t: (-int(freq[t]), t))
    frame = pd.DataFrame({"word": [str(words.get(t, t)) for t in order],
                          "freq": [int(freq[t]) for t in order]}, index=pd.Index(order, name="term"))
    for sid in counts.index:
        frame[str(labels.get(sid, sid))] = counts.loc[sid].reindex(order).fillna(0).astype(int).values
    for name, result in contrasts.items():
        frame[f"z: {name}"] = result["z"].reindex(order).fillna(0.0).astype(float).round(3).values
    return frame


def explorer_contexts(sentences: pd.DataFrame, terms, labels: Mapping, *, window: int = 6,
                      max_lines: int = 12,
                      anchor: Callable[[str, int], str | None] = lambda source_id, para: None) -> pd.DataFrame:
    """Keyword-in-context lines of each term in every source.

    ``sentences`` has ``source_id, para, text`` (the corpus's sentences in
    reading order); a term's lines come from
    :func:`analysis.methods.collocations.kwic` on each source's sentences,
    the first ``max_lines`` per source kept. Returns ``term, source_id,
    source, para, left, match, right, href, hits`` (``hits``: all the lines
    found in that source; ``href``: ``anchor(source_id, para)``, e.g. :func:`text_anchor`).

    A sentence is searched when the term is among its
    :func:`analysis.methods.contrast.stem_counts` (the terms the contrasts
    count), together with the sentences either side of it, so the context
    may run across a sentence end.

    >>> s = pd.DataFrame({"source_id": ["a", "a"], "para": [1, 2],
    ...                   "text": ["Sanctions hurt.", "New sanctions came."]})
    >>> explorer_contexts(s, ["sanction"], {"a": "A"}, window=1, anchor=lambda s, p: None)[
    ...     ["source", "para", "left", "match", "right", "hits"]].values.tolist()
    [['A', 1, '', 'Sanctions', 'hurt.', 2], ['A', 2, 'New', 'sanctions', 'came.', 2]]
    """
    cols = ["term", "source_id", "source", "para", "left", "match", "right", "href", "hits"]
    wanted = set(terms)
    found: dict[tuple[str, str], list] = {}
    for sid, part in sentences.groupby("source_id", sort=False):
        texts, paras = list(part["text"]), [int(p) for p in part["para"]]
        for k, text in enumerate(texts):
            for term in sorted(wanted.intersection(stem_counts(text))):
                # the sentence with its neighbours, so the context may run across sentence ends
                lo = max(0, k - 1)
                lines = kwic(texts[lo:k + 2], term, window=window)
                for line in lines[lines["sentence"] == k - lo].itertuples():
                    found.setdefault((term, sid), []).append(
                        (term, sid, str(labels.get(sid, sid)), paras[k], line.left, line.match,
                         line.right, anchor(sid, paras[k])))
    rows = []
    for term in terms:
        for sid in sentences["source_id"].unique():
            lines = found.get((term, sid), [])
            rows += [line + (len(lines),) for line in lines[:max_lines]]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- page pieces

def tooltip_html(sources: list[str]) -> str:
    """The hover template: the term, its z and total, and its count in each source (``@s<k>``).

    >>> print(tooltip_html(["A", "B<"]))
    <div class="te-tip"><b>@word</b> (z = @z{0.00}; @freq in all)<br><span class="te-count">A: <b>@s0</b></span><span class="te-count">B&lt;: <b>@s1</b></span></div>
    """
    counts = "".join(f'<span class="te-count">{html.escape(s)}: <b>@s{k}</b></span>'
                     for k, s in enumerate(sources))
    return f'<div class="te-tip"><b>@word</b> (z = @z{{0.00}}; @freq in all)<br>{counts}</div>'


def context_lines(contexts: pd.DataFrame, terms, sources: list[str]) -> dict:
    """The KWIC lines in a compact form for the page's script.

    Returns ``{"lines": [...], "hits": [...], "links": {...}}``: for each
    term (in the order of ``terms``) a list of ``[source index, paragraph,
    left, match, right]``; per term the number of lines found in each
    source; and the link of each ``"<source index>:<paragraph>"`` that has
    one.

    >>> c = pd.DataFrame({"term": ["war"], "source": ["B"], "para": [4], "left": ["a"], "match": ["war"],
    ...                   "right": ["b"], "href": ["texts/b.html#b-p4"], "hits": [1]})
    >>> context_lines(c, ["war", "peac"], ["A", "B"])
    {'lines': [[[1, 4, 'a', 'war', 'b']], []], 'hits': [[0, 1], [0, 0]], 'links': {'1:4': 'texts/b.html#b-p4'}}
    """
    index = {s: k for k, s in enumerate(sources)}
    by_term = {t: part for t, part in contexts.groupby("term", sort=False)}
    lines, hits, links = [], [], {}
    for term in terms:
        part = by_term.get(term)
        if part is None:
            lines.append([])
            hits.append([0] * len(sources))
            continue
        part = part[part["source"].isin(index)]
        lines.append([[index[r.source], int(r.para), r.left, r.match, r.right] for r in part.itertuples()])
        per = part.groupby("source")["hits"].first()
        hits.append([int(per.get(s, 0)) for s in sources])
        for r in part.itertuples():
            if r.href:
                links[f"{index[r.source]}:{int(r.para)}"] = r.href
    return {"lines": lines, "hits": hits, "links": links}


def side_colours(z: pd.Series) -> list[str]:
    """A colour per term: the side it leans to (no threshold: the distribution is shown whole).

    >>> side_colours(pd.Series([3.0, 0.5, 0.0, -2.5]))
    ['#1f5fa8', '#1f5fa8', '#b8b8b8', '#b2412e']
    """
    return [SIDE_COLOURS[0] if v > 0 else SIDE_COLOURS[1] if v < 0 else SIDE_COLOURS[2] for v in z]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stable_ids(text: str, prefix: str = "te") -> str:
    """Replace Bokeh's random element and document ids by numbered ones, in order of appearance.

    A notebook's stored output then reproduces exactly when it is run again.

    >>> stable_ids("a 0b9c3e2a-1111-4222-8333-944445555666 b 0b9c3e2a-1111-4222-8333-944445555666")
    'a te-id-1 b te-id-1'
    """
    seen: dict[str, str] = {}
    return _UUID.sub(lambda m: seen.setdefault(m.group(0), f"{prefix}-id-{len(seen) + 1}"), text)


# --------------------------------------------------------------------------- the view

class TermExplorer:
    """The interactive view of :func:`explorer_terms` and :func:`explorer_contexts`.

    Parameters
    ----------
    terms : DataFrame
        From :func:`explorer_terms` (columns ``z: <name>`` name the contrasts).
    contexts : DataFrame
        From :func:`explorer_contexts`.
    sides : mapping
        Contrast name -> (name of the positive side, name of the negative side).
    sources : list of str
        The per-source count columns of ``terms``, in the order shown.
    element_id : str
        Prefix of the page elements' ids (one explorer per id).

    The notebook displays the object: on the site the Bokeh view, in the
    PDF a static PNG of the first contrast (the ``n_label`` terms of highest
    and lowest z labelled).
    """

    def __init__(self, terms: pd.DataFrame, contexts: pd.DataFrame, sides: Mapping[str, tuple],
                 sources: list[str], *, element_id: str = "term-explorer", n_label: int = 8):
        self.contrasts = [c[3:] for c in terms.columns if str(c).startswith("z: ")]
        if not self.contrasts:
            raise ValueError("the explorer needs at least one contrast (a 'z: <name>' column)")
        missing = [c for c in self.contrasts if c not in sides]
        if missing:
            raise ValueError(f"no side names for the contrast(s): {', '.join(missing)}")
        self.terms, self.contexts, self.sides = terms, contexts, dict(sides)
        self.sources, self.element_id, self.n_label = list(sources), element_id, n_label

    # ---- data for the page
    def columns(self) -> dict[str, list]:
        """The data of the Bokeh ColumnDataSource: one entry per term."""
        t = self.terms
        first = f"z: {self.contrasts[0]}"
        data = {"term": list(t.index), "word": list(t["word"]), "freq": [int(v) for v in t["freq"]],
                "z": list(t[first]), "colour": side_colours(t[first])}
        for k, source in enumerate(self.sources):
            data[f"s{k}"] = [int(v) for v in t[source]]
        for k, name in enumerate(self.contrasts):
            data[f"z{k}"] = list(t[f"z: {name}"])
            data[f"c{k}"] = side_colours(t[f"z: {name}"])
        return data

    def figure(self):
        """The Bokeh figure: the scatter with hover and tap tools."""
        from bokeh.models import ColumnDataSource, CustomJS, HoverTool, TapTool
        from bokeh.plotting import figure

        source = ColumnDataSource(self.columns(), name=f"{self.element_id}-terms")
        fig = figure(x_axis_type="log", height=460, sizing_mode="stretch_width",
                     tools="pan,wheel_zoom,box_zoom,reset", toolbar_location="above",
                     x_axis_label="frequency in the corpus (log scale)",
                     y_axis_label=self._y_label(0), name=f"{self.element_id}-figure")
        points = fig.scatter("freq", "z", source=source, size=8, color="colour", alpha=0.75,
                             line_color=None, nonselection_alpha=0.35, selection_line_color="black",
                             selection_line_width=2)
        top = max(int(self.terms["freq"].max()), 1) * 1.3
        for level in (Z_THRESHOLD, -Z_THRESHOLD):
            fig.line([0.8, top], [level, level], line_dash="dashed", color="#999999", line_width=1)
        fig.add_tools(HoverTool(renderers=[points], tooltips=tooltip_html(self.sources)))
        fig.add_tools(TapTool(renderers=[points]))
        source.selected.js_on_change("indices", CustomJS(code=(
            f"const show = window[{json.dumps(self.element_id + '-show')}];"
            "const i = cb_obj.indices[0]; if (show && i !== undefined) show(i);")))
        return fig

    def _y_label(self, k: int) -> str:
        i, j = self.sides[self.contrasts[k]]
        return f"log-odds z:  + {i}   |   − {j}"

    def html(self) -> str:
        """The page fragment: a menu of contrasts, a term finder, the view and the context panel."""
        from bokeh.embed import components

        script, div = components(self.figure())
        eid = self.element_id
        options = "".join(f'<option value="{k}">{html.escape(name)}</option>'
                          for k, name in enumerate(self.contrasts))
        labels = json.dumps([self._y_label(k) for k in range(len(self.contrasts))])
        words = "".join(f'<option value="{html.escape(w)}"></option>' for w in self.terms["word"])
        controls = (
            f'<div class="te-controls"><label>Contrast <select id="{eid}-contrast">{options}</select></label> '
            f'<label>Find a term <input id="{eid}-find" list="{eid}-words" size="18" '
            f'placeholder="type a word"></label><datalist id="{eid}-words">{words}</datalist></div>')
        panel = (f'<div id="{eid}-contexts" class="te-contexts" aria-live="polite">'
                 '<p class="te-hint">Hover over a term to see its counts in each source; click it '
                 '(or find it by name) to read its contexts here.</p></div>')
        data = json.dumps({"sources": self.sources, "words": list(self.terms["word"]),
                           **context_lines(self.contexts, list(self.terms.index), self.sources)},
                          ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        glue_js = (f"<script>window[{json.dumps(eid + '-data')}] = {data};</script>"
                   f"<script>({_PAGE_JS})({json.dumps(eid)}, {labels});</script>")
        body = f'<div class="term-explorer" id="{eid}" data-interactive="bokeh">{controls}{div}{panel}</div>'
        return stable_ids(body + script + glue_js, prefix=eid)

    # ---- static version, for the PDF
    def png(self) -> bytes:
        """A static PNG of the first contrast, for print."""
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        matplotlib.rcParams["svg.hashsalt"] = "explorer"
        t = self.terms
        z = t[f"z: {self.contrasts[0]}"]
        fig = Figure(figsize=(9, 5.5))
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.scatter(t["freq"], z, s=10, c=side_colours(z), lw=0)
        ax.set_xscale("log")
        ranked = z.sort_values(ascending=False, kind="stable")
        labelled = list(ranked.head(self.n_label).index) + list(ranked.iloc[::-1].head(self.n_label).index)
        for k, term in enumerate(dict.fromkeys(labelled)):
            ax.annotate(t.loc[term, "word"], (t.loc[term, "freq"], z[term]), fontsize=8,
                        xytext=(4, 3 - 6 * (k % 2)), textcoords="offset points")
        for level in (Z_THRESHOLD, -Z_THRESHOLD):
            ax.axhline(level, color="0.7", lw=0.6, ls="--")
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_xlabel("frequency in the corpus (log scale)")
        ax.set_ylabel(self._y_label(0))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(),
                "image/png": base64.b64encode(self.png()).decode("ascii"),
                "text/plain": f"Term explorer: {len(self.terms)} terms, "
                              f"{len(self.contrasts)} contrasts, {len(self.contexts)} context lines."}


#: The page's script: the contrast menu, the term finder and the context panel.
_PAGE_JS = """function(eid, labels) {
  const D = window[eid + '-data'], panel = document.getElementById(eid + '-contexts');
  const esc = s => String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]);
  window[eid + '-show'] = function(i) {
    let out = '<h4 class="te-term">' + esc(D.words[i]) + '</h4>';
    D.sources.forEach(function(source, s) {
      const lines = D.lines[i].filter(l => l[0] === s), hits = D.hits[i][s];
      const more = lines.length < hits ? ', first ' + lines.length + ' shown' : '';
      out += '<div class="te-source"><h5>' + esc(source) + ' <small>(' + hits + (hits === 1 ? ' line' : ' lines') + more + ')</small></h5>';
      if (!lines.length) out += '<p class="te-none">not in this source</p>';
      for (const l of lines) {
        const href = D.links[s + ':' + l[1]], para = '\u00b6' + l[1];
        out += '<p class="te-line">' + (href ? '<a class="te-para" href="' + esc(href) + '">' + para + '</a>'
                                              : '<span class="te-para">' + para + '</span>')
          + ' <span class="te-left">' + esc(l[2]) + '</span> <mark class="te-match">' + esc(l[3])
          + '</mark> <span class="te-right">' + esc(l[4]) + '</span></p>';
      }
      out += '</div>';
    });
    panel.innerHTML = out; panel.classList.add('te-filled');
  };
  function model(name) {
    for (const doc of (window.Bokeh ? Bokeh.documents : [])) { const m = doc.get_model_by_name(name); if (m) return m; }
    return null;
  }
  if (!window.Bokeh) {
    panel.innerHTML = '<p class="te-hint">The interactive view runs on the built site, which serves BokehJS.</p>';
    return;
  }
  (function ready() {
    const src = model(eid + '-terms');
    if (!src) { setTimeout(ready, 100); return; }
    document.getElementById(eid + '-contrast').addEventListener('change', function(ev) {
      const k = ev.target.value, d = src.data;
      d.z = d['z' + k].slice(); d.colour = d['c' + k].slice();
      src.change.emit();
      const fig = model(eid + '-figure'); if (fig) fig.left[0].axis_label = labels[k];
    });
    document.getElementById(eid + '-find').addEventListener('change', function(ev) {
      const i = D.words.indexOf(ev.target.value.trim());
      if (i >= 0) { src.selected.indices = [i]; window[eid + '-show'](i); }
    });
  })();
}"""


def page_size(terms: pd.DataFrame, contexts: pd.DataFrame) -> int:
    """A rough size in bytes of the explorer's data (to keep a page small).

    >>> page_size(pd.DataFrame({"word": ["ab"]}), pd.DataFrame({"left": ["abc"]}))
    5
    """
    size = 0
    for frame in (terms, contexts):
        for col in frame.columns:
            size += int(np.sum([len(str(v)) for v in frame[col]]))
    return size
