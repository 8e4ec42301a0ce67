"""Browsing by co-author and topic, and the site for machines (``llms.txt`` and each paper's
Markdown version): generated pages checked against the data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import CONTENT_ROOT, build_fails, build_ok, page

from pubsite.render.coauthors import CoauthorIndex, slug
from pubsite.data.errors import DataError
from pubsite.render.browse_pages import topics_of
from pubsite.data.model import Owner, Paper, Publications, newest_first
from pubsite.data.validation import read_publications


def _paper(number: int, *authors: str, topics=()) -> Paper:
    return Paper(id=f"p{number}", section="conference", title=f"T{number}", authors=authors, venue="V",
                 year=2000 + number, topics=tuple(topics))


def test_one_person_however_the_papers_spell_them():
    owner = Owner("Ada Example", ("A. Example",))
    index = CoauthorIndex(Publications(owner, [
        _paper(1, "Ada Example", "Jörg-Emil Lindqvist", "Wei Wang"),
        _paper(2, "J.-E. Lindqvist", "A. Example", "W. Wang", "Wen Wang"),
        _paper(3, "Jorg-Emil Lindqvist", "Ada Example"),
    ]))
    people = {person.name: person for person in index.by_name()}
    assert set(people) == {"Jörg-Emil Lindqvist", "Wei Wang", "Wen Wang", "W. Wang"}  # never the owner
    assert people["Jörg-Emil Lindqvist"].spellings == ("J.-E. Lindqvist", "Jorg-Emil Lindqvist")
    assert [paper.id for paper in people["Jörg-Emil Lindqvist"].papers] == ["p1", "p2", "p3"]
    assert people["Jörg-Emil Lindqvist"].years == (2001, 2003)
    # "W. Wang" could be Wei or Wen: kept apart rather than merged with the wrong one.
    assert [paper.id for paper in people["W. Wang"].papers] == ["p2"]


def test_middle_names_and_initials_may_be_left_out_and_the_fullest_spelling_is_shown():
    owner = Owner("Ada Example")
    index = CoauthorIndex(Publications(owner, [
        _paper(1, "Ada Example", "Tomas R. V. Okafor", "Bruno K. Sato"),
        _paper(2, "Ada Example", "Tomas Okafor", "B. Sato", "L. Moradi"),
        _paper(3, "Ada Example", "T. Okafor", "Bruno Sato", "L. Moradi", "D. Okafor"),
        _paper(4, "Ada Example", "Leila Moradi", "Dara T. Q. Okafor", "Dan Okafor"),
    ]))
    people = {person.name: person for person in index.by_name()}
    assert set(people) == {"Tomas R. V. Okafor", "Bruno K. Sato", "Leila Moradi", "Dara T. Q. Okafor",
                           "Dan Okafor", "D. Okafor"}
    assert people["Tomas R. V. Okafor"].spellings == ("T. Okafor", "Tomas Okafor")
    assert [paper.id for paper in people["Tomas R. V. Okafor"].papers] == ["p1", "p2", "p3"]
    assert people["Bruno K. Sato"].spellings == ("B. Sato", "Bruno Sato")
    assert people["Leila Moradi"].spellings == ("L. Moradi",)  # the full name, though initials are commoner
    assert [paper.id for paper in people["D. Okafor"].papers] == ["p3"]  # Dara or Dan: kept apart


def test_names_in_other_scripts_are_people_of_their_own():
    index = CoauthorIndex(Publications(Owner("Ada Example"), [
        _paper(1, "Ada Example", "王小明", "李华"),
        _paper(2, "Ada Example", "Иван Петров", "Мария Иванова", "王小明", "山田 が"),
        _paper(3, "Ada Example", "山田 か"),
    ]))
    people = {person.name: person for person in index.by_name()}
    assert set(people) == {"王小明", "李华", "Иван Петров", "Мария Иванова", "山田 が", "山田 か"}
    assert [paper.id for paper in people["王小明"].papers] == ["p1", "p2"]
    assert len({person.key for person in people.values()}) == 6
    assert slug("Иван Петров") == "иван-петров" and slug("Zoë Ångström") == "zoe-angstrom"


def test_spellings_that_can_only_be_the_owner_are_the_owners():
    data = ("owner:\n  name: Ada Example\npapers:\n"
            "  - {id: a, section: conference, title: A, authors: [Ada Example, Bo Sample], venue: V, year: 2020}\n"
            "  - {id: b, section: conference, title: B, authors: [A. Example, Bo Sample], venue: V, year: 2021}\n"
            "  - {id: c, section: conference, title: C, authors: ['Example, Ada', Bo Sample], venue: V, year: 2022}\n"
            "  - {id: d, section: conference, title: D, authors: [Ada B. Example, W. Wang], venue: V, year: 2023}\n"
            "  - {id: e, section: conference, title: E, authors: [Ada Example, Wei Wang, Wen Wang], venue: V,"
            " year: 2023}\n")
    from pubsite.data.validation import build_publications
    from pubsite.data.yaml_source import load_marked_yaml

    publications = build_publications(load_marked_yaml(data, "d.yml"), "d.yml")
    assert publications.owner.name_forms == ("A. Example", "Example, Ada", "Ada B. Example")
    people = {person.name for person in CoauthorIndex(publications).by_name()}
    assert people == {"Bo Sample", "W. Wang", "Wei Wang", "Wen Wang"}


def test_a_spelling_that_could_be_the_owner_or_another_is_neither():
    from pubsite.data.name_matching import owner_spellings

    assert owner_spellings(("Ada Example",), ["A. Example", "Alan Example"]) == ()
    assert owner_spellings(("Ada Example",), ["Ada B. Example", "Ada C. Example"]) == ()  # two fuller people
    assert owner_spellings(("Ada Example",), ["Ada B. Example", "A. Example"]) == ("Ada B. Example", "A. Example")
    index = CoauthorIndex(Publications(Owner("Ada Example"), [
        _paper(1, "Ada Example", "Alan Example"), _paper(2, "A. Example", "Bo Sample")]))
    people = {person.name: [paper.id for paper in person.papers] for person in index.by_name()}
    assert people == {"A. Example": ["p2"], "Alan Example": ["p1"], "Bo Sample": ["p2"]}  # not merged with Alan


def test_names_are_folded_letter_by_letter_in_every_script():
    from pubsite.data.name_matching import fold

    assert fold("Zoë Ångström-Łukasz") == "zoe angstrom lukasz"
    assert fold("अनिल कुमार") == "अनिल कुमार"  # Devanagari vowel signs are part of the word
    assert fold("山田 が") != fold("山田 か")        # a voiced mark makes another letter


def test_coauthor_pages_list_each_persons_papers(site: Path):
    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    index = CoauthorIndex(publications)
    listing = page(site, "coauthors/")
    shown = {a.get_text(strip=True): a["href"] for a in listing.select("ul.coauthor-index a")}
    assert set(shown) == {person.name for person in index.people.values()}
    for person in index.people.values():
        person_page = page(site, urljoin("coauthors/", shown[person.name]))
        assert person_page.find("h1").get_text(strip=True) == person.name
        spellings = {person.name, *person.spellings}
        expected = {paper.id for paper in publications.papers if spellings & set(paper.authors)}
        assert {li["id"] for li in person_page.select("li.pub")} == expected, person.name
        first, last = person.years
        years = str(first) if first == last else f"{first}–{last}"
        assert person_page.select_one(".coauthor-summary").get_text().endswith(f", {years}.")
        # Their name in the list is no link to this very page; the list has year headings, as the site's do.
        linked = {a.get_text() for a in person_page.select("li.pub a.pub-coauthor")}
        assert not linked & spellings, person.name
        headings = [h2.get_text() for h2 in person_page.select(".pub-listing h2.pub-year-heading")]
        assert headings == sorted({str(paper.year) for paper in person.papers}, reverse=True), person.name


def test_coauthor_names_in_lists_link_to_their_page(site: Path):
    checked = 0
    for url in ("publications/conference/", ""):
        for link in page(site, url).select("li.pub a.pub-coauthor"):
            target = urljoin(f"/{url}", link["href"]).strip("/")
            person_page = page(site, target + "/")
            entry = link.find_parent("li", class_="pub")
            assert person_page.find("li", id=entry["id"]) is not None, (link.get_text(), entry["id"])
            checked += 1
    assert checked


def test_each_topic_has_a_page_with_its_papers(site: Path):
    data = yaml.safe_load((CONTENT_ROOT / "data/publications.yml").read_text("utf-8"))
    topics = {topic for paper in data["papers"] for topic in paper.get("topics", [])}
    assert topics, "the reference site's papers have no topics"
    index = page(site, "topics/")
    assert {a.get_text(strip=True) for a in index.select("ul.coauthor-index a")} == topics
    for topic in topics:
        topic_page = page(site, f"topics/{slug(topic)}/")
        assert topic_page.find("h1").get_text(strip=True) == topic
        assert {li["id"] for li in topic_page.select("li.pub")} == \
            {paper["id"] for paper in data["papers"] if topic in paper.get("topics", [])}
    tags = page(site, "publications/conference/").select("li.pub a.pub-topic")
    assert tags and all(tag["href"] == f"../../topics/{slug(tag.get_text())}/" for tag in tags)


def test_a_topic_called_index_is_not_the_index_of_topics(project: Path):
    data_file = project / "data/publications.yml"
    data_file.write_text(data_file.read_text("utf-8").replace("topics: [Tides, Sampling]", "topics: [Index]", 1),
                         encoding="utf-8")
    site = build_ok(project)
    assert page(site, "topics/").find("h1").get_text(strip=True) == "Topics"
    assert page(site, "topics/").find("a", string="Index")["href"] == "index-1/"
    assert page(site, "topics/index-1/").find("h1").get_text(strip=True) == "Index"


@pytest.mark.parametrize("first, second, message", [
    ("Flows", "flows", "the topic 'flows' is written 'Flows' by paper 'a'"),
    ("Index", "Index 1", "the topic 'Index 1' would have the page of the topic 'Index' of paper 'a' (topics/index-1/)"),
])
def test_two_topics_that_name_one_page_are_an_error(tmp_path: Path, first: str, second: str, message: str):
    data = tmp_path / "publications.yml"
    data.write_text("owner: {name: A}\npapers:\n"
                    f"  - {{id: a, section: conference, title: T, authors: [A], venue: V, year: 2020, topics: [{first}]}}\n"
                    f"  - {{id: b, section: conference, title: U, authors: [A], venue: V, year: 2020, topics: [{second}]}}\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_publications(data, "data/publications.yml")
    assert f"data/publications.yml:4: paper 'b': field 'topics': {message}" in caught.value.describe()


def test_llms_txt_lists_every_paper_with_its_markdown_version(site: Path):
    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    config = yaml.safe_load((CONTENT_ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:")[0])
    text = (site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {config['site_name']}"
    assert lines[2].startswith("> ")  # the site's description, as the format asks
    links = re.findall(r"^- \[(.+?)\]\((\S+?)\)", text, flags=re.MULTILINE)
    papers = [(title, url) for title, url in links if url.endswith("/index.html.md")]
    assert len(papers) == len(publications.papers)
    for paper in publications.papers:
        url = f"{config['site_url']}papers/{paper.id}/index.html.md"
        assert [title for title, link in papers if link == url] == [paper.plain_title.replace("*", "\\*")], paper.id
        markdown = (site / "papers" / paper.id / "index.html.md").read_text(encoding="utf-8")
        assert markdown.startswith(f"# {paper.plain_title}\n")
        assert f"- Page: {config['site_url']}papers/{paper.id}/" in markdown
        assert (site / "papers" / paper.id / "cite.bib").read_text(encoding="utf-8").strip() in markdown
    assert not list(site.rglob("llms.txt"))[1:], "the Markdown versions are kept under their own names only"


def test_the_owners_file_where_llms_txt_goes_is_refused(project: Path):
    (project / "docs" / "llms.txt").write_text("mine\n", encoding="utf-8")
    assert "docs/llms.txt: the site generates llms.txt" in build_fails(project)


@pytest.mark.parametrize("case", sorted((Path(__file__).parent / "fixtures" / "coauthors_invalid").glob("*.yml")),
                         ids=lambda case: case.stem)
def test_a_bad_coauthor_links_file_names_file_line_entry_and_field(case: Path):
    from pubsite.data.coauthor_links import COAUTHORS_FILE, build_links
    from pubsite.data.yaml_source import load_marked_yaml

    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    expected = [line.split("# expect:", 1)[1].strip() for line in case.read_text("utf-8").splitlines()
                if "# expect:" in line]
    with pytest.raises(DataError) as caught:
        build_links(load_marked_yaml(case.read_text("utf-8"), COAUTHORS_FILE), COAUTHORS_FILE, publications)
    for line in expected:
        assert line in caught.value.describe()


def test_a_bad_coauthor_links_file_fails_the_build_cleanly(project: Path):
    case = Path(__file__).parent / "fixtures" / "coauthors_invalid" / "unknown_name.yml"
    (project / "data/coauthors.yml").write_text(case.read_text("utf-8"), encoding="utf-8")
    output = build_fails(project)
    assert ("data/coauthors.yml:3: co-author 'Bo Smaple': field 'name': no paper has an author of this name"
            in output)


def test_coauthor_links_show_on_their_page(project: Path):
    publications = read_publications(project / "data/publications.yml", "data/publications.yml")
    person = max(CoauthorIndex(publications).people.values(), key=lambda person: len(person.papers))
    spelling = (person.spellings or (person.name,))[0]  # any spelling the papers use names the person
    (project / "data" / "coauthors.yml").write_text(
        f"- name: {spelling}\n  homepage: https://example.org/home?a=1&b=2\n  scholar: https://scholar.example.org/x\n",
        encoding="utf-8")
    site = build_ok(project)
    links = {a.get_text(): a["href"] for a in page(site, f"coauthors/{person.key}/").select(".coauthor-links a")}
    assert links == {"Homepage": "https://example.org/home?a=1&b=2", "Google Scholar": "https://scholar.example.org/x"}


def test_no_alternate_link_sends_material_to_a_missing_sitemap(site: Path):
    """Material fetches ``sitemap.xml`` beside every ``<link rel=alternate>`` (its language versions):
    the Markdown versions are found through llms.txt, and a link to one from its page cost each paper
    page a 404. Every alternate link must have a sitemap beside it."""
    checked = 0
    for html in sorted(site.rglob("*.html")):
        url = html.relative_to(site).as_posix()
        for link in page(site, url).select("link[rel=alternate]"):
            target = urljoin(f"https://site.invalid/{url}", link["href"])
            folder = urlsplit(urljoin(target, "sitemap.xml")).path.lstrip("/")
            assert (site / folder).is_file(), (url, link["href"])
            checked += 1
    assert checked


def test_a_long_coauthor_or_topic_list_is_split_into_pages_as_a_sections_is(project: Path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("\nextra:\n", "\nextra:\n  publications_per_page: 3\n", 1),
                      encoding="utf-8")
    site = build_ok(project)
    publications = read_publications(project / "data/publications.yml", "data/publications.yml")
    person = max(CoauthorIndex(publications).people.values(), key=lambda person: len(person.papers))
    topic, papers = max(topics_of(publications).values(), key=lambda item: len(item[1]))
    for url, name, expected in ((f"coauthors/{person.key}/", person.name, person.papers),
                                (f"topics/{slug(topic)}/", topic, papers)):
        expected = [paper.id for paper in newest_first(expected)]
        count = -(-len(expected) // 3)
        assert count >= 2, f"{name} has too few papers to need pages"
        shown = []
        for number in range(1, count + 1):
            html = page(site, url if number == 1 else f"{url}{number}/")
            heading = html.find("h1").get_text(strip=True)
            assert heading == (name if number == 1 else f"{name}, page {number} of {count}")
            assert html.select_one("nav.pub-pager [aria-current=page]").get_text() == str(number)
            shown += [li["id"] for li in html.select("li.pub")]
        assert shown == expected, url
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith(f"coauthors/{person.key}/2/")]
