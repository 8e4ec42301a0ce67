"""MkDocs hook: the thin adapter between MkDocs' events and the ``pubsite`` package.

``on_config`` reads and validates ``data/publications.yml``; ``on_files`` adds one generated page per
paper (kept out of the navigation, which would otherwise make builds quadratic), the numbered pages of
long lists and ``robots.txt``, and starts writing the citation exports and the Atom feed into the
site on a second thread (``on_post_build`` waits for it; under ``serve`` it then makes the whole
list's files, after the rebuild); ``on_page_markdown`` fills the placeholders of the Markdown
pages, leaving a placeholder comment for each publication list (lists skip Markdown), whose ids
``on_page_content`` counts as the page's anchors; ``on_page_context`` puts the lists' HTML in, after
search has indexed the page, and gives each page its head metadata (Scholar tags, JSON-LD,
OpenGraph); ``on_serve`` watches the data file and makes the watcher look for saved files more often.
MkDocs does not reload this module between ``serve`` rebuilds, so per-build state is reset in
``on_config``; what must outlive a build under ``serve`` (fingerprints for ``--dirty``, rendered
pages and exports, parsed papers, compiled templates, the search index) lives in the module's
other globals, see ``pubsite_incremental``. A one-off build keeps none of it.
"""

from __future__ import annotations

import html
import itertools
import logging
import os
import posixpath
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date, get_relative_url
from mkdocs.utils.meta import get_data

from pubsite.background_writer import BackgroundWriter, WriteFailed, write_file
from pubsite.errors import DataError
from pubsite.exports import (
    FEED_PATH, LIST_EXPORTS, WHOLE_LIST_PATHS, forget_texts, list_exports, paper_export_paths, paper_exports,
    paper_page_of_export,
)
from pubsite.html_blocks import HtmlBlocks, MisplacedBlock
from pubsite.head_metadata import (
    SiteInfo, feed_link, home_page_graph, json_ld, meta_tags, scholar_tags, scholarly_article, social_tags,
)
from pubsite.markers import SELECTED, Marker, MarkerError, find_markers, replace_markers
from pubsite.model import SECTIONS, Publications
from pubsite.obfuscated_email import render_email
from pubsite.pagination import DEFAULT_PAGE_SIZE, ListPage, continuation_markdown, render_pager, split_list
from pubsite.rendering import (
    BackLink, paper_page_path, render_downloads, render_paper_list, render_paper_page, searchless_block,
)
from pubsite.validation import ValidationMemo, read_publications
from pubsite.yaml_chunks import ChunkedReader
from pubsite.yaml_source import load_marked_yaml
from pubsite_incremental import (
    ChangeTracker, DirtyWarningFilter, LongLivedHeap, SearchIndexMerger, TemplateCodeCache, fingerprint,
    SitemapMemo, ThemeListing, quicken_polling, remove_outputs, renew_page, tree_fingerprint,
)

DATA_FILE = "data/publications.yml"
#: serve: seconds between a rebuild and making the whole list's files, for the browser's reload to
#: be answered first (making them holds Python's lock: a tenth of a second at 5,000 papers).
WHOLE_LIST_QUIET = 0.5
PAPERS_DIR = posixpath.dirname(paper_page_path("x"))

log = get_plugin_logger(__name__)


@dataclass
class _BuildState:
    """What one build learned, reset by ``on_config`` because serve keeps this module loaded."""

    publications: Publications | None = None
    site: SiteInfo | None = None
    generated: set[str] = field(default_factory=set)
    papers_by_page: dict[str, str] = field(default_factory=dict)  # src_uri -> paper id
    files: Files | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    # (owner page src_uri, index of its publications placeholder) -> the pages of that list
    lists: dict[tuple[str, int], list[ListPage]] = field(default_factory=dict)
    continuations: dict[str, tuple[tuple[str, int], int]] = field(default_factory=dict)  # src_uri -> list, page
    holders: dict[str, dict[str, str]] = field(default_factory=dict)  # owner page -> paper id -> list page
    rendered: set[str] = field(default_factory=set)  # URLs of the pages rendered by this build
    search: object | None = None  # Material's search plugin, whose index a dirty build completes
    whole_list: Callable[[], dict[str, str]] | None = None  # serve: the whole list's files, by destination


