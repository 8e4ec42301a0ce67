"""``pubsite upgrade`` of the site made at 40a1c1d (``fixtures/site_made_at_40a1c1d.md``) after
edits its owner might have made beyond the ones the archive holds: their own ``overrides/base.html``
change, a stylesheet of their own listed after the kit's, stray binary files in the copied kit's
folder, an edited README command, settings written in YAML's flow style, a README that is not UTF-8.
Each site is upgraded as its owner runs it (no ``--to``, the installed kit), then built ``--strict``
and its HTML read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import build_ok, parse
from pubsite.commands import upgrade
from upgrade_sites import site_made_at_40a1c1d

OWNER_META = '  <meta name="ada-verification" content="ada-example-owner-meta">\n'
ME_LINK = '    <link rel="me" href="https://social.example.org/@ada">\n'
DS_STORE = b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00\xff\xfe\x80"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"
OWN_CSS = ".md-typeset .pub-title { font-weight: 400; }\n"


def change(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relative} does not hold {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def upgraded(folder: Path, edit) -> dict:
    site = site_made_at_40a1c1d(folder, edit)
    out = io.StringIO()
    status = upgrade.upgrade(site, out=out, run_tests=False)
    report = out.getvalue()
    assert "Traceback" not in report
    assert "The site builds with --strict." in report, report
    return {"site": site, "status": status, "report": report, "built": build_ok(site)}


def kit_main(site: Path) -> None:
    """overrides/main.html back to the kit's copy (the owner never changed it)."""
    change(site, "overrides/main.html", OWNER_META, "")


def own_base(site: Path) -> None:
    """A line of the owner's in overrides/base.html, just above the extrahead block (the kit's new
    base.html changed that block, so the two changes touch and the owner's file stays as written)."""
    change(site, "overrides/base.html", "    {% block extrahead %}{% endblock %}\n",
           ME_LINK + "    {% block extrahead %}{% endblock %}\n")


def one_each(page) -> None:
    """The page's head metadata, printed once."""
    assert len(page.find_all("meta", property="og:title")) == 1
    assert len(page.find_all("meta", attrs={"name": "citation_title"})) <= 1
    assert len(page.find_all("script", type="application/ld+json")) == 1
    assert len(page.find_all("link", rel="me")) == 1


# ---------------------------------------------------------------- an owner's site with several edits

def several_edits(site: Path) -> None:
    own_base(site)
    (site / "docs/assets/stylesheets/mine.css").write_text(OWN_CSS, encoding="utf-8")
    change(site, "mkdocs.yml", "  - assets/stylesheets/accessibility.css\n",
           "  - assets/stylesheets/accessibility.css\n  - assets/stylesheets/mine.css      # my own rules, last\n")
    (site / "hooks/pubsite/.DS_Store").write_bytes(DS_STORE)
    (site / "hooks/pubsite/notes.pdf").write_bytes(PDF)
    change(site, "README.md", "&& .venv/bin/mkdocs serve --dirty --no-strict\n",
           "&& .venv/bin/mkdocs serve --dirty --no-strict -a 127.0.0.1:8001\n")


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    return upgraded(tmp_path_factory.mktemp("edited"), several_edits)


def test_a_kept_base_html_of_the_owner_still_gets_the_head_metadata_printed_once(edited):
    site, report = edited["site"], edited["report"]
    assert ME_LINK in (site / "overrides/base.html").read_text(encoding="utf-8")
    main = (site / "overrides/main.html").read_text(encoding="utf-8")
    assert "{{ page_head }}" in main and OWNER_META in main       # the owner's base.html does not print it
    assert "its lines printing page_head kept: your overrides/base.html, kept, does not print" in report
    assert "its lines printing page_head removed" not in report
    for page in ("index.html", "papers/harbour-buoys/index.html"):
        one_each(parse(edited["built"] / page))
    paper = parse(edited["built"] / "papers/harbour-buoys/index.html")
    assert paper.find("meta", attrs={"name": "citation_title"})["content"].startswith("Listening to Harbour Buoys")


