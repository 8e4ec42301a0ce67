"""A paper with a collaboration's author list (hundreds or thousands of names) costs the site in
proportion to its authors, not their square. It is listed on the page of each co-author, and each
such entry knows only the list's first ``LISTED_AUTHORS`` (the filters' data, the BibTeX toggle);
the paper's own page and its citation files keep every author. The renderers are checked as plain
Python; one build of the reference site with a paper of 300 invented authors checks the pages."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import build_ok, copy_project, page

from pubsite.render.browse_pages import render_coauthor_page
from pubsite.render.coauthors import CoauthorIndex
from pubsite.render.filter_form import render_filter_form
from pubsite.render.llms_txt import llms_txt
from pubsite.render.long_author_lists import LISTED_AUTHORS
from pubsite.data.model import Owner, Paper, Publications
from pubsite.plan.pagination import split_list
from pubsite.render.rendering import coauthor_page_path, render_authors_short, render_list_item

OWNER = "Ada Example"
GIVEN = ("Aino", "Bilal", "Carmen", "Dmitri", "Eszter", "Farid", "Grete", "Hiro", "Ines", "Jonas")
FAMILIES = ("Abend", "Birk", "Corm", "Dalb", "Ekl", "Falk", "Gorm", "Hald", "Ingv", "Jorn")
ENDINGS = ("berg", "holm", "mark", "lund", "gren", "dahl")


def _collaboration(count: int) -> tuple[str, ...]:
    """``count`` invented people (ASCII, so a name is easy to look for), the owner at two thirds."""
    names = [f"{GIVEN[index % 10]} {FAMILIES[index // 10 % 10]}{ENDINGS[index // 100]}" for index in range(count - 1)]
    names.insert(2 * len(names) // 3, OWNER)
    return tuple(names)


def _key(name: str) -> str:
    return name.lower().replace(" ", "-")


def _bibtex_form(name: str) -> str:
    given, family = name.split(" ")
    return f"{family}, {given}"


def _named(text: str, names) -> set[str]:
    """The ``names`` that ``text`` holds in any form a page writes them: as shown, as a key, as BibTeX."""
    return {name for name in names if name in text or _key(name) in text or _bibtex_form(name) in text}


# --------------------------------------------------------------------------- plain Python

AUTHORS = _collaboration(300)
LAST = AUTHORS[-1]                        # far past the first LISTED_AUTHORS


def _publications() -> Publications:
    long_one = Paper(id="collab", section="conference", title="Waves", authors=AUTHORS, venue="V", year=2025)
    small = Paper(id="small", section="journal", title="Tides", authors=(OWNER, LAST, "Bo Sample"), venue="W",
                  year=2024)
    return Publications(Owner(OWNER), [long_one, small])


def test_a_list_entry_names_the_first_authors_and_links_the_full_bibtex():
    publications = _publications()
    paper = publications.by_id["collab"]
    full = "@inproceedings{collab,\n    author = {" + " and ".join(map(_bibtex_form, AUTHORS)) + "}\n}\n"
    html = render_list_item(paper, publications, lambda path: "/" + path, full)
    entry = BeautifulSoup(html, "html.parser").li
    assert entry["data-coauthors"].split() == [_key(name) for name in AUTHORS[:LISTED_AUTHORS]]
    code = entry.select_one("details pre code").get_text()
    assert code.count(" and ") == LISTED_AUTHORS and code.count(" and others") == 1
    assert _named(code, AUTHORS) == set(AUTHORS[:LISTED_AUTHORS])
    assert entry.select_one(".pub-bibtex-more a")["href"] == "/papers/collab/cite.bib"
    assert "first 50 of 300 authors" in entry.get_text()
    # The author line: the first seven, the owner where they are, how many more.
    line = entry.select_one(".pub-authors").get_text()
    assert line.endswith("and 292 more") and OWNER in line
    assert len(html) < 6_000  # 3.2 KB; with all 300 names, 11.6 KB


def test_an_ordinary_entry_carries_every_coauthor_and_its_whole_bibtex():
    twelve = _collaboration(12)
    paper = Paper(id="p", section="conference", title="T", authors=twelve, venue="V", year=2020)
    publications = Publications(Owner(OWNER), [paper])
    entry = BeautifulSoup(render_list_item(paper, publications, lambda path: path, "@misc{p,\n}\n"), "html.parser").li
    assert len(entry["data-coauthors"].split()) == 11
    assert entry.select_one("details pre code").get_text() == "@misc{p,\n}" and not entry.select(".pub-bibtex-more")


def test_on_a_coauthors_page_the_person_is_on_every_entry_and_not_offered():
    publications = _publications()
    index = publications.coauthors
    person = index.people[index.key_of[LAST]]
    pages = tuple(split_list(coauthor_page_path(person.key), person.papers, 100))
    soup = BeautifulSoup(render_coauthor_page(person, pages, 1, publications, lambda path: path), "html.parser")
    for entry in soup.select("li.pub"):
        assert person.key in entry["data-coauthors"].split()
    options = [option["value"] for option in soup.select("select[name=coauthor] option")]
    assert person.key not in options and "bo-sample" in options
    assert len(options) <= LISTED_AUTHORS + 2  # "Everyone", the first authors of one, Bo Sample of the other


def test_the_filter_form_offers_the_first_authors_and_says_why():
    publications = _publications()
    soup = BeautifulSoup(render_filter_form(publications.papers, publications, "f"), "html.parser")
    select = soup.select_one("select[name=coauthor]")
    offered = {option["value"] for option in select.select("option")} - {""}
    assert offered == {_key(name) for name in AUTHORS[:LISTED_AUTHORS]} | {_key(LAST), "bo-sample"}
    note = soup.select_one(f"#{select['aria-describedby']}")
    assert "first 50 authors" in note.get_text() and "1 paper here has more" in note.get_text()
    ordinary = [publications.by_id["small"], Paper(id="x", section="journal", title="X", authors=(OWNER, "Cy Gamma"),
                                                   venue="V", year=2020)]
    soup = BeautifulSoup(render_filter_form(ordinary, publications, "f"), "html.parser")
    assert not soup.select(".pub-filter-note") and not soup.select("[aria-describedby]")


def test_the_owner_is_shown_wherever_they_stand_found_once():
    publications = _publications()
    paper = publications.by_id["collab"]
    index = CoauthorIndex(publications)
    assert index.owner_at(paper) == (AUTHORS.index(OWNER),)
    assert index.owner_at(Paper(id="collab", section="other", title="T", authors=("Bo Sample", OWNER),
                                venue="V", year=2020)) == (1,)  # another paper of that id: looked for
    line = render_authors_short(paper, publications.owner, owner_at=index.owner_at(paper))
    assert line == render_authors_short(paper, publications.owner)


def test_llms_txt_names_the_first_authors_and_how_many_more():
    publications = _publications()
    text = llms_txt(publications, "Site", "", lambda path: "https://example.org/" + path, [])
    line = next(line for line in text.splitlines() if "papers/collab/" in line)
    assert f"and {300 - LISTED_AUTHORS} more" in line
    assert _named(line, AUTHORS) == set(AUTHORS[:LISTED_AUTHORS])


# --------------------------------------------------------------------------- the built site

@pytest.fixture(scope="module")
def collaboration_site(tmp_path_factory):
    """The reference site with one more paper, of 300 authors, selected and with a topic: on the home
    page, the conference list, a topic's page and the pages of all its co-authors."""
    project = copy_project(tmp_path_factory.mktemp("many-authors"))
    data = project / "data/publications.yml"
    entry = {"section": "conference", "title": "Waves Seen by Three Hundred", "authors": list(AUTHORS),
             "venue": "ICML 2025", "year": 2025, "topics": ["Tides"], "selected": True,
             "summary": "An invented paper with a long author list."}
    lines = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in entry.items())
    data.write_text(data.read_text(encoding="utf-8") + f"\n  - id: collab\n{lines}", encoding="utf-8")
    return build_ok(project)


