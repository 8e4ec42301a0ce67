"""Running Lighthouse 12 on a built site, the same way in the tests and in the benchmark.

``node_modules/.bin/lighthouse`` (``npm ci`` installs it) runs with its default mobile form factor
and simulated throttling (a mid-range phone on a slow 4G network, CPU slowed 4x), in Debian's
Chromium, against pages served by ``static_server.StaticServer`` (which gzips text like GitHub
Pages).

GitHub Pages serves the site over HTTPS with HTTP/2, and Lighthouse's simulated network depends on
the protocol it sees (HTTP/1.x: six connections, each paying a TCP handshake; HTTP/2: one shared
connection). The static server speaks plain HTTP/1.0, so Lighthouse reaches it through
``h2_proxy.mjs``: HTTPS and HTTP/2 on loopback, with a throwaway certificate made by ``openssl``
that this Chromium trusts by its public key (``--ignore-certificate-errors-spki-list``), so the page
is as secure to Lighthouse as the published one. Without the proxy, the first paint of every page is
simulated 0.3-0.45 s later than the published site would get.

``--disable-frame-rate-limit``: headless Chromium sometimes stops offering the page frames during
the load (viz throttles a renderer it finds unresponsive to one frame a second), so the first paint
comes a whole second after the page is ready (GoogleChrome/lighthouse#17148). Measured here on
2026-12-04: 9 of 12 runs stalled so without the flag, 0 of 33 with it. A real phone does
not wait that second, so the measurement is truer without it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Self

from browser import require_chromium, require_tool, unavailable

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = TESTS_DIR.parent
LIGHTHOUSE = PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
H2_PROXY = TESTS_DIR / "h2_proxy.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-frame-rate-limit"
)
RUN_TIMEOUT = 150  # seconds for one Lighthouse run; a normal run takes 15-30 s


class LighthouseError(RuntimeError):
    """Lighthouse did not run, or could not audit the page."""


def require_lighthouse() -> Path:
    require_tool("node", "install Node.js 20 (apt-get install nodejs npm)")
    if not LIGHTHOUSE.exists():
        unavailable(f"{LIGHTHOUSE.relative_to(PROJECT_ROOT)} is missing (run `npm ci` in {PROJECT_ROOT})")
    return LIGHTHOUSE


class Http2Front:
    """``h2_proxy.mjs`` in front of a plain HTTP server: ``https://127.0.0.1:PORT`` over HTTP/2."""

    def __init__(self, upstream: str, workdir: Path):
        self.upstream = upstream
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.origin = ""
        self.spki = ""

    def _certificate(self) -> tuple[Path, Path]:
        openssl = require_tool("openssl", "apt-get install openssl")
        key, cert = self.workdir / "key.pem", self.workdir / "cert.pem"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True, timeout=60,
        )
        public_pem = subprocess.run(
            [openssl, "x509", "-in", str(cert), "-pubkey", "-noout"],
            check=True, capture_output=True, text=True, timeout=60,
        ).stdout
        # The PEM body of a public key is its SubjectPublicKeyInfo in DER: Chromium pins its SHA-256.
        der = base64.b64decode("".join(line for line in public_pem.splitlines() if "-----" not in line))
        self.spki = base64.b64encode(hashlib.sha256(der).digest()).decode()
        return key, cert

    def __enter__(self) -> Self:
        node = require_tool("node", "install Node.js 20 (apt-get install nodejs npm)")
        key, cert = self._certificate()
        self.process = subprocess.Popen(
            [node, str(H2_PROXY), self.upstream, str(key), str(cert)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.process.kill()
            raise LighthouseError(f"h2_proxy.mjs did not start: {port!r} {self.process.stderr.read()[-2000:]}")
        self.origin = f"https://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


def run_lighthouse(url: str, output: Path, spki: str) -> dict:
    """One Lighthouse run with the default (mobile) settings; returns the parsed JSON report."""
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS} --ignore-certificate-errors-spki-list={spki}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=require_chromium())
    try:
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise LighthouseError(f"Lighthouse did not finish within {RUN_TIMEOUT} s on {url}") from error
    if result.returncode != 0 or not output.is_file():
        raise LighthouseError(f"Lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise LighthouseError(f"Lighthouse could not audit {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, int | None]:
    """Category scores as Lighthouse shows them (0-100; None when the category could not be scored)."""
    result = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        result[category] = None if score is None else round(score * 100)
    return result


METRICS = {
    "FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time", "CLS": "cumulative-layout-shift", "SI": "speed-index",
}


def metric_values(report: dict) -> dict[str, float]:
    """The five metrics of the performance score, as numbers (ms; CLS unitless)."""
    return {label: report["audits"][key].get("numericValue", float("nan")) for label, key in METRICS.items()}


def metrics_line(report: dict) -> str:
    audits = report["audits"]
    return "  ".join(f"{label} {audits[key].get('displayValue', '?')}" for label, key in METRICS.items())


def long_tasks(report: dict, count: int = 4) -> list[str]:
    """The longest main-thread tasks of the simulated load, with the script Lighthouse blames."""
    tasks = (report["audits"].get("long-tasks", {}).get("details") or {}).get("items", [])
    return [f"{task.get('duration', 0):.0f} ms {task.get('url', '?')}" for task in tasks[:count]]


def artifacts_dir() -> Path:
    """Where reports go: ``$ARTIFACTS_DIR/lighthouse/``, else ``test-artifacts/lighthouse/``."""
    root = Path(os.environ.get("ARTIFACTS_DIR") or PROJECT_ROOT / "test-artifacts")
    directory = root / "lighthouse"
    directory.mkdir(parents=True, exist_ok=True)
    return directory
