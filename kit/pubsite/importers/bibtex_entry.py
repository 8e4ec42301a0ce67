"""One BibTeX entry as the publication list's fields: what each field of the entry becomes.

Standard BibTeX (Google Scholar, DBLP, ORCID, Zotero) and the fields that site generators add
(al-folio: ``arxiv``, ``code``, ``video``, ``website``, ``html``, ``slides``, ``poster``, ``supp``,
``blog``, ``selected``, ``abbr``, ``award``, ``award_name``, ``additional_info``). Every field of
the entry is either used, or named in the entry's notes as not kept, with the reason: nothing is
dropped without a word. A link to a local file (al-folio's ``pdf={paper.pdf}``) is looked for
beside the .bib file and in al-folio's ``assets/`` folders, and copied beside the paper's page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pybtex.database import BibliographyData, Entry, Person

from pubsite.importers.aas_journals import journal_name
from pubsite.importers.contribution_marks import without_marks
from pubsite.data.entry_types import unknown_type_note
from pubsite.data.image_sizes import WEB_IMAGE_SUFFIXES, pixel_size
from pubsite.data.inside_folder import path_inside
from pubsite.importers.latex_text import group_end, kept_as_written, latex_to_text, to_latex_source, verbatim
from pubsite.importers.reference_manager_notes import bookkeeping
from pubsite.data.validation import ARXIV_PATTERN, BIBTEX_KEY_PATTERN, DOI_PATTERN, month_number
from pubsite.importers.venue_names import KIND_WORDS, conference_in_journal, short_name_of

_CONFERENCE_TYPES = {"inproceedings", "conference"}
_THESIS_TYPES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
DEFAULT_WORKSHOP_WORDS = ("workshop",)
# Where the report and the error messages point the owner.
SETTINGS_BLOCK = "bibtex_import"
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([A-Za-z.-]*/?\d{4}\.?\d{3,7}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)



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


@dataclass(frozen=True)
class LocalFile:
    """A file an entry names by a local path, found on disk: copied beside the paper's page."""

    kind: str
    label: str | None
    source: Path


@dataclass
class Imported:
    """One BibTeX entry turned into the publication list's fields (not yet merged)."""

    key: str
    where: str  # "refs.bib:12"
    fields: dict[str, Any] = field(default_factory=dict)  # in the schema's order, without ``id``
    month: str | None = None
    notes: list[str] = field(default_factory=list)
    skip_reason: str | None = None
    left_out: bool = False  # not imported on purpose (a draft): reported, but no failure
    kind: str = ""  # the entry type, lowercase: "inproceedings"
    section_reason: str | None = None  # why the section is not the type's usual one
    local_files: list[LocalFile] = field(default_factory=list)  # copied beside the paper's page
    volume_of: str | None = None  # a crossref target (a volume): the key of a paper that uses it


# ----------------------------------------------------------------------------- converting


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


