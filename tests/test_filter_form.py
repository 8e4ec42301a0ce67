"""The filter form the build writes above a list, checked as plain Python: its options and counts
come from the papers, in the order a reader scans them, with every name escaped; each entry carries
every co-author the filter can choose, also those an "and N more" leaves out of its author line."""

from __future__ import annotations

from bs4 import BeautifulSoup

from pubsite.render.filter_form import render_filter_form
from pubsite.data.model import Owner, Paper, Publications
from pubsite.render.rendering import render_list_item


def _paper(paper_id: str, year: int, authors: tuple[str, ...], section="conference", topics=()) -> Paper:
    return Paper(id=paper_id, section=section, title=paper_id, authors=authors, venue="V", year=year,
                 topics=tuple(topics))


def _publications() -> Publications:
    return Publications(Owner("Ada Owner"), [
        _paper("a", 2021, ("Ada Owner", "Bo <Bold> Beta"), topics=["Sampling"]),
        _paper("b", 2023, ("Ada Owner", "Bo <Bold> Beta", "Cy Gamma"), section="journal",
               topics=["Sampling", "Flows & Friends"]),
        _paper("c", 2021, ("Cy Gamma", "Ada Owner")),
        _paper("d", 2019, ("Ada Owner",) + tuple(f"Person {chr(65 + i)}" for i in range(14))),
    ])


def _menus(html: str) -> dict[str, list[tuple[str, str]]]:
    form = BeautifulSoup(html, "html.parser").select_one("form.pub-filters")
    return {select["name"]: [(option["value"], option.get_text()) for option in select.select("option")]
            for select in form.select("select")}


def test_every_option_counts_its_papers_in_reading_order():
    publications = _publications()
    menus = _menus(render_filter_form(publications.papers, publications, "f"))
    assert menus["year"] == [("", "All years (4)"), ("2023", "2023 (1)"), ("2021", "2021 (2)"),
                             ("2019", "2019 (1)")]
    assert menus["kind"] == [("", "All kinds (4)"), ("conference", "Conference papers (3)"),
                             ("journal", "Journal articles (1)")]  # the schema's order
    assert menus["topic"] == [("", "All topics (4)"), ("sampling", "Sampling (2)"),
                              ("flows-friends", "Flows & Friends (1)")]
    coauthors = menus["coauthor"]
    assert coauthors[:3] == [("", "Everyone (4)"), ("bo-bold-beta", "Bo <Bold> Beta (2)"),
                             ("cy-gamma", "Cy Gamma (2)")]
    assert len(coauthors) == 3 + 14 and all(text.endswith("(1)") for _, text in coauthors[3:])


def test_names_are_escaped_and_the_ids_are_the_forms():
    publications = _publications()
    html = render_filter_form(publications.papers, publications, "pub-filters-12")
    assert "<Bold>" not in html and "Bo &lt;Bold&gt; Beta" in html and "Flows &amp; Friends" in html
    soup = BeautifulSoup(html, "html.parser")
    for select in soup.select("select"):
        assert select["id"] == f"pub-filters-12-{select['name']}"
        assert soup.select_one(f'label[for="{select["id"]}"]') is not None


def test_nothing_to_choose_gives_no_form():
    publications = _publications()
    assert render_filter_form(publications.papers[:1], publications, "f") == ""
    alike = [_paper("x", 2020, ("Ada Owner",)), _paper("y", 2020, ("Ada Owner",))]
    assert render_filter_form(alike, Publications(Owner("Ada Owner"), alike), "f") == ""


def test_an_entry_carries_the_coauthors_its_author_line_leaves_out():
    publications = _publications()
    long_one = publications.by_id["d"]
    entry = BeautifulSoup(render_list_item(long_one, publications, lambda path: path), "html.parser").li
    assert "and 8 more" in entry.get_text()
    assert "Person N" not in entry.select_one(".pub-authors").get_text()
    assert entry["data-coauthors"].split() == [f"person-{chr(97 + i)}" for i in range(14)]


def test_a_choice_every_paper_has_is_not_offered():
    publications = _publications()
    with_bo = [publications.by_id["a"], publications.by_id["b"]]  # Bo's page: Bo is on both
    menus = _menus(render_filter_form(with_bo, publications, "f"))
    assert [value for value, _ in menus["coauthor"]] == ["", "cy-gamma"]
    assert [value for value, _ in menus["topic"]] == ["", "flows-friends"]  # Sampling is on both
    assert set(menus) == {"year", "kind", "topic", "coauthor"}
