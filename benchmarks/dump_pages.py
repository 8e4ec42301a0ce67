"""Benchmark-only MkDocs hook: write out the site exactly as the publications hook made it.

Appended to ``hooks:`` (``project.write_config_with_hooks``) for one build per benchmark size. It
uses MkDocs' public API only (events, their arguments, ``File`` attributes), never the site's
hook, so it keeps working however the hook is written. With the lowest priority it runs after the
site's hook in every event, so it sees:

* ``on_files``: every generated file that is not a page (``File.generated_by`` set: the citation
  files, the whole list's exports, the Atom feed, ``robots.txt``), written as is;
* ``on_nav``: which pages the build keeps out of the navigation (paper pages, the numbered pages
  of long lists), for the floor's ``not_in_nav:``;
* ``on_page_markdown``: each page's final Markdown (for the owner's list pages, with the lists
  already written in as raw HTML by the site's hook);
* ``on_page_context``: the ``page_head`` the site's hook put in the template context, which the
  floor's theme reads from the front matter instead.

Each page is written with its ``page.meta`` (plus ``page_head``) as YAML front matter, so the floor
build -- the same MkDocs and theme, no hooks -- renders the very same pages. The pages and files go
to ``docs/`` in the folder named by the ``PUBSITE_BENCH_DUMP_DIR`` environment variable, and the
list of pages kept out of the navigation to ``not_in_nav.txt`` beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

DUMP_DIR_ENV = "PUBSITE_BENCH_DUMP_DIR"
LAST = -1000  # below every other plugin and hook (the default priority is 0; the site's hook uses -100)
NOT_IN_NAV_FILE = "not_in_nav.txt"

_markdown: dict[str, str] = {}   # src_uri -> final Markdown, kept until the page's context is known


def _dump_dir() -> Path:
    try:
        return Path(os.environ[DUMP_DIR_ENV])
    except KeyError:
        raise RuntimeError(f"dump_pages.py needs {DUMP_DIR_ENV}: the folder to write the pages to") from None


def _write(relative: str, content: bytes) -> None:
    path = _dump_dir() / "docs" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@event_priority(LAST)
def on_config(config):
    _markdown.clear()   # one module for the whole process: start each build empty
    return config


@event_priority(LAST)
def on_files(files, config):
    """Generated files other than pages, as the site will copy them (pages come with their Markdown)."""
    for file in files:
        if file.generated_by is not None and not file.is_documentation_page():
            _write(file.src_uri, file.content_bytes)
    return files


@event_priority(LAST)
def on_nav(nav, config, files):
    """List the pages kept out of the navigation (after every plugin has set inclusion levels)."""
    hidden = sorted(file.src_uri for file in files.documentation_pages()
                    if file.inclusion == InclusionLevel.NOT_IN_NAV)
    path = _dump_dir() / NOT_IN_NAV_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{uri}\n" for uri in hidden), encoding="utf-8")
    return nav


@event_priority(LAST)
def on_page_markdown(markdown, page, config, files):
    """The Markdown MkDocs is about to render, after every other plugin has had its say."""
    _markdown[page.file.src_uri] = markdown
    return markdown


@event_priority(LAST)
def on_page_context(context, page, config, nav):
    """Write the page now that its head extras are known (contexts come after all Markdown)."""
    meta = dict(page.meta)
    if context.get("page_head"):
        meta["page_head"] = context["page_head"]
    front_matter = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=float("inf"))
    text = f"---\n{front_matter}---\n{_markdown.pop(page.file.src_uri)}"
    _write(page.file.src_uri, text.encode("utf-8"))
    return context
