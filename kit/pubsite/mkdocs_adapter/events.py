"""MkDocs' events, handed to the ``pubsite`` pipeline a few lines each; a site's hook imports them.

A site's ``hooks/publications_hook.py`` is ``from pubsite.mkdocs_adapter.events import *``: MkDocs
registers every ``on_*`` function the hook module holds, so these run as the hook's own.

The pipeline: ``on_config`` adds the kit's templates, stylesheets and scripts to the theme
(``pubsite.mkdocs_adapter.theme_layer``), then reads and checks the settings and ``data/publications.yml``
(``pubsite.mkdocs_adapter.settings``, ``pubsite.data.validation``); ``on_files`` plans the pages and files
(``pubsite.plan.plan``), renders them (``pubsite.render.rendering``, ``pubsite.render.list_pages``,
``pubsite.citations.exports``) and adds them to MkDocs' files (``pubsite.mkdocs_adapter.site_build``); ``on_page_context``
gives each page its head metadata (``pubsite.render.head_metadata``), which the kit's ``base.html`` prints.

All of a build's state is one ``SiteBuild``, made anew by ``on_config`` (MkDocs keeps this module
loaded between ``serve`` rebuilds). The generated files are written to a folder of this process
(``pubsite.mkdocs_adapter.sources``); under ``serve`` that is ``ServeCache``, the one thing kept between rebuilds,
so that ``serve --dirty`` renders again only what an edit changed.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority, get_plugin_logger

from pubsite.mkdocs_adapter.site_build import SiteBuild
from pubsite.mkdocs_adapter.sources import GeneratedFiles, ServeCache
from pubsite.mkdocs_adapter.theme_layer import add_theme_layer

log = get_plugin_logger(__name__)

__all__ = ["on_startup", "on_config", "on_files", "on_env", "on_nav", "on_page_context", "on_post_build",
           "on_build_error", "on_shutdown"]

_sources: GeneratedFiles | None = None
_dirty = False
_build: SiteBuild | None = None


def on_startup(command, dirty):
    global _sources, _dirty
    _sources, _dirty = (ServeCache() if command == "serve" else GeneratedFiles()), dirty


def on_config(config):
    global _build, _sources
    _sources = _sources or GeneratedFiles()  # a build through MkDocs' API, with no on_startup
    add_theme_layer(config)
    _build = SiteBuild.start(config, _sources)
    return config


def on_files(files, config):
    files = _build.add_files(files)
    for warning in _build.warnings(files):
        log.warning(warning)
    return files


def on_env(env, config, files):
    return _sources.attach_templates(env)


def on_nav(nav, config, files):
    if _dirty:
        _build.label_unread_pages(nav)
    return nav


@event_priority(-100)  # after other plugins: the head is the page's last word
def on_page_context(context, page, config, nav):
    context["page_head"] = _build.page_head(page)
    return context


def on_post_build(config):
    _build.finish()


def on_build_error(error):
    if _sources is not None:
        _sources.forget()


def on_shutdown():
    global _sources
    if _sources is not None:
        _sources.close()
        _sources = None
