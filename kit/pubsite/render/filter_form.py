"""The filters above a list (year, kind, topic, co-author), written into the page at build time.

The form is in the HTML with every option and its count, so that it takes its place from the first
paint (no layout shift when a script would insert it) and ``filters.js`` has only to listen and
recount after a choice. Without JavaScript the stylesheet hides it (``scripting: none``) and the
whole list shows. An entry's values are on its ``<li>``: ``data-year``, ``data-kind``,
``data-topics`` and ``data-coauthors`` (keys, space-separated); the options use the same keys.

A paper with a collaboration's author list is known to the co-author filter by its first
``LISTED_AUTHORS`` authors (``long_author_lists``), and on a co-author's page by that person too, so
that neither the options nor the entries grow with its thousands of names; a form whose list has
such a paper says so under it, and the select names that note as its description.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from pubsite.render.coauthors import slug
from pubsite.render.long_author_lists import LISTED_AUTHORS, is_long, listed_authors
from pubsite.data.name_matching import fold
from pubsite.data.model import SECTIONS, Paper, Publications

FACETS = (("year", "Year", "All years"), ("kind", "Kind", "All kinds"),
          ("topic", "Topic", "All topics"), ("coauthor", "Co-author", "Everyone"))


def facet_values(paper: Paper, publications: Publications, person: str | None = None) -> dict[str, list[str]]:
    """What each filter sees of ``paper``: the keys its entry carries. ``person`` is the co-author
    whose page lists it, who is on every paper there, even past a long list's first authors."""
    coauthors = publications.coauthors.keys_among(listed_authors(paper))
    if person is not None and person not in coauthors:
        coauthors.append(person)
    return {"year": [str(paper.year)], "kind": [paper.section],
            "topic": list(dict.fromkeys(slug(topic) for topic in paper.topics)),
            "coauthor": coauthors}


def _choices(papers: list[Paper], publications: Publications,
             person: str | None) -> dict[str, list[tuple[str, str, int]]]:
    """Per facet, (key, label, count) in the order the menu shows them: years newest first, kinds in
    the schema's order, topics and co-authors by count, then by name."""
    counts: dict[str, Counter[str]] = {name: Counter() for name, _, _ in FACETS}
    topics: dict[str, str] = {}
    for paper in papers:
        for name, values in facet_values(paper, publications, person).items():
            counts[name].update(values)
        for topic in paper.topics:
            topics.setdefault(slug(topic), topic)
    people = publications.coauthors.people
    labels = {"year": lambda key: key, "kind": SECTIONS.__getitem__, "topic": topics.__getitem__,
              "coauthor": lambda key: people[key].name}
    choices = {}
    for name, _, _ in FACETS:
        seen, label = counts[name], labels[name]
        if name == "year":
            keys = sorted(seen, key=int, reverse=True)
        elif name == "kind":
            keys = [kind for kind in SECTIONS if kind in seen]
        else:
            keys = sorted(seen, key=lambda key, seen=seen, label=label: (-seen[key], fold(label(key)), key))
        choices[name] = [(key, label(key), seen[key]) for key in keys]
    return choices


def _long_lists_note(papers: list[Paper]) -> str:
    """Why a co-author of a collaboration's paper may be missing from the menu ("" when none is)."""
    count = sum(1 for paper in papers if is_long(paper))
    if not count:
        return ""
    which = "1 paper here has more, all of them on its own page" if count == 1 else \
        f"{count} papers here have more, all of them on their own pages"
    return f"The co-author filter knows the first {LISTED_AUTHORS} authors of a paper; {which}."


def render_filter_form(papers: list[Paper], publications: Publications, form_id: str,
                       person: str | None = None) -> str:
    """The form for a list of ``papers`` ("" when there is nothing to choose between). A choice is
    offered when it tells papers apart: one that every paper has (the person of a co-author's
    page, ``person``, the only year) would change nothing. ``form_id`` is unique on the page; the
    selects' ids are made from it."""
    if len(papers) < 2:
        return ""
    fields, note = [], ""
    for (name, label, everything), choices in zip(FACETS, _choices(papers, publications, person).values()):
        choices = [choice for choice in choices if choice[2] < len(papers)]
        if not choices:
            continue
        select_id = f"{form_id}-{name}"
        described = ""
        if name == "coauthor" and (note := _long_lists_note(papers)):
            described = f' aria-describedby="{escape(select_id)}-note"'
            note = f'<p class="pub-filter-note" id="{escape(select_id)}-note">{escape(note)}</p>'
        options = [f'<option value="" data-label="{escape(everything)}">{escape(everything)} ({len(papers)})</option>']
        options += [f'<option value="{escape(key)}" data-label="{escape(text)}">{escape(text)} ({count})</option>'
                    for key, text, count in choices]
        fields.append(f'<span class="pub-filter"><label for="{escape(select_id)}">{label}</label>'
                      f'<select name="{name}" id="{escape(select_id)}"{described}>{"".join(options)}</select></span>')
    if not fields:
        return ""
    return (f'<form class="pub-filters" id="{escape(form_id)}" aria-label="Filter the papers">'
            + "".join(fields)
            + '<button type="button" class="md-button pub-button pub-button--small pub-filter-reset" hidden>'
              'Show all</button>'
            + f'<p class="pub-filter-status" role="status">{len(papers)} papers</p>{note}</form>')
