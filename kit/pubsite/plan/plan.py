"""Which pages, lists and files a build makes, decided from the data and the owner's pages alone.

Pure: nothing here knows MkDocs. ``plan_site`` takes the validated publication list, the owner's
Markdown pages that hold placeholders (by their path in ``docs/``) and the page size, and says

* where each paper's page and citation files go (``papers/<id>.md``, ``papers/<id>/cite.bib``, ...);
* what each ``<!-- publications: ... -->`` placeholder shows, split into pages of ``page_size``
  (the first stays on the owner's page, the rest get numbered pages beside it);
* which list page each paper's page links back to;
* which sections no page lists (the build warns: readers could not reach those papers).

Rendering the pages is ``rendering``'s job; adding them to MkDocs is the hook's.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from pubsite.render.browse_pages import topics_of
from pubsite.citations.exports import LIST_EXPORTS, paper_export_paths
from pubsite.render.llms_txt import LLMS_TXT, markdown_version_path, markdown_version_source
from pubsite.data.markers import SELECTED, Marker, MarkerError, find_markers
from pubsite.data.model import SECTIONS, Publications
from pubsite.data.model import newest_first as newest_first_order
from pubsite.plan.pagination import ListPage, split_list
from pubsite.render.rendering import (
    COAUTHOR_INDEX,
    TOPIC_INDEX,
    BackLink,
    coauthor_page_path,
    paper_page_path,
    topic_page_path,
)

ROBOTS = "robots.txt"
PAPERS_DIR = posixpath.dirname(paper_page_path("x"))


class PlanError(Exception):
    """The plan cannot be made (a generated path the owner's own file already has)."""


@dataclass(frozen=True)
class PaperList:
    """One publications placeholder of an owner's page: what it shows, page by page."""

    owner_page: str
    marker: Marker
    pages: tuple[ListPage, ...]
    year_headings: bool = False
    newest_first: bool = True

    @property
    def is_selected(self) -> bool:
        """The home page's "selected papers": one page, no pager, no downloads."""
        return self.marker.sections == (SELECTED,)

    @property
    def title(self) -> str:
        return ", ".join(SECTIONS.get(section, section) for section in self.marker.sections)


@dataclass(frozen=True)
class SitePlan:
    """Everything a build generates, by path inside ``docs/``."""

    paper_pages: dict[str, str]                               # paper id -> its page
    paper_exports: dict[str, tuple[tuple[str, str], ...]]     # paper id -> (label, path) of its files
    lists: dict[str, tuple[PaperList, ...]]                   # owner page -> its lists, in order
    continuations: dict[str, tuple[PaperList, int]]           # numbered list page -> (list, number)
    back_links: dict[str, BackLink]                           # paper id -> the list page showing it
    unlisted_sections: tuple[str, ...]                        # sections with papers but no page
    list_exports: tuple[tuple[str, str], ...] = LIST_EXPORTS  # (label, path) of the whole list's files
    cv_pdfs: tuple[str, ...] = ()                             # the typeset CVs of data/cv.yml
    # co-author key -> their pages (one, or several for a long list, as a section's), and the same by topic
    coauthor_pages: dict[str, tuple[ListPage, ...]] = field(default_factory=dict)
    topic_pages: dict[str, tuple[ListPage, ...]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # generated file -> its address, if another
    year_headings: bool = False                               # a heading before each year of a list

    def browse_paths(self) -> list[str]:
        """Every page of every co-author and topic."""
        return [page.docs_path for pages in (*self.coauthor_pages.values(), *self.topic_pages.values())
                for page in pages]

    def generated_paths(self) -> list[str]:
        """Every path the build adds (the owner's list pages are theirs, filled in, not added)."""
        paths = [*self.paper_pages.values(), *self.continuations, *self.cv_pdfs, COAUTHOR_INDEX,
                 *self.browse_paths()]
        if self.topic_pages:
            paths.append(TOPIC_INDEX)
        paths += [LLMS_TXT, *self.renamed]
        paths += [path for exports in self.paper_exports.values() for _, path in exports]
        paths += [path for _, path in self.list_exports]
        return paths


def extension_pages(paths, paper_ids) -> dict[str, str]:
    """The owner's ``papers/<id>.md`` among ``paths``, by path -> paper id: extra Markdown for the
    generated page of that paper. One whose id no paper has is an error (a typo would hide it)."""
    found = {}
    for path in paths:
        if posixpath.dirname(path) == PAPERS_DIR and path.endswith(".md"):
            paper_id = posixpath.splitext(posixpath.basename(path))[0]
            if paper_id not in paper_ids:
                raise PlanError(f"docs/{path}: no paper has the id '{paper_id}' in data/publications.yml; a "
                                f"Markdown file in docs/{PAPERS_DIR}/ extends the page of the paper with the same id")
            found[path] = paper_id
    return found


def placeholder_pages(pages: dict[str, str]) -> dict[str, list[Marker]]:
    """The pages (path -> text) that hold placeholders, with them, in the pages' order; a wrong
    placeholder is a ``PlanError`` naming the page and line."""
    found = {}
    for path, text in pages.items():
        if "<!--" in text:
            try:
                markers = find_markers(text)
            except MarkerError as error:
                raise PlanError(f"docs/{path}: {error}") from None
            if markers:
                found[path] = markers
    return found


def plan_site(publications: Publications, placeholders: dict[str, list[Marker]], page_size: int,
              owner_paths: set[str] = frozenset(), *, newest_first: bool = True,
              year_headings: bool = False, cv_pdfs: tuple[str, ...] = ()) -> SitePlan:
    """The plan for ``publications``; ``placeholders`` holds each owner page's placeholders in page
    order (``placeholder_pages``), ``owner_paths`` every path the owner's ``docs/`` already has.
    Lists show their papers newest first (``model.newest_first``) unless ``newest_first`` is false
    (then in the owner's order); ``year_headings`` puts a heading before each year (not on the home
    page's selected papers); ``cv_pdfs`` are the paths of the CV's PDFs."""
    placeholders = {page: [marker for marker in markers if marker.name == "publications"]
                    for page, markers in placeholders.items()}
    paper_pages = {paper.id: paper_page_path(paper.id) for paper in publications.papers}
    paper_exports = {paper.id: paper_export_paths(path) for paper, path in
                     zip(publications.papers, paper_pages.values())}
    order = newest_first_order if newest_first else list
    lists = {page: _lists_of(page, markers, publications, page_size, order, year_headings)
             for page, markers in placeholders.items()}
    continuations = {list_page.docs_path: (paper_list, list_page.number)
                     for page_lists in lists.values() for paper_list in page_lists
                     for list_page in paper_list.pages[1:]}
    section_pages = _section_pages(lists)
    showing = {page: _pages_showing(lists[page]) for page in set(section_pages.values())}
    back_links = {}
    for paper in publications.papers:
        owner_page = section_pages.get(paper.section)
        if owner_page is not None:
            back_links[paper.id] = BackLink(SECTIONS[paper.section], showing[owner_page].get(paper.id, owner_page))
    unlisted = tuple(section for section in SECTIONS
                     if section not in section_pages and publications.in_sections([section]))
    plan = SitePlan(paper_pages, paper_exports, lists, continuations, back_links, unlisted, cv_pdfs=tuple(cv_pdfs),
                    coauthor_pages={key: tuple(split_list(coauthor_page_path(key), newest_first_order(person.papers),
                                                          page_size))
                                    for key, person in publications.coauthors.people.items()},
                    topic_pages={key: tuple(split_list(topic_page_path(key), newest_first_order(papers), page_size))
                                 for key, (_, papers) in topics_of(publications).items()},
                    renamed={markdown_version_source(paper.id): markdown_version_path(paper.id)
                             for paper in publications.papers}, year_headings=year_headings)
    _check_collisions(plan, owner_paths)
    return plan


def _lists_of(owner_page: str, markers: list[Marker], publications: Publications,
              page_size: int, order, year_headings: bool) -> tuple[PaperList, ...]:
    """The lists of one page. With two long lists on one page, their numbered pages are told apart
    by the sections in their names (``conference-journal-2.md``)."""
    shown = [None if marker.sections == (SELECTED,) else order(publications.in_sections(list(marker.sections)))
             for marker in markers]
    long_lists = sum(papers is not None and len(papers) > page_size for papers in shown)
    result = []
    for marker, papers in zip(markers, shown):
        if papers is None:
            pages = [ListPage(owner_page, 1, 1, tuple(order(publications.selected())))]
            result.append(PaperList(owner_page, marker, tuple(pages)))
        else:
            suffix = "-".join(marker.sections) if long_lists > 1 else ""
            pages = split_list(owner_page, papers, page_size, suffix)
            result.append(PaperList(owner_page, marker, tuple(pages), year_headings, order is not list))
    return tuple(result)


def _section_pages(lists: dict[str, tuple[PaperList, ...]]) -> dict[str, str]:
    """The first page (in the owner's order) that lists each section: where paper pages link back."""
    pages: dict[str, str] = {}
    for owner_page, page_lists in lists.items():
        for paper_list in page_lists:
            for section in paper_list.marker.sections:
                if section != SELECTED:
                    pages.setdefault(section, owner_page)
    return pages


def _pages_showing(page_lists: tuple[PaperList, ...]) -> dict[str, str]:
    """Paper id -> the first page of ``page_lists`` (not counting selected papers) that shows it."""
    showing: dict[str, str] = {}
    for paper_list in page_lists:
        if not paper_list.is_selected:
            for list_page in paper_list.pages:
                for paper in list_page.papers:
                    showing.setdefault(paper.id, list_page.docs_path)
    return showing


def _check_collisions(plan: SitePlan, owner_paths: set[str]) -> None:
    taken = sorted(set(plan.generated_paths()) & set(owner_paths))
    if not taken:
        return
    path = taken[0]
    if path in plan.continuations:
        owner = plan.continuations[path][0].owner_page
        reason = f"the site generates this page for the long list on docs/{owner}"
    elif posixpath.dirname(path) == posixpath.dirname(paper_page_path("x")) and path.endswith(".md"):
        reason = "the site generates this paper's page (extra Markdown for it goes in its own file, by id)"
    elif path == COAUTHOR_INDEX or path.startswith(posixpath.dirname(COAUTHOR_INDEX) + "/"):
        reason = "the site generates the co-author pages there"
    elif path == TOPIC_INDEX or path.startswith(posixpath.dirname(TOPIC_INDEX) + "/"):
        reason = "the site generates the topic pages there"
    elif path == LLMS_TXT:
        reason = "the site generates llms.txt (a map of the site for language models) there"
    elif path in plan.cv_pdfs:
        reason = "the site typesets the CV of data/cv.yml there (its 'pdf: file:')"
    else:
        reason = "the site generates this file"
    raise PlanError(f"docs/{path}: {reason}; rename or remove yours")
