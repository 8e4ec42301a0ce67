"""Importing a researcher's existing bibliography keeps everything, or says what it did not keep.

The fixture is an al-folio site's ``_bibliography/papers.bib`` with its ``assets/pdf/`` (invented
people and papers): the fields al-folio adds (``abbr``, ``arxiv``, ``code``, ``video``, ``website``,
``html``, ``slides``, ``supp``, ``award``, ``award_name``, ``selected``, a local ``pdf`` and a
``preview`` picture in ``assets/img/publication_preview/``), an abstract
with a bare ``%``, an unknown macro, ``\\url`` and ``\\href``; kinds of work that need a home (an
``@inproceedings`` at "arXiv", a ``@misc`` with no venue, a ``@book``), and one entry that cannot be
a paper (no authors).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import build_ok, page
from pubsite.importers.bibtex_entry import markdown_literal
from pubsite.importers.import_bibtex import convert_text, read_bibtex, run
from pubsite.importers.latex_text import latex_to_text

ALFOLIO = Path(__file__).parent / "fixtures" / "alfolio"
PAPERS_BIB = ALFOLIO / "_bibliography" / "papers.bib"


@pytest.fixture(scope="module")
def entries():
    return {item.key: item for item in read_bibtex(PAPERS_BIB)}


def test_alfolio_fields_become_the_papers_fields(entries):
    fields = entries["example2024flows"].fields
    assert fields["venue"] == "ICLR"
    assert fields["venue_full"] == "International Conference on Learning Representations"
    assert fields["arxiv"] == "2401.01234"
    assert fields["selected"] is True
    assert fields["honours"] == ["Oral", "Top 1.2% of submissions"]
    assert fields["links"] == {
        "code": "https://github.com/example/flows",
        "video": "https://example.org/talks/flows",
        "project": "https://example.org/flows",
        "slides": "https://example.org/flows/slides.pdf",
    }
    local = entries["example2024flows"].local_files
    assert [(item.kind, item.source) for item in local] == [
        ("pdf", (ALFOLIO / "assets/pdf/example2024.pdf").resolve()),
        ("preview", (ALFOLIO / "assets/img/publication_preview/flows.png").resolve()),
    ]
    other = entries["sample2023arxiv"].fields["links"]
    assert other == {"proceedings": "https://example.org/sample2023",
                     "other": {"url": "https://example.org/sample2023/supp.zip", "label": "Supplementary material"}}


def test_what_is_not_kept_is_named_per_entry_and_field(entries):
    notes = entries["example2024flows"].notes
    assert not [note for note in notes if "preview" in note]
    assert "not kept: bibtex_show (every paper page offers its BibTeX)" in notes
    assert not [note for note in notes if "no such field" in note]
    assert entries["example2024flows"].fields["publisher"] == "OpenReview"
    assert "kept as written in abstract (LaTeX the importer cannot convert): \\ourdata" in notes
    missing = " ".join(entries["example2022misc"].notes)
    assert "not kept: pdf 'missing-notes.pdf': no such file in" in missing
    assert "put it in docs/papers/<id>/ and add it under links: pdf:" in missing
    assert "not kept: google_scholar_id" in missing
    book = entries["sample2021book"]
    assert (book.fields["venue"], book.fields["address"]) == ("Example Press", "Exampletown")
    assert "publisher" not in book.fields  # it is the venue already
    assert not [note for note in book.notes if "not kept" in note]


def test_abstract_text_is_never_cut_or_swallowed(entries):
    summary = entries["example2024flows"].fields["summary"]
    assert summary == markdown_literal(
        "We reach a success rate of less than 10% of the baseline's cost, resulting in \\ourdata, a large-scale "
        "benchmark; see https://example.org/data_set and our site (https://example.org)."
    )


@pytest.mark.parametrize("latex, text", [
    (r"less than 10% of it", "less than 10% of it"),
    (r"5\% and 10%", "5% and 10%"),
    (r"in \dataset, a set", r"in \dataset, a set"),
    (r"\url{https://x.org/a_b~c%20d}", "https://x.org/a_b~c%20d"),
    (r"\href{https://x.org}{the \emph{site}}", "the site (https://x.org)"),
    (r"$\alpha \mymacro$ stays math", r"$\alpha \mymacro$ stays math"),
    (r"a line\\ break", "a line break"),
])
def test_latex_conversion_keeps_what_it_cannot_convert(latex, text):
    unknown: set[str] = set()
    assert latex_to_text(latex, unknown=unknown) == text
    assert unknown == ({"\\dataset"} if "dataset" in latex else set())


def test_every_kind_of_entry_has_a_home(entries):
    assert entries["sample2023arxiv"].fields["section"] == "preprint"
    assert entries["sample2023arxiv"].section_reason == "its booktitle is arXiv"
    assert entries["sample2023arxiv"].fields["venue"] == "arXiv preprint"
    misc = entries["example2022misc"]
    assert (misc.fields["section"], misc.fields["venue"]) == ("other", "Manuscript")
    assert "the entry names no venue (booktitle, journal, howpublished, publisher): shown as 'Manuscript'" in misc.notes
    book = entries["sample2021book"]
    assert (book.fields["section"], book.fields["venue"]) == ("other", "Example Press")
    assert entries["nobody2020"].skip_reason == "no authors"


def test_editors_number_publisher_and_address_are_kept_for_citations():
    [item] = convert_text("@incollection{c, title={Chapter}, author={A, B}, editor={Editor, Eve and Other, Olaf}, "
                          "booktitle={The Book}, publisher={Press}, address={Town}, number={7}, year={2020}, "
                          "keywords={x, y}}", "c.bib")
    fields = item.fields
    assert (fields["editors"], fields["publisher"], fields["address"], fields["number"]) == (
        ["Eve Editor", "Olaf Other"], "Press", "Town", "7")
    assert "not kept (the publication list has no such field): keywords" in item.notes


def test_an_arxiv_only_misc_is_a_preprint():
    [item] = convert_text("@misc{a, title={T}, author={A, B}, year={2020}, eprint={2001.01234}, "
                          "archivePrefix={arXiv}, primaryClass={cs.LG}}", "a.bib")
    assert (item.fields["section"], item.fields["venue"], item.fields["arxiv"]) == ("preprint", "arXiv preprint",
                                                                                   "2001.01234")
    assert not [note for note in item.notes if "not kept" in note]


def test_a_taken_citation_key_does_not_cost_the_paper(tmp_path: Path):
    data = tmp_path / "publications.yml"
    data.write_text("owner:\n  name: Ada Example\npapers:\n  - id: other\n    section: other\n    title: Other\n"
                    "    authors: [Ada Example]\n    venue: V\n    year: 2020\n    bibtex_key: taken\n",
                    encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{taken, title={New}, author={Example, Ada}, year={2021}, howpublished={Blog}}\n",
                   encoding="utf-8")
    out = io.StringIO()
    assert run([str(bib)], str(data), out=out) == 0, out.getvalue()
    [added] = yaml.safe_load(data.read_text("utf-8"))["papers"][1:]
    assert added["title"] == "New" and "bibtex_key" not in added and added["id"] != "taken"
    assert "the citation key 'taken' is already used by paper 'other'" in out.getvalue()


def adopting_project(tmp_path: Path, project: Path) -> Path:
    """The site's project, its papers replaced by an adopter's empty list: whose site it is matters not."""
    (project / "data" / "publications.yml").write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    for markdown in (project / "docs").rglob("*.md"):
        if markdown.parent.name == "papers":
            markdown.unlink()
    (project / "docs" / "index.md").write_text("# Ada Example\n\n<!-- publications: selected -->\n", encoding="utf-8")
    for name in ("talks.md", "awards.md"):
        (project / "docs" / name).write_text(f"# {name[:-3].title()}\n\nNothing yet.\n", encoding="utf-8")
    (project / "data" / "cv.yml").write_text("sections:\n  - id: publications\n    title: Publications\n"
                                             "    publications: {}\npdf:\n  file: assets/cv.pdf\n", encoding="utf-8")
    (project / "data" / "coauthors.yml").unlink(missing_ok=True)  # links for the old papers' people
    config = project / "mkdocs.yml"  # no topics yet: no topics page to list
    config.write_text(config.read_text(encoding="utf-8").replace("  - Topics: topics/index.md\n", ""), encoding="utf-8")
    return project


def test_an_alfolio_bibliography_imports_end_to_end_and_builds(tmp_path: Path, project: Path, capsys):
    project = adopting_project(tmp_path, project)
    site_copy = tmp_path / "alfolio"
    shutil.copytree(ALFOLIO, site_copy)
    data = project / "data" / "publications.yml"
    out = io.StringIO()
    status = run([str(site_copy / "_bibliography/papers.bib")], str(data), out=out)
    report = out.getvalue()
    # One entry has no authors: the rest is written, and the command fails saying so.
    assert status == 1 and "1 of 5 entries were skipped" in capsys.readouterr().err
    assert "Added 4" in report and "nobody2020: no authors" in report
    copied = project / "docs/papers/example2024flows/example2024.pdf"
    assert copied.read_bytes() == (ALFOLIO / "assets/pdf/example2024.pdf").read_bytes()
    thumbnail = project / "docs/papers/example2024flows/flows.png"
    assert thumbnail.read_bytes() == (ALFOLIO / "assets/img/publication_preview/flows.png").read_bytes()
    imported = {paper["id"]: paper for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]}
    assert imported["example2024flows"]["preview"] == "papers/example2024flows/flows.png"
    assert "docs/publications/other.md lists 'other'" in report

    site = build_ok(project)
    home = page(site, "")
    assert home.find("li", id="example2024flows") is not None  # selected = {true}
    picture = home.find("li", id="example2024flows").find("img", class_="pub-thumb")
    assert (picture["src"], picture["width"], picture["height"]) == ("papers/example2024flows/flows.png", "96", "64")
    paper = page(site, "papers/example2024flows/")
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in paper.select("a[href]")}
    assert hrefs.get("PDF") == "example2024.pdf"
    assert (site / "papers/example2024flows/example2024.pdf").is_file()
    assert hrefs.get("Code") == "https://github.com/example/flows"
    assert "Oral" in paper.get_text() and "\\ourdata" in paper.get_text()
    assert page(site, "publications/other/").find("li", id="sample2021book") is not None

    # Importing again adds nothing and changes nothing: every paper is matched.
    before = data.read_text("utf-8")
    again = io.StringIO()
    run([str(site_copy / "_bibliography/papers.bib")], str(data), out=again)
    assert "Added 0" in again.getvalue() and "Matched 4" in again.getvalue()
    assert data.read_text("utf-8") == before


UPDATE_BEFORE = """@inproceedings{flows,
  title = {Example Flows},
  author = {Example, Ada},
  booktitle = {International Conference on Learning Representations},
  year = {2024},
}
"""
UPDATE_AFTER = """@inproceedings{flows,
  title = {Example Flows, Revised},
  author = {Example, Ada},
  booktitle = {International Conference on Learning Representations},
  year = {2024},
  month = may,
  code = {https://github.com/example/flows},
  doi = {10.1000/flows},
}
"""


def test_update_adds_what_a_paper_lacks_keeps_what_the_owner_wrote_and_shows_each_change(tmp_path: Path):
    data = tmp_path / "publications.yml"
    data.write_text("# my list\nowner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(UPDATE_BEFORE, encoding="utf-8")
    assert run([str(bib)], str(data), out=io.StringIO()) == 0
    # The owner edits the entry by hand: a short venue and a comment of their own.
    text = data.read_text("utf-8").replace("venue: International Conference on Learning Representations",
                                           "venue: ICLR 2024   # short, as I like it")
    data.write_text(text, encoding="utf-8")
    bib.write_text(UPDATE_AFTER, encoding="utf-8")

    plain_import = io.StringIO()
    assert run([str(bib)], str(data), out=plain_import) == 0  # without --update: matched, untouched
    assert "Matched 1" in plain_import.getvalue() and data.read_text("utf-8") == text

    dry = io.StringIO()
    assert run([str(bib)], str(data), update=True, out=dry) == 0
    report = dry.getvalue()
    assert "+ month: 5" in report and "+ doi: '10.1000/flows'" in report
    assert "+ links: {'code': 'https://github.com/example/flows'}" in report
    assert ("= title kept: 'Example Flows' (the bibliography says 'Example Flows, Revised'; --overwrite title "
            "to take it)") in report
    assert "= venue kept: 'ICLR 2024'" in report
    assert "Run again with --write" in report and data.read_text("utf-8") == text

    assert run([str(bib)], str(data), update=True, write=True, out=io.StringIO()) == 0
    written = data.read_text("utf-8")
    paper = yaml.safe_load(written)["papers"][0]
    assert (paper["title"], paper["venue"], paper["month"], paper["doi"]) == (
        "Example Flows", "ICLR 2024", 5, "10.1000/flows")
    assert paper["links"] == {"code": "https://github.com/example/flows"}
    assert written.startswith("# my list\n") and "venue: ICLR 2024   # short, as I like it\n" in written
    assert written.replace("    month: 5\n", "").replace("    doi: 10.1000/flows\n", "").replace(
        "    links:\n      code: https://github.com/example/flows\n", "") == text  # only lines added

    assert run([str(bib)], str(data), update=True, write=True, overwrite={"title"}, out=io.StringIO()) == 0
    paper = yaml.safe_load(data.read_text("utf-8"))["papers"][0]
    assert (paper["title"], paper["venue"]) == ("Example Flows, Revised", "ICLR 2024")
    assert "# short, as I like it" in data.read_text("utf-8")


def test_overwrite_without_update_is_refused(tmp_path: Path, capsys):
    from pubsite.importers.import_bibtex import main

    assert main(["refs.bib", "--overwrite", "title"]) == 2
    assert "--overwrite needs --update" in capsys.readouterr().err


def test_update_brings_a_new_thumbnail_and_copies_it(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    data = tmp_path / "data" / "publications.yml"
    data.parent.mkdir()
    data.write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    bib = tmp_path / "bib" / "refs.bib"
    bib.parent.mkdir()
    bib.write_text(UPDATE_BEFORE, encoding="utf-8")
    assert run([str(bib)], str(data), out=io.StringIO()) == 0
    shutil.copy(ALFOLIO / "assets/img/publication_preview/flows.png", bib.parent / "figure.png")
    bib.write_text(UPDATE_BEFORE.replace("year = {2024},", "year = {2024},\n  preview = {figure.png},"), "utf-8")

    dry = io.StringIO()
    assert run([str(bib)], str(data), update=True, out=dry) == 0
    assert "+ preview: 'papers/flows/figure.png'" in dry.getvalue()
    assert not (tmp_path / "docs/papers/flows/figure.png").exists()  # a dry run copies nothing

    assert run([str(bib)], str(data), update=True, write=True, out=io.StringIO()) == 0
    assert yaml.safe_load(data.read_text("utf-8"))["papers"][0]["preview"] == "papers/flows/figure.png"
    assert (tmp_path / "docs/papers/flows/figure.png").read_bytes() == (bib.parent / "figure.png").read_bytes()
