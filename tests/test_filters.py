"""Filters above the lists, in a real Chromium: the shown entries and every option's count against the
data, the choice in the address (a shared link opens the same view; Back and Forward work), the
keyboard, and the same page without JavaScript (the whole list, no filters).

The reference site's papers have topics, so all four filters (year, kind, topic, co-author) have
something to choose from: kind on a co-author's page, which lists papers of several kinds.
"""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CONTENT_ROOT, build_ok, copy_project

from pubsite.render.coauthors import CoauthorIndex, slug
from pubsite.data.model import newest_first
from pubsite.data.validation import read_publications

LIST_PAGE = "publications/conference/"
PUBLICATIONS = read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")
INDEX = CoauthorIndex(PUBLICATIONS)


def _entries(papers) -> list[dict]:
    """The papers as a list shows them (newest first), with what each filter reads of them."""
    return [{"id": paper.id, "year": str(paper.year), "kind": paper.section,
             "topics": {slug(topic) for topic in paper.topics}, "coauthors": set(INDEX.keys_of(paper))}
            for paper in newest_first(papers)]


@pytest.fixture(scope="module")
def topical(served_site):
    """(the served reference site, the conference list's papers in the order it shows them)."""
    papers = _entries([paper for paper in PUBLICATIONS.papers if paper.section == "conference"])
    assert any(paper["topics"] for paper in papers), "the reference site's papers have no topics"
    return served_site, papers


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


def _expected(papers, year="", topic="", coauthor="", kind="") -> list[str]:
    return [paper["id"] for paper in papers
            if (not year or paper["year"] == year) and (not topic or topic in paper["topics"])
            and (not coauthor or coauthor in paper["coauthors"]) and (not kind or paper["kind"] == kind)]


def _commonest_topic(papers) -> str:
    """A topic some papers of the list have and others not."""
    counts = {topic: len(_expected(papers, topic=topic)) for paper in papers for topic in paper["topics"]}
    return max((topic for topic, count in counts.items() if count < len(papers)), key=counts.get)


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
        topic = max({t for paper in papers if busiest in paper["coauthors"] for t in paper["topics"]},
                    key=lambda t: len(_expected(papers, topic=t, coauthor=busiest)))
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
    topic = _commonest_topic(papers)
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
        reset = tab.get_by_role("button", name="Show all").bounding_box()
        assert reset["height"] >= 24 and reset["x"] + reset["width"] <= width, reset


def test_the_list_is_newest_first_and_the_kind_filter_works_on_a_coauthors_page(served_site, browser):
    person = max(INDEX.people.values(), key=lambda person: len({paper.section for paper in person.papers}))
    papers = _entries(person.papers)
    kinds = {paper["kind"] for paper in papers}
    assert len(kinds) >= 2, "no co-author of the reference site has papers of two kinds"
    with _tab(browser, served_site.url(f"coauthors/{person.key}/")) as tab:
        assert _shown(tab) == [paper["id"] for paper in papers]  # newest first, from the data
        assert person.key not in _options(tab, "coauthor")  # every paper here has them: no choice
        for kind in sorted(kinds):
            assert _options(tab, "kind")[kind].endswith(f"({len(_expected(papers, kind=kind))})")
        kind = min(kinds, key=lambda kind: len(_expected(papers, kind=kind)))
        tab.select_option("select[name=kind]", kind)
        assert _address(tab) == {"kind": kind}
        assert _shown(tab) == _expected(papers, kind=kind)
        # An option that would show nothing with this choice cannot be chosen.
        for value, disabled in tab.eval_on_selector_all(
                "select[name=year] option", "os => os.map(o => [o.value, o.disabled])"):
            assert disabled == (bool(value) and not _expected(papers, kind=kind, year=value)), value


def test_an_old_link_with_a_value_no_list_offers_opens_the_whole_list(topical, browser):
    server, papers = topical
    topic = _commonest_topic(papers)
    with _tab(browser, server.url(f"{LIST_PAGE}?year=1999&coauthor=nobody&topic={topic}")) as tab:
        assert _shown(tab) == _expected(papers, topic=topic)
        assert _address(tab) == {"topic": topic}  # the values that mean nothing here are dropped
        assert tab.locator("select[name=year]").input_value() == ""


@pytest.fixture(scope="module")
def two_lists(tmp_path_factory):
    """A page with two lists (conference and workshop papers), each with its filters."""
    from static_server import StaticServer

    project = copy_project(tmp_path_factory.mktemp("two-lists") / "project")
    page_file = project / "docs" / "publications" / "conference.md"
    page_file.write_text(page_file.read_text(encoding="utf-8")
                         + "\nAnd at workshops:\n\n<!-- publications: workshop -->\n", encoding="utf-8")
    with StaticServer(build_ok(project)) as server:
        yield server


def test_a_page_with_two_lists_has_one_choice_for_both(two_lists, browser):
    conference = _entries([paper for paper in PUBLICATIONS.papers if paper.section == "conference"])
    workshop = _entries([paper for paper in PUBLICATIONS.papers if paper.section == "workshop"])
    year = next(paper["year"] for paper in conference if paper["year"] in {p["year"] for p in workshop})

    def shown_in(tab, number: int) -> list[str]:
        return tab.eval_on_selector_all(f".pub-listing >> nth={number} >> li.pub:not([hidden])",
                                        "items => items.map(item => item.id)")

    with _tab(browser, two_lists.url(LIST_PAGE)) as tab:
        tab.locator("select[name=year]").first.select_option(year)
        assert _address(tab) == {"year": year}
        assert shown_in(tab, 0) == _expected(conference, year=year)
        assert shown_in(tab, 1) == _expected(workshop, year=year)  # the other list too
        assert tab.locator("select[name=year]").nth(1).input_value() == year
        tab.reload()
        assert shown_in(tab, 0) == _expected(conference, year=year)
        assert shown_in(tab, 1) == _expected(workshop, year=year)


def test_a_choice_only_one_of_two_lists_offers_empties_the_other_and_show_all_undoes_it(two_lists, browser):
    conference = _entries([paper for paper in PUBLICATIONS.papers if paper.section == "conference"])
    workshop = _entries([paper for paper in PUBLICATIONS.papers if paper.section == "workshop"])
    year = next(paper["year"] for paper in conference if paper["year"] not in {p["year"] for p in workshop})
    with _tab(browser, two_lists.url(f"{LIST_PAGE}?year={year}")) as tab:
        second = tab.locator("form.pub-filters").nth(1)
        assert second.locator(".pub-filter-status").inner_text() == f"Showing 0 of {len(workshop)} papers"
        assert not second.locator("option[value='']").first.is_disabled()  # "All years" stays a choice
        second.get_by_role("button", name="Show all").click()
        assert _address(tab) == {}
        assert tab.locator("li.pub:not([hidden])").count() == len(conference) + len(workshop)
