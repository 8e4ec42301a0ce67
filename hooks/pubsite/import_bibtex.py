"""Import BibTeX into the publication list, safely: add new papers, never change existing ones.

Run from the project's root (``pubsite`` is installed by ``pip install -e .``)::

    .venv/bin/pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] \\
        [--encoding utf-8]

or ``python -m pubsite.import_bibtex`` with the same arguments. Each entry is read with pybtex
(``@string`` macros, ``crossref`` and month macros resolved), its LaTeX turned into Unicode with
pylatexenc (math such as ``$\\alpha$`` is kept as written, a literal ``\\$`` stays ``\\$`` in
titles), and its names split by BibTeX's rules (``{Google DeepMind}`` stays one name, in braces).
Its entry type gives its section, unless the data file's optional ``bibtex_import:`` block maps
that type elsewhere; an ``@inproceedings`` whose booktitle names a workshop is a workshop paper.
An entry that matches a paper already in the list (same DOI, same arXiv id or same title) is not
added and the existing paper is left as it is; an entry whose section no page lists is skipped, with
the reason. New papers are appended at the end of ``papers:``; the rest of the file is kept byte for
byte. The result must pass the site's validation before anything is written, and the file is
replaced atomically.
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pylatexenc.latex2text import LatexNodes2Text

from .bibtex_import_yaml import AppendError, append_papers, load_roundtrip, write_atomically
from .errors import DataError
from .markers import SELECTED, MarkerError, find_markers
from .model import SECTIONS
from .validation import ARXIV_PATTERN, BIBTEX_KEY_PATTERN, DOI_PATTERN, build_publications
from .yaml_source import load_marked_yaml

_LATEX = LatexNodes2Text(math_mode="verbatim")
# A literal dollar sign, ``\$`` (not ``\\$``, a line break then math) or ``\textdollar``: pylatexenc
# would make it a bare ``$``, which the site could take for the start of math.
_LITERAL_DOLLAR = re.compile(r"(?<!\\)\\\$|\\textdollar(?![A-Za-z])(?:\s*\{\})?")
_DOLLAR_MARK = "\ue000"  # a private-use character stands in for it during the conversion
# Characters YAML cannot hold or a reader cannot see: control characters, surrogates, non-characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_CONFERENCE_TYPES = {"inproceedings", "conference"}
_THESIS_TYPES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
DEFAULT_WORKSHOP_WORDS = ("workshop",)
# Where the report and the error messages point the owner.
SETTINGS_BLOCK = "bibtex_import"
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([A-Za-z.-]*/?\d{4}\.?\d{3,7}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


class ImportFailed(Exception):
    """Nothing was written; the message says why, naming the file and line where it can."""


@dataclass(frozen=True)
class ImportSettings:
    """The data file's optional ``bibtex_import:`` block (checked by the site's validation).

    ``sections`` maps a BibTeX entry type (lowercase) to a section, overriding the built-in guess;
    ``workshop_words`` make an ``@inproceedings`` whose booktitle (or series) has one of them, as a
    whole word, a workshop paper."""

    sections: dict[str, str] = field(default_factory=dict)
    workshop_words: tuple[str, ...] = DEFAULT_WORKSHOP_WORDS

    @classmethod
    def from_data(cls, raw: Any) -> ImportSettings:
        """The settings of a publication list that passed validation (``raw`` as parsed)."""
        block = raw.get(SETTINGS_BLOCK) if isinstance(raw, dict) else None
        if not isinstance(block, dict):
            return cls()
        sections = {str(kind).strip().lower(): str(section).strip()
                    for kind, section in (block.get("sections") or {}).items()}
        words = block.get("workshop_words", list(DEFAULT_WORKSHOP_WORDS))
        return cls(sections, tuple(str(word).strip() for word in words or ()))


@dataclass
class Imported:
    """One BibTeX entry turned into the publication list's fields (not yet merged)."""

    key: str
    where: str  # "refs.bib:12"
    fields: dict[str, Any] = field(default_factory=dict)  # in the schema's order, without ``id``
    month: str | None = None
    notes: list[str] = field(default_factory=list)
    skip_reason: str | None = None
    kind: str = ""  # the entry type, lowercase: "inproceedings"
    section_reason: str | None = None  # why the section is not the type's usual one


