"""``pubsite new`` makes a researcher's own site from an al-folio bibliography, end to end, from the
installed kit alone.

The new site holds its owner's files only (no code, template, stylesheet or script of the kit: it
installs the kit, pinned in its ``pyproject.toml``), builds with ``--strict`` on both engines, passes
its own tests (the kit's generic checks, ``pubsite.testing.site_checks``, run by pytest inside it, as
its CI would; each check fails on a site broken on purpose), lists every paper, and holds nothing of
this repository's owner. ``pubsite new`` reads nothing outside the package.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from conftest import ENGINES, PROJECT_ROOT, engine_command, mkdocs_env, page

import pubsite
from pubsite.commands import cli, kit_pin, site_files
from pubsite.commands.new_site import NewSiteError, favicon_svg, initials, make_site
from pubsite.data.validation import read_publications
from pubsite.testing import site_checks

ALFOLIO = Path(__file__).parent / "fixtures" / "alfolio"
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".toml", ".txt", ".svg", ".html", ".css", ".js", ".py", ".json", ".cfg"}
VERSION = pubsite.__version__
SITE_CHECKS = [name for name in site_checks.__all__ if name.startswith("test_")]
# Everything a new site holds, docs/publications/*.md and the papers' files aside.
OWNER_FILES = {".github/dependabot.yml", ".github/workflows/publish.yml", ".github/workflows/test.yml",
               ".gitignore", "README.md", "data/cv.yml", "data/publications.schema.json", "data/publications.yml",
               "docs/assets/images/favicon.svg", "docs/assets/images/social-card.png", "docs/cv.md",
               "docs/index.md", "hooks/publications_hook.py", "mkdocs.yml", "pyproject.toml", "tests/test_site.py"}


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> tuple[Path, int, str]:
    folder = tmp_path_factory.mktemp("made") / "ada-site"
    out = io.StringIO()
    status = make_site(folder, name="Ada Example", site_url="https://ada.example.org/",
                       bib_files=[str(ALFOLIO / "_bibliography/papers.bib")], email="ada@example.org",
                       affiliations=["Example University"], name_forms=["A. Example"],
                       profiles={"github": "https://github.com/ada-example",
                                 "scholar": "https://scholar.google.com/citations?user=EXAMPLE"}, out=out)
    return folder, status, out.getvalue()


@pytest.fixture(scope="module")
def built_site(new_site, tmp_path_factory) -> Path:
    """The new site built with ``--strict`` by the tests' engine."""
    folder, _, _ = new_site
    site = tmp_path_factory.mktemp("built") / "site"
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(site)), cwd=folder,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_the_new_site_holds_the_owners_name_pages_and_papers(new_site):
    folder, status, report = new_site
    assert status == 1 and "nobody2020: no authors" in report  # the import says what it skipped
    publications = read_publications(folder / "data/publications.yml", "data/publications.yml", folder / "docs")
    assert publications.owner.name == "Ada Example" and publications.owner.name_forms == ("A. Example",)
    assert [paper.id for paper in publications.papers] == ["example2024flows", "sample2023arxiv", "example2022misc",
                                                           "sample2021book"]
    # One page per kind of work the bibliography holds, in the navigation.
    pages = sorted(path.name for path in (folder / "docs/publications").iterdir())
    assert pages == ["conference.md", "other.md", "preprint.md"]
    config = (folder / "mkdocs.yml").read_text("utf-8")
    assert 'site_name: "Ada Example"' in config and 'site_url: "https://ada.example.org/"' in config
    assert "- publications/conference.md\n      - publications/preprint.md\n      - publications/other.md" in config
    assert ">AE</text>" in (folder / "docs/assets/images/favicon.svg").read_text("utf-8")
    from PIL import Image

    with Image.open(folder / "docs/assets/images/social-card.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
    assert "social_image: assets/images/social-card.png" in config
    assert (folder / "docs/papers/example2024flows/example2024.pdf").is_file()
    assert (folder / "data/publications.yml").read_text("utf-8").startswith("# yaml-language-server: $schema=")
    assert (folder / "data/publications.schema.json").is_file()


def test_the_new_site_holds_only_its_owners_files(new_site):
    folder, _, _ = new_site
    files = _files(folder)
    papers = {name for name in files if name.startswith(("docs/publications/", "docs/papers/"))}
    assert files - papers == OWNER_FILES
    assert not [name for name in files if name.endswith((".html", ".css", ".js"))]
    assert not {"hooks/pubsite", "overrides", "constraints.txt", "docs/assets/stylesheets"} & {
        str(path.relative_to(folder)) for path in folder.rglob("*")}
    python = [name for name in files if name.endswith(".py") and not name.startswith("tests/")]
    assert python == ["hooks/publications_hook.py"]
    assert sum(len((folder / name).read_text("utf-8").splitlines()) for name in python) <= 30
    hook = (folder / "hooks/publications_hook.py").read_text("utf-8")
    assert hook == site_files.hook_text() and "from pubsite.mkdocs_adapter.events import *" in hook
    assert "from pubsite.testing.site_checks import *" in (folder / "tests/test_site.py").read_text("utf-8")
    # The settings name the hook and leave the kit's templates, stylesheets and scripts to the kit.
    settings = (folder / "mkdocs.yml").read_text("utf-8")
    assert "hooks:\n  - hooks/publications_hook.py" in settings and "watch:\n  - data" in settings
    config = site_checks.load_config(folder / "mkdocs.yml")
    assert "custom_dir" not in config["theme"] and "extra_css" not in config and "extra_javascript" not in config
    assert "# owner" not in settings and "Your Name" not in settings


# The settings the kit relies on: a new site's template keeps them as the reference site has them.
KIT_SETTINGS = ("hooks", "watch", "plugins", "markdown_extensions", "validation", "use_directory_urls", "strict",
                "theme.name", "theme.features", "theme.palette", "theme.font", "theme.icon", "theme.favicon",
                "extra.publications_year_headings")


@pytest.mark.parametrize("setting", KIT_SETTINGS)
def test_the_settings_template_keeps_the_kits_settings_as_the_reference_site(setting: str):
    from conftest import CONTENT_ROOT

    def value(config: dict):
        for key in setting.split("."):
            config = config.get(key, {}) if isinstance(config, dict) else {}
        return config

    template = yaml.load(site_files.settings_template(), Loader=_SettingsLoader)
    assert value(template) == value(site_checks.load_config(CONTENT_ROOT / "mkdocs.yml")) != {}, setting


class _SettingsLoader(yaml.SafeLoader):
    """``mkdocs.yml`` as data; ``!!python/name:`` tags as their names (as ``site_checks.load_config``)."""


_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def test_the_new_site_pins_the_running_kit_and_installs_it_not_a_package_of_its_own(new_site):
    folder, _, report = new_site
    text = (folder / "pyproject.toml").read_text("utf-8")
    project = tomllib.loads(text)
    assert project["project"]["name"] == "ada-example-homepage"
    assert project["project"]["dependencies"] == [f"pubsite=={VERSION}"]
    assert project["project"]["optional-dependencies"]["test"] == [f"pubsite[test]=={VERSION}"]
    assert project["tool"]["setuptools"]["packages"] == []
    assert project["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]
    assert kit_pin.find_pin(text).version == VERSION
    # The command says which pin it wrote, and what to pass before the kit is on PyPI.
    assert f"Pinned the kit: pubsite=={VERSION} (from PyPI)" in report
    assert f"--kit-source git+https://github.com/OWNER/REPO" in report and f"tag v{VERSION}" in report
    # Nothing installs the kit from a constraints file the site does not have.
    for name in (".github/workflows/test.yml", ".github/workflows/publish.yml", "README.md"):
        assert "constraints" not in (folder / name).read_text("utf-8"), name
    test_steps = yaml.safe_load((folder / ".github/workflows/test.yml").read_text("utf-8"))["jobs"]["test"]["steps"]
    assert 'pip install ".[test]"' in test_steps[-1]["run"] and "pytest" in test_steps[-1]["run"]
    publish = yaml.safe_load((folder / ".github/workflows/publish.yml").read_text("utf-8"))
    runs = [step.get("run", "") for job in publish["jobs"].values() for step in job["steps"]]
    assert "pip install ." in runs and "mkdocs gh-deploy --force --strict" in runs
    dependabot = yaml.safe_load((folder / ".github/dependabot.yml").read_text("utf-8"))
    assert dependabot["version"] == 2
    assert [(update["package-ecosystem"], update["directory"], update["schedule"]["interval"])
            for update in dependabot["updates"]] == [("pip", "/", "weekly"), ("github-actions", "/", "weekly")]


def test_the_readme_says_how_to_work_on_the_site_and_where_the_kit_is(new_site):
    folder, _, _ = new_site
    readme = (folder / "README.md").read_text("utf-8")
    assert readme.count('python3.11 -m venv .venv && .venv/bin/pip install ".[test]" && ') == 2
    assert ".venv/bin/mkdocs serve" in readme and ".venv/bin/python -m pytest" in readme
    assert kit_pin.guide_link(VERSION) in readme  # the guide at the pinned version
    assert "pubsite upgrade" in readme and "Dependabot" in readme and "pyproject.toml" in readme
    for folder_name in ("docs/", "data/publications.yml", "data/cv.yml", "hooks/publications_hook.py",
                        "tests/test_site.py", "mkdocs.yml", "overrides/"):
        assert folder_name in readme, folder_name
    assert "kit's README" not in readme and "constraints" not in readme


def test_nothing_of_this_repositorys_owner_is_left(new_site):
    folder, _, _ = new_site
    owner = read_publications(PROJECT_ROOT / "data/publications.yml", "d").owner
    names = [owner.name, *owner.name_forms]
    family = owner.name.split()[-1]
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(folder)}: {name}" for name in (*names, family) if name in text]
    assert not found, found
    own_papers = {paper.id for paper in read_publications(PROJECT_ROOT / "data/publications.yml", "d").papers}
    assert not own_papers & {path.stem for path in (folder / "docs/papers").glob("*")}
    assert not (folder / "docs/assets/cv.pdf").exists() and not (folder / "docs/assets/images/photo.svg").exists()


def test_the_new_site_builds_strict_with_the_installed_kit(new_site, built_site):
    site = built_site
    home = page(site, "")
    assert home.find("h1").get_text(strip=True).startswith("Ada Example")
    assert home.find("li", id="example2024flows") is not None  # al-folio's selected = {true}
    assert home.find("a", href="https://github.com/ada-example") is not None
    assert home.find("meta", property="og:image")["content"] == "https://ada.example.org/assets/images/social-card.png"
    # The kit's stylesheets and scripts reach the build from the installed package.
    stylesheets = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert "assets/stylesheets/publications.css" in stylesheets, stylesheets
    assert (site / "assets/stylesheets/publications.css").is_file()
    assert (site / "assets/javascripts/filters.js").is_file()
    # The CV: its page and PDF list the imported papers; its empty sections are left out.
    cv_page = page(site, "cv/")
    assert [h2.get_text(strip=True) for h2 in cv_page.select(".cv-section h2")] == ["Publications"]
    assert "example2024flows" in str(cv_page.select_one("a.cv-paper-title"))
    cv_text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(site / "assets/cv.pdf").pages)
    assert cv_text.startswith("Ada Example") and "Education" not in cv_text
    for url, paper_id in [("publications/conference/", "example2024flows"),
                          ("publications/preprint/", "sample2023arxiv"), ("publications/other/", "sample2021book")]:
        assert page(site, url).find("li", id=paper_id) is not None, (url, paper_id)
        heading = page(site, url).find("li", id=paper_id).find_parent("ul").find_previous_sibling("h2")
        assert heading is not None and "pub-year-heading" in heading["class"], url  # year headings, as README says


