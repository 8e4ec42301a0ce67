"""Lighthouse performance on a phone, page by page, against a control page of the bare theme.

Builds the site, serves it as the tests do (gzip, HTTPS and HTTP/2 on loopback:
``tests/lighthouse_runner.py``) and runs Lighthouse's default mobile audit several times on each
page, in turns, so that a busy spell of the machine falls on every page alike. The pages: the home
page, the first section list and the first paper page (or ``--pages``), and the control:
``404.html``, Material's page with the same header, navigation, footer, stylesheets and scripts and
almost no content. What a page scores below the control is what the site adds. What the control
itself loses is the theme's, measured on this machine.

The score is simulated from a real load on this machine with its main-thread times multiplied by
4, so it moves from run to run; medians and spreads are printed, never asserted.

    .venv/bin/python benchmarks/lighthouse.py [--runs 5] [--pages "",publications/conference/] [--site DIR]

``--site`` audits a site built elsewhere (another checkout's ``mkdocs build -d DIR``) instead of
building this one: two checkouts compare by their distance to the control, which each run measures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from project import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tests"))

from lighthouse_runner import (  # noqa: E402
    Http2Front,
    metric_values,
    require_lighthouse,
    run_lighthouse,
    scores,
)
from static_server import StaticServer  # noqa: E402

CONTROL = "404.html"
GATE = 98  # the performance score issue 18 asks for on a phone


def build_site(destination: Path) -> Path:
    site = destination / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", str(PROJECT_ROOT / "mkdocs.yml"),
         "-d", str(site)],
        check=True, env=env, cwd=PROJECT_ROOT,
    )
    return site


def default_pages(site: Path) -> dict[str, str]:
    """Home, the first section list and the first paper page of the built site, and the control."""
    def first(folder: str) -> str:
        found = sorted(path.parent for path in (site / folder).glob("*/index.html"))
        if not found:
            raise SystemExit(f"no page under {folder}/ in the built site: name pages with --pages")
        return found[0].relative_to(site).as_posix() + "/"
    return {"home": "", "section": first("publications"), "paper": first("papers"), "control": CONTROL}


def summary(reports: list[dict]) -> dict:
    performance = [scores(report)["performance"] for report in reports]
    metrics = [metric_values(report) for report in reports]
    return {
        "performance": performance,
        "median": statistics.median(performance),
        "reaching_gate": sum(score >= GATE for score in performance),
        "metrics_median": {key: statistics.median(m[key] for m in metrics) for key in metrics[0]},
        "benchmark_index": [report["environment"]["benchmarkIndex"] for report in reports],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (default 5)")
    parser.add_argument("--pages", help="comma-separated paths of the built site to audit, instead of the default")
    parser.add_argument("--site", type=Path, help="a built site to audit instead of building this project's")
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "lighthouse.json")
    args = parser.parse_args()
    require_lighthouse()
    with tempfile.TemporaryDirectory(prefix="lighthouse-bench-") as temporary:
        folder = Path(temporary)
        if args.site:
            site = args.site.resolve()
        else:
            print("building the site ...", flush=True)
            site = build_site(folder)
        pages = default_pages(site)
        if args.pages is not None:
            pages = {path.strip("/").replace("/", "-") or "home": path for path in args.pages.split(",")}
            pages["control"] = CONTROL
        reports: dict[str, list[dict]] = {name: [] for name in pages}
        started = time.monotonic()
        with StaticServer(site) as server, Http2Front(server.origin, folder) as front:
            for run in range(1, args.runs + 1):
                for name, path in pages.items():
                    report = run_lighthouse(front.url(path), folder / f"{name}-{run}.json", front.spki)
                    reports[name].append(report)
                    print(f"run {run} {name:8} performance {scores(report)['performance']:3}"
                          f"  benchmark index {report['environment']['benchmarkIndex']:.0f}", flush=True)
    results = {name: summary(runs) for name, runs in reports.items()}
    control = results["control"]["median"]
    version = reports["control"][0]["lighthouseVersion"]
    print(f"\nLighthouse {version}, mobile, {args.runs} runs per page in turns,"
          f" {time.monotonic() - started:.0f} s")
    print(f"{'page':8} {'path':32} {'median':>6} {'min-max':>8} {'>=' + str(GATE):>5} {'vs control':>10}"
          f" {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'SI ms':>6} {'CLS':>5}")
    for name, result in results.items():
        m = result["metrics_median"]
        spread = f"{min(result['performance'])}-{max(result['performance'])}"
        print(f"{name:8} {'/' + pages[name]:32} {result['median']:6.0f} {spread:>8}"
              f" {result['reaching_gate']:>3}/{len(result['performance'])}"
              f" {result['median'] - control:+10.1f} {m['FCP']:7.0f} {m['LCP']:7.0f} {m['TBT']:7.0f}"
              f" {m['SI']:6.0f} {m['CLS']:5.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"pages": pages, "results": results}, indent=1), encoding="utf-8")
    print(f"raw figures: {args.json}")


if __name__ == "__main__":
    main()