@dataclass
class Report:
    added: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, new id)
    matched: list[tuple[Imported, str, str]] = field(default_factory=list)  # (entry, id, why)
    skipped: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, reason)

    def lines(self) -> list[str]:
        out = [f"Added {len(self.added)}:"]
        for entry, new_id in self.added:
            section = entry.fields["section"]
            if entry.section_reason:
                section += f": {entry.section_reason}"
            out.append(f"  + {entry.where} {entry.key} -> new paper '{new_id}' ({section})")
            out += [f"      note: {note}" for note in entry.notes]
        out.append(f"Matched {len(self.matched)} (not added; the existing paper is left as it is):")
        for entry, paper_id, why in self.matched:
            out.append(f"  = {entry.where} {entry.key} -> existing paper '{paper_id}' ({why})")
        out.append(f"Skipped {len(self.skipped)}:")
        for entry, reason in self.skipped:
            out.append(f"  - {entry.where} {entry.key}: {reason}")
        return out


# ----------------------------------------------------------------------------- reading BibTeX


def _entry_lines(text: str) -> dict[str, int]:
    """The line of each ``@type{key,`` in the file (pybtex does not keep it)."""
    lines = {}
    for match in re.finditer(r"@\s*[A-Za-z]+\s*[{(]\s*([^\s,{}()]+)\s*,", text):
        lines.setdefault(match.group(1).lower(), text.count("\n", 0, match.start()) + 1)
    return lines


def parse_bibtex(text: str, filename: str) -> tuple[BibliographyData, dict[str, int]]:
    """Parse one file; a syntax error raises ``ImportFailed`` naming ``filename:line``."""
    try:
        data = Parser().parse_string(text)
    except PybtexError as error:
        line = getattr(error, "lineno", None)
        if line is None:  # e.g. a repeated key or field: find the entry it is about
            found = re.search(r"(?:key|entry:?)\s+\"?([^\s\"]+)", str(error))
            line = _entry_lines(text).get(found.group(1).lower()) if found else None
        where = f"{filename}:{line}" if line else filename
        message = re.sub(r" in line \d+", "", str(error))
        raise ImportFailed(f"{where}: malformed BibTeX: {message}") from None
    return data, _entry_lines(text)


def decode_text(raw: bytes, filename: str, encoding: str = "utf-8", *, as_written: bool = False) -> str:
    """``raw`` as text with ``\n`` line ends: a byte-order mark is dropped, CRLF and CR become LF
    (unless ``as_written``). Bytes that are not ``encoding`` raise ``ImportFailed`` naming the file
    and the line, and for a .bib file (not ``as_written``) the ``--encoding`` that may read it."""
    codec = codecs.lookup(encoding).name
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" and not as_written else encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode(encoding, errors="replace")) + 1
        message = (f"{filename}:{line}: not {encoding} text: the byte 0x{raw[error.start]:02X} at column "
                   f"{column} cannot be read as {encoding}")
        if not as_written and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            message += "; the file looks like UTF-16: run again with --encoding utf-16"
        elif not as_written:
            message += ("; if the file is Latin-1 (ISO 8859-1, common in older .bib files), run again with "
                        "--encoding latin-1, or save it as UTF-8")
        raise ImportFailed(message) from None
    if as_written:
        return text
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bibtex(path: Path, display_name: str | None = None, *, encoding: str = "utf-8",
                settings: ImportSettings | None = None) -> list[Imported]:
    name = display_name or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{name}: file not found") from None
    except OSError as error:
        raise ImportFailed(f"{name}: cannot be read ({error.strerror or error})") from None
    return convert_text(decode_text(raw, name, encoding), name, settings)


