"""Text from the data file shows literally wherever it lands: HTML, attributes, <title>, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_ok, page
from test_site_content import heading_text

EVIL_TITLE = 'A "Study" of <script>alert(1)</script> & Co'
EVIL_AUTHOR = 'Eve "><img src=x onerror=alert(2)> Mallory'
EVIL_TOPIC = 'A <b>"quoted"</b> & topic'  # names a page of its own, as the co-author does
EVIL_VENUE = "Venue</title><script>alert(3)</script>"
EVIL_SUMMARY = "Uses *emphasis*, a [link](https://example.org/?a=1&b=2) and <b onclick=alert(4)>raw HTML</b>."
EVIL_ENTRY = f"""
  - id: evil
    section: conference
    title: {json.dumps(EVIL_TITLE)}
    authors: [Ada Example, {json.dumps(EVIL_AUTHOR)}]
    venue: {json.dumps(EVIL_VENUE)}
    year: 2021
    honours: ["<i>Oral</i>"]
    summary: {json.dumps(EVIL_SUMMARY)}
    topics: [{json.dumps(EVIL_TOPIC)}]
    links:
      code: "https://example.org/?q=\\"><script>alert(5)</script>"
    selected: true
"""


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("evil"))
    data = project / "data/publications.yml"
    data.write_text(data.read_text(encoding="utf-8") + EVIL_ENTRY, encoding="utf-8")
    return build_ok(project)


def no_injected_markup(soup):
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in scripts if "alert" in s.get_text()]
    assert not soup.find_all(attrs={"onerror": True})
    assert not soup.find_all(attrs={"onclick": True})
    assert not soup.select("article i, article b")


def test_paper_page_shows_the_title_literally(evil_site: Path):
    soup = page(evil_site, "papers/evil/")
    assert heading_text(soup.select_one("article h1")) == EVIL_TITLE
    assert soup.title.get_text() == f"{EVIL_TITLE} - Ada Example"
    assert soup.select_one(".md-header__topic:last-child .md-ellipsis").get_text(strip=True) == EVIL_TITLE
    authors = soup.select_one(".pub-page .pub-authors").get_text()
    assert EVIL_AUTHOR in authors
    assert soup.select_one(".pub-page .pub-venue").get_text() == EVIL_VENUE
    assert soup.select_one(".pub-page .pub-badge").get_text() == "<i>Oral</i>"
    no_injected_markup(soup)


def test_attributes_hold_the_values_literally(evil_site: Path):
    soup = page(evil_site, "papers/evil/")
    code = soup.select_one('.pub-page a[data-kind="code"]')
    assert code["href"] == 'https://example.org/?q="><script>alert(5)</script>'
    assert code["aria-label"] == f"Code: {EVIL_TITLE}"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Uses emphasis, a link and <b onclick=alert(4)>raw HTML</b>.")


def test_summary_markdown_renders_but_raw_html_does_not(evil_site: Path):
    soup = page(evil_site, "papers/evil/")
    summary = soup.select_one(".pub-summary")
    assert summary.em.get_text() == "emphasis"
    assert summary.a["href"] == "https://example.org/?a=1&b=2"
    assert "<b onclick=alert(4)>raw HTML</b>" in summary.get_text()
    no_injected_markup(soup)


@pytest.mark.parametrize("url", ["", "publications/conference/"])
def test_lists_show_the_title_literally(evil_site: Path, url: str):
    soup = page(evil_site, url)
    titles = [a.get_text() for a in soup.select("a.pub-title")]
    assert EVIL_TITLE in titles
    no_injected_markup(soup)


def test_search_index_is_valid_json_without_live_markup(evil_site: Path):
    index = json.loads((evil_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"].startswith("papers/evil/")]
    assert entries
    for doc in entries:
        assert "<script>" not in doc["title"] and "<script>" not in doc["text"]
    assert any("Study" in doc["title"] for doc in entries)


def test_bibtex_of_the_evil_entry_parses(evil_site: Path):
    from pybtex.database import parse_string
    from pylatexenc.latex2text import LatexNodes2Text

    soup = page(evil_site, "papers/evil/")
    entry = parse_string(soup.find("h2", id="cite").find_next("code").get_text(), "bibtex").entries["evil"]
    title = LatexNodes2Text().latex_to_text(entry.fields["title"])
    assert title == EVIL_TITLE.replace('"Study"', "“Study”")


def test_head_metadata_holds_the_values_literally(evil_site: Path):
    soup = page(evil_site, "papers/evil/")
    assert soup.find("meta", attrs={"name": "citation_title"})["content"] == EVIL_TITLE
    authors = [meta["content"] for meta in soup.find_all("meta", attrs={"name": "citation_author"})]
    assert authors == ["Ada Example", EVIL_AUTHOR]
    assert soup.find("meta", property="og:title")["content"] == EVIL_TITLE
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "<" not in raw and ">" not in raw and "&" not in raw  # escaped as \u003c etc.
    article = json.loads(raw)
    assert article["name"] == EVIL_TITLE
    assert article["author"][1]["name"] == EVIL_AUTHOR
    assert article["isPartOf"]["name"] == EVIL_VENUE


@pytest.mark.parametrize("index, name", [("coauthors/", EVIL_AUTHOR), ("topics/", EVIL_TOPIC)])
def test_coauthor_and_topic_pages_hold_the_name_literally(evil_site: Path, index: str, name: str):
    """A co-author's name and a topic title a page of their own: its <title>, description and heading."""
    link = page(evil_site, index).find("a", string=name)
    assert link is not None, f"{name!r} is not listed on {index}"
    soup = page(evil_site, index + link["href"])
    assert heading_text(soup.select_one("article h1")) == name
    assert soup.title.get_text() == f"{name} - Ada Example"
    assert name in soup.find("meta", attrs={"name": "description"})["content"]
    assert [a.get_text() for a in soup.select("a.pub-title")] == [EVIL_TITLE]
    no_injected_markup(soup)
    assert not soup.select("head b, head img")
