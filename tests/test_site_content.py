"""Everything the reference site's pages and data say is on the built site: bio, papers, talks,
awards, contact.

The reference site (``fixtures/site``) is a fictional researcher's; the expected texts below are
written out by hand from its Markdown pages, ``data/publications.yml`` and ``data/cv.yml``, so that a
fact the kit drops or mangles on its way to the page fails here.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from conftest import CONTENT_ROOT, page

from pubsite.data.model import newest_first
from pubsite.data.validation import read_publications

PUBLICATIONS = read_publications(
    CONTENT_ROOT / "data/publications.yml", "data/publications.yml", CONTENT_ROOT / "docs"
)
EMAIL = "ada@example.org"

CONFERENCE = [
    "Amortized Inference for Fast and Stable Tide Forecasts",
    "Learning a Current Discrepancy to Train and Evaluate Ocean Models",
    "Buoy Classifiers Are Weather Models in Disguise",
    "When Conditional Ocean Models Fall Short",
    "Reversible Residual Networks for Tides",
    "WAVES: Continuous Dynamics for Reversible Ocean Models",
    "Drift Estimators for Black-Box Current Gradients",
]
PREPRINTS = ["Gradient Proposals for Sampling Discrete Sea States"]
WORKSHOPS = [
    "Lattice Models of Coastal Data with Invertible Networks",
    "Reversible Ocean Models with Continuous Dynamics",
    "Global Current Structure Helps Forecast New Basins",
    "Training Tide Models in Constant Memory",
    "Searching Ocean Model Architectures by Gradient",
    "Drift Estimators for Black-Box Current Gradients",
]
TALKS = [  # title, where, when: each on one entry of the talks page
    ("Gradients for Discrete Sea States", "AISTATS 2025 Workshop on Ocean Models", "May 2025"),
    ("Gradients for Discrete Sea States", "Example University Coastal Seminar", "January 2025"),
    ("What Tides Teach Generative Models", "Seminar on Coastal Dynamics, Institute for Example Study", "April 2024"),
    ("Buoys as Weather Models", "Forecasting Under Uncertainty, Bergen, Norway", "November 2023"),
]
AWARDS = [
    ("Tidewater Doctoral Fellowship", "Three years of $30,000 for doctoral research on coastal seas"),
    ("Harbour Prize", "For the best first-year research project of the department"),
    ("UAI 2021 Travel Grant", ""),
    ("Best Student Paper Award", "Symposium on Approximate Ocean Inference 2021"),
]
BIO = [
    "I build probabilistic models of the sea: how tides rise, where currents carry what floats, and how "
    "waves break on a coast.",
    "I am a PhD student in the Ocean Modelling Group at the University of Example, advised by Rosa Tanaka "
    "and Bo Sample, after a BSc in Applied Mathematics at the Example Institute of Technology.",
    "amortized inference, reversible networks, and samplers for discrete sea states.",
    "Since September 2022 I have also spent one day a week at Example Research Lab in Exampletown.",
    "Gradient Proposals for Sampling Discrete Sea States was accepted at AISTATS 2025",
]
PROFILES = {
    "GitHub": "https://code.example.org/ada-example",
    "LinkedIn": "https://people.example.org/ada-example",
    "Google Scholar": "https://scholar.example.org/citations?user=EXAMPLE&hl=en",
    "Mastodon": "https://social.example.org/@ada",
}


def text_of(soup) -> str:
    """Visible text with whitespace folded, as a reader sees it (no space before punctuation)."""
    text = " ".join(soup.get_text(" ").split())
    return re.sub(r" ([,.;:!?])", r"\1", text)


def heading_text(heading) -> str:
    """A heading's text without the permalink sign MkDocs' toc extension appends."""
    for permalink in heading.select("a.headerlink"):
        permalink.extract()
    return heading.get_text(strip=True)


def listed_titles(soup) -> list[str]:
    return [" ".join(a.get_text().split()) for a in soup.select("ul.pub-list > li.pub > a.pub-title")]


@pytest.mark.parametrize(
    "url, titles",
    [
        ("publications/conference/", CONFERENCE),
        ("publications/preprints/", PREPRINTS),
        ("publications/workshops/", WORKSHOPS),
    ],
)
def test_section_pages_list_their_papers_newest_first(site: Path, url: str, titles: list[str]):
    soup = page(site, url)
    assert listed_titles(soup) == titles
    for link in soup.select("a.pub-title"):
        assert (site / url / link["href"] / "index.html").resolve().is_file(), link["href"]


def test_home_page_has_name_bio_and_news(site: Path):
    soup = page(site, "")
    assert heading_text(soup.h1) == "Ada Example"
    text = text_of(soup.select_one("article"))
    for sentence in BIO:
        assert sentence in text
    news = soup.find("a", string=re.compile("Gradient Proposals for Sampling"))
    assert news["href"] == "papers/soundings/"


def test_home_page_shows_selected_papers_from_the_data(site: Path):
    soup = page(site, "")
    selected = newest_first([paper for paper in PUBLICATIONS.papers if paper.selected])  # as every list
    assert len(selected) >= 3
    assert listed_titles(soup) == [paper.title for paper in selected]
    hrefs = [a["href"] for a in soup.select("a.pub-title")]
    assert hrefs == [f"papers/{paper.id}/" for paper in selected]


def test_home_page_links_profiles_photo_and_cv(site: Path):
    soup = page(site, "")
    article = soup.select_one("article")
    for name, url in PROFILES.items():
        assert article.find("a", href=url, string=name), name
        assert soup.select_one(f".md-social a[href='{url}']"), f"{name} missing from footer icons"
    photo = article.select_one("img.profile-photo")
    assert photo["alt"] == "Photo of Ada Example"
    assert (site / photo["src"]).is_file()
    pdf = article.find("a", href=re.compile(r"\.pdf$"))
    assert (site / pdf["href"]).read_bytes().startswith(b"%PDF")
    assert article.find("a", string="CV")["href"] == "cv/"


def test_email_is_readable_but_not_in_any_html_source(site: Path):
    soup = page(site, "")
    span = soup.select_one(".obfuscated-email[data-email]")
    decoded = base64.b64decode(span["data-email"]).decode("utf-8")[::-1]
    assert decoded == EMAIL
    assert span.get_text() == "ada [at] example [dot] org"
    for html_file in site.rglob("*.html"):
        source = html_file.read_text(encoding="utf-8")
        assert EMAIL not in source, html_file
        assert "mailto:" not in source, html_file
    assert (site / "assets/javascripts/email.js").is_file()


def test_talks_page_lists_every_talk(site: Path):
    article = page(site, "talks/").select_one("article")
    entries = [text_of(entry) for entry in article.select("li.cv-entry")]
    for title, where, when in TALKS:
        assert any(title in entry and where in entry and when in entry for entry in entries), (title, where)
    assert len(entries) == len(TALKS)
    text = text_of(article)
    assert text.count("Gradients for Discrete Sea States") == 2


def test_awards_page_lists_every_award(site: Path):
    soup = page(site, "awards/")
    text = text_of(soup.select_one("article"))
    for award, detail in AWARDS:
        assert award in text
        assert detail in text
    assert soup.find("a", href="../papers/waves-workshop/")


def test_every_paper_in_the_data_is_on_some_list(site: Path):
    listed = set()
    for url in ("publications/conference/", "publications/preprints/", "publications/workshops/"):
        listed |= {li["id"] for li in page(site, url).select("li.pub")}
    assert listed == {paper.id for paper in PUBLICATIONS.papers}


def test_search_finds_each_paper_on_its_own_page_not_on_the_lists(site: Path):
    """Lists are marked out of the search index: a paper is one result, its page, however many
    lists show it; the lists' own introductions stay searchable."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    list_pages = ("", "publications/conference/", "publications/preprints/", "publications/workshops/")
    home_markdown = (CONTENT_ROOT / "docs/index.md").read_text(encoding="utf-8")
    for paper in PUBLICATIONS.papers:
        holders = {doc["location"].split("#")[0] for doc in docs if paper.plain_title in doc["title"] + doc["text"]}
        assert f"papers/{paper.id}/" in holders, paper.id
        assert not holders & set(list_pages[1:]), paper.id
        assert not [holder for holder in holders if holder.startswith(("coauthors/", "topics/"))], paper.id
        assert "" not in holders or paper.plain_title in home_markdown, paper.id  # the owner's own words
    assert any("Work released on arXiv." in doc["text"] for doc in docs if doc["location"] == "publications/preprints/")
    for url in list_pages:
        lists = page(site, url).select("ul.pub-list")
        assert lists
        for found in lists:
            assert found.find_parent("div", class_="pub-listing").has_attr("data-search-exclude")