def convert_text(text: str, filename: str, settings: ImportSettings | None = None) -> list[Imported]:
    """Every entry of one .bib text, converted (or marked to skip, with the reason)."""
    settings = settings or ImportSettings()
    data, lines = parse_bibtex(text, filename)
    crossref_targets = {
        entry.fields["crossref"].lower(): key for key, entry in data.entries.items() if "crossref" in entry.fields
    }
    result = []
    for key, entry in data.entries.items():
        where = f"{filename}:{lines[key.lower()]}" if key.lower() in lines else filename
        if key.lower() in crossref_targets and not entry.persons.get("author"):
            result.append(Imported(key, where, kind=entry.type.lower(), skip_reason=(
                f"cross-referenced by '{crossref_targets[key.lower()]}': a volume, not a paper")))
            continue
        result.append(convert_entry(key, entry, data, where, settings))
    return result


# ----------------------------------------------------------------------------- converting


def latex_to_text(value: str, *, dollar: str = "$") -> str:
    """LaTeX -> Unicode: accents decoded, protective braces dropped, ``$math$`` kept as written,
    whitespace collapsed, invisible characters dropped. A literal dollar sign (``\\$``) becomes
    ``dollar``: ``"\\$"`` for titles, where the site reads a bare ``$`` as the start of math."""
    protected = _LITERAL_DOLLAR.sub(_DOLLAR_MARK, value.replace(_DOLLAR_MARK, ""))
    text = _LATEX.latex_to_text(protected).replace("\xa0", " ")
    text = _INVISIBLE.sub("", re.sub(r"\s+", " ", text)).strip()
    return text.replace(_DOLLAR_MARK, dollar)


# What Python-Markdown (with the site's "smarty" extension) would read as markup in a summary.
_MARKDOWN_ALWAYS = re.compile(r"[`*\[\]\"']")
_MARKDOWN_ESCAPABLE = "\\`*_{}[]()>#+-.!\"'"


def markdown_literal(text: str) -> str:
    """One line of text as Markdown that the site's ``render_inline`` shows exactly as written.

    Emphasis, code, links, smart quotes, dashes and ellipses, and a leading heading or list marker
    are escaped with backslashes; ``<``, ``>`` and ``&`` need nothing, as the site escapes them
    as HTML before Markdown sees the text. Intra-word underscores (``x_i``) are left alone."""
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == "\\":
            escape = after != "" and after in _MARKDOWN_ESCAPABLE
        elif char == "_":
            escape = not (before.isalnum() and after.isalnum())
        elif char == "-":
            escape = (before == "-" or after == "-") or index == 0
        elif char == ".":
            escape = before == "." or after == "."
        elif char in "#+":
            escape = index == 0
        else:
            escape = bool(_MARKDOWN_ALWAYS.match(char))
        out.append("\\" + char if escape else char)
    literal = "".join(out)
    # "1. " or "1) " at the start would begin a numbered list.
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", literal)


def _verbatim(value: str) -> str:
    """A URL, DOI or eprint as written: no LaTeX decoding beyond ``\\url{}``, ``\\_`` and braces."""
    value = re.sub(r"\\(?:url|href)\s*\{([^}]*)\}(?:\{[^}]*\})?", r"\1", value)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def _brace_group_end(text: str, start: int) -> int | None:
    """The index of the ``}`` closing the ``{`` at ``start`` (``\\{`` and ``\\}`` do not count)."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def person_name(person: Person) -> str:
    """``von Last, Jr, First`` in any BibTeX form -> ``First von Last Jr`` in Unicode.

    A name that is one brace group of several words, ``{Google DeepMind}``, is a corporate author:
    BibTeX's braces say "one name, do not split", and they are kept, so the site and its exports
    know it too (``{The {LIGO} Scientific Collaboration}`` -> ``{The LIGO Scientific Collaboration}``)."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    parts += person.lineage_names
    if len(parts) == 1 and parts[0].startswith("{") and _brace_group_end(parts[0], 0) == len(parts[0]) - 1:
        inner = latex_to_text(parts[0][1:-1])
        if " " in inner:
            return "{" + inner.replace("{", "").replace("}", "") + "}"
        return inner
    return latex_to_text(" ".join(parts))


def _is_others(person: Person) -> bool:
    return [name.lower() for name in person.last_names] == ["others"] and not (
        person.first_names or person.middle_names or person.prelast_names or person.lineage_names
    )