def test_the_owners_stylesheet_stays_last_in_the_cascade(edited):
    settings = (edited["site"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "extra_css:\n  - assets/stylesheets/extra.css\n  - assets/stylesheets/mine.css      # my own rules, last\n" \
        in settings
    sheets = [link["href"] for link in parse(edited["built"] / "index.html").find_all("link", rel="stylesheet")]
    kit, moved, own = ("assets/stylesheets/publications.css", "assets/stylesheets/extra.css",
                       "assets/stylesheets/mine.css")
    assert sheets.index(kit) < sheets.index(moved) < sheets.index(own), sheets


def test_binary_files_in_the_copied_kit_are_moved_not_read(edited):
    site, report = edited["site"], edited["report"]
    assert not (site / "hooks/pubsite").exists()
    assert (site / "upgrade-kept/hooks/pubsite/.DS_Store").read_bytes() == DS_STORE
    assert (site / "upgrade-kept/hooks/pubsite/notes.pdf").read_bytes() == PDF
    assert "  - hooks/pubsite/notes.pdf: not a file of the kit: moved to upgrade-kept/hooks/pubsite/notes.pdf " \
           "(nothing reads it there)\n" in report
    assert "hooks/pubsite/: the copied kit's Python (52 files you never changed) removed" in report


def test_an_edited_readme_command_loses_the_constraints_fragment(edited):
    readme = (edited["site"] / "README.md").read_text(encoding="utf-8")
    assert "constraints.txt" not in readme
    assert ('python3.11 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/mkdocs serve --dirty '
            "--no-strict -a 127.0.0.1:8001\n") in readme
    assert "README.md: changed by you: kept, its old commands (line 8) replaced" in edited["report"]
    assert "in your own commands (line 5) `-c constraints.txt -e` removed from `pip install`" in edited["report"]


# ---------------------------------------------------------------- the owner's base.html, the kit's main.html

def test_the_kits_main_html_stays_when_the_owners_base_html_does_not_print_the_head(tmp_path):
    result = upgraded(tmp_path, lambda site: (kit_main(site), own_base(site)))
    site = result["site"]
    assert sorted(path.name for path in (site / "overrides").iterdir()) == ["base.html", "main.html"]
    assert "overrides/main.html: the kit's, unchanged, but kept: your overrides/base.html, kept, does not print" \
        in result["report"]
    for page in ("index.html", "papers/harbour-buoys/index.html"):
        one_each(parse(result["built"] / page))


# ---------------------------------------------------------------- settings in flow style

def flow_settings(site: Path) -> None:
    kit_main(site)
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    text, themes = re.subn(r"(?ms)^theme:\n.*?(?=^hooks:)",
                           "theme: {name: material, custom_dir: overrides, font: false, language: en}\n\n", text)
    text, lists = re.subn(r"(?m)^extra_css:\n(  - .*\n)+",
                          "extra_css: [assets/stylesheets/publications.css, assets/stylesheets/accessibility.css]\n",
                          text)
    assert themes == lists == 1
    (site / "mkdocs.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    return upgraded(tmp_path_factory.mktemp("flow"), flow_settings)


def test_a_custom_dir_that_cannot_be_removed_keeps_its_folder_and_is_left_to_the_owner(flow):
    site, report = flow["site"], flow["report"]
    assert (site / "overrides").is_dir() and not any((site / "overrides").iterdir())
    assert "custom_dir: overrides" in (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "theme.custom_dir removed" not in report
    assert re.search(r"^  - mkdocs.yml line \d+: remove theme.custom_dir by hand \(overrides/ is left empty, and "
                     r"kept while theme.custom_dir names it: remove the setting, then the folder\)$", report, re.M), report


def test_a_flow_style_extra_css_is_left_to_the_owner_naming_their_stylesheet(flow):
    site, report = flow["site"], flow["report"]
    assert (site / "docs/assets/stylesheets/extra.css").is_file()
    assert re.search(r"^  - mkdocs.yml line \d+: extra_css is not a list written one entry a line; edit it by hand "
                     r"\(put assets/stylesheets/extra.css in extra_css in the place of assets/stylesheets/publications"
                     r"\.css, assets/stylesheets/accessibility\.css: after the kit's stylesheets, before your own\)$",
                     report, re.M), report


def test_what_is_left_to_the_owner_is_repeated_at_the_end_and_the_upgrade_fails(flow):
    """Needs the lines that print ``Context.by_hand`` in commands/upgrade.py's _upgrade."""
    report = flow["report"]
    assert flow["status"] == 1
    tail = report[report.index("\nLeft for you to do:\n"):]
    assert "remove theme.custom_dir by hand" in tail and "extra_css is not a list written one entry a line" in tail


# ---------------------------------------------------------------- text that is not UTF-8

def test_a_readme_that_is_not_utf8_is_refused_before_any_change(tmp_path):
    def latin1_readme(site: Path) -> None:
        (site / "README.md").write_bytes((site / "README.md").read_bytes() + "\nNotes: café\n".encode("latin-1"))

    site = site_made_at_40a1c1d(tmp_path, latin1_readme)
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file() and ".git" not in path.parts}
    out = io.StringIO()
    assert upgrade.upgrade(site, out=out, run_tests=False) == 1
    message = out.getvalue()
    assert re.search(r"^pubsite upgrade: README.md line 30 is not UTF-8 text \(byte 0xe9\): save it as UTF-8, commit, "
                     r"and run pubsite upgrade again\. Nothing was changed\.$", message, re.M), message
    assert "Traceback" not in message
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file() and ".git" not in path.parts}
    assert after == before
