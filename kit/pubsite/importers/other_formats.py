"""CSL-JSON and RIS (what Zotero, Mendeley and publishers export) read as BibTeX entries.

Each record becomes a pybtex entry (its text escaped with ``latex_text.to_latex_source``, so that it
comes out exactly as written) and then goes through the same conversion as a ``.bib`` entry
(``bibtex_entry.convert_entry``): the same sections, venues, notes and report. A field of the
record that has no BibTeX counterpart here is named in the entry's notes as not kept. RIS is parsed
by ``rispy``; CSL-JSON is JSON.

A name written in one piece (RIS's "Given Family", CSL-JSON's ``literal``) is a person when it plainly
is one (``literal_names``), else one name, an organisation's. RIS's links (``UR``, and the full text
``L1``, ``L2``, ``L4``) are all kept: a PDF as ``pdf``, the first address as the ``url``, the others
as other links, each named in the report.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rispy
from pybtex.database import BibliographyData, Entry, Person

from pubsite.importers.bibtex_entry import Imported, ImportSettings, convert_entry
from pubsite.data.input_limits import check_json_shape
from pubsite.importers.latex_text import latex_to_text, to_latex_source
from pubsite.data.literal_names import is_person
from pubsite.data.names import person as split_person
from pubsite.data.validation import BIBTEX_KEY_PATTERN

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
                    "file_attachments2", "figure", "unknown_tag"}
# RIS's link tags, as rispy names them: each may be given more than once, and every one is kept.
_RIS_LINKS = (("UR", "urls"), ("UR", "url"), ("L1", "file_attachments1"), ("L2", "file_attachments2"),
              ("L4", "figure"))
_RIS_LIST_TAGS = [*rispy.config.LIST_TYPE_TAGS, "L1", "L2", "L4"]
_RIS_FIELDS = {"volume": "volume", "number": "number", "doi": "doi", "abstract": "abstract", "publisher": "publisher",
               "place_published": "address", "note": "note"}


_AS_WRITTEN = {"url", "doi"}  # read as written by the conversion (``latex_text.verbatim``)


def _latex(value: Any) -> str:
    return to_latex_source(str(value))


def _field(name: str, value: Any) -> str:
    return str(value).strip() if name in _AS_WRITTEN else _latex(value)


def _one_piece(name: str) -> Person:
    """A name written in one piece: a person's, "Given Family", when it plainly is one, else one name
    in braces (an organisation, never split)."""
    if is_person(name):
        return split_person(_latex(name), corporate=False)
    return Person(last="{" + _latex(name) + "}" if " " in name else _latex(name))


def _person(name: dict | str, notes: list[str]) -> Person:
    if isinstance(name, str):  # RIS: "Family, Given", or "Given Family"
        family, _, given = name.strip().partition(",")
        if given.strip():
            return Person(first=_latex(given.strip()), last=_latex(family.strip()))
        return _one_piece(family.strip())
    if name.get("literal"):
        literal = str(name["literal"]).strip()
        family, _, given = literal.partition(",")
        if given.strip() and "," not in given and is_person(f"{given.strip()} {family.strip()}"):
            notes.append(f"the author {literal!r}, written in one piece (a CSL literal name), is read as a "
                         "person's name, family name first")
            return Person(first=_latex(given.strip()), last=_latex(family.strip()))
        if is_person(literal):
            notes.append(f"the author {literal!r}, written in one piece (a CSL literal name), is read as a "
                         "person's name, given name first")
        return _one_piece(literal)
    prefix = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    return Person(first=_latex(name.get("given") or ""), prelast=_latex(prefix),  # null: no given name
                  last=_latex(name.get("family") or ""), lineage=_latex(name.get("suffix") or ""))


def _entry(kind: str, fields: dict[str, str], authors: list, editors: list, notes: list[str]) -> Entry:
    entry = Entry(kind, fields={name: value for name, value in fields.items() if value})
    for role, names in (("author", authors), ("editor", editors)):
        for name in names:
            entry.add_person(_person(name, notes), role)
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
             base_dirs: tuple[Path, ...], notes: list[str] = ()) -> Imported:
    data = BibliographyData(entries={key: entry})
    item = convert_entry(key, entry, data, where, settings, base_dirs)
    item.notes.extend(notes)
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(sorted(unmapped))}")
    return item


_CSL_NAME_PARTS = ("family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle")
_CSL_TEXT = (*_CSL_FIELDS, "id", "type", "citation-key", "container-title", "event-title", "issue", "number")


def _is_text(value: Any) -> bool:
    """A JSON string or number: what a CSL variable other than a name or a date is."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _shape(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true or false", type(None): "null"}.get(type(value), "text")


