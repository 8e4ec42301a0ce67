"""The site for machines: ``llms.txt`` (the llmstxt.org format) and a plain Markdown version of
each paper's page, at the page's address with ``index.html.md`` (as the format proposes).

``llms.txt`` is a Markdown file: the site's name as its heading, its description as a quote, then
sections of links: the owner's list pages, then every paper by kind, each linking to its Markdown
version with a short note (authors, venue, year). The texts come from the validated data; they are
Markdown, so characters Markdown would read as markup in names and titles are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pubsite.render.inline_markdown import plain_text
from pubsite.render.long_author_lists import LISTED_AUTHORS, is_long, listed_authors
from pubsite.data.model import SECTIONS, Paper, Publications, newest_first, sentence
from pubsite.data.names import display_name

LLMS_TXT = "llms.txt"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown_version_source(paper_id: str) -> str:
    """Where the paper's Markdown version is kept in the build (not a .md file: MkDocs would render it)."""
    return f"papers/{paper_id}/llms.txt"


def markdown_version_path(paper_id: str) -> str:
    """Its address in the site: the page's ``papers/<id>/`` with ``index.html.md``."""
    return f"papers/{paper_id}/index.html.md"


def _text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _note(paper: Paper) -> str:
    """Authors, venue and year; a collaboration's first ``LISTED_AUTHORS`` authors and how many more
    (its Markdown version, linked, names them all)."""
    year = "" if str(paper.year) in paper.venue else f", {paper.year}"
    honours = f" ({'; '.join(paper.honours)})" if paper.honours else ""
    authors = ", ".join(paper.author_names)
    if is_long(paper):
        authors = (", ".join(display_name(name) for name in listed_authors(paper))
                   + f", and {len(paper.authors) - LISTED_AUTHORS:,} more")
    return f"{sentence(authors)} {sentence(f'{paper.venue}{year}{honours}')}"


def llms_txt(publications: Publications, site_name: str, description: str, absolute_url: Callable[[str], str],
             pages: list[tuple[str, str]]) -> str:
    """``pages``: (title, address) of the owner's pages worth listing (lists, CV, co-authors)."""
    lines = [f"# {_text(site_name)}", ""]
    if description:
        lines += [f"> {_text(description)}", ""]
    lines += [f"The homepage and publication list of {_text(publications.owner.name)}: "
              f"{len(publications.papers)} papers, each with a page and a Markdown version linked below.", ""]
    if pages:
        lines += ["## Pages", ""] + [f"- [{_text(title)}]({url})" for title, url in pages] + [""]
    for section, heading in SECTIONS.items():
        papers = newest_first(publications.in_sections([section]))
        if not papers:
            continue
        lines += [f"## {heading}", ""]
        lines += [f"- [{_text(paper.plain_title)}]({absolute_url(markdown_version_path(paper.id))}): "
                  f"{_text(_note(paper))}" for paper in papers]
        lines.append("")
    return "\n".join(lines)


def paper_markdown(paper: Paper, page_url: str, bibtex: str) -> str:
    """The paper's page as plain Markdown: what it is, where it appeared, its links, summary, BibTeX."""
    lines = [f"# {_text(paper.plain_title)}", "",
             f"- Authors: {_text(', '.join(display_name(name) for name in paper.authors))}",
             f"- Venue: {_text(paper.venue_name)}, {paper.year}"]
    if paper.equal_contribution:
        lines.append(f"- Equal contribution: {_text(', '.join(display_name(n) for n in paper.equal_contribution))}")
    if paper.honours:
        lines.append(f"- Honours: {_text('; '.join(paper.honours))}")
    if paper.topics:
        lines.append(f"- Topics: {_text(', '.join(paper.topics))}")
    lines.append(f"- Page: {page_url}")
    for link in paper.all_links():
        if link.is_external:
            lines.append(f"- {_text(link.label)}: {link.url}")
    if paper.note:
        lines += ["", _text(plain_text(paper.note))]
    if paper.summary:
        lines += ["", "## Summary", "", _text(plain_text(paper.summary))]
    fence = "```"
    while fence in bibtex:
        fence += "`"
    lines += ["", "## Cite", "", f"{fence}bibtex", bibtex.rstrip("\n"), fence, ""]
    return "\n".join(lines)
