"""What one paper with thousands of authors costs the whole site (issue 24): a collaboration's paper.

    .venv/bin/python benchmarks/authors_cost.py [--sizes 1000,5000] [--source DIR] [--keep]

For each size N, in a temporary folder: the kit's reference site (``tests/fixtures/site``: a
fictional researcher, fourteen ordinary papers, a CV) with one more paper of N invented authors,
the owner among them, selected and with a topic, so that it shows on the home page, its section's
list, a topic's page, the CV and the pages of all N co-authors. Each site is built with
``mkdocs build --strict`` in a child process of its own, and for each the script prints the output's
bytes, its number of HTML pages, the build's wall time and peak memory (the child's ``ru_maxrss``,
from ``os.wait4``), the size of the largest file and of one co-author's page, and then the ratios of
the largest size to the smallest. A site whose cost is linear in N grows about as N does (5x from
1,000 to 5,000 authors); one that copies the author list onto every co-author's page, as N squared
(25x). ``--source`` takes the kit (the package in ``kit/``, put first on the build's ``PYTHONPATH``,
and the site's hook in ``hooks/``) from another checkout, e.g. ``git archive HEAD hooks kit | tar -x
-C /tmp/before``, to measure the code before a change; a checkout from before the kit was a package
(no ``kit/pubsite/``) cannot be built with this reference site's ``mkdocs.yml``. Nothing is
asserted: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCHMARKS_DIR.parent
SITE = PROJECT_ROOT / "tests" / "fixtures" / "site"     # the fictional reference site
CONTENT_PARTS = ("mkdocs.yml", "docs", "data")
KIT_PARTS = ("hooks",)                                    # the site's hook; the kit itself: KIT_PACKAGE_DIR
KIT_PACKAGE_DIR = "kit"                                   # holds the package pubsite/ (templates, CSS, JS)
DATA_FILE = "data/publications.yml"
OWNER = "Ada Example"                                     # the reference site's owner
PAPER_ID = "collaboration"

# Invented names: 50 given names by 120 families give 6,000 different people, none of them a
# spelling of another (the given names differ in their first word), nor of the site's own people.
GIVEN = ("Aino", "Bilal", "Carmen", "Dmitri", "Eszter", "Farid", "Grete", "Hiro", "Ines", "Jonas", "Kaveh",
         "Lotte", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rania", "Stefan", "Tuula", "Umar", "Vera",
         "Wiremu", "Ximena", "Yusuf", "Zofia", "Anouk", "Bram", "Chiara", "Dario", "Elif", "Fynn", "Gaia",
         "Henrik", "Ilse", "Joaquim", "Kerstin", "Lucian", "Maren", "Nikolai", "Odile", "Pavel", "Runa",
         "Silvio", "Thea", "Ulrike", "Viktor", "Wanda", "Yannick", "Zeynep")
FAMILIES = tuple(f"{stem}{ending}" for stem in ("Abend", "Birk", "Corm", "Dalb", "Ekl", "Falk", "Gorm", "Hald",
                                                "Ingv", "Jorn", "Karl", "Lind")
                 for ending in ("ström", "berg", "holm", "ander", "mark", "lund", "gren", "qvist", "dahl",
                                "stedt"))


def author_names(count: int) -> list[str]:
    """``count`` invented people in alphabetical order, as collaborations list them, the owner a
    third of the way down."""
    names = sorted(f"{GIVEN[index % len(GIVEN)]} {FAMILIES[index // len(GIVEN)]}" for index in range(count - 1))
    names.insert(len(names) // 3, OWNER)
    return names


def long_paper(count: int) -> str:
    """The YAML entry of a paper with ``count`` authors, in the reference site's layout."""
    entry = {"section": "conference", "title": f"Waves Seen by a Collaboration of {count:,} Authors",
             "authors": author_names(count), "venue": "ICML 2025", "year": 2025, "topics": ["Tides"],
             "arxiv": "2599.00001", "selected": True,
             "summary": "An invented paper with a very long author list, as large collaborations publish."}
    lines = [f"  - id: {PAPER_ID}"] + [f"    {key}: {json.dumps(value, ensure_ascii=False)}"
                                       for key, value in entry.items()]
    return "\n" + "\n".join(lines) + "\n"


