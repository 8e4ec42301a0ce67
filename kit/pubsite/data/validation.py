"""Check the raw YAML against the schema and build the model, collecting every problem.

Each field has one checker that converts the raw value or raises ``_Invalid`` with a sentence for
the owner. Problems are collected rather than raised one by one, so a build reports everything wrong
in one go, each naming the file, line, entry and field.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pubsite.render.coauthors import slug
from pubsite.data.errors import DataError, Problem
from pubsite.data.image_sizes import WEB_IMAGE_SUFFIXES, pixel_size
from pubsite.render.inline_markdown import unsafe_link_targets
from pubsite.data.inside_folder import path_inside, written_inside
from pubsite.data.math_text import problems as math_problems
from pubsite.data.name_matching import fold, owner_spellings
from pubsite.data.model import LINK_KINDS, SECTIONS, Link, Owner, Paper, Presentation, Publications, Thumbnail
from pubsite.data.yaml_source import MarkedDict, MarkedList, read_marked_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ARXIV_PATTERN = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
# Slashes between parts, as in DBLP's keys (DBLP:conf/iclr/ExampleQ19); never an address (http://).
BIBTEX_KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+-]*(?:/[A-Za-z0-9_:.+-]+)*$")
_WHITESPACE = re.compile(r"\s")


def _accepts(schema: dict) -> Callable:
    """Mark a checker with the JSON Schema of what it accepts (``pubsite.data.schema`` collects them):
    the schema editors use is made from the very table the validator runs."""
    def mark(checker):
        checker.json_schema = schema
        return checker
    return mark


_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}


class _Invalid(Exception):
    """A field's value is wrong; the message says how, in the owner's terms."""


@dataclass
class _Context:
    """What a checker may need beyond the value: where files live, to check local links."""

    docs_dir: Path | None
    local_files: list[Path] = field(default_factory=list)  # the files in docs/ checked to exist


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime.date, datetime.datetime)):  # YAML reads 2021-05-03 as a date
        return f"the date {value.isoformat()}"
    return type(value).__name__


@_accepts(_TEXT)
def _text(value: Any, _: _Context) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected text, got {_type_name(value)}")
    if not value.strip():
        raise _Invalid("must not be empty")
    return value.strip()


@_accepts(_TEXT)
def _markdown_text(value: Any, context: _Context) -> str:
    text = _text(value, context)
    bad = unsafe_link_targets(text)
    if bad:
        raise _Invalid(f"links in the text must be http(s) URLs, got {bad[0]!r}")
    return text


@_accepts(_TEXT)
def _title(value: Any, context: _Context) -> str:
    """A title, which may hold ``$math$`` (shown as MathML): the math must be readable."""
    text = _text(value, context)
    bad = math_problems(text)
    if bad:
        raise _Invalid(f"{bad[0]}; write a literal dollar sign as \\$")
    return text


# A character that is neither space nor ASCII punctuation: written for JavaScript's regular expressions
# too (editors check with them), where \w knows ASCII letters only.
_HAS_A_LETTER = r"[^\s!-/:-@\[-`{-~]"


@_accepts({"type": "array", "items": {"type": "string", "pattern": _HAS_A_LETTER}, "uniqueItems": True})
def _topics(value: Any, context: _Context) -> tuple[str, ...]:
    """Topics: each names a page (``topics/<its letters>/``), so each needs a letter or digit, and a
    paper gives each once."""
    topics = _text_list(value, context)
    for index, topic in enumerate(topics):
        if not fold(topic):
            raise _Invalid(f"item {index + 1}: {topic!r} has no letter or digit to name its page by")
        if topic in topics[:index]:
            raise _Invalid(f"item {index + 1}: {topic!r} is given twice")
    return topics


@_accepts({"type": "array", "items": _TEXT})
def _text_list(value: Any, context: _Context) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of text, got {_type_name(value)}")
    items = []
    for index, item in enumerate(value):
        try:
            items.append(_text(item, context))
        except _Invalid as error:
            raise _Invalid(f"item {index + 1}: {error}") from None
    return tuple(items)


@_accepts({"type": "array", "items": _TEXT, "minItems": 1, "uniqueItems": True})  # twice: refused below
def _authors(value: Any, context: _Context) -> tuple[str, ...]:
    authors = _text_list(value, context)
    if not authors:
        raise _Invalid("the author list is empty: give at least one author")
    return authors


@_accepts({"type": "integer", "minimum": 1900, "maximum": 2100})
def _year(value: Any, _: _Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"expected a year as a whole number such as 2021, got {_type_name(value)}")
    if not 1900 <= value <= 2100:
        raise _Invalid(f"expected a year between 1900 and 2100, got {value}")
    return value


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def _month_pattern() -> str:
    """What ``_month`` accepts as text, for JSON Schema (ECMA regex: no case flag, so ``[mM]``)."""
    def letters(text: str) -> str:
        return "".join(f"[{char}{char.upper()}]" for char in text)

    names = [letters(name[:3]) + "".join(f"(?:{letters(char)}" for char in name[3:]) + ")?" * len(name[3:])
             for name in MONTHS]
    return rf"^\s*(?:{'|'.join(names)})\.?\s*$"


@_accepts({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12},
                     {"type": "string", "pattern": _month_pattern()}]})
def _month(value: Any, _: _Context) -> int:
    number = month_number(value)
    if number is None:
        raise _Invalid(f"expected a month as 1-12 or a name such as May, got {_type_name(value)}")
    return number


def month_number(value: Any) -> int | None:
    """1-12, or a month's English name or at least its first three letters (``may``, ``Sep.``), as
    1-12; None for anything else. The importer reads BibTeX's months with it too."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= 12 else None
    if isinstance(value, str):
        word = value.strip().lower().rstrip(".")
        for number, name in enumerate(MONTHS, start=1):
            if len(word) >= 3 and name.startswith(word):
                return number
    return None


