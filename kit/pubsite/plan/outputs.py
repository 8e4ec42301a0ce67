"""Every file a plan generates, with what its text is made of and how to write it.

Pure: nothing here knows MkDocs. The caller gives ``linker(from_path, source)``, which returns the
``link_to`` of the page at ``from_path`` (see ``rendering.LinkTo``; ``source`` names the data behind
the page in an error), and ``absolute_url(path)``, the public address of a page. Each ``Output``
says what its text depends on (``made_of``, compared under ``serve`` to skip unchanged files), and
``make()`` writes the text. ``memo(key, made_of, make)``, if given, may return a value made of the
same at an earlier build instead of calling ``make`` (under ``serve``: each paper's citation texts,
which the whole list's files are put together from at every edit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from pubsite.render.browse_pages import (
    render_coauthor_index,
    render_coauthor_page,
    render_topic_index,
    render_topic_page,
    topics_of,
)
from pubsite.cv.cv_model import Cv
from pubsite.cv.cv_pdf import TEMPLATE, CvOwner, cv_document, typeset
from pubsite.citations.exports import PaperCitations, list_exports, paper_citations, paper_exports
from pubsite.render.head_metadata import SiteInfo
from pubsite.data.input_limits import InputRefused
from pubsite.render.list_pages import continuation_page, fill_placeholders
from pubsite.render.llms_txt import LLMS_TXT, llms_txt, markdown_version_source, paper_markdown
from pubsite.render.long_author_lists import listed_authors
from pubsite.data.model import Publications
from pubsite.plan.plan import SitePlan
from pubsite.render.rendering import COAUTHOR_INDEX, TOPIC_INDEX, LinkTo, render_paper_page
from pubsite.data.yaml_source import load_checked_yaml

DATA_FILE = "data/publications.yml"
_CV_MARKER = re.compile(r"<!--\s*cv\b")

Linker = Callable[[str, str], LinkTo]
Memo = Callable[[Any, Any, Callable[[], Any]], Any]


def no_memo(key: Any, made_of: Any, make: Callable[[], Any]) -> Any:
    return make()


class Output(NamedTuple):
    path: str                 # inside docs/
    made_of: Any              # everything the text depends on, comparable with ==
    make: Callable[[], str | bytes]   # the text (bytes: a PDF)


def site_outputs(plan: SitePlan, publications: Publications, site: SiteInfo, *, owner_pages: dict[str, str],
                 extensions: dict[str, tuple[str, dict]], email_html: str | None, linker: Linker,
                 absolute_url: Callable[[str], str], memo: Memo = no_memo, cv: Cv | None = None,
                 cv_owner: CvOwner | None = None, coauthor_links: dict | None = None) -> list[Output]:
    """The outputs, in this order: paper pages, the owner's pages with placeholders filled (their
    original text in ``owner_pages``), numbered list pages, each paper's citation files, the
    whole list's files, the CV's PDFs (bytes). ``extensions`` holds each paper's extra Markdown and
    front matter."""
    page_urls = {paper.id: absolute_url(plan.paper_pages[paper.id]) for paper in publications.papers}
    citations: dict[str, PaperCitations] = {}

    def citations_of(paper) -> PaperCitations:
        if paper.id not in citations:
            url = page_urls[paper.id]
            citations[paper.id] = memo(("citations", paper.id), (paper, url), lambda: paper_citations(paper, url))
        return citations[paper.id]

    return [*_paper_pages(plan, publications, extensions, linker, citations_of),
            *_list_pages(plan, publications, owner_pages, email_html, linker, cv,
                         lambda paper: citations_of(paper).bibtex),
            *_browse_pages(plan, publications, linker, lambda paper: citations_of(paper).bibtex,
                           coauthor_links or {}),
            *_exports(plan, publications, site, page_urls, citations_of),
            *_machine_files(plan, publications, site, page_urls, citations_of, absolute_url, owner_pages),
            *_cv_pdfs(cv, cv_owner, publications, page_urls, absolute_url)]


def _people_shown(papers, publications) -> tuple:
    """How the authors of ``papers`` show in a list: each name with its co-author's page and the
    spelling that page goes by. A page listing them is made again when these change (an author
    written otherwise in another paper can move a person's page), as a clean build would. A list
    knows a collaboration's first authors only (``long_author_lists``): its thousands of co-authors'
    pages each hold a few, not all."""
    index = publications.coauthors
    return tuple((name, key, index.people[key].name) if (key := index.key_of.get(name)) else (name,)
                 for paper in papers for name in listed_authors(paper))


def _paper_pages(plan, publications, extensions, linker, citations_of):
    for paper in publications.papers:
        path = plan.paper_pages[paper.id]
        back = plan.back_links.get(paper.id)
        extension, meta = extensions.get(paper.id, ("", {}))
        exports = plan.paper_exports[paper.id]
        versions = tuple(publications.versions_of(paper))
        made_of = (paper, versions, back, extension, meta, publications.owner, _people_shown(versions, publications))

        def make(paper=paper, path=path, back=back, extension=extension, meta=meta, exports=exports) -> str:
            link_to = linker(path, f"{DATA_FILE}: paper '{paper.id}'")
            return render_paper_page(paper, publications, link_to, back, extension, meta, exports,
                                     bibtex=citations_of(paper).bibtex)

        yield Output(path, made_of, make)


def _list_pages(plan, publications, owner_pages, email_html, linker, cv, bibtex_of):
    for path, text in owner_pages.items():
        lists = plan.lists.get(path, ())
        shown = [paper for paper_list in lists for paper in paper_list.pages[0].papers]
        made_of = (text, lists, publications.owner, email_html, _people_shown(shown, publications))
        if cv is not None and _CV_MARKER.search(text):  # it shows the CV, and the papers the CV lists
            made_of += (cv, tuple(publications.papers))

        def make(path=path, text=text, lists=lists) -> str:
            return fill_placeholders(text, lists, publications, linker(path, f"docs/{path}"), email_html, cv,
                                     bibtex_of)

        yield Output(path, made_of, make)
    for path, (paper_list, number) in plan.continuations.items():

        def make(path=path, paper_list=paper_list, number=number) -> str:
            link_to = linker(path, f"docs/{paper_list.owner_page}")
            return continuation_page(paper_list, number, publications, link_to, bibtex_of)

        shown = _people_shown(paper_list.pages[number - 1].papers, publications)
        yield Output(path, (paper_list, number, publications.owner, shown), make)


def _browse_pages(plan, publications, linker, bibtex_of, coauthor_links):
    """Every page of each co-author and topic, and their indexes (``browse_pages``)."""
    index = publications.coauthors
    owner = publications.owner
    headings = plan.year_headings
    for key, pages in plan.coauthor_pages.items():
        person, links = index.people[key], coauthor_links.get(key, ())
        for page in pages:

            def make(path=page.docs_path, person=person, links=links, pages=pages, number=page.number) -> str:
                link_to = linker(path, f"{DATA_FILE}: co-author {person.name}")
                return render_coauthor_page(person, pages, number, publications, link_to, links, bibtex_of, headings)

            made_of = (person.name, person.spellings, tuple(person.papers), owner, links, pages, page.number,
                       headings, _people_shown(page.papers, publications))
            yield Output(page.docs_path, made_of, make)
    people = index.by_name()
    yield Output(COAUTHOR_INDEX, (tuple((p.key, p.name, len(p.papers), p.years) for p in people), owner),
                 lambda: render_coauthor_index(people, publications, linker(COAUTHOR_INDEX, DATA_FILE)))
    topics = topics_of(publications)
    for key, pages in plan.topic_pages.items():
        name, papers = topics[key]
        for page in pages:

            def make(path=page.docs_path, name=name, papers=papers, pages=pages, number=page.number) -> str:
                link_to = linker(path, f"{DATA_FILE}: topic {name}")
                return render_topic_page(name, papers, pages, number, publications, link_to, bibtex_of, headings)

            made_of = (name, tuple(papers), owner, pages, page.number, headings,
                       _people_shown(page.papers, publications))
            yield Output(page.docs_path, made_of, make)
    if plan.topic_pages:
        made_of = (tuple((key, name, len(papers)) for key, (name, papers) in topics.items()), owner)
        yield Output(TOPIC_INDEX, made_of,
                     lambda: render_topic_index(topics, publications, linker(TOPIC_INDEX, DATA_FILE)))


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _title_of(markdown: str, path: str) -> str:
    """A page's title as MkDocs takes it from the page: its front matter's ``title``, else its first
    heading (without an attribute list), else its file's name."""
    front = _FRONT_MATTER.match(markdown)
    if front:
        try:
            meta = load_checked_yaml(front.group(1), path, first_line=2)
            title = meta.get("title") if isinstance(meta, dict) else None
        except (yaml.YAMLError, InputRefused):  # MkDocs names the page's malformed front matter
            title = None
        if isinstance(title, str) and title.strip():
            return title.strip()
    found = _HEADING.search(markdown[front.end():] if front else markdown)
    if found:
        return re.sub(r"\s*\{[^}]*\}$", "", found.group(1))
    return path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()


def _machine_files(plan, publications, site, page_urls, citations_of, absolute_url, owner_pages):
    """``llms.txt`` and each paper's Markdown version (``llms_txt``)."""
    for paper in publications.papers:
        source = markdown_version_source(paper.id)

        def make(paper=paper) -> str:
            return paper_markdown(paper, page_urls[paper.id], citations_of(paper).bibtex)

        yield Output(source, (paper, page_urls[paper.id]), make)
    pages = [(site.name, site.url)]
    pages += [(paper_list.title, absolute_url(owner_page)) for owner_page, lists in plan.lists.items()
              for paper_list in lists if not paper_list.is_selected]
    pages += [(_title_of(text, path), absolute_url(path)) for path, text in owner_pages.items()
              if _CV_MARKER.search(text) and not plan.lists.get(path)]  # the CV, talks, awards
    pages.append(("Co-authors", absolute_url(COAUTHOR_INDEX)))
    if plan.topic_pages:
        pages.append(("Topics", absolute_url(TOPIC_INDEX)))
    made_of = (tuple(publications.papers), tuple(pages), site.name, site.description, site.url)
    yield Output(LLMS_TXT, made_of, lambda: llms_txt(publications, site.name, site.description,
                                                     site.absolute, pages))


def _exports(plan, publications, site, page_urls, citations_of):
    for paper in publications.papers:
        texts: dict[str, str] = {}

        def make(path: str, paper=paper, texts=texts) -> str:
            if not texts:  # the paper's three files are written together
                texts.update(paper_exports(citations_of(paper), plan.paper_pages[paper.id]))
            return texts[path]

        for _, path in plan.paper_exports[paper.id]:
            yield Output(path, (paper, page_urls[paper.id]), lambda path=path, make=make: make(path))
    whole: dict[str, str] = {}

    def make_whole(path: str) -> str:
        if not whole:
            whole.update(list_exports(publications, page_urls, site_url=site.url, site_name=site.name,
                                      citations={paper.id: citations_of(paper) for paper in publications.papers}))
        return whole[path]

    made_of = (tuple(publications.papers), page_urls, site.url, site.name, publications.owner)
    for _, path in plan.list_exports:
        yield Output(path, made_of, lambda path=path: make_whole(path))


def _cv_pdfs(cv, cv_owner, publications, page_urls, absolute_url):
    """One PDF per variant, typeset from a JSON document: under serve, only when that changes."""
    if cv is None:
        return
    template = TEMPLATE.read_text(encoding="utf-8")
    fonts = cv.style.fonts
    font_files = tuple((path, Path(path).stat().st_size, Path(path).stat().st_mtime_ns) for path in fonts)
    for variant in cv.pdfs:
        document = cv_document(cv, variant, publications, cv_owner, lambda paper: page_urls[paper.id], absolute_url)
        made_of = (json.dumps(document, sort_keys=True, ensure_ascii=False), template, font_files)
        yield Output(variant.file, made_of, lambda document=document: typeset(document, template, fonts))