_state = _BuildState()
_tracker = ChangeTracker()
_merger = SearchIndexMerger()
# serve: by paper id, what the previous build made its page and citation files of, and them
_page_cache: dict[str, tuple[tuple, str]] = {}
_page_owner = None  # the owner those pages were made for
_export_cache: dict[str, tuple[tuple, dict[str, str]]] = {}
_writer = BackgroundWriter()  # citation files, written while MkDocs renders pages
_heap = LongLivedHeap()  # serve: what outlives rebuilds is kept out of the cycle collector's way
_paper_files: dict[str, File] = {}  # serve: the paper pages' files, reused by the next build
_paper_pages_in_nav: set[str] = set()  # serve: paper pages the owner put in the nav, made anew
_page_titles: dict[str, str] = {}  # src_uri -> title, for nav labels of pages a dirty build skips
_dirty_filter = DirtyWarningFilter()
_template_code = TemplateCodeCache()
_data_reader = ChunkedReader(load_marked_yaml)  # parses only the papers edited since the last build
_validated = ValidationMemo()  # and checks only those again
_blocks = HtmlBlocks()  # publication lists, put into pages after Markdown
_sitemap = SitemapMemo()  # serve --dirty: the sitemap, rendered again only when it changes
_theme_listing = ThemeListing()  # serve: the theme's files listed, and its templates compiled, once


def on_startup(command, dirty):
    # Only ``serve`` builds again in this process: then remembering pays; a one-off build keeps
    # nothing it does not need (peak memory).
    _tracker.enabled = command == "serve"
    _tracker.keeps_outputs = command == "serve" and dirty
    build_logger = logging.getLogger("mkdocs.commands.build")
    if dirty and _dirty_filter not in build_logger.filters:
        build_logger.addFilter(_dirty_filter)


def _data_path(config) -> Path:
    return Path(config.config_file_path).parent / DATA_FILE


# Before plugins' own on_config (serve: Material's search makes a Jinja environment there, which
# ThemeListing prepares); this reads only settings written in mkdocs.yml, which plugins leave alone.
@event_priority(10)
def on_config(config):
    global _state
    _finish_writes()  # serve: the previous rebuild's whole-list files, before MkDocs cleans the site
    _state = _BuildState()
    _blocks.clear()
    if _tracker.enabled:
        build_date = get_build_date()
        for file in _paper_files.values():
            if file.page is None:
                continue
            if file.src_uri in _paper_pages_in_nav:
                file.page = None  # MkDocs gives a nav entry's page its title only when it makes it
            else:
                renew_page(file.page, build_date)
        _heap.settle()  # if the quiet moment after the first build did not come
    try:
        serving = _tracker.enabled
        _state.publications = read_publications(_data_path(config), DATA_FILE, Path(config.docs_dir),
                                                load=_data_reader.read if serving else None,
                                                memo=_validated if serving else None)
    except DataError as error:
        raise PluginError(error.describe()) from None
    _state.site = _site_info(config, _state.publications)
    _state.page_size = _page_size(config)
    # Material's search merges a dirty build's entries into the last index assuming one page
    # changed; on_post_build merges them exactly instead.
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            plugin.is_dirty = False
            _state.search = plugin
    site = ""
    if _tracker.enabled:  # serve: a change to the templates or config makes every page change
        templates = [Path(config.config_file_path)]
        if config.theme.custom_dir:
            templates.append(Path(config.theme.custom_dir))
        owner_templates = tree_fingerprint(*templates)
        site = fingerprint(owner_templates, str(config.use_directory_urls))
        _theme_listing.install(config.theme, owner_templates, compiled=_template_code)
    _tracker.start(site)
    return config


def _page_size(config) -> int:
    """``extra: publications_per_page:`` in mkdocs.yml: how many papers one list page shows."""
    size = config.extra.get("publications_per_page", DEFAULT_PAGE_SIZE)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise PluginError(
            f"mkdocs.yml: 'extra: publications_per_page:' must be a whole number of at least 1, got {size!r}"
        )
    return size


def _site_info(config, publications: Publications) -> SiteInfo:
    """Site-wide facts for head metadata, from mkdocs.yml (site_url, extra.social, ...)."""
    if not config.site_url:
        raise PluginError("mkdocs.yml: 'site_url' is required: citation tags and feeds need absolute URLs")
    url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    extra = config.extra
    image = extra.get("social_image")
    affiliations = extra.get("affiliation", [])
    if isinstance(affiliations, str):
        affiliations = [affiliations]
    return SiteInfo(
        url=url,
        name=config.site_name,
        description=config.site_description or "",
        owner_name=publications.owner.name,
        same_as=tuple(
            item["link"] for item in extra.get("social") or [] if isinstance(item, dict) and item.get("link")
        ),
        affiliations=tuple(affiliations),
        image_url=url + image.lstrip("/") if image else None,
    )


