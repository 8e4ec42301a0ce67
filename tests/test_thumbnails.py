"""A paper's ``preview:`` picture: checked (a picture, in docs/, measured), shown small and lazily in
lists and in full on the paper's page, with its width and height so that the page does not jump."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import CONTENT_ROOT, build_fails, parse
from PIL import Image

from pubsite.data.errors import DataError
from pubsite.data.model import Thumbnail
from pubsite.render.rendering import page_thumbnail_size
from pubsite.data.validation import read_publications

DATA_NAME = "data/publications.yml"


def entry(**fields) -> dict:
    return {"id": "p", "section": "conference", "title": "T", "authors": ["A"], "venue": "V", "year": 2020,
            **fields}


def validate(tmp_path: Path, **fields):
    data = tmp_path / "publications.yml"
    document = {"owner": {"name": "A"}, "papers": [entry(**fields)]}
    data.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return read_publications(data, DATA_NAME, tmp_path / "docs")


def picture(path: Path, size=(40, 30), kind="PNG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 60, 20)).save(path, kind)
    return path


@pytest.mark.parametrize("name, kind", [("figure.png", "PNG"), ("figure.JPG", "JPEG"), ("f.webp", "WEBP")])
def test_a_picture_in_docs_is_measured(name, kind, tmp_path: Path):
    picture(tmp_path / "docs" / "papers" / "p" / name, (120, 90), kind)
    paper = validate(tmp_path, preview=f"papers/p/{name}").papers[0]
    assert paper.preview == Thumbnail(f"papers/p/{name}", 120, 90)


@pytest.mark.parametrize("value, message", [
    ("papers/p/missing.png", "docs/papers/p/missing.png does not exist"),
    ("https://example.org/figure.png", "is an address: a thumbnail is a file in docs/"),
    ("papers/p/figure.svg", "is not a picture browsers show: use .png, .jpg, .jpeg, .webp, .gif"),
    ("papers/p/text.png", "docs/papers/p/text.png is not a picture Pillow can read"),
])
def test_a_wrong_preview_names_file_entry_field_and_line(value, message, tmp_path: Path):
    (tmp_path / "docs" / "papers" / "p").mkdir(parents=True)
    (tmp_path / "docs" / "papers" / "p" / "text.png").write_text("not a picture", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(tmp_path, preview=value)
    text = (tmp_path / "publications.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, row in enumerate(text, start=1) if row.lstrip().startswith("preview:"))
    assert f"{DATA_NAME}:{line}: paper 'p': field 'preview': " in caught.value.describe()
    assert message in caught.value.describe()


def _thumbnails(site: Path) -> dict[str, list]:
    """Every page's thumbnails, by the page's URL inside the site."""
    found = {}
    for html in site.rglob("*.html"):
        images = parse(html).select("img.pub-thumb")
        if images:
            found[html.relative_to(site).as_posix()] = images
    return found


def _entry_of(image) -> str | None:
    """The id of the list entry a thumbnail is in (None: a paper page's own picture)."""
    entry = image.find_parent("li", class_="pub")
    return entry["id"] if entry else None


def test_lists_show_the_thumbnail_lazily_and_the_paper_page_at_once(site: Path):
    publications = read_publications(CONTENT_ROOT / DATA_NAME, DATA_NAME, CONTENT_ROOT / "docs")
    with_preview = {paper.id: paper.preview for paper in publications.papers if paper.preview}
    assert with_preview, "the reference site has no thumbnail to check"
    thumbnails = _thumbnails(site)
    for paper_id, preview in with_preview.items():
        paper_page = f"papers/{paper_id}/index.html"
        assert len(thumbnails.get(paper_page, [])) == 1, paper_page
        shown_on = [url for url, images in thumbnails.items() if url == paper_page
                    or any(_entry_of(image) == paper_id for image in images)]
        assert len(shown_on) >= 2, f"no list shows the thumbnail of {paper_id}"
        for url in shown_on:
            images = [image for image in thumbnails[url] if url == paper_page or _entry_of(image) == paper_id]
            assert len(images) == 1, url
            image = images[0]
            target = urljoin(f"https://site.test/{url}", image["src"]).removeprefix("https://site.test/")
            assert target == preview.path, url
            assert (site / target).is_file()
            with Image.open(site / target) as picture_file:
                width, height = picture_file.size
            if url == paper_page:
                width, height = page_thumbnail_size(width, height)
            assert (image["width"], image["height"]) == (str(width), str(height)), url
            assert image["alt"] == "", url
            assert image.get("loading") == (None if url == paper_page else "lazy"), url


def test_a_missing_thumbnail_fails_the_build(project: Path):
    data_file = project / DATA_NAME
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data["papers"][0]["preview"] = "papers/nowhere.png"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    output = build_fails(project)
    assert f"paper '{data['papers'][0]['id']}': field 'preview': docs/papers/nowhere.png does not exist" in output


@pytest.mark.parametrize("natural, shown", [
    ((320, 200), (160, 100)),   # half its pixels: two pixels a point on a phone
    ((1000, 500), (500, 250)),
    ((200, 100), (160, 80)),    # a small picture is not shown smaller than in lists ...
    ((100, 60), (100, 60)),     # ... nor larger than it is
    ((1, 1), (1, 1)),
    ((400, 1), (200, 1)),       # never a height of 0
])
def test_a_papers_page_shows_its_picture_at_half_its_pixels_within_bounds(natural, shown):
    assert page_thumbnail_size(*natural) == shown