def test_each_coauthors_page_holds_a_few_names_not_all(collaboration_site):
    site = collaboration_site
    ordinary = (site / "coauthors/finn-brennan/index.html").stat().st_size  # one paper of six authors
    for name in (AUTHORS[0], AUTHORS[150], LAST):
        path = site / f"coauthors/{_key(name)}/index.html"
        text = path.read_text(encoding="utf-8")
        named = _named(text, AUTHORS)
        assert named <= set(AUTHORS[:LISTED_AUTHORS]) | {name, OWNER}, sorted(named - set(AUTHORS[:LISTED_AUTHORS]))
        assert path.stat().st_size < ordinary + 5_000  # 50 names in two forms; all 300 took 10 KB more
        entry = page(site, f"coauthors/{_key(name)}/").select_one("li#collab")
        assert _key(name) in entry["data-coauthors"].split()


def test_every_list_of_the_paper_is_bounded(collaboration_site):
    for url in ("", "publications/conference/", "topics/tides/"):
        soup = page(collaboration_site, url)
        entry = soup.select_one("li#collab")
        assert len(entry["data-coauthors"].split()) <= LISTED_AUTHORS, url
        assert _named(str(entry), AUTHORS) <= set(AUTHORS[:LISTED_AUTHORS]) | {OWNER}, url
        assert len(soup.select("select[name=coauthor] option")) <= LISTED_AUTHORS + 20, url  # and the others'
    form = page(collaboration_site, "publications/conference/").select_one("form.pub-filters")
    assert "knows the first 50 authors" in form.select_one(".pub-filter-note").get_text()
    href = page(collaboration_site, "publications/conference/").select_one("li#collab .pub-bibtex-more a")["href"]
    assert (collaboration_site / "publications/conference" / href).resolve() == \
        (collaboration_site / "papers/collab/cite.bib").resolve()


def test_the_paper_and_its_citations_keep_every_author(collaboration_site):
    site = collaboration_site
    authors = page(site, "papers/collab/").select_one(".pub-authors").get_text()
    assert all(name in authors for name in AUTHORS)
    bibtex = (site / "papers/collab/cite.bib").read_text(encoding="utf-8")
    assert bibtex.count(" and ") == len(AUTHORS) - 1 and _named(bibtex, AUTHORS) == set(AUTHORS)
    assert len(json.loads((site / "papers/collab/cite.json").read_text(encoding="utf-8"))[0]["author"]) == len(AUTHORS)
    assert (site / "papers/collab/cite.ris").read_text(encoding="utf-8").count("\nAU  - ") == len(AUTHORS)
    assert _named((site / "publications.bib").read_text(encoding="utf-8"), AUTHORS) == set(AUTHORS)
    markdown = (site / "papers/collab/index.html.md").read_text(encoding="utf-8")
    assert _named(markdown, AUTHORS) == set(AUTHORS)
    index = page(site, "coauthors/").get_text()
    assert all(name in index for name in AUTHORS if name != OWNER)  # everyone has a page, listed once