def _resolved_fields(entry: Entry, data: BibliographyData) -> dict[str, str]:
    """The entry's fields, completed from its ``crossref`` target (whose title is the booktitle)."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    seen = set()
    target_key = fields.get("crossref")
    while target_key and target_key.lower() not in seen and target_key in data.entries:
        seen.add(target_key.lower())
        target = data.entries[target_key]
        for name, value in target.fields.items():
            name = name.lower()
            if name == "title":
                fields.setdefault("booktitle", value)
            elif name not in ("crossref", "key"):
                fields.setdefault(name, value)
        target_key = target.fields.get("crossref")
    return fields


def _arxiv_id(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if "eprint" in fields and prefix == "arxiv":
        candidate = re.sub(r"^arxiv:\s*", "", _verbatim(fields["eprint"]), flags=re.IGNORECASE)
        if ARXIV_PATTERN.fullmatch(candidate):
            return candidate
    for name in ("url", "pdf", "howpublished", "note", "journal", "doi", "volume"):
        value = _verbatim(fields.get(name, ""))
        if name == "doi":
            found = _ARXIV_DOI.match(_DOI_PREFIX.sub("", value))
            candidate = found.group(1) if found else None
        elif name == "volume":
            candidate = value[4:] if value.lower().startswith("abs/") and _is_arxiv_journal(fields) else None
        else:
            found = _ARXIV_URL.search(value) or _ARXIV_IN_TEXT.search(value)
            candidate = found.group(1) if found else None
        if candidate and ARXIV_PATTERN.fullmatch(candidate):
            return candidate
    return None


def _is_arxiv_journal(fields: dict[str, str]) -> bool:
    journal = latex_to_text(fields.get("journal", "")).lower()
    return "arxiv" in journal or journal.startswith("corr")


def _doi(fields: dict[str, str], notes: list[str]) -> str | None:
    if "doi" not in fields:
        value = _verbatim(fields.get("url", ""))
        if not re.match(r"https?://(dx\.)?doi\.org/", value, re.IGNORECASE):
            return None
    else:
        value = _verbatim(fields["doi"])
    value = _DOI_PREFIX.sub("", value)
    if _ARXIV_DOI.match(value):
        return None  # arXiv's own DOI: the arXiv id says the same
    if not DOI_PATTERN.fullmatch(value):
        notes.append(f"the doi {value!r} is not a DOI such as 10.1000/xyz123: left out")
        return None
    return value


def _http_url(value: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s/]+\S*", value))


def _workshop_word(fields: dict[str, str], words: tuple[str, ...]) -> tuple[str, str] | None:
    """(field, word) when the booktitle or series has one of ``words`` as a whole word."""
    for name in ("booktitle", "series"):
        text = latex_to_text(fields.get(name, ""))
        for word in words:
            found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) if word else None
            if found:
                return name, found.group(0)
    return None


def _section(kind: str, fields: dict[str, str], arxiv: str | None,
             settings: ImportSettings) -> tuple[str, str | None]:
    """The section, and why when it is not what the entry type alone says."""
    if kind in settings.sections:
        section = settings.sections[kind]
        return section, f"'{SETTINGS_BLOCK}: sections:' maps @{kind} to {section}"
    if kind in _CONFERENCE_TYPES:
        found = _workshop_word(fields, settings.workshop_words)
        if found:
            return "workshop", f"its {found[0]} has the word '{found[1]}'"
        return "conference", None
    if kind == "article":
        return ("preprint" if _is_arxiv_journal(fields) else "journal"), None
    if kind in ("misc", "unpublished") and arxiv:
        return "preprint", None
    if kind in _THESIS_TYPES:
        return "thesis", None
    return "other", None


def _venue(kind: str, section: str, fields: dict[str, str], arxiv: str | None) -> str | None:
    """The venue as shown: what the section calls for first, then what the entry type has."""
    def first(*names: str) -> str | None:
        for name in names:
            if fields.get(name, "").strip():
                return latex_to_text(fields[name]) or None
        return None

    venue = None
    if section in ("conference", "workshop"):
        venue = first("booktitle", "series", "organization", "publisher")
    elif section == "journal":
        venue = first("journal")
    elif section == "preprint" and (arxiv or _is_arxiv_journal(fields)):
        venue = "arXiv preprint"
    if venue:
        return venue
    if section == "thesis" or kind in _THESIS_TYPES:
        what = _THESIS_TYPES.get(kind) or first("type") or "Thesis"
        school = first("school", "institution")
        return f"{what}, {school}" if school else what
    if kind == "techreport":
        institution = first("institution")
        return f"Technical report, {institution}" if institution else "Technical report"
    venue = first("booktitle", "journal", "howpublished", "publisher", "institution", "school", "organization")
    if not venue and section == "preprint":
        venue = "Preprint"
    return venue


def convert_entry(key: str, entry: Entry, data: BibliographyData, where: str,
                  settings: ImportSettings | None = None) -> Imported:
    """One pybtex entry -> the publication list's fields, or a reason to skip it."""
    settings = settings or ImportSettings()
    kind = entry.type.lower()
    result = Imported(key, where, kind=kind)
    fields = _resolved_fields(entry, data)
    notes = result.notes

    title = latex_to_text(fields.get("title", ""), dollar="\\$")
    if not title:
        result.skip_reason = "no title"
        return result
    persons = list(entry.persons.get("author", []))
    authors = []
    for person in persons:
        if _is_others(person):
            notes.append("dropped 'and others' from the authors: add the missing names by hand")
            continue
        name = person_name(person)
        if name:
            authors.append(name)
    if not authors:
        result.skip_reason = "no authors"
        return result
    if len(set(authors)) != len(authors):
        result.skip_reason = "an author is listed twice"
        return result
    year_match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", fields.get("year", ""))
    if not year_match:
        result.skip_reason = f"no year (got {fields.get('year', 'nothing')!r})"
        return result
    if fields.get("month"):
        result.month = latex_to_text(fields["month"])

    arxiv = _arxiv_id(fields)
    section, result.section_reason = _section(kind, fields, arxiv, settings)
    venue = _venue(kind, section, fields, arxiv)
    if not venue:
        result.skip_reason = "no venue: give a booktitle, journal or howpublished"
        return result
    doi = _doi(fields, notes)

    links: dict[str, str] = {}
    url = _verbatim(fields.get("url", ""))
    if url and not (_ARXIV_URL.search(url) or re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE)):
        if _http_url(url):
            links["proceedings" if section in ("conference", "journal") else "other"] = url
        else:
            notes.append(f"the url {url!r} is not an http(s) URL: left out")
    pdf = _verbatim(fields.get("pdf", ""))
    if pdf and not (arxiv and _ARXIV_URL.search(pdf)):
        if _http_url(pdf):
            links["pdf"] = pdf
        else:
            notes.append(f"the pdf {pdf!r} is not an http(s) URL: left out")

    values: dict[str, Any] = {"section": section, "title": title, "authors": authors, "venue": venue,
                              "year": int(year_match.group(1))}
    abstract = latex_to_text(fields.get("abstract", ""))
    if abstract:
        values["summary"] = markdown_literal(abstract)
    if arxiv:
        values["arxiv"] = arxiv
    if doi:
        values["doi"] = doi
    if links:
        values["links"] = links
    if BIBTEX_KEY_PATTERN.fullmatch(key):
        values["bibtex_key"] = key
    else:
        notes.append(f"the key {key!r} is not a valid citation key: the paper's id is used instead")
    if section in ("journal", "conference") and fields.get("volume"):
        values["volume"] = latex_to_text(fields["volume"])
    if fields.get("pages"):
        values["pages"] = latex_to_text(fields["pages"].replace("--", "–"))
    result.fields = values
    return result


