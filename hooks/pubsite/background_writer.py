"""Write the citation files on a second thread while MkDocs renders the pages.

A build writes three citation files per paper. Creating thousands of small files waits on the
file system far more than on Python (a few tenths of a millisecond each here, as much as a third
of what the hook costs), and a waiting thread lets the other one run: the pages are rendered
meanwhile. ``finish`` waits for the writes and raises the first failure, naming the file, so a
build never ends with a file silently missing.

``start_made`` makes files on the thread too, after a ``serve`` rebuild (see the hook's
``on_post_build``), and swaps each into place whole: a download is never a file half written.
It can wait for a quiet moment first: making them holds Python's lock, which the server, answering
the browser's reload, would otherwise wait on; ``finish`` (the next build) has them made at once.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from typing import Callable


WRITER_SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005


class WriteFailed(Exception):
    def __init__(self, path: str, error: OSError) -> None:
        super().__init__(f"{path}: {error.strerror or error}")
        self.path = path
        self.error = error


def write_file(path: str, text: str, folders: set[str]) -> None:
    """Write ``text`` as UTF-8 with the fewest system calls; ``folders`` already exist."""
    try:
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        view = memoryview(text.encode("utf-8"))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
    except OSError as error:
        raise WriteFailed(path, error) from None


def replace_file(path: str, text: str, folders: set[str]) -> None:
    """``write_file``, into a temporary file then renamed: readers see the old text or the new."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        write_file(temporary, text, folders)
    except WriteFailed as failure:
        raise WriteFailed(path, failure.error) from None  # named as the reader knows it
    try:
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)  # nothing of the failed attempt is left in the site
        except OSError:
            pass
        raise WriteFailed(path, error) from None


class BackgroundWriter:
    """Writes ``(path, text)`` pairs in order on its own thread; ``finish`` waits for it.

    The thread needs Python's lock only between system calls, but gets it back only when the
    rendering thread lets go (every few milliseconds): so each file is written with as few calls
    as the system needs (open, write, close), and its text is dropped as soon as it is written,
    which keeps memory low however long the thread takes.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._failure: Exception | None = None
        self._now = threading.Event()  # set: what waits for a quiet moment is made at once

    def start(self, files: list[tuple[str, str]]) -> None:
        """Start writing ``files``, which it takes over: the list is emptied, so that each text
        is held by the writer alone and goes once written."""
        self.finish()
        pending = deque(files)
        files.clear()  # the queue holds the texts now, and lets each go once written
        self._thread = threading.Thread(target=self._write_all, args=(pending,), name="pubsite-writer",
                                        daemon=True)
        self._thread.start()

    def start_made(self, make: Callable[[], dict[str, str]], quiet: float = 0.0) -> None:
        """Once the files being written are done, and ``quiet`` seconds later (or as soon as
        ``finish`` is called), make ``{path: text}`` by calling ``make`` on the thread, and put
        each file in place whole (``replace_file``)."""
        self.finish()
        now = self._now = threading.Event()
        self._thread = threading.Thread(target=self._make_and_write, args=(make, quiet, now),
                                        name="pubsite-writer", daemon=True)
        self._thread.start()

    def _make_and_write(self, make: Callable[[], dict[str, str]], quiet: float, now: threading.Event) -> None:
        now.wait(quiet)
        folders: set[str] = set()
        try:
            for path, text in make().items():
                replace_file(path, text, folders)
        except Exception as failure:  # noqa: BLE001 - raised again by finish, in the build's thread
            self._failure = failure

    def _write_all(self, pending: deque[tuple[str, str]]) -> None:
        # Python hands its lock to a waiting thread only after the switch interval (5 ms); the
        # writer waits for it after every system call. While it writes, it asks for the lock
        # sooner. That does not make the rendering thread give way more often (once per system
        # call of the writer either way), only sooner.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, WRITER_SWITCH_INTERVAL))
        try:
            folders: set[str] = set()
            while pending:
                path, text = pending.popleft()
                try:
                    write_file(path, text, folders)
                except WriteFailed as failure:
                    self._failure = failure
                    pending.clear()
                    return
        finally:
            sys.setswitchinterval(interval)

    def finish(self) -> None:
        """Wait until every file is written; raise ``WriteFailed`` for the first that was not."""
        self._now.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
