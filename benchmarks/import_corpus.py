"""The importer measured on real publication files: what a researcher's first minute keeps.

    .venv/bin/python benchmarks/import_corpus.py MANIFEST.tsv [--engine mkdocs|properdocs] [--no-build]
        [--keep DIR] [--json FILE] [--details N] [--markdown] [--kit CHECKOUT] [--bib FILE --owner NAME [--key KEY]]

``MANIFEST.tsv`` lists inputs, one a line: a key, the owner's name as the files write it, and the
path to give ``--bib``, relative to the manifest's folder (``#`` lines are comments). ``--bib`` and
``--owner`` add one more input (tugboat.bib, xampl.bib). For each input, as a new user would, it
runs ``pubsite new <tmp>/<key> --name OWNER --site-url https://example.org/ --bib PATH`` (the
installed script next to this Python), then ``mkdocs build --strict`` in the new site (or
``properdocs build --strict -f mkdocs.yml``), each in a child process, and compares what the input
says (``corpus_inputs``, a reader of its own) with the papers of ``data/publications.yml`` and the
built paper pages: titles, authors (and the owner highlighted, as ``rendering`` marks them:
``<strong class="pub-owner">``), venues, years, links and abstracts kept; what the importer's report
says it merged, repaired and skipped; papers holding entries of different titles; drafts published;
LaTeX left raw. It prints a table per input and a total line, then the entries behind each loss.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_inputs import InputEntry, fold, link_key, norm, read_input, same_person  # noqa: E402

SITE_URL = "https://example.org/"
FIELDS = ("titles", "authors", "owner", "venues", "years", "links", "abstracts")


@dataclass
class Input:
    key: str
    owner: str
    path: Path


def read_manifest(manifest: Path) -> list[Input]:
    inputs = []
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{manifest}:{number}: expected key, owner and path separated by tabs, got {line!r}")
        inputs.append(Input(parts[0].strip(), parts[1].strip(), (manifest.parent / parts[2].strip()).resolve()))
    return inputs


# ----------------------------------------------------------------------------- running the commands


def child_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    return env


def make_site(item: Input, folder: Path, timeout: float, kit: Path | None = None) -> dict:
    """``pubsite new`` exactly as README's "Make it yours" gives it: the installed script, or the
    same command of another checkout of the kit (``kit``, e.g. ``git archive HEAD`` unpacked, to
    compare the importer before and after a change)."""
    env = child_env()
    script = [str(Path(sys.executable).parent / "pubsite")]
    if kit:
        script, env["PYTHONPATH"] = [sys.executable, "-m", "pubsite.commands.cli"], str(kit.resolve() / "kit")
    command = [*script, "new", str(folder), "--name", item.owner, "--site-url", SITE_URL, "--bib", str(item.path)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    return {"status": result.returncode, "seconds": round(time.perf_counter() - start, 2),
            "stdout": result.stdout, "stderr": result.stderr,
            "site": (folder / "mkdocs.yml").is_file() and (folder / "data/publications.yml").is_file()}


def build_site(folder: Path, engine: str, timeout: float) -> dict:
    script = str(Path(sys.executable).parent / engine)
    command = [script, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", "site"]
    start = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout, env=child_env())
    except subprocess.TimeoutExpired:
        return {"ok": False, "seconds": timeout, "problems": [f"killed after {timeout:.0f} s"]}
    output = result.stdout + result.stderr
    (folder.parent / f"{folder.name}.build.log").write_text(output, encoding="utf-8")
    problems = [line.strip() for line in output.splitlines()
                if re.match(r"\s*(ERROR|WARNING|Aborted|Error|Traceback)", line)]
    if result.returncode and not problems:
        problems = output.strip().splitlines()[-3:]
    return {"ok": result.returncode == 0, "seconds": round(time.perf_counter() - start, 2), "problems": problems}


# ----------------------------------------------------------------------------- the importer's report


@dataclass
class ReportLine:
    mark: str  # + added, = matched, - skipped, . volume, other marks as the report grows
    category: str  # the heading it is under ("Added", "Matched", "Skipped", ...)
    where: str
    key: str
    paper: str | None = None
    why: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        found = re.match(r"^(.*?)(?::(\d+))?$", self.where)
        return found.group(1)

    @property
    def line(self) -> int | None:
        found = re.search(r":(\d+)$", self.where)
        return int(found.group(1)) if found else None


_ENTRY_LINE = re.compile(r"^  (?P<mark>\S) (?P<rest>.*)$")
_TARGET = re.compile(r"^(?P<key>\S+?) -> (?:new|existing) paper '(?P<paper>[^']*)'(?: \((?P<why>.*)\))?\s*$")


def parse_report(text: str, input_paths: list[str]) -> list[ReportLine]:
    """The entry lines of ``pubsite import``'s report (``Report.lines``) with their notes. The
    entry's place (``file:line`` or the page) is found by the input's own path where it can be, so
    that a space in a path does not cut it."""
    lines: list[ReportLine] = []
    category = ""
    for raw in text.splitlines():
        if raw.strip() and not raw[0].isspace():  # a heading ("Added 3:", "Skipped 1:", "error: ...")
            category = raw.split()[0].rstrip(":")
            continue
        found = _ENTRY_LINE.match(raw)
        if found and not raw.startswith("   "):
            rest = found.group("rest")
            where = next((path for path in input_paths if rest.startswith(path)), None)
            if where:
                extra = re.match(r"(?::\d+)?(?=\s)", rest[len(where):])
                where += extra.group(0) if extra else ""
                rest = rest[len(where):].strip()
            else:
                where, _, rest = rest.partition(" ")
            rest = re.sub(r"^\((?:with|from) [^)]*\)\s*", "", rest)  # academicpages: "(with its.bib)"
            target = _TARGET.match(rest)
            if target:
                lines.append(ReportLine(found.group("mark"), category, where, target.group("key"),
                                        target.group("paper"), target.group("why") or ""))
            else:
                key, why = re.match(r"(\S*?)(?::\s+|\s+|$)(.*)$", rest).groups()
                lines.append(ReportLine(found.group("mark"), category, where, key, None, why.strip()))
            continue
        note = re.match(r"^\s{4,}(?:note: )?(.*)$", raw)
        if note and lines and raw.strip():
            lines[-1].notes.append(note.group(1))
    return lines


def pair_entries(entries: list[InputEntry], report: list[ReportLine]) -> dict[int, ReportLine]:
    """Each input entry's report line: same file and line and key, else same file and key, else
    the page's own line (one entry per page); each line used once."""
    resolved = {index: str(Path(line.file).resolve()) for index, line in enumerate(report)}
    used: set[int] = set()
    paired: dict[int, ReportLine] = {}
    rules = (
        lambda e, r: r.line == e.line and r.key.lower() == e.key.lower(),
        lambda e, r: r.key.lower() == e.key.lower(),
        lambda e, r: e.line is None or r.line == e.line,
    )
    for rule in rules:
        for number, entry in enumerate(entries):
            if number in paired:
                continue
            for index, line in enumerate(report):
                if index not in used and resolved[index] == str(entry.file.resolve()) and rule(entry, line):
                    paired[number] = line
                    used.add(index)
                    break
    return paired