# ----------------------------------------------------------------------------- merging


def normalise_title(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", letters.casefold())


def _arxiv_base(arxiv: str) -> str:
    return re.sub(r"v\d+$", "", arxiv)


def make_id(key: str, taken: set[str]) -> str:
    """A URL-safe id from the BibTeX key, unique among ``taken``."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_key).strip("-")[:72].strip("-") or "paper"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class _Index:
    """What identifies the papers already in the list (and those added so far)."""

    def __init__(self):
        self.doi: dict[str, str] = {}
        self.arxiv: dict[str, str] = {}
        self.title: dict[str, str] = {}
        self.keys: dict[str, str] = {}  # citation key -> id
        self.ids: set[str] = set()

    def add(self, paper: dict[str, Any]) -> None:
        paper_id = str(paper.get("id", ""))
        self.ids.add(paper_id)
        self.keys.setdefault(str(paper.get("bibtex_key") or paper_id), paper_id)
        if paper.get("doi"):
            self.doi.setdefault(str(paper["doi"]).lower(), paper_id)
        if paper.get("arxiv"):
            self.arxiv.setdefault(_arxiv_base(str(paper["arxiv"])), paper_id)
        titles = [paper.get("title")] + [item.get("title") for item in paper.get("also_presented") or []
                                         if isinstance(item, dict)]
        for title in titles:
            if isinstance(title, str) and normalise_title(title):
                self.title.setdefault(normalise_title(title), paper_id)

    def match(self, fields: dict[str, Any]) -> tuple[str, str] | None:
        if fields.get("doi") and fields["doi"].lower() in self.doi:
            return self.doi[fields["doi"].lower()], f"same DOI {fields['doi']}"
        if fields.get("arxiv") and _arxiv_base(fields["arxiv"]) in self.arxiv:
            return self.arxiv[_arxiv_base(fields["arxiv"])], f"same arXiv id {fields['arxiv']}"
        title = normalise_title(fields["title"])
        if title in self.title:
            return self.title[title], "same title"
        return None


def plan(existing: list[dict[str, Any]], imported: list[Imported], *, listed_sections: set[str] | None = None,
         data_file: str = "data/publications.yml") -> tuple[Report, list[dict[str, Any]]]:
    """Decide what to add: returns the report and the new entries (with ids), in import order.

    With ``listed_sections`` (the sections that some page lists), a new paper in another section is
    skipped: the strict build would stop on it."""
    index = _Index()
    for paper in existing:
        if isinstance(paper, dict):
            index.add(paper)
    report = Report()
    new_entries: list[dict[str, Any]] = []
    for item in imported:
        if item.skip_reason:
            report.skipped.append((item, item.skip_reason))
            continue
        found = index.match(item.fields)
        if found:
            report.matched.append((item, found[0], found[1]))
            continue
        if listed_sections is not None and item.fields["section"] not in listed_sections:
            report.skipped.append((item, _unlisted_reason(item, listed_sections, data_file)))
            continue
        key = item.fields.get("bibtex_key")
        if key and key in index.keys:
            report.skipped.append((item, f"the citation key '{key}' is already used by paper "
                                         f"'{index.keys[key]}', which has another DOI, arXiv id and title"))
            continue
        new_id = make_id(item.key, index.ids | set(index.keys))
        entry = {"id": new_id, **item.fields}
        problems = _problems_alone(entry)
        if problems:
            report.skipped.append((item, "; ".join(problems)))
            continue
        index.add(entry)
        new_entries.append(entry)
        report.added.append((item, new_id))
    return report, new_entries


def _unlisted_reason(item: Imported, listed_sections: set[str], data_file: str) -> str:
    section = item.fields["section"]
    listed = [name for name in SECTIONS if name in listed_sections]
    reason = f"section '{section}'"
    if item.section_reason:
        reason += f" ({item.section_reason})"
    reason += (f", which no page lists: add '<!-- publications: {section} -->' to a Markdown page in docs/, "
               f"or map @{item.kind} to ")
    reason += f"a listed section ({', '.join(listed)})" if listed else "another section"
    return reason + f" under '{SETTINGS_BLOCK}: sections:' in {data_file}"


def _problems_alone(entry: dict[str, Any]) -> list[str]:
    """The site's validation of one new entry, on its own, as short messages."""
    text = append_papers("owner:\n  name: Someone\npapers: []\n", [entry])
    try:
        build_publications(load_marked_yaml(text, "new entry"), "new entry")
    except DataError as error:
        return [f"field '{p.field}': {p.message}" if p.field else p.message for p in error.problems]
    return []


# ----------------------------------------------------------------------------- the command

DESCRIPTION = ("Add the papers of BibTeX files to the publication list; papers already in it are never "
               "changed, and nothing is written if anything fails.")


def run(bib_files: list[str], data_file: str, *, dry_run: bool = False, encoding: str = "utf-8",
        out=None) -> int:
    """Import ``bib_files`` into ``data_file``; prints the report; returns the exit status."""
    out = out or sys.stdout
    data_path = Path(data_file)
    try:
        try:
            # As written, line ends and all: what is not appended is written back byte for byte.
            original = decode_text(data_path.read_bytes(), data_file, as_written=True)
        except FileNotFoundError:
            raise ImportFailed(f"{data_file}: file not found (run from the project's root, or give --data)") from None
        except OSError as error:
            raise ImportFailed(f"{data_file}: cannot be read ({error.strerror or error})") from None
        docs_dir = data_path.resolve().parent.parent / "docs"
        docs_dir = docs_dir if docs_dir.is_dir() else None
        try:
            raw = load_marked_yaml(original, data_file)
            build_publications(raw, data_file, docs_dir)
        except DataError as error:
            raise ImportFailed(f"{data_file} must be valid before importing into it.\n{error.describe()}") from None
        settings = ImportSettings.from_data(raw)
        imported: list[Imported] = []
        for name in bib_files:
            imported += read_bibtex(Path(name), name, encoding=encoding, settings=settings)
        existing = load_roundtrip(original).get("papers") or []
        listed = _listed_sections(docs_dir)
        report, new_entries = plan(list(existing), imported, listed_sections=listed, data_file=data_file)
        try:
            updated = append_papers(original, new_entries)
            build_publications(load_marked_yaml(updated, data_file), data_file, docs_dir)
        except AppendError as error:
            raise ImportFailed(f"{data_file}: {error}; nothing written") from None
        except DataError as error:
            raise ImportFailed(f"the imported papers do not pass the site's checks; nothing written.\n"
                               f"{error.describe()}") from None
    except ImportFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    print(f"Read {len(imported)} entries from {', '.join(bib_files)}.", file=out)
    for line in report.lines():
        print(line, file=out)
    if dry_run:
        print(f"Dry run: {data_file} not changed.", file=out)
    elif new_entries:
        write_atomically(data_path, updated)
        print(f"Wrote {len(new_entries)} new paper(s) to the end of {data_file}.", file=out)
    else:
        print(f"Nothing to add: {data_file} not changed.", file=out)
    return 0


# Markdown files in docs/papers/ extend a paper's page; the site does not look for lists in them.
_PAPER_EXTENSIONS = "papers"


def _listed_sections(docs_dir: Path | None) -> set[str] | None:
    """The sections some page's ``<!-- publications: ... -->`` placeholder lists; None without docs/."""
    if docs_dir is None:
        return None
    listed: set[str] = set()
    for markdown in docs_dir.rglob("*.md"):
        relative = markdown.relative_to(docs_dir).parts
        if len(relative) == 2 and relative[0] == _PAPER_EXTENSIONS:
            continue
        try:
            for marker in find_markers(markdown.read_text(encoding="utf-8")):
                listed.update(marker.sections)
        except (MarkerError, UnicodeDecodeError, OSError):
            continue
    listed.discard(SELECTED)
    return listed


def _encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r} (try utf-8 or latin-1)") from None
    return name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bib_files", nargs="+", metavar="FILE.bib", help="BibTeX files to import")
    parser.add_argument("--data", default="data/publications.yml", help="the publication list (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="print the report and write nothing")
    parser.add_argument("--encoding", default="utf-8", type=_encoding,
                        help="the encoding of the .bib files (default: %(default)s; e.g. latin-1)")


def run_arguments(arguments: argparse.Namespace) -> int:
    return run(arguments.bib_files, arguments.data, dry_run=arguments.dry_run, encoding=arguments.encoding)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pubsite.import_bibtex", description=DESCRIPTION)
    add_arguments(parser)
    return run_arguments(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