@_accepts({"type": "boolean"})
def _boolean(value: Any, _: _Context) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {_type_name(value)}")
    return value


@_accepts({"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": 80})
def _paper_id(value: Any, context: _Context) -> str:
    text = _text(value, context) if isinstance(value, str) else None
    if text is None:
        raise _Invalid(f"expected text, got {_type_name(value)}")
    if not ID_PATTERN.fullmatch(text) or len(text) > 80:
        raise _Invalid(
            f"{text!r} is not URL-safe: use lowercase letters, digits, and single '-' or '_' "
            "between them (it becomes the page's address, e.g. papers/my-paper/)"
        )
    return text


@_accepts({"enum": list(SECTIONS)})
def _section(value: Any, context: _Context) -> str:
    text = _text(value, context)
    if text not in SECTIONS:
        raise _Invalid(f"unknown section {text!r}; use one of: {', '.join(SECTIONS)}")
    return text


def _pattern(pattern: re.Pattern[str], what: str) -> Callable[[Any, _Context], str]:
    def check(value: Any, context: _Context) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise _Invalid(f"expected {what} written as quoted text, got {_type_name(value)}")
        text = _text(value, context)
        if not pattern.fullmatch(text):
            raise _Invalid(f"{text!r} is not {what}")
        return text

    check.json_schema = {"type": "string", "pattern": pattern.pattern}
    return check


def url_problem(text: str) -> str | None:
    """Why ``text`` is not an address a page may link to, or None when it is one: ``http://`` or
    ``https://`` as written (the pages tell addresses from files by it), a host, no spaces. The one
    rule for links in the data files and for the profiles of ``mkdocs.yml``."""
    try:
        parts = urlsplit(text)
    except ValueError as error:  # "http://[x": an unclosed IPv6 address
        return f"{text!r} is not a valid URL ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{text!r} is not an http(s) URL"
    if not text.startswith(("http://", "https://")):
        return f"{text!r}: write http:// or https:// in lowercase"
    if not parts.netloc:
        return f"{text!r} is not a complete URL"
    if _WHITESPACE.search(text):  # any character for which str.isspace() holds
        return f"{text!r} contains spaces"
    return None


