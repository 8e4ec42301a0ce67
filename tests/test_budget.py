"""A byte budget: what a first visit downloads stays small.

Loads the home page, a paper page, a section list and a co-author's page in Chromium from the gzip loopback server (``served_site``),
each in a fresh browser context (empty cache), and records every request with the ``requestfinished``
events of Playwright (which include the search worker's requests): the bytes that crossed the network
are the response headers plus the compressed body. The static server's own count of the body bytes
it sent is a cross-check that nothing came from a cache or went unseen. A table (page, requests,
total bytes, largest resources) is printed and written to ``test-artifacts/budget.json`` (or ``$ARTIFACTS_DIR/budget.json``).

The budgets are the sizes measured when they were set, plus about 25 %: a new script, an unoptimised
image or a stylesheet that stopped being compressed fails the test. Raise a budget on purpose, in
this file, when the site is meant to grow.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT_ROOT

PAGES = {"home": "", "paper": "papers/waves/", "section": "publications/conference/",
         "coauthor": "coauthors/bo-sample/"}

# Measured with Material 9.8.1: home 12 requests, 92.4 kB; paper 11 requests, 89.2 kB transferred
# (Material's bundle.js 35 kB, main.css 23 kB, search worker 12.5 kB, search index 5.4 kB; the page
# 6-9 kB). Budget = measurement + 25 %, rounded.
# Added 2026-12-06, measured on the reference site: a section list (7 papers) 14 requests, 100.9 kB; a
# co-author's page (10 papers) 14 requests, 101.7 kB; the home page then took 101.8 kB, the paper 97.1 kB.
BUDGET_BYTES = {"home": 115_000, "paper": 112_000, "section": 126_000, "coauthor": 127_000}
BUDGET_REQUESTS = {"home": 15, "paper": 14, "section": 17, "coauthor": 17}
# A single resource this large is a mistake (an uncompressed bundle, a full-size photo).
LARGEST_RESOURCE_BYTES = 60_000


def artifacts_dir() -> Path:
    directory = Path(os.environ.get("ARTIFACTS_DIR") or PROJECT_ROOT / "test-artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def measure(browser, served_site, path: str) -> dict:
    """Load ``path`` in a fresh context; every request with the bytes it transferred."""
    context = browser.new_context()  # a new context starts with an empty HTTP cache
    finished = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: finished.append(request))  # includes the search worker's own requests
        before = dict(served_site.bytes_sent)
        page.goto(served_site.url(path), wait_until="networkidle")
        page.wait_for_timeout(300)
        after = dict(served_site.bytes_sent)
        resources = []
        for request in finished:
            if urlsplit(request.url).scheme not in ("http", "https"):
                continue  # data: URIs (icons inlined in the CSS) cost nothing on the network
            response = request.response()
            sizes = request.sizes()
            headers = response.headers if response else {}
            if sizes["responseBodySize"] < 0:
                continue  # a repeated fetch answered from this context's own cache: nothing transferred
            # Chromium reports no body size for a worker's script; its Content-Length is exact here.
            body = sizes["responseBodySize"] or int(headers.get("content-length", 0))
            resources.append({
                "url": request.url,
                "path": urlsplit(request.url).path,
                "type": request.resource_type,
                "status": response.status if response else None,
                "encoding": headers.get("content-encoding", ""),
                "body_bytes": body,
                "bytes": body + sizes["responseHeadersSize"],
            })
    finally:
        context.close()
    resources.sort(key=lambda r: r["bytes"], reverse=True)
    server = {key: after.get(key, 0) - before.get(key, 0) for key in after}
    return {
        "url": served_site.url(path),
        "requests": len(resources),
        "bytes": sum(r["bytes"] for r in resources),
        "body_bytes": sum(r["body_bytes"] for r in resources),
        "server_body_bytes": sum(server.values()),
        "resources": resources,
    }


@pytest.fixture(scope="module")
def measurements(browser, served_site) -> dict[str, dict]:
    results = {name: measure(browser, served_site, path) for name, path in PAGES.items()}
    report = {
        name: {**result, "budget_bytes": BUDGET_BYTES[name], "budget_requests": BUDGET_REQUESTS[name]}
        for name, result in results.items()
    }
    (artifacts_dir() / "budget.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    origin = served_site.origin
    print(f"\n{'page':6} {'requests':>8} {'bytes':>9} {'budget':>9}  largest resources (bytes transferred)")
    for name, result in results.items():
        largest = ", ".join(
            f"{r['url'].removeprefix(origin)} {r['bytes']}" for r in result["resources"][:4]
        )
        print(f"{name:6} {result['requests']:8} {result['bytes']:9} {BUDGET_BYTES[name]:9}  {largest}")
    return results


@pytest.mark.parametrize("name", PAGES)
def test_page_stays_within_byte_budget(measurements, name):
    result = measurements[name]
    largest = "\n".join(f"  {r['bytes']:7} {r['url']}" for r in result["resources"][:8])
    assert result["bytes"] <= BUDGET_BYTES[name], (
        f"{name} page transferred {result['bytes']} bytes, over its budget of {BUDGET_BYTES[name]}; "
        f"largest resources:\n{largest}"
    )
    assert result["requests"] <= BUDGET_REQUESTS[name], (
        f"{name} page made {result['requests']} requests, over its budget of {BUDGET_REQUESTS[name]}:\n"
        + "\n".join(f"  {r['url']}" for r in result["resources"])
    )


@pytest.mark.parametrize("name", PAGES)
def test_measurement_is_sound(measurements, name):
    """The numbers mean what they claim: every request was seen, compressed, and nothing is huge."""
    result = measurements[name]
    assert result["requests"] >= 5, result["resources"]
    assert all(r["status"] == 200 for r in result["resources"]), [
        (r["url"], r["status"]) for r in result["resources"] if r["status"] != 200
    ]
    # Every request reached the server (no cache), and the browser saw every byte the server sent.
    assert result["body_bytes"] == result["server_body_bytes"] > 0, (result["body_bytes"], result["server_body_bytes"])
    for r in result["resources"]:
        path = urlsplit(r["url"]).path
        if path.endswith((".html", ".css", ".js", ".json", ".xml", ".svg", "/")) and r["bytes"] > 1400:
            assert r["encoding"] == "gzip", f"{r['url']} was not compressed"
        assert r["bytes"] <= LARGEST_RESOURCE_BYTES, f"{r['url']} alone transferred {r['bytes']} bytes"
