"""Bad publication data fails with a message naming the file, line, entry and field.

Each case is a small file in ``fixtures/invalid/`` whose ``# expect:`` comments give the lines the
error must contain. Every case is checked twice: by the validator alone, and through a real
``mkdocs build``, where it must abort cleanly (exit 1, no Python traceback).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT_ROOT, FIXTURES, build_fails

from pubsite.data.errors import DataError
from pubsite.data.validation import read_publications

DATA_NAME = "data/publications.yml"
INVALID_CASES = sorted((FIXTURES / "invalid").glob("*.yml"))


def expectations(case: Path) -> list[str]:
    lines = case.read_text(encoding="utf-8").splitlines()
    expected = [line.split("# expect:", 1)[1].strip() for line in lines if "# expect:" in line]
    assert expected, f"{case.name} has no '# expect:' line"
    return expected


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda case: case.stem)
def test_validator_reports_the_problem(case: Path):
    with pytest.raises(DataError) as caught:
        read_publications(case, DATA_NAME, CONTENT_ROOT / "docs")
    message = caught.value.describe()
    for expected in expectations(case):
        assert expected in message


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda case: case.stem)
def test_build_fails_with_the_message_and_no_traceback(case: Path, project: Path):
    (project / DATA_NAME).write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    output = build_fails(project)
    for expected in expectations(case):
        assert expected in output
    assert not (project / "site" / "index.html").exists()


def test_every_problem_is_reported_at_once(tmp_path: Path):
    data = tmp_path / "publications.yml"
    data.write_text(
        "owner:\n  name: A\npapers:\n"
        "  - id: one\n    section: conference\n    title: T\n    authors: []\n    venue: V\n    year: x\n"
        "  - id: Two!\n    section: workshop\n    title: T\n    authors: [A]\n    venue: V\n    year: 2020\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        read_publications(data, DATA_NAME)
    fields = [(problem.entry, problem.field, problem.line) for problem in caught.value.problems]
    assert fields == [
        ("paper 'one'", "authors", 7),
        ("paper 'one'", "year", 9),
        ("paper 'Two!'", "id", 10),
    ]
    assert caught.value.describe().startswith("3 problems in data/publications.yml:")


def test_the_reference_list_is_valid_and_read_in_file_order():
    publications = read_publications(CONTENT_ROOT / DATA_NAME, DATA_NAME, CONTENT_ROOT / "docs")
    by_section = {}
    for paper in publications.papers:
        by_section.setdefault(paper.section, []).append(paper.id)
    assert by_section == {
        "conference": [
            "tide-tables", "current-discrepancy", "buoy-model", "conditional-limits", "invertible-tides",
            "waves", "drift",
        ],
        "preprint": ["soundings"],
        "workshop": [
            "lattice-workshop", "waves-workshop", "current-structure", "constant-memory",
            "architecture-search", "drift-symposium",
        ],
    }


def test_versions_are_linked_both_ways_from_one_declaration(tmp_path: Path):
    data = tmp_path / "publications.yml"
    data.write_text(
        "owner:\n  name: A\npapers:\n"
        "  - {id: a, section: conference, title: A, authors: [A], venue: V, year: 2019, versions: [b]}\n"
        "  - {id: b, section: workshop, title: B, authors: [A], venue: W, year: 2018}\n",
        encoding="utf-8",
    )
    publications = read_publications(data, DATA_NAME)
    assert [paper.id for paper in publications.versions_of(publications.by_id["a"])] == ["b"]
    assert [paper.id for paper in publications.versions_of(publications.by_id["b"])] == ["a"]


WRONG_VALUES = [None, 42, 3.5, True, "", "text", [], [1, 2], {"a": 1}, [{"url": 5}]]
VALID_ENTRY = {
    "id": "p", "section": "conference", "title": "T", "authors": ["A"], "venue": "V", "year": 2020,
    "equal_contribution": ["A"], "venue_full": "Full", "honours": ["Oral"], "summary": "S",
    "note": "N", "arxiv": "2010.90001", "doi": "10.1000/x", "links": {"code": "https://x.org"},
    "versions": [], "also_presented": [{"venue": "W"}], "selected": True, "bibtex_key": "k",
    "volume": "1", "pages": "1-2", "month": 5, "number": "2", "editors": ["E"], "publisher": "P", "address": "A",
    "preview": "papers/p/figure.png", "topics": ["T"],
}


@pytest.mark.parametrize("field", sorted(VALID_ENTRY))
def test_any_wrong_value_in_any_field_is_a_clear_error_not_a_crash(field: str, tmp_path: Path):
    """Every field, given values of every wrong shape: a DataError naming the field, or acceptance."""
    import yaml

    for value in WRONG_VALUES:
        entry = dict(VALID_ENTRY, **{field: value})
        data = tmp_path / "publications.yml"
        data.write_text(yaml.safe_dump({"owner": {"name": "A"}, "papers": [entry]}), encoding="utf-8")
        try:
            read_publications(data, DATA_NAME)
        except DataError as error:
            assert any(problem.field == field or field in str(problem) for problem in error.problems), (
                field, value, error.describe())
            assert all(problem.line for problem in error.problems)


@pytest.mark.parametrize("value, month", [(1, 1), (12, 12), ("May", 5), ("sep", 9), ("Sept.", 9), ("october", 10)])
def test_a_month_is_a_number_or_a_name(value, month, tmp_path: Path):
    import yaml

    data = tmp_path / "publications.yml"
    data.write_text(yaml.safe_dump({"owner": {"name": "A"}, "papers": [dict(VALID_ENTRY, month=value)]}), "utf-8")
    assert read_publications(data, DATA_NAME).papers[0].month == month


@pytest.mark.parametrize("value", [0, 13, "Ma", "Maybe", "2024-05", True])
def test_a_wrong_month_names_the_field(value, tmp_path: Path):
    import yaml

    data = tmp_path / "publications.yml"
    data.write_text(yaml.safe_dump({"owner": {"name": "A"}, "papers": [dict(VALID_ENTRY, month=value)]}), "utf-8")
    with pytest.raises(DataError) as error:
        read_publications(data, DATA_NAME)
    [problem] = error.value.problems
    assert problem.field == "month" and "expected a month as 1-12 or a name such as May" in problem.message


def test_papers_of_sections_come_in_the_owner_order():
    publications = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
    sections = sorted({paper.section for paper in publications.papers})
    assert len(sections) > 1
    for chosen in [[section] for section in sections] + [sections, sections[::-1], sections[:2], ["none"]]:
        expected = [paper for paper in publications.papers if paper.section in chosen]
        assert publications.in_sections(chosen) == expected
    shown = publications.in_sections([sections[0]])
    shown.clear()  # a list of the caller's own: the next caller still gets every paper
    assert publications.in_sections([sections[0]])
