"""Where the generated files' text lives: in files of their own, in a folder of this process.

Every generated page and citation file is ``File.generated(config, path, abs_src_path=...)``,
MkDocs' way for generated files on disk, rather than text held in memory:

* in a one-off build, MkDocs reads a page's source when it renders it and copies a citation file
  from disk, so the build does not hold thousands of texts until its end (peak memory stays that
  of the same site written as plain files);
* under ``serve``, a file is rewritten only when its text changes, and MkDocs' ``--dirty`` renders
  again only the pages whose source is newer than their output (a file backed by text in memory
  always counts as changed): an edit renders the pages it changed and nothing else.

``ServeCache`` is the one thing that outlives a build, under ``serve`` only: besides the files, it
remembers what each text was made of, so that an unchanged paper is not rendered again at every
save, and keeps the theme's compiled templates (Jinja's ``FileSystemBytecodeCache``, keyed on each
template's source), which MkDocs would otherwise compile again at every rebuild.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from typing import Any, Callable

from jinja2 import FileSystemBytecodeCache
from mkdocs.structure.files import File, InclusionLevel


_FOLDER_PREFIX = "pubsite-"
_FOLDER_NAME = re.compile(rf"{_FOLDER_PREFIX}(\d+)-")


def _process_is_gone(pid: int) -> bool:
    """True when no process has this id (a signal 0 only asks whether it exists)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process, or a platform that cannot tell: leave its folder
        return False
    return False


def remove_abandoned_folders(parent: str | None = None) -> list[str]:
    """Remove the folders of builds that were killed before they could clean up (``kill -9``,
    a closed terminal, a CI job cancelled): each folder is named after its build's process, and
    a folder of this user whose process is gone is nobody's. Returns the folders removed."""
    parent = parent or tempfile.gettempdir()
    removed = []
    try:
        names = os.listdir(parent)
    except OSError:
        return removed
    for name in names:
        found = _FOLDER_NAME.match(name)
        path = os.path.join(parent, name)
        if not found or int(found.group(1)) == os.getpid() or not _process_is_gone(int(found.group(1))):
            continue
        try:
            status = os.lstat(path)  # lstat: a link named like a folder is not followed
            if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
                continue
        except (OSError, AttributeError):  # AttributeError: no getuid (Windows)
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


class GeneratedFiles:
    """A one-off build's generated files: each written once, read or copied by MkDocs.

    The folder is removed by ``close`` (MkDocs' ``on_shutdown``, which runs after a failed build
    too) or at the process's exit; a build killed before either leaves it, so every new build first
    removes the folders of builds whose process is gone (``remove_abandoned_folders``)."""

    def __init__(self) -> None:
        remove_abandoned_folders()
        self._folder = tempfile.TemporaryDirectory(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-")
        self.folder = self._folder.name

    def source_path(self, src_uri: str) -> str:
        return os.path.join(self.folder, "docs", *src_uri.split("/"))

    def new_file(self, config, src_uri: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
                 dest_uri: str | None = None) -> File:
        """A generated file; ``dest_uri`` (MkDocs' public, settable attribute) puts it at another
        address than its name, e.g. a Markdown text at ``index.html.md`` that must not be a page."""
        file = File.generated(config, src_uri, abs_src_path=self.source_path(src_uri), inclusion=inclusion)
        if dest_uri is not None:
            file.dest_uri = dest_uri
        return file

    def fill(self, file: File, made_of: Any, make: Callable[[], str | bytes]) -> None:
        """Write ``file``'s text (or bytes), ``make()``; ``made_of`` (all it depends on) matters under serve."""
        self._write(file.abs_src_path, make())

    def remember(self, key: Any, made_of: Any, make: Callable[[], Any]) -> Any:
        """``make()``; under serve, perhaps a value of an earlier build (see ``ServeCache``)."""
        return make()

    def attach_templates(self, env):
        return env

    def finish(self) -> list[str]:
        """The end of a build; returns the outputs of files a previous build made and this did not."""
        return []

    def forget(self) -> None:
        """After a failed build."""

    def close(self) -> None:
        self._folder.cleanup()

    @staticmethod
    def _write(path: str, text: str | bytes) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(text, bytes):  # a PDF
            with open(path, "wb") as stream:
                stream.write(text)
            return
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)


class ServeCache(GeneratedFiles):
    """``serve``: files rewritten only when their text changes, and what they were made of (above)."""

    def __init__(self) -> None:
        super().__init__()
        templates = os.path.join(self.folder, "templates")
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
                self._write(source, text)
        self._current[file.src_uri] = (made_of, text, file.abs_dest_path)

    def remember(self, key: Any, made_of: Any, make: Callable[[], Any]) -> Any:
        """``make()``, or the value the last build made under ``key`` of the same ``made_of``."""
        known = self._values.get(key)
        value = known[1] if known is not None and known[0] == made_of else make()
        self._next_values[key] = (made_of, value)
        return value

    def finish(self) -> list[str]:
        """Forget what this build no longer makes; returns those files' old outputs, which
        ``serve --dirty`` would otherwise keep serving (a removed paper's page)."""
        gone = [uri for uri in self._previous if uri not in self._current]
        outputs = [self._previous[uri][2] for uri in gone]
        for uri in gone:
            if os.path.isfile(self.source_path(uri)):
                os.remove(self.source_path(uri))
        self._previous, self._current = self._current, {}
        self._values, self._next_values = self._next_values, {}
        return outputs

    def forget(self) -> None:
        """After a failed build: nothing is known to be written, the next build writes everything."""
        self._previous, self._current = {}, {}
        self._values, self._next_values = {}, {}