# ----------------------------------------------------------------------------- the papers made


def output_links(paper: dict) -> set[str]:
    keys: set[str] = set()
    values: list = []
    for source in [paper, *[item for item in paper.get("also_presented") or [] if isinstance(item, dict)]]:
        for kind_links in (source.get("links") or {}).values():
            values += kind_links if isinstance(kind_links, list) else [kind_links]
    for value in values:
        url = value.get("url") if isinstance(value, dict) else value
        found = link_key(str(url or ""))
        if found:
            keys.add(found)
    for name in ("doi", "arxiv"):
        if paper.get(name):
            keys.add(link_key(str(paper[name])) or f"{name}:{paper[name]}".lower())
    return keys


def titles_of(paper: dict) -> list[str]:
    return [str(paper.get("title") or "")] + [str(item.get("title")) for item in paper.get("also_presented") or []
                                               if isinstance(item, dict) and item.get("title")]


def venues_of(paper: dict) -> list[str]:
    found = [paper.get("venue"), paper.get("venue_full")]
    found += [item.get("venue") for item in paper.get("also_presented") or [] if isinstance(item, dict)]
    return [norm(str(value)) for value in found if value]


def _arxiv_venue(text: str) -> bool:
    """arXiv however it is named: DBLP's "CoRR", Scholar's "arXiv preprint arXiv:…", the list's "arXiv preprint"."""
    return text == "corr" or "arxiv" in text


