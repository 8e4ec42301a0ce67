"""An Atom feed of the publications, newest first, for feed readers.

Papers carry a year, not a day: an entry's ``updated`` is the first of January of its year, the
only date the data states (no day is invented beyond the year's start).
"""

from __future__ import annotations

from xml.etree import ElementTree

from .inline_markdown import plain_text
from .model import Paper

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(year: int) -> str:
    return f"{year:04d}-01-01T00:00:00Z"


def _sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(papers: list[Paper], page_urls: dict[str, str], *, feed_url: str, site_url: str,
              title: str, owner_name: str) -> str:
    """The feed as XML text. ``page_urls`` maps paper ids to absolute page URLs."""
    ordered = sorted(papers, key=lambda paper: -paper.year)  # stable: file order within a year
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", feed_url)
    _sub(feed, "title", title)
    _sub(feed, "updated", _timestamp(max((paper.year for paper in papers), default=1970)))
    _sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", owner_name)
    for paper in ordered:
        url = page_urls[paper.id]
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", paper.plain_title)
        _sub(entry, "link", rel="alternate", href=url, type="text/html")
        _sub(entry, "updated", _timestamp(paper.year))
        for name in paper.author_names:
            _sub(_sub(entry, "author"), "name", name)
        summary = plain_text(paper.summary) if paper.summary else f"{', '.join(paper.author_names)}. {paper.venue}."
        _sub(entry, "summary", summary)
        _sub(entry, "category", term=paper.section)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"
