"""Accessibility of every page, checked by axe-core in headless Chromium, in light and dark mode.

axe-core (``node_modules/axe-core``, installed by ``npm ci`` from package.json) is injected into
each page of the built site as served over loopback. Any violation with impact "serious" or
"critical" fails the test, with the rule, impact, offending elements and axe's help in the message.
No rule is disabled: where Material's defaults fall short (the indigo header's contrast, links told
apart only by colour...), the kit's ``assets/stylesheets/accessibility.css`` (in
``pubsite/mkdocs_adapter/theme/``) overrides them.

The dark pages are those a visitor whose system prefers dark sees (Material's automatic palette
resolves to its "slate" scheme); the tests check the scheme actually applied before running axe.
A last test proves the gate can fail: a page with known violations is reported.
"""

from __future__ import annotations

import pytest
from browser import unavailable
from conftest import PROJECT_ROOT
from test_browser import DESKTOP, PHONE, TIMEOUT_MS, site_pages

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}

# No transition running: colours mid-fade would give axe wrong contrast ratios.
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '),
      impact: n.impact, summary: n.failureSummary || '',
    })),
  }));
}"""


def axe_path() -> str:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed ({AXE} missing: run npm ci)")
    return str(AXE)


def blocking_violations(page) -> list[dict]:
    """axe's violations on the page as it is now, keeping those with a serious or critical impact."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=axe_path())
    violations = page.evaluate(RUN_AXE)
    blocking = []
    for violation in violations:
        nodes = [node for node in violation["nodes"] if (node["impact"] or violation["impact"]) in BLOCKING]
        if nodes:
            blocking.append({**violation, "nodes": nodes})
    return blocking


def describe(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']} "
                     f"<{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}  [{node['impact']}] {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return lines


def open_page(browser, colour: str, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, color_scheme=colour)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


def settle(page, colour: str) -> None:
    """Wait until the page shows ``colour``'s scheme and no transition is running."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    expected = SCHEMES[colour]
    try:
        page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s",
                               arg=expected, timeout=5_000)
    except PlaywrightTimeoutError:
        applied = page.locator("body").get_attribute("data-md-color-scheme")
        pytest.fail(f"expected the {colour} scheme ({expected}), the page shows {applied!r}")
    page.wait_for_function(SETTLED)


def test_every_page_has_no_serious_accessibility_violation(served_site, browser):
    """Each page is loaded once and checked in light mode, then again after the system (emulated)
    switches to dark: Material's automatic palette follows it without a reload."""
    pages = site_pages(served_site.root)
    context, page = open_page(browser, "light")
    report = []
    try:
        for path in pages:
            page.emulate_media(color_scheme="light")
            page.goto(served_site.url(path))
            page.add_script_tag(path=axe_path())
            for colour in SCHEMES:
                page.emulate_media(color_scheme=colour)
                settle(page, colour)
                report += describe(f"{path or '/'} ({colour})", blocking_violations(page))
    finally:
        context.close()
    assert not report, "axe found serious or critical violations:\n" + "\n".join(report)


@pytest.mark.parametrize("colour", list(SCHEMES))
def test_open_menu_and_search_results_have_no_serious_violation(served_site, browser, colour):
    """The parts hidden at first: a phone's navigation drawer, and search with its results."""
    context, page = open_page(browser, colour, viewport=PHONE)
    report = []
    try:
        page.goto(served_site.url("papers/waves/"))
        settle(page, colour)
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator("nav.md-nav--primary").get_by_role("link", name="Talks").wait_for(state="visible")
        settle(page, colour)
        report += describe("papers/waves/ with the menu open", blocking_violations(page))

        page.goto(served_site.url(""))
        settle(page, colour)
        page.wait_for_function("!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        box.press_sequentially("ocean", delay=20)
        page.locator("a.md-search-result__link").first.wait_for(state="visible")
        settle(page, colour)
        report += describe("/ with search results", blocking_violations(page))
    finally:
        context.close()
    assert not report, f"axe found serious or critical violations ({colour} mode):\n" + "\n".join(report)


BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Known violations</title></head>
<body><main>
  <h1>A page with known problems</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
  <p style="color:#bbbbbb;background:#ffffff">Pale grey text on white.</p>
  <p>Fine text.</p>
</main></body></html>"""


def test_gate_reports_known_serious_violations(browser):
    """The check above can fail: an image without alt text and pale text are caught and described."""
    context, page = open_page(browser, "light")
    try:
        page.set_content(BROKEN_PAGE)
        violations = blocking_violations(page)
    finally:
        context.close()
    found = {violation["id"]: violation for violation in violations}
    assert set(found) == {"image-alt", "color-contrast"}, found
    assert found["image-alt"]["impact"] == "critical"
    assert found["color-contrast"]["impact"] == "serious"
    assert [node["target"] for node in found["color-contrast"]["nodes"]] == ["p:nth-child(3)"]
    message = "\n".join(describe("test page", violations))
    for expected in ("image-alt (critical)", "color-contrast (serious)", "img", "p:nth-child(3)",
                     "Images must have alternative text", "https://dequeuniversity.com/rules/axe/"):
        assert expected in message, message
