"""``$math$`` in titles: one rule for what is math, MathML on the page, plain text where only text fits.

The unit tests pin the rule (Pandoc's: prices are not math, ``\\$`` is a dollar sign); the site tests
build a copy of the project with math in a title and read every place the title lands: the list, the
paper's ``<h1>``, ``<title>``, Scholar tags, JSON-LD, BibTeX and the exports, then check the page with
the Nu HTML Checker, axe and Chromium, which must draw the formula (MathML needs no script or font).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_fails, build_ok, page
from pubsite.citations.bibtex import to_latex
from pubsite.data.math_text import has_math, problems, segments, to_html, to_plain

MATH_TITLE = r"$\alpha$-Divergences for $f_\theta$ < 1 & Prices of \$5 and $10"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (r"$\alpha$-divergence", [(r"\alpha", True), ("-divergence", False)]),
        ("Costs $5 and $10", [("Costs $5 and $10", False)]),             # prices, not math
        (r"Costs \$5", [("Costs $5", False)]),                           # escaped dollar
        ("a $ b $ c", [("a $ b $ c", False)]),                           # space after the opening
        ("$x $ y", [("$x $ y", False)]),                                 # space before the closing
        (r"$x_1$ and $y^2$", [("x_1", True), (" and ", False), ("y^2", True)]),
        ("$a$5", [("$a$5", False)]),                                     # closing followed by a digit
        ("$$", [("$$", False)]),
        (r"$\$x$", [(r"\$x", True)]),                                    # \$ inside math stays LaTeX
        ("Plain title", [("Plain title", False)]),
    ],
)
def test_what_is_math(title: str, expected: list[tuple[str, bool]]):
    assert segments(title) == expected


def test_plain_text_html_and_latex_forms():
    title = r"$\alpha$-Divergence of $\mathcal{O}(n^2)$ at \$5"
    assert to_plain(title) == "α-Divergence of 𝒪(n^2) at $5"
    html = to_html(title)
    soup = BeautifulSoup(html, "html.parser")
    maths = soup.find_all("math")
    assert [m.get("display") for m in maths] == ["inline", "inline"]
    assert maths[0].find("mi").get_text() == "α"
    assert soup.find_all("msup")[0].get_text() == "n2"
    assert "$" not in "".join(m.get_text() for m in maths)
    assert html.endswith(" at $5")
    assert to_latex(title) == r"$\alpha$-Divergence of $\mathcal{O}(n^2)$ at {\$}5"
    assert to_latex("Prices $5 and $10") == r"Prices {\$}5 and {\$}10"
    assert not has_math("Prices $5 and $10") and has_math(title)


def test_markup_in_math_or_text_is_escaped():
    html = to_html(r"$a<b$ and <script>alert(1)</script> & $</math>$")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert "<script>" not in html and "</math>$" not in html
    assert len(soup.find_all("math")) == 2
    assert "<script>alert(1)</script> &" in soup.get_text()


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        (r"$\frac{a$", "unbalanced braces"),
        (r"$a}$", "unbalanced braces"),
        (r"$\notacommand x$", r"uses \notacommand"),
    ],
)
def test_unreadable_math_is_a_problem(title: str, problem: str):
    assert any(problem in found for found in problems(title))


def test_readable_math_has_no_problem():
    assert problems(r"$\{x\}$, $\sqrt{2}$, $x \in \mathbb{R}^d$ and $\ell_1$ at \$5") == []


# --------------------------------------------------------------------------- the built site


def with_title(project: Path, paper_id: str, title: str) -> None:
    data = project / "data" / "publications.yml"
    text = data.read_text(encoding="utf-8")
    entry = text.index(f"- id: {paper_id}\n")
    start = text.index("    title:", entry)
    end = text.index("\n", start)
    data.write_text(text[:start] + f"    title: {json.dumps(title)}" + text[end:], encoding="utf-8")


@pytest.fixture(scope="module")
def math_site(tmp_path_factory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("math") / "project")
    with_title(project, "tide-tables", MATH_TITLE)
    return build_ok(project)


def test_the_paper_page_shows_the_math_as_mathml(math_site: Path):
    soup = page(math_site, "papers/tide-tables/")
    headings = soup.select("article h1")
    assert len(headings) == 1, "one <h1>: the page's own, Material adds none"
    heading = headings[0]
    assert [m.find("mi").get_text() for m in heading.find_all("math")] == ["α", "f"]
    assert heading.find("msub") is not None
    visible = heading.get_text()
    assert "\\alpha" not in visible and "< 1 & Prices of $5 and $10" in visible
    assert soup.title.get_text().startswith("α-Divergences for f_θ < 1 & Prices of $5 and $10")


def test_the_list_shows_the_math_and_plain_text_goes_to_tags(math_site: Path):
    listing = page(math_site, "publications/conference/")
    link = listing.select_one("#tide-tables a.pub-title")
    assert link.find("math") is not None and "\\alpha" not in link.get_text()
    # aria-labels of the link buttons cannot hold markup: they name the paper in plain text
    labels = [a["aria-label"] for a in listing.select("#tide-tables .pub-links a")]
    assert labels and all("α-Divergences" in label for label in labels)

    soup = page(math_site, "papers/tide-tables/")
    plain = to_plain(MATH_TITLE)
    assert soup.find("meta", attrs={"name": "citation_title"})["content"] == plain
    assert soup.find("meta", attrs={"property": "og:title"})["content"].startswith("α-Divergences")
    article = next(
        item for script in soup.find_all("script", type="application/ld+json")
        for item in [json.loads(script.string)] if item.get("@type") == "ScholarlyArticle"
    )
    assert article["name"] == plain


def test_citations_keep_the_latex_or_give_plain_text(math_site: Path):
    bibtex = (math_site / "papers" / "tide-tables" / "cite.bib").read_text(encoding="utf-8")
    assert r"title = {{$\alpha$-Divergences for $f_\theta$" in bibtex.replace('"{', "{{")
    assert r"Prices of {\$}5 and {\$}10" in bibtex
    csl = json.loads((math_site / "papers" / "tide-tables" / "cite.json").read_text(encoding="utf-8"))
    assert csl[0]["title"] == to_plain(MATH_TITLE)
    ris = (math_site / "papers" / "tide-tables" / "cite.ris").read_text(encoding="utf-8")
    assert re.search(r"^TI  - α-Divergences for f_θ", ris, re.MULTILINE)
    feed = (math_site / "publications.atom").read_text(encoding="utf-8")
    assert "<title>α-Divergences for f_θ &lt; 1 &amp; Prices" in feed


def test_the_search_index_has_the_plain_title(math_site: Path):
    index = json.loads((math_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"] if doc["location"] == "papers/tide-tables/"]
    assert titles and titles[0].startswith("α-Divergences")


def test_the_math_page_is_valid_html(math_site: Path):
    from test_html_validity import check_html

    errors = check_html([math_site / "papers" / "tide-tables" / "index.html",
                         math_site / "publications" / "conference" / "index.html"])
    assert not errors, "\n".join(f"{e['file'].name}:{e['line']}: {e['message']}" for e in errors)


def test_chromium_draws_the_formula_accessibly(math_site: Path, browser):
    from static_server import StaticServer
    from test_accessibility import blocking_violations, describe

    with StaticServer(math_site) as server:
        context = browser.new_context()
        try:
            tab = context.new_page()
            tab.goto(server.url("papers/tide-tables/"))
            box = tab.locator("article h1 math").first.bounding_box()
            identifier = tab.locator("article h1 math mi").first.bounding_box()
            assert box and box["width"] > 5 and box["height"] > 5
            assert identifier and identifier["width"] > 2, "the <mi> is laid out as MathML"
            display = tab.evaluate("getComputedStyle(document.querySelector('article h1 math')).display")
            assert "math" in display, f"Chromium does not treat <math> as MathML (display: {display})"
            violations = blocking_violations(tab)
            assert not violations, "\n".join(describe("papers/tide-tables/", violations))
        finally:
            context.close()


def test_unreadable_math_in_a_title_fails_the_build_naming_the_field(project: Path):
    with_title(project, "tide-tables", r"Bounds on $\frac{a$")
    output = build_fails(project)
    assert re.search(r"publications\.yml:\d+: paper 'tide-tables': field 'title': the math \$\\frac\{a\$ has "
                     r"unbalanced braces", output), output
