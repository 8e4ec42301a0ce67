"""Edit to visible: how long from saving ``data/publications.yml`` until ``serve`` serves the change.

The server is started as README says (``mkdocs serve --dirty --no-strict``; ProperDocs:
``properdocs serve --dirty --no-strict -f mkdocs.yml``; plain ``serve`` without ``--dirty`` for
comparison), with ``-a 127.0.0.1:PORT`` on a free port, in a private copy of the synthetic project
and in its own process group, so that it is always stopped with everything it started (Ctrl-C
first, so the engine removes its temporary site; then terminate, kill).

Once a paper page answers, each edit changes one paper's title in the YAML to a marker never used
before and polls that paper's page (``papers/<id>/``) every 25 ms until its HTML holds the marker;
the time is from the end of the save to that answer. It includes the engine's polling file watcher
(it looks every 0.5 s: 0.25 s on average before a change is seen), its 0.1 s quiet period, the
rebuild, and the answer (page requests wait while a rebuild runs, so the answer comes once the
whole rebuild has ended, as the browser's live reload does).

To tell those apart, the server's output is read line by line as it comes and each line is
stamped with the time it arrived: the rebuild is the time from ``Building documentation...`` to
``Reloading browsers``, and the watcher's share the time from the save to ``Detected file
changes``. (Not MkDocs' ``Documentation built in X seconds``: MkDocs drops a log message it has
logged before, so a rebuild exactly as long as an earlier one would go unreported.)

A save is atomic (written beside the project, then renamed over the file, as many editors do), so
the watcher never sees half a file and one save sets off one rebuild; before each edit the server
must have been idle (no rebuild running, nothing printed) for a second, so that no late rebuild of
the previous edit is timed as this one's.

The same loop runs on the floor project (``FloorTitleEdit``): there the "save" writes the new
title into every file of the floor's ``docs/`` that holds the old one (the paper's page, the list
pages and other pages showing it, its citation files), which is what plain MkDocs needs to show
the same change, with no generator.

A server that exits, or a change that never shows, is reported as ``failed: <reason>`` with the
server's last lines, and the benchmark goes on.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

#: Saves a paper's new title: ``edit(paper_id, title)``.
TitleEdit = Callable[[str, str], None]

HOST = "127.0.0.1"
POLL_INTERVAL = 0.025     # seconds between two requests for the edited page
SETTLE = 1.0              # quiet the server must show before an edit (> the watcher's 0.5 s + 0.1 s)
STOP_TIMEOUT = 10.0
ENGINES = ("mkdocs", "properdocs")
# What MkDocs and ProperDocs print around a rebuild (none of it is deduplicated, unlike the build's
# own "Documentation built in"):
DETECTED = "Detected file changes"
BUILDING = "Building documentation..."
RELOADED = "Reloading browsers"
FAILED = "An error happened during the rebuild"
ENDED = (RELOADED, FAILED, "Serving on")   # a (re)build is over; the first one ends with "Serving on"
SAVE_DIR = ".benchmark-save"   # beside docs/ and data/, outside what the server watches


class ServeFailed(Exception):
    """The measurement cannot go on; the message says why, for the report."""


@dataclass
class ServeResult:
    engine: str                                 # "mkdocs", "properdocs", or "floor" (MkDocs on the floor)
    mode: str                                   # "dirty" or "full"
    startup_s: float | None = None              # launch until a paper page answers (the first build)
    edits: list[dict] = field(default_factory=list)   # see Server.time_edit, in order
    error: str | None = None                    # "failed: ..." when the measurement broke off

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def median(self, key: str, kind: str | None = None) -> float | None:
        """Median of one figure of the edits (``visible_s``, ``rebuild_s``, ``seen_s``), of all
        edits or of one kind's."""
        values = [edit[key] for edit in self.edits
                  if edit.get(key) is not None and (kind is None or edit["kind"] == kind)]
        return statistics.median(values) if values else None


