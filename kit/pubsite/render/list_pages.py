"""The Markdown of the pages that show publication lists: the owner's pages, placeholders filled in,
and the numbered pages of long lists.

A list is a raw HTML block (``rendering.render_paper_list``) inside a ``data-search-exclude`` block,
so that site search finds each paper once, on its own page. Blank lines around it make Markdown keep
it whole. Pure: links are made by the caller's ``link_to`` (see ``rendering.LinkTo``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from pubsite.cv.cv_model import Cv
from pubsite.cv.cv_rendering import render_cv, render_entries
from pubsite.citations.exports import LIST_EXPORTS
from pubsite.data.markers import MARKER, Marker, MarkerError, find_markers
from pubsite.data.model import Paper, Publications
from pubsite.plan.pagination import continuation_markdown, render_pager, render_range
from pubsite.plan.plan import PaperList
from pubsite.render.filter_form import render_filter_form
from pubsite.render.rendering import LinkTo, render_downloads, render_paper_list, searchless_block

BibtexOf = Callable[[Paper], str]
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def render_list_page(paper_list: PaperList, number: int, publications: Publications, link_to: LinkTo,
                     bibtex_of: BibtexOf | None = None) -> str:
    """Page ``number`` of a list as HTML: the range shown, the papers, the pager and the downloads;
    the selected papers of the home page are the papers alone. ``bibtex_of(paper)`` gives each
    entry's BibTeX toggle."""
    shown = paper_list.pages[number - 1].papers
    if paper_list.is_selected:
        return searchless_block(render_paper_list(list(shown), publications, link_to, bibtex_of=bibtex_of))
    pages = list(paper_list.pages)
    parts = [render_range(pages, number, paper_list.newest_first),
             render_paper_list(list(shown), publications, link_to, paper_list.year_headings, bibtex_of),
             render_pager(pages, number, link_to, "Pages of this list"),
             render_downloads(list(LIST_EXPORTS), link_to, "All publications as:")]
    # The placeholder's line is unique on its page: it names the form.
    filters = render_filter_form(list(shown), publications, f"pub-filters-{paper_list.marker.line}")
    return searchless_block("\n".join(part for part in parts if part), filters)


def continuation_page(paper_list: PaperList, number: int, publications: Publications, link_to: LinkTo,
                      bibtex_of: BibtexOf | None = None) -> str:
    """The whole Markdown of a long list's page ``number`` (2 and up)."""
    markdown = continuation_markdown(paper_list.title, number, len(paper_list.pages))
    return f"{markdown}\n\n{render_list_page(paper_list, number, publications, link_to, bibtex_of)}\n"


def fill_placeholders(markdown: str, lists: tuple[PaperList, ...], publications: Publications,
                      link_to: LinkTo, email_html: str | None, cv: Cv | None = None,
                      bibtex_of: BibtexOf | None = None) -> str:
    """``markdown`` with each placeholder replaced: publications placeholders by their lists (in
    the order of ``lists``), CV placeholders by the CV or one of its sections, ``<!-- email -->`` by
    ``email_html``. Raises ``MarkerError`` (naming the line) for a list or CV placeholder that does
    not stand on a line of its own outside code blocks (fenced, or indented by four spaces), where it
    would not come out as a block, for a CV placeholder without the CV or its section, and for an
    email placeholder without an address."""
    markers = find_markers(markdown)
    code_lines = _code_lines(markdown)
    found = iter(markers)
    remaining = iter(lists)

    def replace(match: re.Match) -> str:
        marker: Marker = next(found)
        if marker.name == "email":
            if email_html is None:
                raise MarkerError(f"line {marker.line}: '<!-- email -->' needs 'extra: email:' (an address) "
                                  "in mkdocs.yml")
            return email_html
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        line_end = markdown.find("\n", match.end())
        line_end = len(markdown) if line_end == -1 else line_end
        before = markdown[line_start:match.start()]
        if (marker.line in code_lines or before.strip() or markdown[match.end():line_end].strip()
                or "\t" in before or len(before) >= 4):  # indented by four: Markdown's code block
            raise MarkerError(
                f"line {marker.line}: a {marker.name} placeholder must stand on a line of its own, outside "
                "code blocks"
            )
        if marker.name == "cv":
            return "\n\n" + _cv_block(marker, cv, publications, link_to) + "\n\n"
        paper_list = next(remaining)
        return "\n\n" + render_list_page(paper_list, 1, publications, link_to, bibtex_of) + "\n\n"

    return MARKER.sub(replace, markdown)


def _cv_block(marker: Marker, cv: Cv | None, publications: Publications, link_to: LinkTo) -> str:
    if cv is None:
        raise MarkerError(f"line {marker.line}: a CV placeholder needs data/cv.yml (see the kit's guide, cv.md)")
    if not marker.sections:
        return render_cv(cv, publications, link_to)
    section = cv.section(marker.sections[0])
    if section is None:
        ids = [section.id for section in cv.sections]
        meant = difflib.get_close_matches(marker.sections[0], ids, n=1)
        hint = f"did you mean '{meant[0]}'? " if meant else ""
        raise MarkerError(f"line {marker.line}: {cv.source} has no section '{marker.sections[0]}'; {hint}"
                          f"its sections are: {', '.join(ids)}")
    return render_entries(section, publications, link_to)


def _code_lines(markdown: str) -> set[int]:
    """Line numbers (from 1) inside fenced code blocks, fences included."""
    lines: set[int] = set()
    fence = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                lines.add(number)
        else:
            lines.add(number)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and \
                    not line.strip()[len(match.group(1)):].strip():
                fence = None
    return lines