def _linker(files: Files, from_url: str, source: str):
    """``link_to`` for the renderers: a docs path -> URL relative to the page at ``from_url``."""

    by_path = files.src_uris  # thousands of links per build: the paths are POSIX already, mostly

    def link_to(docs_path: str) -> str:
        target = by_path.get(docs_path)
        if target is None:
            if _is_export(docs_path):  # written by the hook, at its own path (never one of the files)
                return get_relative_url(docs_path, from_url)
            target = files.get_file_from_path(docs_path)
            if target is None:
                raise PluginError(f"{source}: links to {docs_path}, which is not in the site")
        return get_relative_url(target.url, from_url)

    return link_to


def _is_export(docs_path: str) -> bool:
    """Whether the hook writes ``docs_path`` into the site: a citation file, of a paper or of all."""
    if docs_path in WHOLE_LIST_PATHS:
        return True
    page = paper_page_of_export(docs_path)
    return page is not None and page in _state.papers_by_page


def _section_pages(list_pages: dict[File, list[Marker]]) -> dict[str, File]:
    """Which Markdown page lists each section first: where paper pages link back to."""
    pages: dict[str, File] = {}
    for file, markers in list_pages.items():
        for marker in markers:
            for section in marker.sections:
                if section != SELECTED:
                    pages.setdefault(section, file)
    return pages


def _take_extensions(files: Files, publications: Publications) -> dict[str, tuple[str, dict]]:
    """Remove the owner's ``docs/papers/<id>.md`` files; their Markdown is merged into the pages."""
    extensions = {}
    for file in list(files.documentation_pages()):
        if posixpath.dirname(file.src_uri) != PAPERS_DIR:
            continue
        paper_id = posixpath.splitext(posixpath.basename(file.src_uri))[0]
        if paper_id not in publications.by_id:
            raise PluginError(
                f"docs/{file.src_uri}: no paper has the id '{paper_id}' in {DATA_FILE}; a Markdown "
                f"file in docs/{PAPERS_DIR}/ extends the page of the paper with the same id"
            )
        markdown, meta = get_data(file.content_string)
        extensions[paper_id] = (markdown, meta)
        files.remove(file)
    return extensions