def _csl_problem(item: dict[str, Any]) -> str | None:
    """Why a CSL-JSON item cannot be read, naming the field (a list where text belongs, an author
    that is not a list of names, a lone UTF-16 surrogate); None when it can."""
    for role in ("author", "editor"):
        names = item.get(role)
        if names is None:
            continue
        if not isinstance(names, list):
            return (f"field '{role}' must be a list of names ([{{\"family\": \"Example\", \"given\": \"Ada\"}}, "
                    f"...]), got {_shape(names)}")
        for number, name in enumerate(names, start=1):
            if not isinstance(name, dict):
                return f"field '{role}': name {number} must be an object ({{\"family\": ..., \"given\": ...}}), " \
                       f"got {_shape(name)}"
            wrong = next((part for part in _CSL_NAME_PARTS if name.get(part) is not None
                          and not _is_text(name[part])), None)
            if wrong:
                return f"field '{role}': name {number}: '{wrong}' must be text, got {_shape(name[wrong])}"
    wrong = next((csl for csl in _CSL_TEXT if item.get(csl) is not None and not _is_text(item[csl])), None)
    if wrong:
        return f"field '{wrong}' must be text, got {_shape(item[wrong])}"
    event = item.get("event")
    if event is not None and not _is_text(event) and not (isinstance(event, dict) and _is_text(event.get("name", ""))):
        return f"field 'event' must be text or an object with a 'name', got {_shape(event)}"
    issued = item.get("issued")
    if issued is not None and not isinstance(issued, dict):
        return f"field 'issued' must be a date ({{\"date-parts\": [[2024, 5]]}}), got {_shape(issued)}"
    parts = (issued or {}).get("date-parts")
    if parts is not None and not (isinstance(parts, list) and all(
            isinstance(date, list) and all(_is_text(part) for part in date) for date in parts)):
        return "field 'issued': 'date-parts' must be a list of dates, each a list of numbers ([[2024, 5]])"
    if (issued or {}).get("raw") is not None and not _is_text(issued["raw"]):
        return f"field 'issued': 'raw' must be text, got {_shape(issued['raw'])}"
    try:
        json.dumps(item, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "its text holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair)"
    return None


def convert_csl_json(text: str, filename: str, settings: ImportSettings | None = None,
                     base_dirs: tuple[Path, ...] = ()) -> list[Imported]:
    """Every item of a CSL-JSON file (a list of items, as Zotero's "CSL JSON" export writes). An
    item with a field of the wrong shape is skipped, with the field named; the others are read."""
    check_json_shape(text, filename)  # too deep for json, or too many items: InputRefused, with the line
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{filename}:{error.lineno}: not JSON: {error.msg}") from None
    except ValueError:  # Python reads no number of more than 4,300 digits
        raise ValueError(f"{filename}: not JSON that can be read: a number has more than 4,300 digits") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{filename}: expected a CSL-JSON list of items")
    result = []
    for number, item in enumerate(items, start=1):
        problem = _csl_problem(item)
        if problem:
            given = item.get("citation-key") or item.get("id")
            key = str(given) if _is_text(given) else f"item{number}"
            where = f"{filename}: item {number}" + (f" ({item['id']})" if _is_text(item.get("id")) else "")
            result.append(Imported(key, where, skip_reason=problem))
            continue
        csl_type = str(item.get("type", ""))
        kind = _CSL_TYPES.get(csl_type, "misc")
        fields = {bib: _field(bib, item[csl]) for csl, bib in _CSL_FIELDS.items() if item.get(csl) not in (None, "")}
        container = item.get("container-title")
        if container:
            fields["journal" if kind == "article" else "booktitle"] = _latex(container)
        event = item.get("event-title") or item.get("event")
        if event and kind == "inproceedings" and "booktitle" not in fields:
            fields["booktitle"] = _latex(event.get("name", "") if isinstance(event, dict) else event)
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
        notes: list[str] = []
        entry = _entry(kind, fields, item.get("author") or [], item.get("editor") or [], notes)
        key = _key(str(item.get("citation-key") or item.get("id") or ""), entry, fields, number)
        result.append(_convert(key, entry, where, settings, unmapped, base_dirs, notes))
    return result


def convert_ris(text: str, filename: str, settings: ImportSettings | None = None,
                base_dirs: tuple[Path, ...] = ()) -> list[Imported]:
    """Every record of a RIS file, each read by rispy on its own (see ``_ris_records``); a record cut
    short is imported with a note saying so, or skipped with the reason, never lost."""
    records = _ris_records(text)
    if not records and text.strip():
        raise ValueError(f"{filename}: not a RIS file: no record in it (no line such as 'TY  - JOUR')")
    result = []
    for number, record in enumerate(records, start=1):
        where = f"{filename}:{record.line}"
        try:
            [fields] = rispy.loads(record.text, list_tags=_RIS_LIST_TAGS)
        except Exception as error:  # rispy raises IOError and others for malformed records
            result.append(Imported(f"record {number}", where, skip_reason=f"not a RIS record: {error}"))
            continue
        item = _ris_item(fields, number, where, settings, base_dirs)
        for problem in record.problems:
            if item.skip_reason:
                item.skip_reason += f"; {problem}"
            else:
                item.notes.append(problem)
        result.append(item)
    return result


@dataclass(frozen=True)
class _RisRecord:
    """One record's lines, as rispy reads them (from ``TY`` to ``ER``), and what was missing."""

    line: int  # where it starts in the file
    text: str
    problems: tuple[str, ...] = ()


def _ris_records(text: str) -> list[_RisRecord]:
    """The records of a RIS file, split as rispy splits them but losing none: rispy drops the last
    record when the file ends before its ``ER`` line, merges a record without one into the next, and
    skips the fields of a record whose ``TY`` line was cut off. Such a record is completed here (a
    ``TY  - GEN`` or ``ER  - `` line added) and named, with its line, in ``problems``."""
    parser = rispy.RisParser()
    records: list[_RisRecord] = []
    lines: list[str] = []
    start = 0
    has_start = True

    def close(end: str | None) -> None:
        while lines and not lines[-1].strip():
            lines.pop()
        problems = []
        if not has_start:
            problems.append(f"the record has no beginning (no 'TY  - ' line before line {start}): read as a "
                            "generic record (@misc); check its first field, which may be cut short")
        if end:
            problems.append(f"the record has no end (no 'ER  - ' line before {end}): check its last field, "
                            f"line {start + len(lines) - 1}, which may be cut short")
        head = [] if has_start else ["TY  - GEN"]
        tail = ["ER  - "] if end else []
        records.append(_RisRecord(start, "\n".join(head + lines + tail), tuple(problems)))

    for number, line in enumerate(text.split("\n"), start=1):  # rispy's lines: split at "\n" only
        tag = parser.parse_line(line)[0]
        if tag == parser.START_TAG:
            if lines:
                close(f"the next record, line {number}")
            lines, start, has_start = [line], number, True
        elif lines:
            lines.append(line)
            if tag == parser.END_TAG:
                close(None)
                lines = []
        elif tag is not None and tag != parser.END_TAG:  # a field outside any record: its TY was lost
            lines, start, has_start = [line], number, False
    if lines:
        close("the end of the file")
    return records


def _ris_item(record: dict[str, Any], number: int, where: str, settings: ImportSettings | None,
              base_dirs: tuple[Path, ...]) -> Imported:
    """One record, as rispy read it, converted as a BibTeX entry."""
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
    links = _ris_links(record, fields)
    notes = record.get("notes") or []
    if notes and "note" not in fields:
        fields["note"] = _latex(" ".join(notes))
    unmapped = [name for name in record if name not in _RIS_FIELDS and name not in _RIS_BOOKKEEPING]
    authors = record.get("authors") or record.get("first_authors") or []
    item_notes: list[str] = []
    entry = _entry(kind, fields, authors, record.get("secondary_authors") or [], item_notes)
    key = _key(str(record.get("id") or ""), entry, fields, number)
    item = _convert(key, entry, where, settings, unmapped, base_dirs, item_notes)
    item.notes.extend(_links_kept(item, links))
    return item


_LIBRARY_FILE = re.compile(r"^(?:file|internal-pdf|zotero|mendeley|onenote|evernote)://", re.IGNORECASE)


def _ris_links(record: dict[str, Any], fields: dict[str, str]) -> list[tuple[str, str, str]]:
    """The record's links as the entry's link fields (``url``, ``pdf``, ``link1``, ...), each address
    once: (tag, address, field). A file of the reference manager's own library (``file://``,
    ``internal-pdf://``) is no address: it stays behind, and the report says so."""
    links: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for tag, name in _RIS_LINKS:
        values = record.get(name) or []
        for value in [values] if isinstance(values, str) else values:
            value = str(value).strip()
            if not value:
                continue
            if value in seen:
                links.append((tag, value, f"same as {seen[value]}"))
                continue
            seen[value] = tag
            web = bool(re.match(r"https?://", value, re.IGNORECASE))
            if _LIBRARY_FILE.match(value) or (tag == "UR" and not web):  # UR is an address, never a file
                links.append((tag, value, "library" if _LIBRARY_FILE.match(value) else "no address"))
                continue
            if tag == "UR" and web and "url" not in fields:
                field_name = "url"
            elif (tag == "L1" or re.search(r"\.pdf(?:[?#]|$)", value, re.IGNORECASE)) and "pdf" not in fields:
                field_name = "pdf"
            else:
                field_name = f"link{len([1 for _, _, used in links if used.startswith('link')]) + 1}"
            fields[field_name] = value
            links.append((tag, value, field_name))
    return links


def _links_kept(item: Imported, links: list[tuple[str, str, str]]) -> list[str]:
    """One note per RIS link: where it went, or why it was not kept (said by the conversion)."""
    shown = {kind: [value if isinstance(value, str) else value["url"]
                    for value in (values if isinstance(values, list) else [values])]
             for kind, values in (item.fields.get("links") or {}).items()}
    notes = []
    for tag, value, field_name in links:
        kind = next((kind for kind, values in shown.items() if value in values), None)
        if field_name.startswith("same as"):
            notes.append(f"{tag} {value}: the same address as {field_name[8:]}, kept once")
        elif field_name == "no address":
            notes.append(f"not kept: {tag} {value!r} is not an http(s) address")
        elif field_name == "library":
            notes.append(f"not kept: {tag} {value!r} is a file in the reference manager's library, not an "
                         "address: put the file in docs/papers/<id>/ and add it under links: pdf:")
        elif kind:
            notes.append(f"{tag} {value} kept as a link ({kind})")
        elif field_name == "url" and (item.fields.get("arxiv") or item.fields.get("doi")):
            notes.append(f"{tag} {value}: shown as the paper's arXiv or DOI button")
    return notes
