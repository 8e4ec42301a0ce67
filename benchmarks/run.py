"""Benchmark the site build against its floor, and the edit loop of ``serve``, at several sizes (issue 15).

    .venv/bin/python benchmarks/run.py [--sizes 15,100,1000,5000] [--repeats 3] [--engines mkdocs,properdocs]
    .venv/bin/python benchmarks/run.py --quick
    .venv/bin/python benchmarks/run.py --check-floor [--sizes 15]

For each size N, in a temporary folder: a synthetic project (``project.py``), one build with the
dump hook to make the floor (``dump_pages.py``: the same pages and files as plain Markdown and
static files), then ``--repeats`` rounds of, alternating, the real build and the floor build, each
``mkdocs build --strict`` in a fresh process; then, per engine, ``serve --dirty`` and plain
``serve`` with timed title edits (``serve_edits.py``). Medians are reported per size, with the
targets of issue 15 and whether each is met, and what the generator's speed-only code is worth
(``kept_for_speed.py``). Everything measured is also written as JSON. See benchmarks/README.md.

Nothing here imports the site's generator: the build is measured from the outside.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from compare_sites import compare_sites, html_diff
from dump_pages import DUMP_DIR_ENV
from mkdocs.utils.meta import get_data
from project import (
    BENCHMARKS_DIR,
    DATA_FILE,
    PROJECT_ROOT,
    SyntheticProject,
    copy_project,
    make_floor_project,
    make_real_project,
    write_config_with_hooks,
)
from serve_edits import ENGINES, FloorTitleEdit, ServeResult, measure_serve, yaml_title_edit

DEFAULT_SIZES = (15, 100, 1000, 5000)
QUICK_SIZES = (15, 100)
DEFAULT_JSON = BENCHMARKS_DIR / "results" / "latest.json"
SEED = 7
EDIT_KINDS = ("selected", "last page", "middle")   # see SyntheticProject.edited_papers
FLOOR = "floor"                                    # the serve results of MkDocs on the floor project

# The targets of issue 15.
MAX_BUILD_OVER_FLOOR = 1.05
MAX_PER_PAPER_GROWTH = 1.2                       # per-paper cost at the largest N over the next largest
MAX_PEAK_OVER_FLOOR = 1.1
MAX_EDIT_TO_VISIBLE_S = {100: 0.5, 1000: 1.0}    # serve --dirty, median, on every engine


@dataclass
class BuildRun:
    """One ``mkdocs build`` in a child process."""

    seconds: float
    max_rss_kib: int       # the child's peak resident set size (Linux reports ru_maxrss in KiB)
    returncode: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class BenchmarkError(Exception):
    """A build failed: the size cannot be measured."""


def mkdocs_env(**extra: str) -> dict[str, str]:
    """The environment of every child: MkDocs 2's banner off, no PYTHONPATH leaking in, and
    Python's bytecode cache on, as on a researcher's machine (MkDocs' own modules were compiled
    when pip installed them; with ``PYTHONDONTWRITEBYTECODE`` set, as some sandboxes and CI
    images do, every build would compile the hook from source, about 40 ms)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", **extra)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_build(config: Path, site_dir: Path, log_path: Path, timeout: float, **env: str) -> BuildRun:
    """``python -m mkdocs build --strict`` as a child: wall time, and its own peak memory from
    ``os.wait4`` (the rusage of that one child, not of every child this process ever had)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
    with open(log_path, "a", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, env=mkdocs_env(**env),
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)   # reaped by wait4: tell Popen
    if process.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise BenchmarkError(f"mkdocs build -f {config.name} exited with {process.returncode}: " + " | ".join(tail))
    return BuildRun(seconds, usage.ru_maxrss, process.returncode)


def floor_head_cost(dump_dir: Path) -> float:
    """Seconds the floor spends parsing the head extras stored in its front matter, which the real
    build does not parse (it computes them instead, inside the hook's time): a known bias of the
    floor in the real build's favour, measured so it can be checked to be small."""
    with_head, without_head = [], []
    for path in sorted((dump_dir / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        markdown, meta = get_data(text)
        meta.pop("page_head", None)
        with_head.append(text)
        without_head.append(f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n{markdown}")
    seconds = []
    for texts in (with_head, without_head):
        start = time.perf_counter()
        for text in texts:
            get_data(text)
        seconds.append(time.perf_counter() - start)
    return seconds[0] - seconds[1]


def median(values: list[float]) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------- one size

@dataclass
class Prepared:
    """One size's projects: the real one, the dump of its build, the floor."""

    project: SyntheticProject
    dump_dir: Path
    floor_config: Path


def prepare(count: int, workdir: Path, log_path: Path, timeout: float) -> Prepared:
    """The synthetic project, the dump of its real build and the floor made of it. The dump build
    also warms the disk cache and compiles the hook's bytecode before anything is timed."""
    project = make_real_project(workdir / "project", count, SEED)
    dump_dir = workdir / "dump"
    dump_config = write_config_with_hooks(project, "mkdocs.dump.yml", "dump_pages.py")
    run_build(dump_config, workdir / "site-dump", log_path, timeout, **{DUMP_DIR_ENV: str(dump_dir)})
    shutil.rmtree(workdir / "site-dump")
    floor_config = make_floor_project(project, dump_dir, workdir / "floor")
    return Prepared(project, dump_dir, floor_config)


def site_sizes(site: Path, project: SyntheticProject) -> dict:
    """HTML bytes of a paper page and of the largest other page (a section list), search index bytes."""
    paper_page = site / "papers" / project.measured_paper_id() / "index.html"
    others = [path for path in site.rglob("index.html") if "papers" not in path.relative_to(site).parts]
    largest = max(others, key=lambda path: path.stat().st_size)
    search = site / "search" / "search_index.json"
    return {
        "paper_page": paper_page.relative_to(site).as_posix(),
        "paper_page_bytes": paper_page.stat().st_size,
        "largest_list_page": largest.relative_to(site).as_posix(),
        "largest_list_bytes": largest.stat().st_size,
        "search_index_bytes": search.stat().st_size,
        "search_bytes_per_paper": search.stat().st_size / project.count,
    }


def check_edited_papers(site: Path, project: SyntheticProject) -> list[str]:
    """What is wrong, seen in the built site, with the papers chosen for the serve edits (chosen by
    the README's rules, not by asking the hook): the ``selected`` one must be on the home page, the
    ``last page`` one on the last numbered page of its list. Each list entry has the paper's id as
    anchor (README)."""
    papers, problems = project.edited_papers(), []
    holds = lambda page, paper_id: f'id="{paper_id}"' in page.read_text(encoding="utf-8")
    if "selected" in papers and not holds(site / "index.html", papers["selected"]):
        problems.append(f"selected paper {papers['selected']} is not on the home page")
    if "last page" in papers:
        paper_id = papers["last page"]
        numbered = [page for page in site.glob("publications/*/*/index.html") if page.parent.name.isdigit()]
        holding = [page for page in numbered if holds(page, paper_id)]
        same_list = [page for page in numbered if holding and page.parent.parent == holding[0].parent.parent]
        if not holding or holding[0] != max(same_list, key=lambda page: int(page.parent.name)):
            problems.append(f"paper {paper_id} is not on the last numbered page of a list")
    return problems


def floor_report(real_site: Path, floor_site: Path, sizes: dict) -> dict:
    """How the floor differs from the real site, with diffs of the two pages the check looks at."""
    report = compare_sites(real_site, floor_site)
    report["paper_page_diff"] = html_diff(real_site, floor_site, sizes["paper_page"])
    report["list_page_diff"] = html_diff(real_site, floor_site, sizes["largest_list_page"])
    return report


def measure_builds(prepared: Prepared, workdir: Path, log_path: Path, repeats: int, timeout: float) -> dict:
    """``repeats`` rounds of real build then floor build, so that a slower or faster spell of the
    shared machine hits both alike; the first round's sites are kept for the sizes and the floor
    comparison."""
    runs: dict[str, list] = {"build": [], "floor": []}
    for repeat in range(repeats):
        for kind, config in (("build", prepared.project.config), ("floor", prepared.floor_config)):
            site = workdir / f"site-{kind}-{repeat}"
            runs[kind].append(run_build(config, site, log_path, timeout).as_dict())
            if repeat > 0:
                shutil.rmtree(site)
    return runs


def measure_serving(prepared: Prepared, workdir: Path, args, build_s: float) -> list[dict]:
    """Per engine, ``serve --dirty`` then plain ``serve`` (if ``--full-edits``), then ``serve
    --dirty`` on the floor (if ``--serve-floor``), each in its own copy of its project; the
    timeouts grow with the build time."""
    project = prepared.project
    papers = project.edited_papers()
    timeouts = {"startup_timeout": max(60.0, 10 * build_s), "change_timeout": max(30.0, 5 * build_s)}
    runs = [(engine, dirty, edits) for engine in args.engine_list
            for dirty, edits in ((True, args.edits), (False, args.full_edits)) if edits > 0]
    results = []
    for engine, dirty, edits in runs:
        mode = "dirty" if dirty else "full"
        print(f"  serve {engine} {mode}: {edits} round(s) of edits of {len(papers)} papers", file=sys.stderr, flush=True)
        copy = copy_project(project, workdir / f"serve-{engine}-{mode}").root
        result = measure_serve(copy, engine, dirty, papers, yaml_title_edit(copy, DATA_FILE), edits,
                               workdir / f"serve-{engine}-{mode}.log", mkdocs_env(), **timeouts)
        results.append(result.as_dict())
        shutil.rmtree(copy)
    if args.serve_floor:
        print(f"  serve floor dirty: {args.edits} round(s) of edits", file=sys.stderr, flush=True)
        copy = workdir / "serve-floor"
        shutil.copytree(prepared.floor_config.parent, copy)
        edit = FloorTitleEdit(copy / "docs", {paper_id: project.title_of(paper_id) for paper_id in papers.values()})
        result = measure_serve(copy, "mkdocs", True, papers, edit, args.edits, workdir / "serve-floor.log",
                               mkdocs_env(), label=FLOOR, **timeouts)
        results.append(result.as_dict())
        shutil.rmtree(copy)
    return results


def measure_size(count: int, args, workdir: Path) -> dict:
    """Everything measured at one size of the publication list."""
    workdir.mkdir(parents=True)
    log_path = workdir / "build.log"
    result: dict = {"n": count}
    try:
        prepared = prepare(count, workdir, log_path, args.build_timeout)
        project = prepared.project
        result["added_section_pages"] = list(project.added_section_pages)
        result["edited_papers"] = project.edited_papers()
        result["floor_head_parse_s"] = floor_head_cost(prepared.dump_dir)
        result["runs"] = measure_builds(prepared, workdir, log_path, args.repeats, args.build_timeout)
        real_site, floor_site = workdir / "site-build-0", workdir / "site-floor-0"
        result["sizes"] = site_sizes(real_site, project)
        result["floor_check"] = floor_report(real_site, floor_site, result["sizes"])
        result["edited_paper_problems"] = check_edited_papers(real_site, project)
        if args.edits > 0:
            build_s = median([run["seconds"] for run in result["runs"]["build"]])
            result["serve"] = measure_serving(prepared, workdir, args, build_s)
    except BenchmarkError as error:
        result["error"] = f"failed: {error}"
    return result


def kept_for_speed(count: int) -> dict:
    """``kept_for_speed.py`` in a fresh interpreter (it imports the generator; this script does not)."""
    done = subprocess.run([sys.executable, str(BENCHMARKS_DIR / "kept_for_speed.py"), "--count", str(count), "--json"],
                          env=mkdocs_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": f"kept_for_speed.py failed: {' '.join(done.stderr.strip().splitlines()[-1:])}"}
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------- summary

def summarize_serve(serve: dict) -> dict:
    """Medians of one server's edits: all of them, per kind, the watcher's share and the rebuilds
    alone; and how many rebuilds more than one per edit there were (there should be none)."""
    result = ServeResult(**serve)
    return {
        "engine": result.engine, "mode": result.mode, "startup_s": result.startup_s, "error": result.error,
        "edits": len(result.edits),
        "visible_s": result.median("visible_s"),
        "visible_by_kind_s": {kind: result.median("visible_s", kind) for kind in EDIT_KINDS},
        "rebuild_s": result.median("rebuild_s"), "seen_s": result.median("seen_s"),
        "extra_rebuilds": sum(edit["rebuilds"] - 1 for edit in result.edits if edit["rebuilds"] > 1),
    }


def summarize_size(result: dict) -> dict:
    """Medians of one size's runs."""
    if "runs" not in result:
        return {"n": result["n"], "error": result.get("error")}
    runs = result["runs"]
    build = median([run["seconds"] for run in runs["build"]])
    floor = median([run["seconds"] for run in runs["floor"]])
    build_mib = median([run["max_rss_kib"] / 1024 for run in runs["build"]])
    floor_mib = median([run["max_rss_kib"] / 1024 for run in runs["floor"]])
    return {
        "n": result["n"], "build_s": build, "floor_s": floor, "build_over_floor": build / floor,
        "over_floor_s": build - floor, "floor_head_parse_s": result["floor_head_parse_s"],
        "build_peak_mib": build_mib, "floor_peak_mib": floor_mib, "peak_over_floor": build_mib / floor_mib,
        "sizes": result["sizes"],
        "floor_same": result["floor_check"]["same"],
        "floor_html_different": result["floor_check"]["html_different"],
        "serve": [summarize_serve(serve) for serve in result.get("serve", [])],
        "edited_papers": result["edited_papers"], "edited_paper_problems": result["edited_paper_problems"],
    }


def add_per_paper(rows: list[dict]) -> None:
    """Per-paper cost as the marginal cost over the smallest size: (t(N) - t(N0)) / (N - N0), so a
    fixed start-up cost (Python, MkDocs, the theme: about a second) neither hides nor fakes growth."""
    measured = [row for row in rows if "build_s" in row]
    if not measured:
        return
    base = min(measured, key=lambda row: row["n"])
    for row in measured:
        for kind in ("build", "floor"):
            key = f"{kind}_ms_per_paper"
            row[key] = None if row is base else 1000 * (row[f"{kind}_s"] - base[f"{kind}_s"]) / (row["n"] - base["n"])
            row[f"{kind}_ms_per_paper_total"] = 1000 * row[f"{kind}_s"] / row["n"]


def _check(name: str, ok: bool | None, detail: str) -> dict:
    return {"target": name, "status": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "detail": detail}


def _dirty_visible(row: dict, engine: str) -> float | None:
    """The median edit-to-visible time of ``serve --dirty`` on ``engine``; None if it failed or did not run."""
    for serve in row.get("serve", []):
        if serve["engine"] == engine and serve["mode"] == "dirty" and not serve["error"]:
            return serve["visible_s"]
    return None


def check_targets(rows: list[dict], engines: list[str]) -> list[dict]:
    """Each target of issue 15: PASS, FAIL, or n/a when the sizes run cannot tell."""
    measured = [row for row in rows if "build_s" in row]
    checks = [_check(f"build/floor <= {MAX_BUILD_OVER_FLOOR} at every N",
                     all(row["build_over_floor"] <= MAX_BUILD_OVER_FLOOR for row in measured) if measured else None,
                     ", ".join(f"{row['n']}: {row['build_over_floor']:.3f}" for row in measured))]
    with_marginal = sorted((row for row in measured if row.get("build_ms_per_paper") is not None), key=lambda row: row["n"])
    if len(with_marginal) >= 2:
        small, big = with_marginal[-2:]
        ratio = big["build_ms_per_paper"] / small["build_ms_per_paper"]
        floor_ratio = big["floor_ms_per_paper"] / small["floor_ms_per_paper"]
        checks.append(_check(f"per-paper cost at N={big['n']} <= {MAX_PER_PAPER_GROWTH}x N={small['n']}",
                             ratio <= MAX_PER_PAPER_GROWTH, f"build {ratio:.2f}x (floor {floor_ratio:.2f}x)"))
    else:
        checks.append(_check(f"per-paper cost at the largest N <= {MAX_PER_PAPER_GROWTH}x the next", None,
                             "needs three sizes (the smallest is the baseline)"))
    checks.append(_check(f"peak memory <= {MAX_PEAK_OVER_FLOOR}x floor at every N",
                         all(row["peak_over_floor"] <= MAX_PEAK_OVER_FLOOR for row in measured) if measured else None,
                         ", ".join(f"{row['n']}: {row['peak_over_floor']:.2f}x" for row in measured)))
    by_n = {row["n"]: row for row in measured}
    for n, limit in MAX_EDIT_TO_VISIBLE_S.items():
        row = by_n.get(n)
        times = {engine: _dirty_visible(row, engine) if row else None for engine in engines}
        ok = None if row is None or not row.get("serve") else all(t is not None and t <= limit for t in times.values())
        detail = ", ".join(f"{engine}: {'failed' if t is None else f'{t:.2f} s'}" for engine, t in times.items())
        if row is None or not row.get("serve"):
            detail = f"N={n} not run" if row is None else "serve not run (--edits 0)"
        checks.append(_check(f"serve --dirty edit to visible <= {limit} s (median) at N={n}", ok, detail))
    return checks


# ---------------------------------------------------------------------------- output

def _fmt(value, spec: str = ".2f") -> str:
    return "–" if value is None else f"{value:{spec}}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(cell.rjust(width) for cell, width in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (width + 1) + ":" for width in widths) + "|",
                      *(line(row) for row in rows)])


def build_table(rows: list[dict]) -> str:
    header = ["N", "build s", "floor s", "build/floor", "build − floor s", "ms/paper build", "ms/paper floor",
              "peak MiB build", "peak MiB floor", "peak ratio", "floor = real"]
    body = []
    for row in rows:
        if "build_s" not in row:
            body.append([str(row["n"]), row.get("error") or "failed"] + [""] * (len(header) - 2))
            continue
        same = "yes" if row["floor_same"] else f"no ({row['floor_html_different']} HTML differ)"
        body.append([str(row["n"]), _fmt(row["build_s"]), _fmt(row["floor_s"]), _fmt(row["build_over_floor"], ".3f"),
                     _fmt(row["over_floor_s"], "+.2f"),
                     _fmt(row.get("build_ms_per_paper")), _fmt(row.get("floor_ms_per_paper")),
                     _fmt(row["build_peak_mib"], ".0f"), _fmt(row["floor_peak_mib"], ".0f"),
                     _fmt(row["peak_over_floor"], ".2f"), same])
    return markdown_table(header, body)


def serve_table(rows: list[dict]) -> str:
    """One row per size and engine: ``serve --dirty`` (all edits, per kind, the rebuild alone) and plain ``serve``."""
    header = ["N", "engine", "dirty: visible s", *(f"dirty: {kind}" for kind in EDIT_KINDS), "dirty: seen s",
              "dirty: rebuild s", "dirty: edits", "serve: visible s", "serve: rebuild s", "startup s"]
    body = []
    for row in rows:
        by_engine: dict[str, dict[str, dict]] = {}
        for serve in row.get("serve", []):
            by_engine.setdefault(serve["engine"], {})[serve["mode"]] = serve
        for engine, modes in by_engine.items():
            dirty, full = modes.get("dirty", {}), modes.get("full", {})
            cell = lambda serve, key: "failed" if serve.get("error") and serve.get(key) is None else _fmt(serve.get(key))
            kinds = dirty.get("visible_by_kind_s", {})
            body.append([str(row["n"]), engine, cell(dirty, "visible_s"), *(_fmt(kinds.get(kind)) for kind in EDIT_KINDS),
                         cell(dirty, "seen_s"), cell(dirty, "rebuild_s"), str(dirty.get("edits", "–")),
                         cell(full, "visible_s") if full else "–", cell(full, "rebuild_s") if full else "–",
                         _fmt(dirty.get("startup_s"), ".1f")])
    return markdown_table(header, body) if body else "(serve not measured)"


def sizes_lines(rows: list[dict]) -> list[str]:
    return [f"N={row['n']}: paper page {row['sizes']['paper_page_bytes'] / 1024:.1f} KB, largest other page "
            f"{row['sizes']['largest_list_bytes'] / 1024:.0f} KB ({row['sizes']['largest_list_page']}), search index "
            f"{row['sizes']['search_bytes_per_paper'] / 1024:.2f} KB per paper; the floor parses head extras "
            f"{row['floor_head_parse_s']:.3f} s ({100 * row['floor_head_parse_s'] / row['floor_s']:.1f} % of its build)"
            for row in rows if "sizes" in row]


def kept_for_speed_lines(figures: dict) -> list[str]:
    if "error" in figures:
        return [figures["error"]]
    return figures["lines"]


def report(summary: dict) -> str:
    environment = summary["environment"]
    rows = summary["rows"]
    lines = [f"Builds: median of {summary['repeats']} (real build and floor alternating, fresh processes); "
             f"load average {environment['loadavg_start']} -> {environment['loadavg_end']}", "",
             build_table(rows), ""]
    if any(row.get("serve") for row in rows):
        lines += [f"Edit to visible (median seconds from saving data/publications.yml to the paper page serving "
                  f"the new title; {summary['edits']} round(s) of edits under serve --dirty, {summary['full_edits']} "
                  f"under plain serve):", "", serve_table(rows), ""]
    for row in rows:
        if row.get("edited_papers"):
            edited = ", ".join(f"{kind} {paper_id}" for kind, paper_id in row["edited_papers"].items())
            problems = "; ".join(row["edited_paper_problems"])
            lines.append(f"N={row['n']} edited papers: {edited}" + (f" (WRONG CHOICE: {problems})" if problems else ""))
        for serve in row.get("serve", []):
            if serve["error"]:
                lines.append(f"N={row['n']} {serve['engine']} serve {serve['mode']}: {serve['error']}")
            if serve["extra_rebuilds"]:
                lines.append(f"N={row['n']} {serve['engine']} serve {serve['mode']}: {serve['extra_rebuilds']} "
                             "rebuild(s) more than one per edit")
    lines += sizes_lines(rows)
    lines += ["", "Kept for speed (kept_for_speed.py):", *("  " + line for line in kept_for_speed_lines(summary["kept_for_speed"]))]
    lines += ["", "Targets:"]
    lines += [f"  {check['status']:4}  {check['target']}: {check['detail']}" for check in summary["targets"]]
    return "\n".join(lines)


def environment() -> dict:
    versions = {}
    for package in ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pyyaml"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "packages": versions, "loadavg_start": _loadavg()}


def _loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ---------------------------------------------------------------------------- modes

def check_floor(sizes: list[int], args, workdir: Path) -> int:
    """Build real and floor once per size and show how their sites differ (ideally not at all)."""
    status = 0
    for count in sizes:
        directory = workdir / f"n{count}"
        directory.mkdir(parents=True)
        log_path = directory / "build.log"
        prepared = prepare(count, directory, log_path, args.build_timeout)
        real_site, floor_site = directory / "site-real", directory / "site-floor"
        run_build(prepared.project.config, real_site, log_path, args.build_timeout)
        run_build(prepared.floor_config, floor_site, log_path, args.build_timeout)
        sizes_found = site_sizes(real_site, prepared.project)
        result = floor_report(real_site, floor_site, sizes_found)
        print(f"N={count}: {result['identical']} of {result['files']} files identical, "
              f"{len(result['same_up_to_order'])} the same up to order {result['same_up_to_order']}, "
              f"{result['different']} different {result['different_examples']}")
        for side in ("only_in_real", "only_in_floor"):
            if result[side]:
                print(f"  {side.replace('_', ' ')} (first 20): {result[side]}")
        for label, key, page in (("paper page", "paper_page_diff", sizes_found["paper_page"]),
                                 ("list page", "list_page_diff", sizes_found["largest_list_page"])):
            print(f"  {label} {page}: " + ("identical" if not result[key] else "differs:\n" + result[key]))
        if not result["same"] or result["paper_page_diff"] or result["list_page_diff"]:
            status = 1
    return status


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help=f"comma-separated paper counts (default {','.join(map(str, DEFAULT_SIZES))}; "
                                        f"--quick: {','.join(map(str, QUICK_SIZES))}; --check-floor: 15)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of real and floor build per size; medians are reported (default 3)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated engines for the serve measurement (default {','.join(ENGINES)}); builds use MkDocs")
    parser.add_argument("--edits", type=int, default=5,
                        help="rounds of edits under serve --dirty, each one edit per edited paper (3 papers, 2 below "
                             "about 200 papers; default 5); 0 skips serve")
    parser.add_argument("--full-edits", type=int, default=1,
                        help="rounds of edits under plain serve (full rebuilds, for comparison; default 1); 0 skips it")
    parser.add_argument("--serve-floor", action=argparse.BooleanOptionalAction, default=True,
                        help="also time serve --dirty on the floor (MkDocs, no hook, the same files changed; "
                             "default on)")
    parser.add_argument("--summaries", type=int, default=1000, help="synthetic summaries kept_for_speed.py renders (default 1000)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results (default {DEFAULT_JSON.relative_to(PROJECT_ROOT)})")
    parser.add_argument("--quick", action="store_true", help=f"sizes {','.join(map(str, QUICK_SIZES))}, 1 repeat, "
                                                             "2 rounds of dirty edits, 1 of plain")
    parser.add_argument("--check-floor", action="store_true", help="only compare the real and the floor site")
    parser.add_argument("--build-timeout", type=float, default=3600.0, help="seconds before a build is killed (default 3600)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (projects, sites, logs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 1
        args.edits = min(args.edits, 2)
        args.full_edits = min(args.full_edits, 1)
    default = (15,) if args.check_floor else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.size_list = [int(part) for part in args.sizes.split(",")] if args.sizes else list(default)
    args.engine_list = [part.strip() for part in args.engines.split(",") if part.strip()]
    if any(size < 1 for size in args.size_list) or args.repeats < 1:
        parser.error("sizes and --repeats must be positive")
    unknown = [engine for engine in args.engine_list if engine not in ENGINES]
    if unknown or not args.engine_list:
        parser.error(f"--engines: {', '.join(unknown) or 'none given'}; choose from {', '.join(ENGINES)}")
    missing = [engine for engine in args.engine_list if not (Path(sys.executable).parent / engine).is_file()]
    if missing and args.edits > 0 and not args.check_floor:
        parser.error(f"no {', '.join(missing)} next to {sys.executable}: install it (ProperDocs: "
                     f"pip install properdocs) or leave it out of --engines")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="pubsite-bench-"))
    try:
        if args.check_floor:
            return check_floor(args.size_list, args, workdir)
        env = environment()
        results = []
        for count in args.size_list:
            print(f"N={count}: measuring ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            results.append(measure_size(count, args, workdir / f"n{count}"))
            print(f"N={count}: done in {time.perf_counter() - started:.0f} s"
                  + (f" ({results[-1]['error']})" if "error" in results[-1] else ""), file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(workdir / f"n{count}", ignore_errors=True)
        env["loadavg_end"] = _loadavg()
        rows = [summarize_size(result) for result in results]
        add_per_paper(rows)
        summary = {"sizes": args.size_list, "repeats": args.repeats, "engines": args.engine_list,
                   "edits": args.edits, "full_edits": args.full_edits, "seed": SEED, "environment": env,
                   "rows": rows, "kept_for_speed": kept_for_speed(args.summaries),
                   "targets": check_targets(rows, args.engine_list)}
        print(report(summary))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": summary, "raw": results}, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nResults written to {args.json}")
        return 0
    finally:
        if args.keep:
            print(f"Kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
