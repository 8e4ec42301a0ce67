"""Zotero's other exports, CSL-JSON and RIS, import like BibTeX: the same fields, notes and report.

The fixtures are one small library (invented papers) exported both ways. Text is taken exactly as
written: ``&``, ``%``, ``~``, ``_``, ``{braces}``, ``\\commands``, ``--`` and a dollar sign are
characters, not LaTeX.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
import yaml
from conftest import build_ok, page

from pubsite.importers.import_bibtex import read_bibtex, run
from pubsite.importers.latex_text import latex_to_text, to_latex_source

ZOTERO = Path(__file__).parent / "fixtures" / "zotero"


def test_csl_json_items_become_papers():
    first, conference, preprint = read_bibtex(ZOTERO / "library.json")
    assert first.key == "example2022sampling" and first.where.endswith("library.json: item 1 "
                                                                       "(http://zotero.org/users/local/abc/items/AAAA1111)")
    assert first.fields == {
        "section": "journal", "title": "Sampling & Scoring: 50% Faster -- With \\$5 of Compute",
        "authors": ["Ada Example", "Bo van der Sample", "{Example Research Consortium}"],
        "venue": "Journal of Examples", "year": 2022, "month": 3,
        "summary": "We show that a_b ~ c holds for 10% of cases; see {braces} and \\commands.",
        "doi": "10.1000/example.2022.3", "links": {"proceedings": "https://example.org/papers/sampling_scoring"},
        "bibtex_key": "example2022sampling", "volume": "12", "pages": "101-120", "number": "3",
    }
    assert first.notes == ["not kept (the publication list has no such field): ISSN"]
    assert conference.key == "example2021conference"  # Zotero's item URL is no citation key: one is made
    assert (conference.fields["editors"], conference.fields["publisher"], conference.fields["address"]) == (
        ["Eve Editor"], "Example Press", "Exampletown")
    assert (preprint.fields["section"], preprint.fields["arxiv"], preprint.fields["venue"]) == (
        "preprint", "2301.01234", "arXiv preprint")
    assert "publisher" not in preprint.fields and "number" not in preprint.fields  # they only said arXiv


def test_ris_records_become_the_same_papers():
    from_json = {item.key: item.fields for item in read_bibtex(ZOTERO / "library.json")}
    records = read_bibtex(ZOTERO / "library.ris")
    assert [record.where.rsplit("/", 1)[-1] for record in records] == ["library.ris:1", "library.ris:18"]
    first = records[0].fields
    expected = from_json["example2022sampling"]
    for name in ("section", "title", "venue", "year", "month", "doi", "links", "volume", "number"):
        assert first[name] == expected[name], name
    assert first["authors"] == ["Ada Example", "Bo van der Sample"]
    assert first["pages"] == "101–120"
    assert records[1].fields["editors"] == ["Eve Editor"]


def test_plain_text_comes_back_exactly_through_the_latex_conversion():
    chars = "ab \\{}$~^%&#_é\"'`-–.*[]()<>"
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choice(chars) for _ in range(generator.randint(0, 24)))
        assert latex_to_text(to_latex_source(text)) == " ".join(text.split()), repr(text)


@pytest.mark.parametrize("name", ["library.json", "library.ris"])
def test_a_zotero_export_imports_and_builds(name: str, project: Path):
    data = project / "data" / "publications.yml"
    before = len(yaml.safe_load(data.read_text("utf-8"))["papers"])
    out = io.StringIO()
    assert run([str(ZOTERO / name)], str(data), out=out) == 0, out.getvalue()
    added = yaml.safe_load(data.read_text("utf-8"))["papers"][before:]
    assert "example2022sampling" in [paper["id"] for paper in added]
    site = build_ok(project)
    paper = page(site, "papers/example2022sampling/")
    assert paper.find("h1").get_text(strip=True).startswith("Sampling & Scoring: 50% Faster")
    assert "$5 of Compute" in paper.find("h1").get_text()


def test_a_broken_csl_json_file_names_the_file_and_line(tmp_path: Path, capsys):
    # A missing comma: every Python's json names the same line for it (a trailing comma it does not).
    (tmp_path / "broken.json").write_text('[\n  {"title": "x"\n  "type": "book"}\n]\n', encoding="utf-8")
    data = tmp_path / "publications.yml"
    data.write_text("owner:\n  name: A B\npapers: []\n", encoding="utf-8")
    assert run([str(tmp_path / "broken.json")], str(data), out=io.StringIO()) == 1
    assert f"{tmp_path / 'broken.json'}:3: not JSON" in capsys.readouterr().err
