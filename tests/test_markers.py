"""Pages ask for generated lists with placeholders; a wrong placeholder fails the build clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, build_fails, build_ok, page

from pubsite.data.markers import MarkerError, find_markers


def test_markers_are_parsed_with_their_lines():
    markers = find_markers("# T\n\n<!-- publications: conference, workshop -->\n\n<!-- email -->\n")
    assert [(m.name, m.sections, m.line) for m in markers] == [
        ("publications", ("conference", "workshop"), 3),
        ("email", (), 5),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("<!-- publications: conferense -->", "line 1: unknown section 'conferense'.*did you mean 'conference'"),
        ("<!-- publications: journals -->", "unknown section 'journals' .*did you mean 'journal'\\?"),
        ("<!-- publications: selcted -->", "did you mean 'selected'\\?"),
        ("a\n\n<!-- publication: selected -->", "line 3: '<!-- publication: selected -->' is not a placeholder; "
                                               "did you mean '<!-- publications: selected -->'\\?"),
        ("<!-- Publications: journal -->", "did you mean '<!-- publications: journal -->'\\?"),
        ("<!-- emial -->", "did you mean '<!-- email -->'\\?"),
        ("x\n<!-- publications: -->", "line 2: say which papers to list"),
        ("<!-- publications: selected, workshop -->", "'selected' cannot be combined"),
    ],
)
def test_bad_markers_are_rejected(text: str, message: str):
    with pytest.raises(MarkerError, match=message):
        find_markers(text)


@pytest.mark.parametrize("text", [
    "<!-- publication list below -->", "<!-- TODO: add papers -->", "<!-- more -->", "<!-- emails go here -->",
])
def test_ordinary_comments_are_left_alone(text: str):
    assert find_markers(text) == []


def test_a_misspelt_placeholder_fails_the_build_naming_page_line_and_fix(project: Path):
    page_file = project / "docs/index.md"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("<!-- publications: selected -->",
                                                                       "<!-- publication: selected -->"))
    line = page_file.read_text(encoding="utf-8").split("<!-- publication:")[0].count("\n") + 1
    output = build_fails(project)
    assert (f"docs/index.md: line {line}: '<!-- publication: selected -->' is not a placeholder; did you mean "
            "'<!-- publications: selected -->'?") in output


def test_a_bad_marker_fails_the_build_naming_the_page(project: Path):
    page_file = project / "docs/publications/workshops.md"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("workshop -->", "workshops -->"))
    output = build_fails(project)
    assert "docs/publications/workshops.md: line 6: unknown section 'workshops'" in output


def test_a_section_listed_nowhere_fails_the_strict_build(project: Path):
    page_file = project / "docs/publications/preprints.md"
    page_file.write_text("# Preprints\n\nNone listed.\n", encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # a warning, which strict mode turns into a failure
    assert "papers in section 'preprint' are listed on no page" in output


def test_a_page_may_list_several_sections(project: Path):
    (project / "docs/publications/workshops.md").write_text(
        "# Everything else\n\n<!-- publications: preprint, workshop -->\n", encoding="utf-8"
    )
    (project / "docs/publications/preprints.md").write_text("# Preprints\n\nSee workshops.\n", encoding="utf-8")
    site = build_ok(project)
    ids = [li["id"] for li in page(site, "publications/workshops/").select("li.pub")]
    assert ids[0] == "soundings" and "drift-symposium" in ids and len(ids) == 7
    back = page(site, "papers/soundings/").select_one(".pub-back a")
    assert back["href"] == "../../publications/workshops/"


def test_a_link_to_a_list_entry_passes_the_strict_anchor_check(project: Path):
    (project / "docs/index.md").write_text(
        (project / "docs/index.md").read_text(encoding="utf-8")
        + "\nSee [The buoy model in the list](publications/conference.md#buoy-model).\n", encoding="utf-8")
    site = build_ok(project)
    home = page(site, "")
    link = home.find("a", string="The buoy model in the list")
    assert link["href"] == "publications/conference/#buoy-model"
    listed = page(site, "publications/conference/")
    assert listed.find("li", id="buoy-model") is not None


def test_a_link_to_a_missing_entry_still_fails_the_strict_anchor_check(project: Path):
    (project / "docs/index.md").write_text(
        (project / "docs/index.md").read_text(encoding="utf-8")
        + "\nSee [nothing](publications/conference.md#no-such-paper).\n", encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # a warning, which strict mode turns into a failure
    assert "does not contain an anchor '#no-such-paper'" in output


def test_a_placeholder_inside_a_code_block_fails_the_build_naming_page_and_line(project: Path):
    talks = project / "docs/talks.md"
    text = talks.read_text(encoding="utf-8")
    lines = text.count("\n")
    talks.write_text(text + "\n```\n<!-- publications: workshop -->\n```\n", encoding="utf-8")
    output = build_fails(project)
    assert f"docs/talks.md: line {lines + 3}: a publications placeholder must stand on a line of its own" \
        in output


@pytest.mark.parametrize("text", [
    "Intro\n\n    <!-- publications: conference -->\n",
    "Intro\n\n\t<!-- publications: conference -->\n",
    "Intro\n\n~~~~\n<!-- publications: conference -->\n~~~~\n",
    "Intro <!-- publications: conference -->\n",
    "<!-- publications: conference --> and more\n",
])
def test_a_list_placeholder_must_stand_alone_outside_code(text: str):
    from pubsite.render.list_pages import fill_placeholders
    from pubsite.data.model import Owner, Publications
    from pubsite.plan.plan import plan_site

    publications = Publications(Owner("A"), [])
    plan = plan_site(publications, {"p.md": find_markers(text)}, 10)
    with pytest.raises(MarkerError, match="must stand on a line of its own"):
        fill_placeholders(text, plan.lists["p.md"], publications, str, None)
    fine = "Intro\n\n  <!-- publications: conference -->\n\n```\ncode\n```\n"
    plan = plan_site(publications, {"p.md": find_markers(fine)}, 10)
    assert 'class="pub-empty"' in fill_placeholders(fine, plan.lists["p.md"], publications, str, None)