def is_address(text: str) -> bool:
    """``text`` names a scheme (``https:``, ``javascript:``) or a host (``//host/x``): not a file."""
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[x"
        return True
    return bool(parts.scheme or parts.netloc)


def docs_file_problem(text: str, docs_dir: Path | None, what: str = "a file") -> str | None:
    """Why ``text``, a path in docs/ (a leading ``/`` is the site's root), names no file the site
    may publish, or None: it must lead to a file inside docs/, symbolic links resolved, for the site
    publishes docs/ (a link to ../README.md or to a link that points elsewhere would publish, or
    break on, a file that is not the site's). Without ``docs_dir``, only how it is written."""
    relative = text.lstrip("/")
    outside = written_inside(relative)
    if outside is None and docs_dir is not None:
        outside = path_inside(relative, docs_dir).refused
    if outside:
        return f"{text!r} {outside}: {what} must lie inside docs/, which is what the site publishes"
    return None


@_accepts({"type": "string", "pattern": r"^(?:https?://[^\s/]+\S*|[^:]*[^:\s][^:]*)$"})
def _link_target(value: Any, context: _Context) -> str:
    """An http(s) URL, or a path to a file inside docs/ (checked to exist)."""
    text = _text(value, context)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise _Invalid(url_problem(text)) from None
    if parts.scheme.lower() in ("http", "https"):
        problem = url_problem(text)
        if problem:
            raise _Invalid(problem)
        return text
    if parts.scheme or parts.netloc:
        raise _Invalid(f"{text!r} is not an http(s) URL or a file in docs/")
    problem = docs_file_problem(text, context.docs_dir, "a linked file")
    if problem:
        raise _Invalid(problem)
    relative = text.lstrip("/")
    if context.docs_dir is not None:
        if not os.path.isfile(context.docs_dir / relative):  # False, not an error, for a name too long
            raise _Invalid(f"{text!r} is not an http(s) URL, and docs/{relative} does not exist")
        context.local_files.append(context.docs_dir / relative)
    return relative


# Written for JavaScript's regular expressions too (editors check with them): no inline flags.
_PREVIEW_PATTERN = "^[^:]*[^:\\s][^:]*\\.(?:" + "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" for c in suffix.lstrip(".")) for suffix in WEB_IMAGE_SUFFIXES) + ")$"


@_accepts({"type": "string", "pattern": _PREVIEW_PATTERN})
def _preview(value: Any, context: _Context) -> Thumbnail:
    """A picture in docs/ (never another host's: a visitor's browser asks no one else), measured."""
    text = _text(value, context)
    if is_address(text):
        raise _Invalid(f"{text!r} is an address: a thumbnail is a file in docs/, such as "
                       "papers/<id>/preview.png, so that no page loads anything from another site")
    if not text.lower().endswith(WEB_IMAGE_SUFFIXES):
        raise _Invalid(f"{text!r} is not a picture browsers show: use {', '.join(WEB_IMAGE_SUFFIXES)}")
    problem = docs_file_problem(text, context.docs_dir, "a thumbnail")
    if problem:
        raise _Invalid(problem)
    relative = text.lstrip("/")
    if context.docs_dir is None:
        return Thumbnail(relative)
    path = context.docs_dir / relative
    if not os.path.isfile(path):
        raise _Invalid(f"docs/{relative} does not exist")
    try:
        width, height = pixel_size(path)
    except ValueError as error:
        raise _Invalid(f"docs/{relative} {error}") from None
    context.local_files.append(path)
    return Thumbnail(relative, width, height)


