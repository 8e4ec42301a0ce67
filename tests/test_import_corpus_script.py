"""The corpus benchmark measures what it says (``benchmarks/import_corpus.py``, issue 25).

The script is run on a tiny manifest of two invented inputs (a ``.bib`` and a Hugo Blox folder),
and the figures it prints are checked against what those inputs hold. Its comparison and its
reading of the importer's report are checked on hand-made papers too: a measurement that cannot
see a loss would report 100 % whatever the importer does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGINE, PROJECT_ROOT, mkdocs_env

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))

from corpus_inputs import read_bib_text, read_input  # noqa: E402
from import_corpus import Input, compare, parse_report  # noqa: E402

SCRIPT = PROJECT_ROOT / "benchmarks" / "import_corpus.py"
OWNER = "Ada Example"

BIB = r"""@string{ICX = "International Conference on Examples"}

@inproceedings{example2021waves,
  title = {Waves in {B}ounded Domains},
  author = {Example, Ada and Quinn, Bo},
  booktitle = ICX,
  year = 2021,
  url = {https://example.org/waves},
  abstract = {We study waves. They are bounded.},
}

@article{quinn2019tides,
  title = {Tides of J{\"o}rn},
  author = {Bo Quinn and Ada Example},
  journal = {Journal of Invented Results},
  year = {2019},
  doi = {10.1234/jir.2019.7},
}

@misc{untitled2020,
  author = {Ada Example},
  year = {2020},
}
"""

HUGO_PAGE = """---
title: Sampling Invented Landscapes
authors:
- admin
- Bo Quinn
date: '2022-03-01'
publication_types: ['article-journal']
publication: Example Letters
abstract: We sample landscapes that do not exist.
url_code: https://example.org/code/landscapes
---
"""


def write_inputs(root: Path) -> Path:
    """Two inputs as researchers keep them, and the manifest naming them; returns the manifest."""
    (root / "ada/_bibliography").mkdir(parents=True)
    (root / "ada/_bibliography/papers.bib").write_text(BIB, encoding="utf-8")
    pages = root / "hugo/content/publication"
    (pages / "example-2022-sampling").mkdir(parents=True)
    (pages / "_index.md").write_text("---\ntitle: Publications\n---\n", encoding="utf-8")
    (pages / "example-2022-sampling/index.md").write_text(HUGO_PAGE, encoding="utf-8")
    manifest = root / "manifest.tsv"
    manifest.write_text("# key\towner\tpath\n"
                        f"bib_ada\t{OWNER}\tada/_bibliography/papers.bib\n"
                        f"hugo_ada\t{OWNER}\thugo/content/publication\n", encoding="utf-8")
    return manifest


def run_script(*arguments: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True,
                            timeout=600, env=mkdocs_env())
    assert result.returncode == 0, result.stderr
    return result


def table_rows(output: str) -> dict[str, list[str]]:
    lines = output.splitlines()
    header = lines[0].split()
    assert header[:6] == ["input", "new", "site", "build", "entries", "papers"]
    rows = {}
    for line in lines[1:]:
        if not line.strip() or line.startswith("kept:"):
            break
        cells = line.split()
        rows[cells[0]] = cells
    return rows


COLUMNS = ["input", "new", "site", "build", "entries", "papers", "titles", "authors", "owner", "venues", "years",
           "links", "abstracts", "merged", "wrong", "2titles", "skipped", "repaired", "drafts", "rawtex"]


def figures(row: list[str]) -> dict[str, str]:
    return dict(zip(COLUMNS, row))


def test_the_script_prints_what_two_inputs_kept(tmp_path: Path):
    manifest = write_inputs(tmp_path / "inputs")
    result = run_script(str(manifest), "--no-build", "--json", str(tmp_path / "figures.json"))
    rows = table_rows(result.stdout)

    bib = figures(rows["bib_ada"])
    # Three entries; the untitled one cannot be a paper: skipped, so its authors, year and the
    # owner's place in it are lost, and nothing else is.
    assert (bib["new"], bib["site"], bib["build"], bib["entries"], bib["papers"]) == ("1", "yes", "-", "3", "2")
    assert [bib[name] for name in ("titles", "authors", "owner", "venues", "years")] == \
        ["2/2", "2/3", "2/3", "2/2", "2/3"]
    assert [bib[name] for name in ("links", "abstracts", "skipped", "merged", "2titles")] == \
        ["2/2", "1/1", "1", "0", "0"]

    hugo = figures(rows["hugo_ada"])
    assert (hugo["new"], hugo["site"], hugo["entries"], hugo["papers"]) == ("0", "yes", "1", "1")
    kept = ("titles", "authors", "owner", "venues", "years", "links", "abstracts")
    assert [hugo[name] for name in kept] == ["1/1"] * len(kept)

    total = figures(rows["total"])
    assert [total[name] for name in ("new", "site", "entries", "papers", "titles")] == ["1/2", "2/2", "4", "3", "3/3"]
    assert "titles 100.0%" in result.stdout and "authors 75.0%" in result.stdout

    written = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert written["total"]["figures"]["links"] == [3, 3]
    skipped, = written["inputs"][0]["skipped"]
    assert skipped["entry"] == "untitled2020" and skipped["where"].endswith("papers.bib:20") and skipped["reason"]
    # The details name the entry behind each loss.
    assert "untitled2020" in result.stdout.split("bib_ada:", 1)[1]


def test_the_script_builds_the_sites_and_finds_the_owner_on_the_pages(tmp_path: Path):
    manifest = write_inputs(tmp_path / "inputs")
    (manifest.parent / "one.tsv").write_text(f"bib_ada\t{OWNER}\tada/_bibliography/papers.bib\n", encoding="utf-8")
    result = run_script(str(manifest.parent / "one.tsv"), "--engine", ENGINE, "--keep", str(tmp_path / "sites"))
    bib = figures(table_rows(result.stdout)["bib_ada"])
    assert (bib["site"], bib["build"], bib["papers"], bib["owner"]) == ("yes", "yes", "2", "2/3")
    assert (tmp_path / "sites/bib_ada/site/papers/example2021waves/index.html").is_file()


# ----------------------------------------------------------------------------- the measurement itself


def _entries(tmp_path: Path) -> list:
    path = tmp_path / "papers.bib"
    path.write_text(BIB, encoding="utf-8")
    return [entry for entry in read_input(path, OWNER)]


def test_a_lost_abstract_link_or_author_is_counted_and_named(tmp_path: Path):
    entries = _entries(tmp_path)
    papers = [
        {"id": "example2021waves", "title": "Waves in Bounded Domains", "authors": ["Ada Example"],  # Bo Quinn lost
         "venue": "International Conference on Examples", "year": 2021},  # no summary, no link
        {"id": "quinn2019tides", "title": "Tides of Jorn", "authors": ["Bo Quinn", "Ada Example"],  # accent lost
         "venue": "Journal of Invented Results", "year": 2019, "doi": "10.1234/JIR.2019.7"},
    ]
    result = compare(Input("x", OWNER, tmp_path), entries, papers, [], None, {OWNER})
    assert result["figures"]["abstracts"] == [0, 1]
    assert result["figures"]["links"] == [1, 2]  # the DOI kept (any case), the URL lost
    assert result["figures"]["authors"] == [1, 3]  # Bo Quinn lost from the first; the untitled one has no paper
    assert result["figures"]["titles"] == [1, 2]  # "Jorn" is not "Jörn"
    assert result["silently_lost"] == 1  # the untitled entry: no paper, and no report says why
    assert any("example2021waves" in line and "example.org/waves" in line for line in result["details"]["links"])


def test_two_titles_in_one_paper_are_found(tmp_path: Path):
    entries = _entries(tmp_path)[:2]
    papers = [{"id": "example2021waves", "title": "Waves in Bounded Domains", "authors": ["Ada Example", "Bo Quinn"],
               "venue": "International Conference on Examples", "year": 2021}]
    report = parse_report(
        f"Added 1:\n  + {entries[0].file}:3 example2021waves -> new paper 'example2021waves' (conference)\n"
        f"Matched 1 (not added; the existing paper is left as it is):\n"
        f"  = {entries[0].file}:12 quinn2019tides -> existing paper 'example2021waves' (same DOI 10.1234/x)\n",
        [str(entries[0].file)])
    result = compare(Input("x", OWNER, tmp_path), entries, papers, report, None, {OWNER})
    assert result["two_titles"] == [{"paper": "example2021waves",
                                     "titles": ["Tides of J{\\\"o}rn", "Waves in {B}ounded Domains"]}]
    assert result["wrongly_merged"] == 1
    assert result["matched"] == [{"entry": "quinn2019tides", "paper": "example2021waves", "why": "same DOI 10.1234/x"}]


def test_the_report_is_read_line_by_line(tmp_path: Path):
    page = tmp_path / "_publications/2020-01-01-x.md"
    text = (f"Read 2 entries from {tmp_path / '_publications'}.\nAdded 0:\nMatched 0 (not added):\nSkipped 2:\n"
            f"  - {page} (with 2020-01-01-x.bib) example2020x: no year (got 'nothing')\n"
            f"  - {tmp_path / 'a.bib'}:7 bad-key: no title\n      note: fix: add a title\n"
            "error: 2 of 2 entries were skipped\n")
    first, second = parse_report(text, [str(page), str(tmp_path / "a.bib")])
    assert (first.mark, first.category, first.where, first.key, first.why) == (
        "-", "Skipped", str(page), "example2020x", "no year (got 'nothing')")
    assert (second.file, second.line, second.key, second.why, second.notes) == (
        str(tmp_path / "a.bib"), 7, "bad-key", "no title", ["fix: add a title"])


def test_the_reader_reads_each_entry_of_a_broken_file(tmp_path: Path):
    """A missing comma, an undefined macro and a repeated key cost the reader nothing: each entry
    is read alone, and what pybtex refuses the lenient scan reads."""
    text = ("@article{one,\n  title = {First Invented Title}\n  author = {Ada Example},\n  year = 2001,\n}\n"
            "@article{two,\n  title = {Second Invented Title},\n  author = {Ada Example},\n  month = July,\n"
            "  year = 2002,\n}\n"
            "@article{two,\n  title = {Third Invented Title},\n  author = {Bo Quinn},\n  year = 2003,\n}\n")
    entries = read_bib_text(text, tmp_path / "broken.bib")
    assert [(entry.key, entry.line, entry.titles, entry.years) for entry in entries] == [
        ("one", 1, ["First Invented Title"], [2001]),
        ("two", 6, ["Second Invented Title"], [2002]),
        ("two", 12, ["Third Invented Title"], [2003]),
    ]
    assert entries[0].read_note.startswith("pybtex refused it") and entries[2].read_note is None


@pytest.mark.parametrize("draft", ["true", "false"])
def test_the_reader_knows_a_hugo_draft(tmp_path: Path, draft: str):
    folder = tmp_path / "content/publication"
    (folder / "p").mkdir(parents=True)
    (folder / "p/index.md").write_text(HUGO_PAGE.replace("---\n", f"---\ndraft: {draft}\n", 1), encoding="utf-8")
    entry, = read_input(folder, OWNER)
    assert entry.draft is (draft == "true")
    assert entry.author_names == [OWNER, "Bo Quinn"] and entry.venues == ["Example Letters"] and entry.years == [2022]
