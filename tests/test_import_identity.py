"""Identity that never loses work, and a report a person can act on (``pubsite import``).

Two entries are one paper only when their titles, years and authors agree (case, accents, braces
and initials aside); a shared DOI or arXiv id with another title is named, never merged; the same
title and authors at another venue become papers linked by ``versions``; an arXiv preprint is read
into its published version. Every shape is a small invented bibliography, written here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from conftest import build_ok, page

from pubsite.importers.import_bibtex import convert_text, plan, run
from pubsite.importers.paper_identity import ANOTHER, PREPRINT, SAME, VERSIONS, authors_agree, relation, title_key

EMPTY_LIST = "owner:\n  name: Ada Example\npapers: []\n"


def bib_entry(key: str, title: str, *, authors: str = "Example, Ada and Sample, Bo", kind: str = "inproceedings",
              venue: str = "booktitle = {Conference on Example Learning}", year: int = 2021, extra: str = "") -> str:
    return (f"@{kind}{{{key},\n  author = {{{authors}}},\n  title = {{{title}}},\n  {venue},\n  year = {{{year}}},\n"
            f"{extra}}}\n\n")


def import_text(tmp_path: Path, bib: str, data_text: str = EMPTY_LIST, **options) -> tuple[int, str, list[dict]]:
    """Import ``bib`` into a list holding ``data_text``: (exit status, report, the papers written)."""
    data = tmp_path / "publications.yml"
    data.write_text(data_text, encoding="utf-8")
    source = tmp_path / "refs.bib"
    source.write_text(bib, encoding="utf-8")
    out = io.StringIO()
    status = run([str(source)], str(data), out=out, **options)
    return status, out.getvalue(), yaml.safe_load(data.read_text("utf-8"))["papers"] or []


def entry_block(report: str, key: str) -> str:
    """The report's lines about one entry: its own line and the indented lines under it."""
    lines = report.splitlines()
    start = next(number for number, line in enumerate(lines) if f" {key} -> " in line or f" {key}: " in line)
    end = next((number for number in range(start + 1, len(lines)) if not lines[number].startswith("      ")),
               len(lines))
    return "\n".join(lines[start:end])


# ----------------------------------------------------------------------------- the rule, plain Python


def test_titles_compare_folded_in_every_script():
    assert title_key("{WAVES:} Continuous dynamics") == title_key("Waves: continuous Dynamics")
    assert title_key("Über Gezeiten") == title_key("Uber gezeiten")
    assert title_key("深度学习的潮汐 2") != title_key("机器学习的潮汐 2")  # never both "2"


def test_authors_agree_in_any_order_with_initials_but_not_with_other_people():
    assert authors_agree(["Ada Example", "Bo Sample"], ["Sample, B.", "A. Example"][::-1])
    assert authors_agree(["Ada B. Example"], ["A. Example"])
    assert not authors_agree(["Ada Example"], ["Alan Turing-Example"])
    assert not authors_agree(["Ada Example", "Bo Sample"], ["Ada Example"])
    assert authors_agree(["Ada Example"], ["Ada Example", "Bo Sample"], first_cut=True)  # "and others"


@pytest.mark.parametrize("second, expected", [
    ({"section": "conference", "year": 2021, "pages": "1–9"}, SAME),
    ({"section": "journal", "year": 2022}, VERSIONS),
    ({"section": "workshop", "year": 2020}, VERSIONS),
    ({"section": "preprint", "year": 2020, "arxiv": "2001.00001"}, PREPRINT),
    ({"section": "conference", "year": 2021, "pages": "10--19"}, ANOTHER),
    ({"section": "conference", "year": 2021, "doi": "10.1000/other"}, ANOTHER),
])
def test_how_two_records_of_one_work_stand(second, expected):
    first = {"section": "conference", "year": 2021, "venue": "CEL 2021", "pages": "1--9", "doi": "10.1000/one"}
    assert relation(first, second) == expected


# ----------------------------------------------------------------------------- one shape each


@pytest.mark.parametrize("identifier, field", [("arXiv id 2101.00001", "eprint = {2101.00001}, archivePrefix = {arXiv},"),
                                               ("DOI 10.1000/shared", "doi = {10.1000/shared},")],
                         ids=["arxiv", "doi"])