_ONE_LINK = {"anyOf": [
    _link_target.json_schema,
    {"type": "object", "properties": {"url": _link_target.json_schema, "label": _TEXT}, "required": ["url"],
     "additionalProperties": False},
]}


@_accepts({"type": "object", "propertyNames": {"enum": list(LINK_KINDS)},
           "additionalProperties": {"anyOf": [_ONE_LINK, {"type": "array", "items": _ONE_LINK, "minItems": 1}]}})
def _links(value: Any, context: _Context) -> tuple[Link, ...]:
    """``kind: URL``, ``kind: {url, label}`` or ``kind: [either, ...]``, kinds from LINK_KINDS."""
    if not isinstance(value, dict):
        raise _Invalid(f"expected a mapping of link kind to URL, got {_type_name(value)}")
    links = []
    for kind, spec in value.items():
        if kind not in LINK_KINDS:
            raise _Invalid(f"unknown link kind {kind!r}; use one of: {', '.join(LINK_KINDS)}")
        specs = spec if isinstance(spec, list) else [spec]
        if not specs:
            raise _Invalid(f"'{kind}' lists no links")
        for item in specs:
            label = LINK_KINDS[kind]
            if isinstance(item, dict):
                unknown = set(item) - {"url", "label"}
                if unknown or "url" not in item:
                    raise _Invalid(f"'{kind}': a link written as a mapping has 'url' and optional 'label'")
                if "label" in item:
                    label = _text(item["label"], context)
                item = item["url"]
            try:
                links.append(Link(kind, _link_target(item, context), label))
            except _Invalid as error:
                raise _Invalid(f"'{kind}': {error}") from None
    return tuple(links)


@_accepts({"type": "array", "items": _paper_id.json_schema})
def _id_list(value: Any, context: _Context) -> tuple[str, ...]:
    items = _text_list(value, context)
    return tuple(_paper_id(item, context) for item in items)


# name -> (checker, required). Order is the order problems are reported in.
PAPER_FIELDS: dict[str, tuple[Callable[[Any, _Context], Any], bool]] = {
    "id": (_paper_id, True),
    "section": (_section, True),
    "title": (_title, True),
    "authors": (_authors, True),
    "venue": (_text, True),
    "year": (_year, True),
    "month": (_month, False),
    "equal_contribution": (_text_list, False),
    "venue_full": (_text, False),
    "honours": (_text_list, False),
    "summary": (_markdown_text, False),
    "note": (_markdown_text, False),
    "arxiv": (_pattern(ARXIV_PATTERN, "an arXiv id such as 2010.04230"), False),
    "doi": (_pattern(DOI_PATTERN, "a DOI such as 10.1000/xyz123"), False),
    "links": (_links, False),
    "versions": (_id_list, False),
    "also_presented": (None, False),  # checked by _presentations, which needs the entry's context
    "selected": (_boolean, False),
    "bibtex_key": (_pattern(BIBTEX_KEY_PATTERN, "a BibTeX key (letters, digits, _:./+-)"), False),
    "volume": (_text, False),
    "pages": (_text, False),
    "number": (_text, False),
    "editors": (_text_list, False),
    "publisher": (_text, False),
    "address": (_text, False),
    "preview": (_preview, False),
    "topics": (_topics, False),
}

PRESENTATION_FIELDS: dict[str, tuple[Callable[[Any, _Context], Any], bool]] = {
    "venue": (_text, True),
    "title": (_title, False),
    "honours": (_text_list, False),
    "links": (_links, False),
}