def on_files(files: Files, config):
    publications = _state.publications
    _state.files = files
    extensions = _take_extensions(files, publications)
    list_pages = _list_pages(files)  # before the paper pages join: MkDocs would go through them all
    owner_files = list(files)  # the docs and the theme's files, before the generated ones join
    paper_files = {}
    site = _state.site
    global _paper_files
    reusable, _paper_files = _reusable_paper_files(config), {}
    for paper in publications.papers:
        path = paper_page_path(paper.id)
        file = reusable.get(path)  # with its page renewed in on_config, or none: MkDocs makes one
        if file is None:
            file = File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            file.edit_uri = None
        files.append(file)
        paper_files[paper.id] = file
        _state.generated.add(path)
        _state.papers_by_page[path] = paper.id
        if _tracker.enabled:
            _paper_files[path] = file
    page_urls = {paper_id: site.absolute(file.url) for paper_id, file in paper_files.items()}
    whole_list = {path: os.path.join(config.site_dir, path) for path in WHOLE_LIST_PATHS}
    if _tracker.enabled:
        # Made after this rebuild, on the writer thread (see on_post_build): they change with any
        # paper and are not needed to show one. Outputs of this build all the same.
        exports = {}
        for path, destination in whole_list.items():
            _tracker.made_anew(path, destination)
        make = partial(list_exports, publications, page_urls, site_url=site.url, site_name=site.name)
        _state.whole_list = lambda: {whole_list[path]: text for path, text in make().items()}
    else:
        exports = list_exports(publications, page_urls, site_url=site.url, site_name=site.name)
    for file in owner_files:
        if _is_export(file.src_uri):
            raise PluginError(f"docs/{file.src_uri}: the site generates this file; rename or remove yours")
    # Under serve, a paper made of the same inputs as at the previous build has the same files:
    # if they were written, they are left alone. Inputs are compared (the very same objects,
    # mostly), never hashed: thousands at every edit.
    global _export_cache
    previous_exports, _export_cache = _export_cache, {}
    for paper in publications.papers:
        made_of = (paper, paper_files[paper.id].src_uri, page_urls[paper.id])
        known = previous_exports.get(paper.id)
        if known is not None and known[0] == made_of:
            files_of_paper = known[1]
            if not _tracker.keep_all(files_of_paper):
                exports.update(files_of_paper)
        else:
            files_of_paper = paper_exports(*made_of)
            exports.update(files_of_paper)
        if _tracker.enabled:
            _export_cache[paper.id] = (made_of, files_of_paper)
    writes = _exports_to_write(config, exports)
    if not _tracker.enabled:
        # One-off build: the whole list's files are few and large, written now so that their
        # text is not held while pages render.
        destinations = set(whole_list.values())
        folders: set[str] = set()
        try:
            for destination, content in writes:
                if destination in destinations:
                    write_file(destination, content, folders)
        except WriteFailed as failure:
            raise PluginError(_write_failure(failure)) from None
        writes = [(destination, content) for destination, content in writes if destination not in destinations]
    _writer.start(writes)
    del writes

    _plan_lists(list_pages, files, config)
    section_pages = _section_pages(list_pages)
    for section in sorted({paper.section for paper in publications.papers} - set(section_pages)):
        log.warning(
            f"{DATA_FILE}: papers in section '{section}' are listed on no page; add "
            f"'<!-- publications: {section} -->' to a Markdown page so readers can reach them"
        )
    global _page_cache, _page_owner
    previous_pages = _page_cache if publications.owner == _page_owner else {}
    _page_cache, _page_owner = {}, publications.owner
    for paper in publications.papers:
        file = paper_files[paper.id]
        page = section_pages.get(paper.section)
        back = (SECTIONS[paper.section], _page_holding(page.src_uri, paper)) if page else None
        extension = extensions.get(paper.id)
        # Everything the page is made of, with the owner (compared above); its links depend only
        # on paths and the URL style, which the tracker's site fingerprint covers. An unchanged
        # paper is not rendered again.
        made_of = (paper, tuple(publications.versions_of(paper)), back, extension)
        known = previous_pages.get(paper.id)
        same = known is not None and known[0] == made_of
        if same:
            content = known[1]
        else:
            markdown, meta = extension or ("", {})
            link_to = _linker(files, file.url, f"{DATA_FILE}: paper '{paper.id}'")
            content = render_paper_page(paper, publications, link_to, BackLink(*back) if back else None,
                                        markdown, meta, paper_export_paths(file.src_uri))
        file.content_string = content
        if _tracker.enabled:
            _page_cache[paper.id] = known if same else (made_of, content)
        if not (same and _tracker.keep_page(file)):  # the previous build's very text: no need to compare
            _tracker.track(file, content)

    for file in list_pages:
        # Rendered again when a paper it shows changed, or (MkDocs decides) its own source did.
        _tracker.track(file, *_shown_on(file.src_uri), default_is_modified=True)
    for path in _state.continuations:
        continuation = files.get_file_from_path(path)
        _tracker.track(continuation, continuation.content_string, *_shown_on(path))

    if config.site_url and files.get_file_from_path("robots.txt") is None:
        sitemap = config.site_url.rstrip("/") + "/sitemap.xml"
        robots = File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
        files.append(robots)
        _tracker.track(robots, robots.content_string)
    if _tracker.site_changed:
        _tracker.force_all(files)
    if not _tracker.enabled:
        forget_texts()  # a one-off build needs none of them again: less memory while pages render
    return files


def _reusable_paper_files(config) -> dict[str, File]:
    """Under ``serve``, the previous build's paper files, if nothing they were made from changed.

    A ``File`` depends only on its path, the site folder and the URL style (covered by the site's
    fingerprint); keeping it saves making it and working out its URL again at every edit.
    """
    if _tracker.site_changed or not _paper_files:
        return {}
    sample = next(iter(_paper_files.values()))
    if sample.dest_dir != config.site_dir or sample.use_directory_urls != config.use_directory_urls:
        return {}
    return _paper_files


