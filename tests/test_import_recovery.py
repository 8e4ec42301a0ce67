"""One bad entry never costs the others (``bibtex_split``, ``bibtex_source``, ``pubsite new``).

Each shape of a broken .bib file that real publication lists have (a month written out, a field or
a key given twice, a comma or a brace missing, a quote never closed, a macro never defined, text
left between entries, an entry without a key) is imported: the entry is repaired, with a note
naming the file and the line, or skipped with the file, the line, the reason and the fix; every
other entry is imported, and the exit status of ``pubsite import`` is 1 only when something was
skipped. ``pubsite new`` makes the site whatever its bibliographies hold. The entries are invented
(the fictional Ada Example and her co-authors).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, engine_command, mkdocs_env, page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubsite.importers.bibtex_source import read_bibtex_file, read_bibtex_text
from pubsite.importers.import_bibtex import convert_text, read_bibtex, run
from pubsite.commands.new_site import make_site

EMPTY_LIST = "owner:\n  name: Ada Example\npapers: []\n"


def article(key: str, title: str, *fields: str) -> str:
    """An entry, one field a line (line 1: ``@article{key,``), ending with a blank line."""
    lines = [f"@article{{{key},", f"  title = {{{title}}},", "  author = {Example, Ada and Sample, Bo},",
             "  journal = {Journal of Examples},", *fields, "}", ""]
    return "\n".join(lines) + "\n"


FIRST = article("first2020", "Tides of the First Kind", "  year = 2020,")  # lines 1-7
LAST = article("last2022", "Waves of the Last Kind", "  year = 2022,")


def import_bib(tmp_path: Path, text: str, capsys) -> tuple[int, str, list[dict], Path]:
    """``pubsite import refs.bib`` into an empty list: the status, the report (and errors), the papers."""
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    data = tmp_path / "publications.yml"
    data.write_text(EMPTY_LIST, encoding="utf-8")
    out = io.StringIO()
    status = run([str(bib)], str(data), out=out)
    papers = yaml.safe_load(data.read_text("utf-8"))["papers"] or []
    return status, out.getvalue() + capsys.readouterr().err, papers, bib


def titles(papers: list[dict]) -> list[str]:
    return [paper["title"] for paper in papers]


# ----------------------------------------------------------------------------- repaired: status 0


@pytest.mark.parametrize("written, month, year, note", [
    ("July", 7, "  year = 2021,", "month = July: an undefined macro read as the month July"),
    ("JULY", 7, "  year = 2021,", "month = JULY: an undefined macro read as the month July"),
    ("Sept", 9, "  year = 2021,", "month = Sept: an undefined macro read as the month September"),
    ("jul", 7, "  year = 2021,", None),  # BibTeX's own macro: nothing to repair
    ("July 2021", 7, "  year = 2021,", "month: the year 2021 written after the month at line 13 taken out of it"),
    ("July 2021", 7, "", "month: the year 2021 written after the month at line 12 taken out of it and read as "
                         "the entry's year (it has no year field)"),
])
def test_a_month_written_out_is_read_as_that_month(tmp_path: Path, capsys, written, month, year, note):
    middle = article("middle2021", "Currents in the Middle", *filter(None, [year, f"  month = {written},"]))
    status, report, papers, bib = import_bib(tmp_path, FIRST + middle + LAST, capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "Currents in the Middle", "Waves of the Last Kind"]
    assert papers[1]["month"] == month and papers[1]["year"] == 2021
    if note:
        assert f"{bib}:8 middle2021" in report and f"repaired: {note}" in report
    else:
        assert "repaired" not in report.split("In all:")[0]


def test_a_comma_missing_before_the_next_field_is_added(tmp_path: Path, capsys):
    broken = article("comma2021", "A Comma Short", "  year = 2021,").replace("  journal = {Journal of Examples},",
                                                                            "  journal = {Journal of Examples}")
    status, report, papers, bib = import_bib(tmp_path, FIRST + broken + LAST, capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "A Comma Short", "Waves of the Last Kind"]
    assert papers[1]["venue"] == "Journal of Examples" and papers[1]["year"] == 2021
    assert f"{bib}:8 comma2021" in report
    assert "repaired: a comma was missing before 'year' at line 12: added" in report


def test_the_real_shape_of_a_missing_comma_after_a_macro_value(tmp_path: Path, capsys):
    """al-folio: ``booktitle = CVPR`` (an @string) with no comma, the next field on the next line."""
    text = ('@string{CVPR = "Conference on Examples"}\n\n@inproceedings{example2020shapes,\n'
            "  title = {Shapes of Examples},\n  author = {Example, Ada},\n  year = 2020,\n  booktitle = CVPR\n"
            "  selected = {true}\n}\n\n" + LAST)
    status, report, papers, bib = import_bib(tmp_path, text, capsys)
    assert status == 0, report
    assert papers[0]["venue"] == "Conference on Examples" and papers[0].get("selected") is True
    assert "repaired: a comma was missing before 'selected' at line 8: added" in report


def test_an_entry_not_closed_before_the_next_is_closed(tmp_path: Path, capsys):
    open_entry = article("open2021", "Left Open", "  year = 2021,").replace("}\n\n", "\n\n")  # no closing '}'
    assert open_entry.count("{") == open_entry.count("}") + 1
    status, report, papers, bib = import_bib(tmp_path, FIRST + open_entry + LAST, capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "Left Open", "Waves of the Last Kind"]
    assert f"{bib}:8 open2021" in report
    assert "repaired: the entry is not closed before the next entry (line 15): a '}' was added at its end" in report


def test_the_last_entry_of_the_file_not_closed_is_closed(tmp_path: Path, capsys):
    status, report, papers, bib = import_bib(tmp_path, FIRST + LAST.rstrip().rstrip("}"), capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert "a '}' was added at its end" in report


def test_a_brace_too_many_that_closes_an_entry_early_is_removed(tmp_path: Path, capsys):
    early = article("early2021", "Closed Early", "  year = 2021,").replace("{Closed Early},", "{Closed Early}},")
    status, report, papers, bib = import_bib(tmp_path, FIRST + early + LAST, capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "Closed Early", "Waves of the Last Kind"]
    assert papers[1]["year"] == 2021 and papers[1]["venue"] == "Journal of Examples"
    assert "repaired: a '}' too many at line 9 closed the entry before the fields after it: removed" in report


@pytest.mark.parametrize("second, note, status", [
    ("  pages = {1--10},", "pages given twice (lines 13 and 14) with the same value: kept once", 0),
    ("  pages = {},", "pages given twice (lines 13 and 14), the second time empty: kept the first", 0),
    ("  pages = {11--20},", "pages given twice (lines 13 and 14) with different values: kept the first, the second "
                           "was '11--20'", 0),
])
def test_a_field_given_twice_is_kept_once_saying_what_the_other_was(tmp_path: Path, capsys, second, note, status):
    twice = article("twice2021", "Said Twice", "  year = 2021,", "  pages = {1--10},", second)
    code, report, papers, bib = import_bib(tmp_path, FIRST + twice + LAST, capsys)
    assert code == status, report
    assert titles(papers) == ["Tides of the First Kind", "Said Twice", "Waves of the Last Kind"]
    assert papers[1]["pages"] == "1–10"
    assert f"{bib}:8 twice2021" in report and f"repaired: {note}" in report


def test_a_field_that_says_which_paper_it_is_given_twice_differently_skips_the_entry(tmp_path: Path, capsys):
    twice = article("twice2021", "Said Twice", "  year = 2021,", "  year = 2019,")
    status, report, papers, bib = import_bib(tmp_path, FIRST + twice + LAST, capsys)
    assert status == 1
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert (f"{bib}:8 twice2021: year given twice (lines 12 and 13) with different values, '2021' and '2019': "
            "which one is this paper's is unclear; keep one of them") in report


def test_a_key_used_twice_keeps_both_entries_and_an_entry_written_twice_is_read_once(tmp_path: Path, capsys):
    again = article("first2020", "Tides of Another Kind", "  year = 2021,")  # lines 8-14
    copy = FIRST.replace("first2020", "FIRST2020")  # lines 15-21: the same entry (keys ignore case)
    status, report, papers, bib = import_bib(tmp_path, FIRST + again + copy + LAST, capsys)
    assert status == 0, report
    assert titles(papers) == ["Tides of the First Kind", "Tides of Another Kind", "Waves of the Last Kind"]
    assert [paper["id"] for paper in papers][:2] == ["first2020", "first2020-2"]
    assert (f"{bib}:8 first2020-2 -> new paper 'first2020-2'" in report
            and "repaired: the citation key 'first2020' is used twice, at line 1 and at line 8: this entry's key is "
                "now 'first2020-2'; give it a key of its own in the .bib file" in report)
    assert "repaired: the entry at line 15 is this entry again (same key and fields): read once" in report


def test_an_undefined_macro_is_kept_as_its_name(tmp_path: Path, capsys):
    text = ('@string{icml = "International Conference on Examples"}\n'
            "@inproceedings{macro2021, title = {Named Venue}, author = {Example, Ada}, booktitle = CVPR, year = 2021}\n"
            "@inproceedings{defined2021, title = {Defined Venue}, author = {Example, Ada}, booktitle = icml, "
            "year = 2021}\n")
    status, report, papers, bib = import_bib(tmp_path, text, capsys)
    assert status == 0, report
    assert [paper["venue"] for paper in papers] == ["CVPR", "International Conference on Examples"]
    assert (f"{bib}:2 macro2021" in report and "repaired: booktitle = CVPR: 'CVPR' is not a defined macro "
            "(no @string{CVPR = ...} before line 2): its name is kept as the text" in report)


@pytest.mark.parametrize("opening", ["@article{title = {No Key Here},", "@article{,\n  title = {No Key Here},"])
def test_an_entry_without_a_key_gets_one_made_from_author_year_and_title(tmp_path: Path, capsys, opening):
    keyless = article("KEY", "No Key Here", "  year = 2021,").replace("@article{KEY,\n  title = {No Key Here},",
                                                                       opening)
    status, report, papers, bib = import_bib(tmp_path, FIRST + keyless + LAST, capsys)
    assert status == 0, report
    assert [paper["id"] for paper in papers] == ["first2020", "example2021here", "last2022"]
    assert (f"{bib}:8 example2021here" in report and "repaired: the entry has no citation key: it is read as "
            "'example2021here' (made from its first author, year and title)" in report)


def test_entries_in_parentheses_and_a_line_starting_with_an_at_inside_a_value(tmp_path: Path, capsys):
    """``@article(key, ...)`` is BibTeX too; an abstract quoting BibTeX (a line starting ``@misc{``)
    does not end its entry."""
    text = ('@article(paren2021,\n  title = "Parentheses (and More)",\n  author = {Example, Ada},\n'
            "  journal = {J},\n  year = 2021\n)\n\n"
            "@article{quoting2021,\n  title = {Quoting},\n  author = {Example, Ada},\n  journal = {J},\n"
            "  abstract = {Cite it as\n@misc{quoting, title = {Quoting}}\nplease.},\n  year = 2021,\n}\n\n" + LAST)
    status, report, papers, bib = import_bib(tmp_path, text, capsys)
    assert status == 0, report
    assert titles(papers) == ["Parentheses (and More)", "Quoting", "Waves of the Last Kind"]
    assert "@misc" in papers[1]["summary"] and "repaired" not in report.split("In all:")[0]


# ----------------------------------------------------------------------------- skipped: status 1


def test_a_quote_never_closed_skips_its_entry_naming_the_line(tmp_path: Path, capsys):
    quoted = article("quote2021", "X", "  year = 2021,").replace("  title = {X},", '  title = "Never Closed,')
    status, report, papers, bib = import_bib(tmp_path, FIRST + quoted + LAST, capsys)
    assert status == 1
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert (f"{bib}:8 quote2021: malformed BibTeX at line 9: the value of 'title' opened with '\"' there is not "
            "closed") in report and "add the closing '\"' where the value ends" in report
    assert "1 of 3 entries were skipped" in report


def test_a_value_not_closed_skips_its_entry_and_the_next_is_read(tmp_path: Path, capsys):
    open_value = article("value2021", "X", "  year = 2021,").replace("  title = {X},", "  title = {Never Closed,")
    open_value = open_value.replace("}\n\n", "\n\n")  # the entry's last '}' now closes the title
    status, report, papers, bib = import_bib(tmp_path, FIRST + open_value + LAST, capsys)
    assert status == 1
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert f"{bib}:8 value2021: malformed BibTeX at line 9: the value of 'title'" in report


@pytest.mark.parametrize("between, skipped", [
    ("  year = 2020,\n}\n\n", True),  # left over from an entry: named
    ("% Journal papers\n\nSelected papers, newest first.\n\n", False),  # comments, as BibTeX reads them
])
def test_text_between_entries_is_named_when_it_looks_like_part_of_an_entry(tmp_path: Path, capsys, between, skipped):
    status, report, papers, bib = import_bib(tmp_path, FIRST + between + LAST, capsys)
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert status == int(skipped)
    if skipped:
        assert f"{bib}:8 (text between entries): text outside any entry, not read: 'year = 2020, }}'" in report
    else:
        assert "Skipped 0" in report


def test_a_broken_string_macro_is_skipped_and_its_uses_keep_its_name(tmp_path: Path, capsys):
    text = '@string{venue = "Journal of Examples}\n\n' + article("uses2021", "Uses It", "  year = 2021,").replace(
        "{Journal of Examples}", "venue")
    status, report, papers, bib = import_bib(tmp_path, text, capsys)
    assert status == 1
    assert papers[0]["venue"] == "venue"
    assert f"{bib}:1 @string venue: malformed BibTeX at line 1" in report
    assert "repaired: journal = venue: 'venue' is not a defined macro" in report


def test_the_results_follow_the_file_and_name_each_line(tmp_path: Path):
    text = FIRST + "year = 1, }\n\n" + article("broken", "B", "  year = 2021").replace("{B}", '"B') + LAST
    items = convert_text(text, "refs.bib")
    assert [(item.where, item.key, bool(item.skip_reason)) for item in items] == [
        ("refs.bib:1", "first2020", False), ("refs.bib:8", "(text between entries)", True),
        ("refs.bib:10", "broken", True), ("refs.bib:17", "last2022", False)]


# ----------------------------------------------------------------------------- any one mistake


_ENTRIES = [article(f"gen{number}", f"Generated Paper Number {number}", f"  year = {2000 + number},",
                    f'  note = "A {{quoted}} note, {number}",') for number in range(8)]


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(broken=st.integers(0, len(_ENTRIES) - 1), data=st.data())
def test_one_character_of_the_syntax_deleted_costs_at_most_its_own_entry(broken: int, data):
    """Any one brace, quote, comma, equals sign or '@' deleted from one entry: every other entry is
    read exactly as in the whole file."""
    whole = read_bibtex_text("".join(_ENTRIES), "refs.bib").data.entries
    entry = _ENTRIES[broken]
    places = [match.start() for match in re.finditer(r'[{}",=@]', entry)]
    place = data.draw(st.sampled_from(places), label="deleted")
    text = "".join(_ENTRIES[:broken]) + entry[:place] + entry[place + 1:] + "".join(_ENTRIES[broken + 1:])
    read = read_bibtex_text(text, "refs.bib").data.entries
    for key, expected in whole.items():
        if key != f"gen{broken}":
            assert key in read and read[key] == expected, (key, entry[:place] + "|" + entry[place:])


# ----------------------------------------------------------------------------- cite.bib files


def test_a_broken_cite_bib_costs_only_its_own_publication(tmp_path: Path):
    folder = tmp_path / "publication"
    shutil.copytree(FIXTURES / "hugo_blox/content/publication", folder)
    cite = folder / "journal-article" / "cite.bib"
    cite.write_text(re.sub(r"title = \{([^}]*)\}", r'title = "\1', cite.read_text("utf-8"), count=1), encoding="utf-8")
    items = {Path(item.where.split(":")[0]).parent.name: item for item in read_bibtex(folder, owner="Ada Example")}
    assert items["conference-paper"].skip_reason is None
    assert f"{cite}:2: malformed BibTeX at line 2: the value of 'title'" in items["journal-article"].skip_reason


def test_an_academicpages_bib_file_that_is_broken_costs_only_its_page(tmp_path: Path):
    site = tmp_path / "site"
    (site / "_publications").mkdir(parents=True)
    (site / "files").mkdir()
    for number, bib in enumerate([article("good2021", "Good Page", "  year = 2021,"),
                                  article("bad2021", "Bad Page", "  year = 2021,").replace("{Bad Page}", '"Bad Page')]):
        (site / "files" / f"paper{number}.bib").write_text(bib, encoding="utf-8")
        (site / "_publications" / f"2021-01-0{number + 1}-paper{number}.md").write_text(
            f"---\ntitle: 'Page {number}'\ncollection: publications\ndate: 2021-01-0{number + 1}\n"
            f"venue: 'Journal of Examples'\nbibtexurl: 'https://example.org/files/paper{number}.bib'\n---\n",
            encoding="utf-8")
    items = read_bibtex(site / "_publications")
    assert [bool(item.skip_reason) for item in items] == [False, True]
    assert f"{site / 'files' / 'paper1.bib'}:2: malformed BibTeX at line 2" in items[1].skip_reason


def test_a_cite_bib_is_repaired_only_where_its_reader_takes_the_notes(tmp_path: Path):
    """``read_bibtex_file`` reads a ``cite.bib`` as written, or with ``repairs`` to note them in."""
    cite = tmp_path / "cite.bib"
    cite.write_text(article("cite2021", "Cited", "  year = 2021,", "  month = July,"), encoding="utf-8")
    with pytest.raises(Exception, match=r"cite.bib:1: cite2021: needs a repair: month = July"):
        read_bibtex_file(cite)
    repairs: list[str] = []
    data, _ = read_bibtex_file(cite, repairs)
    assert data.entries["cite2021"].fields["month"] == "July"
    assert repairs == [f"{cite}:1: repaired: month = July: an undefined macro read as the month July"]


# ----------------------------------------------------------------------------- pubsite new


def test_a_byte_that_is_not_utf8_costs_only_its_entry(tmp_path: Path, capsys):
    latin = article("latin2019", "Caf\xe9 Paper", "  year = 2019,").encode("latin-1")
    bib_text = FIRST.encode("utf-8") + latin + LAST.encode("utf-8")
    (tmp_path / "refs.bib").write_bytes(bib_text)
    items = read_bibtex(tmp_path / "refs.bib", "refs.bib")
    assert [(item.key, bool(item.skip_reason)) for item in items] == [
        ("first2020", False), ("latin2019", True), ("last2022", False)]
    assert items[1].skip_reason.startswith("not utf-8 text at line 9: the byte 0xE9 at column 15 cannot be read "
                                           "as utf-8; if the file is Latin-1")


def test_pubsite_new_always_makes_the_site_and_says_what_it_left_out(tmp_path: Path, capsys):
    """A bibliography with a broken entry, a CSL-JSON export cut short, a file missing: the site is
    made with every paper that could be read, it builds --strict, and the status is 1."""
    good = tmp_path / "papers.bib"
    good.write_text(FIRST + article("quote2021", "X", "  year = 2021,").replace("{X}", '"Cut Short') + LAST,
                    encoding="utf-8")
    cut = tmp_path / "library.json"
    cut.write_text('[{"id": "cut", "type": "article-journal", "title": "Cut Sh', encoding="utf-8")
    folder = tmp_path / "ada-site"
    out = io.StringIO()
    status = make_site(folder, name="Ada Example", site_url="https://ada.example.org/",
                       bib_files=[str(good), str(cut), str(tmp_path / "missing.bib")], out=out)
    errors = capsys.readouterr().err
    assert status == 1
    papers = yaml.safe_load((folder / "data/publications.yml").read_text("utf-8"))["papers"]
    assert titles(papers) == ["Tides of the First Kind", "Waves of the Last Kind"]
    assert f"{good}:8 quote2021: malformed BibTeX at line 9" in out.getvalue()
    assert f"error: {cut}:1" in errors and "the site is made without the papers of that file" in errors
    assert f"error: {tmp_path / 'missing.bib'}: file not found" in errors
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "built")), cwd=folder,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = page(tmp_path / "built", "publications/journal/")
    assert listed.find("li", id="first2020") is not None and listed.find("li", id="last2022") is not None
