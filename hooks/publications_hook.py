"""MkDocs hook: the thin adapter between MkDocs' events and the ``pubsite`` package.

``on_config`` reads and validates ``data/publications.yml``; ``on_files`` adds one generated page per
paper (kept out of the navigation, which would otherwise make builds quadratic), the citation
exports, the Atom feed and ``robots.txt``; ``on_page_markdown`` fills the placeholders of the
Markdown pages; ``on_page_context`` gives each page its head metadata (Scholar tags, JSON-LD,
OpenGraph); ``on_serve`` watches the data file.
MkDocs does not reload this module between ``serve`` rebuilds, so all state is reset in ``on_config``.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from pubsite.errors import DataError
from pubsite.exports import LIST_EXPORTS, FEED_PATH, list_exports, paper_export_paths, paper_exports
from pubsite.head_metadata import (
    SiteInfo, feed_link, home_page_graph, json_ld, meta_tags, scholar_tags, scholarly_article, social_tags,
)
from pubsite.markers import SELECTED, Marker, MarkerError, find_markers, replace_markers
from pubsite.model import SECTIONS, Publications
from pubsite.obfuscated_email import render_email
from pubsite.rendering import (
    BackLink, paper_page_path, render_downloads, render_paper_list, render_paper_page,
)
from pubsite.validation import read_publications

DATA_FILE = "data/publications.yml"
PAPERS_DIR = posixpath.dirname(paper_page_path("x"))

log = get_plugin_logger(__name__)


@dataclass
class _BuildState:
    """What one build learned, reset by ``on_config`` because serve keeps this module loaded."""

    publications: Publications | None = None
    site: SiteInfo | None = None
    generated: set[str] = field(default_factory=set)
    papers_by_page: dict[str, str] = field(default_factory=dict)  # src_uri -> paper id


_state = _BuildState()


def _data_path(config) -> Path:
    return Path(config.config_file_path).parent / DATA_FILE


def on_config(config):
    global _state
    _state = _BuildState()
    try:
        _state.publications = read_publications(_data_path(config), DATA_FILE, Path(config.docs_dir))
    except DataError as error:
        raise PluginError(error.describe()) from None
    _state.site = _site_info(config, _state.publications)
    return config


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

    def link_to(docs_path: str) -> str:
        target = files.get_file_from_path(docs_path)
        if target is None:
            raise PluginError(f"{source}: links to {docs_path}, which is not in the site")
        return get_relative_url(target.url, from_url)

    return link_to


def _section_pages(files: Files) -> dict[str, File]:
    """Which Markdown page lists each section: where paper pages link back to."""
    pages: dict[str, File] = {}
    for file in files.documentation_pages():
        if file.src_uri in _state.generated:
            continue
        try:
            markers = find_markers(file.content_string)
        except MarkerError as error:
            raise PluginError(f"docs/{file.src_uri}: {error}") from None
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
    extensions = _take_extensions(files, publications)
    paper_files = {}
    site = _state.site
    for paper in publications.papers:
        path = paper_page_path(paper.id)
        file = File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = None
        files.append(file)
        paper_files[paper.id] = file
        _state.generated.add(path)
        _state.papers_by_page[path] = paper.id
    page_urls = {paper_id: site.absolute(file.url) for paper_id, file in paper_files.items()}
    exports = list_exports(publications, page_urls, site_url=site.url, site_name=site.name)
    for paper in publications.papers:
        exports.update(paper_exports(paper, paper_page_path(paper.id), page_urls[paper.id]))
    for path, content in exports.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path}: the site generates this file; rename or remove yours")
        files.append(File.generated(config, path, content=content))

    section_pages = _section_pages(files)
    for section in sorted({paper.section for paper in publications.papers} - set(section_pages)):
        log.warning(
            f"{DATA_FILE}: papers in section '{section}' are listed on no page; add "
            f"'<!-- publications: {section} -->' to a Markdown page so readers can reach them"
        )
    for paper in publications.papers:
        file = paper_files[paper.id]
        page = section_pages.get(paper.section)
        back = BackLink(SECTIONS[paper.section], page.src_uri) if page else None
        markdown, meta = extensions.get(paper.id, ("", {}))
        link_to = _linker(files, file.url, f"{DATA_FILE}: paper '{paper.id}'")
        downloads = paper_export_paths(file.src_uri)
        file.content_string = render_paper_page(
            paper, publications, link_to, back, markdown, meta, downloads
        )

    if config.site_url and files.get_file_from_path("robots.txt") is None:
        sitemap = config.site_url.rstrip("/") + "/sitemap.xml"
        files.append(
            File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
        )
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in _state.generated:
        return markdown
    publications = _state.publications
    source = f"docs/{page.file.src_uri}"
    link_to = _linker(files, page.file.url, source)

    def render(marker: Marker) -> str:
        if marker.name == "email":
            address = config.extra.get("email")
            if not isinstance(address, str) or "@" not in address:
                raise PluginError(
                    f"{source}: line {marker.line}: '<!-- email -->' needs 'extra: email:' "
                    "(an address) in mkdocs.yml"
                )
            return render_email(address)
        if marker.sections == (SELECTED,):
            block = render_paper_list(publications.selected(), publications, link_to)
        else:
            papers = publications.in_sections(list(marker.sections))
            block = render_paper_list(papers, publications, link_to) + "\n" + render_downloads(
                list(LIST_EXPORTS), link_to, "All publications as:"
            )
        # Blank lines around the block so Markdown treats it as raw HTML, not as paragraph text.
        return "\n\n" + block + "\n\n"

    try:
        return replace_markers(markdown, render)
    except MarkerError as error:
        raise PluginError(f"{source}: {error}") from None


def on_page_context(context, page, config, nav):
    """Head metadata for the page: every page can be shared; paper pages can be cited."""
    site = _state.site
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


def on_serve(server, config, builder):
    server.watch(str(_data_path(config)))
    return server
