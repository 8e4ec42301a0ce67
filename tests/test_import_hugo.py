"""A Hugo Blox (Hugo Academic) site's publications import, front matter and ``cite.bib`` together.

The fixture is a ``content/publication`` folder with two publications (invented): one described
by its ``index.md`` front matter alone (and its ``featured.jpg``), one with a ``cite.bib`` beside it.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import yaml
from conftest import build_ok, page

from pubsite.importers.import_bibtex import read_bibtex, run

PUBLICATIONS = Path(__file__).parent / "fixtures" / "hugo_blox" / "content" / "publication"


def test_front_matter_fields_become_the_papers_fields():
    conference, journal = read_bibtex(PUBLICATIONS, owner="Ada Example")
    assert conference.fields == {
        "section": "conference", "title": "An Example Conference Paper",
        "authors": ["Ada Example", "Bo Sample"],  # "admin" is the site's owner
        "venue": "ECONF 2021", "venue_full": "Proceedings of the Example Conference 2021",
        "year": 2021, "month": 7, "equal_contribution": ["Ada Example", "Bo Sample"],  # from author_notes
        "summary": "We study examples & counter-examples for 100% of cases.",
        "arxiv": "2107.01234v2", "selected": True, "bibtex_key": "conference-paper",
        "links": {"code": "https://github.com/example/examples", "slides": "https://example.org/slides.pdf",
                  "blog": "https://example.org/blog/examples"},  # links: [{name: Blog post, url: ...}]
    }
    assert [(local.kind, local.source.name) for local in conference.local_files] == [("preview", "featured.jpg")]
    assert "not kept (the publication list has no such field): tags" in conference.notes


def test_a_cite_bib_gives_the_details_and_the_front_matter_its_links():
    _, journal = read_bibtex(PUBLICATIONS, owner="Ada Example")
    assert journal.key == "sample2015"
    for name, value in {"section": "journal", "venue": "Journal of Examples", "volume": "5", "number": "2",
                        "pages": "10–20", "month": 9, "publisher": "Example Press",
                        "links": {"pdf": "https://example.org/article.pdf", "project": "https://example.org/project"}
                        }.items():
        assert journal.fields[name] == value, name
    assert "selected" not in journal.fields  # featured: false


def test_a_hugo_blox_folder_imports_and_builds(project: Path):
    data = project / "data" / "publications.yml"
    owner = yaml.safe_load(data.read_text("utf-8"))["owner"]["name"]
    out = io.StringIO()
    assert run([str(PUBLICATIONS)], str(data), out=out) == 0, out.getvalue()
    added = {paper["id"]: paper for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]}
    assert added["conference-paper"]["authors"][0] == owner
    assert added["conference-paper"]["preview"] == "papers/conference-paper/featured.jpg"
    site = build_ok(project)
    paper = page(site, "papers/conference-paper/")
    assert paper.find("a", href="https://github.com/example/examples") is not None
    assert paper.find("img", class_="pub-thumb")["src"] == "featured.jpg"
    assert (site / "papers/conference-paper/featured.jpg").is_file()


def test_a_folder_without_publications_is_refused(tmp_path: Path, capsys):
    data = tmp_path / "publications.yml"
    data.write_text("owner:\n  name: A B\npapers: []\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert run([str(tmp_path / "empty")], str(data), out=io.StringIO()) == 1
    assert "no publication folders (<name>/index.md) in it" in capsys.readouterr().err


def test_a_malformed_cite_bib_is_reported_with_its_file_and_line(tmp_path: Path):
    """It costs only its own publication: skipped with the file and line, the other imported."""
    folder = tmp_path / "publication"
    shutil.copytree(PUBLICATIONS, folder)
    cite = folder / "journal-article" / "cite.bib"
    cite.write_text(cite.read_text("utf-8").replace("  volume = {5},", "  volume = {5"), encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()  # the other publication's picture is copied there
    data = tmp_path / "data" / "publications.yml"
    data.write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    out = io.StringIO()
    assert run([str(folder)], str(data), out=out) == 1
    report = out.getvalue()
    skipped = report.split("Skipped 1:", 1)[1]
    assert f"{cite}:" in skipped and "malformed BibTeX" in skipped
    line = int(skipped.split(f"{cite}:", 1)[1].split(":", 1)[0])
    assert 5 <= line <= 12, report  # where pybtex notices the unclosed brace
    papers = yaml.safe_load(data.read_text("utf-8"))["papers"]
    assert [paper["section"] for paper in papers] == ["conference"]  # conference-paper, still imported
