"""What checking that local files stay inside ``docs/`` costs a build (``inside_folder.path_inside``).

Every link to a file of the site and every thumbnail is resolved, symbolic links included, before the
build accepts it. This makes a list of N papers, each with a local PDF and a thumbnail in
``docs/papers/<id>/``, and prints the time ``read_publications`` takes to check it, beside the time
the resolution alone takes and the time the plain existence test it sits next to takes. Figures
only; nothing is asserted (the machine is shared and noisy).

    .venv/bin/python benchmarks/paths_inside_cost.py [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "kit"))   # the kit's source

from pubsite.data.inside_folder import path_inside  # noqa: E402
from timing import best_of  # noqa: E402
from pubsite.data.validation import read_publications  # noqa: E402

PICTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/alfolio/assets/img/publication_preview/flows.png"


def make_project(root: Path, count: int) -> tuple[Path, Path, list[str]]:
    docs, lines, paths = root / "docs", ["owner:\n  name: Ada Example\npapers:\n"], []
    for index in range(count):
        folder = docs / "papers" / f"p{index}"
        folder.mkdir(parents=True)
        (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n")
        (folder / "figure.png").write_bytes(PICTURE.read_bytes())
        paths += [f"papers/p{index}/paper.pdf", f"papers/p{index}/figure.png"]
        lines.append(f"  - id: p{index}\n    section: conference\n    title: Paper {index}\n    authors: [Ada Example]\n"
                     f"    venue: ICLR\n    year: 2020\n    links: {{pdf: papers/p{index}/paper.pdf}}\n"
                     f"    preview: papers/p{index}/figure.png\n")
    data = root / "publications.yml"
    data.write_text("".join(lines), encoding="utf-8")
    return data, docs, paths



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    arguments = parser.parse_args()
    print(f"{'papers':>7} {'files':>6} {'validation':>11} {'path_inside':>12} {'is_file':>8}  (best of 5, ms)")
    for count in arguments.sizes:
        with tempfile.TemporaryDirectory() as folder:
            data, docs, paths = make_project(Path(folder), count)
            check = best_of(lambda: read_publications(data, "data/publications.yml", docs))
            inside = best_of(lambda: [path_inside(path, docs) for path in paths])
            exists = best_of(lambda: [(docs / path).is_file() for path in paths])
            print(f"{count:>7} {len(paths):>6} {check * 1000:>11.1f} {inside * 1000:>12.1f} {exists * 1000:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