def venue_kept(wanted: list[str], have: list[str]) -> bool:
    for value in map(norm, wanted):
        for other in have:
            if _arxiv_venue(value) and _arxiv_venue(other):
                return True
            short, long = sorted((value, other), key=len)
            if value == other or (len(short) >= 4 and short in long):
                return True
    return False


_RAW_TEX = re.compile(r"\\[A-Za-z]+|[\ue000-\uf8ff]")


def raw_tex(paper: dict) -> list[str]:
    """Fields of the paper that show LaTeX commands (outside ``$…$`` math) or private-use letters."""
    shown = []
    for name in ("title", "venue", "summary", "note"):
        text = re.sub(r"(?<!\\)\$\$.*?\$\$|(?<!\\)\$[^$]*\$", "", str(paper.get(name) or ""), flags=re.DOTALL)
        if _RAW_TEX.search(text):
            shown.append(f"{name}: {_RAW_TEX.search(text).group(0)!r} in {str(paper.get(name))[:90]!r}")
    for author in paper.get("authors") or []:
        if _RAW_TEX.search(str(author)):
            shown.append(f"authors: {author!r}")
    return shown


def owner_on_page(site: Path, paper_id: str, owner: str) -> bool:
    """The owner's name in the paper page's author line, in the element the site highlights."""
    from bs4 import BeautifulSoup

    page = site / "papers" / paper_id / "index.html"
    if not page.is_file():
        return False
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    line = soup.select_one(".pub-page .pub-authors") or soup.select_one(".pub-authors")
    return bool(line) and any(same_person(element.get_text(" ", strip=True), owner)
                              for element in line.select(".pub-owner"))


# ----------------------------------------------------------------------------- the comparison


