"""Open every page of the built site in headless Chromium.

Fails on a missing image, a broken internal link or anchor, a JavaScript
error in the console, or a resource fetched from outside the site. Saves a
screenshot of each page under ``_build/screenshots/``.

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


def test_every_page_renders_cleanly(site, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pages()
    assert "book/intro.html" in pages and "book/01-corpus.html" in pages
    problems = []
    for page in pages:
        browser.get(site + page)
        browser.execute_script("return document.readyState")
        broken = browser.execute_script(
            "return Array.from(document.images)"
            ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        problems += [f"{page}: missing image {src}" for src in broken]
        hrefs = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        problems += [p for p in (_check_link(page, h, site) for h in set(hrefs)) if p]
        external = browser.execute_script(
            "return performance.getEntriesByType('resource').map(r => r.name)"
            ".filter(n => !n.startsWith(location.origin) && !n.startsWith('data:'))")
        problems += [f"{page}: fetched an external resource {url}" for url in external]
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
