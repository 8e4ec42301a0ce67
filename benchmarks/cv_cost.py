"""What the CV's PDFs cost: the site's build with them and without them, and Typst on its own.

For each size, the synthetic project of ``run.py`` (the site's pages, its ``data/cv.yml`` and
``count`` synthetic papers) is built with the CV as it is (its PDFs listing every paper, and the
short one the selected papers) and with ``pdf:`` left out (the CV page stays), alternately,
``--repeats`` times each; the medians and their difference are printed. At 1,000 papers a build
varies by seconds on a shared machine, more than the PDFs cost, so each PDF is also timed alone in
a new process, as a build makes it: the JSON document, Typst's first run (which reads its fonts)
and the median of three more, with the PDF's pages and size (pypdf, a test dependency, counts them). No test asserts a time (README of benchmarks/): compare the figures of one run.

    .venv/bin/python benchmarks/cv_cost.py                  # sizes 15 and 1000, 3 repeats
    .venv/bin/python benchmarks/cv_cost.py --sizes 15,1000,5000 --repeats 5
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from project import CV_FILE, PROJECT_ROOT, make_real_project
from run import SEED, run_build

_PDF_BLOCK = re.compile(r"(?ms)^pdf:\n(?:[ \t]+.*\n|[ \t]*#.*\n|\n)*")


def without_pdfs(project: Path) -> None:
    """The same project, its CV with no ``pdf:`` (a text edit: the file's comments stay), and a
    small file of the owner's where each PDF was, so that the pages' links to it still resolve."""
    path = project / CV_FILE
    text = path.read_text(encoding="utf-8")
    files = re.findall(r"(?m)^\s*(?:- )?file:\s*(\S+\.pdf)", _PDF_BLOCK.search(text).group(0)) \
        if _PDF_BLOCK.search(text) else []
    if not files:
        raise SystemExit(f"{CV_FILE} has no 'pdf:' block: nothing to measure")
    path.write_text(_PDF_BLOCK.sub("", text), encoding="utf-8")
    for name in files:
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_bytes(b"%PDF-1.4\n% a stand-in\n")


def builds(count: int, repeats: int, workdir: Path) -> dict:
    with_pdfs = make_real_project(workdir / f"with-{count}", count, SEED).root
    plain = make_real_project(workdir / f"without-{count}", count, SEED).root
    without_pdfs(plain)
    log = workdir / "builds.log"
    seconds = {"with": [], "without": []}
    peaks = {"with": [], "without": []}
    for round_number in range(repeats + 1):  # the first round warms the disk cache and the bytecode
        for name, root in (("with", with_pdfs), ("without", plain)):
            run = run_build(root / "mkdocs.yml", workdir / f"site-{name}-{count}", log, 3600)
            if round_number:
                seconds[name].append(run.seconds)
                peaks[name].append(run.max_rss_kib / 1024)
    result = {name: statistics.median(values) for name, values in seconds.items()}
    result.update({f"{name} MiB": max(values) for name, values in peaks.items()})
    return result


_TIMER = """
import io, json, statistics, sys, time
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(Path(sys.argv[2]) / "kit"))   # the kit's source
from pubsite.cv.cv_pdf import CvOwner, cv_document, typeset
from pubsite.cv.cv_validation import read_cv
from pubsite.data.validation import read_publications
from pypdf import PdfReader
publications = read_publications(root / "data/publications.yml", "data/publications.yml")
cv = read_cv(root / "data/cv.yml", publications)
owner = CvOwner(publications.owner.name, ("A University",), "owner@example.org", "https://example.org/")
rows = []
for variant in cv.pdfs:
    made, times = [], []
    for _ in range(4):
        start = time.perf_counter()
        document = cv_document(cv, variant, publications, owner, lambda paper: f"https://example.org/{paper.id}/")
        middle = time.perf_counter()
        pdf = typeset(document)
        made.append(middle - start)
        times.append(time.perf_counter() - middle)
    rows.append({"file": variant.file, "document_s": statistics.median(made), "first_s": times[0],
                 "typeset_s": statistics.median(times[1:]), "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                 "kib": len(pdf) / 1024})
print(json.dumps(rows))
"""


def typesetting(count: int, workdir: Path) -> list[dict]:
    """Each PDF of the project's CV, made and typeset in a new process, as a build does: the first
    time (Typst reads its fonts then) and the median of three more, with the PDF's pages and size."""
    result = subprocess.run([sys.executable, "-c", _TIMER, str(workdir / f"with-{count}"), str(PROJECT_ROOT)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="15,1000", help="comma-separated paper counts (default 15,1000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed builds of each variant per size (default 3)")
    args = parser.parse_args(argv)
    if not (PROJECT_ROOT / CV_FILE).is_file():
        raise SystemExit(f"the site has no {CV_FILE}: nothing to measure")
    print("| papers | build with PDFs (s) | without (s) | difference | peak with (MiB) | without (MiB) | PDF | "
          "document (s) | Typst, first (s) | Typst, again (s) | pages | KiB |")
    print("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="pubsite-cv-") as folder:
        workdir = Path(folder)
        for count in (int(size) for size in args.sizes.split(",")):
            timed = builds(count, args.repeats, workdir)
            difference = timed["with"] - timed["without"]
            for index, row in enumerate(typesetting(count, workdir)):
                head = (f"| {count} | {timed['with']:.2f} | {timed['without']:.2f} | {difference:+.2f} s | "
                        f"{timed['with MiB']:.0f} | {timed['without MiB']:.0f} |" if index == 0 else "| | | | | | |")
                print(f"{head} {row['file']} | {row['document_s']:.3f} | {row['first_s']:.3f} | "
                      f"{row['typeset_s']:.3f} | {row['pages']} | {row['kib']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
