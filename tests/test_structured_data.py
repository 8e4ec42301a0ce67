"""Found: what search engines, Google Scholar and social sites read in each page's <head>.

JSON-LD is read with extruct, as a search engine's crawler would; Highwire Press (``citation_*``),
OpenGraph and Twitter tags with BeautifulSoup. Every value is compared with the YAML.
The evil build (``evil_site`` from ``test_citations.py``) checks that a title holding quotes,
``</script>`` and accents stays literal and cannot add a script element.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import lxml.html
import pytest
from conftest import page
from pubsite.render.inline_markdown import plain_text
from pubsite.data.model import Owner, Paper
from test_citations import (
    EVIL_AUTHORS,
    EVIL_ID,
    EVIL_TITLE,
    SITE_URL,
    build_evil_site,
    publications_of,
    site_pages,
)
from test_site_content import PROFILES, PUBLICATIONS

AFFILIATIONS = ["University of Example", "Example Research Lab"]
SCHEMA = "https://schema.org"


def page_url(paper: Paper) -> str:
    return f"{SITE_URL}papers/{paper.id}/"


def json_ld(site: Path, url_path: str) -> list[dict]:
    """The JSON-LD items of a page, as extruct reads them (errors raise)."""
    html = (site / url_path / "index.html").read_text(encoding="utf-8")
    return extruct.extract(html, base_url=SITE_URL + url_path, syntaxes=["json-ld"], uniform=False,
                           errors="strict")["json-ld"]


def meta(soup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def meta_property(soup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", property=name)]


def visible_text(element) -> str:
    return " ".join(element.get_text().split())


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --------------------------------------------------------------------- JSON-LD on paper pages


def check_scholarly_article(site: Path, paper: Paper, owner: Owner) -> dict:
    items = json_ld(site, f"papers/{paper.id}/")
    articles = [item for item in items if item.get("@type") == "ScholarlyArticle"]
    assert len(items) == 1 and len(articles) == 1, items
    article = articles[0]
    assert article["@context"] == SCHEMA
    assert article["name"] == paper.title
    assert article["url"] == article["@id"] == page_url(paper)
    assert article["datePublished"] == str(paper.year)

    assert [(person["@type"], person["name"]) for person in article["author"]] == [
        ("Person", name) for name in paper.authors
    ]
    for person in article["author"]:
        if owner.is_owner(person["name"]):
            assert person["sameAs"] == list(PROFILES.values())
            assert person["url"] == SITE_URL
        else:
            assert set(person) == {"@type", "name"}

    identifiers = {(value["propertyID"], value["value"]) for value in article.get("identifier", [])}
    expected = {("arXiv", paper.arxiv), ("DOI", paper.doi)} - {("arXiv", None), ("DOI", None)}
    assert identifiers == expected
    same_as = set(article.get("sameAs", []))
    expected_same_as = {url for url in (paper.arxiv_url, paper.doi_url) if url} | {
        link.url for link in paper.links if link.kind in ("openreview", "proceedings")
    }
    assert same_as == expected_same_as
    if paper.section in ("conference", "workshop"):
        assert article["isPartOf"]["name"] == (paper.venue_full or paper.venue)
    if paper.summary:
        assert article["abstract"] == plain_text(paper.summary)
    return article


@pytest.mark.parametrize("paper", PUBLICATIONS.papers, ids=lambda paper: paper.id)
def test_json_ld_describes_the_paper(site: Path, paper: Paper):
    check_scholarly_article(site, paper, PUBLICATIONS.owner)


# ------------------------------------------------------------------ Google Scholar (Highwire)

VENUE_TAGS = ("citation_conference_title", "citation_journal_title", "citation_dissertation_institution")


def expected_pdf(paper: Paper) -> str | None:
    pdfs = [link.url for link in paper.links if link.kind == "pdf"]
    local = [url for url in pdfs if not is_absolute(url)]
    if local:
        return SITE_URL + local[0].lstrip("/")
    if pdfs:
        return pdfs[0]
    return f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else None


def check_scholar_tags(site: Path, paper: Paper) -> None:
    soup = page(site, f"papers/{paper.id}/")
    tags = [tag for tag in soup.find_all("meta") if tag.get("name", "").startswith("citation_")]
    assert all(tag.find_parent("head") is soup.head for tag in tags), "Scholar reads tags in <head>"

    assert meta(soup, "citation_title") == [paper.title]
    assert meta(soup, "citation_author") == list(paper.authors)
    assert meta(soup, "citation_publication_date") == [str(paper.year)]
    venues = {name: values for name in VENUE_TAGS if (values := meta(soup, name))}
    if paper.section in ("conference", "workshop"):
        assert venues == {"citation_conference_title": [paper.venue_full or paper.venue]}
    elif paper.section == "preprint":
        assert venues == {}, "a preprint has no venue to announce"
    pdf = meta(soup, "citation_pdf_url")
    assert pdf == ([expected_pdf(paper)] if expected_pdf(paper) else [])
    assert all(is_absolute(url) for url in pdf)
    assert meta(soup, "citation_arxiv_id") == ([paper.arxiv] if paper.arxiv else [])
    assert meta(soup, "citation_doi") == ([paper.doi] if paper.doi else [])
    assert meta(soup, "citation_abstract_html_url") == [page_url(paper)]
    assert meta(soup, "citation_volume") == ([paper.volume] if paper.volume else [])
    if paper.pages:
        first, _, last = paper.pages.replace("–", "-").replace("--", "-").partition("-")
        assert meta(soup, "citation_firstpage") == [first]
        assert meta(soup, "citation_lastpage") == ([last] if last else [])

    if paper.summary:  # Scholar wants the abstract visible on the page
        summary = soup.select_one("article .pub-summary")
        assert summary is not None
        assert not [parent for parent in summary.parents if parent.has_attr("hidden")]
        assert visible_text(summary) == plain_text(paper.summary)


@pytest.mark.parametrize("paper", PUBLICATIONS.papers, ids=lambda paper: paper.id)
def test_scholar_tags_match_the_data(site: Path, paper: Paper):
    check_scholar_tags(site, paper)


# -------------------------------------------------------------------------- Home page, all pages


def test_home_page_json_ld_names_the_person_and_the_website(site: Path):
    items = json_ld(site, "")
    assert len(items) == 1 and items[0]["@context"] == SCHEMA
    graph = {node["@type"]: node for node in items[0]["@graph"]}
    assert set(graph) == {"Person", "WebSite"}
    person, website = graph["Person"], graph["WebSite"]
    assert person["name"] == PUBLICATIONS.owner.name
    assert person["url"] == SITE_URL
    assert [(org["@type"], org["name"]) for org in person["affiliation"]] == [
        ("Organization", name) for name in AFFILIATIONS
    ]
    assert person["sameAs"] == [PROFILES[name] for name in ("GitHub", "LinkedIn", "Google Scholar", "Mastodon")]
    assert website["url"] == SITE_URL
    assert website["name"] == "Ada Example"
    assert website["author"] == {"@id": person["@id"]}


def test_every_page_can_be_shared(site: Path):
    """OpenGraph and Twitter tags, canonical link and description on every page but 404.html
    (served at any missing URL: it has no address of its own to announce)."""
    pages = site_pages(site)
    covered = {html_file for _, html_file in pages}
    assert {path.relative_to(site).as_posix() for path in set(site.rglob("*.html")) - covered} == {"404.html"}
    papers = {page_url(paper): paper for paper in PUBLICATIONS.papers}
    assert set(papers) <= {url for url, _ in pages}
    for url, html_file in pages:
        soup = page(site, url[len(SITE_URL):])
        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        assert canonical == [url]
        assert meta_property(soup, "og:url") == [url]
        (title,) = meta_property(soup, "og:title")
        assert title.strip() and meta(soup, "twitter:title") == [title]
        (description,) = meta(soup, "description")
        assert description.strip()
        assert meta_property(soup, "og:description") == [description]
        (image,) = meta_property(soup, "og:image")
        assert is_absolute(image) and image.startswith(SITE_URL)
        assert (site / image[len(SITE_URL):]).is_file()
        assert meta(soup, "twitter:card") in (["summary"], ["summary_large_image"])
        if url in papers:
            assert title == papers[url].title
            assert meta_property(soup, "og:type") == ["article"]
            assert len(meta(soup, "citation_title")) == 1
        else:
            assert meta_property(soup, "og:type") == ["website"]
            assert not soup.find_all("meta", attrs={"name": lambda name: name and name.startswith("citation_")}), \
                f"{url}: Scholar tags belong on paper pages only"


# ------------------------------------------------------------------------------ Evil title


@pytest.fixture(scope="session")
def evil_site(tmp_path_factory) -> Path:
    return build_evil_site(tmp_path_factory)


def script_count(html: str) -> tuple[int, int]:
    """<script> elements as two different HTML parsers see them (html.parser and lxml)."""
    from bs4 import BeautifulSoup

    return len(BeautifulSoup(html, "html.parser").find_all("script")), len(lxml.html.fromstring(html).xpath("//script"))


def test_json_ld_stays_literal_with_quotes_script_tags_and_accents(evil_site: Path):
    html = (evil_site / f"papers/{EVIL_ID}/index.html").read_text(encoding="utf-8")
    reference = (evil_site / "papers/tide-tables/index.html").read_text(encoding="utf-8")
    assert script_count(html) == script_count(reference), "the title must not add a <script> element"
    assert "<script>alert" not in html

    soup = page(evil_site, f"papers/{EVIL_ID}/")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = json.loads(scripts[0].string)
    assert raw["name"] == EVIL_TITLE
    assert [person["name"] for person in raw["author"]] == EVIL_AUTHORS
    assert not {"<", ">", "&"} & set(scripts[0].string), "written as \\u003c etc."
    others = [s for s in soup.find_all("script") if s is not scripts[0]]
    assert not [s for s in others if "alert" in s.get_text() or "Ünïcödé" in s.get_text()]

    publications = publications_of(evil_site)
    paper = publications.by_id[EVIL_ID]
    article = check_scholarly_article(evil_site, paper, publications.owner)
    assert article == raw, "extruct and json.loads read the same object"
    assert {("DOI", "10.5555/evil.2023"), ("arXiv", "2301.00001")} == {
        (value["propertyID"], value["value"]) for value in article["identifier"]
    }
    check_scholar_tags(evil_site, paper)
    assert meta_property(soup, "og:title") == [EVIL_TITLE]