def test_a_shared_identifier_with_different_titles_imports_both_and_names_it_on_both(tmp_path: Path, identifier,
                                                                                     field):
    bib = (bib_entry("tides", "Tides of the Example Sea", extra=f"  {field}\n")
           + bib_entry("currents", "Currents Nobody Measured", extra=f"  {field}\n"))
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0, report
    assert [paper["title"] for paper in papers] == ["Tides of the Example Sea", "Currents Nobody Measured"]
    assert (f"check: same {identifier} as 'currents' but a different title: both imported"
            in entry_block(report, "tides")), report
    assert (f"check: same {identifier} as 'tides' but a different title: both imported"
            in entry_block(report, "currents")), report
    assert "Matched 0" in report and report.rstrip().endswith("identifiers to check 2.")


def test_a_shared_doi_with_a_paper_already_in_the_list_adds_the_entry_and_names_the_paper(tmp_path: Path):
    listed = EMPTY_LIST.replace("papers: []\n", (
        "papers:\n  - id: owned\n    section: conference\n    title: \"Tides of the Example Sea\"\n"
        "    authors: [Ada Example, Bo Sample]\n    venue: CEL 2021\n    year: 2021\n    doi: 10.1000/shared\n"))
    status, report, papers = import_text(tmp_path, bib_entry("other", "A Title of Its Own",
                                                             extra="  doi = {10.1000/SHARED},\n"), listed)
    assert status == 0 and [paper["id"] for paper in papers] == ["owned", "other"], report
    assert "check: same DOI 10.1000/shared as 'owned' but a different title" in entry_block(report, "other")


def test_the_same_title_by_other_authors_is_a_paper_of_its_own(tmp_path: Path):
    """A column every issue runs ("Editorial comments"), each by its own editor: never merged."""
    bib = "".join(bib_entry(f"ed{number}", "Editorial Comments", authors=author, kind="article",
                            venue="journal = {Example Letters}", year=2019)
                  for number, author in enumerate(["Example, Ada", "Sample, Bo", "Quinn, Dara"]))
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0, report
    assert [paper["authors"] for paper in papers] == [["Ada Example"], ["Bo Sample"], ["Dara Quinn"]]
    assert "same title as 'ed0' (and 1 more) but other authors: a paper of its own" in entry_block(report, "ed2")
    assert "Matched 0" in report and not any("versions" in paper for paper in papers)


def test_the_same_column_by_the_same_editor_in_each_issue_is_a_paper_per_issue(tmp_path: Path):
    bib = "".join(bib_entry(f"issue{number}", "Editorial Comments", authors="Example, Ada", kind="article",
                            venue="journal = {Example Letters}", year=2019,
                            extra=f"  volume = {{9}},\n  number = {{{number}}},\n  pages = {{{number}--{number + 1}}},\n")
                  for number in (1, 2))
    bib += bib_entry("nextyear", "Editorial Comments", authors="Example, Ada", kind="article",
                     venue="journal = {Example Letters}", year=2020)
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0 and len(papers) == 3, report
    assert not any("versions" in paper for paper in papers)
    assert "same title and authors as 'issue1' but not the same number, pages: a paper of its own" in report
    assert "same title and authors as 'issue1' (and 1 more) but not the same year: a paper of its own" in report


