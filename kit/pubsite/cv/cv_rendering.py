"""HTML of the CV, for the site's pages: a section's entries (``<!-- cv: talks -->``) or the whole
CV (``<!-- cv -->``), its publications as a compact, numbered citation list.

Every text from the data files is escaped where it lands; details go through ``inline_markdown``.
The publications are inside a ``data-search-exclude`` block: search finds each paper once, on its
own page. Pure: links are made by the caller's ``link_to`` (see ``rendering.LinkTo``).
"""

from __future__ import annotations

from pubsite.cv.cv_model import Cv, CvEntry, CvSection, PaperFilter
from pubsite.render.inline_markdown import render_inline
from pubsite.data.math_text import to_html
from pubsite.data.model import Paper, Publications
from pubsite.render.rendering import (
    EQUAL_CONTRIBUTION_LEGEND,
    LinkTo,
    escape,
    paper_page_path,
    render_authors,
    render_badges,
    render_link_buttons,
    searchless_block,
)


def render_entry(entry: CvEntry, publications: Publications, link_to: LinkTo) -> str:
    head = [f'<strong class="cv-title">{escape(entry.title)}</strong>']
    head += [f'<span class="cv-where">{escape(text)}</span>' for text in (entry.where, entry.location) if text]
    parts = [f'<span class="cv-head">{", ".join(head)}</span>']
    when = entry.when()
    if when:
        parts.append(f'<span class="cv-when">{escape(when)}</span>')
    if entry.details:
        parts.append(f'<span class="cv-details">{render_inline(entry.details)}</span>')
    for paper_id in entry.papers:
        paper = publications.by_id[paper_id]
        parts.append(f'<span class="cv-for">Paper: <a href="{escape(link_to(paper_page_path(paper.id)))}">'
                     f"{to_html(paper.title)}</a></span>")
    if entry.links:
        parts.append(f'<span class="cv-links">{render_link_buttons(entry.links, link_to, entry.title, True)}</span>')
    return f'<li class="cv-entry">{"".join(parts)}</li>'


def render_entries(section: CvSection, publications: Publications, link_to: LinkTo) -> str:
    """One section's entries, as a raw HTML block (no blank lines, so Markdown keeps it whole)."""
    if section.is_publications:
        return render_papers(section.papers, publications, link_to)
    if not section.entries:
        return '<p class="cv-empty">Nothing here yet.</p>'
    items = "\n".join(render_entry(entry, publications, link_to) for entry in section.entries)
    return f'<ul class="cv-entries">\n{items}\n</ul>'


def render_paper(paper: Paper, publications: Publications, link_to: LinkTo) -> str:
    """A paper as a CV cites it: authors (the owner in bold, equal contributors starred), title
    linking to its page, venue and year, honours, then its note and the other venues it was
    presented at (``also_presented``), which a CV must not lose."""
    year = "" if str(paper.year) in paper.venue else f", {paper.year}"
    parts = [f'<li class="cv-paper">{render_authors(paper, publications.owner)}. '
             f'<a class="cv-paper-title" href="{escape(link_to(paper_page_path(paper.id)))}">{to_html(paper.title)}</a>. '
             f'<span class="pub-venue">{escape(paper.venue)}</span>{year}.{render_badges(paper.honours)}']
    if paper.note:
        parts.append(f' <span class="cv-note">{render_inline(paper.note)}</span>')
    for presentation in paper.also_presented:
        title = f", as <cite>{to_html(presentation.title)}</cite>" if presentation.title else ""
        parts.append(f' <span class="cv-also">Also presented at <span class="pub-venue">'
                     f'{escape(presentation.venue)}</span>{title}.{render_badges(presentation.honours)}</span>')
    return "".join(parts) + "</li>"


def render_papers(paper_filter: PaperFilter, publications: Publications, link_to: LinkTo) -> str:
    """The filter's papers, numbered across groups (newest first), each group under its heading."""
    groups = paper_filter.groups(publications)
    if not groups:
        return '<p class="pub-empty">No papers yet.</p>'
    blocks, number = [], 1
    for heading, papers in groups:
        items = "\n".join(render_paper(paper, publications, link_to) for paper in papers)
        title = f'<h3 class="cv-group">{escape(heading)}</h3>\n' if heading else ""
        blocks.append(f'{title}<ol class="cv-papers" start="{number}">\n{items}\n</ol>')
        number += len(papers)
    if any(paper.equal_contribution for _, papers in groups for paper in papers):
        blocks.append(f'<p class="pub-legend"><sup>*</sup>{EQUAL_CONTRIBUTION_LEGEND}</p>')
    return searchless_block("\n".join(blocks))


def render_cv(cv: Cv, publications: Publications, link_to: LinkTo) -> str:
    """The whole CV: a link to each PDF, then every section under its heading. The owner's name
    heads the printed page (the site's header, which says it on screen, is not printed)."""
    parts = [f'<p class="cv-print-name">{escape(publications.owner.name)}</p>']
    if cv.pdfs:
        links = " · ".join(f'<a href="{escape(link_to(pdf.file))}">{escape(pdf.title)}</a>' for pdf in cv.pdfs)
        parts.append(f'<p class="cv-downloads">PDF: {links}</p>')
    for section in cv.sections:
        if section.is_empty(publications):
            continue
        parts.append(f'<section class="cv-section" aria-labelledby="cv-{escape(section.id)}">\n'
                     f'<h2 id="cv-{escape(section.id)}">{escape(section.title)}</h2>\n'
                     f'{render_entries(section, publications, link_to)}\n</section>')
    return "\n".join(parts)