def _exports_to_write(config, exports: dict[str, str]) -> list[tuple[str, str]]:
    """(destination, text) of the citation files to write straight into the site.

    Not MkDocs ``File``s: thousands of them would make MkDocs match, copy and check every one at
    every build. They are written on a second thread while pages render (``BackgroundWriter``;
    ``on_post_build`` waits for it). Under ``serve --dirty`` an unchanged file is not written
    again, and the file of a removed paper is deleted.
    """
    site_dir = config.site_dir
    writes = []
    for path, content in exports.items():
        destination = os.path.join(site_dir, path)
        if _tracker.track_output(path, destination, content):
            writes.append((destination, content))
    return writes


def _write_failure(failure: WriteFailed) -> str:
    return f"could not write the citation file {failure}"


def _finish_writes() -> None:
    try:
        _writer.finish()
    except WriteFailed as failure:
        raise PluginError(_write_failure(failure)) from None


def _list_pages(files: Files) -> dict[File, list[Marker]]:
    """Markdown pages with publication lists, and their ``publications`` placeholders in order.
    Called before the generated pages join ``files``: these are the owner's pages."""
    pages: dict[File, list[Marker]] = {}
    for file in files.documentation_pages():
        try:
            markers = [marker for marker in find_markers(file.content_string) if marker.name == "publications"]
        except MarkerError as error:
            raise PluginError(f"docs/{file.src_uri}: {error}") from None
        if markers:
            pages[file] = markers
    return pages


def _plan_lists(list_pages: dict[File, list[Marker]], files: Files, config) -> None:
    """Split long lists into pages; add the pages after the first as generated, out of the nav."""
    publications = _state.publications
    for file, markers in list_pages.items():
        shown = [None if marker.sections == (SELECTED,) else publications.in_sections(list(marker.sections))
                 for marker in markers]
        long_lists = sum(papers is not None and len(papers) > _state.page_size for papers in shown)
        for index, (marker, papers) in enumerate(zip(markers, shown)):
            if papers is None:
                pages = [ListPage(file.src_uri, 1, 1, tuple(publications.selected()))]
            else:
                suffix = "-".join(marker.sections) if long_lists > 1 else ""
                pages = split_list(file.src_uri, papers, _state.page_size, suffix)
            _state.lists[(file.src_uri, index)] = pages
            title = ", ".join(SECTIONS.get(section, section) for section in marker.sections)
            for page in pages[1:]:
                if files.get_file_from_path(page.docs_path) is not None:
                    raise PluginError(
                        f"docs/{page.docs_path}: the site generates this page for the long list on "
                        f"docs/{file.src_uri}; rename or remove yours"
                    )
                generated = File.generated(config, page.docs_path, inclusion=InclusionLevel.NOT_IN_NAV,
                                           content=continuation_markdown(title, page.number, page.count))
                generated.edit_uri = None
                files.append(generated)
                _state.continuations[page.docs_path] = ((file.src_uri, index), page.number)
        # Where each paper is shown: its first list page on the owner page. Written last to first,
        # so the first wins, in whole pages at once: thousands of papers at every build.
        holders = _state.holders[file.src_uri] = {}
        for index in reversed(range(len(markers))):
            for page in reversed(_state.lists[(file.src_uri, index)]):
                holders.update(dict.fromkeys([paper.id for paper in page.papers], page.docs_path))


def _page_holding(owner_page: str, paper) -> str:
    """The page of ``owner_page``'s lists that shows ``paper`` (the owner page if it fits)."""
    return _state.holders.get(owner_page, {}).get(paper.id, owner_page)


def _shown_on(src_uri: str) -> list:
    """What a list page shows, for change tracking: its papers and where it sits in its list."""
    owner = _state.publications.owner
    if src_uri in _state.continuations:
        key, number = _state.continuations[src_uri]
        pages = _state.lists[key]
        return [owner, f"{number}/{len(pages)}", *pages[number - 1].papers]
    shown = [owner]
    for (source, _), pages in _state.lists.items():
        if source == src_uri:
            shown += [f"1/{len(pages)}", *pages[0].papers]
    return shown


