"""What the readers' limits cost on files of a realistic size (``pubsite/input_limits.py``).

    .venv/bin/python benchmarks/input_limits_cost.py [--count 5000] [--rounds 5]

Every YAML data file is scanned once as events (``yaml_source.check_yaml_shape``: nesting, list
lengths, aliases) before PyYAML builds it; every CSL-JSON file is scanned for its brackets
(``input_limits.check_json_shape``) before ``json.loads``; BibTeX is parsed by pybtex's parser with a
scanner that adds up value lengths (``bibtex_source.parse_bibtex``). On ``count`` synthetic papers
(``synthetic.py``, seed 7) and as many BibTeX entries (``tests/bib_generator.py``, seed 1), best of
``rounds``, this prints each check's time beside the reading it guards. It imports the generator and
times its functions: nothing is built, and nothing outside memory is touched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "kit"))   # the kit's source, ahead of any installed pubsite
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "tests"))   # bib_generator

import yaml  # noqa: E402
from bib_generator import generate_bibtex  # noqa: E402
from timing import best_of  # noqa: E402
from pybtex.database.input.bibtex import Parser  # noqa: E402
from synthetic import paper_entries, publications_yaml  # noqa: E402

from pubsite.importers.bibtex_source import parse_bibtex  # noqa: E402
from pubsite.data.input_limits import check_json_shape  # noqa: E402
from pubsite.data.yaml_source import check_yaml_shape, load_marked_yaml  # noqa: E402



def csl_json(count: int) -> str:
    """The synthetic papers as a CSL-JSON export would write them."""
    items = [{"id": f"item{index}", "type": "paper-conference", "title": paper["title"],
              "author": [{"literal": name} for name in paper["authors"]], "container-title": paper["venue"],
              "issued": {"date-parts": [[paper["year"]]]}, "abstract": paper.get("summary", "")}
             for index, paper in enumerate(paper_entries(count))]
    return json.dumps(items, indent=2, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="papers and BibTeX entries (default 5000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best is shown (default 5)")
    arguments = parser.parse_args(argv)
    count, rounds = arguments.count, arguments.rounds

    rows = []
    text = publications_yaml(count)
    check = best_of(lambda: check_yaml_shape(text, "data/publications.yml"), rounds)
    loaded = best_of(lambda: load_marked_yaml(text, "data/publications.yml"), rounds)
    rows.append(("publications.yml: event scan", check, "load_marked_yaml, scan included", loaded, len(text)))

    bib = generate_bibtex(count)
    plain = best_of(lambda: Parser().parse_string(bib), rounds)
    bounded = best_of(lambda: parse_bibtex(bib, "refs.bib"), rounds)
    rows.append(("BibTeX: parse_bibtex (bounded)", bounded, "pybtex's Parser alone", plain, len(bib)))

    export = csl_json(count)
    scan = best_of(lambda: check_json_shape(export, "library.json"), rounds)
    loads = best_of(lambda: json.loads(export), rounds)
    rows.append(("CSL-JSON: bracket scan", scan, "json.loads", loads, len(export)))

    print(f"{count} papers / entries, best of {rounds} rounds (PyYAML {yaml.__version__}, "
          f"C loader: {hasattr(yaml, 'CSafeLoader')})")
    print(f"{'check':34} {'seconds':>8}   {'beside':34} {'seconds':>8}   {'ratio':>6}  {'file':>9}")
    for name, seconds, other, other_seconds, size in rows:
        print(f"{name:34} {seconds:8.3f}   {other:34} {other_seconds:8.3f}   {seconds / other_seconds:6.2f}  "
              f"{size / 1e6:7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
