"""The built site in a real browser: what a visitor sees and does, proven with headless Chromium.

Every page loads without a script error and without a request to another host; the home page shows
the bio, the selected papers, the profile links and an email address a person can read and copy but
that the served HTML does not contain; the colour toggle works and is remembered; search finds
papers by title word and by co-author; the BibTeX copy button fills the clipboard; phones get a
layout that does not scroll sideways and a working menu; paper pages link their versions both ways
and name every link. Screenshots of three typical pages, light and dark, phone and desktop, are
saved for a person to look at: ``test-artifacts/screenshots/`` (or ``$ARTIFACTS_DIR/screenshots/``).

Each test opens its own browser context on the session's Chromium (see ``conftest.py``) against the
site served over loopback (``served_site``), with bounded timeouts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT_ROOT
from test_site_content import BIO, EMAIL, PROFILES, PUBLICATIONS

TIMEOUT_MS = 10_000
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PAPERS = PUBLICATIONS.papers
SELECTED = [paper.title for paper in PAPERS if paper.selected]


def site_pages(root: Path) -> list[str]:
    """Site-relative URLs of every page of the built site: each ``index.html`` and ``404.html``."""
    pages = []
    for index in sorted(root.rglob("index.html")):
        folder = index.parent.relative_to(root).as_posix()
        pages.append("" if folder == "." else f"{folder}/")
    assert (root / "404.html").is_file(), "the build has no 404.html"
    return pages + ["404.html"]


def artifacts_dir() -> Path:
    """Where screenshots go: ``$ARTIFACTS_DIR/screenshots`` or ``test-artifacts/screenshots``."""
    base = os.environ.get("ARTIFACTS_DIR") or str(PROJECT_ROOT / "test-artifacts")
    folder = Path(base) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def url_pattern(served_site, path: str) -> re.Pattern:
    """The URL of ``path`` on the served site, with any query (search adds ``?h=``), no fragment."""
    return re.compile(re.escape(served_site.url(path)) + r"(\?[^#]*)?$")


@pytest.fixture
def new_context(browser):
    """Opens browser contexts for one test (normally one) and closes them afterwards."""
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


class Watch:
    """Records a context's console errors, uncaught exceptions, failed and foreign requests."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self.requests: list[str] = []
        context.on("request", self._request)
        context.on("requestfailed", lambda request: self.problems.append(
            f"request failed: {request.url} ({request.failure})"))
        context.on("response", self._response)

    def page(self, page):
        page.on("console", lambda message: message.type == "error" and self.problems.append(
            f"console error: {message.text} at {message.location.get('url')}"))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        return page

    def _request(self, request):
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another host: {request.url}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")


def clipboard_context(new_context, served_site, **options):
    context = new_context(**options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.origin)
    return context


SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta !== null && !/Initializing/.test(meta.textContent);
}"""


def wait_until_ready(page):
    """Material's scripts ran: the colour palette is applied and search has loaded its index."""
    page.wait_for_function("document.body.hasAttribute('data-md-color-scheme')")
    page.wait_for_function(SEARCH_READY)


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


# ---------------------------------------------------------------------------------------- all pages


def test_every_page_loads_without_errors_or_foreign_requests(served_site, new_context):
    pages = site_pages(served_site.root)
    assert len(pages) >= 20, pages
    context = new_context()
    watch = Watch(context, served_site.origin)
    page = watch.page(context.new_page())
    report = []
    for path in pages:
        watch.problems.clear()
        response = page.goto(served_site.url(path), wait_until="load")
        assert response is not None and response.status == 200, (path, response and response.status)
        # Errors from start-up scripts and the search worker arrive by the time search is ready.
        wait_until_ready(page)
        report += [f"{path or '/'}: {problem}" for problem in watch.problems]
    assert not report, "\n".join(report)
    assert any(url.endswith("/search/search_index.json") for url in watch.requests), \
        "the search index was never requested: did the scripts run?"