def on_nav(nav, config, files):
    """Keep navigation labels right in a dirty build; render the sitemap only if it changed.

    Pages the build skips are never read, and the navigation would label them "None": they get
    their title from the previous build. A page whose title changed relabels the navigation of
    every page, so then every page is rendered again.
    """
    if not _tracker.enabled:  # a one-off build renders every page: nothing to relabel
        return nav
    _paper_pages_in_nav.clear()
    _paper_pages_in_nav.update(page.file.src_uri for page in nav.pages if page.file.src_uri in _state.generated)
    if _sitemap.unchanged(files, _tracker):
        config.theme.static_templates.discard("sitemap.xml")  # for this build only: config is read anew
    relabelled = False
    for page in nav.pages:
        uri = page.file.src_uri
        if not page.file.is_modified():
            if page.markdown is None and uri in _page_titles:
                page.title = _page_titles[uri]
            continue
        page.read_source(config)  # its title as the navigation will show it (MkDocs reads it again)
        relabelled |= _page_titles.get(uri, page.title) != page.title
    if relabelled:
        _tracker.force_all(files)
    return nav


def on_page_markdown(markdown, page, config, files):
    src_uri = page.file.src_uri
    if src_uri in _state.generated:
        if not _tracker.enabled:
            # Read once, now held by the page: a one-off build need not keep a second copy of
            # every paper's Markdown until the end (a tenth of its peak memory at 5,000 papers).
            page.file.content_string = ""
        return markdown
    publications = _state.publications
    source = f"docs/{src_uri}"
    link_to = _linker(files, page.file.url, source)
    if src_uri in _state.continuations:
        key, number = _state.continuations[src_uri]
        pages = _state.lists[key]
        block = _blocks.hold(src_uri, _render_list_page(pages, number, link_to),
                             _anchors(pages[number - 1].papers), line=markdown.count("\n") + 3)
        return markdown + "\n\n" + block + "\n"
    placeholders = itertools.count()  # index of each publications placeholder, as _list_pages counts them

    def render(marker: Marker) -> str:
        if marker.name == "email":
            address = config.extra.get("email")
            if not isinstance(address, str) or "@" not in address:
                raise PluginError(
                    f"{source}: line {marker.line}: '<!-- email -->' needs 'extra: email:' "
                    "(an address) in mkdocs.yml"
                )
            return render_email(address)
        pages = _state.lists[(src_uri, next(placeholders))]
        if marker.sections == (SELECTED,):
            html = searchless_block(render_paper_list(list(pages[0].papers), publications, link_to))
        else:
            html = _render_list_page(pages, 1, link_to)
        # The list skips Markdown (see pubsite.html_blocks); blank lines around its placeholder
        # make it a block of its own, as the list itself would be.
        return "\n\n" + _blocks.hold(src_uri, html, _anchors(pages[0].papers), marker.line) + "\n\n"

    try:
        return replace_markers(markdown, render)
    except MarkerError as error:
        raise PluginError(f"{source}: {error}") from None


def _anchors(papers) -> frozenset[str]:
    """The ids in a rendered list: each entry's ``<li id>`` is its paper's id."""
    return frozenset(paper.id for paper in papers)


def on_page_content(html, page, config, files):
    """The ids of the publication lists, held back from Markdown, count as the page's anchors
    (links to ``publications/conference.md#jem`` are checked); the lists go in later."""
    src_uri = page.file.src_uri
    if not _blocks.holds(src_uri):  # most pages (every paper's): nothing to do, quickly
        return html
    with _misplaced_block_error(page):
        anchors = _blocks.anchors(src_uri, html)
    if anchors and page.present_anchor_ids is not None:
        page.present_anchor_ids = page.present_anchor_ids | anchors
    return html


@contextmanager
def _misplaced_block_error(page):
    try:
        yield
    except MisplacedBlock as error:
        raise PluginError(
            f"docs/{page.file.src_uri}: line {error.line}: a publications placeholder must stand on "
            "a line of its own, outside code blocks (and no Markdown extension or plugin may remove "
            "HTML comments: the list is put where its comment comes out of Markdown)"
        ) from None


def exported_paths() -> list[str]:
    """The citation files this build writes into the site, outside MkDocs' files (for the
    benchmark's floor, which copies them)."""
    papers = _state.publications.papers
    return [*WHOLE_LIST_PATHS,
            *(path for paper in papers for _, path in paper_export_paths(paper_page_path(paper.id)))]


def markdown_with_blocks(page, markdown: str) -> str:
    """``page``'s Markdown with its lists written in, as a plain Markdown file would hold them
    (for the benchmark's floor, which builds the same pages with no hook)."""
    return _blocks.expand(page.file.src_uri, markdown)


