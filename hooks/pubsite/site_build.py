"""One build of the site: all that MkDocs' events share, and what each of them asks for.

* ``SiteBuild.start`` (``on_config``): the settings and the publication list, read and checked;
* ``add_files`` (``on_files``): the plan made, every generated page and citation file added to
  MkDocs' files, and the owner's pages with placeholders replaced by their filled-in text;
* ``label_unread_pages`` (``on_nav``, ``serve --dirty`` only): titles for the navigation;
* ``page_head`` (``on_page_context``): each page's head metadata;
* ``finish`` (``on_post_build``): outputs of files this build no longer makes, removed.

Everything MkDocs-specific of the generator is here; planning and rendering are plain functions.
A new ``SiteBuild`` is made for every build: nothing of a build outlives it but ``sources``.
"""

from __future__ import annotations

import html
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from .errors import DataError
from .exports import FEED_PATH, list_exports, paper_exports
from .head_metadata import (
    SiteInfo, feed_link, home_page_graph, json_ld, meta_tags, scholar_tags, scholarly_article, social_tags,
)
from .list_pages import continuation_page, fill_placeholders
from .markers import MARKER, MarkerError, find_markers
from .model import Publications
from .obfuscated_email import render_email
from .plan import ROBOTS, PlanError, SitePlan, plan_site
from .rendering import paper_page_path, render_paper_page
from .settings import SettingsError, SiteSettings, read_settings
from .validation import read_publications

DATA_FILE = "data/publications.yml"
PAPERS_DIR = posixpath.dirname(paper_page_path("x"))


