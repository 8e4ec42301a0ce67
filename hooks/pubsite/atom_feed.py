"""An Atom feed of the publications, newest first, for feed readers.

Papers carry a year, not a day: an entry's ``updated`` is the first of January of its year, the
only date the data states (no day is invented beyond the year's start).

The XML is written as text, in the form ElementTree gives it after ``ElementTree.indent`` (two
spaces a level, ``<tag />`` for empty elements, its escaping), at a fraction of its cost; the
tests compare the two.
"""

from __future__ import annotations

from .inline_markdown import plain_text
from .model import Paper

ATOM = "http://www.w3.org/2005/Atom"
_INDENT = "  "


def _timestamp(year: int) -> str:
    return f"{year:04d}-01-01T00:00:00Z"


def _text(text: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    return (_text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _leaf(depth: int, tag: str, text: str | None = None, **attributes: str) -> str:
    """One element without children on its own line; ``<tag />`` when it has no text."""
    attrs = "".join(f' {name}="{_attribute(value)}"' for name, value in attributes.items())
    opening = _INDENT * depth + f"<{tag}{attrs}"
    return f"{opening}>{_text(text)}</{tag}>" if text else f"{opening} />"


def _author(depth: int, name: str) -> list[str]:
    return [_INDENT * depth + "<author>", _leaf(depth + 1, "name", name), _INDENT * depth + "</author>"]


def _entry(paper: Paper, url: str) -> list[str]:
    lines = [_INDENT + "<entry>", _leaf(2, "id", url), _leaf(2, "title", paper.plain_title),
             _leaf(2, "link", rel="alternate", href=url, type="text/html"),
             _leaf(2, "updated", _timestamp(paper.year))]
    for name in paper.author_names:
        lines += _author(2, name)
    summary = plain_text(paper.summary) if paper.summary else f"{', '.join(paper.author_names)}. {paper.venue}."
    lines += [_leaf(2, "summary", summary), _leaf(2, "category", term=paper.section), _INDENT + "</entry>"]
    return lines


def atom_feed(papers: list[Paper], page_urls: dict[str, str], *, feed_url: str, site_url: str,
              title: str, owner_name: str) -> str:
    """The feed as XML text. ``page_urls`` maps paper ids to absolute page URLs."""
    ordered = sorted(papers, key=lambda paper: -paper.year)  # stable: file order within a year
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        _leaf(1, "id", feed_url),
        _leaf(1, "title", title),
        _leaf(1, "updated", _timestamp(max((paper.year for paper in papers), default=1970))),
        _leaf(1, "link", rel="self", href=feed_url, type="application/atom+xml"),
        _leaf(1, "link", rel="alternate", href=site_url, type="text/html"),
        *_author(1, owner_name),
    ]
    for paper in ordered:
        lines += _entry(paper, page_urls[paper.id])
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