def serve_command(engine: str, dirty: bool, port: int) -> list[str]:
    """README's serve command for ``engine``: the script next to this Python (the venv's), as a
    researcher runs it; ProperDocs is told the config file's name (it looks for properdocs.yml)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: {', '.join(ENGINES)}")
    command = [str(Path(sys.executable).parent / engine), "serve"]
    if dirty:
        command.append("--dirty")
    command.append("--no-strict")
    if engine == "properdocs":
        command += ["-f", "mkdocs.yml"]
    return command + ["-a", f"{HOST}:{port}"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Output:
    """A child's output, read by a thread as it comes (so the pipe never fills), each line with the
    ``perf_counter`` time it arrived, and copied to a log file."""

    def __init__(self, stream, log_path: Path):
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream, log_path), daemon=True)
        self._thread.start()

    def _read(self, stream, log_path: Path) -> None:
        with stream, open(log_path, "a", encoding="utf-8") as log:
            for line in stream:
                with self._lock:
                    self.lines.append((time.perf_counter(), line.rstrip("\n")))
                log.write(line)
                log.flush()

    def since(self, index: int) -> list[tuple[float, str]]:
        with self._lock:
            return self.lines[index:]

    def count(self) -> int:
        with self._lock:
            return len(self.lines)

    def close(self) -> None:
        self._thread.join(STOP_TIMEOUT)


def _first(lines: list[tuple[float, str]], text: str, after: float = float("-inf")) -> float | None:
    """When the first line holding ``text`` (and arriving after ``after``) arrived."""
    return next((stamp for stamp, line in lines if text in line and stamp > after), None)


class Server:
    """A running ``serve``."""

    def __init__(self, project: Path, engine: str, dirty: bool, log_path: Path, env: dict[str, str]):
        self.project, self.engine, self.dirty, self.log_path, self.env = project, engine, dirty, log_path, env
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.output: Output | None = None

    def start(self, timeout: float, path: str) -> float:
        """Launch and wait until ``path`` answers 200; the seconds that took (the first build)."""
        for _attempt in range(3):   # the free port can be taken between finding and binding it
            self.port = _free_port()
            started = time.perf_counter()
            self.process = subprocess.Popen(
                serve_command(self.engine, self.dirty, self.port), cwd=self.project, env=self.env,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace", start_new_session=True,
            )
            self.output = Output(self.process.stdout, self.log_path)
            try:
                self.wait_for(lambda: self.get(path, timeout)[0] == 200, timeout, f"/{path} to answer")
                return time.perf_counter() - started
            except ServeFailed:
                if self.process.poll() is not None and "Address already in use" in self.text():
                    self.stop()
                    continue
                raise
        raise ServeFailed("no free port after 3 tries")

    def stop(self) -> None:
        """Ctrl-C to the server's process group, then terminate, then kill; always reaped."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
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
        if self.output is not None:
            self.output.close()

    def text(self) -> str:
        return "\n".join(line for _, line in self.output.since(0)) if self.output else ""

    def last_lines(self, count: int = 3) -> str:
        lines = [line.strip() for line in self.text().splitlines() if line.strip()]
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

    def wait_idle(self, quiet: float, timeout: float) -> None:
        """Until the server has printed nothing for ``quiet`` seconds and no rebuild is running."""

        def idle() -> bool:
            lines = self.output.since(0)
            started = [number for number, (_, line) in enumerate(lines) if BUILDING in line]
            ended = [number for number, (_, line) in enumerate(lines) if any(end in line for end in ENDED)]
            running = bool(started) and (not ended or started[-1] > ended[-1])
            return not running and time.perf_counter() - lines[-1][0] >= quiet

        self.wait_for(idle, timeout, "the server to be idle")

    def time_edit(self, edit: TitleEdit, paper_id: str, title: str, timeout: float) -> dict:
        """Save ``paper_id`` with ``title`` and wait until its page serves it. Returns the seconds
        from the end of the save until then (``visible_s``), until the watcher saw the change
        (``seen_s``), and of the rebuild that showed it (``rebuild_s``), and how many rebuilds
        started meanwhile (1, unless an edit set off more)."""
        mark = self.output.count()
        edit(paper_id, title)
        saved = time.perf_counter()
        path = f"papers/{paper_id}/"
        visible = self.wait_for(lambda: title in self.get(path, timeout)[1], timeout, f"'{title}' on /{path}")
        lines, building, reloaded = self._rebuild_lines(mark)
        detected = _first(lines, DETECTED)
        return {"paper": paper_id, "visible_s": visible,
                "seen_s": None if detected is None else detected - saved,
                "rebuild_s": None if reloaded is None else reloaded - building,
                "rebuilds": sum(BUILDING in line for _, line in lines)}


    def _rebuild_lines(self, mark: int, wait: float = 2.0) -> tuple[list, float | None, float | None]:
        """The lines since ``mark``, and when the first rebuild among them started and ended. The
        server prints ``Reloading browsers`` just before it answers, so the line may still be on
        its way when the answer is in: it is waited for, briefly."""
        deadline = time.perf_counter() + wait
        while True:
            lines = self.output.since(mark)
            building = _first(lines, BUILDING)
            reloaded = _first(lines, RELOADED, building) if building is not None else None
            if reloaded is not None or time.perf_counter() > deadline:
                return lines, building, reloaded
            time.sleep(POLL_INTERVAL)


