"""Importing BibTeX: LaTeX and names decoded, papers merged without clobbering, files kept intact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, PROJECT_ROOT, build_ok, page

from pubsite.bibtex_import_yaml import append_papers
from pubsite.import_bibtex import convert_text, main, run

BIB = FIXTURES / "bibtex"
DATA = PROJECT_ROOT / "data" / "publications.yml"


def one(text: str):
    entries = convert_text(text, "test.bib")
    assert len(entries) == 1
    return entries[0]


def entry(authors: str = "Doe, Jane", title: str = "A Title", extra: str = "", kind: str = "inproceedings",
          key: str = "k") -> str:
    return f"@{kind}{{{key},\n author = {{{authors}}},\n title = {{{title}}},\n booktitle = {{Conf}},\n year = 2020,\n{extra}}}\n"


# ----------------------------------------------------------------------------- golden conversions


@pytest.mark.parametrize(
    "authors, expected",
    [
        ("Grathwohl, Will", ["Will Grathwohl"]),
        ("Will Grathwohl", ["Will Grathwohl"]),
        ("Ricky T. Q. Chen", ["Ricky T. Q. Chen"]),
        ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("van der Berg, Hans", ["Hans van der Berg"]),
        ("Steele, Jr., Guy L.", ["Guy L. Steele Jr."]),
        ("{OpenAI Team}", ["OpenAI Team"]),
        ("{Barnes and Noble, Inc.}", ["Barnes and Noble, Inc."]),
        ("Doe, Jane and John Smith", ["Jane Doe", "John Smith"]),
        ("Doe, Jane and others", ["Jane Doe"]),
    ],
)
def test_name_forms(authors: str, expected: list[str]):
    assert one(entry(authors=authors)).fields["authors"] == expected


def test_and_others_is_dropped_with_a_report_line():
    imported = one(entry(authors="Doe, Jane and others"))
    assert any("and others" in note for note in imported.notes)


@pytest.mark.parametrize(
    "latex, text",
    [
        ('J{\\"o}rn-Henrik Jacobsen', "Jörn-Henrik Jacobsen"),
        ("Ren\\'{e} Vidal", "René Vidal"),
        ("Hans Stra{\\ss}e", "Hans Straße"),
        ("{\\L}ukasz Kaiser", "Łukasz Kaiser"),
        ('Kurt G\\"odel', "Kurt Gödel"),
    ],
)
def test_accents_in_names(latex: str, text: str):
    assert one(entry(authors=latex)).fields["authors"] == [text]


@pytest.mark.parametrize(
    "latex, text",
    [
        ("{GAN}s are {B}ayesian", "GANs are Bayesian"),
        ("{{Protected Title}}", "Protected Title"),
        ("On $\\alpha$-Divergences", "On $\\alpha$-Divergences"),
        ("Learning in $\\mathcal{O}(n)$ {Memory}", "Learning in $\\mathcal{O}(n)$ Memory"),
        ("Caf\\'{e} \\& Stra{\\ss}e", "Café & Straße"),
    ],
)
def test_titles_latex_to_unicode_math_kept(latex: str, text: str):
    assert one(entry(title=latex)).fields["title"] == text


def test_string_macros_and_concatenation():
    bib = '@string{neurips = "Advances in Neural Information Processing Systems"}\n' \
          '@inproceedings{k, author = {Doe, Jane}, title = {T}, booktitle = neurips # " 33", year = 2020}\n'
    assert one(bib).fields["venue"] == "Advances in Neural Information Processing Systems 33"


def test_month_macro():
    imported = one(entry(extra=" month = jul,\n"))
    assert imported.month == "July"
    assert imported.skip_reason is None


def test_crossref_fills_booktitle_and_year_and_the_volume_is_skipped():
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    crossed = entries["smith2023crossed"]
    assert crossed.fields["venue"] == "Proceedings of the 40th International Conference on Machine Learning"
    assert crossed.fields["year"] == 2023
    assert "volume, not a paper" in entries["icml2023"].skip_reason


def test_golden_sample_entry():
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    first = entries["Jacobsen2024Invertible"]
    assert first.where == "sample.bib:4"
    assert first.fields == {
        "section": "conference",
        "title": "GANs and $\\alpha$-Divergences: Straße to Été",
        "authors": ["Jörn-Henrik Jacobsen", "Hans van der Berg Jr", "René Vidal", "OpenAI Team"],
        "venue": "Advances in Neural Information Processing Systems 36",
        "year": 2024,
        "doi": "10.5555/3600270.3601234",
        "links": {
            "proceedings": "https://proceedings.example.org/paper/2024/hash/abc.html",
            "pdf": "https://proceedings.example.org/paper/2024/file/abc.pdf",
        },
        "bibtex_key": "Jacobsen2024Invertible",
        "volume": "36",
        "pages": "12–20",
    }


@pytest.mark.parametrize(
    "key, section, venue, arxiv",
    [
        ("lee2025preprint", "preprint", "arXiv preprint", "2501.01234"),
        ("corr2019", "preprint", "arXiv preprint", "1905.04321"),
        ("doe2022journal", "journal", "Journal of Machine Learning Research", None),
        ("doe2021thesis", "thesis", "PhD thesis, University of Toronto", None),
        ("tech2020", "other", "Technical report, Stanford University", None),
    ],
)
def test_entry_types_map_to_sections(key, section, venue, arxiv):
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    fields = entries[key].fields
    assert (fields["section"], fields["venue"], fields.get("arxiv")) == (section, venue, arxiv)
    assert "links" not in fields  # arXiv URLs become the arxiv id, not a link


def test_arxiv_url_and_doi_url():
    imported = one(entry(kind="misc", extra=" url = {https://arxiv.org/abs/2010.04230v2},\n"))
    assert imported.fields["section"] == "preprint" and imported.fields["arxiv"] == "2010.04230v2"
    imported = one(entry(extra=" url = {https://doi.org/10.1000/xyz123},\n"))
    assert imported.fields["doi"] == "10.1000/xyz123" and "links" not in imported.fields


# ----------------------------------------------------------------------------- the command


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(tmp_path: Path, bib_text: str, *, dry_run: bool = False, data_text: str | None = None):
    data = write(tmp_path, "publications.yml", data_text if data_text is not None else DATA.read_text("utf-8"))
    bib = write(tmp_path, "refs.bib", bib_text)
    out = io.StringIO()
    status = run([str(bib)], str(data), dry_run=dry_run, out=out)
    return status, out.getvalue(), data


def test_existing_file_is_kept_byte_for_byte_and_new_papers_appended(tmp_path: Path):
    original = DATA.read_text("utf-8")
    status, report, data = run_import(tmp_path, (BIB / "sample.bib").read_text("utf-8"))
    assert status == 0, report
    updated = data.read_text("utf-8")
    assert updated.startswith(original)  # every comment and entry of the owner, unchanged
    appended = yaml.safe_load(updated)["papers"][len(yaml.safe_load(original)["papers"]):]
    assert [paper["id"] for paper in appended] == [
        "jacobsen2024invertible", "smith2023crossed", "lee2025preprint", "corr2019", "doe2022journal",
        "doe2021thesis", "tech2020",
    ]
    assert "Added 7" in report and "Skipped 1" in report and "icml2023" in report


def test_insertion_before_a_following_key_keeps_the_rest(tmp_path: Path):
    original = ("# top\nowner:\n  name: A B\npapers:\n  - id: one\n    section: other\n    title: One\n"
                "    authors: [A B]\n    venue: V\n    year: 2020\n    # about one\n\n# trailing\nextra: 1\n")
    updated = append_papers(original, [{"id": "two", "section": "other", "title": "Two", "authors": ["C D"],
                                        "venue": "V", "year": 2021}])
    head = original.split("\n# trailing")[0] + "\n"
    assert updated.startswith(head) and updated.endswith("\n# trailing\nextra: 1\n")
    assert yaml.safe_load(updated)["papers"][1]["id"] == "two"


MATCHES = [
    ("doi", 'doi = {10.1000/XYZ123},', "same DOI"),
    ("arxiv", "eprint = {2010.04230}, archivePrefix = {arXiv},", "same arXiv id"),
    ("title", "", "same title"),
]


@pytest.mark.parametrize("how, extra, why", MATCHES, ids=[m[0] for m in MATCHES])
def test_matching_papers_are_not_added_and_not_changed(tmp_path: Path, how, extra, why):
    data_text = DATA.read_text("utf-8") + (
        "\n  - id: owned\n    section: journal\n    title: \"The Owner's Title\"\n    authors: [Will Grathwohl]\n"
        "    venue: Owner's venue\n    year: 2019\n    doi: 10.1000/xyz123\n")
    title = "The Owner's Title" if how == "title" else "Another title entirely"
    if how == "arxiv":
        title = "VERA, as the bib calls it"
    bib = (f"@article{{bibkey, author = {{Someone, Else}}, title = {{{title}}}, journal = {{Other}}, year = 2023,"
           f" pages = {{1--2}}, {extra}}}\n")
    status, report, data = run_import(tmp_path, bib, data_text=data_text)
    assert status == 0, report
    assert data.read_text("utf-8") == data_text  # nothing added, nothing overwritten
    expected_id = "vera" if how == "arxiv" else "owned"
    assert f"existing paper '{expected_id}' ({why}" in report
    assert "Added 0" in report


def test_the_same_paper_twice_in_one_import_is_added_once(tmp_path: Path):
    bib = entry(key="a1") + entry(key="a2")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0
    assert "Added 1" in report and "existing paper 'a1' (same title)" in report


def test_ids_are_url_safe_and_unique(tmp_path: Path):
    bib = entry(key="VERA", title="Unrelated One") + entry(key="Weird:Key/2020", title="Unrelated Two")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0, report
    ids = [paper["id"] for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]]
    assert "vera-2" in ids and "weird-key-2020" in ids


def test_dry_run_writes_nothing(tmp_path: Path):
    status, report, data = run_import(tmp_path, (BIB / "sample.bib").read_text("utf-8"), dry_run=True)
    assert status == 0
    assert data.read_text("utf-8") == DATA.read_text("utf-8")
    assert "Added 7" in report and "Dry run" in report


def test_malformed_bib_names_file_and_line_and_writes_nothing(tmp_path: Path, capsys):
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    status = main([str(BIB / "sample.bib"), str(BIB / "malformed.bib"), "--data", str(data)])
    assert status == 1
    assert f"{BIB / 'malformed.bib'}:11:" in capsys.readouterr().err
    assert data.read_text("utf-8") == DATA.read_text("utf-8")


def test_entries_failing_validation_are_skipped_with_the_reason(tmp_path: Path):
    bib = entry(authors="Doe, Jane and Jane Doe")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0
    assert "listed twice" in report and data.read_text("utf-8") == DATA.read_text("utf-8")


def test_an_invalid_publication_list_is_not_touched(tmp_path: Path, capsys):
    broken = DATA.read_text("utf-8").replace("year: 2021", "year: twenty", 1)
    status, report, data = run_import(tmp_path, entry())
    data.write_text(broken, encoding="utf-8")
    status = run([str(tmp_path / "refs.bib")], str(data), out=io.StringIO())
    assert status == 1 and data.read_text("utf-8") == broken
    assert "must be valid before importing" in capsys.readouterr().err


def test_sections_no_page_lists_are_warned_about(project: Path):
    out = io.StringIO()
    status = run([str(BIB / "sample.bib")], str(project / "data" / "publications.yml"), dry_run=True, out=out)
    assert status == 0
    report = out.getvalue()
    for section in ("journal", "thesis", "other"):
        assert f"<!-- publications: {section} -->" in report
    assert "publications: conference" not in report


def test_imported_paper_builds_and_has_its_page(project: Path):
    bib = (BIB / "sample.bib").read_text("utf-8").split("@article{doe2022journal")[0]  # listed sections only
    (project / "refs.bib").write_text(bib, encoding="utf-8")
    out = io.StringIO()
    status = run([str(project / "refs.bib")], str(project / "data" / "publications.yml"), out=out)
    assert status == 0 and "Warning" not in out.getvalue(), out.getvalue()
    site = build_ok(project)
    paper = page(site, "papers/jacobsen2024invertible/")
    assert "Jörn-Henrik Jacobsen" in paper.get_text()
    assert "Straße" in paper.find("h1").get_text()
    assert page(site, "papers/lee2025preprint/").find("h1") is not None


def test_import_of_the_sites_own_export_changes_nothing(tmp_path: Path):
    """Import -> export (publications.bib) -> import again: every entry matches, the file is unchanged."""
    from pubsite.bibtex import bibtex_entry
    from pubsite.validation import read_publications

    exported = "\n".join(
        bibtex_entry(paper)
        for paper in read_publications(DATA, "data/publications.yml", PROJECT_ROOT / "docs").papers
    )
    empty = "owner:\n  name: Will Grathwohl\npapers: []\n"
    status, report, data = run_import(tmp_path, exported, data_text=empty)
    assert status == 0, report
    first = data.read_text(encoding="utf-8")
    imported = read_publications(data, "publications.yml", PROJECT_ROOT / "docs")
    # The two versions of "Backpropagation through the Void" share one arXiv id: imported once.
    assert len(imported.papers) == 13

    again = "\n".join(bibtex_entry(paper) for paper in imported.papers)
    bib = write(tmp_path, "again.bib", again)
    out = io.StringIO()
    assert run([str(bib)], str(data), dry_run=False, out=out) == 0, out.getvalue()
    assert data.read_text(encoding="utf-8") == first
    assert "Added 0" in out.getvalue(), out.getvalue()
    for paper in imported.papers:
        original = next(p for p in read_publications(DATA, "d", PROJECT_ROOT / "docs").papers
                        if p.citation_key == paper.bibtex_key)
        assert (paper.title, paper.authors, paper.year) == (original.title, original.authors, original.year)


LARGE = 2000


def test_a_large_bibliography_imports_and_every_entry_gets_its_page_and_list(project: Path):
    """Thousands of entries with every quirk: imported, then the site builds with all of them."""
    from bib_generator import generate_bibtex

    from pubsite.validation import read_publications

    bib = write(project, "refs.bib", generate_bibtex(LARGE))
    out = io.StringIO()
    assert run([str(bib)], str(project / "data/publications.yml"), dry_run=False, out=out) == 0, out.getvalue()
    assert f"Wrote {LARGE} new paper(s)" in out.getvalue()
    publications = read_publications(project / "data/publications.yml", "d", project / "docs")
    assert len(publications.papers) == 14 + LARGE

    # Journal articles and theses need a page that lists them.
    (project / "docs/publications/other.md").write_text(
        "# Journal articles and theses\n\n<!-- publications: journal, thesis, other -->\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - publications/workshops.md\n", "      - publications/workshops.md\n      - publications/other.md\n"
    ), encoding="utf-8")
    site = build_ok(project)

    listed = set()
    for url in ("conference", "preprints", "workshops", "other"):
        listed |= {li["id"] for li in page(site, f"publications/{url}/").select("li.pub")}
    assert listed == {paper.id for paper in publications.papers}
    for paper in publications.papers[14::97]:
        soup = page(site, f"papers/{paper.id}/")
        assert soup.find("meta", attrs={"name": "citation_title"})["content"] == paper.title
    missing = [paper.id for paper in publications.papers if not (site / "papers" / paper.id / "index.html").is_file()]
    assert not missing