def compare(item: Input, entries: list[InputEntry], papers: list[dict], report: list[ReportLine],
            site: Path | None, highlighted_names: set[str]) -> dict:
    """Figures and the entries behind them: each input entry against the paper it became."""
    by_id = {str(paper.get("id")): paper for paper in papers if isinstance(paper, dict)}
    by_title: dict[str, list[str]] = {}  # folded title, and the citation key, -> papers
    for paper_id, paper in by_id.items():
        for title in titles_of(paper):
            by_title.setdefault(fold(title), []).append(paper_id)
        by_title.setdefault("key:" + str(paper.get("bibtex_key") or paper_id).lower(), []).append(paper_id)
    paired = pair_entries(entries, report)
    figures = {name: [0, 0] for name in FIELDS}
    details: dict[str, list[str]] = {name: [] for name in
                                     (*FIELDS, "title case", "lost", "drafts published", "raw TeX")}
    held: dict[str, list[InputEntry]] = {}
    counted = drafts = volumes = drafts_published = silently_lost = absent = 0
    drafts_skipped = {id(line) for number, line in paired.items() if entries[number].draft}
    for number, entry in enumerate(entries):
        line = paired.get(number)
        paper_id = line.paper if line and line.paper in by_id else None
        if paper_id is None and not (line and line.mark == "-"):  # the report does not say: find it
            paper_id = (by_title.get("key:" + entry.key.lower())
                        or (by_title.get(fold(entry.titles[0])) if entry.titles else None) or [None])[0]
        if entry.volume:
            volumes += 1
            continue
        if entry.draft:
            drafts += 1
            if paper_id:
                drafts_published += 1
                details["drafts published"].append(f"{entry.key}: draft published as paper '{paper_id}'")
            continue
        counted += 1
        paper = by_id.get(paper_id) if paper_id else None
        label = f"{entry.key} ({_short(entry.where)})"
        if paper is None:
            why = (f"skipped: {line.why}" if line and line.mark == "-" else
                   "no paper and not in the report" if not line else f"report: {line.mark} {line.why}")
            if not line:
                silently_lost += 1
            details["lost"].append(f"{label}: {why}")
        else:
            held.setdefault(paper_id, []).append(entry)
        target = f"paper '{paper_id}'" if paper else "no paper"

        def tally(name: str, wanted, kept: bool, got) -> None:
            figures[name][1] += 1
            if kept:
                figures[name][0] += 1
            elif paper is not None:
                details[name].append(f"{label} -> {target}: {_show(wanted)} became {_show(got)}")

        if entry.titles:
            tally("titles", entry.titles[0], bool(paper) and norm(entry.titles[0]) in map(norm, titles_of(paper)),
                  paper and paper.get("title"))
            if paper and norm(entry.titles[0]) == norm(paper.get("title")) and \
                    _letters(entry.titles[0]) != _letters(str(paper.get("title"))):
                details["title case"].append(f"{label} -> {target}: {entry.titles[0]!r} became {paper.get('title')!r}")
        if entry.authors:
            got = [norm(str(name)) for name in (paper or {}).get("authors") or []]  # written as shown
            tally("authors", entry.author_names, got == entry.authors, paper and paper.get("authors"))
        if entry.names_owner(item.owner):
            if paper is None:
                shown = False
            elif site is not None:
                shown = owner_on_page(site, paper_id, item.owner)
            else:
                shown = any(str(name) in highlighted_names for name in paper.get("authors") or [])
            tally("owner", item.owner, shown, [name for name in entry.author_names if same_person(name, item.owner)])
        if entry.venues:
            tally("venues", entry.venues[0], bool(paper) and venue_kept(entry.venues, venues_of(paper)),
                  paper and [paper.get("venue"), paper.get("venue_full")])
        if entry.years:
            tally("years", entry.years[0], bool(paper) and paper.get("year") in entry.years,
                  paper and paper.get("year"))
        absent += len(entry.absent)
        have = output_links(paper) if paper else set()
        for link in sorted(entry.links):
            tally("links", link, link in have, sorted(have))
        if entry.abstract:
            wanted, got = norm(entry.abstract, entry.abstract_markdown), norm((paper or {}).get("summary"), True)
            shown = difference(wanted, got) if got else (wanted[:60] + "…", None)
            tally("abstracts", shown[0], bool(paper) and got == wanted, shown[1])
    merged, two_titles = [], []
    for paper_id, group in held.items():
        if len(group) < 2:
            continue
        titles = {norm(entry.titles[0]) for entry in group if entry.titles}
        years = {tuple(entry.years) for entry in group if entry.years}
        authors = {tuple(fold(name) for name in entry.authors) for entry in group if entry.authors}
        disagree = [name for name, values in (("titles", titles), ("years", years), ("authors", authors))
                    if len(values) > 1]
        merged.append({"paper": paper_id, "entries": [entry.key for entry in group], "disagree": disagree})
        if len(titles) > 1:
            two_titles.append({"paper": paper_id,
                               "titles": sorted({entry.titles[0] for entry in group if entry.titles})})
    for paper in by_id.values():
        details["raw TeX"] += [f"paper '{paper.get('id')}': {shown}" for shown in raw_tex(paper)]
    repaired = [{"entry": line.key, "note": note} for line in report for note in line.notes if "repair" in note.lower()]
    repaired += [{"entry": line.key, "note": line.why} for line in report if line.category.lower().startswith("repair")]
    return {
        "entries": counted, "drafts": drafts, "volumes": volumes, "papers": len(by_id),
        "figures": figures, "drafts_published": drafts_published, "silently_lost": silently_lost,
        "local_files_absent": absent,
        "merged": merged, "wrongly_merged": sum(1 for item in merged if item["disagree"]),
        "two_titles": two_titles, "raw_tex": len(details["raw TeX"]),
        "matched": [{"entry": line.key, "paper": line.paper, "why": line.why} for line in report if line.mark == "="],
        "repaired": repaired,
        "skipped": [{"entry": line.key, "where": line.where, "reason": line.why} for line in report
                    if line.mark == "-" and line.category != "error" and id(line) not in drafts_skipped],
        "details": details,
    }


