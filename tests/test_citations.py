"""Found and cited: the citation exports, read back by the programs researchers actually use.

* ``publications.bib`` goes through real ``pdflatex`` + ``bibtex`` (styles ``plain`` and
  ``plainnat``, which also prints the URL and DOI fields): no error, no warning, every key once.
* ``publications.json`` and each ``cite.json`` are rendered by citeproc-py with a bundled CSL style.
* ``publications.ris`` and each ``cite.ris`` are read by rispy.
* ``publications.atom`` is read by feedparser, and every page advertises it.
* Round trip: what the exports say (title, authors, year, venue, key) is what the YAML says.

Each consumer check also runs on an "evil" build: the real data plus one paper whose title holds
quotes, ``</script>``, ``&`` and accents, and whose authors and venue are not ASCII
(``evil_site``, also used by ``test_structured_data.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser
import pytest
import rispy
from browser import require_tool
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from conftest import build_ok, copy_project, page
from pubsite.data.model import Paper, Publications
from pubsite.data.validation import read_publications
from pybtex.database import parse_file, parse_string
from pylatexenc.latex2text import LatexNodes2Text
from test_site_content import PUBLICATIONS

SITE_URL = "https://ada.example.org/"
FEED = "publications.atom"
LIST_EXPORTS = {"BibTeX": "publications.bib", "CSL-JSON": "publications.json", "RIS": "publications.ris",
                "Atom feed": FEED}
PAPER_EXPORTS = {"BibTeX": "cite.bib", "RIS": "cite.ris", "CSL-JSON": "cite.json"}
SECTION_PAGES = ["publications/conference/", "publications/preprints/", "publications/workshops/"]
#: Keys already published: a citation key must never change once people have used it.
PUBLISHED_KEYS = {
    "tide-tables": "example2024tides",
    "current-discrepancy": "current-discrepancy",
    "buoy-model": "buoy-model",
    "conditional-limits": "conditional-limits",
    "invertible-tides": "pmlr-v178-weber22a",
    "waves": "example2022waves",
    "drift": "drift",
    "soundings": "soundings",
    "lattice-workshop": "lattice-workshop",
    "waves-workshop": "waves-workshop",
    "current-structure": "current-structure",
    "constant-memory": "constant-memory",
    "architecture-search": "architecture-search",
    "drift-symposium": "drift-symposium",
}

EVIL_ID = "evil-json"
EVIL_TITLE = 'Ünïcödé "quotes" </script><script>alert(1)</script> & more'
EVIL_AUTHORS = ["Ada Example", "Jörg-Emil Lindqvist", "Łukasz Kaiser", "Zoë O'Brien-Müller",
                "François Chollet"]
EVIL_VENUE_FULL = "Conférence Européenne d'Apprentissage Automatique"
EVIL_ENTRY = f"""
  - id: {EVIL_ID}
    section: conference
    title: {json.dumps(EVIL_TITLE, ensure_ascii=False)}
    authors: {json.dumps(EVIL_AUTHORS, ensure_ascii=False)}
    venue: ÉCML 2023
    venue_full: {json.dumps(EVIL_VENUE_FULL, ensure_ascii=False)}
    year: 2023
    summary: "Ünïcödé summary with \\"quotes\\", </script> & a café."
    arxiv: "2301.00001"
    doi: "10.5555/evil.2023"
    links:
      openreview: https://openreview.net/forum?id=evil
      pdf: https://example.org/evil.pdf