TOP_LEVEL_FIELDS = ("owner", "papers", "bibtex_import")
OWNER_FIELDS: dict[str, tuple[Callable[[Any, _Context], Any], bool]] = {
    "name": (_text, True),
    "name_forms": (_text_list, False),
}
# The optional ``bibtex_import:`` block: how ``pubsite import`` files BibTeX entries (import_bibtex).
BIBTEX_IMPORT_FIELDS = ("sections", "workshop_words")
_BIBTEX_ENTRY_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class _Collector:
    """Gathers problems for one file, each with the line YAML gives for it."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, message: str, *, line: int | None, entry: str | None = None, field: str | None = None):
        self.problems.append(Problem(self.filename, message, line=line, entry=entry, field=field))

    def check_top_level(self, raw: Any, fields: tuple[str, ...], expected: str) -> bool:
        """The file is a mapping (``expected`` says of what) with only ``fields`` at the top; False
        if it is no mapping at all (nothing more can be checked)."""
        if not isinstance(raw, MarkedDict):
            self.add(f"expected a mapping with {expected} at the top, got {_type_name(raw)}",
                     line=getattr(raw, "line", 1))
            return False
        for key in raw:
            if key not in fields:
                self.add(f"unknown top-level field; expected only {', '.join(fields)}", line=raw.line_of(key),
                         field=str(key))
        return True

    def each_mapping(self, items: MarkedList, expected: str, entry_of: Callable[[int], str]):
        """(index, item) of each mapping of a YAML list; anything else is reported as not one."""
        for index, item in enumerate(items):
            if isinstance(item, MarkedDict):
                yield index, item
            else:
                self.add(f"expected a mapping with {expected}, got {_type_name(item)}", line=items.line_of(index),
                         entry=entry_of(index))

    def check_fields(
        self,
        mapping: MarkedDict,
        schema: dict[str, tuple[Callable[[Any, _Context], Any], bool]],
        context: _Context,
        entry: str,
    ) -> dict[str, Any] | None:
        """Convert every known field; report unknown, missing and invalid ones. None if any failed."""
        values: dict[str, Any] = {}
        ok = True
        for key in mapping:
            if key not in schema:
                hint = _closest(str(key), schema)
                suffix = f" (did you mean '{hint}'?)" if hint else ""
                self.add(
                    f"unknown field{suffix}; known fields: {', '.join(schema)}",
                    line=mapping.line_of(key), entry=entry, field=str(key),
                )
                ok = False
        for name, (checker, required) in schema.items():
            if name not in mapping:
                if required:
                    self.add("is required but missing", line=mapping.line, entry=entry, field=name)
                    ok = False
                continue
            if checker is None:
                continue
            try:
                values[name] = checker(mapping[name], context)
            except _Invalid as error:
                self.add(str(error), line=mapping.line_of(name), entry=entry, field=name)
                ok = False
        return values if ok else None


def _check_bibtex_import(raw: MarkedDict, collector: _Collector, context: _Context) -> None:
    """``bibtex_import: {sections: {misc: other}, workshop_words: [workshop]}``, both optional."""
    block, entry = raw["bibtex_import"], "bibtex_import"
    if not isinstance(block, MarkedDict):
        collector.add(f"expected a mapping with 'sections' and 'workshop_words', got {_type_name(block)}",
                      line=raw.line_of("bibtex_import"), field="bibtex_import")
        return
    for key in block:
        if key not in BIBTEX_IMPORT_FIELDS:
            hint = _closest(str(key), dict.fromkeys(BIBTEX_IMPORT_FIELDS))
            suffix = f" (did you mean '{hint}'?)" if hint else ""
            collector.add(f"unknown field{suffix}; known fields: {', '.join(BIBTEX_IMPORT_FIELDS)}",
                          line=block.line_of(key), entry=entry, field=str(key))
    sections = block.get("sections")
    if "sections" in block and not isinstance(sections, MarkedDict):
        collector.add(f"expected a mapping of BibTeX entry type to section, such as 'misc: other', got "
                      f"{_type_name(sections)}", line=block.line_of("sections"), entry=entry, field="sections")
    elif "sections" in block:
        seen: dict[str, int] = {}
        for kind, section in sections.items():
            line = sections.line_of(kind)
            if not isinstance(kind, str) or not _BIBTEX_ENTRY_TYPE.fullmatch(kind):
                collector.add(f"{kind!r} is not a BibTeX entry type such as 'misc' or 'techreport' (write it "
                              "without '@')", line=line, entry=entry, field="sections")
                continue
            if kind.lower() in seen:
                collector.add(f"'{kind}': the entry type is already mapped at line {seen[kind.lower()]} "
                              "(entry types ignore case)", line=line, entry=entry, field="sections")
                continue
            seen[kind.lower()] = line
            try:
                _section(section, context)
            except _Invalid as error:
                collector.add(f"'{kind}': {error}", line=line, entry=entry, field="sections")
    if "workshop_words" in block:
        try:
            _text_list(block["workshop_words"], context)
        except _Invalid as error:
            collector.add(str(error), line=block.line_of("workshop_words"), entry=entry, field="workshop_words")


def _closest(word: str, known: dict[str, Any]) -> str | None:
    import difflib  # only for a mistyped field: not at every build (it takes a millisecond)

    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return f"paper '{raw['id'].strip()}'"
    return f"paper #{index + 1} (no id)"


def _presentations(raw: Any, collector: _Collector, context: _Context, entry: str, line: int):
    if not isinstance(raw, list):
        collector.add(f"expected a list of venues, got {_type_name(raw)}", line=line, entry=entry,
                      field="also_presented")
        return None
    result = []
    for index, item in enumerate(raw):
        item_line = raw.line_of(index) if isinstance(raw, MarkedList) else line
        where = f"{entry}, also_presented item {index + 1}"
        if not isinstance(item, MarkedDict):
            collector.add(f"expected a mapping with 'venue', got {_type_name(item)}", line=item_line,
                          entry=where)
            return None
        values = collector.check_fields(item, PRESENTATION_FIELDS, context, where)
        if values is None:
            return None
        result.append(Presentation(**values))
    return tuple(result)


def build_publications(raw: Any, filename: str, docs_dir: Path | None = None) -> Publications:
    """Validate the parsed YAML and return the model, or raise ``DataError`` listing every problem."""
    collector = _Collector(filename)
    context = _Context(docs_dir)
    if not collector.check_top_level(raw, TOP_LEVEL_FIELDS, "'owner' and 'papers'"):
        raise DataError(collector.problems)
    if "bibtex_import" in raw:
        _check_bibtex_import(raw, collector, context)

    owner = None
    if "owner" not in raw:
        collector.add("is required but missing", line=raw.line, field="owner")
    elif not isinstance(raw["owner"], MarkedDict):
        collector.add(f"expected a mapping with 'name', got {_type_name(raw['owner'])}",
                      line=raw.line_of("owner"), field="owner")
    else:
        values = collector.check_fields(raw["owner"], OWNER_FIELDS, context, "owner")
        if values is not None:
            owner = Owner(values["name"], values.get("name_forms", ()))

    papers: list[Paper] = []
    items: dict[str, MarkedDict] = {}  # the raw entry of each valid paper, for line numbers
    lines: dict[str, int] = {}
    raw_papers = raw.get("papers")
    if "papers" not in raw:
        collector.add("is required but missing", line=raw.line, field="papers")
    elif not isinstance(raw_papers, MarkedList):
        collector.add(f"expected a list of papers, got {_type_name(raw_papers)}",
                      line=raw.line_of("papers"), field="papers")
    else:
        for index, item in enumerate(raw_papers):
            entry = _entry_name(item, index)
            if not isinstance(item, MarkedDict):
                collector.add(f"expected a mapping of fields, got {_type_name(item)}",
                              line=raw_papers.line_of(index), entry=entry)
                continue
            context.local_files = []
            values = collector.check_fields(item, PAPER_FIELDS, context, entry)
            presentations = ()
            if "also_presented" in item:
                presentations = _presentations(item["also_presented"], collector, context, entry,
                                               item.line_of("also_presented"))
            if values is None or presentations is None:
                continue
            paper = Paper(**values, also_presented=presentations)
            problems_before = len(collector.problems)
            _check_paper_consistency(paper, item, collector, entry)
            if len(collector.problems) == problems_before:
                _add_paper(paper, item, entry, papers, items, lines, collector)

        raw_ids = [item.get("id") for item in raw_papers if isinstance(item, MarkedDict)]
        invalid_ids = {key.strip() for key in raw_ids if isinstance(key, str)} - set(items)
        _check_cross_references(papers, items, invalid_ids, collector)

    if collector.problems:
        raise DataError(collector.problems)
    # Spellings of the authors that can only be the owner's ("W. Example") are the owner's too.
    inferred = owner_spellings((owner.name, *owner.name_forms), [name for paper in papers for name in paper.authors])
    return Publications(owner=owner._replace(name_forms=owner.name_forms + inferred), papers=papers, source=filename)


def _add_paper(paper: Paper, item: MarkedDict, entry: str, papers: list[Paper], items: dict[str, MarkedDict],
               lines: dict[str, int], collector: _Collector) -> None:
    """A paper valid on its own joins the list, unless its id is taken (reported)."""
    if paper.id in lines:
        collector.add(f"duplicate id: '{paper.id}' is already used by the paper at line "
                      f"{lines[paper.id]}", line=item.line_of("id"), entry=entry, field="id")
        return
    lines[paper.id] = item.line
    items[paper.id] = item
    papers.append(paper)


def _check_paper_consistency(paper: Paper, item: MarkedDict, collector: _Collector, entry: str):
    for name in paper.equal_contribution:
        if name not in paper.authors:
            collector.add(f"{name!r} is not one of the paper's authors", entry=entry,
                          line=item.line_of("equal_contribution"), field="equal_contribution")
    if len(set(paper.authors)) != len(paper.authors):
        collector.add("an author is listed twice", line=item.line_of("authors"), entry=entry,
                      field="authors")
    if paper.id in paper.versions:
        collector.add("a paper cannot be a version of itself", line=item.line_of("versions"),
                      entry=entry, field="versions")


def _check_cross_references(
    papers: list[Paper], items: dict[str, MarkedDict], invalid_ids: set[str], collector: _Collector
):
    """Versions name existing papers; citation keys are unique. ``invalid_ids`` were reported already,
    so papers naming them are not blamed a second time."""
    keys: dict[str, str] = {}
    topics: dict[str, tuple[str, str]] = {}  # slug -> (the topic as first written, by which paper)
    for paper in papers:
        item = items[paper.id]
        for topic in paper.topics:
            first = topics.setdefault(slug(topic), (topic, paper.id))
            if first[0] == topic:
                continue
            if fold(first[0]) == fold(topic):
                message = (f"the topic {topic!r} is written {first[0]!r} by paper '{first[1]}': write it the "
                           "same way (it names one page)")
            else:  # "Index" and "Index 1": another topic's page
                message = (f"the topic {topic!r} would have the page of the topic {first[0]!r} of paper "
                           f"'{first[1]}' (topics/{slug(topic)}/): name one of them otherwise")
            collector.add(message, line=item.line_of("topics"), entry=f"paper '{paper.id}'", field="topics")
        for other in paper.versions:
            if other not in items and other not in invalid_ids:
                collector.add(f"links to the id '{other}', but no paper has that id",
                              line=item.line_of("versions"), entry=f"paper '{paper.id}'", field="versions")
        key = paper.citation_key
        if key in keys:
            collector.add(f"the citation key '{key}' is already used by paper '{keys[key]}'",
                          line=item.line_of("bibtex_key"), entry=f"paper '{paper.id}'", field="bibtex_key")
        keys.setdefault(key, paper.id)


def read_publications(path: Path, display_name: str, docs_dir: Path | None = None) -> Publications:
    """Read, parse and validate the publication list at ``path`` (named ``display_name`` in errors)."""
    return build_publications(read_marked_yaml(path, display_name), display_name, docs_dir)