def make_project(folder: Path, count: int, source: Path) -> Path:
    """The reference site with the kit of ``source`` and one paper of ``count`` authors."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    folder.mkdir(parents=True)
    for root, parts in ((SITE, CONTENT_PARTS), (source, KIT_PARTS)):
        for part in parts:
            if (root / part).is_dir():
                shutil.copytree(root / part, folder / part, ignore=ignore, dirs_exist_ok=True)
            else:
                shutil.copy2(root / part, folder / part)
    data = folder / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8") + long_paper(count), encoding="utf-8")
    return folder


def build(project: Path, log: Path, timeout: float, source: Path) -> tuple[float, int]:
    """``mkdocs build --strict`` in a child, with the kit of ``source``: (wall seconds, peak RSS in
    KiB of that one child)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(source / KIT_PACKAGE_DIR))
    with open(log, "w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=project,
                                   env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)   # reaped by wait4: tell Popen
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise SystemExit(f"the build of {project.name} failed ({process.returncode}): " + " | ".join(tail))
    return seconds, usage.ru_maxrss


def measure(count: int, workdir: Path, source: Path, timeout: float) -> dict:
    project = make_project(workdir / f"authors-{count}", count, source)
    seconds, rss = build(project, workdir / f"build-{count}.log", timeout, source)
    site = project / "site"
    files = [path for path in site.rglob("*") if path.is_file()]
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in files}
    largest = max(sizes, key=sizes.get)
    # One of the N co-authors whose only paper with the owner is the long one: the last author.
    last = author_names(count)[-1].lower().replace(" ", "-").replace("ö", "o")
    coauthor = f"coauthors/{last}/index.html"
    return {"authors": count, "bytes": sum(sizes.values()), "pages": sum(name.endswith(".html") for name in sizes),
            "seconds": seconds, "peak_mib": rss / 1024, "largest": largest, "largest_bytes": sizes[largest],
            "paper_page_bytes": sizes.get(f"papers/{PAPER_ID}/index.html", 0),
            "coauthor_page": coauthor, "coauthor_page_bytes": sizes.get(coauthor, 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="authors of the long paper, one build each")
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT, help="the checkout whose kit is built")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a build is killed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the sites")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if not (args.source / KIT_PACKAGE_DIR / "pubsite").is_dir():
        parser.error(f"--source {args.source}: no {KIT_PACKAGE_DIR}/pubsite/ there (give a checkout of the kit "
                     "as a package, or the folder `git archive <rev> hooks kit` was unpacked into)")
    workdir = Path(tempfile.mkdtemp(prefix="pubsite-authors-"))
    try:
        rows = []
        for count in sizes:
            rows.append(measure(count, workdir, args.source.resolve(), args.timeout))
            row = rows[-1]
            print(f"{count} authors: built in {row['seconds']:.1f} s, peak {row['peak_mib']:.0f} MiB", flush=True)
    finally:
        if args.keep:
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nkit: {args.source.resolve()}\n")
    print("| authors | output MB | HTML pages | build s | peak MiB | paper page KB | a co-author's page KB "
          "| largest file |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        print(f"| {row['authors']} | {row['bytes'] / 1e6:.1f} | {row['pages']} | {row['seconds']:.1f} "
              f"| {row['peak_mib']:.0f} | {row['paper_page_bytes'] / 1e3:.0f} | {row['coauthor_page_bytes'] / 1e3:.1f} "
              f"| {row['largest']} ({row['largest_bytes'] / 1e6:.2f} MB) |")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"\n{last['authors']}/{first['authors']} authors ({last['authors'] / first['authors']:.0f}x): "
              f"output {last['bytes'] / first['bytes']:.1f}x, pages {last['pages'] / first['pages']:.1f}x, "
              f"build time {last['seconds'] / first['seconds']:.1f}x, "
              f"peak memory {last['peak_mib'] / first['peak_mib']:.1f}x, "
              f"a co-author's page {last['coauthor_page_bytes'] / max(first['coauthor_page_bytes'], 1):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