@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_site_without_a_bibliography_builds_on_each_engine(tmp_path: Path, engine: str):
    folder = tmp_path / "empty-site"
    assert make_site(folder, name="Bo Sample", site_url="https://bo.example.org", out=io.StringIO()) == 0
    assert len(list((folder / "docs/publications").glob("*.md"))) == 6
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "site"), engine=engine),
                            cwd=folder, env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No papers yet." in page(tmp_path / "site", "publications/journal/").get_text()
    home = page(tmp_path / "site", "")
    assert "assets/stylesheets/publications.css" in [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert (tmp_path / "site/assets/javascripts/email.js").is_file()


def _run_site_tests(folder: Path) -> subprocess.CompletedProcess:
    """pytest, as the site's CI runs it: in the site's folder, the site's own pyproject.toml its
    configuration (the venv's pytest, with the kit installed)."""
    env = dict(mkdocs_env(), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_new_site_passes_its_own_tests_the_kits_checks(new_site):
    folder, _, _ = new_site
    tests = _run_site_tests(folder)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert f"rootdir: {folder}" in tests.stdout
    for name in SITE_CHECKS:  # each of the kit's checks was collected from the import and ran
        passed = f"tests/test_site.py::{name} PASSED" in tests.stdout
        skipped = name == "test_every_page_is_valid_html" and os.environ.get("CI") != "true" and \
            f"tests/test_site.py::{name} SKIPPED" in tests.stdout
        assert passed or skipped, (name, tests.stdout[-2000:])


def test_the_site_checks_fail_on_a_site_with_a_broken_link_or_a_stale_schema(new_site, tmp_path: Path):
    folder, _, _ = new_site
    broken = tmp_path / "broken-site"
    shutil.copytree(folder, broken)
    index = broken / "docs/index.md"
    index.write_text(index.read_text("utf-8") + '\n<a href="no-such-page/">a page that is not there</a>\n', "utf-8")
    schema = broken / "data/publications.schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"title"', '"titel"', 1), "utf-8")
    tests = _run_site_tests(broken)
    assert tests.returncode == 1, tests.stdout[-3000:]
    assert "tests/test_site.py::test_every_link_inside_the_site_leads_to_a_file_of_it FAILED" in tests.stdout
    assert "index.html: no-such-page/" in tests.stdout  # the message names the page and the link
    assert "tests/test_site.py::test_the_schema_editors_read_is_current FAILED" in tests.stdout
    assert "tests/test_site.py::test_every_paper_has_its_page_with_its_title_and_citation_tags PASSED" in tests.stdout


def test_the_site_checks_say_when_the_site_does_not_build(new_site, tmp_path: Path):
    folder, _, _ = new_site
    broken = tmp_path / "unbuildable-site"
    shutil.copytree(folder, broken)
    data = broken / "data/publications.yml"
    data.write_text(data.read_text("utf-8").replace("year:", "yeer:", 1), "utf-8")
    tests = _run_site_tests(broken)
    assert tests.returncode == 1
    assert "the site does not build" in tests.stdout and "field 'yeer': unknown field" in tests.stdout
    for name in SITE_CHECKS:  # every check of the built site errs with the build's message; the schema's runs
        outcome = "PASSED" if name == "test_the_schema_editors_read_is_current" else "ERROR"
        assert f"tests/test_site.py::{name} {outcome}" in tests.stdout, name
    assert "Traceback" not in tests.stdout


def _copy_built(built_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "built"
    shutil.copytree(built_site, copy)
    return copy


def test_the_paper_page_check_fails_without_a_page_or_with_a_wrong_title(new_site, built_site, tmp_path: Path):
    folder, _, _ = new_site
    site = _copy_built(built_site, tmp_path)
    site_checks.test_every_paper_has_its_page_with_its_title_and_citation_tags(folder, site)  # whole: passes
    paper = site / "papers/sample2023arxiv/index.html"
    paper.write_text(paper.read_text("utf-8").replace('name="citation_title" content="', 'name="citation_title" '
                                                      'content="Not ', 1), "utf-8")
    with pytest.raises(AssertionError, match="sample2023arxiv"):
        site_checks.test_every_paper_has_its_page_with_its_title_and_citation_tags(folder, site)
    paper.unlink()
    with pytest.raises(AssertionError, match="no page for paper 'sample2023arxiv'"):
        site_checks.test_every_paper_has_its_page_with_its_title_and_citation_tags(folder, site)


def test_the_html_check_fails_on_invalid_html(new_site, built_site, tmp_path: Path):
    folder, _, _ = new_site
    site = _copy_built(built_site, tmp_path)
    cv = site / "cv/index.html"
    cv.write_text(cv.read_text("utf-8").replace("<h1", '<h1 id="same"></h1><p id="same"></p><h1', 1), "utf-8")
    with pytest.raises(AssertionError, match="same"):  # a duplicate id; skipped where Java is missing (not in CI)
        site_checks.test_every_page_is_valid_html(site)


def test_the_cv_check_fails_on_a_pdf_without_its_sections_or_author(new_site, built_site, tmp_path: Path):
    folder, _, _ = new_site
    site = _copy_built(built_site, tmp_path)
    site_checks.test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows(folder, site)  # whole: passes
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": "Ada Example"})
    with open(site / "assets/cv.pdf", "wb") as pdf:
        writer.write(pdf)
    with pytest.raises(AssertionError, match="assets/cv.pdf"):  # "Publications" is not in it
        site_checks.test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows(folder, site)
    writer.add_metadata({"/Author": "Somebody Else"})
    with open(site / "assets/cv.pdf", "wb") as pdf:
        writer.write(pdf)
    with pytest.raises(AssertionError):
        site_checks.test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows(folder, site)


def test_the_site_root_is_pytests_root_folder_or_the_nearest_one_with_settings(tmp_path: Path):
    (tmp_path / "site/tests").mkdir(parents=True)
    (tmp_path / "site/mkdocs.yml").write_text("site_name: x\n", "utf-8")
    assert site_checks.find_site_root(tmp_path / "site", tmp_path / "site/tests/test_site.py") == tmp_path / "site"
    assert site_checks.find_site_root(tmp_path, tmp_path / "site/tests/test_site.py") == tmp_path / "site"
    assert site_checks.find_site_root(tmp_path / "elsewhere", tmp_path / "elsewhere/test_x.py") is None


@pytest.mark.parametrize("source, dependency", [
    ("pypi", f"pubsite=={VERSION}"),
    ("git+https://code.example.org/kit/pubsite.git", f"pubsite @ git+https://code.example.org/kit/pubsite.git@v{VERSION}"),
    ("https://code.example.org/kit/pubsite", f"pubsite @ git+https://code.example.org/kit/pubsite@v{VERSION}"),
])
def test_kit_source_pins_pypi_or_a_tag_of_the_kits_repository(tmp_path: Path, capsys, source: str, dependency: str):
    assert cli.main(["new", str(tmp_path / "site"), "--name", "Bo Sample", "--site-url", "https://bo.example.org/",
                     "--kit-source", source]) == 0
    project = tomllib.loads((tmp_path / "site/pyproject.toml").read_text("utf-8"))["project"]
    assert project["dependencies"] == [dependency]
    assert project["optional-dependencies"]["test"] == [dependency.replace("pubsite", "pubsite[test]", 1)]
    out = capsys.readouterr().out
    assert f"Pinned the kit: {dependency} (" in out
    if source != "pypi":
        assert f"its tag v{VERSION} in the kit's repository" in out


@pytest.mark.parametrize("source, guide", [
    ("git+https://github.com/OWNER/REPO", f"<https://github.com/OWNER/REPO/blob/v{VERSION}/kit/guide/README.md>"),
    ("git+ssh://git@vcs.example.org/kit/pubsite.git",
     f"kit/guide/README.md in the kit's repository (ssh://git@vcs.example.org/kit/pubsite.git), at tag v{VERSION}"),
])
def test_a_git_pin_links_the_readme_to_the_guide_in_that_repository(tmp_path: Path, capsys, monkeypatch,
                                                                    source: str, guide: str):
    monkeypatch.setattr(kit_pin, "repository", lambda: None)       # the kit's metadata records none
    assert cli.main(["new", str(tmp_path / "site"), "--name", "Bo Sample", "--site-url", "https://bo.example.org/",
                     "--kit-source", source]) == 0
    readme = (tmp_path / "site/README.md").read_text("utf-8")
    assert f"the version this site pins (`pubsite` {VERSION}): {guide}" in readme
    assert "in the kit's repository, at tag" not in readme
    assert capsys.readouterr().out.rstrip().endswith(f"The kit's guide: {guide.strip('<>')}")


def test_the_owners_name_and_address_are_written_as_data_not_markup(tmp_path: Path):
    from conftest import mkdocs_env as env

    name, url = "Ada <Example> & Co", "https://ada.example.org/~ada/"
    folder = tmp_path / "site"
    assert make_site(folder, name=name, site_url=url, out=io.StringIO()) == 0
    config = site_checks.load_config(folder / "mkdocs.yml")
    assert (config["site_name"], config["site_url"]) == (name, url)
    assert f'site_url: "{url}"' in (folder / "mkdocs.yml").read_text("utf-8")
    assert "# Ada &lt;Example&gt; &amp; Co\n" in (folder / "docs/index.md").read_text("utf-8")
    assert (folder / "README.md").read_text("utf-8").startswith("# Ada &lt;Example&gt; &amp; Co's homepage\n")
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "out")), cwd=folder,
                            env=env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    home = page(tmp_path / "out", "")
    heading = home.find("h1")
    assert heading.get_text(strip=True).removesuffix("¶") == name and heading.find("example") is None
    footer = home.find("div", class_="md-copyright__highlight")
    assert footer.get_text(strip=True) == f"Copyright © {name}" and footer.find("example") is None
    # An address the settings would read otherwise (YAML: " #" starts a comment) is written as it is given.
    from pubsite.commands.new_site import site_config

    settings = site_config(site_files.settings_template(), name="Bo", site_url="https://bo.example.org/a #b/",
                           pages=["publications/journal.md"], email=None, affiliations=[], profiles={})
    assert yaml.load(settings, Loader=_SettingsLoader)["site_url"] == "https://bo.example.org/a #b/"


@pytest.mark.parametrize("name, url, message", [
    ("Ada\nExample", "https://ada.example.org/", "give your name on one line"),
    ("   ", "https://ada.example.org/", "give your name on one line"),
    ("Ada Example", "https://ada.example.org/my site/", "without spaces"),
])
def test_a_name_on_two_lines_or_an_address_with_spaces_is_refused(tmp_path: Path, name: str, url: str, message: str):
    with pytest.raises(NewSiteError, match=message):
        make_site(tmp_path / "site", name=name, site_url=url, out=io.StringIO())
    assert not (tmp_path / "site").exists()


def test_kit_source_pins_a_local_wheel_or_folder_and_says_it_is_local(tmp_path: Path, capsys):
    wheel = tmp_path / f"pubsite-{VERSION}-py3-none-any.whl"
    wheel.write_bytes(b"")
    kit = tmp_path / "kit"
    (kit / "kit/pubsite").mkdir(parents=True)  # a checkout of the kit: what pubsite upgrade reads its version from
    (kit / "pyproject.toml").write_text("[project]\nname = 'pubsite'\n", "utf-8")
    (kit / "kit/pubsite/__init__.py").write_text(f'__version__ = "{VERSION}"\n', "utf-8")
    for number, source in enumerate((wheel, kit)):
        folder = tmp_path / f"site{number}"
        assert cli.main(["new", str(folder), "--name", "Bo Sample", "--site-url", "https://bo.example.org/",
                         "--kit-source", str(source)]) == 0
        pyproject = (folder / "pyproject.toml").read_text("utf-8")
        assert tomllib.loads(pyproject)["project"]["dependencies"] == [f"pubsite @ {source.resolve().as_uri()}"]
        assert "on this machine only" in capsys.readouterr().out
    assert kit_pin.find_pin((tmp_path / "site0/pyproject.toml").read_text("utf-8")).version == VERSION


@pytest.mark.parametrize("source, message", [
    ("no-such-kit", "no such file or folder"),
    ("pubsite-0.0.1-py3-none-any.whl", "that wheel is pubsite 0.0.1, but this is pubsite"),
    ("notes.txt", "not a wheel of the kit"),
    ("empty-folder", "that folder holds no kit"),
])
def test_a_wrong_kit_source_is_refused_and_nothing_is_written(tmp_path: Path, capsys, source: str, message: str):
    (tmp_path / "pubsite-0.0.1-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    (tmp_path / "empty-folder").mkdir()
    assert cli.main(["new", str(tmp_path / "site"), "--name", "A B", "--site-url", "https://a.example.org/",
                     "--kit-source", str(tmp_path / source)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: --kit-source {tmp_path / source}: ") and message in captured.err
    assert "Traceback" not in captured.err and not (tmp_path / "site").exists()


def test_a_folder_in_use_or_a_wrong_address_is_refused(tmp_path: Path, capsys):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NewSiteError, match="exists and is not an empty folder"):
        make_site(tmp_path / "used", name="A B", site_url="https://a.example.org/")
    with pytest.raises(NewSiteError, match="exists and is not an empty folder"):
        make_site(tmp_path / "used" / "notes.txt", name="A B", site_url="https://a.example.org/")
    with pytest.raises(NewSiteError, match="final address"):
        make_site(tmp_path / "fresh", name="A B", site_url="a.example.org")
    assert not (tmp_path / "fresh").exists()
    assert (tmp_path / "used" / "notes.txt").read_text("utf-8") == "mine" and len(list((tmp_path / "used").iterdir())) == 1
    # The command prints the message, never a traceback.
    assert cli.main(["new", str(tmp_path / "used"), "--name", "A B", "--site-url", "https://a.example.org/"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "exists and is not an empty folder" in err and "Traceback" not in err


def test_new_reads_nothing_outside_the_installed_package(tmp_path: Path):
    """The package alone, copied away from this checkout and imported from there, makes the same site
    with the working folder elsewhere; every file it opens is its own, the interpreter's or the new
    site's (an audit hook of that child interpreter records each one)."""
    package = tmp_path / "installed"
    shutil.copytree(Path(pubsite.__file__).parent, package / "pubsite",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = textwrap.dedent("""
        import json, os, sys
        checkout = sys.argv[1]
        def in_checkout(path):  # the interpreter's own files (its venv may be in the checkout) aside
            path = os.path.abspath(path or ".")
            return path.startswith(checkout + os.sep) and not path.startswith(sys.prefix + os.sep)
        sys.path[:] = [entry for entry in sys.path if not in_checkout(entry)]
        opened = []
        def record(event, args):
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                opened.append(os.path.abspath(os.fsdecode(args[0])))
        sys.addaudithook(record)
        import pubsite
        from pubsite.commands import cli
        status = cli.main(["new", "site", "--name", "Bo Sample", "--site-url", "https://bo.example.org/"])
        print(json.dumps({"status": status, "package": pubsite.__file__, "prefix": sys.prefix, "opened": opened}))
    """)
    env = dict(os.environ, PYTHONPATH=str(package), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-c", script, str(PROJECT_ROOT)], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 0 and report["package"] == str(package / "pubsite/__init__.py")
    # The interpreter's own files (its venv may sit inside the checkout) aside, nothing of the checkout.
    from_checkout = [path for path in report["opened"] if Path(path).is_relative_to(PROJECT_ROOT)
                     and not Path(path).is_relative_to(report["prefix"])]
    assert from_checkout == []
    assert any(path.endswith("site_template/mkdocs.yml") and path.startswith(str(package)) for path in report["opened"])
    site = elsewhere / "site"
    assert {name for name in _files(site) if not name.startswith("docs/publications/")} == OWNER_FILES


def test_the_command_says_its_version_and_where_the_guide_is(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"pubsite {VERSION}"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert help_text.endswith(" ".join(f"The kit's guide (data files, import, CV, publishing, upgrading): "
                                       f"{kit_pin.guide_link(VERSION)}".split()))
    result = subprocess.run([sys.executable, "-m", "pubsite", "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, f"pubsite {VERSION}")


def test_the_social_card_writes_every_letter_or_is_not_made():
    from PIL import Image, ImageFont

    from pubsite.cv.font_coverage import covers
    from pubsite.render.social_card import social_card_png

    assert not covers(ImageFont.load_default(size=40), "María")  # Pillow's own font has no accents ...
    card = social_card_png("María José García-López", "MG", "Universidad de Ejemplo")
    assert card is not None  # ... so a system font with them is used (tests run where DejaVu is installed)

    with Image.open(io.BytesIO(card)) as image:
        assert image.size == (1200, 630) and len(image.getcolors(100000)) > 2  # text drawn, not a blank
    assert social_card_png("Name \U000F0000", "N") is None  # a letter no font has: no card, no boxes


@pytest.mark.parametrize("name, letters", [("Ada Example", "AE"), ("Jean-Luc Picard", "JP"), ("Plato", "PL"),
                                           ("María José García-López", "MG")])
def test_the_favicon_shows_the_initials(name: str, letters: str):
    assert initials(name) == letters
    assert f">{letters}</text>" in favicon_svg(name)
