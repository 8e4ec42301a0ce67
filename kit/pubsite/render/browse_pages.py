"""Pages to browse the papers by: one per co-author and per topic, and an index of each.

Generated like the paper pages, out of the navigation (the owner may list an index in ``nav:``),
one page per person or topic, so the cost grows with the list and no page with its square. Each
list is ``rendering.render_paper_list`` (newest first), with the filters of any list, inside a
block search leaves out. Pure:
links are made by the caller's ``link_to`` (see ``rendering.LinkTo``).
"""

from __future__ import annotations

from collections.abc import Callable

from pubsite.render.coauthors import Coauthor, slug
from pubsite.render.filter_form import render_filter_form
from pubsite.data.model import Paper, Publications
from pubsite.plan.pagination import ListPage, render_pager, render_range
from pubsite.render.rendering import (
    COAUTHOR_INDEX,
    TOPIC_INDEX,
    LinkTo,
    coauthor_page_path,
    escape,
    front_matter,
    page_meta,
    render_paper_list,
    searchless_block,
    topic_page_path,
)


def _years(papers: list[Paper]) -> str:
    first, last = min(paper.year for paper in papers), max(paper.year for paper in papers)
    return str(first) if first == last else f"{first}–{last}"


def _count(papers: list[Paper]) -> str:
    return "1 paper" if len(papers) == 1 else f"{len(papers)} papers"


def _page(title: str, description: str, body: list[str], number: int = 1, count: int = 1) -> str:
    """A page's Markdown; page ``number`` of a long list says so in its title, and search leaves
    it out, as it leaves out a section's numbered pages."""
    if number > 1:
        title = f"{title}, page {number} of {count}"
    meta = page_meta(title, description)
    if number > 1:
        meta["search"] = {"exclude": True}
    return f"---\n{front_matter(meta)}---\n\n<h1>{escape(title)}</h1>\n\n" + "\n\n".join(body) + "\n"


def _listing(pages: tuple[ListPage, ...], number: int, publications: Publications, link_to: LinkTo,
             year_headings: bool, bibtex_of, person: str | None = None) -> str:
    """Page ``number``'s papers with their filters, and where they stand in the whole list. Nothing in
    the list links to the list's own pages (a person's name, a topic's chip): "" is no link. On a
    co-author's page, ``person`` is on every paper, even past a long author list's first authors."""
    shown = list(pages[number - 1].papers)
    mine = {page.docs_path for page in pages}
    list_link_to = (lambda path: "" if path in mine else link_to(path))
    parts = [render_range(list(pages), number, newest_first=True),
             render_paper_list(shown, publications, list_link_to, year_headings, bibtex_of, person),
             render_pager(list(pages), number, link_to, "Pages of this list")]
    return searchless_block("\n".join(part for part in parts if part),
                            render_filter_form(shown, publications, "pub-filters", person))


def render_coauthor_page(person: Coauthor, pages: tuple[ListPage, ...], number: int, publications: Publications,
                         link_to: LinkTo, links: tuple[tuple[str, str], ...] = (),
                         bibtex_of: Callable[[Paper], str] | None = None, year_headings: bool = False) -> str:
    """Page ``number`` of a co-author's ``pages`` (``plan.SitePlan.coauthor_pages``): on the first,
    how many papers with the owner and when, other spellings and their links (from
    ``data/coauthors.yml``); then the papers, where their name is no link to their own page."""
    owner = publications.owner.name
    summary = f"{_count(person.papers)} with {owner}, {_years(person.papers)}."
    body = []
    if number == 1:
        body.append(f'<p class="coauthor-summary">{escape(summary)}</p>')
        if person.spellings:
            body.append(f'<p class="coauthor-spellings">Also written: {escape(", ".join(person.spellings))}.</p>')
        if links:
            anchors = " · ".join(f'<a href="{escape(url)}">{escape(label)}</a>' for label, url in links)
            body.append(f'<p class="coauthor-links">{anchors}</p>')
    body.append(_listing(pages, number, publications, link_to, year_headings, bibtex_of, person.key))
    body.append(f'<p class="pub-back"><a href="{escape(link_to(COAUTHOR_INDEX))}">← All co-authors</a></p>')
    return _page(person.name, f"Papers of {owner} with {person.name}: {summary}", body, number, len(pages))


def render_coauthor_index(people: list[Coauthor], publications: Publications, link_to: LinkTo) -> str:
    """Everyone the owner has written with, by family name, with their number of papers and years."""
    owner = publications.owner.name
    items = "\n".join(
        f'<li><a href="{escape(link_to(coauthor_page_path(person.key)))}">{escape(person.name)}</a> '
        f'<span class="coauthor-count">{_count(person.papers)}, {_years(person.papers)}</span></li>'
        for person in people)
    intro = f"Everyone {owner} has written with: {len(people)} people."
    return _page("Co-authors", intro, [f"<p>{escape(intro)}</p>", f'<ul class="coauthor-index">\n{items}\n</ul>'])


def render_topic_page(topic: str, papers: list[Paper], pages: tuple[ListPage, ...], number: int,
                      publications: Publications, link_to: LinkTo, bibtex_of: Callable[[Paper], str] | None = None,
                      year_headings: bool = False) -> str:
    """Page ``number`` of the ``pages`` of a topic's ``papers`` (``plan.SitePlan.topic_pages``)."""
    summary = f"{_count(papers)} on {topic}, {_years(papers)}."
    body = [f"<p>{escape(summary)}</p>" if number == 1 else "",
            _listing(pages, number, publications, link_to, year_headings, bibtex_of),
            f'<p class="pub-back"><a href="{escape(link_to(TOPIC_INDEX))}">← All topics</a></p>']
    return _page(topic, f"Papers of {publications.owner.name} on {topic}: {summary}", [part for part in body if part],
                 number, len(pages))


def render_topic_index(topics: dict[str, tuple[str, list[Paper]]], publications: Publications,
                       link_to: LinkTo) -> str:
    """Every topic (key -> (name, papers)), by name, with its number of papers."""
    items = "\n".join(
        f'<li><a href="{escape(link_to(topic_page_path(key)))}">{escape(name)}</a> '
        f'<span class="coauthor-count">{_count(papers)}</span></li>'
        for key, (name, papers) in sorted(topics.items(), key=lambda item: item[1][0].lower()))
    intro = f"The topics of {publications.owner.name}'s papers."
    return _page("Topics", intro, [f"<p>{escape(intro)}</p>", f'<ul class="coauthor-index">\n{items}\n</ul>'])


def topics_of(publications: Publications) -> dict[str, tuple[str, list[Paper]]]:
    """Topic key -> (its name, its papers in the owner's order)."""
    found: dict[str, tuple[str, list[Paper]]] = {}
    for paper in publications.papers:
        for topic in paper.topics:
            found.setdefault(slug(topic), (topic, []))[1].append(paper)
    return found
