"""CSL-JSON and RIS (what Zotero, Mendeley and publishers export) read as BibTeX entries.

Each record becomes a pybtex entry (its text escaped with ``latex_text.to_latex_source``, so that it
comes out exactly as written) and then goes through the same conversion as a ``.bib`` entry
(``bibtex_entry.convert_entry``): the same sections, venues, notes and report. A field of the
record that has no BibTeX counterpart here is named in the entry's notes as not kept. RIS is parsed
by ``rispy``; CSL-JSON is JSON.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import rispy
from pybtex.database import BibliographyData, Entry, Person

from .bibtex_entry import Imported, ImportSettings, convert_entry
from .latex_text import latex_to_text, to_latex_source
from .validation import BIBTEX_KEY_PATTERN

# CSL item type -> BibTeX entry type.
_CSL_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "paper-conference": "inproceedings", "chapter": "incollection", "book": "book", "thesis": "phdthesis",
    "report": "techreport", "manuscript": "unpublished", "article": "misc", "webpage": "misc", "post": "misc",
    "post-weblog": "misc", "speech": "misc", "dataset": "misc", "software": "misc", "patent": "misc",
}
# RIS reference type -> BibTeX entry type.
_RIS_TYPES = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article", "CONF": "inproceedings",
    "CPAPER": "inproceedings", "CHAP": "incollection", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "THES": "phdthesis", "RPRT": "techreport", "UNPB": "unpublished", "MANSCPT": "unpublished",
}
# CSL variable -> BibTeX field, by the entry type where it differs.
_CSL_FIELDS = {
    "title": "title", "volume": "volume", "page": "pages", "DOI": "doi", "URL": "url", "abstract": "abstract",
    "publisher": "publisher", "publisher-place": "address", "note": "note", "collection-title": "series",
    "genre": "type",
}
_CSL_BOOKKEEPING = {"id", "type", "author", "editor", "issued", "accessed", "container-title", "issue", "number",
                    "event", "event-title", "source", "language", "citation-key", "title-short",
                    "container-title-short", "journalAbbreviation", "shortTitle"}
_RIS_BOOKKEEPING = {"type_of_reference", "id", "authors", "first_authors", "secondary_authors", "year",
                    "publication_year", "date", "title", "primary_title", "journal_name", "secondary_title",
                    "alternate_title1", "alternate_title2", "alternate_title3", "start_page", "end_page", "urls",
                    "url", "notes", "access_date", "database_name", "language", "file_attachments1",
                    "file_attachments2", "unknown_tag"}
_RIS_FIELDS = {"volume": "volume", "number": "number", "doi": "doi", "abstract": "abstract", "publisher": "publisher",
               "place_published": "address", "note": "note"}


_AS_WRITTEN = {"url", "doi"}  # read as written by the conversion (``latex_text.verbatim``)


def _latex(value: Any) -> str:
    return to_latex_source(str(value))


def _field(name: str, value: Any) -> str:
    return str(value).strip() if name in _AS_WRITTEN else _latex(value)


def _person(name: dict | str) -> Person:
    if isinstance(name, str):  # RIS: "Family, Given"
        family, _, given = name.partition(",")
        return Person(first=_latex(given.strip()), last=_latex(family.strip())) if given else \
            Person(last="{" + _latex(name.strip()) + "}" if " " in name.strip() else _latex(name.strip()))
    if name.get("literal"):
        literal = name["literal"].strip()
        return Person(last="{" + _latex(literal) + "}" if " " in literal else _latex(literal))
    prefix = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    return Person(first=_latex(name.get("given", "")), prelast=_latex(prefix),
                  last=_latex(name.get("family", "")), lineage=_latex(name.get("suffix", "")))


def _entry(kind: str, fields: dict[str, str], authors: list, editors: list) -> Entry:
    entry = Entry(kind, fields={name: value for name, value in fields.items() if value})
    for role, names in (("author", authors), ("editor", editors)):
        for name in names:
            entry.add_person(_person(name), role)
    return entry


def _key(given: str | None, entry: Entry, fields: dict[str, str], number: int) -> str:
    """The record's own key when it is a citation key, else one made as BibTeX tools make them:
    first author's family name, year, first word of the title (``example2022sampling``)."""
    if given and BIBTEX_KEY_PATTERN.fullmatch(given):
        return given
    authors = entry.persons.get("author") or []
    family = latex_to_text(" ".join(authors[0].last_names)) if authors else "anonymous"
    words = [word for word in re.findall(r"[A-Za-z]+", latex_to_text(fields.get("title", ""))) if len(word) > 3]
    text = unicodedata.normalize("NFKD", family + fields.get("year", "") + (words[0] if words else ""))
    key = re.sub(r"[^A-Za-z0-9]", "", text.encode("ascii", "ignore").decode()).lower()
    return key or f"item{number}"


