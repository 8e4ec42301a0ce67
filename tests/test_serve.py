"""The editing loop of ``mkdocs serve``: edit the data or a page, see the served site change.

Each test starts the engine's ``serve`` (``conftest.ENGINE``: MkDocs or ProperDocs), plain and as
README recommends (``--dirty --no-strict``), on a free loopback port in a private copy of the project
(the ``project`` fixture), edits files in that copy and polls the server, with bounded timeouts. The
server is always stopped in the fixture's teardown: Ctrl-C first (so MkDocs removes its temporary
site folder), then terminate, then kill.

What these tests rely on in MkDocs 1.6's server: it watches ``docs/`` and ``mkdocs.yml`` itself and
``data/`` because ``mkdocs.yml`` says ``watch: [data]``; changes are found by a polling observer; while a rebuild runs, or after a rebuild failed, requests for pages
wait until a build succeeds ("the server will appear stuck until build errors are resolved"), while
the ``/livereload/...`` long-poll used by the browser script still answers.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import engine_command, mkdocs_env

HOST = "127.0.0.1"
PAPER = "papers/waves/"
CONFERENCE = "publications/conference/"
DATA_FILE = "data/publications.yml"
CONFERENCE_MD = "docs/publications/conference.md"

STARTUP_TIMEOUT = 60.0    # first build and server start
CHANGE_TIMEOUT = 30.0     # an edit until the served site shows it
REQUEST_TIMEOUT = 5.0     # one HTTP request (page requests stall while the site is broken)
STOP_TIMEOUT = 10.0       # each step of stopping the server

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _unique(label: str) -> str:
    """Text that appears nowhere in the site: letters and digits only, safe in YAML and Markdown."""
    return f"{label} {uuid.uuid4().hex[:12]}"


@dataclass
class Response:
    status: int | None       # None: no answer within REQUEST_TIMEOUT or connection refused
    text: str
    error: str = ""


class ServedSite:
    """A running ``mkdocs serve`` for one project copy; output goes to a log file, never a pipe."""

    def __init__(self, project: Path, log_path: Path, dirty: bool = False):
        self.project = project
        self.dirty = dirty
        self.log_path = log_path
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = None

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> None:
        for _attempt in range(3):   # the free port can be taken between finding and binding it
            self.port = _free_port()
            self._launch()
            try:
                self.wait_for(lambda: self.get(PAPER).status == 200, STARTUP_TIMEOUT,
                              f"the server to answer 200 at /{PAPER}")
                return
            except AssertionError:
                if self.process.poll() is not None and "Address already in use" in self.output():
                    self.stop()
                    continue
                raise
        raise AssertionError(f"no free port for mkdocs serve after 3 tries:\n{self.output()}")

    def _launch(self) -> None:
        self._log = open(self.log_path, "a", encoding="utf-8")
        self._log.write(f"\n===== mkdocs serve on {HOST}:{self.port} =====\n")
        self._log.flush()
        env = mkdocs_env()
        env["PYTHONUNBUFFERED"] = "1"
        self.process = subprocess.Popen(
            engine_command("serve", "--dev-addr", f"{HOST}:{self.port}",
                           *(["--dirty", "--no-strict"] if self.dirty else [])),
            cwd=self.project, env=env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT,
            # Ctrl-C must reach the server even when pytest was started with SIGINT ignored (in
            # the background, as CI does): otherwise stop() waits out its timeout every time.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        try:
            if process is not None and process.poll() is None:
                # Ctrl-C: MkDocs shuts down cleanly and deletes its temporary site folder.
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.terminate()
                    try:
                        process.wait(STOP_TIMEOUT)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait(STOP_TIMEOUT)
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None

    # ---------------------------------------------------------------- observing

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}/{path}"

    def get(self, path: str, timeout: float = REQUEST_TIMEOUT) -> Response:
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as answer:
                return Response(answer.status, answer.read().decode("utf-8", errors="replace"))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode("utf-8", errors="replace"))
        except (urllib.error.URLError, OSError) as error:   # refused, reset, timed out
            return Response(None, "", repr(error))

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> float:
        """Poll ``condition`` until true; the seconds it took. Fails with the server's output."""
        start = time.monotonic()
        while True:
            if condition():
                return time.monotonic() - start
            if not self.alive():
                raise AssertionError(
                    f"mkdocs serve exited (code {self.process and self.process.returncode}) while "
                    f"waiting for {what}; its output:\n{self.output()}"
                )
            if time.monotonic() - start > timeout:
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what}; server output:\n{self.output()}"
                )
            time.sleep(0.2)

    def wait_for_text(self, path: str, text: str, timeout: float = CHANGE_TIMEOUT) -> float:
        return self.wait_for(lambda: text in _page_text(self.get(path)), timeout,
                             f"'{text}' to appear on /{path}")