"""

_evil_build: dict[str, Path] = {}


def build_evil_site(tmp_path_factory) -> Path:
    """The site built from the real data plus the evil paper: built once per session, shared by
    this file's and test_structured_data.py's ``evil_site`` fixtures."""
    if "site" not in _evil_build:
        project = copy_project(tmp_path_factory.mktemp("evil-json"))
        data = project / "data/publications.yml"
        data.write_text(data.read_text(encoding="utf-8") + EVIL_ENTRY, encoding="utf-8")
        _evil_build["site"] = build_ok(project)
    return _evil_build["site"]


@pytest.fixture(scope="session")
def evil_site(tmp_path_factory) -> Path:
    return build_evil_site(tmp_path_factory)


def publications_of(site: Path) -> Publications:
    """The validated data a built site came from (the site is built into ``<project>/site``)."""
    project = site.parent
    return read_publications(project / "data/publications.yml", "data/publications.yml", project / "docs")


@pytest.fixture(params=["real", "evil"])
def built(request) -> tuple[Path, Publications]:
    """(built site, its data): the real site, and the site with the evil paper added."""
    if request.param == "real":
        return request.getfixturevalue("site"), PUBLICATIONS
    site = request.getfixturevalue("evil_site")
    publications = publications_of(site)
    assert EVIL_ID in publications.by_id
    return site, publications


def page_url(paper: Paper) -> str:
    return f"{SITE_URL}papers/{paper.id}/"


def tex_quotes(text: str) -> str:
    """Straight double quotes as BibTeX gets them: TeX's `` and '', which decode to curly quotes."""
    quotes = iter(("“", "”") * (text.count('"') // 2 + 1))
    return re.sub('"', lambda _: next(quotes), text)


# ------------------------------------------------------------------------------- BibTeX + LaTeX

STYLES = {
    "plain": ("", "plain"),
    # plainnat also prints url, doi and eprint: long URLs get typeset too.
    "plainnat": ("\\usepackage{natbib}\n\\usepackage{url}\n", "plainnat"),
}


def compile_bibliography(bib: Path, folder: Path, style: str) -> dict[str, str]:
    """pdflatex, bibtex, pdflatex, pdflatex on a document citing every entry of ``bib``."""
    pdflatex = require_tool("pdflatex", "apt-get install texlive-latex-base")
    bibtex = require_tool("bibtex", "apt-get install texlive-binaries")
    packages, bst = STYLES[style]
    folder.mkdir()
    (folder / "publications.bib").write_bytes(bib.read_bytes())
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n" + packages
        + "\\begin{document}\n\\nocite{*}\n\\bibliographystyle{" + bst + "}\n"
        "\\bibliography{publications}\n\\end{document}\n",
        encoding="ascii",
    )
    latex = [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc"]
    for command in (latex, [bibtex, "doc"], latex, latex):
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300,
                                errors="replace", check=False)
        assert result.returncode == 0, (
            f"{command[0]} failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
            + (folder / ("doc.blg" if command[0] == bibtex else "doc.log")).read_text(errors="replace")[-4000:]
        )
    assert (folder / "doc.pdf").is_file()
    return {suffix: (folder / f"doc.{suffix}").read_text(encoding="utf-8", errors="replace")
            for suffix in ("blg", "log", "bbl")}


LATEX_PROBLEM = re.compile(r"Warning|warning:|undefined|Overfull|Underfull|Missing character|^! ", re.MULTILINE)
BOX_IN_BBL = re.compile(r"^(Underfull|Overfull) \\[hv]box .* in paragraph at lines (\d+)--(\d+)$")


def bibitem_lines(bbl: str) -> dict[str, range]:
    """Which lines of the .bbl each entry occupies (1-based, as TeX reports them)."""
    lines = bbl.splitlines()
    starts = [number for number, line in enumerate(lines, 1) if line.startswith("\\bibitem")]
    ranges = {}
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        text = "\n".join(lines[start - 1:end - 1])
        key = re.match(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", text, re.DOTALL).group(1)
        ranges[key] = range(start, end)
    return ranges


@pytest.mark.parametrize("style", list(STYLES))
def test_latex_and_bibtex_typeset_every_entry_without_warnings(built, style: str, tmp_path: Path):
    """The whole list, cited with \\nocite{*}: no error or warning from bibtex or LaTeX.

    The one tolerated message: in the evil build with ``plain``, LaTeX reports an Underfull \\hbox
    in the evil entry's paragraph, because its title holds a 35-character token without a
    break point (``</script><script>alert(1)</script>``): typography, not a broken entry. Any box
    warning elsewhere, or any Overfull box, fails.
    """
    site, publications = built
    output = compile_bibliography(site / "publications.bib", tmp_path / "tex", style)
    blg, log, bbl = output["blg"], output["log"], output["bbl"]

    assert "Warning" not in blg and "error message" not in blg, blg
    assert "warning$ -- 0" in blg, blg

    evil_lines = bibitem_lines(bbl).get(EVIL_ID, range(0))
    problems = []
    for line in log.splitlines():
        if not LATEX_PROBLEM.search(line):
            continue
        box = BOX_IN_BBL.match(line)
        tolerated = (
            box and box.group(1) == "Underfull" and style == "plain"
            and int(box.group(2)) in evil_lines and int(box.group(3)) in evil_lines
        )
        if not tolerated:
            problems.append(line)
    assert not problems, "LaTeX log:\n" + "\n".join(problems)

    keys = re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", bbl, re.DOTALL)
    expected = [paper.citation_key for paper in publications.papers]
    assert sorted(keys) == sorted(expected)
    assert len(set(keys)) == len(keys)
    if EVIL_ID in publications.by_id:
        assert 'J{\\"o}rg-Emil' in bbl and "{\\L}ukasz" in bbl and "Fran{\\c{c}}ois" in bbl


# --------------------------------------------------------------------------------- CSL-JSON


def render_with_citeproc(items: list[dict]) -> tuple[list[str], list[str]]:
    """The bibliography and the in-text citations, as citeproc-py renders them."""
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # bundled with citeproc-py
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        citations = [Citation([CitationItem(item["id"])]) for item in items]
        for citation in citations:
            bibliography.register(citation)
        rendered = [str(entry) for entry in bibliography.bibliography()]
        cited = [str(bibliography.cite(citation, lambda item: None)) for citation in citations]
    assert not [str(w.message) for w in caught if "citeproc" in (w.filename or "")]
    return rendered, cited


def family(name: str) -> str:
    from pybtex.database import Person

    return " ".join(Person(name).last_names)


def test_citeproc_renders_the_whole_list(built):
    site, publications = built
    items = json.loads((site / "publications.json").read_text(encoding="utf-8"))
    assert len(items) == len(publications.papers)
    rendered, cited = render_with_citeproc(items)
    assert len(rendered) == len(publications.papers)
    for paper in publications.papers:
        entries = [text for text in rendered if paper.title in text]
        assert entries, f"{paper.id}: title missing from citeproc output"
        assert any(family(paper.authors[0]) in text and str(paper.year) in text for text in entries)
    for paper, text in zip(publications.papers, cited):
        assert family(paper.authors[0]) in text and str(paper.year) in text, text


def test_citeproc_renders_each_paper_file(built):
    site, publications = built
    for paper in publications.papers:
        items = json.loads((site / f"papers/{paper.id}/cite.json").read_text(encoding="utf-8"))
        assert [item["id"] for item in items] == [paper.citation_key]
        rendered, _ = render_with_citeproc(items)
        assert len(rendered) == 1 and paper.title in rendered[0], rendered


# ------------------------------------------------------------------------------------- RIS

RIS_TYPES = {"conference": "CONF", "workshop": "CONF", "journal": "JOUR", "thesis": "THES",
             "preprint": "UNPB", "other": "GEN"}


def check_ris_record(record: dict, paper: Paper) -> None:
    assert "unknown_tag" not in record, record
    assert record["type_of_reference"] == RIS_TYPES[paper.section]
    assert record["id"] == paper.citation_key
    assert record["title"] == paper.title
    names = [" ".join(reversed(author.split(", ", 1))) for author in record["authors"]]
    assert names == list(paper.authors)
    assert record["year"] == str(paper.year)
    assert page_url(paper) in record["urls"]


def test_rispy_reads_the_list_and_each_paper(built):
    site, publications = built
    records = rispy.loads((site / "publications.ris").read_text(encoding="utf-8"))
    assert len(records) == len(publications.papers)
    for record, paper in zip(records, publications.papers):
        check_ris_record(record, paper)
    for paper in publications.papers:
        records = rispy.loads((site / f"papers/{paper.id}/cite.ris").read_text(encoding="utf-8"))
        assert len(records) == 1
        check_ris_record(records[0], paper)


# ------------------------------------------------------------------------------------ Atom


def test_feedparser_reads_the_feed_newest_first(built):
    site, publications = built
    feed = feedparser.parse((site / FEED).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert {(link.rel, link.href) for link in feed.feed.links} >= {("self", SITE_URL + FEED),
                                                                   ("alternate", SITE_URL)}
    assert len(feed.entries) == len(publications.papers)
    by_url = {page_url(paper): paper for paper in publications.papers}
    years = []
    for entry in feed.entries:
        paper = by_url[entry.link]
        assert entry.id == entry.link
        assert entry.title == paper.title
        assert [author.name for author in entry.authors] == list(paper.authors)
        assert entry.updated_parsed.tm_year == paper.year
        years.append(entry.updated_parsed.tm_year)
    assert sorted({entry.link for entry in feed.entries}) == sorted(by_url)
    assert years == sorted(years, reverse=True), "newest year first"


def site_pages(site: Path) -> list[tuple[str, Path]]:
    """(absolute URL, file) of every page of the site except 404.html, which is served at any URL."""
    pages = []
    for html_file in sorted(site.rglob("index.html")):
        relative = html_file.parent.relative_to(site).as_posix()
        pages.append((SITE_URL + ("" if relative == "." else relative + "/"), html_file))
    return pages


def test_every_page_advertises_the_feed(site: Path):
    pages = site_pages(site)
    assert len(pages) >= len(PUBLICATIONS.papers) + 4
    for url, html_file in pages:
        soup = page(site, url[len(SITE_URL):])
        links = soup.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1, url
        href = links[0]["href"]
        assert urljoin(url, href) == SITE_URL + FEED, (url, href)
        assert (html_file.parent / href).resolve() == (site / FEED).resolve()
    assert (site / FEED).is_file()


# ------------------------------------------------------------------------------ Round trip

DECODE = LatexNodes2Text()


def decode(latex: str) -> str:
    return DECODE.latex_to_text(latex)


def bib_names(entry) -> list[str]:
    return [decode(" ".join(person.first_names + person.middle_names + person.prelast_names
                            + person.last_names + person.lineage_names))
            for person in entry.persons["author"]]


def bib_venue(entry) -> str:
    field = {"inproceedings": "booktitle", "article": "journal", "phdthesis": "school",
             "misc": "howpublished"}[entry.type]
    return decode(entry.fields[field])


def expected_bib_venue(paper: Paper) -> str:
    if paper.section == "preprint" and paper.arxiv:
        return f"arXiv preprint arXiv:{paper.arxiv}"
    return paper.venue_full or paper.venue


def test_bibtex_round_trip(built):
    site, publications = built
    bibliography = parse_file(str(site / "publications.bib"), "bibtex")
    assert list(bibliography.entries.keys()) == [paper.citation_key for paper in publications.papers]
    for paper in publications.papers:
        entry = bibliography.entries[paper.citation_key]
        assert decode(entry.fields["title"]) == tex_quotes(paper.title), paper.id
        assert bib_names(entry) == list(paper.authors), paper.id
        assert entry.fields["year"] == str(paper.year)
        assert bib_venue(entry) == expected_bib_venue(paper), paper.id
        if paper.arxiv:
            assert entry.fields["eprint"] == paper.arxiv and entry.fields["archivePrefix"] == "arXiv"
        if paper.doi:
            assert entry.fields["doi"] == paper.doi
        # The paper's own file holds the same entry.
        own = parse_string((site / f"papers/{paper.id}/cite.bib").read_text(encoding="utf-8"), "bibtex")
        assert list(own.entries.keys()) == [paper.citation_key]
        assert own.entries[paper.citation_key].fields == entry.fields
        assert bib_names(own.entries[paper.citation_key]) == bib_names(entry)


def test_csl_json_round_trip(built):
    site, publications = built
    items = json.loads((site / "publications.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == [paper.citation_key for paper in publications.papers]
    for item, paper in zip(items, publications.papers):
        assert item["title"] == paper.title
        assert [f"{author['given']} {author['family']}" for author in item["author"]] == list(paper.authors)
        assert item["issued"] == {"date-parts": [[paper.year]]}
        if paper.section == "preprint" and paper.arxiv:
            assert item["type"] == "article"
            assert item["publisher"] == "arXiv" and item["number"] == f"arXiv:{paper.arxiv}"
        else:
            assert item["type"] == "paper-conference"
            assert item["container-title"] == (paper.venue_full or paper.venue)
        if paper.doi:
            assert item["DOI"] == paper.doi
        own = json.loads((site / f"papers/{paper.id}/cite.json").read_text(encoding="utf-8"))
        assert own == [item]


def test_citation_keys_are_unique_and_stable():
    keys = [paper.citation_key for paper in PUBLICATIONS.papers]
    assert len(set(keys)) == len(keys)
    for paper in PUBLICATIONS.papers:
        assert paper.citation_key == (paper.bibtex_key or paper.id)
        if paper.id in PUBLISHED_KEYS:
            assert paper.citation_key == PUBLISHED_KEYS[paper.id], f"{paper.id}: citation key changed"


# --------------------------------------------------------------------- Links to the exports


def download_links(soup) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in soup.select("p.pub-downloads a")}


@pytest.mark.parametrize("paper", PUBLICATIONS.papers, ids=lambda paper: paper.id)
def test_paper_page_links_to_its_three_exports(site: Path, paper: Paper):
    url = f"papers/{paper.id}/"
    links = download_links(page(site, url))
    assert links == PAPER_EXPORTS
    for href in links.values():
        target = site / url / href
        assert target.is_file() and target.stat().st_size > 0, href
    assert f"{{{paper.citation_key}," in (site / url / "cite.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", SECTION_PAGES)
def test_section_pages_link_to_the_list_exports(site: Path, url: str):
    links = download_links(page(site, url))
    assert links == {label: "../../" + path for label, path in LIST_EXPORTS.items()}
    for path in LIST_EXPORTS.values():
        assert (site / url / ("../../" + path)).resolve() == (site / path).resolve()
        assert (site / path).is_file() and (site / path).stat().st_size > 0
        assert urljoin(SITE_URL + url, "../../" + path) == SITE_URL + path


def test_sitemap_and_robots_lead_to_every_paper_page(site: Path):
    """test_site_config checks robots.txt and the sitemap in detail; here: every page that can be
    cited is reachable from robots.txt through the sitemap, under the URL its tags announce."""
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    sitemap_url = re.search(r"^Sitemap: (\S+)$", robots, re.MULTILINE).group(1)
    assert sitemap_url == SITE_URL + "sitemap.xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ElementTree.parse(site / "sitemap.xml").findall("s:url/s:loc", namespace)}
    for paper in PUBLICATIONS.papers:
        soup = page(site, f"papers/{paper.id}/")
        assert soup.find("meta", attrs={"name": "citation_abstract_html_url"})["content"] in listed
        assert soup.find("link", rel="canonical")["href"] == page_url(paper)
        assert page_url(paper) in listed