def set_paper_title(data_file: Path, paper_id: str, title: str, scratch: Path) -> None:
    """Replace one paper's ``title:`` line, leaving the rest of the file as it was; saved atomically
    through the folder ``scratch``."""
    text = data_file.read_text(encoding="utf-8")
    entry = re.search(rf"(?ms)^\s*- id: {re.escape(paper_id)}\s*$.*?(?=^\s*- id: |\Z)", text)
    if entry is None:
        raise ServeFailed(f"paper '{paper_id}' not in {data_file.name}")
    block, count = re.subn(r'(?m)^(\s+)title:.*$', lambda m: f'{m.group(1)}title: "{title}"', entry.group(0), count=1)
    if count != 1:
        raise ServeFailed(f"paper '{paper_id}' has no 'title:' line")
    save_atomically(data_file, text[:entry.start()] + block + text[entry.end():], scratch)


def save_atomically(path: Path, text: str, scratch: Path) -> None:
    """Write ``text`` to a file in ``scratch`` (a folder on the same file system that the server
    does not watch), then rename it over ``path``: the watcher sees the whole new file or the old
    one, never a part of it."""
    scratch.mkdir(exist_ok=True)
    temporary = scratch / path.name
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def yaml_title_edit(project: Path, data_file: str) -> TitleEdit:
    """The real edit: the paper's title changed in ``project``'s ``data_file``."""
    return lambda paper_id, title: set_paper_title(project / data_file, paper_id, title, project / SAVE_DIR)


class FloorTitleEdit:
    """The floor's version of a title edit: the old title replaced by the new one in every file of
    ``docs`` that holds it. All the new files are written first, then renamed into place one after
    the other (microseconds apart), so that the watcher sees them together. Which files hold a
    paper's title is found once, before any edit (finding them is no part of a save)."""

    def __init__(self, docs: Path, titles: dict[str, str]):
        self.docs = docs
        self.titles = dict(titles)   # paper id -> its current title
        self.holders = {paper_id: [] for paper_id in titles}
        for path in sorted(docs.rglob("*")):
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                for paper_id, title in titles.items():
                    if title in text:
                        self.holders[paper_id].append(path)

    def __call__(self, paper_id: str, title: str) -> None:
        old, self.titles[paper_id] = self.titles[paper_id], title
        if not self.holders[paper_id]:
            raise ServeFailed(f"the floor has no file holding the title of '{paper_id}'")
        scratch = self.docs.parent / SAVE_DIR
        scratch.mkdir(exist_ok=True)
        written = []
        for number, path in enumerate(self.holders[paper_id]):
            temporary = scratch / f"{number}{path.suffix}"
            temporary.write_text(path.read_text(encoding="utf-8").replace(old, title), encoding="utf-8")
            written.append((temporary, path))
        for temporary, path in written:
            os.replace(temporary, path)


def marker_title(engine: str, mode: str, number: int, kind: str) -> str:
    """A title no page holds yet: letters and digits only, so no renderer changes it."""
    return f"Edited {engine.capitalize()} {mode.capitalize()} {number:03d} {kind.title().replace(' ', '')}"


def measure_serve(project: Path, engine: str, dirty: bool, papers: dict[str, str], edit: TitleEdit,
                  edits_per_paper: int, log_path: Path, env: dict[str, str], startup_timeout: float,
                  change_timeout: float, label: str | None = None) -> ServeResult:
    """Start ``engine``'s server in ``project``, then ``edits_per_paper`` rounds of one title edit
    (``edit``) of each of ``papers`` (kind -> paper id), each a new marker (deterministic: label,
    mode, round and kind). ``label`` names the result (default: the engine)."""
    mode = "dirty" if dirty else "full"
    label = label or engine
    result = ServeResult(label, mode)
    server = Server(project, engine, dirty, log_path, env)
    try:
        result.startup_s = server.start(startup_timeout, f"papers/{next(iter(papers.values()))}/")
        for number in range(edits_per_paper):
            for kind, paper_id in papers.items():
                server.wait_idle(SETTLE, change_timeout)
                title = marker_title(label, mode, number, kind)
                result.edits.append({"kind": kind, **server.time_edit(edit, paper_id, title, change_timeout)})
    except ServeFailed as error:
        result.error = f"failed: {error}"
    finally:
        server.stop()
    return result
