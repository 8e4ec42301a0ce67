"""Benchmark the site build against its floor at several sizes of the publication list (issue 6).

    .venv/bin/python benchmarks/run.py [--sizes 15,100,1000,5000] [--repeats 3] [--json out.json] [--quick]
    .venv/bin/python benchmarks/run.py --check-floor [--sizes 15]

For each size N, in a temporary folder: a synthetic project (``project.py``), one build with the
dump hook to make the floor (``dump_pages.py``), then ``--repeats`` rounds of, alternating, the
real build (timing the publications hook's handlers inside it, ``hook_timer.py``), the floor build
and the hook's import time, each in a fresh process; then ``mkdocs serve --dirty`` and plain
``mkdocs serve`` with timed edits (``serve_edits.py``). Medians are reported per size, with the targets of issue 6 and whether each
is met. Everything measured is also written as JSON. See benchmarks/README.md.
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
from hook_timer import OUTPUT_ENV as HOOK_TIMES_ENV
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
from serve_edits import measure_serve

DEFAULT_SIZES = (15, 100, 1000, 5000)
QUICK_SIZES = (15, 100)
DEFAULT_JSON = BENCHMARKS_DIR / "results" / "latest.json"
SEED = 7

# The targets of issue 6.
MAX_BUILD_OVER_FLOOR = 1.05
MAX_PER_PAPER_GROWTH = 1.2        # per-paper cost at the largest N over the next largest
MAX_GEN_SHARE = 0.03              # validation + generation alone, as a share of the build
MAX_PEAK_OVER_FLOOR = 1.1
MAX_SERVE_EDIT_S = 0.5
MAX_SERVE_GROWTH = 1.2            # serve paper-edit time at N=1000 over N=15
SERVE_GROWTH_SIZES = (15, 1000)
MAX_SEARCH_BYTES_PER_PAPER = 2048


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


def run_hook_import(project: Path) -> float:
    """Seconds to import the publications hook (and pubsite), in a fresh interpreter."""
    done = subprocess.run([sys.executable, str(BENCHMARKS_DIR / "hook_import_time.py")], cwd=project,
                          env=mkdocs_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchmarkError(f"hook_import_time.py failed: {done.stderr.strip().splitlines()[-1:]}")
    return float(done.stdout)


def floor_head_cost(dump_dir: Path) -> float:
    """Seconds the floor spends parsing the head extras stored in its front matter, which the real
    build does not parse (it computes them instead, inside the hook's time): a known bias of the
    floor, measured here so it can be checked to be small."""
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
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------- one size

@dataclass
class Prepared:
    """One size's projects: the real one, its config with the hook timer, the dump, the floor."""

    project: SyntheticProject
    timed_config: Path
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
    timed_config = write_config_with_hooks(project, "mkdocs.timed.yml", "hook_timer.py")
    floor_config = make_floor_project(project, dump_dir, workdir / "floor")
    return Prepared(project, timed_config, dump_dir, floor_config)


def site_sizes(site: Path, project: SyntheticProject) -> dict:
    """HTML bytes of a paper page and of the largest other page (a section list), search index bytes."""
    paper_page = site / "papers" / project.sample_paper_id() / "index.html"
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


def floor_report(real_site: Path, floor_site: Path, project: SyntheticProject, sizes: dict) -> dict:
    """How the floor differs from the real site, with diffs of the two pages the check looks at."""
    report = compare_sites(real_site, floor_site)
    report["paper_page_diff"] = html_diff(real_site, floor_site, sizes["paper_page"])
    report["list_page_diff"] = html_diff(real_site, floor_site, sizes["largest_list_page"])
    return report


def measure_builds(prepared: Prepared, workdir: Path, log_path: Path, repeats: int, timeout: float) -> dict:
    """``repeats`` rounds of real build, floor build and hook import (alternating, so that a slower
    or faster spell of the shared machine hits them alike); the first round's sites are kept for
    the sizes and the floor comparison. The real build carries ``hook_timer.py``."""
    runs: dict[str, list] = {"build": [], "floor": [], "hook_import_s": []}
    for repeat in range(repeats):
        site = workdir / f"site-build-{repeat}"
        times = workdir / f"hook-times-{repeat}.json"
        run = run_build(prepared.timed_config, site, log_path, timeout, **{HOOK_TIMES_ENV: str(times)}).as_dict()
        run["hook"] = json.loads(times.read_text(encoding="utf-8"))
        runs["build"].append(run)
        site = workdir / f"site-floor-{repeat}"
        runs["floor"].append(run_build(prepared.floor_config, site, log_path, timeout).as_dict())
        runs["hook_import_s"].append(run_hook_import(prepared.project.root))
        if repeat > 0:
            shutil.rmtree(workdir / f"site-build-{repeat}")
            shutil.rmtree(site)
    return runs


def measure_serving(project: SyntheticProject, workdir: Path, edits: int, dirty_edits: int, build_s: float) -> dict:
    """Both serve modes, each in its own copy of the project; timeouts grow with the build time."""
    results = {}
    for dirty in (True, False):
        mode = "dirty" if dirty else "full"
        copy = copy_project(project, workdir / f"serve-{mode}")
        result = measure_serve(
            copy.root, DATA_FILE, project.sample_paper_id(), dirty, dirty_edits if dirty else edits,
            workdir / f"serve-{mode}.log",
            mkdocs_env(), startup_timeout=max(60.0, 10 * build_s), change_timeout=max(30.0, 5 * build_s),
        )
        results[mode] = result.as_dict()
        shutil.rmtree(copy.root)
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
        result["floor_head_parse_s"] = floor_head_cost(prepared.dump_dir)
        result["runs"] = measure_builds(prepared, workdir, log_path, args.repeats, args.build_timeout)
        real_site, floor_site = workdir / "site-build-0", workdir / "site-floor-0"
        result["sizes"] = site_sizes(real_site, project)
        result["floor_check"] = floor_report(real_site, floor_site, project, result["sizes"])
        if args.serve_edits > 0:
            build_s = median([run["seconds"] for run in result["runs"]["build"]])
            result["serve"] = measure_serving(project, workdir, args.serve_edits, args.dirty_serve_edits, build_s)
    except BenchmarkError as error:
        result["error"] = f"failed: {error}"
    return result


# ---------------------------------------------------------------------------- summary

def summarize_size(result: dict) -> dict:
    """Medians of one size's runs."""
    if "runs" not in result:
        return {"n": result["n"], "error": result.get("error")}
    runs = result["runs"]
    build = median([run["seconds"] for run in runs["build"]])
    floor = median([run["seconds"] for run in runs["floor"]])
    hook_import = median(runs["hook_import_s"])
    gen = hook_import + median([run["hook"]["total_s"] for run in runs["build"]])
    events = sorted({event for run in runs["build"] for event in run["hook"]["events_s"]})
    build_mib = median([run["max_rss_kib"] / 1024 for run in runs["build"]])
    floor_mib = median([run["max_rss_kib"] / 1024 for run in runs["floor"]])
    summary = {
        "n": result["n"], "build_s": build, "floor_s": floor, "build_over_floor": build / floor,
        "gen_s": gen, "gen_share": gen / build,
        "gen_phases_s": {"import": hook_import, **{
            f"on_{event}": median([run["hook"]["events_s"].get(event, 0.0) for run in runs["build"]])
            for event in events}},
        "gen_outputs_s": {"import": hook_import, **{
            output: median([run["hook"]["outputs_s"][output] for run in runs["build"]])
            for output in runs["build"][0]["hook"]["outputs_s"]}},
        "floor_head_parse_s": result["floor_head_parse_s"],
        "build_peak_mib": build_mib, "floor_peak_mib": floor_mib, "peak_over_floor": build_mib / floor_mib,
        "sizes": result["sizes"],
        "floor_same": result["floor_check"]["same"],
        "floor_html_different": result["floor_check"]["html_different"],
    }
    for mode, serve in (result.get("serve") or {}).items():
        summary[f"serve_{mode}"] = {
            "paper_edit_s": median(serve["paper_edit_s"]), "markdown_edit_s": median(serve["markdown_edit_s"]),
            "startup_s": serve["startup_s"], "error": serve["error"],
        }
    return summary


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
            if row is base:
                row[key] = None
            else:
                row[key] = 1000 * (row[f"{kind}_s"] - base[f"{kind}_s"]) / (row["n"] - base["n"])
            row[f"{kind}_ms_per_paper_total"] = 1000 * row[f"{kind}_s"] / row["n"]


def _check(name: str, ok: bool | None, detail: str) -> dict:
    return {"target": name, "status": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "detail": detail}


def _serve_value(row: dict, key: str) -> float | None:
    serve = row.get("serve_dirty")
    return serve.get(key) if serve and not serve.get("error") else None


def check_targets(rows: list[dict]) -> list[dict]:
    """Each target of issue 6: PASS, FAIL, or n/a when the sizes run cannot tell."""
    measured = [row for row in rows if "build_s" in row]
    checks = []
    values = [f"{row['n']}: {row['build_over_floor']:.3f}" for row in measured]
    checks.append(_check(f"build/floor <= {MAX_BUILD_OVER_FLOOR} at every N",
                         all(row["build_over_floor"] <= MAX_BUILD_OVER_FLOOR for row in measured) if measured else None,
                         ", ".join(values)))
    with_marginal = [row for row in measured if row.get("build_ms_per_paper") is not None]
    for kind in ("build", "floor"):
        if len(with_marginal) >= 2:
            small, big = sorted(with_marginal, key=lambda row: row["n"])[-2:]
            ratio = big[f"{kind}_ms_per_paper"] / small[f"{kind}_ms_per_paper"]
            checks.append(_check(f"{kind}: per-paper cost at N={big['n']} <= {MAX_PER_PAPER_GROWTH}x N={small['n']}",
                                 ratio <= MAX_PER_PAPER_GROWTH, f"{ratio:.2f}x"))
        else:
            checks.append(_check(f"{kind}: per-paper cost at the largest N <= {MAX_PER_PAPER_GROWTH}x the next",
                                 None, "needs three sizes"))
    checks.append(_check(f"validation+generation (hook time) <= {MAX_GEN_SHARE:.0%} of build at every N",
                         all(row["gen_share"] <= MAX_GEN_SHARE for row in measured) if measured else None,
                         ", ".join(f"{row['n']}: {row['gen_share']:.1%}" for row in measured)))
    checks.append(_check(f"peak memory <= {MAX_PEAK_OVER_FLOOR}x floor at every N",
                         all(row["peak_over_floor"] <= MAX_PEAK_OVER_FLOOR for row in measured) if measured else None,
                         ", ".join(f"{row['n']}: {row['peak_over_floor']:.2f}x" for row in measured)))
    serve_rows = [row for row in measured if "serve_dirty" in row]
    times = {row["n"]: _serve_value(row, "paper_edit_s") for row in serve_rows}
    checks.append(_check(f"serve --dirty paper edit <= {MAX_SERVE_EDIT_S} s median at every N",
                         None if not serve_rows else all(t is not None and t <= MAX_SERVE_EDIT_S for t in times.values()),
                         ", ".join(f"{n}: {'failed' if t is None else f'{t:.2f} s'}" for n, t in times.items())))
    small, big = SERVE_GROWTH_SIZES
    if times.get(small) is not None and times.get(big) is not None:
        ratio = times[big] / times[small]
        checks.append(_check(f"serve --dirty paper edit at N={big} <= {MAX_SERVE_GROWTH}x N={small}",
                             ratio <= MAX_SERVE_GROWTH, f"{ratio:.2f}x"))
    else:
        checks.append(_check(f"serve --dirty paper edit at N={big} <= {MAX_SERVE_GROWTH}x N={small}", None,
                             f"needs serve times at N={small} and N={big}"))
    # Total / N: at the largest N, where the fixed pages (home, talks, awards) weigh least.
    largest = max(measured, key=lambda row: row["n"], default=None)
    per_paper = ", ".join(f"{row['n']}: {row['sizes']['search_bytes_per_paper'] / 1024:.2f} KB" for row in measured)
    checks.append(_check(f"search index <= {MAX_SEARCH_BYTES_PER_PAPER / 1024:.0f} KB per paper at the largest N",
                         largest["sizes"]["search_bytes_per_paper"] <= MAX_SEARCH_BYTES_PER_PAPER if largest else None,
                         per_paper))
    return checks


# ---------------------------------------------------------------------------- output

def _fmt(value, spec: str = ".2f", suffix: str = "") -> str:
    return "–" if value is None else f"{value:{spec}}{suffix}"


def _serve_cell(row: dict, mode: str, key: str) -> str:
    serve = row.get(f"serve_{mode}")
    if serve is None:
        return "–"
    if serve.get("error") and serve.get(key) is None:
        return "failed"
    return _fmt(serve.get(key))


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(cell.rjust(width) for cell, width in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (width + 1) + ":" for width in widths) + "|",
                      *(line(row) for row in rows)])


