"""Filters above the lists, in a real Chromium: the shown entries and every option's count against the
data, the choice in the address (a shared link opens the same view; Back and Forward work), the
keyboard, and the same page without JavaScript (the whole list, no filters).

The reference site's papers get topics here (two of them on every second paper of each section),
so that all four filters (year, kind, topic, co-author) have something to choose from.
"""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import build_ok, copy_project

from pubsite.coauthors import CoauthorIndex, slug
from pubsite.validation import read_publications

TOPICS = ("Sampling", "Energy-based models")
LIST_PAGE = "publications/conference/"


@pytest.fixture(scope="module")
def topical(tmp_path_factory):
    """(the served site, the papers of the conference list with their topics and co-author keys)."""
    from static_server import StaticServer

    project = copy_project(tmp_path_factory.mktemp("filters") / "project")
    data_file = project / "data" / "publications.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    for index, paper in enumerate(data["papers"]):
        paper["topics"] = list(TOPICS[:1 + index % 2]) if index % 3 else [TOPICS[1]]
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build_ok(project)
    publications = read_publications(data_file, "data/publications.yml")
    index = CoauthorIndex(publications)
    papers = [{"id": paper.id, "year": str(paper.year), "topics": {slug(topic) for topic in paper.topics},
               "coauthors": set(index.keys_of(paper))}
              for paper in publications.papers if paper.section == "conference"]
    with StaticServer(site) as server:
        yield server, papers


@contextmanager
def _tab(browser, url: str, **options):
    """A page of a fresh browser context at ``url``."""
    context = browser.new_context(**options)
    try:
        tab = context.new_page()
        tab.goto(url)
        yield tab
    finally:
        context.close()


def _shown(tab) -> list[str]:
    return tab.eval_on_selector_all("li.pub:not([hidden])", "items => items.map(item => item.id)")


def _expected(papers, year="", topic="", coauthor="") -> list[str]:
    return [paper["id"] for paper in papers
            if (not year or paper["year"] == year) and (not topic or topic in paper["topics"])
            and (not coauthor or coauthor in paper["coauthors"])]


def _options(tab, name: str) -> dict[str, str]:
    return dict(tab.eval_on_selector_all(f"select[name={name}] option", "os => os.map(o => [o.value, o.textContent])"))


def _address(tab) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(tab.url).query).items()}


def test_choices_show_the_papers_the_data_says_with_counts_and_address(topical, browser):
    server, papers = topical
    with _tab(browser, server.url(LIST_PAGE)) as tab:
        assert _shown(tab) == [paper["id"] for paper in papers]
        assert tab.locator(".pub-filter-status").inner_text() == f"{len(papers)} papers"
        assert not tab.get_by_role("button", name="Show all").is_visible()  # nothing chosen yet
        # Every option of every filter counts the papers it would show.
        for value, text in _options(tab, "coauthor").items():
            assert text.endswith(f"({len(_expected(papers, coauthor=value))})"), (value, text)
        busiest = max((key for paper in papers for key in paper["coauthors"]),
                      key=lambda key: len(_expected(papers, coauthor=key)))
        tab.select_option("select[name=coauthor]", busiest)
        assert _address(tab) == {"coauthor": busiest}
        assert _shown(tab) == _expected(papers, coauthor=busiest)
        topic = slug(TOPICS[0])
        tab.select_option("select[name=topic]", topic)
        assert _address(tab) == {"coauthor": busiest, "topic": topic}
        assert _shown(tab) == _expected(papers, topic=topic, coauthor=busiest)
        for value, text in _options(tab, "year").items():  # counts combine with the other choices
            assert text.endswith(f"({len(_expected(papers, year=value, topic=topic, coauthor=busiest))})")
        shown = len(_expected(papers, topic=topic, coauthor=busiest))
        assert tab.locator(".pub-filter-status").inner_text() == f"Showing {shown} of {len(papers)} papers"
        # Back undoes the last choice, Forward redoes it.
        tab.go_back()
        tab.wait_for_function("!location.search.includes('topic=')")
        assert _shown(tab) == _expected(papers, coauthor=busiest)
        assert tab.locator("select[name=topic]").input_value() == ""
        tab.go_forward()
        tab.wait_for_function("location.search.includes('topic=')")
        assert _shown(tab) == _expected(papers, topic=topic, coauthor=busiest)
        tab.get_by_role("button", name="Show all").click()
        assert _address(tab) == {} and _shown(tab) == [paper["id"] for paper in papers]


def test_a_shared_link_opens_the_same_view(topical, browser):
    server, papers = topical
    year = papers[0]["year"]
    topic = slug(TOPICS[1])
    with _tab(browser, server.url(f"{LIST_PAGE}?year={year}&topic={topic}")) as tab:
        assert _shown(tab) == _expected(papers, year=year, topic=topic)
        assert tab.locator("select[name=year]").input_value() == year
        assert tab.locator("select[name=topic]").input_value() == topic


def test_the_filters_work_from_the_keyboard(topical, browser):
    server, papers = topical
    with _tab(browser, server.url(LIST_PAGE)) as tab:
        year = tab.get_by_label("Year")
        year.focus()
        tab.keyboard.press("ArrowDown")  # the newest year
        newest = max(paper["year"] for paper in papers)
        tab.wait_for_function(f"location.search.includes('year={newest}')")
        assert _shown(tab) == _expected(papers, year=newest)
        assert tab.get_by_role("status").inner_text().startswith("Showing")


def test_without_javascript_the_whole_list_shows_and_no_filter(topical, browser):
    server, papers = topical
    with _tab(browser, server.url(f"{LIST_PAGE}?year={papers[0]['year']}"), java_script_enabled=False) as tab:
        assert _shown(tab) == [paper["id"] for paper in papers]
        # The form is in the page as written, and out of sight: it could do nothing.
        assert tab.locator(".pub-filters").count() == 1 and not tab.locator(".pub-filters").is_visible()
        assert tab.locator(".pub-filters select").count() >= 3


def test_on_a_phone_the_filters_fit_the_screen_and_are_big_enough_to_tap(topical, browser):
    from test_browser import PHONE

    server, papers = topical
    with _tab(browser, server.url(LIST_PAGE), viewport=PHONE, is_mobile=True, has_touch=True) as tab:
        boxes = tab.eval_on_selector_all(
            ".pub-filters select, .pub-filters label",
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return {name: e.name || e.textContent, left: r.left, right: r.right, height: r.height}; })")
        selects = tab.eval_on_selector_all(".pub-filters select", "els => els.map(e => e.name)")
        assert selects and len(boxes) == 2 * len(selects), boxes
        width = tab.evaluate("document.documentElement.clientWidth")
        assert all(0 <= box["left"] and box["right"] <= width for box in boxes), (width, boxes)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        # WCAG 2.2's minimum target size (2.5.8) is 24 CSS pixels.
        assert all(box["height"] >= 24 for box in boxes if box["name"] in selects), boxes
        tab.select_option("select[name=year]", papers[0]["year"])
        assert _shown(tab) == _expected(papers, year=papers[0]["year"])
