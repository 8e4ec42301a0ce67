"""The CV page prints: "Print to PDF" in Chromium, on A4 and on US Letter, cuts no text.

Two checks per paper size, in a real headless Chromium with print styles applied: laid out at the
printable width (the paper less the 15 mm margins of the print stylesheet), no element of the page
reaches past the right edge; and the printed PDF, read back with pypdf, holds the owner's name,
every entry's title and every paper's title. And, in the light and the dark scheme, what the print
stylesheet decides: the name on top, no buttons, headings kept with what follows, black on white.
"""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT_ROOT, page
from pypdf import PdfReader

from pubsite.cv.cv_validation import CV_FILE, read_cv
from pubsite.data.validation import read_publications

MM = 96 / 25.4  # CSS pixels per millimetre
PAPERS = {"A4": 210 * MM, "Letter": 8.5 * 96}
MARGIN = 15 * MM

OVERFLOW = """(width) => [...document.querySelectorAll('.md-content *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5); })
  .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60))"""


def _words(text: str) -> str:
    """White space as single spaces; a line broken after a hyphen ("Free-\nform") joined again."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@pytest.mark.parametrize("paper", PAPERS)
def test_the_cv_page_prints_without_cut_text(paper, browser, served_site, site, tmp_path):
    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    cv = read_cv(CONTENT_ROOT / CV_FILE, publications)
    width = int(PAPERS[paper] - 2 * MARGIN)
    context = browser.new_context(viewport={"width": width, "height": 1000})
    try:
        tab = context.new_page()
        tab.emulate_media(media="print")
        tab.goto(served_site.url("cv/"))
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        assert tab.evaluate(OVERFLOW, width) == []
        printed = tmp_path / f"cv-{paper}.pdf"
        tab.pdf(path=str(printed), format=paper, margin={side: "15mm" for side in ("top", "right", "bottom", "left")})
    finally:
        context.close()
    text = _words(" ".join(pdf_page.extract_text() for pdf_page in PdfReader(printed).pages))
    assert publications.owner.name in text
    titles = [entry.title for section in cv.sections for entry in section.entries]
    titles += [item.get_text(" ", strip=True) for item in page(site, "cv/").select(".cv-paper-title")]
    assert titles
    missing = [title for title in titles if _words(title) not in text]
    assert missing == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_print_stylesheet_prints_the_cv_alone_black_on_white_headings_kept_with_their_entries(
        scheme, browser, served_site):
    """What the print stylesheet decides, read from the printed page's computed styles: the name on
    top, no downloads or buttons, headings never left alone at a page's foot, paper colours even when
    the reader's screen is dark."""
    context = browser.new_context(color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.emulate_media(media="print", color_scheme=scheme)
        tab.goto(served_site.url("cv/"))
        assert tab.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
        style = ("([selector, property]) => "
                 "[...document.querySelectorAll(selector)].map(e => getComputedStyle(e)[property])")
        assert tab.evaluate(style, [".cv-print-name", "display"]) == ["block"]
        assert set(tab.evaluate(style, [".cv-downloads, .cv-links, .pub-links", "display"])) <= {"none"}
        headings = tab.evaluate(style, [".cv-section h2, .cv-group", "breakAfter"])
        assert headings and set(headings) == {"avoid"}
        assert set(tab.evaluate(style, [".cv-entry, .cv-paper", "breakInside"])) == {"avoid"}
        assert tab.evaluate(style, ["body", "backgroundColor"]) == ["rgb(255, 255, 255)"]
        colours = tab.evaluate(style, [".cv-section, .cv-paper", "color"])
        assert all(sum(map(int, re.findall(r"\d+", colour)[:3])) < 200 for colour in colours), colours  # dark text
    finally:
        context.close()