def test_missing_page_shows_the_404_page_with_its_styles(served_site, new_context):
    """A deep missing URL gets 404.html, whose stylesheets and scripts must still load from there."""
    context = new_context()
    watch = Watch(context, served_site.origin)
    page = watch.page(context.new_page())
    response = page.goto(served_site.url("no/such/page/"), wait_until="load")
    assert response.status == 404
    wait_until_ready(page)
    expected = f"HTTP 404 for {served_site.url('no/such/page/')}"
    # Chromium reports the page's own 404 status as a console error; anything else is a problem.
    problems = [p for p in watch.problems if p != expected and not (
        p.startswith("console error: Failed to load resource: the server responded with a status "
                     "of 404") and p.endswith(served_site.url("no/such/page/")))]
    assert not problems, "\n".join(problems)
    assert page.locator("h1").inner_text().strip() == "404 - Not found"
    # Styled: Material's stylesheet applied (the header is a fixed-height coloured bar).
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"


# ------------------------------------------------------------------------------------------ home


def test_home_shows_bio_selected_papers_and_profile_links(served_site, new_context):
    page = new_context().new_page()
    page.goto(served_site.url(""))
    article = page.locator("article")
    for sentence in BIO:
        block = article.locator("p").filter(has_text=sentence)
        assert block.count() == 1, f"bio sentence not found once: {sentence!r}"
        assert block.is_visible(), sentence
    assert SELECTED, "no selected papers in the data"
    for title in SELECTED:
        link = article.locator("a.pub-title").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
        assert link.count() == 1 and link.is_visible(), f"selected paper not shown: {title!r}"
    for name, url in PROFILES.items():
        link = article.get_by_role("link", name=name, exact=True)
        assert link.count() == 1, name
        assert link.is_visible(), name
        assert link.get_attribute("href") == url


def test_email_is_readable_and_copyable_but_not_in_the_html(served_site, new_context):
    context = clipboard_context(new_context, served_site)
    page = context.new_page()
    response = page.goto(served_site.url(""))
    source = response.text()
    assert "obfuscated-email" in source, "the page has no obfuscated email placeholder"
    for form in (EMAIL, EMAIL.replace("@", "&#64;"), EMAIL.replace("@", "%40")):
        assert form not in source, f"the served HTML contains the address as {form!r}"

    link = page.locator("article").get_by_role("link", name=EMAIL, exact=True)
    assert link.is_visible(), "the email address is not shown as a link"
    assert link.inner_text().strip() == EMAIL
    assert link.get_attribute("href") == f"mailto:{EMAIL}"

    page.evaluate("navigator.clipboard.writeText('nothing copied yet')")
    link.select_text()
    assert page.evaluate("getSelection().toString()").strip() == EMAIL
    page.keyboard.press("Control+C")
    assert read_clipboard(page).strip() == EMAIL


# ------------------------------------------------------------------------------------ colour scheme


