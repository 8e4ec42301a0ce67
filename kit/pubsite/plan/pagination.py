"""Long lists split into pages a phone can load: the first page stays where the owner put the list.

A lab's 2,000 papers in one list would be megabytes of HTML. A list longer than the page size shows
its first papers on the owner's page; the rest go to numbered pages beside it
(``publications/conference/2/``, ``.../3/``), each with the same pager, newest papers first as in
the data file.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Callable, NamedTuple

from pubsite.data.model import Paper

DEFAULT_PAGE_SIZE = 100


class ListPage(NamedTuple):
    """One page of a long list: ``number`` from 1; page 1 is the owner's own Markdown page."""

    docs_path: str  # where the page lives in docs/ (page 1: the owner's page)
    number: int
    count: int  # how many pages the list has
    papers: tuple[Paper, ...]


def continuation_path(owner_page: str, number: int, suffix: str = "") -> str:
    """``publications/conference.md`` -> ``publications/conference/2.md`` (URL ``.../conference/2/``)."""
    stem, _ = posixpath.splitext(owner_page)
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
    name = f"{suffix}-{number}.md" if suffix else f"{number}.md"
    return posixpath.join(stem, name) if stem else name


def split_list(owner_page: str, papers: list[Paper], page_size: int, suffix: str = "") -> list[ListPage]:
    """The pages of one list; a list that fits is one page, the owner's."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    chunks = [papers[start:start + page_size] for start in range(0, len(papers), page_size)] or [[]]
    return [
        ListPage(owner_page if number == 1 else continuation_path(owner_page, number, suffix),
                 number, len(chunks), tuple(chunk))
        for number, chunk in enumerate(chunks, start=1)
    ]


def render_pager(pages: list[ListPage], current: int, link_to: Callable[[str], str], label: str) -> str:
    """Links to every page of the list; the current one is marked for screen readers too."""
    if len(pages) < 2:
        return ""
    items = []
    if current > 1:
        items.append(f'<a href="{escape(link_to(pages[current - 2].docs_path))}" rel="prev">← Newer</a>')
    for page in pages:
        if page.number == current:
            items.append(f'<span aria-current="page">{page.number}</span>')
        else:
            items.append(f'<a href="{escape(link_to(page.docs_path))}">{page.number}</a>')
    if current < len(pages):
        items.append(f'<a href="{escape(link_to(pages[current].docs_path))}" rel="next">Older →</a>')
    return f'<nav class="pub-pager" aria-label="{escape(label)}: pages">{" ".join(items)}</nav>'


def render_range(pages: list[ListPage], current: int, newest_first: bool) -> str:
    """"Papers 101–200 of 340, newest first." above page ``current`` of a list of several pages."""
    shown = pages[current - 1].papers
    if len(pages) < 2 or not shown:
        return ""
    first = sum(len(page.papers) for page in pages[:current - 1]) + 1
    total = sum(len(page.papers) for page in pages)
    order = ", newest first" if newest_first else ""
    return f'<p class="pub-range">Papers {first}–{first + len(shown) - 1} of {total}{order}.</p>'


def continuation_markdown(title: str, number: int, count: int) -> str:
    """The Markdown of page ``number`` (≥ 2) before its list is filled in."""
    heading = f"{title}, page {number} of {count}"
    return f"---\ntitle: {_yaml_string(escape(heading))}\nsearch:\n  exclude: true\n---\n\n# {escape(heading)}\n"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