def person_name(person: Person) -> str:
    """``von Last, Jr, First`` in any BibTeX form -> ``First von Last Jr`` in Unicode.

    A name that is one brace group of several words, ``{Google DeepMind}``, is a corporate author:
    BibTeX's braces say "one name, do not split", and they are kept, so the site and its exports
    know it too (``{The {LIGO} Scientific Collaboration}`` -> ``{The LIGO Scientific Collaboration}``)."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    parts += person.lineage_names
    if len(parts) == 1 and parts[0].startswith("{") and group_end(parts[0], 0) == len(parts[0]) - 1:
        inner = latex_to_text(parts[0][1:-1])
        if " " in inner:
            return "{" + inner.replace("{", "").replace("}", "") + "}"
        return inner
    return latex_to_text(" ".join(parts))


def _is_others(person: Person) -> bool:
    return [name.lower() for name in person.last_names] == ["others"] and not (
        person.first_names or person.middle_names or person.prelast_names or person.lineage_names
    )


def _authors(persons: list[Person], notes: list[str]) -> tuple[list[str], list[str]]:
    """The authors' names, and those marked as contributing equally (``Yuan*``, ``Yuan$^*$``,
    ``Yuan\\textsuperscript{*}``, ``Yuan†``: see ``contribution_marks``), each once. A mark is taken
    off the name; two or more marked authors are the paper's ``equal_contribution`` (one alone is
    no sharing: a note asks). A name listed again (a consortium's long list) is kept at its first
    place, with a note naming it: the paper is not lost for it."""
    authors: list[str] = []
    marked: dict[str, str] = {}
    for person in persons:
        if _is_others(person):
            notes.append("dropped 'and others' from the authors: add the missing names by hand")
            continue
        name, mark = without_marks(person_name(person))
        if not name:
            continue
        if mark:
            marked.setdefault(name, mark)
        authors.append(name)
    repeated = [name for index, name in enumerate(authors) if name in authors[:index]]
    for name in dict.fromkeys(repeated):
        places = [str(index) for index, other in enumerate(authors, start=1) if other == name]
        notes.append(f"the author {name!r} is listed {len(places)} times (places {', '.join(places)}): kept "
                     "once, at the first place")
    authors = list(dict.fromkeys(authors))
    if len(marked) >= 2:
        notes.append("equal contribution: " + ", ".join(f"{name!r} (marked {mark})" for name, mark in marked.items())
                     + ": the marks are taken off the names, which are listed in equal_contribution")
        return authors, list(marked)
    for name, mark in marked.items():
        notes.append(f"the mark {mark} is taken off the author {name!r}; no other author has one, so no "
                     "equal_contribution is made: add it by hand if the mark meant one")
    return authors, []


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
    if fields.get("arxiv"):  # al-folio's field: the id, perhaps as "arXiv:2401.01234" or its page's address
        found = _ARXIV_URL.search(verbatim(fields["arxiv"]))
        candidate = found.group(1) if found else re.sub(r"^arxiv:\s*", "", verbatim(fields["arxiv"]), flags=re.IGNORECASE)
        if ARXIV_PATTERN.fullmatch(candidate):
            return candidate
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if "eprint" in fields and prefix == "arxiv":
        candidate = re.sub(r"^arxiv:\s*", "", verbatim(fields["eprint"]), flags=re.IGNORECASE)
        if ARXIV_PATTERN.fullmatch(candidate):
            return candidate
    for name in ("url", "pdf", "howpublished", "note", "journal", "doi", "volume"):
        value = verbatim(fields.get(name, ""))
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
        value = verbatim(fields.get("url", ""))
        if not re.match(r"https?://(dx\.)?doi\.org/", value, re.IGNORECASE):
            return None
    else:
        value = verbatim(fields["doi"])
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
    """The section, and why when it is not what the entry type alone says. Every type has one."""
    if kind in settings.sections:
        section = settings.sections[kind]
        return section, f"'{SETTINGS_BLOCK}: sections:' maps @{kind} to {section}"
    if kind in _CONFERENCE_TYPES:
        if _is_arxiv_name(fields.get("booktitle", "")):
            return "preprint", "its booktitle is arXiv"
        found = _workshop_word(fields, settings.workshop_words)
        if found:
            return "workshop", f"its {found[0]} has the word '{found[1]}'"
        return "conference", None
    if kind == "article":
        if _is_arxiv_journal(fields):
            return "preprint", None
        named = conference_in_journal(latex_to_text(fields.get("journal", "")))
        if named:  # Google Scholar's NeurIPS papers, a hand-kept "CVPR" journal
            workshop = _workshop_word({"booktitle": fields.get("journal", "")}, settings.workshop_words)
            return ("workshop" if workshop else "conference"), f"@article whose journal names a conference ('{named}')"
        return "journal", None
    if kind in _THESIS_TYPES:
        return "thesis", None
    if arxiv:
        return "preprint", (None if kind in ("misc", "unpublished", "online") else f"@{kind} with an arXiv id")
    return "other", unknown_type_note(kind)  # a misspelt @inoroceedings is said, with the type meant


def _is_arxiv_name(text: str) -> bool:
    name = latex_to_text(text).lower().strip()
    return name.startswith(("arxiv", "corr")) or name in ("preprint", "arxiv preprint")


# The venue of an entry that names none: what kind of work it is (the owner may write more).
_KIND_AS_VENUE = {
    "misc": "Manuscript", "unpublished": "Unpublished manuscript", "online": "Online", "manual": "Manual",
    "booklet": "Booklet", "book": "Book", "inbook": "Book chapter", "incollection": "Book chapter",
    "proceedings": "Proceedings", "techreport": "Technical report", "patent": "Patent", "software": "Software",
}


class _Fields:
    """The entry's fields, remembering which were used: the rest are reported as not kept."""

    def __init__(self, fields: dict[str, str]):
        self.all = fields
        self.used: set[str] = set()

    def get(self, name: str, default: str = "") -> str:
        if name in self.all:
            self.used.add(name)
        return self.all.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.all

    def first(self, *names: str) -> str | None:
        """The first of ``names`` the entry has, as text (and that one counts as used)."""
        for name in names:
            if self.all.get(name, "").strip():
                text = latex_to_text(self.get(name))
                if text:
                    return text
        return None


_ACRONYM_AND_YEAR = re.compile(r", \{([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\}\s*((?:19|20)\d\d)\s*(?:,|$)")


def _braced_acronym_and_year(fields: dict[str, str], section: str) -> str | None:
    """A short venue from a conference's booktitle that names its acronym and year between commas,
    as DBLP writes them (``7th International Conference on Learning Representations, {ICLR} 2019,
    New Orleans``-> ``ICLR 2019``); the whole booktitle stays for citations (``venue_full``). Not
    for workshops, whose acronym and year name the conference, not the workshop."""
    if section != "conference":
        return None
    found = _ACRONYM_AND_YEAR.search(fields.get("booktitle", ""))
    return f"{found.group(1)} {found.group(2)}" if found else None


def _venue(kind: str, section: str, fields: _Fields, arxiv: str | None) -> tuple[str, str | None]:
    """(the venue as shown, a note when the entry names none and its kind stands in)."""
    venue = None
    if section in ("conference", "workshop"):
        venue = fields.first("booktitle", "series", "journal", "organization", "publisher")
    elif section == "journal":
        venue = fields.first("journal")
    elif section == "preprint" and (arxiv or _is_arxiv_journal(fields.all)
                                    or _is_arxiv_name(fields.all.get("booktitle", ""))):
        fields.used.update(name for name in ("journal", "booktitle") if name in fields)
        venue = "arXiv preprint"
    if venue:
        return venue, None
    if section == "thesis" or kind in _THESIS_TYPES:
        what = _THESIS_TYPES.get(kind) or fields.first("type") or "Thesis"
        school = fields.first("school", "institution")
        return (f"{what}, {school}" if school else what), None
    if kind == "techreport":
        institution = fields.first("institution")
        number = fields.first("number")
        what = f"Technical report {number}" if number else "Technical report"
        return (f"{what}, {institution}" if institution else what), None
    venue = fields.first("booktitle", "journal", "howpublished", "publisher", "institution", "school",
                         "organization")
    if venue:
        return venue, None
    venue = "Preprint" if section == "preprint" else _KIND_AS_VENUE.get(kind, kind.capitalize() or "Manuscript")
    return venue, f"the entry names no venue (booktitle, journal, howpublished, publisher): shown as '{venue}'"


# Fields of site generators that become links, and the link kind each becomes (label: the kind's).
_LINK_FIELDS = {
    "code": ("code", None), "video": ("video", None), "website": ("project", None),
    "html": ("proceedings", None), "slides": ("slides", None), "poster": ("poster", None),
    "blog": ("blog", None), "supp": ("other", "Supplementary material"),
    "dataset": ("data", None), "source": ("other", "Source"),  # Hugo Blox's url_dataset, url_source
}
# Fields the site has no place for, and why they are not kept (said in the report).
_NOT_KEPT_REASONS = {
    "bibtex_show": "every paper page offers its BibTeX",
    "altmetric": "the site shows no badges", "dimensions": "the site shows no badges",
    "google_scholar_id": "the site shows no badges", "inspirehep_id": "the site shows no badges",
}
# What reference managers and databases write about the record itself, not the work.
_BOOKKEEPING = {"timestamp", "biburl", "bibsource", "file", "urldate", "langid", "language", "copyright",
                "owner", "creationdate", "modificationdate", "date-added", "date-modified", "bdsk-url-1",
                "shorttitle", "abstractnote", "crossref", "key", "type", "archiveprefix", "eprinttype",
                "primaryclass", "eprintclass"}
# What reference managers write for the owner's eyes only (Mendeley's and Zotero's notes, Mendeley's
# folders and tags): never published, and named in the report as dropped.
_MANAGER_FIELDS = {"annote", "annotation", "mendeley-groups", "mendeley-tags"}
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
#: The field (al-folio's, and the publication list's) naming a paper's thumbnail, and where al-folio
#: keeps the pictures (``assets/img/publication_preview/``, beside ``_bibliography/``).
PREVIEW = "preview"
_PREVIEW_FOLDERS = ("", "assets/img/publication_preview", "../assets/img/publication_preview")


def _link_fields(fields: _Fields, section: str, arxiv: str | None, base_dirs: tuple[Path, ...],
                 notes: list[str]) -> tuple[dict[str, Any], list[LocalFile]]:
    """``links:`` from ``url``, ``pdf`` and the site generators' link fields; local files found. Two
    fields with the same address (al-folio's ``url`` and ``html``) make one button, of the more
    telling kind, with a note."""
    links: dict[str, list[Any]] = {}
    local: list[LocalFile] = []
    first: dict[str, tuple[str, str]] = {}  # the address, as compared -> (the field, the link kind)

    def place(kind: str, label: str | None, name: str, value: str) -> None:
        address = re.sub(r"^https?://", "", value.strip(), flags=re.IGNORECASE).rstrip("/")
        link = {"url": value, "label": label} if label else value
        if address not in first:
            first[address] = (name, kind)
            links.setdefault(kind, []).append(link)
            return
        earlier, shown = first[address]
        if shown == "other" and kind != "other":  # "proceedings" says more than "other"
            links["other"] = [item for item in links["other"]
                              if re.sub(r"^https?://", "", item if isinstance(item, str) else item["url"],
                                        flags=re.IGNORECASE).rstrip("/") != address]
            if not links["other"]:
                del links["other"]
            links.setdefault(kind, []).append(link)
            first[address], shown = (earlier, kind), kind
        notes.append(f"{earlier} and {name} give the same address ({value}): one button ({shown})")

    def add(kind: str, label: str | None, name: str, value: str, search: tuple[str, ...]) -> None:
        if _http_url(value):
            place(kind, label, name, value)
            return
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
            notes.append(f"not kept: {name} {value!r} is neither an http(s) URL nor a local file")
            return
        found, refused = _find_local(value, base_dirs, search)
        if refused:
            notes.append(refused_note(name, value, refused))
        elif found and any(item.source == found and item.kind != PREVIEW for item in local):
            notes.append(f"{name} names {value!r}, a file another field names: one button")
        elif found:
            local.append(LocalFile(kind, label, found))
        else:
            places = ", ".join(os.path.normpath(directory / sub) for directory in base_dirs for sub in search)
            notes.append(f"not kept: {name} {value!r}: no such file in {places or 'no folder'}; put it in "
                         f"docs/papers/<id>/ and add it under links: {kind}:")

    url = verbatim(fields.get("url"))
    if url and not (_ARXIV_URL.search(url) or re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE)):
        if _http_url(url):
            place("proceedings" if section in ("conference", "journal") else "other", None, "url", url)
        else:
            notes.append(f"not kept: the url {url!r} is not an http(s) URL")
    pdf = verbatim(fields.get("pdf"))
    if pdf and not (arxiv and _ARXIV_URL.search(pdf)):
        add("pdf", None, "pdf", pdf, ("", "assets/pdf", "../assets/pdf"))
    for name, (kind, label) in _LINK_FIELDS.items():
        value = verbatim(fields.get(name))
        if value:
            add(kind, label, name, value, ("", "assets/pdf", "../assets/pdf"))
    for name in sorted(name for name in fields.all if re.fullmatch(r"link\d+", name)):  # Hugo Blox's links:
        add("other", None, name, verbatim(fields.get(name)), ("",))
    preview = verbatim(fields.get(PREVIEW))
    if preview:
        _preview(preview, base_dirs, local, notes)
    return tidy_links(links), local