def test_a_conference_paper_and_its_journal_version_are_two_papers_linked_and_both_shown(project: Path):
    """DBLP lists both under one title: each venue is kept, the journal version links the other."""
    bib = (bib_entry("DBLP:conf/cel/ExampleS21", "Waves of the Example Sea",
                     venue="booktitle = {Conference on Example Learning, {CEL} 2021}", year=2021)
           + bib_entry("DBLP:journals/jel/ExampleS21", "Waves of the {E}xample {S}ea", kind="article",
                       venue="journal = {Journal of Example Learning}", year=2021,
                       extra="  volume = {7},\n  pages = {1--30},\n"))
    data = project / "data" / "publications.yml"
    source = project / "refs.bib"
    source.write_text(bib, encoding="utf-8")
    out = io.StringIO()
    assert run([str(source)], str(data), out=out) == 0, out.getvalue()
    report = out.getvalue()
    new = {paper["id"]: paper for paper in yaml.safe_load(data.read_text("utf-8"))["papers"][-2:]}
    # Distinct, readable ids: the second is named by its section, not numbered.
    assert sorted(new) == ["example2021waves", "example2021waves-journal"], report
    assert new["example2021waves-journal"]["versions"] == ["example2021waves"]
    assert new["example2021waves"]["venue"] == "CEL 2021"
    assert "linked: another version of 'example2021waves' (same title and authors; conference 2021 there, journal " \
           "2021 here)" in report
    assert "version links 1, matched 0" in report

    site = build_ok(project)
    conference = page(site, "papers/example2021waves/")
    assert "CEL 2021" in conference.select_one(".pub-venue").get_text()
    versions = conference.find("h2", id="other-versions").find_next("ul")
    assert "Journal of Example Learning" in versions.find("li", id="example2021waves-journal").get_text()
    journal = page(site, "papers/example2021waves-journal/")
    assert "Journal of Example Learning" in journal.select_one(".pub-venue").get_text()
    assert journal.find("h2", id="other-versions").find_next("ul").find("li", id="example2021waves")
    assert page(site, "publications/journal/").find("li", id="example2021waves-journal") is not None


def test_a_workshop_paper_and_its_conference_version_in_another_year_are_linked(tmp_path: Path):
    bib = (bib_entry("ws", "Waves of the Example Sea", venue="booktitle = {Workshop on Example Waves}", year=2020)
           + bib_entry("conf", "Waves of the Example Sea", year=2021))
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0, report
    assert [(paper["id"], paper["section"], paper.get("versions")) for paper in papers] == [
        ("ws", "workshop", None), ("conf", "conference", ["ws"])]


def test_the_same_entry_twice_is_one_paper_and_the_other_is_matched(tmp_path: Path):
    """Two exporters' records of one paper: case, braces, initials, author order differ."""
    bib = (bib_entry("scholar2021tides", "Tides of the example sea", authors="Example, Ada and Sample, Bo")
           + bib_entry("DBLP:conf/cel/ExampleS21", "{T}ides of the {E}xample {S}ea", authors="Bo Sample and A. Example",
                       extra="  doi = {10.1000/tides},\n  pages = {1--9},\n"))
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0, report
    assert len(papers) == 1 and papers[0]["id"] == "scholar2021tides"
    assert (papers[0]["doi"], papers[0]["pages"]) == ("10.1000/tides", "1–9")  # what the first lacked, taken
    assert ("DBLP:conf/cel/ExampleS21 -> new paper 'scholar2021tides' (same title, year and authors; gave it: doi, "
            "pages)") in report
    assert "papers added 1, version links 0, matched 1" in report


def test_an_arxiv_preprint_is_read_into_its_published_version_whichever_comes_first(tmp_path: Path):
    bib = (bib_entry("preprint", "Tides of the Example Sea", kind="article",
                     venue="journal = {arXiv preprint arXiv:2101.00001}", year=2020,
                     extra="  abstract = {We measure tides.},\n")
           + bib_entry("published", "Tides of the Example Sea", year=2021))
    status, report, papers = import_text(tmp_path, bib)
    assert status == 0, report
    assert [(paper["id"], paper["section"], paper["venue"]) for paper in papers] == [
        ("published", "conference", "Conference on Example Learning")]
    assert (papers[0]["arxiv"], papers[0]["summary"]) == ("2101.00001", "We measure tides.")
    assert ("preprint -> new paper 'published' (its arXiv preprint: same title and authors; gave it: arxiv, "
            "summary)") in report


def test_a_published_version_of_a_preprint_in_the_list_is_added_and_linked(tmp_path: Path):
    listed = EMPTY_LIST.replace("papers: []\n", (
        "papers:\n  - id: tides-preprint\n    section: preprint\n    title: \"Tides of the Example Sea\"\n"
        "    authors: [Ada Example, Bo Sample]\n    venue: arXiv preprint\n    year: 2020\n    arxiv: \"2101.00001\"\n"))
    status, report, papers = import_text(tmp_path, bib_entry("tides", "Tides of the Example Sea"), listed)
    assert status == 0, report
    assert [(paper["id"], paper.get("versions")) for paper in papers] == [("tides-preprint", None),
                                                                           ("tides", ["tides-preprint"])]
    assert "linked: the published version of the preprint 'tides-preprint'" in report