@dataclass
class SiteBuild:
    """The state of one build."""

    config: object  # MkDocs' config
    settings: SiteSettings
    site: SiteInfo
    publications: Publications
    sources: object  # InMemorySources or ServeSources
    plan: SitePlan | None = None
    paper_of_page: dict[str, str] = field(default_factory=dict)  # paper page src_uri -> paper id

    @classmethod
    def start(cls, config, sources) -> SiteBuild:
        """Read and check the settings and the publication list; a mistake fails the build."""
        try:
            settings, site_url = read_settings(config.extra, config.site_url)
            publications = read_publications(Path(config.config_file_path).parent / DATA_FILE, DATA_FILE,
                                             Path(config.docs_dir))
        except (SettingsError, DataError) as error:
            raise PluginError(error.describe() if isinstance(error, DataError) else str(error)) from None
        image = settings.social_image
        site = SiteInfo(url=site_url, name=config.site_name, description=config.site_description or "",
                        owner_name=publications.owner.name, same_as=settings.profiles,
                        affiliations=settings.affiliations,
                        image_url=site_url + image.lstrip("/") if image else None)
        return cls(config, settings, site, publications, sources)

    # on_files ------------------------------------------------------------------------------------

    def add_files(self, files: Files) -> Files:
        """The site's files with everything generated: see the module's docstring."""
        extensions = self._take_extensions(files)
        placeholders = self._placeholders(files)
        try:
            self.plan = plan = plan_site(
                self.publications,
                {uri: [marker for marker in markers if marker.name == "publications"]
                 for uri, (_, markers) in placeholders.items()},
                self.settings.publications_per_page,
                {file.src_uri for file in files},
            )
        except PlanError as error:
            raise PluginError(str(error)) from None
        new = self.sources.new_file
        generated = {path: new(self.config, path, InclusionLevel.NOT_IN_NAV if path.endswith(".md")
                               else InclusionLevel.UNDEFINED) for path in plan.generated_paths()}
        filled = {file.src_uri: self._replacement(file) for file in files if file.src_uri in placeholders}
        owner_text = {uri: text for uri, (text, _) in placeholders.items()}
        extra = []
        if files.get_file_from_path(ROBOTS) is None:
            extra.append(File.generated(self.config, ROBOTS, content=self._robots()))
        files = Files([filled.get(file.src_uri, file) for file in files] + list(generated.values()) + extra)

        for paper in self.publications.papers:
            self.paper_of_page[plan.paper_pages[paper.id]] = paper.id
        self._fill_paper_pages(files, generated, extensions)
        self._fill_list_pages(files, generated, filled, owner_text)
        self._fill_exports(generated)
        return files

    def unlisted_warnings(self) -> list[str]:
        return [f"{DATA_FILE}: papers in section '{section}' are listed on no page; add "
                f"'<!-- publications: {section} -->' to a Markdown page so readers can reach them"
                for section in self.plan.unlisted_sections]

    def _take_extensions(self, files: Files) -> dict[str, tuple[str, dict]]:
        """The owner's ``docs/papers/<id>.md``, removed from the files: their Markdown and front
        matter join the generated page of the paper with that id."""
        extensions = {}
        for file in list(files.documentation_pages()):
            if posixpath.dirname(file.src_uri) != PAPERS_DIR:
                continue
            paper_id = posixpath.splitext(posixpath.basename(file.src_uri))[0]
            if paper_id not in self.publications.by_id:
                raise PluginError(
                    f"docs/{file.src_uri}: no paper has the id '{paper_id}' in {DATA_FILE}; a Markdown "
                    f"file in docs/{PAPERS_DIR}/ extends the page of the paper with the same id"
                )
            extensions[paper_id] = get_data(file.content_string)
            files.remove(file)
        return extensions

    def _placeholders(self, files: Files) -> dict[str, tuple[str, list]]:
        """The owner's pages that hold placeholders: their text and placeholders, in the files' order."""
        found = {}
        for file in files.documentation_pages():
            text = file.content_string
            if "<!--" not in text or not MARKER.search(text):
                continue
            try:
                found[file.src_uri] = (text, find_markers(text))
            except MarkerError as error:
                raise PluginError(f"docs/{file.src_uri}: {error}") from None
        return found

    def _replacement(self, file: File) -> File:
        """A generated file in place of the owner's page, to hold its text with placeholders filled."""
        replacement = self.sources.new_file(self.config, file.src_uri, file.inclusion)
        replacement.edit_uri = file.edit_uri
        return replacement

    def _robots(self) -> str:
        return f"User-agent: *\nAllow: /\n\nSitemap: {self.site.url}sitemap.xml\n"

    def _linker(self, files: Files, from_url: str, source: str):
        """``link_to`` for the renderers: a path inside docs/ -> URL relative to the page at ``from_url``."""

        def link_to(docs_path: str) -> str:
            target = files.get_file_from_path(docs_path)
            if target is None:
                raise PluginError(f"{source}: links to {docs_path}, which is not in the site")
            return get_relative_url(target.url, from_url)

        return link_to

    def _fill_paper_pages(self, files: Files, generated: dict[str, File], extensions: dict) -> None:
        publications, plan = self.publications, self.plan
        urls = self.config.use_directory_urls
        for paper in publications.papers:
            file = generated[plan.paper_pages[paper.id]]
            back = plan.back_links.get(paper.id)
            extension, meta = extensions.get(paper.id, ("", {}))
            exports = plan.paper_exports[paper.id]
            made_of = (paper, tuple(publications.versions_of(paper)), back, extension, meta, publications.owner, urls)

            def make(paper=paper, file=file, back=back, extension=extension, meta=meta, exports=exports) -> str:
                link_to = self._linker(files, file.url, f"{DATA_FILE}: paper '{paper.id}'")
                return render_paper_page(paper, publications, link_to, back, extension, meta, exports)

            self.sources.fill(file, made_of, make)

    def _fill_list_pages(self, files: Files, generated: dict[str, File], filled: dict[str, File],
                         owner_text: dict[str, str]) -> None:
        publications, plan = self.publications, self.plan
        email = render_email(self.settings.email) if self.settings.email else None
        for uri, file in filled.items():
            lists = plan.lists.get(uri, ())
            made_of = (owner_text[uri], lists, publications.owner, email, self.config.use_directory_urls)

            def make(uri=uri, file=file, lists=lists) -> str:
                link_to = self._linker(files, file.url, f"docs/{uri}")
                try:
                    return fill_placeholders(owner_text[uri], lists, publications, link_to, email)
                except MarkerError as error:
                    raise PluginError(f"docs/{uri}: {error}") from None

            self.sources.fill(file, made_of, make)
        for path, (paper_list, number) in plan.continuations.items():
            file = generated[path]
            made_of = (paper_list, number, publications.owner, self.config.use_directory_urls)

            def make(file=file, paper_list=paper_list, number=number) -> str:
                link_to = self._linker(files, file.url, f"docs/{paper_list.owner_page}")
                return continuation_page(paper_list, number, publications, link_to)

            self.sources.fill(file, made_of, make)

    def _fill_exports(self, generated: dict[str, File]) -> None:
        publications, plan, site = self.publications, self.plan, self.site
        page_urls = {paper.id: site.absolute(generated[plan.paper_pages[paper.id]].url)
                     for paper in publications.papers}
        for paper in publications.papers:
            page_url = page_urls[paper.id]
            texts = None

            def make(path: str, paper=paper, page_url=page_url) -> str:
                nonlocal texts
                if texts is None:
                    texts = paper_exports(paper, plan.paper_pages[paper.id], page_url)
                return texts[path]

            for _, path in plan.paper_exports[paper.id]:
                self.sources.fill(generated[path], (paper, page_url), lambda path=path, make=make: make(path))
        made_of = (tuple(publications.papers), page_urls, site.url, site.name, publications.owner)
        whole = None

        def make_whole(path: str) -> str:
            nonlocal whole
            if whole is None:
                whole = list_exports(publications, page_urls, site_url=site.url, site_name=site.name)
            return whole[path]

        for _, path in plan.list_exports:
            self.sources.fill(generated[path], made_of, lambda path=path: make_whole(path))

    # on_nav --------------------------------------------------------------------------------------

    def label_unread_pages(self, nav) -> None:
        """``serve --dirty`` reads only the pages it renders again, and the navigation of those would
        show no title for the others: their titles are read from their sources (a few pages)."""
        for page in nav.pages:
            if page.markdown is None and not page.file.is_modified():
                page.read_source(self.config)

    # on_page_context -----------------------------------------------------------------------------

    def page_head(self, page) -> str:
        """Head metadata: every page can be shared, paper pages can be cited."""
        site = self.site
        page_url = site.absolute(page.url)
        title = page.meta.get("title") or page.title or site.name  # page.meta titles are escaped already
        title = html.unescape(str(title))
        description = html.unescape(str(page.meta.get("description") or site.description))
        paper_id = self.paper_of_page.get(page.file.src_uri)
        parts = [social_tags(title, description, page_url, site, is_article=paper_id is not None),
                 feed_link(site, get_relative_url(FEED_PATH, page.url))]
        if paper_id is not None:
            paper = self.publications.by_id[paper_id]
            parts.append(meta_tags(scholar_tags(paper, page_url, site)))
            parts.append(json_ld(scholarly_article(paper, page_url, self.publications.owner, site)))
        elif page.is_homepage:
            parts.append(json_ld(home_page_graph(site)))
        return "\n".join(part for part in parts if part)

    # on_post_build -------------------------------------------------------------------------------

    def finish(self) -> None:
        """Under ``serve --dirty``: the outputs of files this build no longer makes are removed."""
        for output in self.sources.finish():
            if os.path.isfile(output):
                os.remove(output)
