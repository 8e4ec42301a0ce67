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
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from pubsite.data.coauthor_links import COAUTHORS_FILE, read_links
from pubsite.cv.cv_model import Cv
from pubsite.cv.cv_pdf import CvOwner, TypesetError
from pubsite.cv.cv_validation import CV_FILE, read_cv
from pubsite.data.errors import DataError
from pubsite.citations.exports import FEED_PATH
from pubsite.render.head_metadata import (
    SiteInfo,
    feed_link,
    home_page_graph,
    json_ld,
    meta_tags,
    scholar_tags,
    scholarly_article,
    social_tags,
)
from pubsite.data.image_sizes import image_sizes, oversized
from pubsite.data.markers import MarkerError
from pubsite.data.model import Publications
from pubsite.render.obfuscated_email import render_email
from pubsite.plan.outputs import DATA_FILE, site_outputs
from pubsite.plan.plan import (
    ROBOTS,
    PlanError,
    SitePlan,
    extension_pages,
    placeholder_pages,
    plan_site,
)
from pubsite.mkdocs_adapter.settings import SettingsError, SiteSettings, read_settings
from pubsite.data.validation import read_publications


@dataclass
class SiteBuild:
    """The state of one build."""

    config: object  # MkDocs' config
    settings: SiteSettings
    site: SiteInfo
    publications: Publications
    sources: object  # pubsite.mkdocs_adapter.sources.GeneratedFiles or ServeCache
    cv: Cv | None = None      # data/cv.yml, when the site has one
    coauthor_links: dict = field(default_factory=dict)  # data/coauthors.yml: co-author key -> links
    plan: SitePlan | None = None
    paper_of_page: dict[str, str] = field(default_factory=dict)  # paper page src_uri -> paper id

    @classmethod
    def start(cls, config, sources) -> SiteBuild:
        """Read and check the settings and the publication list; a mistake fails the build."""
        try:
            settings, site_url = read_settings(config.extra, config.site_url, docs_dir=Path(config.docs_dir))
            root = Path(config.config_file_path).parent
            publications = read_publications(root / DATA_FILE, DATA_FILE, Path(config.docs_dir))
            cv = read_cv(root / CV_FILE, publications, Path(config.docs_dir))
            coauthor_links = read_links(root / COAUTHORS_FILE, publications)
        except (SettingsError, DataError) as error:
            raise PluginError(error.describe() if isinstance(error, DataError) else str(error)) from None
        image = settings.social_image
        site = SiteInfo(url=site_url, name=config.site_name, description=config.site_description or "",
                        owner_name=publications.owner.name, same_as=settings.profiles,
                        affiliations=settings.affiliations,
                        image_url=site_url + image.lstrip("/") if image else None)
        return cls(config, settings, site, publications, sources, cv, coauthor_links)

    # on_files ------------------------------------------------------------------------------------

    def add_files(self, files: Files) -> Files:
        """The site's files with everything generated: see the module's docstring."""
        pages = {file.src_uri: file for file in files.documentation_pages()}
        try:
            extensions = extension_pages(pages, self.publications.by_id)
            owner_texts = {path: file.content_string for path, file in pages.items() if path not in extensions}
            placeholders = placeholder_pages(owner_texts)
            for path in extensions:
                files.remove(pages[path])
            settings = self.settings
            self.plan = plan = plan_site(self.publications, placeholders, settings.publications_per_page,
                                         {file.src_uri for file in files},
                                         newest_first=settings.publications_order == "newest_first",
                                         year_headings=settings.publications_year_headings,
                                         cv_pdfs=tuple(pdf.file for pdf in self.cv.pdfs) if self.cv else ())
        except PlanError as error:
            raise PluginError(str(error)) from None
        generated = {path: self._generated(path) for path in plan.generated_paths()}
        filled = {path: self._replacement(pages[path]) for path in placeholders}
        robots = [] if files.get_file_from_path(ROBOTS) else [self._robots()]
        files = Files([filled.get(file.src_uri, file) for file in files] + list(generated.values()) + robots)
        self.paper_of_page = {path: paper_id for paper_id, path in plan.paper_pages.items()}
        extra_markdown = {paper_id: get_data(pages[path].content_string) for path, paper_id in extensions.items()}
        self._write(files, {**generated, **filled}, {path: owner_texts[path] for path in placeholders},
                    extra_markdown)
        return files

    def _write(self, files: Files, by_path: dict[str, File], owner_pages: dict[str, str], extensions: dict) -> None:
        """Each generated file's text, rendered (or, under serve, kept if made of the same)."""
        outputs = site_outputs(
            self.plan, self.publications, self.site, owner_pages=owner_pages, extensions=extensions,
            email_html=render_email(self.settings.email) if self.settings.email else None,
            linker=partial(self._linker, files),
            absolute_url=lambda path: self.site.absolute((by_path.get(path) or files.get_file_from_path(path)).url),
            memo=self.sources.remember, cv=self.cv, cv_owner=self._cv_owner(), coauthor_links=self.coauthor_links,
        )
        urls = self.config.use_directory_urls  # links between pages depend on it
        for output in outputs:
            try:
                self.sources.fill(by_path[output.path], (output.made_of, urls), output.make)
            except MarkerError as error:
                raise PluginError(f"docs/{output.path}: {error}") from None
            except TypesetError as error:
                raise PluginError(f"{CV_FILE}: the PDF {output.path} could not be typeset: {error}") from None

    def _cv_owner(self) -> CvOwner:
        """The lines under the name on the CV: affiliations, email, the site and the profiles."""
        settings = self.settings
        profiles = tuple((str(item.get("name") or item["link"]), item["link"]) for item in settings.social
                         if isinstance(item, dict) and item.get("link"))
        return CvOwner(self.publications.owner.name, settings.affiliations, settings.email, self.site.url, profiles)

    def warnings(self, files: Files) -> list[str]:
        """What the owner should fix, though the site can be built: unreachable papers, heavy pictures."""
        unlisted = [f"{DATA_FILE}: papers in section '{section}' are listed on no page; add "
                    f"'<!-- publications: {section} -->' to a Markdown page so readers can reach them"
                    for section in self.plan.unlisted_sections]
        return unlisted + oversized(image_sizes(files))

    def _generated(self, path: str) -> File:
        """A generated file; pages stay out of the navigation (with thousands of papers in it, every
        page would carry a sidebar of all of them)."""
        inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED
        return self.sources.new_file(self.config, path, inclusion, dest_uri=self.plan.renamed.get(path))

    def _replacement(self, file: File) -> File:
        """A generated file in place of the owner's page, to hold its text with placeholders filled."""
        replacement = self.sources.new_file(self.config, file.src_uri, file.inclusion)
        replacement.edit_uri = file.edit_uri
        return replacement

    def _robots(self) -> File:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {self.site.url}sitemap.xml\n"
        return File.generated(self.config, ROBOTS, content=text)

    @staticmethod
    def _linker(files: Files, from_path: str, source: str):
        """``link_to`` for the renderers: a path inside docs/ -> URL relative to the page ``from_path``."""
        from_url = files.get_file_from_path(from_path).url

        def link_to(docs_path: str) -> str:
            target = files.get_file_from_path(docs_path)
            if target is None:
                raise PluginError(f"{source}: links to {docs_path}, which is not in the site")
            return get_relative_url(target.url, from_url)

        return link_to

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
        site_dir = os.path.abspath(self.config.site_dir)
        for output in self.sources.finish():
            if os.path.isfile(output):
                os.remove(output)
            folder = os.path.dirname(os.path.abspath(output))
            while folder.startswith(site_dir + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)  # papers/<id>/ of a removed paper
                folder = os.path.dirname(folder)
