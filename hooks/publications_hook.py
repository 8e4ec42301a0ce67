"""MkDocs hook: the thin adapter between MkDocs' events and the ``pubsite`` package.

``on_config`` reads and validates ``data/publications.yml``; ``on_files`` adds one generated page per
paper (kept out of the navigation, which would otherwise make builds quadratic) and ``robots.txt``;
``on_page_markdown`` fills the placeholders of the Markdown pages; ``on_serve`` watches the data file.
MkDocs does not reload this module between ``serve`` rebuilds, so all state is reset in ``on_config``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from pubsite.errors import DataError
from pubsite.markers import SELECTED, Marker, MarkerError, find_markers, replace_markers
from pubsite.model import SECTIONS, Publications
from pubsite.obfuscated_email import render_email
from pubsite.rendering import BackLink, paper_page_path, render_paper_list, render_paper_page
from pubsite.validation import read_publications

DATA_FILE = "data/publications.yml"
PAPERS_DIR = posixpath.dirname(paper_page_path("x"))

log = get_plugin_logger(__name__)


@dataclass
class _BuildState:
    """What one build learned, reset by ``on_config`` because serve keeps this module loaded."""

    publications: Publications | None = None
    generated: set[str] = field(default_factory=set)


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
    return config


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
    for paper in publications.papers:
        path = paper_page_path(paper.id)
        file = File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = None
        files.append(file)
        paper_files[paper.id] = file
        _state.generated.add(path)

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
        file.content_string = render_paper_page(paper, publications, link_to, back, markdown, meta)

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
            papers = publications.selected()
        else:
            papers = publications.in_sections(list(marker.sections))
        # Blank lines around the block so Markdown treats it as raw HTML, not as paragraph text.
        return "\n\n" + render_paper_list(papers, publications, link_to) + "\n\n"

    try:
        return replace_markers(markdown, render)
    except MarkerError as error:
        raise PluginError(f"{source}: {error}") from None


def on_serve(server, config, builder):
    server.watch(str(_data_path(config)))
    return server