def difference(one: str, two: str, around: int = 30) -> tuple[str, str]:
    """Where two long texts first differ: a few words of each around that place."""
    at = next((index for index, (a, b) in enumerate(zip(one, two)) if a != b), min(len(one), len(two)))
    start = max(0, at - around)
    return (("…" if start else "") + one[start:at + around] + ("…" if at + around < len(one) else ""),
            ("…" if start else "") + two[start:at + around] + ("…" if at + around < len(two) else ""))


def _letters(text: str) -> str:
    """The letters of a title as written, case kept (``norm`` ignores case): "Fourier" is not "fourier"."""
    return "".join(character for character in norm(text, keep_case=True) if character.isalpha())


def _short(where: str) -> str:
    parts = Path(where).parts
    return str(Path(*parts[-2:])) if len(parts) > 2 else where


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "…"


# ----------------------------------------------------------------------------- one input


def measure(item: Input, root: Path, engine: str | None, timeout: float, kit: Path | None = None) -> dict:
    folder = root / item.key
    entries = read_input(item.path, item.owner)
    made = make_site(item, folder, timeout, kit)
    (root / f"{item.key}.new.log").write_text(made["stdout"] + made["stderr"], encoding="utf-8")  # the report
    result = {"key": item.key, "owner": item.owner, "input": str(item.path), "new_status": made["status"],
              "new_seconds": made["seconds"], "site": made["site"], "built": None, "build_seconds": None,
              "build_problems": [], "new_errors": [line for line in made["stderr"].splitlines() if line.strip()][-20:]}
    papers, highlighted = [], {item.owner}
    if made["site"]:
        data = yaml.safe_load((folder / "data/publications.yml").read_text(encoding="utf-8")) or {}
        papers = [paper for paper in data.get("papers") or [] if isinstance(paper, dict)]
        owner = data.get("owner") or {}
        highlighted = {str(owner.get("name") or item.owner), *map(str, owner.get("name_forms") or [])}
    site = None
    if made["site"] and engine:
        built = build_site(folder, engine, timeout)
        result.update(built=built["ok"], build_seconds=built["seconds"], build_problems=built["problems"][:20])
        site = folder / "site" if built["ok"] else None
    paths = sorted({str(item.path), *(str(entry.file) for entry in entries)}, key=len, reverse=True)
    report = parse_report(made["stdout"] + "\n" + made["stderr"], paths)
    result.update(compare(item, entries, papers, report, site, highlighted))
    if made["site"] and engine and site is None:
        result["figures"]["owner"] = [0, result["figures"]["owner"][1]]  # no page to show the owner on
    return result


# ----------------------------------------------------------------------------- printing


COLUMNS = [("input", 18), ("new", 3), ("site", 4), ("build", 5), ("entries", 7), ("papers", 6),
           *[(name, 9) for name in FIELDS], ("merged", 6), ("wrong", 5), ("2 titles", 8), ("skipped", 7),
           ("repaired", 8), ("drafts out", 10), ("raw TeX", 7)]


