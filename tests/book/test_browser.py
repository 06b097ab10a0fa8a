"""Open every page of the built site in headless Chromium.

Fails on a missing image, a broken internal link or anchor, a JavaScript
error in the console, a resource fetched from outside the site, or a table
wider than the text column in a 1280-pixel window. Saves a screenshot of
each page under ``_build/screenshots/``. The interactive pages are used as
a reader would: a term of the explorer is hovered and clicked and its
contexts must appear; a filter is typed into the ledger and rows must
disappear. At least four CSV files must be linked, and every link to one
must reach a file of the site.

Needs Debian's ``chromium`` and ``chromium-driver`` packages
(``apt-get install chromium chromium-driver``); without them the test is
skipped with that message.
"""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import urllib.parse

import pytest

from analysis import config
from analysis.corpus.text import NAMES

HTML = config.BUILD / "html"
SHOTS = config.BUILD / "screenshots"
SKIP_DIRS = {"_static", "_sources", "_images", "jupyter_execute", "_sphinx_design_static"}


def _browser_paths():
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    return chromium, driver


def _pages() -> list[str]:
    return sorted(
        str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
        if not (set(p.relative_to(HTML).parts) & SKIP_DIRS)
    )


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").is_file():
        pytest.skip("no built site: run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    chromium, driver_path = _browser_paths()
    if not chromium or not driver_path:
        pytest.skip("headless Chromium not found: install it with "
                    "`sudo apt-get install chromium chromium-driver` (Debian/Ubuntu)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver_path), options=options)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


_IDS = re.compile(r"""\bid=["']([^"']+)["']""")


@functools.cache
def _ids_of(page: str) -> frozenset:
    return frozenset(_IDS.findall((HTML / page).read_text(encoding="utf-8")))


def _check_link(page: str, href: str, origin: str) -> str | None:
    """A problem with an internal link, or None."""
    url = urllib.parse.urlparse(href)
    if not href.startswith(origin):
        return None
    target = urllib.parse.unquote(url.path.lstrip("/")) or "index.html"
    if target.endswith("/"):
        target += "index.html"
    if not (HTML / target).is_file():
        return f"{page}: broken link to {target}"
    if url.fragment and target.endswith(".html") and url.fragment not in _ids_of(target):
        return f"{page}: link to missing anchor {target}#{url.fragment}"
    return None


#: Tables (captions) wider than the article's text column, or scrolled inside their box.
_OVERFLOW = """
  const out = [], column = document.querySelector('article.bd-article, main article, article');
  if (!column) return out;
  const right = column.getBoundingClientRect().right;
  for (const t of column.querySelectorAll('table')) {
    if (!t.offsetParent) continue;                       // hidden (e.g. a folded cell)
    const box = t.closest('.table-wrapper, .pst-scrollable-table-container, div') || t.parentElement;
    if (t.scrollWidth > box.clientWidth + 2 || t.getBoundingClientRect().right > right + 2)
      out.push(((t.querySelector('caption') || {}).innerText || t.id || 'table').slice(0, 80));
  }
  return out;"""


def test_every_page_renders_cleanly(site, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pages()
    assert "book/intro.html" in pages and "book/01-corpus.html" in pages
    problems = []
    for page in pages:
        browser.get(site + page)
        # interactive tables (DataTables) are drawn after the page loads: wait for them
        _wait(browser, lambda d: d.execute_script(
            "return document.readyState === 'complete' && [...document.querySelectorAll('table.display')]"
            ".every(t => t.classList.contains('dataTable'))"))
        broken = browser.execute_script(
            "return Array.from(document.images)"
            ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        problems += [f"{page}: missing image {src}" for src in broken]
        hrefs = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        problems += [p for p in (_check_link(page, h, site) for h in set(hrefs)) if p]
        # blob: URLs of this origin are scripts the page made itself (the ledger's DataTables)
        external = browser.execute_script(
            "return performance.getEntriesByType('resource').map(r => r.name)"
            ".filter(n => !n.startsWith(location.origin) && !n.startsWith('data:')"
            " && !n.startsWith('blob:' + location.origin))")
        problems += [f"{page}: fetched an external resource {url}" for url in external]
        problems += [f"{page}: table wider than its column at 1280 px: {w}"
                     for w in browser.execute_script(_OVERFLOW)]
        for entry in browser.get_log("browser"):
            if entry["level"] == "SEVERE":
                problems.append(f"{page}: console error: {entry['message']}")
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(max(int(height), 900), 16000))
        browser.save_screenshot(str(SHOTS / (page.replace("/", "__")[:-5] + ".png")))
        browser.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


def test_search_works_offline(site, browser):
    browser.get(site + "search.html?q=Russia")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "ul.search li"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "ul.search li")) >= 2


# --------------------------------------------------------------------------- interactive pages

def _wait(browser, condition, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(browser, timeout).until(condition)


#: Viewport position of the explorer's point with the highest z, once Bokeh has drawn it.
_POINT = """
  if (!window.Bokeh || !Bokeh.index) return null;
  const views = [];
  const walk = v => { views.push(v); for (const c of (v.child_views || [])) walk(c); };
  for (const v of (Bokeh.index.values ? Bokeh.index.values() : Object.values(Bokeh.index))) walk(v);
  const fig = views.find(v => v.model && v.model.name === 'term-explorer-figure');
  const src = fig && fig.model.document.get_model_by_name('term-explorer-terms');
  if (!fig || !src || !fig.frame || !fig.frame.x_scale) return null;
  const z = src.data.z, i = z.indexOf(Math.max(...z));
  fig.el.scrollIntoView({block: 'center'});
  const box = fig.el.getBoundingClientRect();
  const x = fig.frame.x_scale.compute(src.data.freq[i]), y = fig.frame.y_scale.compute(z[i]);
  return {word: src.data.word[i], x: box.left + x, y: box.top + y};
"""

#: All the text on the page, inside Bokeh's shadow roots too.
_DEEP_TEXT = """
  const out = [];
  const walk = root => { for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) { out.push(el.shadowRoot.textContent); walk(el.shadowRoot); } } };
  walk(document);
  return out.join(' ');
"""


def test_explorer_shows_counts_on_hover_and_contexts_on_click(site, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By

    browser.get(site + "book/explorer.html")
    point = _wait(browser, lambda d: d.execute_script(_POINT))
    panel = browser.find_element(By.ID, "term-explorer-contexts")
    assert "Hover over a term" in panel.text

    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(point["x"]), int(point["y"]))
    actions.perform()
    tip = _wait(browser, lambda d: (t := d.execute_script(_DEEP_TEXT)) and "in all" in t and t)
    assert point["word"] in tip
    sources = browser.execute_script("return window['term-explorer-data'].sources")
    assert all(f"{label}:" in tip for label in sources), tip[:300]

    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(point["x"]), int(point["y"]))
    actions.pointer_action.click()
    actions.perform()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#term-explorer-contexts .te-line"))
    assert panel.find_element(By.CSS_SELECTOR, "h4").text == point["word"]
    assert len(panel.find_elements(By.CSS_SELECTOR, ".te-source")) == len(sources)
    letters = lambda text: re.sub(r"\W", "", text.lower())  # noqa: E731  ("U.S." is matched as "US")
    matches = [letters(m.text) for m in panel.find_elements(By.CSS_SELECTOR, ".te-match")]
    # a normalised name matches however it is written ("US", "United States" for "u.s.")
    names = {canonical for canonical, _, _ in NAMES}
    assert matches and (point["word"] in names or all(letters(point["word"])[:3] in m for m in matches)), \
        (point, matches)

    # typing a term in the finder shows that term's contexts
    finder = browser.find_element(By.ID, "term-explorer-find")
    word = browser.execute_script("return window['term-explorer-data'].words[0]")
    finder.send_keys(word)
    ActionChains(browser).send_keys("\t").perform()
    _wait(browser, lambda d: panel.find_element(By.CSS_SELECTOR, "h4").text == word)
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_ledger_filters_sort_and_unfold(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "book/ledger.html")
    rows = lambda d: d.find_elements(By.CSS_SELECTOR, "table#ledger tbody tr")  # noqa: E731
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table#ledger.dataTable") and len(rows(d)) > 1)
    total = len(rows(browser))
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table#ledger thead th")]
    assert {"source", "type", "verdict", "p", "horizon", "quote", "outcome"} <= set(headers), headers
    assert len(browser.find_elements(By.CSS_SELECTOR, ".dtsp-searchPane")) >= 5   # the filter panes

    verdict = headers.index("verdict")
    box = browser.find_elements(By.CSS_SELECTOR, "table#ledger tfoot input")[verdict]
    box.send_keys("wrong")
    _wait(browser, lambda d: 0 < len(rows(d)) < total)
    shown = [r.find_elements(By.TAG_NAME, "td")[verdict].text for r in rows(browser)]
    assert shown and all("wrong" in v for v in shown), shown
    box.clear()
    box.send_keys("\b")
    _wait(browser, lambda d: len(rows(d)) == total)

    search = browser.find_element(By.CSS_SELECTOR, ".dt-search input")
    search.send_keys("Crimea")
    _wait(browser, lambda d: 0 < len(rows(d)) < total)
    assert all("crimea" in r.get_attribute("textContent").lower() for r in rows(browser))

    summary = browser.find_element(By.CSS_SELECTOR, "table#ledger tbody details summary")
    summary.click()
    assert browser.find_element(By.CSS_SELECTOR, "table#ledger tbody details[open]")


def test_csv_downloads_are_linked(site, browser):
    links = set()
    for page in _pages():
        text = (HTML / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+\.csv)"', text):
            target = (HTML / page).parent / href
            assert target.resolve().is_file(), f"{page}: {href} is not in the site"
            links.add(target.resolve().name)
    assert len(links) >= 4, links


def test_code_behind_a_result_opens_on_a_click(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "book/explorer.html")
    # the toggle above the cell that builds the explorer's terms
    box = next(d for d in browser.find_elements(By.CSS_SELECTOR, "details.hide.above-input")
               if "explorer_terms" in d.get_attribute("textContent"))
    toggle = box.find_element(By.CSS_SELECTOR, "summary")
    assert toggle.is_displayed() and toggle.text == "Show code cell source"
    code = box.find_element(By.CSS_SELECTOR, "pre")
    assert not code.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    _wait(browser, lambda d: code.is_displayed(), timeout=10)
    assert "explorer_terms" in code.text
