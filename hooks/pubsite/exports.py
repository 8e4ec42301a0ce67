"""The citation files a build publishes: per paper beside its page, and for the whole list.

Paths are inside the built site; ``page_urls`` maps paper ids to absolute page URLs (for RIS and
CSL-JSON entries of papers that have no address of their own, and for the feed).
"""

from __future__ import annotations

import posixpath

from .atom_feed import atom_feed
from .bibtex import bibtex_entry
from .citation_formats import csl_json, ris
from .model import Paper, Publications

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
WHOLE_LIST_PATHS = tuple(path for _, path in LIST_EXPORTS)


def paper_export_paths(paper_page: str) -> tuple[tuple[str, str], ...]:
    """(label, site path) of a paper's exports; ``paper_page`` is e.g. ``papers/ffjord.md``."""
    folder = posixpath.splitext(paper_page)[0]
    return tuple((label, f"{folder}/{name}") for label, name in PAPER_EXPORTS)


def paper_exports(paper: Paper, paper_page: str, page_url: str) -> dict[str, str]:
    contents = {
        "cite.bib": bibtex_entry(paper),
        "cite.ris": ris([paper], {paper.id: page_url}),
        "cite.json": csl_json([paper], {paper.id: page_url}),
    }
    return {path: contents[posixpath.basename(path)] for _, path in paper_export_paths(paper_page)}


def list_exports(publications: Publications, page_urls: dict[str, str], *, site_url: str,
                 site_name: str) -> dict[str, str]:
    papers = publications.papers
    return {
        "publications.bib": "\n".join(bibtex_entry(paper) for paper in papers),
        "publications.json": csl_json(papers, page_urls),
        "publications.ris": ris(papers, page_urls),
        FEED_PATH: atom_feed(
            papers, page_urls, feed_url=site_url + FEED_PATH, site_url=site_url,
            title=f"{site_name}: publications", owner_name=publications.owner.name,
        ),
    }

