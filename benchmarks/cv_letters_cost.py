"""What letters Typst's own fonts lack cost the CV's PDF: Typst with the machine's fonts, and the
check that names a letter no font has.

For each size, a CV document of ``count`` papers (as ``cv_document`` makes them) is typeset, as a
build does, in three versions: Latin names only (Typst's own fonts, the machine's are not looked
at); every paper with a co-author named in Chinese, three letters each, all different (up to 3,000
letters the machine's Noto CJK has: Typst reads the machine's fonts); and that with one letter no
font has in the first title (the check then reads the letter table of every font of the machine).
Each is timed ``--repeats`` times; the medians are printed, with the time of the check alone. No
test asserts a time (README of benchmarks/): compare the figures of one run, on one machine.

    .venv/bin/python benchmarks/cv_letters_cost.py                  # sizes 15 and 1000, 3 repeats
    .venv/bin/python benchmarks/cv_letters_cost.py --sizes 15,1000,5000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "kit"))   # the kit's source

from pubsite.cv.cv_pdf import letters_beyond_typst, missing_letters, typeset  # noqa: E402

NO_FONT = "\U0010FFFD"


def document(count: int, chinese: bool, no_font: bool) -> dict:
    papers = []
    for number in range(count):
        authors = ["Ada Example", f"Bo Sample{number}"]
        if chinese:
            authors.append("".join(chr(0x4E00 + (3 * number + offset) % 20000) for offset in range(3)))
        title = f"On Tides and Waves, Part {number}" + (f" {NO_FONT}" if no_font and number == 0 else "")
        papers.append({"authors": [{"name": name, "owner": name == "Ada Example", "equal": False}
                                   for name in authors],
                       "title": title, "url": None, "venue": "Example Conference", "year": ", 2024",
                       "honours": [], "note": [], "also": []})
    return {"title": "Curriculum Vitae", "name": "Ada Example", "lines": [], "contact": [],
            "style": {"paper": "a4", "font": "Libertinus Serif", "size": 10.5, "accent": "#283593"},
            "sections": [{"kind": "papers", "title": "Publications", "equal_legend": False,
                          "groups": [{"heading": None, "start": 1, "papers": papers}]}]}


def timed(make, repeats: int) -> float:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        make()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="15,1000", help="comma-separated paper counts (default 15,1000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    args = parser.parse_args(argv)
    import typst

    machine = tuple(sorted({font.path for font in typst.Fonts(include_embedded_fonts=False).fonts() if font.path}))
    print(f"{len(machine)} font files on this machine\n")
    print("| papers | Latin only (s) | + Chinese co-authors (s) | letters | + a letter no font has (s) | "
          "the check alone (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for count in (int(size) for size in args.sizes.split(",")):
        latin, chinese, no_font = (document(count, *flags) for flags in ((False, False), (True, False), (True, True)))
        letters = len(letters_beyond_typst(chinese))
        row = [timed(lambda doc=doc: typeset(doc), args.repeats) for doc in (latin, chinese, no_font)]
        check = timed(lambda: missing_letters(no_font, (), machine), args.repeats)
        print(f"| {count} | {row[0]:.2f} | {row[1]:.2f} | {letters} | {row[2]:.2f} | {check:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
