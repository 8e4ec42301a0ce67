"""``pubsite upgrade`` end to end on a site made at commit 40a1c1d (a copy of the kit in it) and
then edited by its owner (``fixtures/site_made_at_40a1c1d.md`` says how): it comes out in the thin
shape, every paper, page and owner change kept or named, building ``--strict`` and passing its own
tests; and a site with uncommitted changes is refused, untouched.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from pathlib import Path

import pytest

import pubsite
from conftest import FIXTURES, build_ok, parse
from pubsite.commands import kit_pin, upgrade
from pubsite.data.schema import SCHEMA_FILE, schema_text
from upgrade_sites import files as files_of, site_made_at_40a1c1d as made_site

GOLDEN = FIXTURES / "site_made_at_40a1c1d_upgraded"
UPDATE = os.environ.get("PUBSITE_UPDATE_GOLDEN") == "1"
THEME = Path(pubsite.__file__).parent / "mkdocs_adapter" / "theme"


def content(files: dict[str, bytes]) -> dict[str, bytes]:
    """The owner's content: data/ (the schema aside) and the Markdown pages of docs/."""
    return {path: data for path, data in files.items()
            if (path.startswith("data/") and path != SCHEMA_FILE) or (path.startswith("docs/") and path.endswith(".md"))}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    site = made_site(tmp_path_factory.mktemp("copied"))
    before = files_of(site)
    out = io.StringIO()
    status = upgrade.upgrade(site, out=out)   # as its owner runs it: no --to, the installed kit
    after = files_of(site)
    built = build_ok(site)       # into site/site/, after the snapshot above
    return {"site": site, "before": before, "after": after, "report": out.getvalue(), "status": status,
            "built": built}


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (PUBSITE_UPDATE_GOLDEN=1 to regenerate)"


def test_the_upgrade_builds_the_site_and_passes_its_own_tests(upgraded):
    report = upgraded["report"]
    assert upgraded["status"] == 0, report
    assert "holds a copy of the kit (hooks/pubsite/)" in report
    assert "The site builds with --strict." in report
    assert re.search(r"Its tests pass \(\d+ passed", report), report
    assert "Traceback" not in report


def test_the_site_is_left_in_the_thin_shape(upgraded):
    after = upgraded["after"]
    assert not [path for path in after if path.startswith("hooks/pubsite/")]
    assert not {"constraints.txt", "tests/test_your_site.py"} & set(after)
    kit_assets = {f"docs/{path.relative_to(THEME).as_posix()}" for path in THEME.rglob("assets/**/*") if path.is_file()}
    assert kit_assets and not kit_assets & set(after)
    # Of the kit's templates, only the one its owner changed.
    assert [path for path in after if path.startswith("overrides/")] == ["overrides/main.html"]
    python = {path: data.decode().count("\n") for path, data in after.items()
              if path.endswith(".py") and not path.startswith("tests/")}
    assert python == {"hooks/publications_hook.py": 3}
    assert sum(python.values()) <= 30
    assert {"tests/test_site.py", ".github/dependabot.yml", ".github/workflows/test.yml",
            ".github/workflows/publish.yml", "docs/assets/stylesheets/extra.css"} <= set(after)
    assert not any(b"constraints.txt" in after[path] for path in after if path.startswith((".github/", "README")))
    pyproject = after["pyproject.toml"].decode()
    pin = kit_pin.find_pin(pyproject)
    assert pin is not None and pin.version == pubsite.__version__
    assert 'name = "ada-example-homepage"' in pyproject
    assert "package-dir" not in pyproject


def test_every_paper_and_page_is_kept(upgraded):
    before, after = content(upgraded["before"]), content(upgraded["after"])
    assert before == after
    assert b"harbour-buoys" in after["data/publications.yml"]
    assert b"harbour instruments" in after["docs/index.md"]
    assert upgraded["after"][SCHEMA_FILE].decode() == schema_text()
    built = upgraded["built"]
    paper = parse(built / "papers" / "harbour-buoys" / "index.html")
    assert "Listening to Harbour Buoys" in paper.find("h1").get_text()
    for page in (path for path in after if path.startswith("docs/") and path.endswith(".md")):
        name = page[len("docs/"):-len(".md")]
        target = built / ("index.html" if name == "index" else f"{name}/index.html")
        assert target.is_file(), f"{page} has no page in the built site"


