"""What reading a .bib file entry by entry costs, beside pybtex reading it whole (``bibtex_source``).

    .venv/bin/python benchmarks/bibtex_recovery_cost.py [--count 5000] [--rounds 5]

``count`` synthetic entries (``tests/bib_generator.py``, seed 1) are read three ways, best of
``rounds``: by pybtex's own ``Parser`` (the whole file at once: the first error stops it), by
``read_bibtex_text`` (cut into entries, each parsed on its own with the limits counted), and by
``read_bibtex_text`` on the same file with one entry in ten broken (a comma missing, an entry not
closed, ``month = July``, a repeated field, a repeated key, an unclosed quote: repaired or skipped,
each with its note). It prints seconds and the ratio to pybtex's; nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "kit"))   # the kit's source, ahead of any installed pubsite
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "tests"))   # bib_generator

from bib_generator import generate_bibtex  # noqa: E402
from timing import best_of  # noqa: E402
from pybtex.database.input.bibtex import Parser  # noqa: E402

from pubsite.importers.bibtex_source import read_bibtex_text  # noqa: E402

# One entry in ten gets one of these (a regular expression and its replacement, once in the entry).
BREAKAGES = [
    (r",\n(\s*year)", r"\n\1"),  # a comma missing: repaired
    (r"\n}\n$", r"\n"),  # the entry not closed: repaired
    (r"month = \w+,", "month = July,"),  # a month written out: repaired
    (r"(year = \d+,)", r"\1 \1"),  # a field given twice: repaired
    (r"title = \{", 'title = "'),  # a quote never closed: skipped
]


def broken_bibtex(text: str) -> str:
    """``text`` with one entry in ten broken, in turn by each of ``BREAKAGES``; every twentieth entry
    also repeats the key of the entry before it."""
    entries = re.split(r"(?=^@)", text, flags=re.MULTILINE)
    for number in range(10, len(entries), 10):
        pattern, replacement = BREAKAGES[number // 10 % len(BREAKAGES)]
        entries[number] = re.sub(pattern, replacement, entries[number], count=1)
        if number % 20 == 0:
            entries[number] = re.sub(r"\{gen\d+,", entries[number - 1].split(",", 1)[0][entries[number - 1].index("{"):]
                                     + ",", entries[number], count=1)
    return "".join(entries)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="BibTeX entries (default 5000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best is shown (default 5)")
    arguments = parser.parse_args(argv)
    text = generate_bibtex(arguments.count)
    broken = broken_bibtex(text)
    whole = best_of(lambda: Parser().parse_string(text), arguments.rounds, time.process_time)
    clean = best_of(lambda: read_bibtex_text(text, "refs.bib"), arguments.rounds, time.process_time)
    mended = best_of(lambda: read_bibtex_text(broken, "refs.bib"), arguments.rounds, time.process_time)
    read = read_bibtex_text(broken, "refs.bib")
    repaired = sum(bool(notes) for notes in read.repairs.values())
    print(f"{arguments.count} entries ({len(text) / 1e6:.1f} MB), best of {arguments.rounds} rounds")
    print(f"{'reading':58} {'CPU s':>8} {'ratio':>6}")
    print(f"{'pybtex Parser, the whole file (stops at the first error)':58} {whole:8.3f} {1:6.2f}")
    print(f"{'read_bibtex_text, entry by entry':58} {clean:8.3f} {clean / whole:6.2f}")
    print(f"{'read_bibtex_text, one entry in ten broken':58} {mended:8.3f} {mended / whole:6.2f}")
    print(f"  of the broken file: {len(read.data.entries)} entries read, {repaired} of them repaired, "
          f"{len(read.broken)} not read")
    return 0


if __name__ == "__main__":
    sys.exit(main())