def _preview(value: str, base_dirs: tuple[Path, ...], local: list[LocalFile], notes: list[str]) -> None:
    """The thumbnail is a picture on disk, copied beside the paper's page: the site loads nothing
    from another host, so an address is reported, not kept."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        notes.append(f"not kept: preview {value!r} is an address; the site shows only its own pictures: save "
                     "it in docs/papers/<id>/ and name it in preview:")
        return
    if not value.lower().endswith(WEB_IMAGE_SUFFIXES):
        notes.append(f"not kept: preview {value!r} is not a picture browsers show ({', '.join(WEB_IMAGE_SUFFIXES)})")
        return
    found, refused = _find_local(value, base_dirs, _PREVIEW_FOLDERS)
    if refused:
        notes.append(refused_note(PREVIEW, value, refused))
        return
    if found:
        try:
            pixel_size(found)  # the build measures it: what it cannot read, it refuses
        except ValueError as error:
            notes.append(f"not kept: preview {value!r}: {found} {error}; save it as PNG or JPEG")
            return
        local.append(LocalFile(PREVIEW, None, found))
        return
    places = ", ".join(os.path.normpath(directory / sub) for directory in base_dirs for sub in _PREVIEW_FOLDERS)
    notes.append(f"not kept: preview {value!r}: no such file in {places or 'no folder'}; put it in "
                 "docs/papers/<id>/ and name it in preview:")


def tidy_links(links: dict[str, list[Any]]) -> dict[str, Any]:
    """``kind: [one]`` written as ``kind: one``, as an owner would write it."""
    return {kind: values[0] if len(values) == 1 else values for kind, values in links.items()}


class Refused(str):
    """A note that a file an entry names was refused: it lies outside the folders files are taken
    from. The report shows it like any note; the command counts these for its exit status."""


def refused_note(name: str, value: str, reason: str) -> Refused:
    return Refused(f"not kept, refused: {name} {value!r} {reason} (files are taken only from inside the "
                   "folder imported)")


def _find_local(value: str, base_dirs: tuple[Path, ...], search: tuple[str, ...]) -> tuple[Path | None, str | None]:
    """The file ``value`` names, looked for in the ``search`` folders of each of ``base_dirs``, or
    why it is refused: what it leads to (through ``..``, an absolute path or a symbolic link) lies
    outside all of them, so that a bibliography never copies the machine's other files into the
    site. The first place where it exists decides; a name that exists nowhere is refused when it
    leads out from every place. The file found keeps the name written (its copy is named so)."""
    places = _places(base_dirs, search)
    if not places:
        return None, None
    if PurePath(value).is_absolute():
        check = path_inside(value, places)
        if check.path is not None and check.path.exists() and check.refused:
            return None, check.refused
        if check.path is not None and check.path.is_file():
            return _as_written(Path(value)), None
    relative = value.lstrip("/")  # else a path from the site's root, as al-folio writes them
    refusals = []
    for place in places:
        check = path_inside(relative, places, start=place)
        if check.path is None or (check.refused and check.path.exists()):
            return None, check.refused
        if check.refused:
            refusals.append(check.refused)
        elif check.path.is_file():
            return _as_written(place / relative), None
    return None, (refusals[0] if len(refusals) == len(places) else None)


def _as_written(path: Path) -> Path:
    """``path`` with its folders resolved and its own name kept (a link is copied as its target)."""
    return Path(os.path.realpath(path.parent)) / path.name


def _places(base_dirs: tuple[Path, ...], search: tuple[str, ...]) -> tuple[Path, ...]:
    """The folders of ``search`` under each of ``base_dirs`` that exist and lie inside it (for
    ``../assets/...``, inside the folder around it): a folder that is a link elsewhere is none."""
    places = []
    for directory in map(Path, map(os.path.abspath, base_dirs)):  # "content/publication" as given: from here
        for sub in search:
            root = directory.parent if sub.startswith("../") else directory
            check = path_inside(directory / sub if sub else directory, root)
            if not check.refused and check.path.is_dir() and check.path not in places:
                places.append(check.path)
    return tuple(places)


def convert_entry(key: str, entry: Entry, data: BibliographyData, where: str,
                  settings: ImportSettings | None = None, base_dirs: tuple[Path, ...] = ()) -> Imported:
    """One pybtex entry -> the publication list's fields, or a reason to skip it.

    ``base_dirs`` are where local files named by the entry are looked for (the .bib file's folder)."""
    settings = settings or ImportSettings()
    kind = entry.type.lower()
    result = Imported(key, where, kind=kind)
    fields = _Fields(_resolved_fields(entry, data))
    notes = result.notes
    journal = journal_name(fields.all.get("journal", ""))
    if journal:  # NASA ADS writes the AAS macro: journal = {\mnras}
        notes.append(f"converted: journal {fields.all['journal'].strip()} (an AAS journal macro) -> {journal}")
        fields.all["journal"] = to_latex_source(journal)

    title = latex_to_text(fields.get("title"), dollar="\\$")
    if not title:
        result.skip_reason = "no title"
        return result
    authors, equal = _authors(list(entry.persons.get("author", [])), notes)
    if not authors:
        result.skip_reason = "no authors"
        return result
    year_match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", fields.get("year"))
    if not year_match:
        written = fields.all.get("year", "").strip()
        result.skip_reason = f"no year (its year field is {written!r})" if written else "no year (the entry has no year field)"
        return result
    if fields.get("month"):
        result.month = latex_to_text(fields.get("month"))
    month = _month_number(result.month)  # pybtex has already turned "may" macros into names
    if result.month and month is None:
        notes.append(f"not kept: month {result.month!r} (not a month's name or number)")

    arxiv = _arxiv_id(fields.all)
    if arxiv:  # the fields that only said where on arXiv the paper is
        base = re.sub(r"v\d+$", "", arxiv)
        fields.used.update(name for name in ("eprint", "arxiv", "howpublished", "volume", "number")
                           if name in fields and base in verbatim(fields.all[name]))
    section, result.section_reason = _section(kind, fields.all, arxiv, settings)
    venue, venue_note = _venue(kind, section, fields, arxiv)
    if venue_note:
        notes.append(venue_note)
    doi = _doi(fields.all, notes)
    fields.get("doi")
    links, result.local_files = _link_fields(fields, section, arxiv, base_dirs, notes)

    values: dict[str, Any] = {"section": section, "title": title, "authors": authors, "venue": venue,
                              "year": int(year_match.group(1))}
    if month:
        values["month"] = month
    if equal:
        values["equal_contribution"] = equal
    abbr, topics = _abbr(fields, venue, notes)
    abbr = abbr or _braced_acronym_and_year(fields.all, section)
    if abbr and abbr != venue:
        values["venue"], values["venue_full"] = abbr, venue
    honours = _honours(fields, notes)
    if honours:
        values["honours"] = honours
    abstract = latex_to_text(fields.get("abstract"))
    if abstract:
        values["summary"] = markdown_literal(abstract)
    note = _kept_note(fields, arxiv, notes)
    if note:
        values["note"] = markdown_literal(note)
    if arxiv:
        values["arxiv"] = arxiv
    if doi:
        values["doi"] = doi
    if links:
        values["links"] = links
    if fields.get("selected").strip().lower() in _TRUE:
        values["selected"] = True
    if BIBTEX_KEY_PATTERN.fullmatch(key):
        values["bibtex_key"] = key
    else:
        notes.append(f"the key {key!r} is not a valid citation key: the paper's id is used instead")
    if section in ("journal", "conference") and fields.first("volume"):
        values["volume"] = latex_to_text(fields.get("volume"))
    if latex_to_text(fields.get("pages")):  # "{}" says nothing: no empty field for the site to refuse
        values["pages"] = latex_to_text(fields.get("pages").replace("--", "–"))
    if arxiv and _is_arxiv_name(fields.all.get("publisher", "")):
        fields.used.add("publisher")  # "arXiv": the arXiv id says it
    for name in ("number", "publisher", "address"):
        if name in fields and name not in fields.used and fields.first(name):
            values[name] = latex_to_text(fields.get(name))
    if "publisher" not in values and kind in ("inproceedings", "conference", "proceedings") \
            and "organization" not in fields.used and fields.first("organization"):
        values["publisher"] = latex_to_text(fields.get("organization"))  # Google Scholar's PMLR, IEEE
    editors = [person_name(person) for person in entry.persons.get("editor", []) if not _is_others(person)]
    if editors:
        values["editors"] = [name for index, name in enumerate(editors) if name and name not in editors[:index]]
    if topics:
        values["topics"] = topics
    result.fields = values
    notes.extend(_kept_as_written(fields, entry))
    notes.extend(_not_kept(fields))
    return result


def _abbr(fields: _Fields, venue: str, notes: list[str]) -> tuple[str, list[str]]:
    """al-folio's ``abbr`` badge when it is the venue's short name (``venue_names.short_name_of``),
    and the topics it gives when it is a label of the owner's instead (``Optics``, ``SCIE``): then
    the venue stays the booktitle's or journal's, and a note says so. A word for a kind of work
    (``Preprint``), which the section says already, is named as not kept."""
    abbr = latex_to_text(fields.get("abbr"))
    if not abbr:
        return "", []
    names = [venue] + [latex_to_text(fields.all[name]) for name in ("booktitle", "journal", "series", "howpublished")
                       if name in fields]
    if short_name_of(abbr, names):
        return abbr, []
    if abbr.casefold() in KIND_WORDS or not re.search(r"[^\W_]", abbr):
        why = "it names the kind of work, which the section says" if re.search(r"[^\W_]", abbr) else "no word in it"
        notes.append(f"not kept: abbr {abbr!r} ({why})")
        return "", []
    notes.append(f"abbr {abbr!r} does not name the venue ({venue!r}): kept as a topic; if it is the venue's "
                 f"short name, write venue: {abbr} and venue_full: {venue}")
    return "", [abbr]


def _honours(fields: _Fields, notes: list[str]) -> list[str]:
    """al-folio's ``award_name`` (the badge) and ``award`` (its text, or a flag: ``award={true}``
    shows the badge named ``award_name``), each once; a flag is never an honour of its own."""
    name, award = latex_to_text(fields.get("award_name")), latex_to_text(fields.get("award"))
    if award.casefold() in _FALSE:
        named = f" and award_name {name!r}" if name else ""
        notes.append(f"not kept: award {award!r}{named} (the entry says it has no award)")
        return []
    if award.casefold() in _TRUE:
        award = ""
        if not name:
            name = "Award"
            notes.append("award = {true} names no award (no award_name): shown as 'Award'; write its name "
                         "under honours:")
    return [text for index, text in enumerate((name, award)) if text and text not in (name, award)[:index]]


def _month_number(text: str | None) -> int | None:
    """``May``, ``may``, ``5`` or ``05`` -> 5, as the publication list reads months."""
    word = (text or "").strip()
    return month_number(int(word) if word.isdigit() else word)


def _kept_note(fields: _Fields, arxiv: str | None, notes: list[str]) -> str | None:
    """BibTeX's ``note`` and al-folio's ``additional_info``, unless the note only names the arXiv id;
    a reference manager's lines in it (``Citation Key: …``, ``0 citations (Crossref) [2021-01-12]``)
    are dropped, each named in ``notes``."""
    parts = []
    for name in ("note", "additional_info"):
        text, dropped = bookkeeping(latex_to_text(fields.get(name)))
        notes.extend(f"dropped (bookkeeping of the reference manager, never published): {name} {line!r}"
                     for line in dropped)
        if not text:
            continue
        if name == "note" and arxiv and re.fullmatch(r"(?:arxiv(?: preprint)?:?\s*)?" + re.escape(arxiv)
                                                     + r"(?:\s*\[[^\]]*\])?", text, re.IGNORECASE):
            continue
        parts.append(text)
    return " ".join(parts) or None


# Fields read as written (addresses, ids, flags), not as LaTeX text: nothing in them is "kept as written".
_NOT_TEXT = {"url", "doi", "pdf", "eprint", "arxiv", "year", "selected", PREVIEW} | set(_LINK_FIELDS)


def _kept_as_written(fields: _Fields, entry: Entry) -> list[str]:
    """One note per field whose LaTeX the importer cannot convert without losing words or references
    (``\\cite{x}``, ``\\input{chapter}``, a macro of the paper), naming what is kept as written."""
    values = [(name, fields.all[name]) for name in fields.all
              if name in fields.used and name not in _NOT_TEXT and not re.fullmatch(r"link\d+", name)]
    values += [(role, " ".join(person.first_names + person.middle_names + person.prelast_names
                               + person.last_names + person.lineage_names))
               for role in ("author", "editor") for person in entry.persons.get(role, [])]
    kept: dict[str, list[str]] = {}
    for name, value in values:
        texts = kept.setdefault(name, [])
        texts += [text for text in kept_as_written(value) if text not in texts]
    return [f"kept as written in {name} (LaTeX the importer cannot convert): {', '.join(texts)}"
            for name, texts in kept.items() if texts]


def _not_kept(fields: _Fields) -> list[str]:
    """One note per field of the entry that the publication list does not hold."""
    notes = []
    plain = []
    for name in sorted(set(fields.all) - fields.used - {"author", "editor"} - _BOOKKEEPING):
        if name in _MANAGER_FIELDS:
            notes.append(f"dropped (bookkeeping of the reference manager, never published): {name}")
        elif name in _NOT_KEPT_REASONS:
            notes.append(f"not kept: {name} ({_NOT_KEPT_REASONS[name]})")
        else:
            plain.append(name)
    if plain:
        notes.append(f"not kept (the publication list has no such field): {', '.join(plain)}")
    return notes
