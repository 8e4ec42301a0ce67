"""Incremental rebuilds for ``mkdocs serve --dirty``: skip what did not change, keep the rest whole.

MkDocs' dirty mode decides per file with ``File.is_modified()``: a source newer than its output.
Generated pages have no source file, so MkDocs always re-renders them, and Markdown pages whose
lists come from the YAML are never re-rendered when only the YAML changed. ``ChangeTracker``
replaces that guess with a fingerprint of what each page is made of (its Markdown, or the papers
its lists show, plus the site's configuration and templates), remembered from the previous build
of the same ``serve`` process. ``SearchIndexMerger`` keeps the search index complete, since a dirty
build only indexes the pages it rendered, and removed pages leave no output behind.

Everything here lives as long as the process: MkDocs keeps hook modules loaded across rebuilds.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
from functools import partial
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.utils import markdown_extensions

DIRTY_WARNING = "A 'dirty' build is being performed"


def fingerprint(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def tree_fingerprint(*paths: Path) -> str:
    """Names, sizes and modification times of every file under ``paths``: templates, config."""
    stats = []
    for root in paths:
        if root.is_file():
            stat = root.stat()
            stats.append(f"{root}:{stat.st_size}:{stat.st_mtime_ns}")
            continue
        for directory, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                stat = os.stat(os.path.join(directory, name))
                stats.append(f"{directory}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return fingerprint(*stats)


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


class ChangeTracker:
    """Which outputs changed since the previous build of this process."""

    def __init__(self) -> None:
        self.enabled = False  # only ``serve`` builds again in the same process
        # ``serve --dirty`` keeps the site folder between builds; plain ``serve`` empties it first,
        # so then every output is written again (pages are rendered again by MkDocs anyway).
        self.keeps_outputs = False
        self._previous: dict[str, tuple[tuple, str]] = {}  # src_uri -> (what it is made of, output path)
        self._previous_site = ""
        self._current: dict[str, tuple[tuple, str]] = {}
        self._site = ""

    def start(self, site_fingerprint: str) -> None:
        self._current = {}
        self._site = site_fingerprint

    @property
    def site_changed(self) -> bool:
        """The configuration or templates changed: every page must be rendered again."""
        return self.enabled and self._site != self._previous_site

    def track(self, file, *content: str, default_is_modified: bool = False) -> bool:
        """Decide for ``file`` (a MkDocs File) from what it is made of, ``content``.

        Returns whether it changed. Unchanged content since the previous build: not modified. With
        ``default_is_modified`` (a page with its own source file), unchanged content leaves the
        decision to MkDocs (the source file's time), since the file itself may have been edited.
        """
        if not self.enabled:
            return True
        unchanged = not self.track_output(file.src_uri, file.abs_dest_path, *content)
        if not unchanged:
            file.is_modified = _modified
        elif not default_is_modified:
            file.is_modified = _unmodified
        return not unchanged

    def track_output(self, src_uri: str, destination: str, *content: str) -> bool:
        """Like ``track``, for an output written without a MkDocs file: whether to write it."""
        if not self.enabled:
            return True
        # The content itself, not a hash of it: unchanged content is the very same (cached) string,
        # so comparing costs nothing, and nothing is hashed for pages that did not change. The
        # output is not looked for on disk: the previous build of this process wrote it into
        # serve's own folder (a failed build makes the next one render everything, see forget).
        key = (self._site, *content)
        self._current[src_uri] = (key, destination)
        if not self.keeps_outputs:
            return True
        previous = self._previous.get(src_uri)
        return not (previous is not None and previous[0] == key)

    def made_anew(self, src_uri: str, destination: str) -> None:
        """An output this build writes in any case, by other means: current, not to be removed."""
        if self.enabled:
            self._current[src_uri] = (None, destination)

    def keep_all(self, src_uris) -> bool:
        """Outputs of the previous build whose content is known not to have changed (the caller
        holds the very inputs they were made of): still current, not looked at again. All of them
        or none: returns whether they were kept."""
        if not (self.enabled and self.keeps_outputs) or self._site != self._previous_site:
            return False
        previous = self._previous
        for src_uri in src_uris:
            if src_uri not in previous:
                return False
        current = self._current
        for src_uri in src_uris:
            current[src_uri] = previous[src_uri]
        return True

    def keep_page(self, file) -> bool:
        """``keep_all`` for a page whose content is known not to have changed: if kept, MkDocs
        is told the file did not change, as ``track`` would after comparing the content."""
        if self.keep_all((file.src_uri,)):
            file.is_modified = _unmodified
            return True
        return False

    def force_all(self, files) -> None:
        for file in files:
            file.is_modified = _modified

    def finish(self) -> list[str]:
        """Remember this build; returns the outputs of files that are gone since the last one."""
        gone = [dest for uri, (_, dest) in self._previous.items() if uri not in self._current]
        self._previous, self._previous_site = self._current, self._site
        self._current = {}
        return gone

    def forget(self) -> None:
        """After a failed build nothing is known for sure: the next build renders everything."""
        self._previous, self._previous_site, self._current = {}, "", {}


def remove_outputs(paths: list[str], site_dir: str) -> None:
    """Delete the outputs of pages that no longer exist, and the folders they leave empty."""
    root = Path(site_dir).resolve()
    for path in paths:
        target = Path(path).resolve()
        if root not in target.parents or not target.is_file():
            continue
        target.unlink()
        parent = target.parent
        while parent != root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


class SearchIndexMerger:
    """The complete search index after each build: fresh entries for rendered pages, kept ones for the rest.

    Each page's entries are kept as JSON text too, so writing the index after an edit serialises
    only the pages rendered again.
    """

    def __init__(self) -> None:
        self._by_page: dict[str, tuple[list[dict], str]] = {}  # url -> (entries, their JSON)

    @staticmethod
    def _page_of(location: str) -> str:
        return location.split("#", 1)[0]

    def merge(self, fresh: list[dict], rendered: set[str], page_urls: list[str]) -> list[dict]:
        """``fresh``: this build's entries; ``rendered``: URLs of pages rendered; ``page_urls``: all pages."""
        fresh_by_page: dict[str, list[dict]] = {}
        for entry in fresh:
            fresh_by_page.setdefault(self._page_of(entry["location"]), []).append(entry)
        merged: dict[str, tuple[list[dict], str]] = {}
        for url in page_urls:
            if url in rendered:
                entries = fresh_by_page.get(url, [])
                merged[url] = (entries, ",".join(_compact_json(entry) for entry in entries))
            elif url in self._by_page:
                merged[url] = self._by_page[url]
        self._by_page = merged
        return [entry for entries, _ in merged.values() for entry in entries]

    def write(self, path: str, config: dict) -> None:
        """The merged index as Material writes it: ``json.dumps({"config": config, "docs": entries},
        separators=(",", ":"))`` of ``merge``'s entries, from the pieces kept per page."""
        docs = ",".join(text for _, text in self._by_page.values() if text)
        data = '{"config":' + _compact_json(config) + ',"docs":[' + docs + "]}"
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(data, encoding="utf-8")

    def forget(self) -> None:
        self._by_page = {}


def _compact_json(value) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


class DirtyWarningFilter(logging.Filter):
    """MkDocs warns at every dirty build, which a strict build counts as a failure.

    With this hook, a dirty build is exact (see ``ChangeTracker``), so the warning is replaced by
    a line at info level instead of failing ``mkdocs serve --dirty`` under ``strict: true``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg = "Dirty build: only pages whose content changed are rendered again."
            record.args = ()
        return True


def renew_page(page, update_date: str) -> None:
    """Put a page of the previous build back in the state ``Page.__init__`` leaves a new one in.

    MkDocs makes a ``Page`` for every document at every build, joining two URLs for each: for
    thousands of paper pages that was the largest part of a one-paper rebuild after rendering it.
    MkDocs only makes a page for a file that has none, so a paper page kept with its ``File``
    (same path, same mkdocs.yml, hence the same URLs) is renewed instead: everything a build set
    on it (content, table of contents, navigation links, anchors, other plugins' attributes) goes,
    its URLs stay. Its attributes are replaced at once: thousands of pages at every edit.
    """
    state = page.__dict__
    page.__dict__ = {
        # What Page.__init__ works out from the file and mkdocs.yml alone
        "file": state["file"], "canonical_url": state["canonical_url"], "abs_url": state["abs_url"],
        "edit_url": state["edit_url"],
        # and what it sets for the build to fill in
        "children": None, "previous_page": None, "next_page": None, "update_date": update_date,
        "markdown": None, "_title_from_render": None, "content": None, "toc": [], "meta": {},
    }
    page.active = False


class SitemapMemo:
    """Under ``serve --dirty``, the sitemap is rendered again only when what it lists changed.

    MkDocs renders ``sitemap.xml`` from a template and compresses it at every build, before any
    page is written: at 5,000 papers a tenth of an edit's rebuild. The sitemap shows each page's
    address and date, in order; when those are what the previous build of this process listed,
    and the templates did not change (the site's fingerprint), the file it wrote is still right.
    """

    def __init__(self) -> None:
        self._listed: list[tuple] | None = None

    def unchanged(self, files, tracker: ChangeTracker) -> bool:
        """Whether the sitemap of ``files`` (this build's, pages made) is the one on disk."""
        if not tracker.keeps_outputs:  # plain serve empties the site folder at every build
            return False
        # What the sitemap template reads, of what Files.documentation_pages() gives.
        listed = [(file.page.canonical_url, file.page.abs_url, file.page.update_date)
                  for file in files if file.page is not None and file.inclusion.is_included()]
        same = listed == self._listed and not tracker.site_changed
        self._listed = listed
        return same

    def forget(self) -> None:
        self._listed = None


class LongLivedHeap:
    """Keeps Python's cycle collector off what outlives every ``serve`` rebuild.

    After the first build the process holds MkDocs, Material, the compiled templates and this
    hook's memory of every paper: hundreds of thousands of objects that live as long as the
    server. Python's collector walks all of them again and again during each rebuild (at 5,000
    papers about a sixth of an edit's rebuild). Once the first build is over (in a quiet moment
    after it, or when the second starts), its pages are collected and the survivors are frozen
    (``gc.freeze``): later collections skip them. Whatever is frozen and later dropped is still
    freed by reference counting; only reference cycles among those objects would stay, and they
    were alive when frozen.

    A rebuild also makes tens of thousands of containers that live until the next one (each
    page's state, the keys of what is reused). Python looks at its youngest objects after every
    700 new ones: some thirty collections per rebuild, each walking whatever is still alive. From
    then on it waits for ``YOUNG_OBJECTS``: most are freed by reference counting before it looks,
    and cycles are still collected, only later.
    """

    YOUNG_OBJECTS = 20_000

    def __init__(self) -> None:
        self.builds = 0
        self.frozen = False

    def settle(self) -> None:
        """Freeze what outlives rebuilds, once, after the first build: in a quiet moment after it
        (the hook calls this before making the whole list's files), else when the next starts."""
        if self.builds >= 1 and not self.frozen:
            gc.collect()
            gc.freeze()
            young, *older = gc.get_threshold()
            if 0 < young < self.YOUNG_OBJECTS:
                gc.set_threshold(self.YOUNG_OBJECTS, *older)
            self.frozen = True

    def build_finished(self) -> None:
        self.builds += 1


#: How often ``serve`` looks for saved files, in seconds. MkDocs polls every 0.5 s (0.25 s of
#: waiting per edit on average, half of what an edit may cost); the watched folders hold a few dozen
#: sources, so looking five times as often costs next to nothing.
POLL_INTERVAL = 0.1


def quicken_polling(observer, interval: float = POLL_INTERVAL) -> int:
    """Make ``serve``'s file watcher look for changes every ``interval`` seconds; returns how many
    watches it changed.

    MkDocs watches by polling (native watchers miss changes on network and Docker mounts) and
    offers no setting for the interval, so the interval of each polling emitter already scheduled
    (docs, mkdocs.yml, the data file) is shortened. If watchdog ever stores it differently, nothing
    is changed: the watcher then keeps MkDocs' own interval, slower but just as correct.
    """
    changed = 0
    for emitter in getattr(observer, "emitters", ()):
        current = getattr(emitter, "_timeout", None)
        if type(emitter).__name__ == "PollingEmitter" and isinstance(current, (int, float)) \
                and current > interval:
            emitter._timeout = interval
            changed += 1
    return changed


#: The filter MkDocs passes when it lists the theme's static files (``Files.add_files_from_theme``):
#: what it keeps depends only on the theme's ``static_templates`` and MkDocs' Markdown extensions.
MKDOCS_STATIC_FILTER = "Files.add_files_from_theme.<locals>.filter"


class ThemeListing:
    """The theme as each ``serve`` rebuild's Jinja environments see it: listed and compiled once.

    MkDocs makes a new theme, and new Jinja environments, at every rebuild. To find the static
    files to copy it lists all of the theme's files (some 14,500 with Material) and matches each
    name against its patterns: about 70 ms of each edit's rebuild, for a list that changes only
    when a file is added to or removed from the theme's folders. So the names, and the static ones
    among them, are kept under the loader's folders and ``key`` (a fingerprint of the owner's own
    templates, ``custom_dir``, and mkdocs.yml): adding a template there lists the folders again.
    Every environment also gets ``compiled`` as its bytecode cache, including the one Material's
    search plugin makes for its translations at each rebuild.
    """

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._names: list[str] = []
        self._static_key: tuple | None = None
        self._static: list[str] = []

    def install(self, theme, key: str, compiled: BytecodeCache) -> None:
        """Have ``theme.get_env()`` (for this build's config) list the theme's files from here and
        use ``compiled`` for its templates."""
        make_env = theme.get_env

        def get_env():
            env = make_env()
            env.bytecode_cache = compiled
            loader = env.loader
            folders, list_names = getattr(loader, "searchpath", None), getattr(loader, "list_templates", None)
            if isinstance(folders, list) and callable(list_names):  # else MkDocs lists them, as always
                listing = (tuple(folders), key)
                loader.list_templates = partial(self._names_of, list_names, listing)
                env.list_templates = partial(self._static_names, env.list_templates,
                                             listing + (tuple(sorted(theme.static_templates)),))
            return env

        theme.get_env = get_env

    def _names_of(self, list_names, key: tuple) -> list[str]:
        if key != self._key:
            self._names, self._key = list_names(), key
        return list(self._names)

    def _static_names(self, list_templates, key: tuple, extensions=None, filter_func=None) -> list[str]:
        """``Environment.list_templates``; what MkDocs' filter for static files keeps is kept."""
        if extensions is not None or getattr(filter_func, "__qualname__", None) != MKDOCS_STATIC_FILTER:
            return list_templates(extensions, filter_func)
        key += (filter_func.__code__, tuple(markdown_extensions))
        if key != self._static_key:
            self._static, self._static_key = list_templates(filter_func=filter_func), key
        return list(self._static)


class TemplateCodeCache(BytecodeCache):
    """Compiled theme templates, kept between rebuilds of one ``serve`` process.

    MkDocs builds a new Jinja environment for every rebuild, and compiling Material's templates
    again is a good part of what an edit waits for. Jinja keys each entry on the template's name
    and a checksum of its source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
