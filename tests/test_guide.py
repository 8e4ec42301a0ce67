"""The kit's guide (``kit/guide/``), the repository's README and the kit's changelog say what is true.

Their examples are read by the kit's own readers (a paper list, a co-author file, an import block that
the guide shows must be valid data, as an owner would copy it); every link between the pages leads to
a file, and every ``#anchor`` to a heading of it; every file of the package the guide names exists;
the README keeps the test command CI runs word for word; and the changelog has a section, headed as
``pubsite upgrade`` and the release workflow read it, for the kit's version.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import pubsite
from pubsite.data.coauthor_links import build_links
from pubsite.data.errors import DataError
from pubsite.data.validation import read_publications
from pubsite.data.yaml_source import load_marked_yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "kit" / "guide"
PACKAGE = ROOT / "kit" / "pubsite"
CHANGELOG = PACKAGE / "CHANGELOG.md"
PAGES = sorted(GUIDE.glob("*.md"))
DOCUMENTS = [*PAGES, ROOT / "README.md", CHANGELOG]
STAGES = ("data", "plan", "render", "citations", "importers", "cv", "commands", "testing", "mkdocs_adapter")

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _prose(text: str) -> str:
    """``text`` without its code, fenced or inline (links and paths there are examples, not references)."""
    return re.sub(r"`[^`\n]+`", "", _FENCE.sub("", text))


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lowercase, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_anchor(match.group(1)) for match in re.finditer(r"^#{1,6} (.+)$", _FENCE.sub("", path.read_text("utf-8")),
                                                             re.MULTILINE)}


def _yaml_block(page: str, first_line: str) -> str:
    """The fenced YAML block of ``kit/guide/<page>`` whose first line is ``first_line``."""
    text = (GUIDE / page).read_text("utf-8")
    for block in re.findall(r"^```yaml\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        if block.startswith(first_line):
            return block
    raise AssertionError(f"kit/guide/{page} has no YAML example starting {first_line!r}")


def test_the_guide_has_its_pages_and_the_index_lists_every_one():
    names = {path.name for path in PAGES}
    assert {"README.md", "new-site.md", "publication-list.md", "importing.md", "cv.md", "browsing.md",
            "editing.md", "publishing.md", "upgrading.md", "how-it-works.md", "extending.md", "tests.md",
            "releasing.md"} <= names
    index = {target for target in _LINK.findall((GUIDE / "README.md").read_text("utf-8"))}
    assert names - {"README.md"} <= index, f"pages the guide's index does not list: {names - {'README.md'} - index}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_between_the_documents_leads_to_a_file_and_heading(document: Path):
    broken = []
    for target in _LINK.findall(_prose(document.read_text("utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # an address on the web
        path_part, _, anchor = target.partition("#")
        destination = (document.parent / path_part).resolve() if path_part else document
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}: no heading with that anchor in {destination.name}")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_every_file_of_the_package_the_guide_names_exists(page: Path):
    """``kit/pubsite/data/validation.py``, or ``render/rendering.py`` as a page about the package writes it."""
    text = page.read_text("utf-8")
    named = set(re.findall(r"`kit/pubsite/([\w/.-]+)`", text))
    named |= {match for match in re.findall(r"`((?:%s)/[\w/.-]+\.(?:py|typ|html|css|js))`" % "|".join(STAGES), text)}
    missing = sorted(path for path in named if not (PACKAGE / path.rstrip("/")).exists())
    assert missing == []


def test_no_page_sends_the_reader_to_the_copied_kit_of_old_sites_as_if_it_were_current():
    """``hooks/pubsite/`` and ``overrides/`` of the kit are gone from sites; only the pages about sites
    made before 1.0.0 (and about not putting such a folder in ``hooks/``) may name ``hooks/pubsite``."""
    for page in PAGES:
        if page.name in {"upgrading.md", "extending.md", "new-site.md"}:
            continue
        assert "hooks/pubsite" not in page.read_text("utf-8"), page.name


def test_the_readme_keeps_the_commands_ci_runs_word_for_word():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme.startswith("# Will Grathwohl's homepage\n")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_command = next(line for line in ci.splitlines() if line.startswith("python3.11 -m venv .venv &&"))
    assert f"\n{test_command}\n" in readme
    serve = ("python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e . && "
             ".venv/bin/mkdocs serve --dirty --no-strict")
    assert f"\n{serve}\n" in readme
    assert "kit/guide/new-site.md" in readme and len(readme) < 12_000  # a site's README, not the kit's manual


def test_the_changelog_has_a_section_for_this_version_and_every_heading_is_exact():
    text = CHANGELOG.read_text("utf-8")
    versions = re.findall(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)
    version_headings = [line for line in text.splitlines() if line.startswith("## [")]
    assert len(version_headings) == len(versions), f"headings not of the form '## [X.Y.Z] - YYYY-MM-DD': {version_headings}"
    numbers = [tuple(int(part) for part in version.split(".")) for version, _ in versions]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)  # newest first, once each
    assert versions and versions[0][0] == pubsite.__version__


def test_the_paper_in_the_guide_is_a_valid_entry_of_a_publication_list(tmp_path: Path):
    example = _yaml_block("publication-list.md", "owner:\n")
    workshop = ("  - {id: tide-tables-workshop, section: workshop, title: Fast Tide Forecasts in One Pass, "
                "authors: [Ada Example, Finn Brennan], venue: Workshop on Coastal Forecasting 2023, year: 2023}\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/publications.yml").write_text(example + workshop, encoding="utf-8")
    folder = tmp_path / "docs/papers/tide-tables"
    folder.mkdir(parents=True)
    (folder / "tide-tables.pdf").write_bytes(b"%PDF-1.4\n")
    Image.new("RGB", (640, 360), "white").save(folder / "figure.png")
    publications = read_publications(tmp_path / "data/publications.yml", "data/publications.yml", tmp_path / "docs")
    paper = next(paper for paper in publications.papers if paper.id == "tide-tables")
    assert (paper.year, paper.month, paper.equal_contribution) == (2024, 5, ("Ada Example", "Finn Brennan"))
    assert paper.versions == ("tide-tables-workshop",) and paper.selected

    coauthors = load_marked_yaml(_yaml_block("browsing.md", "- name:"), "data/coauthors.yml")
    links = build_links(coauthors, "data/coauthors.yml", publications)
    assert len(links) == 1 and [label for label, _ in next(iter(links.values()))] == ["Homepage", "Google Scholar"]


def test_the_import_block_in_the_guide_is_valid_in_a_publication_list(tmp_path: Path):
    """The guide's ``bibtex_import`` block passes the build's checks, which do read it: the same block
    with a section that does not exist fails them."""
    block = _yaml_block("importing.md", "bibtex_import:")
    assert "    misc: other\n" in block
    path = tmp_path / "publications.yml"
    path.write_text(block + "owner: {name: Ada Example}\npapers: []\n", encoding="utf-8")
    assert read_publications(path, "data/publications.yml").owner.name == "Ada Example"
    path.write_text(block.replace("misc: other", "misc: others") + "owner: {name: Ada Example}\npapers: []\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="others"):
        read_publications(path, "data/publications.yml")