def _page_text(response: Response) -> str:
    if response.status != 200:
        return ""
    return BeautifulSoup(response.text, "html.parser").get_text(" ")


def _h1(response: Response) -> str:
    heading = BeautifulSoup(response.text, "html.parser").find("h1")
    return heading.get_text(" ", strip=True) if heading else ""


# -------------------------------------------------------------------- editing the copy

def _edit_paper_field(project: Path, paper_id: str, field: str, value: str) -> None:
    """Set ``field: value`` on one paper in the copy's data file, editing only that line."""
    path = project / DATA_FILE
    text = path.read_text(encoding="utf-8")
    entry = re.search(rf"(?ms)^(\s*)- id: {re.escape(paper_id)}\s*$.*?(?=^\s*- id: |\Z)", text)
    assert entry, f"paper '{paper_id}' not found in {DATA_FILE}"
    block = entry.group(0)
    new_block, count = re.subn(rf"(?m)^(\s+){field}:.*$", lambda m: f"{m.group(1)}{field}: {value}",
                               block, count=1)
    assert count == 1, f"paper '{paper_id}' has no '{field}:' line in {DATA_FILE}"
    path.write_text(text[: entry.start()] + new_block + text[entry.end():], encoding="utf-8")


def _edit_intro(project: Path, new_text: str) -> None:
    """Replace the first line of the intro paragraph (after the page's heading) of conference.md."""
    path = project / CONFERENCE_MD
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "<!--")):
            lines[number] = new_text + "\n"
            break
    else:
        raise AssertionError(f"{CONFERENCE_MD} has no intro paragraph to edit")
    path.write_text("".join(lines), encoding="utf-8")


# -------------------------------------------------------------------- fixtures

@pytest.fixture(params=["serve", "serve --dirty --no-strict"])
def served(request, project: Path, tmp_path: Path) -> Iterator[ServedSite]:
    """``serve`` (strict, as configured) and README's ``serve --dirty --no-strict`` in the
    ``project`` copy, already answering; always stopped."""
    site = ServedSite(project, tmp_path / "serve.log", dirty=request.param.endswith("--dirty"))
    try:
        site.start()
        yield site
    finally:
        site.stop()


