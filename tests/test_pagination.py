"""Long lists are split into pages a phone can load, and nothing is lost or listed twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_fails, build_ok, copy_project, page
from pubsite.data.model import Paper
from pubsite.plan.pagination import continuation_path, render_pager, split_list


def paper(number: int) -> Paper:
    return Paper(id=f"p{number}", section="conference", title=f"Paper {number}", authors=("A B",),
                 venue="V", year=2020)


@pytest.mark.parametrize(
    ("owner", "expected"),
    [("publications/conference.md", "publications/conference/2.md"),
     ("publications/index.md", "publications/2.md"),
     ("papers.md", "papers/2.md"),
     ("index.md", "2.md")],
)
def test_continuation_pages_sit_beside_the_owner_page(owner: str, expected: str):
    assert continuation_path(owner, 2) == expected
    assert continuation_path(owner, 2, "workshop-preprint").endswith("workshop-preprint-2.md")


def test_split_keeps_every_paper_once_in_order():
    papers = [paper(n) for n in range(7)]
    pages = split_list("pubs.md", papers, 3)
    assert [page.docs_path for page in pages] == ["pubs.md", "pubs/2.md", "pubs/3.md"]
    assert [p for page in pages for p in page.papers] == papers
    assert [len(page.papers) for page in pages] == [3, 3, 1] and {page.count for page in pages} == {3}
    assert len(split_list("pubs.md", papers, 7)) == 1 and len(split_list("pubs.md", [], 3)) == 1
    with pytest.raises(ValueError):
        split_list("pubs.md", papers, 0)


def test_pager_marks_the_current_page_and_links_the_others():
    pages = split_list("pubs.md", [paper(n) for n in range(7)], 3)
    html = render_pager(pages, 2, lambda path: f"/{path}", "List")
    assert '<span aria-current="page">2</span>' in html
    assert '<a href="/pubs.md" rel="prev">' in html and '<a href="/pubs/3.md" rel="next">' in html
    assert render_pager(pages[:1], 1, str, "List") == ""


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("paged") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  publications_per_page: 3\n", 1),
                      encoding="utf-8")
    return build_ok(project)


def listed(soup) -> list[str]:
    return [item["id"] for item in soup.select("article li.pub")]


def test_a_long_list_is_split_and_every_paper_is_on_exactly_one_page(paged_site: Path, site: Path):
    everything = listed(page(site, "publications/conference/"))
    assert len(everything) == 7
    first = page(paged_site, "publications/conference/")
    pages = [first, page(paged_site, "publications/conference/2/"), page(paged_site, "publications/conference/3/")]
    assert [len(listed(soup)) for soup in pages] == [3, 3, 1]
    assert [paper_id for soup in pages for paper_id in listed(soup)] == everything
    assert not (paged_site / "publications" / "conference" / "4").exists()
    assert first.select_one(".pub-range").get_text() == "Papers 1–3 of 7, newest first."
    pager = first.select_one("nav.pub-pager")
    assert pager.select_one('[aria-current="page"]').get_text() == "1"
    assert [a["href"] for a in pager.select("a")] == ["2/", "3/", "2/"]
    third = pages[2]
    assert third.title.get_text().startswith("Conference papers, page 3 of 3")
    assert third.select_one("article h1").get_text().rstrip("¶") == "Conference papers, page 3 of 3"
    assert "Welcome" not in third.get_text()


def test_paper_pages_link_back_to_the_page_that_lists_them(paged_site: Path):
    last = listed(page(paged_site, "publications/conference/3/"))[0]
    back = page(paged_site, f"papers/{last}/").select_one(".pub-back a")
    assert back["href"] == "../../publications/conference/3/"


def test_continuation_pages_stay_out_of_nav_and_search(paged_site: Path):
    home = page(paged_site, "")
    assert not home.select('nav a[href*="conference/2"]')
    index = (paged_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "publications/conference/2/" not in index
    assert re.search(r"publications/conference/2/</loc>", (paged_site / "sitemap.xml").read_text())


def test_a_short_list_has_no_pager(site: Path):
    soup = page(site, "publications/conference/")
    assert soup.select_one("nav.pub-pager") is None and soup.select_one(".pub-range") is None


@pytest.mark.parametrize("value", ["0", "ten", "true", "-3"])
def test_a_bad_page_size_fails_the_build_naming_the_setting(tmp_path: Path, value: str):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", f"\nextra:\n  publications_per_page: {value}\n", 1),
                      encoding="utf-8")
    output = build_fails(project)
    assert "mkdocs.yml: 'extra: publications_per_page:' must be a whole number of at least 1" in output


def test_list_pages_are_valid_html(paged_site: Path):
    from test_html_validity import check_html

    errors = check_html([paged_site / "publications" / "conference" / "index.html",
                         paged_site / "publications" / "conference" / "3" / "index.html"])
    assert not errors, "\n".join(f"{e['file']}:{e['line']}: {e['message']}" for e in errors)


def test_generated_paths_never_replace_the_owners_files(tmp_path: Path):
    """A file of the owner's where the site writes one of its own is an error, never overwritten."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "publications.bib").write_text("@misc{mine, title={Mine}}\n", encoding="utf-8")
    output = build_fails(project)
    assert "docs/publications.bib: the site generates this file; rename or remove yours" in output

    (project / "docs" / "publications.bib").unlink()
    (project / "docs" / "papers" / "buoy-model").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "papers" / "buoy-model" / "cite.ris").write_text("TY  - GEN\nER  - \n", encoding="utf-8")
    (project / "docs" / "papers" / "no-such-paper").mkdir()
    (project / "docs" / "papers" / "no-such-paper" / "cite.ris").write_text("TY  - GEN\nER  - \n", encoding="utf-8")
    output = build_fails(project)
    assert "docs/papers/buoy-model/cite.ris: the site generates this file; rename or remove yours" in output
    assert "no-such-paper" not in output  # no paper has that folder: the owner's file is theirs

    (project / "docs" / "papers" / "buoy-model" / "cite.ris").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  publications_per_page: 3\n", 1),
                      encoding="utf-8")
    (project / "docs" / "publications" / "conference").mkdir()
    (project / "docs" / "publications" / "conference" / "2.md").write_text("# Mine\n", encoding="utf-8")
    output = build_fails(project)
    assert "docs/publications/conference/2.md: the site generates this page for the long list" in output