def _fraction(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "-"


def row(result: dict) -> list[str]:
    built = {True: "yes", False: "NO", None: "-"}[result["built"]]
    return [result["key"], str(result["new_status"]), "yes" if result["site"] else "NO", built,
            str(result["entries"]), str(result["papers"]), *[_fraction(result["figures"][name]) for name in FIELDS],
            str(len(result["merged"])), str(result["wrongly_merged"]), str(len(result["two_titles"])),
            str(len(result["skipped"])), str(len(result["repaired"])),
            f"{result['drafts_published']}/{result['drafts']}" if result["drafts"] else "-", str(result["raw_tex"])]


def totals(results: list[dict]) -> dict:
    figures = {name: [sum(r["figures"][name][0] for r in results), sum(r["figures"][name][1] for r in results)]
               for name in FIELDS}
    return {
        "inputs": len(results), "sites_made": sum(1 for r in results if r["site"]),
        "new_status_0": sum(1 for r in results if r["new_status"] == 0),
        "built": sum(1 for r in results if r["built"]),
        "build_tried": sum(1 for r in results if r["built"] is not None),
        "entries": sum(r["entries"] for r in results), "papers": sum(r["papers"] for r in results),
        "figures": figures, "percent": {name: round(100 * k / n, 1) if n else None for name, (k, n) in figures.items()},
        "merged": sum(len(r["merged"]) for r in results), "wrongly_merged": sum(r["wrongly_merged"] for r in results),
        "two_titles": sum(len(r["two_titles"]) for r in results), "skipped": sum(len(r["skipped"]) for r in results),
        "repaired": sum(len(r["repaired"]) for r in results), "drafts": sum(r["drafts"] for r in results),
        "drafts_published": sum(r["drafts_published"] for r in results), "raw_tex": sum(r["raw_tex"] for r in results),
        "silently_lost": sum(r["silently_lost"] for r in results),
        "local_files_absent": sum(r["local_files_absent"] for r in results),
        "new_seconds": round(sum(r["new_seconds"] for r in results), 1),
        "build_seconds": round(sum(r["build_seconds"] or 0 for r in results), 1),
    }


def print_markdown(results: list[dict], total: dict, out=sys.stdout) -> None:
    """The same table in Markdown, for benchmarks/README.md."""
    rows = [row(result) for result in results] + [_total_row(total)]
    print("| " + " | ".join(name for name, _ in COLUMNS) + " |", file=out)
    print("|---|" + "---:|" * (len(COLUMNS) - 1), file=out)
    for cells in rows:
        print("| " + " | ".join(cells) + " |", file=out)


def _total_row(total: dict) -> list[str]:
    built = f"{total['built']}/{total['build_tried']}" if total["build_tried"] else "-"
    return ["total", f"{total['new_status_0']}/{total['inputs']}", f"{total['sites_made']}/{total['inputs']}", built,
            str(total["entries"]), str(total["papers"]), *[_fraction(total["figures"][name]) for name in FIELDS],
            str(total["merged"]), str(total["wrongly_merged"]), str(total["two_titles"]), str(total["skipped"]),
            str(total["repaired"]), f"{total['drafts_published']}/{total['drafts']}" if total["drafts"] else "-",
            str(total["raw_tex"])]


def print_table(results: list[dict], total: dict, out=sys.stdout) -> None:
    print("  ".join(f"{name:>{width}}" if index else f"{name:<{width}}"
                    for index, (name, width) in enumerate(COLUMNS)), file=out)
    for result in results:
        cells = row(result)
        print("  ".join(f"{cell:>{width}}" if index else f"{cell:<{width}}"
                        for index, (cell, (_, width)) in enumerate(zip(cells, COLUMNS))), file=out)
    cells = _total_row(total)
    print("  ".join(f"{cell:>{width}}" if index else f"{cell:<{width}}"
                    for index, (cell, (_, width)) in enumerate(zip(cells, COLUMNS))), file=out)
    kept = ", ".join(f"{name} {value}%" for name, value in total["percent"].items() if value is not None)
    print(f"kept: {kept}; entries lost without a word: {total['silently_lost']}; local files the inputs name "
          f"but lack (not counted as links): {total['local_files_absent']}", file=out)
    print(f"time: pubsite new {total['new_seconds']} s, builds {total['build_seconds']} s (all inputs)", file=out)


def print_details(result: dict, limit: int, out=sys.stdout) -> None:
    lines = []
    if result["new_status"] and not result["papers"]:
        lines += [f"  pubsite new: {line}" for line in result["new_errors"][-limit:]]
    lines += [f"  build: {line}" for line in result["build_problems"][:limit]]
    for item in result["skipped"][:limit]:
        lines.append(f"  skipped {item['entry']} ({_short(item['where'])}): {item['reason']}")
    for item in result["merged"][:limit]:
        disagree = f" (they disagree on {', '.join(item['disagree'])})" if item["disagree"] else ""
        lines.append(f"  merged into '{item['paper']}': {', '.join(item['entries'])}{disagree}")
    for item in result["repaired"][:limit]:
        lines.append(f"  repaired {item['entry']}: {item['note']}")
    for name, found in result["details"].items():
        for text in found[:limit]:
            lines.append(f"  {name}: {text}")
        if len(found) > limit:
            lines.append(f"  {name}: … and {len(found) - limit} more (all in --json)")
    if lines:
        print(f"{result['key']}:", file=out)
        for line in lines:
            print(line, file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", nargs="?", type=Path, help="TSV: key, owner, path relative to the manifest")
    parser.add_argument("--bib", type=Path, help="one more input (a .bib file or a folder)")
    parser.add_argument("--owner", help="the owner's name for --bib")
    parser.add_argument("--key", help="the key of --bib in the table (default: its file name)")
    parser.add_argument("--engine", default="mkdocs", choices=("mkdocs", "properdocs"))
    parser.add_argument("--no-build", action="store_true", help="make the sites, do not build them")
    parser.add_argument("--keep", type=Path, help="make the sites in this folder and keep them")
    parser.add_argument("--json", type=Path, help="write the figures and their entries here")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--details", type=int, default=5, help="entries shown per kind of loss and input (default 5)")
    parser.add_argument("--kit", type=Path,
                        help="run pubsite new of this checkout of the kit (default: the installed one)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before pubsite new or a build is killed")
    arguments = parser.parse_args(argv)
    inputs = read_manifest(arguments.manifest) if arguments.manifest else []
    if arguments.bib:
        if not arguments.owner:
            parser.error("--bib needs --owner")
        inputs.append(Input(arguments.key or arguments.bib.stem, arguments.owner, arguments.bib.resolve()))
    if not inputs:
        parser.error("give a manifest, or --bib and --owner")
    if arguments.keep:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        taken = [item.key for item in inputs if (arguments.keep / item.key).exists()]
        if taken:
            parser.error(f"--keep {arguments.keep}: {', '.join(taken)} already there; give a new folder")
    root = arguments.keep.resolve() if arguments.keep else Path(tempfile.mkdtemp(prefix="import-corpus-"))
    results = []
    try:
        for item in inputs:
            print(f"… {item.key}", file=sys.stderr, flush=True)
            results.append(measure(item, root, None if arguments.no_build else arguments.engine, arguments.timeout,
                                   arguments.kit))
    finally:
        if not arguments.keep:
            shutil.rmtree(root, ignore_errors=True)
    total = totals(results)
    (print_markdown if arguments.markdown else print_table)(results, total)
    if arguments.details:
        print()
        for result in results:
            print_details(result, arguments.details)
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps({"engine": None if arguments.no_build else arguments.engine,
                                              "inputs": results, "total": total}, indent=1, ensure_ascii=False),
                                  encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