def scheme(page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def click_palette_toggle(page, expected_title: str):
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == expected_title
    toggle.click()


def test_colour_toggle_switches_scheme_and_is_remembered(served_site, new_context):
    page = new_context(color_scheme="light").new_page()
    page.goto(served_site.url(""))
    assert scheme(page) == "default"  # automatic, following the light system preference
    click_palette_toggle(page, "Switch to light mode")
    assert scheme(page) == "default"
    click_palette_toggle(page, "Switch to dark mode")
    assert scheme(page) == "slate"
    background = page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != "rgb(255, 255, 255)", "dark mode did not change the page's background"

    page.reload()
    assert scheme(page) == "slate", "the dark choice was forgotten on reload"
    page.goto(served_site.url("papers/waves/"))
    assert scheme(page) == "slate", "the dark choice does not apply to other pages"
    click_palette_toggle(page, "Switch to system preference")
    assert scheme(page) == "default"
    page.reload()
    assert scheme(page) == "default"
    assert page.locator("form[data-md-component=palette] label:visible").get_attribute("title") \
        == "Switch to light mode", "the automatic choice was not remembered"


def test_light_choice_survives_reload_on_a_dark_system(served_site, new_context):
    page = new_context(color_scheme="dark").new_page()
    page.goto(served_site.url(""))
    assert scheme(page) == "slate"  # automatic, following the dark system preference
    click_palette_toggle(page, "Switch to light mode")
    assert scheme(page) == "default"
    page.reload()
    assert scheme(page) == "default", "the light choice was forgotten on reload"


# ------------------------------------------------------------------------------------------ search


@pytest.mark.parametrize(("start", "query", "paper_id"), [
    ("", "Petrov", "waves"),          # a co-author's name
    ("papers/waves/", "Moreau", "waves-workshop"),
    ("talks/", "Discrepancy", "current-discrepancy"),     # a word of the title
])
def test_search_finds_paper_and_opens_it(served_site, new_context, start, query, paper_id):
    paper = PUBLICATIONS.by_id[paper_id]
    assert query in paper.title or query in " ".join(paper.authors)
    page = new_context().new_page()
    page.goto(served_site.url(start))
    wait_until_ready(page)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    result = page.locator(
        f'a.md-search-result__link[href*="/papers/{paper_id}/?"]:not([href*="#"])')
    result.wait_for(state="visible")
    assert paper.title in result.inner_text()
    result.click()
    page.wait_for_url(url_pattern(served_site, f"papers/{paper_id}/"))
    page.locator("h1").filter(has_text=paper.title).wait_for(state="visible")
    assert page.locator("article h1").inner_text().strip() == paper.title


# ------------------------------------------------------------------------------------------ BibTeX


def test_bibtex_copy_button_puts_the_entry_on_the_clipboard(served_site, new_context):
    paper = PUBLICATIONS.by_id["waves"]
    context = clipboard_context(new_context, served_site)
    page = context.new_page()
    page.goto(served_site.url("papers/waves/"))
    page.evaluate("navigator.clipboard.writeText('nothing copied yet')")
    code = page.locator("article pre code")
    assert code.count() == 1
    shown = code.inner_text()
    assert shown.startswith(f"@inproceedings{{{paper.citation_key},"), shown[:80]
    button = page.locator("article pre button[data-md-type=copy], article pre .md-clipboard")
    assert button.count() == 1
    button.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t !== 'nothing copied yet')")
    copied = read_clipboard(page)
    assert copied.strip() == shown.strip()
    assert paper.title in copied


# ------------------------------------------------------------------------------------------ phones

OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const clips = e => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  const offenders = [];
  for (const element of document.querySelectorAll('.md-content *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= width + 0.5 && box.width <= width + 0.5) continue;
    // Inside a scrolling box (code blocks) that itself fits, wide content is fine.
    let clipped = false;
    for (let a = element.parentElement; a && !a.matches('.md-content'); a = a.parentElement) {
      if (clips(a)) { clipped = true; break; }
    }
    if (clipped) continue;
    const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
      + (element.className && typeof element.className === 'string'
         ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    offenders.push(`${name} (right edge ${Math.round(box.right)}px, width ${Math.round(box.width)}px)`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 10)};
}
"""


def test_nothing_overflows_a_phone_screen(served_site, new_context):
    page = new_context(viewport=PHONE).new_page()
    report = []
    for path in site_pages(served_site.root):
        page.goto(served_site.url(path))
        result = page.evaluate(OVERFLOW_SCRIPT)
        if result["scrollWidth"] > PHONE["width"]:
            report.append(f"{path or '/'}: page is {result['scrollWidth']}px wide")
        report += [f"{path or '/'}: {offender}" for offender in result["offenders"]]
    assert not report, "\n".join(report)


def test_phone_menu_navigates_between_sections(served_site, new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(served_site.url(""))
    drawer = page.locator("nav.md-nav--primary")
    hamburger = page.locator("label.md-header__button[for=__drawer]")
    assert hamburger.is_visible(), "no menu button on a phone"
    assert page.locator(".md-tabs").is_hidden(), "the desktop tabs should give way to the menu"

    hamburger.click()
    talks = drawer.get_by_role("link", name="Talks", exact=True)
    talks.wait_for(state="visible")
    talks.click()
    page.wait_for_url(url_pattern(served_site, "talks/"))
    page.locator("article h1").filter(has_text="Talks").wait_for(state="visible")

    # A nested section: Publications > Preprints.
    hamburger.click()
    drawer.locator("label.md-nav__link").filter(has_text="Publications").click()
    preprints = drawer.get_by_role("link", name="Preprints", exact=True)
    preprints.wait_for(state="visible")
    preprints.click()
    page.wait_for_url(url_pattern(served_site, "publications/preprints/"))
    page.locator("article h1").filter(has_text="Preprints").wait_for(state="visible")
    assert page.locator("#__drawer").is_checked() is False, "the menu stayed open after navigating"


# ------------------------------------------------------------------------------------- paper pages

VERSION_PAIRS = sorted({
    tuple(sorted((paper.id, other.id))) for paper in PAPERS for other in PUBLICATIONS.versions_of(paper)
})


def test_version_pairs_exist():
    assert ("waves", "waves-workshop") in VERSION_PAIRS
    assert ("drift", "drift-symposium") in VERSION_PAIRS


def open_version(page, served_site, paper_id: str):
    paper = PUBLICATIONS.by_id[paper_id]
    link = page.locator(f"article li#{paper_id} a.pub-title")
    assert link.count() == 1, f"no link to version {paper_id}"
    assert link.is_visible()
    link.click()
    page.wait_for_url(url_pattern(served_site, f"papers/{paper_id}/"))
    page.locator("article h1").filter(has_text=paper.title).wait_for(state="visible")


@pytest.mark.parametrize("pair", VERSION_PAIRS, ids="-".join)
def test_other_version_links_work_both_ways(served_site, new_context, pair):
    first, second = pair
    page = new_context().new_page()
    page.goto(served_site.url(f"papers/{first}/"))
    assert page.locator("#other-versions").is_visible()
    open_version(page, served_site, second)
    assert page.locator("#other-versions").is_visible()
    open_version(page, served_site, first)


UNNAMED_LINK = re.compile(r"^\s*- link(?::|$)", re.MULTILINE)


def test_every_link_on_paper_pages_has_an_accessible_name(served_site, new_context):
    """Names as the browser computes them for assistive technology (Playwright's ARIA snapshot).
    (axe's link-name rule checks the other pages: see test_accessibility.py.)"""
    page = new_context().new_page()
    report = []
    checked_buttons = 0
    for path in [f"papers/{paper.id}/" for paper in PAPERS]:
        page.goto(served_site.url(path))
        article = page.locator("article")
        links = article.locator("a[href]")
        named = article.get_by_role("link", name=re.compile(r"\S"))
        if named.count() < links.filter(visible=True).count():
            snapshot = article.aria_snapshot()  # shows the unnamed links as "- link:"
            unnamed = [line for line in snapshot.splitlines() if UNNAMED_LINK.match(line)]
            report.append(f"{path or '/'}: {len(unnamed)} link(s) without a name in\n{snapshot}")
        buttons = article.locator("a.pub-button").evaluate_all(
            "all => all.map(a => [a.textContent.trim(), a.getAttribute('aria-label') || ''])")
        checked_buttons += len(buttons)
        report += [f"{path}: button {text!r} has the name {name!r}"
                   for text, name in buttons if not text or not name.startswith(text)]
    assert checked_buttons >= len(PAPERS)
    assert not report, "\n\n".join(report)


# ------------------------------------------------------------------------------------- screenshots

SCREENSHOT_PAGES = {"home": "", "conference": "publications/conference/", "paper-waves": "papers/waves/"}


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("colour", ["light", "dark"])
def test_screenshots(served_site, new_context, colour, size):
    """Full-page screenshots for a person to look at (saved as test artefacts)."""
    viewport = PHONE if size == "phone" else DESKTOP
    page = new_context(viewport=viewport, color_scheme=colour).new_page()
    folder = artifacts_dir()
    for name, path in SCREENSHOT_PAGES.items():
        page.goto(served_site.url(path))
        assert scheme(page) == ("slate" if colour == "dark" else "default")
        if path == "":
            page.locator("article a[href^=mailto]").wait_for(state="visible")
        target = folder / f"{name}-{colour}-{size}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True, animations="disabled")
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000, target