def test_the_owners_css_changes_reach_the_built_site(upgraded):
    built = upgraded["built"]
    home = parse(built / "index.html")
    sheets = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    kit, own = "assets/stylesheets/publications.css", "assets/stylesheets/extra.css"
    assert kit in sheets and own in sheets and sheets.index(kit) < sheets.index(own)
    assert (built / kit).read_text(encoding="utf-8") == (THEME / kit).read_text(encoding="utf-8")
    css = " ".join((built / own).read_text(encoding="utf-8").split())
    assert ".pub-title { font-weight: 600; }" in css          # the value changed, overriding the kit's 700
    assert ".md-typeset .ada-bio { font-size: 1.05em; }" in css  # the rule added
    assert home.find("p", class_="ada-bio") is not None
    golden("extra.css", upgraded["after"]["docs/assets/stylesheets/extra.css"].decode())


def test_the_owners_meta_is_in_the_built_html_once_with_the_kits_head_metadata(upgraded):
    home = parse(upgraded["built"] / "index.html")
    assert len(home.find_all("meta", attrs={"name": "ada-verification", "content": "ada-example-owner-meta"})) == 1
    assert len(home.find_all("meta", property="og:title")) == 1      # printed once, by the kit's base.html
    assert len(home.find_all("script", type="application/ld+json")) == 1
    golden("main.html", upgraded["after"]["overrides/main.html"].decode())


def test_mkdocs_yml_loses_only_the_kits_lines(upgraded):
    before = upgraded["before"]["mkdocs.yml"].decode().splitlines()
    after = upgraded["after"]["mkdocs.yml"].decode().splitlines()
    diff = [line for line in difflib.ndiff(before, after) if line[:2] in ("- ", "+ ")]
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert removed == ["  - assets/stylesheets/publications.css", "  - assets/stylesheets/accessibility.css",
                       "extra_javascript:",
                       "  - path: assets/javascripts/email.js   # defer: decorates the page, must not delay its first paint",
                       "    defer: true",
                       "  - path: assets/javascripts/filters.js # defer: filters above the lists, after the page is shown",
                       "    defer: true"]
    assert added == ["  - assets/stylesheets/extra.css"]
    assert "      emoji_index: !!python/name:material.extensions.emoji.twemoji" in after
    assert "  custom_dir: overrides" in after      # main.html is still the owner's override
    golden("mkdocs.yml", "\n".join(after) + "\n")


def test_the_report_names_each_changed_file(upgraded):
    report = upgraded["report"]
    migration = report[report.index("Upgrading to kit"):report.index("The kit's pin and schema:")]
    for changed in ("overrides/main.html", "docs/assets/stylesheets/publications.css"):
        assert re.search(rf"^  - {re.escape(changed)}: changed by you", migration, re.MULTILINE), changed
    assert "font-weight: 600 (the kit's: 700)" in migration
    assert "`.md-typeset .ada-bio`" in migration
    assert '+  <meta name="ada-verification"' in migration
    assert "hooks/pubsite/: the copied kit's Python" in migration
    golden("report.txt", migration)


def test_a_site_with_uncommitted_changes_is_refused_and_left_alone(tmp_path):
    site = made_site(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA line not yet committed.\n", encoding="utf-8")
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = files_of(site)
    out = io.StringIO()
    assert upgrade.upgrade(site, to=pubsite.__version__, out=out) == 1
    message = out.getvalue()
    assert "uncommitted changes" in message and "docs/index.md" in message and "notes.txt" in message
    assert "Nothing was changed" in message and "Traceback" not in message
    assert files_of(site) == before
