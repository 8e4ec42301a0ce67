"""``pubsite new`` makes a researcher's own site from an al-folio bibliography, end to end.

The new site must build with ``--strict``, pass its own tests (the generic ``test_your_site.py``,
run by pytest inside it, as its CI would), list every paper, and hold nothing of this repository's
owner: not their name in any file, not their pages, images or papers.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from conftest import PROJECT_ROOT, engine_command, mkdocs_env, page

from pubsite.commands.new_site import NewSiteError, favicon_svg, initials, make_site
from pubsite.data.validation import read_publications

ALFOLIO = Path(__file__).parent / "fixtures" / "alfolio"
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".toml", ".txt", ".svg", ".html", ".css", ".js", ".py", ".json", ".cfg"}


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
    assert 'site_name: "Ada Example"' in config and "site_url: https://ada.example.org/" in config
    assert "- publications/conference.md\n      - publications/preprint.md\n      - publications/other.md" in config
    assert ">AE</text>" in (folder / "docs/assets/images/favicon.svg").read_text("utf-8")
    from PIL import Image

    with Image.open(folder / "docs/assets/images/social-card.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
    assert "social_image: assets/images/social-card.png" in config
    assert (folder / "docs/papers/example2024flows/example2024.pdf").is_file()
    assert (folder / "data/publications.yml").read_text("utf-8").startswith("# yaml-language-server: $schema=")
    assert (folder / "data/publications.schema.json").is_file()


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


def test_the_new_site_builds_strict_and_passes_its_own_tests(new_site, tmp_path: Path):
    folder, _, _ = new_site
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "site")), cwd=folder,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    home = page(site, "")
    assert home.find("h1").get_text(strip=True).startswith("Ada Example")
    assert home.find("li", id="example2024flows") is not None  # al-folio's selected = {true}
    assert home.find("a", href="https://github.com/ada-example") is not None
    assert home.find("meta", property="og:image")["content"] == "https://ada.example.org/assets/images/social-card.png"
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

    env = dict(mkdocs_env(), PYTHONDONTWRITEBYTECODE="1")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert "5 passed" in tests.stdout or os.environ.get("CI") != "true", tests.stdout[-500:]


def test_a_new_site_without_a_bibliography_has_a_page_for_every_kind(tmp_path: Path):
    folder = tmp_path / "empty-site"
    assert make_site(folder, name="Bo Sample", site_url="https://bo.example.org", out=io.StringIO()) == 0
    assert len(list((folder / "docs/publications").glob("*.md"))) == 6
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "site")), cwd=folder,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No papers yet." in page(tmp_path / "site", "publications/journal/").get_text()


def test_a_folder_in_use_or_a_wrong_address_is_refused(tmp_path: Path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NewSiteError, match="exists and is not empty"):
        make_site(tmp_path / "used", name="A B", site_url="https://a.example.org/")
    with pytest.raises(NewSiteError, match="final address"):
        make_site(tmp_path / "fresh", name="A B", site_url="a.example.org")
    assert not (tmp_path / "fresh").exists()


def test_the_social_card_writes_every_letter_or_is_not_made():
    from PIL import Image, ImageFont

    from pubsite.cv.font_coverage import covers
    from pubsite.render.social_card import social_card_png

    assert not covers(ImageFont.load_default(size=40), "María")  # Pillow's own font has no accents ...
    card = social_card_png("María José García-López", "MG", "Universidad de Ejemplo")
    assert card is not None  # ... so a system font with them is used (tests run where DejaVu is installed)
    import io

    with Image.open(io.BytesIO(card)) as image:
        assert image.size == (1200, 630) and len(image.getcolors(100000)) > 2  # text drawn, not a blank
    assert social_card_png("Name \U000F0000", "N") is None  # a letter no font has: no card, no boxes


@pytest.mark.parametrize("name, letters", [("Ada Example", "AE"), ("Jean-Luc Picard", "JP"), ("Plato", "PL"),
                                           ("María José García-López", "MG")])
def test_the_favicon_shows_the_initials(name: str, letters: str):
    assert initials(name) == letters
    assert f">{letters}</text>" in favicon_svg(name)
