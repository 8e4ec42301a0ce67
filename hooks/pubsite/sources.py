"""Where the generated files' text lives: in memory for a one-off build, on disk under ``serve``.

MkDocs' ``serve --dirty`` renders a page again only when ``File.is_modified()`` says its source
is newer than its output, and a file backed by text in memory always counts as modified. So under
``serve`` every generated file (paper pages, list pages, citation files) is backed by a file of its
own in a folder of this process (``File.generated(config, path, abs_src_path=...)``, MkDocs' way
for generated files on disk), written only when its text changed: an edit renders again only the
pages it changed, and the rest is left as the last build wrote it.

``ServeCache`` is the one thing that outlives a build, under ``serve`` only: besides the files, it
remembers what each text was made of, so that an unchanged paper is not rendered again at every
save, and keeps the theme's compiled templates (Jinja's ``FileSystemBytecodeCache``, keyed on each
template's source), which MkDocs would otherwise compile again at every rebuild.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any, Callable

from jinja2 import FileSystemBytecodeCache
from mkdocs.structure.files import File, InclusionLevel


class InMemorySources:
    """A one-off build: each generated file holds its text (``File.generated(content=...)``)."""

    def attach_templates(self, env):
        return env

    def new_file(self, config, src_uri: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        return File.generated(config, src_uri, content="", inclusion=inclusion)

    def fill(self, file: File, made_of: Any, make: Callable[[], str]) -> None:
        """Give ``file`` its text, ``make()``; ``made_of`` (all it depends on) is not needed here."""
        file.content_string = make()

    def remember(self, key: Any, made_of: Any, make: Callable[[], Any]) -> Any:
        return make()

    def finish(self) -> list[str]:
        return []

    def forget(self) -> None:
        pass

    def close(self) -> None:
        pass


class ServeCache:
    """``serve``: generated files on disk, rewritten only when their text changes (see above)."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="pubsite-serve-")
        templates = os.path.join(self.folder, ".templates")
        os.makedirs(templates)
        self._templates = FileSystemBytecodeCache(templates)
        self._previous: dict[str, tuple[Any, str, str]] = {}  # src_uri -> (made of, text, output path)
        self._current: dict[str, tuple[Any, str, str]] = {}
        self._values: dict[Any, tuple[Any, Any]] = {}  # key -> (made of, value), see remember
        self._next_values: dict[Any, tuple[Any, Any]] = {}

    def attach_templates(self, env):
        """The theme's Jinja environment of this build, with the compiled templates of the last."""
        env.bytecode_cache = self._templates
        return env

    def new_file(self, config, src_uri: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        path = os.path.join(self.folder, "docs", *src_uri.split("/"))
        return File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)

    def fill(self, file: File, made_of: Any, make: Callable[[], str]) -> None:
        """Write ``make()`` to ``file``'s source, unless the last build wrote the same; ``make`` is
        not called at all when ``made_of`` equals what the last build's text was made of."""
        known = self._previous.get(file.src_uri)
        source = file.abs_src_path
        if known is not None and known[0] == made_of and os.path.isfile(source):
            text = known[1]
        else:
            text = make()
            if known is None or known[1] != text or not os.path.isfile(source):
                os.makedirs(os.path.dirname(source), exist_ok=True)
                with open(source, "w", encoding="utf-8", newline="") as stream:
                    stream.write(text)
        self._current[file.src_uri] = (made_of, text, file.abs_dest_path)

    def remember(self, key: Any, made_of: Any, make: Callable[[], Any]) -> Any:
        """``make()``, or the value the last build made under ``key`` of the same ``made_of``."""
        known = self._values.get(key)
        value = known[1] if known is not None and known[0] == made_of else make()
        self._next_values[key] = (made_of, value)
        return value

    def finish(self) -> list[str]:
        """The end of a build: forget what it no longer makes; returns those files' old outputs,
        which ``serve --dirty`` would otherwise keep serving (a removed paper's page)."""
        gone = [uri for uri in self._previous if uri not in self._current]
        outputs = [self._previous[uri][2] for uri in gone]
        for uri in gone:
            source = os.path.join(self.folder, "docs", *uri.split("/"))
            if os.path.isfile(source):
                os.remove(source)
        self._previous, self._current = self._current, {}
        self._values, self._next_values = self._next_values, {}
        return outputs

    def forget(self) -> None:
        """After a failed build: nothing is known to be written, the next build writes everything."""
        self._previous, self._current = {}, {}
        self._values, self._next_values = {}, {}

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
