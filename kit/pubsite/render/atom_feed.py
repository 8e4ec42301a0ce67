"""An Atom feed of the publications, newest first, for feed readers.

Papers carry a year, not a day: an entry's ``updated`` is the first of January of its year, the
only date the data states (no day is invented beyond the year's start).

The XML is written as text, in the form ElementTree gives it after ``ElementTree.indent`` (two
spaces a level, ``<tag />`` for empty elements, its escaping), at a fraction of its cost; the
tests compare the two.
"""

from __future__ import annotations

from pubsite.render.inline_markdown import plain_text
from pubsite.data.model import Paper

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(year: int) -> str:
    return f"{year:04d}-01-01T00:00:00Z"


def _text(text: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    return (_text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _element(tag: str, text: str) -> str:
    """An element holding text; ``<tag />`` when the text is empty."""
    return f"<{tag}>{_text(text)}</{tag}>" if text else f"<{tag} />"


def _link(rel: str, href: str, kind: str) -> str:
    return f'<link rel="{_attribute(rel)}" href="{_attribute(href)}" type="{_attribute(kind)}" />'


def atom_entry(paper: Paper, url: str) -> str:
    """One entry, indented as ``ElementTree.indent`` indents it, without the final line end."""
    summary = plain_text(paper.summary) if paper.summary else paper.byline
    authors = "".join(f"    <author>\n      {_element('name', name)}\n    </author>\n" for name in paper.author_names)
    return (f"  <entry>\n    {_element('id', url)}\n    {_element('title', paper.plain_title)}\n"
            f"    {_link('alternate', url, 'text/html')}\n    {_element('updated', _timestamp(paper.year))}\n"
            f"{authors}    {_element('summary', summary)}\n"
            f'    <category term="{_attribute(paper.section)}" />\n  </entry>')


def atom_feed(papers: list[Paper], page_urls: dict[str, str], *, feed_url: str, site_url: str,
              title: str, owner_name: str, entries: dict[str, str] | None = None) -> str:
    """The feed as XML text. ``page_urls`` maps paper ids to absolute page URLs; ``entries``, if
    given, holds each paper's ``atom_entry`` already written."""
    entries = entries or {}
    ordered = sorted(papers, key=lambda paper: -paper.year)  # stable: file order within a year
    updated = _timestamp(max((paper.year for paper in papers), default=1970))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        f"  {_element('id', feed_url)}",
        f"  {_element('title', title)}",
        f"  {_element('updated', updated)}",
        f"  {_link('self', feed_url, 'application/atom+xml')}",
        f"  {_link('alternate', site_url, 'text/html')}",
        f"  <author>\n    {_element('name', owner_name)}\n  </author>",
        *(entries.get(paper.id) or atom_entry(paper, page_urls[paper.id]) for paper in ordered),
        "</feed>",
    ]
    return "\n".join(lines) + "\n"
