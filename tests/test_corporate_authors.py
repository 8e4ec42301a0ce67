"""``{Google DeepMind}`` as an author: one name everywhere, shown without braces, exported with them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from conftest import build_ok, copy_project, page

CORPORATE = "{The {LIGO} Scientific Collaboration}"


@pytest.fixture(scope="module")
def corporate_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("corporate") / "project")
    data = project / "data" / "publications.yml"
    text = data.read_text(encoding="utf-8")
    entry = text.index("- id: current-discrepancy\n")
    start = text.index("    authors:", entry)
    end = text.index("\n", start)
    authors = "    authors: [Ada Example, " + json.dumps(CORPORATE) + ', "Zoë Ángel Müller"]'
    data.write_text(text[:start] + authors + text[end:], encoding="utf-8")
    return build_ok(project)


def test_shown_without_braces(corporate_site: Path):
    listing = page(corporate_site, "publications/conference/")
    authors = listing.select_one("#current-discrepancy .pub-authors").get_text()
    assert authors == "Ada Example, The LIGO Scientific Collaboration, Zoë Ángel Müller"
    paper = page(corporate_site, "papers/current-discrepancy/")
    assert [m["content"] for m in paper.find_all("meta", attrs={"name": "citation_author"})] == [
        "Ada Example", "The LIGO Scientific Collaboration", "Zoë Ángel Müller"]
    article = next(item for script in paper.find_all("script", type="application/ld+json")
                   for item in [json.loads(script.string)] if item.get("@type") == "ScholarlyArticle")
    assert article["author"][1] == {"@type": "Organization", "name": "The LIGO Scientific Collaboration"}


def test_bibtex_keeps_it_one_name(corporate_site: Path):
    bibtex = (corporate_site / "papers" / "current-discrepancy" / "cite.bib").read_text(encoding="utf-8")
    assert re.search(r"author = \{Example, Ada and \{The \{LIGO\} Scientific Collaboration\} and "
                     r"M\{\\\"u\}ller, Zo\{\\\"e\} \{\\'A\}ngel\}", bibtex), bibtex
    (entry,) = parse_string(bibtex, "bibtex").entries.values()
    corporate = entry.persons["author"][1]
    assert corporate.first_names == [] and corporate.last_names == [CORPORATE]


def test_csl_and_ris_name_the_organisation(corporate_site: Path):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads((corporate_site / "papers" / "current-discrepancy" / "cite.json").read_text(encoding="utf-8"))
    assert items[0]["author"][1] == {"literal": "The LIGO Scientific Collaboration"}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert "The LIGO Scientific Collaboration" in rendered and "{" not in rendered

    ris = (corporate_site / "papers" / "current-discrepancy" / "cite.ris").read_text(encoding="utf-8")
    assert re.findall(r"^AU  - (.*)$", ris, re.MULTILINE) == [
        "Example, Ada", "The LIGO Scientific Collaboration", "Müller, Zoë Ángel"]
