"""BibTeX entries: right entry types, accents that classic ``bibtex`` accepts, and no warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text
from test_site_content import PUBLICATIONS

from pubsite.citations.bibtex import bibtex_entry, to_latex
from pubsite.data.model import Paper

BIBTEX = shutil.which("bibtex")


def make_paper(**fields) -> Paper:
    values = dict(id="p", section="conference", title="T", authors=("A B",), venue="V", year=2020)
    values.update(fields)
    return Paper(**values)


@pytest.mark.parametrize(
    "text, latex",
    [
        ("Jörg-Emil", 'J{\\"o}rg-Emil'),
        ("Montréal", "Montr{\\'e}al"),
        ("Łukasz", "{\\L}ukasz"),
        ("Straße", "Stra{\\ss}e"),
        ("50% & #1", "50{\\%} {\\&} {\\#}1"),
        ('A "Study"', "A ``Study''"),
    ],
)
def test_unicode_and_specials_become_latex(text: str, latex: str):
    assert to_latex(text) == latex


def test_names_round_trip_through_a_bibtex_parser():
    paper = make_paper(authors=("Jörg-Emil Lindqvist", "Tomas R. V. Okafor", "Ada Example"))
    entry = parse_string(bibtex_entry(paper), "bibtex").entries["p"]
    decoded = [LatexNodes2Text().latex_to_text(str(person)) for person in entry.persons["author"]]
    assert decoded == ["Lindqvist, Jörg-Emil", "Okafor, Tomas R. V.", "Example, Ada"]


@pytest.mark.parametrize(
    "section, entry_type, venue_field",
    [
        ("conference", "inproceedings", "booktitle"),
        ("workshop", "inproceedings", "booktitle"),
        ("journal", "article", "journal"),
        ("thesis", "phdthesis", "school"),
        ("preprint", "misc", "howpublished"),
    ],
)
def test_entry_type_follows_the_section(section: str, entry_type: str, venue_field: str):
    entry = parse_string(bibtex_entry(make_paper(section=section, venue_full="Full Venue")), "bibtex").entries["p"]
    assert entry.type == entry_type
    assert entry.fields[venue_field] == "Full Venue"


def test_arxiv_preprint_carries_eprint_and_archive_prefix():
    paper = make_paper(section="preprint", arxiv="2102.90008", bibtex_key="example2021oops")
    entry = parse_string(bibtex_entry(paper), "bibtex").entries["example2021oops"]
    assert entry.type == "misc"
    assert entry.fields["eprint"] == "2102.90008"
    assert entry.fields["archivePrefix"] == "arXiv"
    assert entry.fields["howpublished"] == "arXiv preprint arXiv:2102.90008"


def test_title_keeps_its_capitalisation():
    entry = parse_string(bibtex_entry(make_paper(title="WAVES: Free-form ODEs")), "bibtex").entries["p"]
    assert entry.fields["title"] == "{WAVES: Free-form ODEs}"


def _require_bibtex():
    if BIBTEX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("bibtex is not installed; .ci/run installs texlive-binaries")
        pytest.skip("bibtex is not installed (apt-get install texlive-binaries texlive-base)")


def test_real_bibtex_accepts_every_entry_without_warnings(tmp_path: Path):
    """Classic bibtex, with the plain style, formats all of the site's entries: no error, no warning."""
    _require_bibtex()
    entries = [bibtex_entry(paper) for paper in PUBLICATIONS.papers]
    entries.append(bibtex_entry(make_paper(
        id="accents", authors=("Jörg-Emil Lindqvist", "Łukasz Kaiser", "Ana Müller-Straße"),
        title='A "Study" of <script> & Co: 100% ñ',
    )))
    entries.append(bibtex_entry(make_paper(id="dated", section="journal", month=10, volume="12", number="3",
                                           editors=("Eve Editor", "{Example Committee}"), publisher="Press",
                                           address="Town")))
    entries.append(bibtex_entry(make_paper(id="dblp", bibtex_key="DBLP:conf/iclr/ExampleQ19")))  # DBLP's keys
    (tmp_path / "refs.bib").write_text("\n".join(entries), encoding="ascii")
    keys = [paper.citation_key for paper in PUBLICATIONS.papers]
    keys += ["accents", "dated", "DBLP:conf/iclr/ExampleQ19"]
    aux = "".join(f"\\citation{{{key}}}\n" for key in keys) + "\\bibstyle{plain}\n\\bibdata{refs}\n"
    (tmp_path / "doc.aux").write_text(aux, encoding="ascii")
    result = subprocess.run([BIBTEX, "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout + log
    assert "Warning" not in log and "error" not in log.lower(), log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="ascii")
    assert bbl.count("\\bibitem") == len(keys)
    assert 'J{\\"o}rg-Emil' in bbl
    assert "October 2020" in bbl  # the month macro, printed by the style


@pytest.mark.parametrize(
    "name, bibtex_form, given, family",
    [
        ("Guy L. Steele Jr.", "Steele, Jr., Guy L.", "Guy L.", "Steele, Jr."),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig", "Ludwig", "van Beethoven"),
        ("Tomas R. V. Okafor", "Okafor, Tomas R. V.", "Tomas R. V.", "Okafor"),
    ],
)
def test_name_parts_agree_across_formats(name: str, bibtex_form: str, given: str, family: str):
    from pubsite.citations.citation_formats import split_name

    entry = parse_string(bibtex_entry(make_paper(authors=(name,))), "bibtex").entries["p"]
    assert str(entry.persons["author"][0]) == bibtex_form
    assert split_name(name) == (given, family)


def test_math_in_a_title_is_kept_as_math():
    assert to_latex("Bounds on $\\alpha$-divergences & 50% more") == (
        "Bounds on $\\alpha$-divergences {\\&} 50{\\%} more"
    )
    assert to_latex("It costs $5") == "It costs {\\$}5"