UPDATE_LIST = EMPTY_LIST.replace("papers: []\n", (
    "papers:\n  - id: editorial\n    section: journal\n    title: \"Editorial Comments\"\n    authors: [Bo Sample]\n"
    "    venue: Example Letters\n    year: 2019\n"))


@pytest.mark.parametrize("update", [False, True], ids=["import", "update"])
def test_against_the_list_a_same_title_paper_of_other_authors_is_added_not_matched(tmp_path: Path, update: bool):
    bib = bib_entry("mine", "Editorial comments", authors="Example, Ada", kind="article",
                    venue="journal = {Example Letters}", year=2019, extra="  doi = {10.1000/mine},\n")
    status, report, papers = import_text(tmp_path, bib, UPDATE_LIST, update=update, write=update)
    assert status == 0, report
    assert [(paper["id"], paper["authors"]) for paper in papers] == [("editorial", ["Bo Sample"]),
                                                                      ("mine", ["Ada Example"])]
    assert "doi" not in papers[0]  # nothing of the entry given to the other authors' paper
    assert "same title as 'editorial' but other authors: a paper of its own" in entry_block(report, "mine")


def test_update_reads_a_preprint_into_the_published_paper_of_the_list(tmp_path: Path):
    listed = EMPTY_LIST.replace("papers: []\n", (
        "papers:\n  - id: tides\n    section: conference\n    title: \"Tides of the Example Sea\"\n"
        "    authors: [Ada Example, Bo Sample]\n    venue: CEL 2021\n    year: 2021\n"))
    bib = bib_entry("tides-arxiv", "Tides of the Example Sea", kind="misc", venue="eprint = {2101.00001}", year=2020,
                    extra="  archivePrefix = {arXiv},\n")
    status, report, papers = import_text(tmp_path, bib, listed, update=True, write=True)
    assert status == 0, report
    assert len(papers) == 1 and (papers[0]["venue"], papers[0]["year"], papers[0]["arxiv"]) == (
        "CEL 2021", 2021, "2101.00001")
    assert "existing paper 'tides' (its arXiv preprint: same title and authors)" in report
    assert "venue kept" not in report and "section" not in entry_block(report, "tides-arxiv")


def test_a_title_matching_another_presentation_of_a_listed_paper_is_matched(tmp_path: Path):
    listed = EMPTY_LIST.replace("papers: []\n", (
        "papers:\n  - id: tides\n    section: conference\n    title: \"Tides of the Example Sea\"\n"
        "    authors: [Ada Example, Bo Sample]\n    venue: CEL 2021\n    year: 2021\n"
        "    also_presented:\n      - venue: Workshop on Tides\n        title: \"Early Tides\"\n"))
    status, report, papers = import_text(tmp_path, bib_entry("early", "Early tides", year=2020), listed)
    assert status == 0 and len(papers) == 1, report
    assert "existing paper 'tides' (same title as its presentation at 'Workshop on Tides'" in report


ACADEMICPAGES_PAGE = """---
title: "{title}"
collection: publications
permalink: /publication/{slug}
date: 2021-05-01
venue: 'Conference on Example Learning'
bibtexurl: '/files/shared.bib'
---
"""


def test_two_academicpages_pages_naming_one_bibtex_file_are_two_papers_when_their_titles_differ(tmp_path: Path):
    site = tmp_path / "site"
    (site / "_publications").mkdir(parents=True)
    (site / "files").mkdir()
    (site / "files" / "shared.bib").write_text(bib_entry("shared2021", "Tides of the Example Sea"), encoding="utf-8")
    for slug, title in (("tides", "Tides of the Example Sea"), ("currents", "Currents of the Example Sea")):
        (site / "_publications" / f"2021-05-01-{slug}.md").write_text(
            ACADEMICPAGES_PAGE.format(title=title, slug=slug), encoding="utf-8")
    data = tmp_path / "publications.yml"
    data.write_text(EMPTY_LIST, encoding="utf-8")
    out = io.StringIO()
    assert run([str(site / "_publications")], str(data), out=out) == 0, out.getvalue()
    papers = yaml.safe_load(data.read_text("utf-8"))["papers"]
    assert sorted(paper["title"] for paper in papers) == ["Currents of the Example Sea", "Tides of the Example Sea"]
    assert "Matched 0" in out.getvalue()


