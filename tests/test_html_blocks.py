"""Publication lists skip the Markdown parser and land in the page's HTML unchanged.

The hook puts a placeholder comment in the Markdown and the list's HTML after Markdown
(``pubsite.html_blocks``): the page must be what Markdown would have made of the list itself,
links to a list entry's ``#id`` must still pass MkDocs' anchor check, and a placeholder that
Markdown does not pass through (inside a code block) must fail the build, not vanish.
"""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT_ROOT, build, build_fails, build_ok, page

from pubsite.exports import LIST_EXPORTS
from pubsite.html_blocks import HtmlBlocks, MisplacedBlock
from pubsite.pagination import render_pager, split_list
from pubsite.rendering import render_downloads, render_paper_list
from pubsite.validation import build_publications
from pubsite.yaml_source import load_marked_yaml

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import publications_yaml  # noqa: E402


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the site's extensions, from mkdocs.yml (emoji needs Material's
    functions, which do not touch raw HTML, so it is left out)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for extension in config["markdown_extensions"]:
        name, options = (extension, {}) if isinstance(extension, str) else next(iter(extension.items()))
        if name != "pymdownx.emoji":
            names.append(name)
            configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _list_html(count: int) -> tuple[str, frozenset[str]]:
    text = publications_yaml(count, seed=11)
    publications = build_publications(load_marked_yaml(text, "publications.yml"), "publications.yml")
    papers = publications.papers
    pages = split_list("publications/all.md", papers, 25, "")
    link_to = lambda path: "../" + path.replace(".md", "/")  # noqa: E731
    html = "\n".join([
        render_paper_list(list(pages[0].papers), publications, link_to),
        render_pager(pages, 1, link_to, "Pages of this list"),
        render_downloads(list(LIST_EXPORTS), link_to, "All publications as:"),
    ])
    return html, frozenset(paper.id for paper in pages[0].papers)


@pytest.mark.parametrize("count", [1, 40, 300])
def test_a_list_put_in_after_markdown_is_what_markdown_makes_of_it(count: int):
    html, ids = _list_html(count)
    before, after = "# Conference papers\n\nSome *intro* text.\n\n", "\n\nAfter the list.\n"
    direct = _site_markdown().convert(before + html + after)

    blocks = HtmlBlocks()
    placeholder = blocks.hold("publications/all.md", html, ids, line=5)
    assert blocks.expand("publications/all.md", before + placeholder + after) == before + html + after
    held = _site_markdown().convert(before + placeholder + after)
    anchors = blocks.anchors("publications/all.md", held)
    assert blocks.fill("publications/all.md", held) == direct
    # The ids the hook reports for MkDocs' anchor check are exactly the ids in the HTML.
    assert anchors == {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}


def test_a_placeholder_that_markdown_changed_is_reported_with_its_line():
    blocks = HtmlBlocks()
    placeholder = blocks.hold("a.md", "<ul><li>x</li></ul>", set(), line=7)
    html = _site_markdown().convert(f"```\n{placeholder}\n```\n")
    with pytest.raises(MisplacedBlock) as caught:
        blocks.anchors("a.md", html)
    assert caught.value.line == 7
    with pytest.raises(MisplacedBlock) as caught:
        blocks.fill("a.md", html.replace(placeholder, ""))  # taken out after the check, say
    assert caught.value.line == 7


def test_placeholders_of_another_process_or_page_are_not_filled():
    blocks, other = HtmlBlocks(), HtmlBlocks()
    mine = blocks.hold("a.md", "<p>mine</p>", set(), line=1)
    theirs = other.hold("a.md", "<p>theirs</p>", set(), line=1)
    assert mine != theirs
    assert blocks.fill("a.md", f"{mine}\n{theirs}") == f"<p>mine</p>\n{theirs}"
    assert blocks.fill("b.md", mine) == mine
    assert blocks.anchors("b.md", mine) == frozenset()


def test_a_link_to_a_list_entry_passes_the_strict_anchor_check(project: Path):
    (project / "docs/index.md").write_text(
        (project / "docs/index.md").read_text(encoding="utf-8")
        + "\nSee [JEM in the list](publications/conference.md#jem).\n", encoding="utf-8")
    site = build_ok(project)
    home = page(site, "")
    link = home.find("a", string="JEM in the list")
    assert link["href"] == "publications/conference/#jem"
    listed = page(site, "publications/conference/")
    assert listed.find("li", id="jem") is not None
    assert "pubsite-block" not in (site / "publications/conference/index.html").read_text(encoding="utf-8")


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