@pytest.fixture
def chromium_page(browser, served: ServedSite):
    """A page in the session's headless Chromium (``conftest.browser``: never skipped in CI)."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


# -------------------------------------------------------------------- tests

def test_yaml_and_markdown_edits_are_served(served: ServedSite, project: Path):
    original = served.get(PAPER)
    assert "WAVES" in _h1(original), f"unexpected heading on /{PAPER}: {_h1(original)!r}"

    title = _unique("Served Title")
    _edit_paper_field(project, "waves", "title", f'"{title}"')
    served.wait_for(lambda: _h1(served.get(PAPER)) == title, CHANGE_TIMEOUT,
                    f"the <h1> of /{PAPER} to become '{title}' after editing {DATA_FILE}")
    served.wait_for_text(CONFERENCE, title)
    assert "WAVES: Free-form" not in _page_text(served.get(CONFERENCE))

    intro = _unique("Served intro paragraph")
    _edit_intro(project, intro)
    served.wait_for_text(CONFERENCE, intro)
    assert title in _page_text(served.get(CONFERENCE)), "the data edit was lost by the page rebuild"
    assert served.alive()


def test_browser_reloads_after_yaml_edit(chromium_page, served: ServedSite, project: Path):
    page = chromium_page
    page.goto(served.url(PAPER), wait_until="load", timeout=CHANGE_TIMEOUT * 1000)
    assert "WAVES" in page.inner_text("h1")
    # A mark on this document: gone after the livereload script reloads the page by itself.
    page.evaluate("window.__beforeEdit = true")

    title = _unique("Browser Title")
    _edit_paper_field(project, "waves", "title", f'"{title}"')
    try:
        page.wait_for_function(
            "title => { const h = document.querySelector('h1');"
            " return h !== null && h.textContent.trim() === title; }",
            arg=title, timeout=CHANGE_TIMEOUT * 1000, polling=200,
        )
    except Exception as error:
        raise AssertionError(
            f"the open tab did not show '{title}' by itself within {CHANGE_TIMEOUT:.0f} s ({error}); "
            f"its <h1> is {page.inner_text('h1')!r}; server output:\n{served.output()}"
        ) from None
    assert page.evaluate("window.__beforeEdit === undefined"), "the heading changed without a reload"
    assert page.url == served.url(PAPER)


def test_invalid_yaml_while_serving_is_reported_then_fixed(served: ServedSite, project: Path):
    title = _unique("Fixed Title")
    _edit_paper_field(project, "waves", "title", f'"{title}"')
    _edit_paper_field(project, "waves", "year", "twenty")
    before = len(served.output())
    message = re.compile(r"data/publications\.yml:\d+: paper 'waves': field 'year'.*'twenty'")
    served.wait_for(lambda: message.search(served.output(), before) is not None, CHANGE_TIMEOUT,
                    "the server to report the invalid year in data/publications.yml")
    output = served.output()[before:]
    assert "An error happened during the rebuild" in output

    # Still running, and its HTTP server still answers (the livereload endpoint never waits for a
    # build at epoch 0); page requests themselves wait until the site builds again.
    time.sleep(1.0)
    assert served.alive(), f"mkdocs serve exited after the bad edit:\n{served.output()}"
    poll = served.get("livereload/0/0")
    assert poll.status == 200 and poll.text.strip().isdigit(), poll
    assert title not in _page_text(served.get(PAPER, timeout=1.0))

    _edit_paper_field(project, "waves", "year", "2019")
    served.wait_for(lambda: _h1(served.get(PAPER)) == title, CHANGE_TIMEOUT,
                    f"/{PAPER} to be served again, with the title '{title}', after fixing the year")
    assert "2019" in _page_text(served.get(PAPER))
    served.wait_for_text(CONFERENCE, title)
    assert served.alive()


def test_an_edit_shows_on_every_page_that_shows_the_paper_and_a_removed_paper_is_gone(served: ServedSite,
                                                                                         project: Path):
    """Under ``--dirty`` too: the paper's page, its list and the home page show the new title; a
    removed paper's page is no longer served."""
    title = _unique("Everywhere Title")
    _edit_paper_field(project, "waves", "title", f'"{title}"')
    served.wait_for(lambda: _h1(served.get(PAPER)) == title, CHANGE_TIMEOUT, f"/{PAPER} to show '{title}'")
    served.wait_for_text(CONFERENCE, title)
    served.wait_for_text("", title)  # waves is a selected paper
    path = project / DATA_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: conditional-limits\n")
    end = text.find("\n  - id: ", start + 1)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    served.wait_for(lambda: served.get("papers/conditional-limits/").status == 404, CHANGE_TIMEOUT,
                    "the removed paper's page to be gone")
    assert "Aborted" not in served.output() and "ERROR" not in served.output()
