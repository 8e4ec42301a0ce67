"""What the importer's rule of identity costs, and what it decides, on bibliographies of a realistic size.

    .venv/bin/python benchmarks/import_identity_cost.py [--count 2000] [--rounds 3]

``pubsite import`` decides for each entry whether it is a paper already in the list or added before
it (titles, years and authors agree), another version of one (linked by ``versions``), or a paper of
its own (``import_bibtex._Index.decide``, ``paper_identity``). On ``count`` synthetic entries
(``tests/bib_generator.py``, seed 1) plus, for every ten of them, the shapes that decide something:
a column every issue runs by one editor and by others, a conference paper with its journal version,
an arXiv preprint with its published version, two papers given one DOI, and a record of the same
paper from a second exporter, this prints the time of the decisions alone (best of ``rounds``)
beside the whole plan (which checks every new paper against the site's validation), and what was
decided. Nothing is built and nothing outside memory is touched.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "kit"))   # the kit's source, ahead of any installed pubsite
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "tests"))   # bib_generator

from bib_generator import generate_bibtex  # noqa: E402
from timing import best_of  # noqa: E402

from pubsite.importers.import_bibtex import _cut, _Index, _Known, convert_text, plan  # noqa: E402


def shapes(count: int) -> str:
    """For every ten entries, one of each shape the rule decides (invented names and titles)."""
    parts = []
    for group in range(max(1, count // 10)):
        title = f"Tides of Sea Number {group}"
        parts += [
            f"@article{{col{group}a, author = {{Example, Ada}}, title = {{Editorial Comments}}, journal = {{Example "
            f"Letters}}, volume = {{{group}}}, number = {{1}}, year = {{{2000 + group % 20}}}}}\n",
            f"@article{{col{group}b, author = {{Sample, Bo {group}}}, title = {{Editorial Comments}}, journal = "
            f"{{Example Letters}}, volume = {{{group}}}, number = {{2}}, year = {{{2000 + group % 20}}}}}\n",
            f"@inproceedings{{conf{group}, author = {{Example, Ada and Quinn, Dara}}, title = {{{title}}}, "
            f"booktitle = {{Conference on Example Learning}}, year = {{2020}}}}\n",
            f"@article{{jour{group}, author = {{Quinn, D. and Example, A.}}, title = {{{title}}}, journal = {{Journal of "
            f"Examples}}, year = {{2021}}}}\n",
            f"@misc{{pre{group}, author = {{Example, Ada and Quinn, Dara}}, title = {{{title}}}, eprint = "
            f"{{2101.{group:05d}}}, archivePrefix = {{arXiv}}, year = {{2019}}}}\n",
            f"@inproceedings{{dup{group}, author = {{Example, Ada and Quinn, Dara}}, title = {{{{T}}ides of sea number "
            f"{group}}}, booktitle = {{CEL}}, year = {{2020}}, doi = {{10.1000/{group}}}}}\n",
            f"@article{{doi{group}, author = {{Moreau, Jules}}, title = {{Currents {group}}}, journal = {{Examples}}, "
            f"year = {{2020}}, doi = {{10.1000/{group}}}}}\n",
        ]
    return "".join(parts)



def decisions_only(items) -> None:
    """The rule alone: every entry decided and, when it is no paper yet, indexed as added."""
    index = _Index()
    for number, item in enumerate(items):
        if item.skip_reason or item.volume_of:
            continue
        if not index.decide(item.fields, _cut(item)).match:
            index.add(_Known(f"p{number}", {"id": f"p{number}", **item.fields}, item=item))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="synthetic entries (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is shown (default 3)")
    arguments = parser.parse_args(argv)
    items = convert_text(generate_bibtex(arguments.count) + shapes(arguments.count), "synthetic.bib")
    decide = best_of(lambda: decisions_only(items), arguments.rounds)
    start = time.perf_counter()
    report, new = plan([], items)
    whole = time.perf_counter() - start
    print(f"{len(items)} entries ({arguments.count} synthetic, {len(items) - arguments.count - 1} of the shapes)")
    print(f"  the rule of identity alone: {decide:.3f} s ({decide / len(items) * 1e6:.0f} µs an entry)")
    print(f"  the whole plan (with each new paper's validation): {whole:.2f} s")
    print(f"  added {len(report.added)}, matched {len(report.matched)}, version links {len(report.version_links)}, "
          f"skipped {len(report.skipped)}, volumes {len(report.volumes)}")
    checks = sum(str(note).startswith("check:") for entry, _ in report.added for note in entry.notes)
    print(f"  identifiers to check: {checks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