def build_table(rows: list[dict]) -> str:
    header = ["N", "build s", "floor s", "build/floor", "ms/paper build", "ms/paper floor", "gen s (hook)",
              "gen % of build", "peak MiB build", "peak MiB floor", "peak ratio"]
    body = []
    for row in rows:
        if "build_s" not in row:
            body.append([str(row["n"]), row.get("error") or "failed"] + [""] * (len(header) - 2))
            continue
        body.append([str(row["n"]), _fmt(row["build_s"]), _fmt(row["floor_s"]), _fmt(row["build_over_floor"], ".3f"),
                     _fmt(row.get("build_ms_per_paper")), _fmt(row.get("floor_ms_per_paper")),
                     _fmt(row["gen_s"], ".3f"), _fmt(100 * row["gen_share"], ".1f"),
                     _fmt(row["build_peak_mib"], ".0f"), _fmt(row["floor_peak_mib"], ".0f"),
                     _fmt(row["peak_over_floor"], ".2f")])
    return markdown_table(header, body)


def serve_table(rows: list[dict]) -> str:
    header = ["N", "serve --dirty paper-edit s", "serve --dirty md-edit s", "serve paper-edit s", "serve md-edit s",
              "page KB", "largest list KB", "search KB/paper", "floor = real"]
    body = []
    for row in rows:
        if "build_s" not in row:
            continue
        sizes = row["sizes"]
        same = "yes" if row["floor_same"] else f"no ({row['floor_html_different']} HTML differ)"
        body.append([str(row["n"]), _serve_cell(row, "dirty", "paper_edit_s"), _serve_cell(row, "dirty", "markdown_edit_s"),
                     _serve_cell(row, "full", "paper_edit_s"), _serve_cell(row, "full", "markdown_edit_s"),
                     _fmt(sizes["paper_page_bytes"] / 1024, ".1f"), _fmt(sizes["largest_list_bytes"] / 1024, ".0f"),
                     _fmt(sizes["search_bytes_per_paper"] / 1024, ".2f"), same])
    return markdown_table(header, body)