def _render_list_page(pages: list[ListPage], number: int, link_to) -> str:
    """Page ``number`` of a section list: pager, papers, pager, and the list's downloads."""
    shown = pages[number - 1].papers
    parts = [render_paper_list(list(shown), _state.publications, link_to),
             render_pager(pages, number, link_to, "Pages of this list"),
             render_downloads(list(LIST_EXPORTS), link_to, "All publications as:")]
    if len(pages) > 1 and shown:
        first = sum(len(page.papers) for page in pages[:number - 1]) + 1
        total = sum(len(page.papers) for page in pages)
        parts.insert(0, f'<p class="pub-range">Papers {first}–{first + len(shown) - 1} of {total}, '
                        f'newest first.</p>')
    return searchless_block("\n".join(part for part in parts if part))


@event_priority(-100)  # after Material's search plugin has indexed the page
def on_page_context(context, page, config, nav):
    """The page's publication lists, and head metadata: every page can be shared; paper pages
    can be cited.

    The lists go in after search has indexed the page: each paper is found once, on its own
    page, not again on every list that shows it (the lists are marked ``data-search-exclude``
    as well, for any other indexer); and search does not parse hundreds of entries only to
    leave them out.
    """
    if _blocks.holds(page.file.src_uri):
        with _misplaced_block_error(page):
            page.content = _blocks.fill(page.file.src_uri, page.content)
    site = _state.site
    if _tracker.enabled:  # serve: for the search index and nav labels of the next, dirty build
        _state.rendered.add(page.url)
        _page_titles[page.file.src_uri] = page.title
    page_url = site.absolute(page.url)
    title = page.meta.get("title") or page.title or site.name  # page.meta titles are escaped already
    title = html.unescape(str(title))
    description = html.unescape(str(page.meta.get("description") or site.description))
    paper_id = _state.papers_by_page.get(page.file.src_uri)
    parts = [social_tags(title, description, page_url, site, is_article=paper_id is not None),
             feed_link(site, get_relative_url(FEED_PATH, page.url))]
    if paper_id is not None:
        paper = _state.publications.by_id[paper_id]
        parts.append(meta_tags(scholar_tags(paper, page_url, site)))
        parts.append(json_ld(scholarly_article(paper, page_url, _state.publications.owner, site)))
    elif page.is_homepage:
        parts.append(json_ld(home_page_graph(site)))
    context["page_head"] = "\n".join(part for part in parts if part)
    return context


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config):
    """Wait for the citation files; complete the search index of a dirty build; remove the
    outputs of removed pages; under serve, start making the whole list's files, which need not
    hold up the browser's reload."""
    _finish_writes()
    plugin = _state.search
    if _tracker.enabled and plugin is not None and getattr(plugin, "search_index", None) is not None:
        # The pages built: what ``Files.documentation_pages()`` gives that has a page, found without
        # asking each of thousands of files whether it is Markdown (pages are made only for those).
        pages = [file.page.url for file in _state.files if file.page is not None and file.inclusion.is_included()]
        _merger.merge(plugin.search_index.entries, _state.rendered, pages)
        if not _state.rendered.issuperset(pages):
            index = plugin.search_index
            settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            _merger.write(str(Path(config.site_dir) / "search" / "search_index.json"), settings)
    remove_outputs(_tracker.finish(), config.site_dir)
    _heap.build_finished()
    if _state.whole_list is not None:
        # serve: the whole list's files, made and put in place once the rebuild is done (last, so
        # as not to slow it down); the next rebuild, or the end of serve, waits for them and
        # reports a failure. After the first build, that quiet moment also sets aside what outlives
        # rebuilds (a full collection: 0.15 s at 5,000 papers the first edit would wait for).
        whole_list = _state.whole_list

        def made_in_the_quiet_moment() -> dict[str, str]:
            _heap.settle()
            return whole_list()

        _writer.start_made(made_in_the_quiet_moment, quiet=WHOLE_LIST_QUIET)


def on_shutdown():
    """The end of ``serve`` (or of a build): the files still being written are waited for."""
    try:
        _writer.finish()
    except WriteFailed as failure:
        log.error(_write_failure(failure))


def on_build_error(error):
    try:
        _writer.finish()  # no thread left writing; the build has failed already
    except WriteFailed:
        pass
    _tracker.forget()
    _sitemap.forget()
    _paper_files.clear()
    _page_titles.clear()
    _merger.forget()


def on_serve(server, config, builder):
    server.watch(str(_data_path(config)))
    quicken_polling(server.observer)
    return server