# ----------------------------------------------------------------------------- the report


def test_the_report_says_per_entry_what_happened_and_counts_at_the_end(tmp_path: Path, capsys):
    bib = (bib_entry("kept", "Tides of the Example Sea", extra="  isbn = {123},\n  keywords = {tides},\n")
           + bib_entry("again", "Tides of the example sea")
           + bib_entry("journal", "Tides of the Example Sea", kind="article", venue="journal = {Example Letters}",
                       year=2022)
           + bib_entry("noyear", "Currents", year="n.d."))  # type: ignore[arg-type]
    status, report, papers = import_text(tmp_path, bib)
    assert status == 1  # something was skipped
    assert [paper["id"] for paper in papers] == ["kept", "journal"]
    assert entry_block(report, "kept").splitlines()[1:] == [
        "      note: not kept (the publication list has no such field): isbn, keywords"]
    assert entry_block(report, "again").endswith("-> new paper 'kept' (same title, year and authors)")
    assert entry_block(report, "noyear").splitlines()[1:] == [
        "      fix: add the year it appeared (year = {YYYY}, the year of its venue) and import the file again"]
    assert report.splitlines()[-1] == ("In all: entries read 4, papers added 2, version links 1, matched 1, repaired 0, "
                                       "skipped 1, fields left out 2.")
    assert "1 of 4 entries were skipped" in capsys.readouterr().err


def test_the_report_shows_repairs_of_matched_and_skipped_entries_and_counts_them():
    """Notes a reader must see whatever became of the entry (repairs, identifiers to check)."""
    items = convert_text(bib_entry("one", "Tides") + bib_entry("two", "Tides") + bib_entry("three", "", year=2020),
                         "refs.bib")
    for item in items:
        item.notes.append("repaired: a comma was missing before 'year': added")
    report, new = plan([], items)
    text = "\n".join([*report.lines(), report.summary()])
    assert [entry["id"] for entry in new] == ["one"]
    assert entry_block(text, "two").splitlines()[1:] == ["      repaired: a comma was missing before 'year': added"]
    assert "      repaired: a comma was missing before 'year': added" in entry_block(text, "three")
    assert text.endswith("In all: entries read 3, papers added 1, version links 0, matched 1, repaired 3, skipped 1, "
                         "fields left out 0.")


def test_a_journal_version_of_a_paper_in_the_list_is_added_and_linked_to_it(project: Path):
    """Against the reference site's own list: a journal version of one of its conference papers."""
    data = project / "data" / "publications.yml"
    listed = yaml.safe_load(data.read_text("utf-8"))["papers"]
    conference = next(paper for paper in listed if paper["section"] == "conference" and "versions" not in paper)
    authors = " and ".join(conference["authors"])
    bib = bib_entry(conference["id"], conference["title"].replace("$", ""), authors=authors, kind="article",
                    venue="journal = {Journal of Example Learning}", year=conference["year"] + 1)
    source = project / "refs.bib"
    source.write_text(bib, encoding="utf-8")
    out = io.StringIO()
    assert run([str(source)], str(data), out=out) == 0, out.getvalue()
    added = yaml.safe_load(data.read_text("utf-8"))["papers"][-1]
    assert added["versions"] == [conference["id"]] and added["id"] == f"{conference['id']}-journal"
    assert added["venue"] == "Journal of Example Learning"


@pytest.mark.parametrize("other_venue, expected", [
    ("Example Workshop on Waves 2021", VERSIONS),  # another workshop the same year: both shown
    ("CEL 2021 Workshop on Tides", SAME),  # the same workshop, named as much by another exporter
    ("Tides", SAME),
])
def test_one_paper_at_two_workshops_of_one_year_is_two_versions(other_venue, expected):
    first = {"section": "workshop", "year": 2021, "venue": "CEL 2021 Workshop on Tides"}
    assert relation(first, {"section": "workshop", "year": 2021, "venue": other_venue}) == expected
    conference = {"section": "conference", "year": 2021, "venue": "CEL 2021"}
    assert relation(conference, {**conference, "venue": "Conference on Example Learning"}) == SAME