def _convert(key: str, entry: Entry, where: str, settings: ImportSettings | None, unmapped: list[str],
             base_dirs: tuple[Path, ...]) -> Imported:
    data = BibliographyData(entries={key: entry})
    item = convert_entry(key, entry, data, where, settings, base_dirs)
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(sorted(unmapped))}")
    return item


def convert_csl_json(text: str, filename: str, settings: ImportSettings | None = None,
                     base_dirs: tuple[Path, ...] = ()) -> list[Imported]:
    """Every item of a CSL-JSON file (a list of items, as Zotero's "CSL JSON" export writes)."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{filename}:{error.lineno}: not JSON: {error.msg}") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{filename}: expected a CSL-JSON list of items")
    result = []
    for number, item in enumerate(items, start=1):
        csl_type = str(item.get("type", ""))
        kind = _CSL_TYPES.get(csl_type, "misc")
        fields = {bib: _field(bib, item[csl]) for csl, bib in _CSL_FIELDS.items() if item.get(csl) not in (None, "")}
        container = item.get("container-title")
        if container:
            fields["journal" if kind == "article" else "booktitle"] = _latex(container)
        event = item.get("event-title") or item.get("event")
        if event and kind == "inproceedings" and "booktitle" not in fields:
            fields["booktitle"] = _latex(event if isinstance(event, str) else event.get("name", ""))
        number_value = item.get("issue") or item.get("number")
        if number_value:
            fields["number"] = _latex(number_value)
        parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
        if parts:
            fields["year"] = str(parts[0])
            if len(parts) > 1:
                fields["month"] = str(parts[1])
        elif (item.get("issued") or {}).get("raw"):
            fields["year"] = str(item["issued"]["raw"])
        unmapped = [name for name in item if name not in _CSL_FIELDS and name not in _CSL_BOOKKEEPING]
        where = f"{filename}: item {number} ({item.get('id', 'no id')})"
        entry = _entry(kind, fields, item.get("author") or [], item.get("editor") or [])
        key = _key(str(item.get("citation-key") or item.get("id") or ""), entry, fields, number)
        result.append(_convert(key, entry, where, settings, unmapped, base_dirs))
    return result


def convert_ris(text: str, filename: str, settings: ImportSettings | None = None,
                base_dirs: tuple[Path, ...] = ()) -> list[Imported]:
    """Every record of a RIS file, read by rispy."""
    try:
        records = rispy.loads(text)
    except Exception as error:  # rispy raises IOError and others for malformed files
        raise ValueError(f"{filename}: not a RIS file: {error}") from None
    starts = [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r"^TY  - ", text, re.MULTILINE)]
    result = []
    for number, record in enumerate(records, start=1):
        kind = _RIS_TYPES.get(str(record.get("type_of_reference", "")), "misc")
        fields = {bib: _field(bib, record[ris]) for ris, bib in _RIS_FIELDS.items() if record.get(ris)}
        fields["title"] = _latex(record.get("title") or record.get("primary_title") or "")
        venue = record.get("journal_name") or record.get("secondary_title")
        if venue:
            fields["journal" if kind == "article" else "booktitle"] = _latex(venue)
        date = str(record.get("date") or record.get("year") or record.get("publication_year") or "")
        found = re.match(r"\s*(\d{4})(?:[/-](\d{1,2}))?", date)
        if found:
            fields["year"] = found.group(1)
            if found.group(2) and 1 <= int(found.group(2)) <= 12:
                fields["month"] = str(int(found.group(2)))
        if record.get("start_page"):
            end = f"--{_latex(record['end_page'])}" if record.get("end_page") else ""  # "--": an en dash
            fields["pages"] = _latex(record["start_page"]) + end
        urls = record.get("urls") or ([record["url"]] if record.get("url") else [])
        if urls:
            fields["url"] = urls[0]
        notes = record.get("notes") or []
        if notes and "note" not in fields:
            fields["note"] = _latex(" ".join(notes))
        unmapped = [name for name in record if name not in _RIS_FIELDS and name not in _RIS_BOOKKEEPING]
        if len(urls) > 1:
            unmapped.append("more urls")
        line = starts[number - 1] if number - 1 < len(starts) else None
        where = f"{filename}:{line}" if line else f"{filename}: record {number}"
        authors = record.get("authors") or record.get("first_authors") or []
        entry = _entry(kind, fields, authors, record.get("secondary_authors") or [])
        key = _key(str(record.get("id") or ""), entry, fields, number)
        result.append(_convert(key, entry, where, settings, unmapped, base_dirs))
    return result
