"""The editing loop: how long from saving a file until ``mkdocs serve`` serves the change.

One server per measurement (``--dirty`` or a full rebuild each time), on a free loopback port, in a
private copy of the synthetic project, in its own process group so that it is always stopped with
everything it started (Ctrl-C first, so MkDocs removes its temporary site; then terminate, kill).

Each edit is saved, then the page is polled until its HTML holds the new text; the time is from
the end of the save to the first response that holds it. What that time includes: MkDocs' polling
file watcher (it looks every 0.5 s, so 0.25 s on average before a change is even seen), a 0.1 s
quiet period, the rebuild, and the answer (page requests wait while a rebuild runs).

A server that exits, or a change that never shows, is reported as ``failed: <reason>`` with the
server's last log lines, and the benchmark goes on.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
POLL_INTERVAL = 0.025     # seconds between two requests for the edited page
SETTLE = 1.0              # pause after a change was served, so edits never overlap
STOP_TIMEOUT = 10.0
TALKS_PAGE = ("docs/talks.md", "talks/")


class ServeFailed(Exception):
    """The measurement cannot go on; the message says why, for the report."""


@dataclass
class ServeResult:
    mode: str                                   # "dirty" or "full"
    startup_s: float | None = None              # launch until the paper page answers
    paper_edit_s: list[float] = field(default_factory=list)
    markdown_edit_s: list[float] = field(default_factory=list)
    error: str | None = None                    # "failed: ..." when the measurement broke off

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A running ``mkdocs serve``; its output goes to a log file, never a pipe (no deadlock)."""

    def __init__(self, project: Path, dirty: bool, log_path: Path, env: dict[str, str]):
        self.project, self.dirty, self.log_path, self.env = project, dirty, log_path, env
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float, path: str) -> float:
        """Launch and wait until ``path`` answers 200; the seconds that took (the first build)."""
        for _attempt in range(3):   # the free port can be taken between finding and binding it
            self.port = _free_port()
            command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"{HOST}:{self.port}"]
            if self.dirty:
                command.append("--dirty")
            started = time.perf_counter()
            with open(self.log_path, "a", encoding="utf-8") as log:
                self.process = subprocess.Popen(
                    command, cwd=self.project, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            try:
                self.wait_for(lambda: self.get(path, timeout)[0] == 200, timeout, f"/{path} to answer")
                return time.perf_counter() - started
            except ServeFailed:
                if self.process.poll() is not None and "Address already in use" in self.output():
                    self.stop()
                    continue
                raise
        raise ServeFailed("no free port after 3 tries")

    def stop(self) -> None:
        """Ctrl-C to the server's process group, then terminate, then kill; always reaped."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(STOP_TIMEOUT)
                break
            except subprocess.TimeoutExpired:
                continue

    def output(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def last_lines(self, count: int = 3) -> str:
        lines = [line.strip() for line in self.output().splitlines() if line.strip()]
        important = [line for line in lines if re.match(r"(ERROR|WARNING|Aborted|Error|\w+Error)", line)]
        return " | ".join((important or lines)[-count:])

    def get(self, path: str, timeout: float) -> tuple[int | None, str]:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{self.port}/{path}", timeout=timeout) as answer:
                return answer.status, answer.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, OSError):
            return None, ""

    def wait_for(self, condition, timeout: float, what: str) -> float:
        start = time.perf_counter()
        while True:
            if condition():
                return time.perf_counter() - start
            if self.process.poll() is not None:
                raise ServeFailed(f"server exited (code {self.process.returncode}) while waiting for "
                                  f"{what}: {self.last_lines()}")
            if time.perf_counter() - start > timeout:
                raise ServeFailed(f"timed out after {timeout:.0f} s waiting for {what}: {self.last_lines()}")
            time.sleep(POLL_INTERVAL)

    def time_change(self, edit, path: str, text: str, timeout: float) -> float:
        """Apply ``edit`` (a save) and return the seconds until ``path`` serves ``text``."""
        edit()
        return self.wait_for(lambda: text in self.get(path, timeout)[1], timeout, f"'{text}' on /{path}")


def set_paper_title(data_file: Path, paper_id: str, title: str) -> None:
    """Replace one paper's ``title:`` line, leaving the rest of the file as it was."""
    text = data_file.read_text(encoding="utf-8")
    entry = re.search(rf"(?ms)^\s*- id: {re.escape(paper_id)}\s*$.*?(?=^\s*- id: |\Z)", text)
    if entry is None:
        raise ServeFailed(f"paper '{paper_id}' not in {data_file.name}")
    block, count = re.subn(r'(?m)^(\s+)title:.*$', lambda m: f'{m.group(1)}title: "{title}"', entry.group(0), count=1)
    if count != 1:
        raise ServeFailed(f"paper '{paper_id}' has no 'title:' line")
    data_file.write_text(text[:entry.start()] + block + text[entry.end():], encoding="utf-8")


def append_word(page: Path, word: str) -> None:
    with open(page, "a", encoding="utf-8") as file:
        file.write(f"\n{word}\n")


def measure_serve(project: Path, data_file: str, paper_id: str, dirty: bool, edits: int, log_path: Path,
                  env: dict[str, str], startup_timeout: float, change_timeout: float) -> ServeResult:
    """Start a server, then alternate ``edits`` title edits of ``paper_id`` and Markdown edits of
    talks.md, each with text never used before (deterministic: mode and edit number)."""
    mode = "dirty" if dirty else "full"
    result = ServeResult(mode)
    server = Server(project, dirty, log_path, env)
    paper_path = f"papers/{paper_id}/"
    talks_file, talks_path = TALKS_PAGE
    try:
        result.startup_s = server.start(startup_timeout, paper_path)
        for number in range(edits):
            time.sleep(SETTLE)
            title = f"Served Title {mode.capitalize()} {number:03d}"
            edit = functools.partial(set_paper_title, project / data_file, paper_id, title)
            result.paper_edit_s.append(server.time_change(edit, paper_path, title, change_timeout))
            time.sleep(SETTLE)
            word = f"servedword{mode}{number:03d}"
            edit = functools.partial(append_word, project / talks_file, word)
            result.markdown_edit_s.append(server.time_change(edit, talks_path, word, change_timeout))
    except ServeFailed as error:
        result.error = f"failed: {error}"
    finally:
        server.stop()
    return result
