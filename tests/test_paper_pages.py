"""Every paper has its own page with the facts of the YAML entry, and versions link both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import page
from pybtex.database import parse_string
from test_site_content import PUBLICATIONS, heading_text, text_of

PAPERS = PUBLICATIONS.papers


def paper_page(site: Path, paper_id: str):
    return page(site, f"papers/{paper_id}/")


@pytest.mark.parametrize("paper", PAPERS, ids=lambda paper: paper.id)
def test_paper_page_shows_the_entry(site: Path, paper):
    soup = paper_page(site, paper.id)
    article = soup.select_one("article")
    assert heading_text(article.h1) == paper.title
    assert soup.title.get_text() == f"{paper.title} - Ada Example"

    authors = article.select_one(".pub-page .pub-authors")
    names = [name.strip(" *") for name in re.split(r",\s*", authors.get_text())]
    assert names == list(paper.authors)
    assert [strong.get_text() for strong in authors.select("strong.pub-owner")] == [
        name for name in paper.authors if PUBLICATIONS.owner.is_owner(name)
    ]
    assert len(authors.select("sup.pub-equal")) == len(paper.equal_contribution)
    if paper.equal_contribution:
        assert "Equal contribution" in article.select_one(".pub-legend").get_text()

    assert article.select_one(".pub-page .pub-venue").get_text() == paper.venue
    badges = [badge.get_text() for badge in article.select(".pub-page .pub-badge")]
    assert badges == list(paper.honours)
    if paper.summary:
        assert " ".join(paper.summary.split())[:80] in text_of(article.select_one(".pub-summary"))

    buttons = article.select(".pub-page a.pub-button")
    assert [(button.get_text(), button["href"]) for button in buttons] == [
        (link.label, link.url) for link in paper.all_links()
    ]
    for button in buttons:
        assert button["aria-label"].startswith(button.get_text() + ": ")


@pytest.mark.parametrize("paper", PAPERS, ids=lambda paper: paper.id)
def test_paper_page_has_a_bibtex_entry_of_the_right_type(site: Path, paper):
    soup = paper_page(site, paper.id)
    heading = soup.find("h2", id="cite")
    code = heading.find_next("code").get_text()
    entry = parse_string(code, "bibtex").entries[paper.citation_key]
    expected_type = {"conference": "inproceedings", "workshop": "inproceedings", "preprint": "misc"}
    assert entry.type == expected_type[paper.section]
    assert entry.fields["year"] == str(paper.year)
    assert len(entry.persons["author"]) == len(paper.authors)
    if paper.section == "preprint":
        assert entry.fields["eprint"] == paper.arxiv
        assert entry.fields["archivePrefix"] == "arXiv"
    else:
        assert entry.fields["booktitle"]
    # Material adds the copy button to code blocks when content.code.copy is on.
    assert heading.find_next("div", class_="highlight")


@pytest.mark.parametrize("first, second", [("waves", "waves-workshop"), ("drift", "drift-symposium")])
def test_versions_link_to_each_other(site: Path, first: str, second: str):
    for this, other in ((first, second), (second, first)):
        soup = paper_page(site, this)
        versions = soup.find("h2", id="other-versions").find_next("ul", class_="pub-list")
        links = versions.select("a.pub-title")
        assert [link["href"] for link in links] == [f"../{other}/"]
        assert heading_text(paper_page(site, other).h1) == links[0].get_text()


def test_other_presentation_of_the_same_paper_is_shown(site: Path):
    soup = paper_page(site, "current-structure")
    section = soup.find("h2", id="also-presented").find_next("ul")
    text = text_of(section)
    assert "ICML 2021 Workshop on Meta-Oceanography" in text
    assert "Few-Shot Basin Forecasting from Global Structure" in text
    assert "Spotlight" in text
    assert section.find("a", href="https://workshop.example.org/meta-oceanography-2021/paper12.pdf")


def test_paper_page_links_back_to_its_section(site: Path):
    soup = paper_page(site, "soundings")
    back = soup.select_one(".pub-back a")
    assert back["href"] == "../../publications/preprints/"
    assert "Preprints" in back.get_text()


def test_paper_pages_stay_out_of_the_navigation(site: Path):
    """Paper pages in the sidebar make every build quadratic (see the MkDocs field notes)."""
    for url in ("", "papers/waves/", "publications/conference/"):
        nav = page(site, url).select_one("nav.md-nav--primary")
        assert not [a["href"] for a in nav.select("a[href]") if "papers/" in a["href"]]


def test_paper_page_extension_markdown_is_merged(project: Path):
    from conftest import build_ok

    (project / "docs/papers").mkdir(exist_ok=True)
    (project / "docs/papers/waves").mkdir(exist_ok=True)
    (project / "docs/papers/waves/figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    (project / "docs/papers/waves.md").write_text(
        "## Errata\n\nIn Table 2, the *bits/dim* for MNIST should read 0.99.\n\n"
        "![Samples](waves/figure.svg)\n",
        encoding="utf-8",
    )
    site = build_ok(project)
    soup = paper_page(site, "waves")
    errata = soup.find("h2", id="errata")
    assert errata
    assert errata.find_next("em").get_text() == "bits/dim"
    image = soup.find("img", alt="Samples")
    assert (site / "papers/waves" / image["src"]).resolve().is_file()
    # The generated parts are still there, and the extension comes before the citation.
    assert heading_text(soup.h1).startswith("WAVES")
    headings = [h2["id"] for h2 in soup.select("article h2")]
    assert headings.index("errata") < headings.index("cite")
    assert not (site / "papers/waves.md").exists()


def test_extension_for_an_unknown_id_fails_the_build(project: Path):
    from conftest import build_fails

    (project / "docs/papers").mkdir(exist_ok=True)
    (project / "docs/papers/ffjrod.md").write_text("Notes.\n", encoding="utf-8")
    output = build_fails(project)
    assert "docs/papers/ffjrod.md: no paper has the id 'ffjrod' in data/publications.yml" in output


def test_year_is_shown_when_the_venue_does_not_say_it(site: Path):
    soup = paper_page(site, "soundings")
    line = soup.select_one(".pub-page .pub-venue-line")
    assert line.select_one(".pub-venue").get_text() + line.select_one(".pub-year").get_text() == "arXiv preprint, 2024"
    assert not paper_page(site, "waves").select_one(".pub-page .pub-year")
