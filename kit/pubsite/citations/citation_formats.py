"""Citation exports besides BibTeX: CSL-JSON (citeproc, Zotero) and RIS (EndNote, Mendeley).

Names are split into given and family parts by pybtex's BibTeX name rules, so every format agrees
on who the authors are. RIS is written with rispy, without the reference-number lines some readers
choke on.
"""

from __future__ import annotations

import json

import rispy

from pubsite.render.inline_markdown import plain_text
from pubsite.data.model import Paper
from pubsite.data.names import display_name, is_corporate, name_parts

_CSL_TYPES = {
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "journal": "article-journal",
    "thesis": "thesis",
    "preprint": "article",
    "other": "document",
}
_RIS_TYPES = {
    "conference": "CONF",
    "workshop": "CONF",
    "journal": "JOUR",
    "thesis": "THES",
    "preprint": "UNPB",
    "other": "GEN",
}


def split_name(name: str) -> tuple[str, str]:
    """("Tomas R. V.", "Okafor") for "Tomas R. V. Okafor": given names and family name, BibTeX's way."""
    parts = name_parts(name)
    given = " ".join(parts.first + parts.middle)
    family = " ".join(parts.prelast + parts.last)
    if parts.lineage:
        family = f"{family}, {' '.join(parts.lineage)}"
    return given, family


def _csl_name(name: str) -> dict:
    if is_corporate(name):
        return {"literal": display_name(name)}
    return dict(zip(("given", "family"), split_name(name)))


def csl_item(paper: Paper, page_url: str | None = None) -> dict:
    """One CSL-JSON item (the format citeproc processors and Zotero read)."""
    item: dict = {
        "id": paper.citation_key,
        "type": _CSL_TYPES[paper.section],
        "title": paper.plain_title,
        "author": [_csl_name(name) for name in paper.authors],
        "issued": {"date-parts": [list(paper.date_parts)]},
    }
    if paper.section == "preprint" and paper.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.arxiv}"
    elif paper.section == "thesis":
        item["publisher"] = paper.venue_name
    else:
        item["container-title"] = paper.venue_name
    if paper.volume:
        item["volume"] = paper.volume
    if paper.number:
        item["issue" if paper.section == "journal" else "number"] = paper.number
    if paper.pages:
        item["page"] = paper.pages.replace("–", "-")
    if paper.editors:
        item["editor"] = [_csl_name(name) for name in paper.editors]
    if paper.publisher:
        item.setdefault("publisher", paper.publisher)
    if paper.address:
        item["publisher-place"] = paper.address
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper.canonical_url or page_url
    if url:
        item["URL"] = url
    if paper.summary:
        item["abstract"] = plain_text(paper.summary)
    return item


def csl_json(papers: list[Paper], page_urls: dict[str, str] | None = None) -> str:
    """The papers' CSL items as a JSON list (indented: people open these files), and a line end."""
    items = [csl_item(paper, (page_urls or {}).get(paper.id)) for paper in papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _ris_name(name: str) -> str:
    given, family = split_name(name)
    return f"{family}, {given}" if given else family


def ris_record(paper: Paper, page_url: str | None = None) -> dict:
    record: dict = {
        "type_of_reference": _RIS_TYPES[paper.section],
        "id": paper.citation_key,
        "authors": [display_name(name) if is_corporate(name) else _ris_name(name) for name in paper.authors],
        "title": paper.plain_title,
        "year": str(paper.year),
    }
    if paper.month:
        record["date"] = f"{paper.year}/{paper.month:02d}//"
    if paper.section == "journal":
        record["journal_name"] = paper.venue_name
    elif paper.section == "preprint" and paper.arxiv:
        record["publisher"] = "arXiv"
        record["notes"] = [f"arXiv:{paper.arxiv}"]
    elif paper.section == "thesis":
        record["publisher"] = paper.venue_name
    else:
        record["secondary_title"] = paper.venue_name
    if paper.volume:
        record["volume"] = paper.volume
    if paper.number:
        record["number"] = paper.number
    if paper.editors:
        record["secondary_authors"] = [display_name(name) if is_corporate(name) else _ris_name(name)
                                       for name in paper.editors]
    if paper.publisher:
        record.setdefault("publisher", paper.publisher)
    if paper.address:
        record["place_published"] = paper.address
    if paper.page_range:
        first, last = paper.page_range
        record["start_page"] = first
        if last:
            record["end_page"] = last
    if paper.doi:
        record["doi"] = paper.doi
    urls = [url for url in (paper.canonical_url, page_url) if url]
    if urls:
        record["urls"] = list(dict.fromkeys(urls))
    if paper.summary:
        record["abstract"] = plain_text(paper.summary)
    return record


class _NoHeaderRisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""


_RIS_WRITER = _NoHeaderRisWriter()  # what rispy.dumps(..., implementation=_NoHeaderRisWriter) makes


def _ris_text(paper: Paper, page_url: str | None) -> str:
    """One record, ending in a line end; rispy writes records one after another, a blank line
    between them, so a list is its records' text joined by line ends."""
    return _RIS_WRITER.formats([ris_record(paper, page_url)])


def ris(papers: list[Paper], page_urls: dict[str, str] | None = None) -> str:
    """``rispy.dumps`` of the papers' records, without reference-number headers."""
    return "\n".join(_ris_text(paper, (page_urls or {}).get(paper.id)) for paper in papers)
