"""``data/cv.yml`` checked, with the same file/line/entry/field errors as the paper list.

The file is optional: without it the site has no CV page and no PDF. With it, every field of every
entry is checked here (``validation``'s field checkers, the same messages), the papers an entry or a
filter names are checked against the paper list, and nothing unknown passes silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pubsite.cv.cv_model import (
    GROUPINGS,
    PRESENT,
    SELECTIONS,
    Cv,
    CvDate,
    CvEntry,
    CvSection,
    PaperFilter,
    PdfStyle,
    PdfVariant,
)
from pubsite.data.errors import DataError
from pubsite.data.inside_folder import path_inside
from pubsite.data.model import SECTIONS, Publications
from pubsite.data.validation import (
    ID_PATTERN,
    _Collector,
    _Context,
    _id_list,
    _Invalid,
    _links,
    _markdown_text,
    _pattern,
    _text,
    _type_name,
    _year,
)
from pubsite.data.yaml_source import MarkedDict, MarkedList, read_marked_yaml

CV_FILE = "data/cv.yml"
FONTS = ("Libertinus Serif", "New Computer Modern")  # Typst's own: the same on every machine (see PdfStyle)
PAPERS = ("a4", "us-letter")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PDF_PATH = re.compile(r"^(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\.pdf$")


def _date(value: Any, context: _Context) -> CvDate:
    """A year (2014) or a year and a month ("2021-05"): as much as the owner knows, never more."""
    if isinstance(value, int) and not isinstance(value, bool):
        return CvDate(_year(value, context))
    if isinstance(value, str):
        found = _YEAR_MONTH.fullmatch(value.strip())
        if found and 1 <= int(found.group(2)) <= 12:
            return CvDate(_year(int(found.group(1)), context), int(found.group(2)))
    raise _Invalid(f"expected a year (2014) or a year and a month (\"2021-05\"), got {_type_name(value)}")


def _before(one: CvDate, other: CvDate) -> bool:
    """``one`` is surely earlier than ``other`` (a year alone is any month of it)."""
    if one.year != other.year:
        return one.year < other.year
    return one.month is not None and other.month is not None and one.month < other.month


def _end(value: Any, context: _Context) -> CvDate | str:
    if isinstance(value, str) and value.strip().lower() == PRESENT:
        return PRESENT
    try:
        return _date(value, context)
    except _Invalid as error:
        raise _Invalid(f"{error}, or 'present'") from None


def _choice(options: tuple[str, ...]):
    def check(value: Any, context: _Context) -> str:
        text = _text(value, context)
        if text not in options:
            raise _Invalid(f"{text!r} is not one of: {', '.join(options)}")
        return text
    return check


def _kinds(value: Any, context: _Context) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _Invalid(f"expected a list of kinds of work ({', '.join(SECTIONS)}), got {_type_name(value)}")
    return tuple(_choice(tuple(SECTIONS))(item, context) for item in value)


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def _font_folder(value: Any, context: _Context) -> tuple[str, ...]:
    """A folder of the project (beside ``docs/``) with font files the PDF may use as well as Typst's
    own, for letters those lack (Chinese, Japanese, Arabic, ...): its font files and its subfolders',
    in name order, as Typst reads them. A folder elsewhere on the machine is refused: the PDF would
    differ from one machine to another."""
    from pubsite.cv.font_coverage import faces

    folder_name = _text(value, context)
    root = (context.docs_dir.parent if context.docs_dir else Path.cwd()).resolve()
    inside = path_inside(folder_name, root)
    if Path(folder_name).is_absolute() or inside.refused or inside.path == root:
        raise _Invalid(f"'{folder_name}' is not a folder of the project: give one beside docs/, such as 'fonts'"
                       + (f" ('{folder_name}' {inside.refused})" if inside.refused else ""))
    folder = inside.path
    if not folder.is_dir():
        raise _Invalid(f"no folder '{folder_name}' beside docs/ (put the font files, .ttf or .otf, in it)")
    fonts = sorted(str(path) for path in folder.rglob("*") if path.suffix.lower() in FONT_SUFFIXES)
    if not fonts:
        raise _Invalid(f"the folder '{folder_name}' has no font file ({', '.join(FONT_SUFFIXES)})")
    for font in fonts:
        refused = path_inside(font, root).refused
        if refused:  # a link to the machine's fonts: the PDF would differ from one machine to another
            raise _Invalid(f"{Path(font).relative_to(root).as_posix()} {refused}: the fonts must be the project's")
        try:
            faces(font)
        except OSError as error:
            raise _Invalid(f"{Path(font).relative_to(root).as_posix()} is not a font file ({error})") from None
    return tuple(fonts)


def _size(value: Any, _: _Context) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 8 <= value <= 14:
        raise _Invalid(f"expected a font size in points between 8 and 14, got {_type_name(value)}")
    return float(value)


ENTRY_FIELDS = {
    "title": (_text, True),
    "where": (_text, False),
    "location": (_text, False),
    "date": (_date, False),
    "start": (_date, False),
    "end": (_end, False),
    "details": (_markdown_text, False),
    "links": (_links, False),
    "papers": (_id_list, False),
}
FILTER_FIELDS = {
    "select": (_choice(SELECTIONS), False),
    "since": (_year, False),
    "kinds": (_kinds, False),
    "group_by": (_choice(GROUPINGS), False),
}
SECTION_FIELDS = {
    "id": (_pattern(ID_PATTERN, "an id of lowercase letters, digits and dashes, such as 'talks'"), True),
    "title": (_text, True),
    "entries": (None, False),        # a list of entries, checked one by one
    "publications": (None, False),   # a paper filter
}
PDF_FIELDS = {
    "file": (_pattern(_PDF_PATH, "a path in the site ending in .pdf, such as assets/cv.pdf"), True),
    "title": (_text, False),
    "sections": (None, False),       # ids of sections, checked against them
    "publications": (None, False),
}
STYLE_FIELDS = {
    "paper": (_choice(PAPERS), False),
    "font": (_choice(FONTS), False),
    "size": (_size, False),
    "accent": (_pattern(_COLOUR, "a colour such as '#283593'"), False),
    "fonts": (_font_folder, False),
}
TOP_LEVEL = ("sections", "pdf", "pdf_style")


def build_cv(raw: Any, filename: str, publications: Publications, docs_dir: Path | None = None) -> Cv:
    """The CV of ``raw`` (parsed with lines), or ``DataError`` listing every problem."""
    collector = _Collector(filename)
    context = _Context(docs_dir)
    if not collector.check_top_level(raw, TOP_LEVEL, "'sections'"):
        raise DataError(collector.problems)
    sections = _sections(raw, collector, context, publications)
    written = raw.get("sections") if isinstance(raw.get("sections"), list) else []
    ids = [str(item["id"]) for item in written if isinstance(item, dict) and item.get("id") is not None]
    pdfs = _pdfs(raw, collector, context, ids)
    style = PdfStyle()
    if "pdf_style" in raw:
        values = _mapping(raw, "pdf_style", STYLE_FIELDS, collector, context, "pdf_style")
        style = PdfStyle(**values) if values is not None else style
    if collector.problems:
        raise DataError(collector.problems)
    return Cv(tuple(sections), tuple(pdfs), style, filename)


def _mapping(parent: MarkedDict, key, fields, collector: _Collector, context: _Context, entry: str):
    value = parent[key]
    if not isinstance(value, MarkedDict):
        collector.add(f"expected a mapping of fields ({', '.join(fields)}), got {_type_name(value)}",
                      line=parent.line_of(key), entry=entry, field=str(key))
        return None
    return collector.check_fields(value, fields, context, entry)


def _sections(raw: MarkedDict, collector: _Collector, context: _Context, publications: Publications):
    items = raw.get("sections")
    if "sections" not in raw:
        collector.add("is required but missing", line=raw.line, field="sections")
        return []
    if not isinstance(items, MarkedList):
        collector.add(f"expected a list of sections, got {_type_name(items)}", line=raw.line_of("sections"),
                      field="sections")
        return []
    sections: list[CvSection] = []
    lines: dict[str, int] = {}
    for index, item in enumerate(items):
        name = f"section '{item['id']}'" if isinstance(item, dict) and isinstance(item.get("id"), str) \
            else f"section #{index + 1}"
        if not isinstance(item, MarkedDict):
            collector.add(f"expected a mapping with 'id' and 'title', got {_type_name(item)}",
                          line=items.line_of(index), entry=name)
            continue
        values = collector.check_fields(item, SECTION_FIELDS, context, name)
        if values is None:
            continue
        has_entries, has_papers = "entries" in item, "publications" in item
        if has_entries == has_papers:
            collector.add("give either 'entries' (a list) or 'publications' (which papers to list)",
                          line=item.line, entry=name, field="entries")
            continue
        if values["id"] in lines:
            collector.add(f"duplicate id: '{values['id']}' is already the section at line {lines[values['id']]}",
                          line=item.line_of("id"), entry=name, field="id")
            continue
        lines[values["id"]] = item.line
        if has_papers:
            paper_filter = _filter(item, collector, context, name)
            if paper_filter is not None:
                sections.append(CvSection(values["id"], values["title"], papers=paper_filter))
            continue
        entries = _entries(item, collector, context, name, publications)
        if entries is not None:
            sections.append(CvSection(values["id"], values["title"], entries=entries))
    return sections


def _filter(parent: MarkedDict, collector: _Collector, context: _Context, name: str) -> PaperFilter | None:
    if parent["publications"] is None or parent["publications"] == {}:
        return PaperFilter()
    values = _mapping(parent, "publications", FILTER_FIELDS, collector, context, name)
    return PaperFilter(**values) if values is not None else None


def _entries(section: MarkedDict, collector: _Collector, context: _Context, name: str,
             publications: Publications) -> tuple[CvEntry, ...] | None:
    items = section["entries"]
    if not isinstance(items, MarkedList):
        collector.add(f"expected a list of entries, got {_type_name(items)}", line=section.line_of("entries"),
                      entry=name, field="entries")
        return None
    entries = []
    ok = True
    for index, item in enumerate(items):
        where = f"{name}, entry {index + 1}"
        if not isinstance(item, MarkedDict):
            collector.add(f"expected a mapping with 'title', got {_type_name(item)}", line=items.line_of(index),
                          entry=where)
            ok = False
            continue
        values = collector.check_fields(item, ENTRY_FIELDS, context, where)
        if values is None:
            ok = False
            continue
        if "date" in values and ("start" in values or "end" in values):
            collector.add("give either 'date' or 'start'/'end', not both", line=item.line_of("date"),
                          entry=where, field="date")
            ok = False
        start, end = values.get("start"), values.get("end")
        if isinstance(start, CvDate) and isinstance(end, CvDate) and _before(end, start):
            collector.add(f"ends ({end.text()}) before it starts ({start.text()})", line=item.line_of("end"),
                          entry=where, field="end")
            ok = False
        for paper_id in values.get("papers", ()):
            if paper_id not in publications.by_id:
                collector.add(f"no paper has the id '{paper_id}' in data/publications.yml",
                              line=item.line_of("papers"), entry=where, field="papers")
                ok = False
        entries.append(CvEntry(**values))
    return tuple(entries) if ok else None


def _pdfs(raw: MarkedDict, collector: _Collector, context: _Context, ids: list[str]) -> list[PdfVariant]:
    if "pdf" not in raw:
        return []
    items = raw["pdf"]
    if isinstance(items, MarkedDict):  # one PDF, written as a mapping
        one = MarkedList([items])
        one.line, one.item_lines = raw.line_of("pdf"), [items.line]
        items = one
    if not isinstance(items, MarkedList):
        collector.add(f"expected a PDF (a mapping with 'file') or a list of them, got {_type_name(items)}",
                      line=raw.line_of("pdf"), field="pdf")
        return []
    variants: list[PdfVariant] = []
    for index, item in collector.each_mapping(items, "'file'", lambda index: f"pdf #{index + 1}"):
        name = f"pdf #{index + 1}"
        values = collector.check_fields(item, PDF_FIELDS, context, name)
        if values is None:
            continue
        chosen: tuple[str, ...] = ()
        if "sections" in item:
            try:
                chosen = _id_list(item["sections"], context)
            except _Invalid as error:
                collector.add(str(error), line=item.line_of("sections"), entry=name, field="sections")
                continue
            unknown = [key for key in chosen if key not in ids]
            if unknown:
                collector.add(f"no section has the id '{unknown[0]}'; the sections are: {', '.join(ids)}",
                              line=item.line_of("sections"), entry=name, field="sections")
                continue
        paper_filter = _filter(item, collector, context, name) if "publications" in item else None
        if "publications" in item and paper_filter is None:
            continue
        if any(variant.file == values["file"] for variant in variants):
            collector.add(f"another PDF is written to {values['file']} already", line=item.line_of("file"),
                          entry=name, field="file")
            continue
        variants.append(PdfVariant(values["file"], values.get("title", PdfVariant.title), chosen, paper_filter))
    return variants


def read_cv(path: Path, publications: Publications, docs_dir: Path | None = None,
            display_name: str = CV_FILE) -> Cv | None:
    """The CV at ``path``, checked; None when the site has no CV file."""
    if not path.is_file():
        return None
    return build_cv(read_marked_yaml(path, display_name), display_name, publications, docs_dir)
