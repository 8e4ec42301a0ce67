"""A loopback static file server that compresses text with gzip, as GitHub Pages does.

Python's ``http.server`` sends files uncompressed, which makes pages look slower to Lighthouse than
they are once published; this server gzips HTML, CSS, JS, JSON, SVG and XML when the client accepts
it, sends ``Content-Length``, serves ``404.html`` for missing paths like GitHub Pages, and counts the
bytes it sends so tests can report a page's transfer size.
"""

from __future__ import annotations

import gzip
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes() if path.is_file() else b"not found"
        content_type = self.guess_type(str(path))
        if content_type.startswith("text/") or path.suffix in (".js", ".json", ".svg", ".xml"):
            content_type += "; charset=utf-8"
        compressed = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if compressed:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if compressed:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        with self.server.lock:
            self.server.bytes_sent[self.path] = self.server.bytes_sent.get(self.path, 0) + len(body)

    do_HEAD = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    lock: threading.Lock
    bytes_sent: dict[str, int]


class StaticServer:
    """``with StaticServer(site) as server: server.url("papers/waves/")``."""

    def __init__(self, root: Path, host: str = "127.0.0.1"):
        self.root = root
        self.host = host
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> StaticServer:
        handler = partial(_Handler, directory=str(self.root))
        self._server = _Server((self.host, 0), handler)
        self._server.lock = threading.Lock()
        self._server.bytes_sent = {}
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def origin(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    @property
    def bytes_sent(self) -> dict[str, int]:
        return self._server.bytes_sent
