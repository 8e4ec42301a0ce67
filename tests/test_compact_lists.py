"""Compact lists: a summary and the BibTeX behind a toggle in every list entry (the paper's page
shows its summary open), and "and N more" for long author lists, the owner always shown."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT_ROOT, page

from pubsite.data.model import Owner, Paper
from pubsite.render.rendering import AUTHORS_IN_LISTS, render_authors_short
from pubsite.data.validation import read_publications


def _names(count: int) -> tuple[str, ...]:
    return tuple(f"Author {chr(65 + index)}" for index in range(count))


def _short(authors: tuple[str, ...], owner: str) -> str:
    paper = Paper(id="p", section="conference", title="T", authors=authors, venue="V", year=2020)
    html = render_authors_short(paper, Owner(owner))
    return html.replace('<strong class="pub-owner">', "**").replace("</strong>", "**") \
        .replace('<span class="pub-more-authors">', "").replace("</span>", "")


def test_a_short_author_list_is_shown_whole():
    authors = _names(AUTHORS_IN_LISTS)
    assert _short(authors, "Author J") == ", ".join(authors[:-1]) + ", **Author J**"


def test_a_long_author_list_ends_with_and_n_more_and_keeps_the_owner():
    authors = _names(15)
    assert _short(authors, "Author M") == ("Author A, Author B, Author C, Author D, Author E, Author F, Author G, "
                                           "…, **Author M**, and 7 more")
    assert _short(authors, "Author H") == ("Author A, Author B, Author C, Author D, Author E, Author F, Author G, "
                                           "**Author H**, and 7 more")  # nobody skipped before the owner
    assert _short(authors, "Author B").endswith("Author G, and 8 more")


def _shown_name(summary) -> str:
    """A toggle's name as the screen shows it (what only screen readers hear left out)."""
    return "".join(summary.find_all(string=True, recursive=False)).strip()


def test_list_entries_fold_the_summary_and_the_bibtex(site: Path):
    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    listed = 0
    for html in sorted((site / "publications").rglob("index.html")):
        for entry in page(site, html.parent.relative_to(site).as_posix() + "/").select("li.pub"):
            paper = publications.by_id[entry["id"]]
            toggles = {_shown_name(toggle.summary): toggle for toggle in entry.select("details.pub-toggle")}
            assert all(not toggle.has_attr("open") for toggle in toggles.values()), paper.id
            for name, toggle in toggles.items():  # a screen reader hears which paper's toggle it is
                assert " ".join(toggle.summary.get_text().split()) == f"{name} of {paper.plain_title}", paper.id
            bibtex = (site / "papers" / paper.id / "cite.bib").read_text(encoding="utf-8")
            assert toggles["BibTeX"].select_one("pre > code").get_text() == bibtex.rstrip("\n"), paper.id
            if paper.summary:
                summary = toggles["Summary"].select_one(".pub-summary").get_text(" ", strip=True)
                paper_page = page(site, f"papers/{paper.id}/")
                assert paper_page.select_one("div.pub-summary").get_text(" ", strip=True) == summary
                assert paper_page.select_one("details.pub-toggle") is None  # open on the paper's page
            else:
                assert "Summary" not in toggles
            listed += 1
    assert listed == len(publications.papers)


def test_a_list_entrys_bibtex_opens_and_copies(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(served_site.url("publications/conference/"))
        entry = tab.locator("li.pub").first
        toggle = entry.locator("details.pub-toggle", has=tab.locator("summary", has_text="BibTeX"))
        assert not toggle.locator("pre").is_visible()
        toggle.locator("summary").focus()
        tab.keyboard.press("Enter")  # a toggle opens from the keyboard
        assert toggle.locator("pre").is_visible()
        toggle.locator("pre").hover()
        toggle.locator("button.md-code__button[data-md-type=copy]").click()
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@") and copied.strip() == toggle.locator("pre > code").inner_text().strip()
    finally:
        context.close()
