"""The PDF edition builds offline and holds the whole book.

Needs Debian's TeX packages and poppler-utils (see ``make pdf``); without them
the test is skipped with the command that installs them.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from analysis import config

PDF = config.BUILD / "latex" / "us-russia-texts.pdf"
TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfimages", "pdfinfo")
INSTALL = ("sudo apt-get install texlive-xetex texlive-latex-extra texlive-fonts-recommended "
           "texlive-plain-generic latexmk fonts-freefont-otf poppler-utils")


def _chapters() -> list[tuple[str, str]]:
    """(file, title) of every chapter in the table of contents."""
    toc = yaml.safe_load((config.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    out = []
    for name in files:
        path = next(p for p in (config.ROOT / f"{name}.ipynb", config.ROOT / f"{name}.md") if p.exists())
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        out.append((name, re.search(r"^# (.+)$", text, re.M).group(1).strip()))
    return out


def _figure_count() -> int:
    """Figures in the notebooks the table of contents lists."""
    count = 0
    for name, _ in _chapters():
        nb = config.ROOT / f"{name}.ipynb"
        if not nb.exists():
            continue
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell.get("metadata", {}).get("mystnb", {}).get("figure"):
                count += 1
    return count


@pytest.fixture(scope="module")
def pdf():
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        pytest.skip(f"no TeX toolchain ({', '.join(missing)} not found): install it with `{INSTALL}`")
    result = subprocess.run(["make", "pdf"], cwd=config.ROOT, capture_output=True, text=True,
                            timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert PDF.is_file()
    return PDF


def _run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_pdf_metadata_and_length(pdf):
    info = _run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 10 <= pages <= 600, pages
    title = yaml.safe_load((config.ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert title in info


def test_every_chapter_title_is_in_the_text(pdf):
    text = " ".join(_run("pdftotext", "-layout", str(pdf), "-").split())
    for name, title in _chapters()[1:]:
        assert " ".join(title.split()) in text, (name, title)
    assert "Bibliography" in text


def test_figures_are_embedded(pdf):
    listing = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [line for line in listing if line.split()[2] == "image"]
    assert len(images) >= _figure_count() > 0


def test_site_links_to_the_pdf(pdf):
    html = (config.BUILD / "html" / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Download the PDF edition" in html
    assert (config.BUILD / "html" / pdf.name).is_file()