def report(summary: dict) -> str:
    rows = summary["rows"]
    environment = summary["environment"]
    heading = (f"Builds: median of {summary['repeats']} (real build with the hook timer, floor, hook import; "
               f"alternating); load average {environment['loadavg_start']} -> {environment['loadavg_end']}")
    lines = [heading, "", build_table(rows), "", serve_table(rows), ""]
    for row in rows:
        for mode in ("dirty", "full"):
            error = (row.get(f"serve_{mode}") or {}).get("error")
            if error:
                lines.append(f"N={row['n']} serve {'--dirty' if mode == 'dirty' else '(full)'}: {error}")
        if "gen_phases_s" in row:
            phases = ", ".join(f"{name} {seconds:.3f}" for name, seconds in row["gen_phases_s"].items())
            lines.append(f"N={row['n']} hook s: {phases}; floor parses head extras: {row['floor_head_parse_s']:.3f} s")
            outputs = ", ".join(f"{name} {100 * seconds / row['build_s']:.2f}"
                                for name, seconds in row["gen_outputs_s"].items())
            lines.append(f"N={row['n']} hook by output, % of build: {outputs}")
    lines += ["", "Targets:"]
    for check in summary["targets"]:
        lines.append(f"  {check['status']:4}  {check['target']}: {check['detail']}")
    return "\n".join(lines)


