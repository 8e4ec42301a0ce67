"""A paper's ``preview:`` picture: checked (a picture, in docs/, measured), shown small and lazily in
lists and in full on the paper's page, with its width and height so that the page does not jump."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import build_fails, build_ok, parse
from PIL import Image

from pubsite.errors import DataError
from pubsite.model import Thumbnail
from pubsite.validation import read_publications

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


def _with_preview(project: Path, name: str = "figure.png", size=(160, 100)) -> str:
    """The project's first paper gets a thumbnail; returns its id."""
    data_file = project / DATA_NAME
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    first = data["papers"][0]
    first["preview"] = f"papers/{first['id']}/{name}"
    picture(project / "docs" / "papers" / first["id"] / name, size)
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return first["id"]


def _thumbnails(site: Path) -> dict[str, list]:
    """Every page's thumbnails, by the page's URL inside the site."""
    found = {}
    for html in site.rglob("*.html"):
        images = parse(html).select("img.pub-thumb")
        if images:
            found[html.relative_to(site).as_posix()] = images
    return found


def test_lists_show_the_thumbnail_lazily_and_the_paper_page_at_once(project: Path):
    paper_id = _with_preview(project)
    site = build_ok(project)
    thumbnails = _thumbnails(site)
    paper_page = f"papers/{paper_id}/index.html"
    assert paper_page in thumbnails
    assert len(thumbnails) >= 2, "no list shows the thumbnail"
    for url, images in thumbnails.items():
        assert len(images) == 1, url
        image = images[0]
        target = urljoin(f"https://site.test/{url}", image["src"]).removeprefix("https://site.test/")
        assert target == f"papers/{paper_id}/figure.png", url
        assert (site / target).is_file()
        assert (image["width"], image["height"], image["alt"]) == ("160", "100", ""), url
        assert image.get("loading") == (None if url == paper_page else "lazy"), url
        if url != paper_page:
            assert image.find_parent("li", class_="pub")["id"] == paper_id


def test_a_missing_thumbnail_fails_the_build(project: Path):
    data_file = project / DATA_NAME
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data["papers"][0]["preview"] = "papers/nowhere.png"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    output = build_fails(project)
    assert f"paper '{data['papers'][0]['id']}': field 'preview': docs/papers/nowhere.png does not exist" in output
