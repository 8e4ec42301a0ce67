"""The citation files a build publishes: per paper beside its page, and for the whole list.

Paths are inside the built site; ``page_urls`` maps paper ids to absolute page URLs (for RIS and
CSL-JSON entries of papers that have no address of their own, and for the feed).
"""

from __future__ import annotations

import json
import posixpath
from typing import NamedTuple

from pubsite.render.atom_feed import atom_entry, atom_feed
from pubsite.citations.bibtex import bibtex_entry
from pubsite.citations.citation_formats import csl_item, ris
from pubsite.data.model import Paper, Publications

#: (label, file name) of each paper's exports, stored in papers/<id>/ beside the page.
PAPER_EXPORTS = (("BibTeX", "cite.bib"), ("RIS", "cite.ris"), ("CSL-JSON", "cite.json"))
#: (label, path) of the whole list's exports, at the root of the site.
LIST_EXPORTS = (
    ("BibTeX", "publications.bib"),
    ("CSL-JSON", "publications.json"),
    ("RIS", "publications.ris"),
    ("Atom feed", "publications.atom"),
)
FEED_PATH = "publications.atom"


def paper_export_paths(paper_page: str) -> tuple[tuple[str, str], ...]:
    """(label, site path) of a paper's exports; ``paper_page`` is e.g. ``papers/my-paper.md``."""
    folder = posixpath.splitext(paper_page)[0]
    return tuple((label, f"{folder}/{name}") for label, name in PAPER_EXPORTS)


class PaperCitations(NamedTuple):
    """A paper's citation texts, each written once a build: its own files and the whole list's
    are put together from them."""

    bibtex: str
    ris: str          # the RIS record, ending in a line end
    csl: str          # the CSL-JSON item as it stands in a list: indented one level
    atom_entry: str   # the paper's entry in the feed


def paper_citations(paper: Paper, page_url: str) -> PaperCitations:
    item = json.dumps(csl_item(paper, page_url), ensure_ascii=False, indent=2)
    return PaperCitations(bibtex_entry(paper), ris([paper], {paper.id: page_url}), "  " + item.replace("\n", "\n  "),
                          atom_entry(paper, page_url))


def _csl_list(items: list[str]) -> str:
    """``csl_json``'s text from items already written (JSON's indented layout nests as text)."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def paper_exports(citations: PaperCitations, paper_page: str) -> dict[str, str]:
    """A paper's own citation files, by path."""
    contents = {"cite.bib": citations.bibtex, "cite.ris": citations.ris, "cite.json": _csl_list([citations.csl])}
    return {path: contents[posixpath.basename(path)] for _, path in paper_export_paths(paper_page)}


def list_exports(publications: Publications, page_urls: dict[str, str], *, site_url: str, site_name: str,
                 citations: dict[str, PaperCitations] | None = None) -> dict[str, str]:
    """The whole list's files, by path; ``citations`` holds the papers' texts if they are written."""
    papers = publications.papers
    citations = citations or {paper.id: paper_citations(paper, page_urls[paper.id]) for paper in papers}
    texts = [citations[paper.id] for paper in papers]
    return {
        "publications.bib": "\n".join(text.bibtex for text in texts),
        "publications.json": _csl_list([text.csl for text in texts]),
        "publications.ris": "\n".join(text.ris for text in texts),
        FEED_PATH: atom_feed(
            papers, page_urls, feed_url=site_url + FEED_PATH, site_url=site_url,
            title=f"{site_name}: publications", owner_name=publications.owner.name,
            entries={paper.id: text.atom_entry for paper, text in zip(papers, texts)},
        ),
    }