def environment() -> dict:
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "pyyaml"):
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
    """Build real and floor once per size and show how their pages differ (ideally not at all)."""
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
        result = floor_report(real_site, floor_site, prepared.project, sizes_found)
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
    parser.add_argument("--sizes", help=f"comma-separated paper counts (default {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--repeats", type=int, default=3, help="rounds per size; medians are reported (default 3)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results (default {DEFAULT_JSON.relative_to(PROJECT_ROOT)})")
    parser.add_argument("--quick", action="store_true", help=f"sizes {','.join(map(str, QUICK_SIZES))}, 1 repeat, 2 serve edits")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits of each kind under plain serve; 0 skips serve (default 5)")
    parser.add_argument("--dirty-serve-edits", type=int, default=15,
                        help="edits of each kind under serve --dirty, whose targets compare times of about 0.2 s (default 15)")
    parser.add_argument("--check-floor", action="store_true", help="only compare the real and the floor site (default size 15)")
    parser.add_argument("--build-timeout", type=float, default=3600.0, help="seconds before a build is killed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (projects, sites, logs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 1
        args.serve_edits = min(args.serve_edits, 2)
        args.dirty_serve_edits = min(args.dirty_serve_edits, 2)
    default = (15,) if args.check_floor else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.size_list = [int(part) for part in args.sizes.split(",")] if args.sizes else list(default)
    if any(size < 1 for size in args.size_list) or args.repeats < 1:
        parser.error("sizes and --repeats must be positive")
    if args.dirty_serve_edits < 1:
        parser.error("--dirty-serve-edits must be positive (--serve-edits 0 skips serve)")
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
        summary = {"sizes": args.size_list, "repeats": args.repeats, "serve_edits": args.serve_edits,
                   "dirty_serve_edits": args.dirty_serve_edits,
                   "seed": SEED, "environment": env, "rows": rows, "targets": check_targets(rows)}
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
