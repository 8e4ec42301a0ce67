"""Import BibTeX into the publication list, safely: add new papers, never change existing ones.

Run from the project's root (``pubsite`` is installed by ``pip install -e .``)::

    .venv/bin/pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] \\
        [--encoding utf-8]

or ``python -m pubsite.importers.import_bibtex`` with the same arguments. Each entry is read on its own with
pybtex (``bibtex_source``: ``@string`` macros, ``crossref`` and month macros resolved; a broken
entry repaired where the intent is plain, with a note, or skipped with its line, the rest of the
file read) and converted by ``bibtex_entry``:
its LaTeX turned into Unicode (``latex_text``), its names split by BibTeX's rules, its section
found from its type (every type has one; the data file's optional ``bibtex_import:`` block may map a
type elsewhere), and every field used or named in the report as not kept. An entry that is a paper
already in the list, or one added before it, by the rule of identity (``paper_identity``: titles,
years and authors agree; an arXiv preprint is its published version) is not added; the paper is
left as it is, or, with ``--update``, given what the entry adds (``import_update``: a dry run unless
``--write``). Another version of a paper (its journal version) is added, linked by ``versions``.
A kind of work that no page lists gets a page of its own (``section_pages``), and local files
named by entries are copied beside their paper's page.
New papers are appended at the end of ``papers:``; the rest of the file is kept byte for byte. The
result must pass the site's validation before anything is written, and the file is replaced
atomically. An entry is skipped only when it cannot be read or cannot be a paper (no title, author
or year, or it fails the site's checks), and then the command says so and exits with status 1.
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

from pubsite.importers import academicpages
from pubsite.importers.bibtex_entry import (
    PREVIEW,
    Imported,
    ImportSettings,
    Refused,
    convert_entry,
    tidy_links,
)
from pubsite.importers.bibtex_import_yaml import (
    AppendError,
    append_papers,
    load_roundtrip,
    plain,
    update_papers,
    write_atomically,
)
from pubsite.importers.bibtex_source import BrokenEntry, decode_text, read_bibtex_text
from pubsite.data.errors import DataError, ImportFailed
from pubsite.importers.hugo_blox import convert_folder
from pubsite.importers.import_update import FILLED_FROM_DUPLICATES, PREPRINT_GIVES, Change, changes, updated_fields
from pubsite.data.input_limits import MAX_ENTRIES, InputRefused, read_limited
from pubsite.data.name_matching import family_and_given
from pubsite.importers.other_formats import convert_csl_json, convert_ris
from pubsite.importers.owner_project import OwnerProject
from pubsite.importers.paper_identity import (
    ANOTHER,
    PREPRINT,
    SAME,
    VERSIONS,
    arxiv_base,
    authors_agree,
    differing_places,
    is_preprint,
    relation,
    shared_identifiers,
    title_key,
)
from pubsite.data.validation import (
    PAPER_FIELDS,
    build_publications,
)
from pubsite.data.yaml_source import load_marked_yaml


# Notes the report prints under their own word; others are printed as "note: ...".
_OWN_WORD_NOTES = ("repaired", "check:", "linked:")
# Why an entry was skipped -> how to fix it (reasons that say their fix themselves are not listed).
_FIXES = (
    ("no title", "add its title (title = {...}) and import the file again"),
    ("no authors", "add its authors (author = {Family, Given and Family, Given}) and import the file again"),
    ("an author is listed twice", "write each author once and import the file again"),
    ("no year", "add the year it appeared (year = {YYYY}, the year of its venue) and import the file again"),
    ("field '", "correct that field in the file and import it again, or add the paper to the list by hand"),
)


def _note_line(note: str) -> str:
    text = str(note)
    return f"      {text}" if text.startswith(_OWN_WORD_NOTES) else f"      note: {text}"


def _fields_not_kept(note: str) -> int:
    """How many fields a note names as not kept: "not kept (...): isbn, keywords" names two."""
    text = str(note)
    if not text.startswith("not kept"):
        return 0
    if text.startswith("not kept (") and "): " in text:
        return len(text.split("): ", 1)[1].split(", "))
    return 1


def skip_fix(reason: str) -> str | None:
    """How to fix what made an entry be skipped, when its reason does not say it already."""
    return next((fix for start, fix in _FIXES if reason.startswith(start)), None)


@dataclass
class Report:
    """What an import did, entry by entry, for a person to act on: each entry added (with what of
    it was not kept or was converted, repaired or linked), matched (to which paper, by what), or
    skipped (why, and the fix); counts at the end."""

    added: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, new id)
    matched: list[tuple[Imported, str, str]] = field(default_factory=list)  # (entry, id, why)
    skipped: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, reason)
    left_out: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, why): on purpose, e.g. a draft
    copies: list[tuple[Path, str]] = field(default_factory=list)  # (local file, its path in docs/)
    volumes: list[Imported] = field(default_factory=list)  # crossref targets: read into their papers
    changes: dict[str, list[Change]] = field(default_factory=dict)  # --update: paper id -> its changes
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # --update: index -> fields to set
    new_pages: dict[str, str] = field(default_factory=dict)  # section -> its new page in docs/
    version_links: list[tuple[str, str]] = field(default_factory=list)  # (new paper, the version it links to)
    read: int = 0  # entries read

    def lines(self) -> list[str]:
        new_ids = {new_id for _, new_id in self.added}
        out = [f"Added {len(self.added)}:"]
        for entry, new_id in self.added:
            section = entry.fields["section"]
            if entry.section_reason:
                section += f": {entry.section_reason}"
            out.append(f"  + {entry.where} {entry.key} -> new paper '{new_id}' ({section})")
            out += [_note_line(note) for note in entry.notes]
        out.append(f"Matched {len(self.matched)} (not added: the same paper as one in the list, left as it is, "
                   "or as one added above):")
        for entry, paper_id, why in self.matched:
            which = "new paper" if paper_id in new_ids else "existing paper"
            out.append(f"  = {entry.where} {entry.key} -> {which} '{paper_id}' ({why})")
            out += [_note_line(note) for note in entry.notes if str(note).startswith(_OWN_WORD_NOTES)]
            out += [f"      {change.describe()}" for change in self.changes.get(paper_id, [])]
        if self.volumes:
            out.append(f"Volumes read into the papers that cross-reference them (not papers): {len(self.volumes)}")
            out += [f"  . {entry.where} {entry.key} (cross-referenced by '{entry.volume_of}')"
                    for entry in self.volumes]
        if self.left_out:
            out.append(f"Left out on purpose {len(self.left_out)} (not a failure):")
            out += [f"  . {entry.where} {entry.key}: {reason}" for entry, reason in self.left_out]
        out.append(f"Skipped {len(self.skipped)}:")
        for entry, reason in self.skipped:
            out.append(f"  - {entry.where} {entry.key}: {reason}")
            fix = skip_fix(reason)
            out += [f"      fix: {fix}"] if fix else []
            out += [_note_line(note) for note in entry.notes if str(note).startswith("repaired")]
        if self.copies:
            out.append(f"Files copied beside their paper's page: {len(self.copies)}")
            out += [f"  {source} -> docs/{target}" for source, target in self.copies]
        if self.new_pages:
            out.append("New pages, for kinds of work no page listed:")
            out += [f"  docs/{page} lists '{section}'" for section, page in self.new_pages.items()]
        return out

    def summary(self) -> str:
        """The counts: "In all: entries read 40, papers added 30, version links 4, matched 6, ..."."""
        entries = [entry for entry, _ in self.added] + [entry for entry, _, _ in self.matched] \
            + [entry for entry, _ in self.skipped + self.left_out] + list(self.volumes)
        repaired = sum(any(str(note).startswith("repaired") for note in entry.notes) for entry in entries)
        counts = [("entries read", self.read), ("papers added", len(self.added)),
                  ("version links", len(self.version_links)), ("matched", len(self.matched)),
                  ("repaired", repaired), ("skipped", len(self.skipped)),
                  ("fields left out", sum(_fields_not_kept(note) for entry, _ in self.added for note in entry.notes))]
        if self.volumes:
            counts.insert(4, ("volumes read into their papers", len(self.volumes)))
        if self.left_out:
            counts.insert(-1, ("left out on purpose", len(self.left_out)))
        checks = sum(str(note).startswith("check:") for entry, _ in self.added for note in entry.notes)
        if checks:
            counts.append(("identifiers to check", checks))
        return "In all: " + ", ".join(f"{name} {number}" for name, number in counts) + "."


# ----------------------------------------------------------------------------- reading BibTeX


def read_bibtex(path: Path, display_name: str | None = None, *, encoding: str = "utf-8",
                settings: ImportSettings | None = None, owner: str | None = None) -> list[Imported]:
    """The entries of one bibliography: BibTeX, or CSL-JSON (``.json``) or RIS (``.ris``), by its
    name, or a Hugo Blox ``content/publication`` folder (``hugo_blox``; ``owner`` is its ``admin``),
    or an academicpages ``_publications`` folder (``academicpages``; ``owner`` tells its ``citation``'s
    name order)."""
    name = display_name or str(path)
    if Path(path).is_dir() or Path(path).name == "index.md":
        try:
            if academicpages.is_publications_folder(Path(path)):
                return academicpages.convert_folder(Path(path), settings, owner)  # names in 'citation'
            return convert_folder(Path(path) if Path(path).is_dir() else Path(path).parent, owner, settings)
        except ValueError as error:  # InputRefused too: a page too large, not UTF-8, too deep
            raise ImportFailed(str(error)) from None
        except OSError as error:
            raise ImportFailed(f"{error.filename or name}: cannot be read ({error.strerror or error})") from None
    try:
        raw = read_limited(Path(path), name)
    except FileNotFoundError:
        raise ImportFailed(f"{name}: file not found") from None
    except InputRefused as error:
        raise ImportFailed(str(error)) from None
    except OSError as error:
        raise ImportFailed(f"{name}: cannot be read ({error.strerror or error})") from None
    suffix = Path(path).suffix.lower()
    # In BibTeX a byte that is not UTF-8 costs only its entry (skipped, naming it); elsewhere, the file.
    per_entry = suffix not in (".json", ".ris")
    text, base_dirs = decode_text(raw, name, encoding, per_entry=per_entry), (Path(path).resolve().parent,)
    if suffix in (".json", ".ris"):
        convert = convert_csl_json if suffix == ".json" else convert_ris
        try:
            if suffix == ".ris":
                _check_ris_records(text, name)
            return convert(text, name, settings, base_dirs)
        except ValueError as error:
            raise ImportFailed(str(error)) from None
    return convert_text(text, name, settings, base_dirs=base_dirs)


def _check_ris_records(text: str, filename: str) -> None:
    """Refuse a RIS file of more than ``MAX_ENTRIES`` records (``TY  -`` lines) before rispy reads it."""
    starts = re.finditer(r"^TY  - ", text, re.MULTILINE)
    for number, start in enumerate(starts, start=1):
        if number > MAX_ENTRIES:
            raise InputRefused(filename, f"the file has more than {MAX_ENTRIES:,} records, more than is read",
                               text.count("\n", 0, start.start()) + 1)


def convert_text(text: str, filename: str, settings: ImportSettings | None = None,
                 base_dirs: tuple[Path, ...] = ()) -> list[Imported]:
    """Every entry of one .bib text, in the file's order, converted (or marked to skip, with the
    reason); local files the entries name are looked for in ``base_dirs``. An entry repaired as it
    was read (``bibtex_source``) says how in its first notes ("repaired: ..."); one that cannot be
    read, or text between entries that looks like part of one, is an entry to skip, with its line,
    what is wrong and what to change."""
    settings = settings or ImportSettings()
    read = read_bibtex_text(text, filename)
    data = read.data
    crossref_targets = {
        entry.fields["crossref"].lower(): key for key, entry in data.entries.items() if "crossref" in entry.fields
    }
    result = []
    for item in read.order:
        if isinstance(item, BrokenEntry):
            result.append(Imported(_unread_name(item), f"{filename}:{item.line}", kind=item.kind,
                                   skip_reason=item.reason))
            continue
        key, entry = item, data.entries[item]
        where = f"{filename}:{read.lines[key.lower()]}"
        if key.lower() in crossref_targets and not entry.persons.get("author"):
            imported = Imported(key, where, kind=entry.type.lower(), volume_of=crossref_targets[key.lower()])
        else:
            imported = convert_entry(key, entry, data, where, settings, base_dirs)
        imported.notes[:0] = [f"repaired: {note}" for note in read.repairs.get(key.lower(), [])]
        result.append(imported)
    return result


def _unread_name(item: BrokenEntry) -> str:
    """How the report names what was not read: its key, "@string name", or what it is."""
    if item.kind in ("string", "preamble"):
        return f"@{item.kind} {item.key}".strip()
    return item.key or ("(an entry without a key)" if item.kind else "(text between entries)")


# ----------------------------------------------------------------------------- merging


def normalise_title(title: str) -> str:
    """The title as the importer compares titles (``paper_identity.title_key``)."""
    return title_key(title)


def id_source(key: str, fields: dict[str, Any]) -> str:
    """What a new paper's id is made from: its citation key, unless the key is a database's
    record path (DBLP's ``DBLP:conf/iclr/ExampleQ19``) or a NASA ADS bibcode (``2020MNRAS.492.1234A``:
    year, journal, volume, page, initial), a poor address: then, as BibTeX tools make keys, the
    first author's family name, the year and the title's first long word (``example2019waves``)."""
    if "/" not in key and not re.fullmatch(r"\d{4}[A-Za-z&.]{5}[\w.]{4}[A-Za-z\d.][\d.]{4}[A-Za-z]", key):
        return key
    authors = fields.get("authors") or []
    family = family_and_given(authors[0])[0] if authors else ""  # "van der Berg", "{OpenAI Team}"
    words = [word for word in re.findall(r"[^\W\d_]+", str(fields.get("title", ""))) if len(word) > 3]
    made = f"{family}{fields.get('year', '')}{words[0] if words else ''}".replace(" ", "")
    if not re.search(r"[a-z]", unicodedata.normalize("NFKD", made).encode("ascii", "ignore").decode().lower()):
        return key.rsplit("/", 1)[-1]  # no Latin letter to name it by ("王2019"): the record's own name
    return made


def make_id(key: str, taken: set[str], alternatives: tuple[str, ...] = ()) -> str:
    """A URL-safe id from the BibTeX key, unique among ``taken``: when the key's id is taken, the
    first of ``alternatives`` that makes it free (a version's section or year: ``waves-journal``),
    else a number (``waves-2``)."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_key).strip("-")[:72].strip("-") or "paper"
    for alternative in alternatives if base in taken else ():
        candidate = f"{base}-{alternative}"
        if candidate not in taken:
            return candidate
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass(eq=False)
class _Known:
    """A paper an entry is matched against: one already in the list, or one this import adds."""

    id: str
    fields: dict[str, Any]  # plain values
    position: int | None = None  # its index in the list's ``papers``; None: added by this import
    item: Imported | None = None  # the entry it is added from
    cut: bool = False  # its author list was cut short ("and others")

    @property
    def where(self) -> str:
        return "existing" if self.position is not None else "new"


@dataclass
class _Decision:
    """What the index says of an entry: the paper it is (and why), or the papers it stands beside."""

    match: _Known | None = None
    why: str = ""
    relation: str = ""  # SAME, PREPRINT or "key"/"presented"
    versions: list[_Known] = field(default_factory=list)  # other versions: the new paper links to them
    notes: list[str] = field(default_factory=list)  # what the report says of the papers beside it
    suspects: list[tuple[_Known, str]] = field(default_factory=list)  # (paper, the identifier shared)


# How ``bibtex_entry`` says an author list ended with "and others" (the names after it are unknown).
AUTHORS_CUT_NOTE = "dropped 'and others'"


def _cut(item: Imported) -> bool:
    return any(str(note).startswith(AUTHORS_CUT_NOTE) for note in item.notes)


def _label(record: dict[str, Any]) -> str:
    return f"{record.get('section')} {record.get('year')}"


class _Index:
    """The papers an entry may be: those already in the list and those added so far, by title,
    citation key, DOI and arXiv id; ``decide`` applies the rule of identity (``paper_identity``)."""

    def __init__(self):
        self.by_title: dict[str, list[_Known]] = {}
        self.presented: dict[str, list[tuple[_Known, str]]] = {}  # also_presented title -> (paper, venue)
        self.by_key: dict[str, _Known] = {}  # citation key -> paper
        self.by_identifier: dict[str, list[_Known]] = {}  # "doi 10.1/x", "arxiv 2101.00001" -> papers
        self.taken: set[str] = set()  # ids and citation keys

    def add(self, known: _Known) -> None:
        fields = known.fields
        self.taken.update((known.id, str(fields.get("bibtex_key") or known.id)))
        self.by_key.setdefault(str(fields.get("bibtex_key") or known.id), known)
        self.by_title.setdefault(title_key(fields.get("title")), []).append(known)
        for item in fields.get("also_presented") or []:
            if isinstance(item, dict) and title_key(item.get("title")):
                self.presented.setdefault(title_key(item["title"]), []).append((known, str(item.get("venue"))))
        self.add_identifiers(known)

    def add_identifiers(self, known: _Known) -> None:
        for identifier in self._identifiers(known.fields):
            papers = self.by_identifier.setdefault(identifier, [])
            if known not in papers:
                papers.append(known)

    @staticmethod
    def _identifiers(fields: dict[str, Any]) -> list[str]:
        found = [f"doi {str(fields['doi']).strip().lower()}"] if fields.get("doi") else []
        return found + ([f"arxiv {arxiv_base(fields['arxiv'])}"] if fields.get("arxiv") else [])

    def decide(self, fields: dict[str, Any], cut: bool = False) -> _Decision:
        decision = _Decision()
        same_work: set[str] = set()
        other_authors: list[_Known] = []
        another: list[_Known] = []  # of the same title and authors, but another issue or year of its venue
        for known in self.by_title.get(title_key(fields["title"]), []) if title_key(fields["title"]) else []:
            if not authors_agree(fields["authors"], known.fields.get("authors") or [], first_cut=cut,
                                 second_cut=known.cut):
                other_authors.append(known)
                continue
            kind = relation(fields, known.fields)
            if kind != ANOTHER:
                same_work.add(known.id)
            if kind == SAME and decision.relation != SAME:
                shared = [name.rsplit(" ", 1)[0] for name in shared_identifiers(fields, known.fields)]
                decision.match, decision.relation = known, SAME
                decision.why = f"same {', '.join([*shared, 'title'])}, year and authors"
                if known.fields.get("venue") != fields.get("venue"):
                    decision.why += f"; its venue here: {fields.get('venue')!r}"
            elif kind == PREPRINT and is_preprint(fields) and not decision.match:
                decision.match, decision.relation = known, PREPRINT
                decision.why = "its arXiv preprint: same title and authors"
            elif kind in (PREPRINT, VERSIONS):
                decision.versions.append(known)
                what = "the published version of the preprint" if kind == PREPRINT else "another version of"
                decision.notes.append(f"linked: {what} '{known.id}' (same title and authors; "
                                      f"{_label(known.fields)} there, {_label(fields)} here): a paper of its own, "
                                      "linked to it by versions")
            else:
                another.append(known)
        if another:
            places = ", ".join(differing_places(fields, another[0].fields) or ["year"])
            decision.notes.append(f"same title and authors as '{another[0].id}'{_more(another)} but not the same "
                                  f"{places}: a paper of its own")
        if other_authors:
            decision.notes.append(f"same title as '{other_authors[0].id}'{_more(other_authors)} but other authors: "
                                  "a paper of its own")
        if not decision.match:
            self._by_key_or_presentation(fields, cut, decision)
        if decision.match:
            same_work.add(decision.match.id)
            decision.versions, decision.notes = [], []
        for identifier in self._identifiers(fields):
            for known in self.by_identifier.get(identifier, []):
                if known.id not in same_work and all(known is not seen for seen, _ in decision.suspects):
                    decision.suspects.append((known, identifier))
        return decision

    def _by_key_or_presentation(self, fields: dict[str, Any], cut: bool, decision: _Decision) -> None:
        """The paper of the list with the entry's citation key, year, section and authors (the owner
        revised its title since), or whose ``also_presented`` has the entry's title and whose authors
        agree. Two entries of one import with one key are not matched by it (two academicpages pages
        naming one .bib file)."""
        key = fields.get("bibtex_key")
        known = self.by_key.get(key) if key else None
        if known and known.position is not None and str(known.fields.get("year")) == str(fields.get("year")) \
                and known.fields.get("section") == fields.get("section") \
                and authors_agree(fields["authors"], known.fields.get("authors") or [], first_cut=cut,
                                  second_cut=known.cut):
            decision.match, decision.relation = known, "key"
            decision.why = f"same citation key {key}, year and authors"
            if title_key(known.fields.get("title")) != title_key(fields["title"]):
                decision.why += f"; its title here: {fields['title']!r}"
            return
        for known, venue in self.presented.get(title_key(fields["title"]), []):
            if authors_agree(fields["authors"], known.fields.get("authors") or [], first_cut=cut):
                decision.match, decision.relation = known, "presented"
                decision.why = f"same title as its presentation at {venue!r} (also_presented), same authors"
                return


def _more(papers: list[_Known]) -> str:
    return f" (and {len(papers) - 1} more)" if len(papers) > 1 else ""


def _suspect_note(identifier: str, other: str, differs: str) -> str:
    kind, value = identifier.split(" ", 1)
    name = "DOI" if kind == "doi" else "arXiv id"
    return (f"check: same {name} {value} as '{other}' but {differs}: both imported; correct the identifier in "
            "the file if one is wrong")


def _what_differs(first: dict[str, Any], second: dict[str, Any]) -> str:
    if title_key(first.get("title")) != title_key(second.get("title")):
        return "a different title"
    if not authors_agree(first.get("authors") or [], second.get("authors") or []):
        return "other authors"
    return f"not the same {', '.join(differing_places(first, second)) or 'year'}"


def _with_field(entry: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """``entry`` with ``name`` set, in the order of the list's fields (``versions`` after ``links``)."""
    order = list(PAPER_FIELDS)
    result = {key: item for key, item in entry.items() if key != name}
    rank = order.index(name) if name in order else len(order)
    keys = list(result)
    at = next((index for index, key in enumerate(keys) if key in order and order.index(key) > rank), len(keys))
    return {**{key: result[key] for key in keys[:at]}, name: value, **{key: result[key] for key in keys[at:]}}


def _fill(entry: dict[str, Any], fields: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], list[str]]:
    """``entry`` with the ``names`` of ``fields`` it lacks (and link kinds it lacks); the names taken."""
    taken = []
    for name in names:
        if not fields.get(name):
            continue
        if name == "links" and isinstance(entry.get("links"), dict) and isinstance(fields["links"], dict):
            kinds = {kind: link for kind, link in fields["links"].items() if kind not in entry["links"]}
            if kinds:
                entry, taken = _with_field(entry, "links", {**entry["links"], **kinds}), taken + ["links"]
        elif name not in entry:
            entry, taken = _with_field(entry, name, fields[name]), taken + [name]
    return entry, taken


def _spell_topics_alike(existing: list[dict[str, Any]], imported: list[Imported]) -> None:
    """A topic is written the same way in every paper (the build checks it): an imported topic that
    differs from one already in the list, or from an earlier entry's, only in case ("optics",
    "Optics") takes that spelling, with a note, rather than failing the whole import."""
    spelling: dict[str, str] = {}
    for paper in existing:
        for topic in (paper.get("topics") or []) if isinstance(paper, dict) else []:
            if isinstance(topic, str):
                spelling.setdefault(topic.casefold(), topic)
    for item in imported:
        topics = item.fields.get("topics")
        if item.skip_reason or not isinstance(topics, list):
            continue
        written = [spelling.setdefault(topic.casefold(), topic) if isinstance(topic, str) else topic
                   for topic in topics]
        for before, after in zip(topics, written):
            if before != after:
                item.notes.append(f"converted: topic '{before}' written '{after}', as the list writes it")
        item.fields["topics"] = list(dict.fromkeys(written))  # "Optics" and "optics": one topic


def plan(existing: list[dict[str, Any]], imported: list[Imported], *, update: bool = False,
         overwrite: set[str] = frozenset()) -> tuple[Report, list[dict[str, Any]]]:
    """Decide what to add: returns the report and the new entries (with ids), in import order.
    With ``update``, a matched paper gets what the entry adds to it (``import_update``), in
    ``report.updates`` (index in ``existing`` -> fields to set).

    Entries are matched by the rule of identity (``paper_identity``): an entry is a paper already
    in the list, or one added before it, only when titles, years and authors agree; an arXiv
    preprint is matched to its published version (any year), which takes the preprint's arXiv id,
    summary and links when it lacks them; another version of a paper becomes a paper of its own
    linked to it by ``versions``. Preprints are decided after the other entries, so that a published
    version later in the file is the paper whichever comes first.

    A local file an entry names becomes a link to ``papers/<id>/<its name>``, listed in
    ``report.copies`` for the caller to copy there."""
    _spell_topics_alike(existing, imported)
    index = _Index()
    for position, paper in enumerate(existing):
        if isinstance(paper, dict):
            index.add(_Known(str(paper.get("id", "")), plain(paper), position))
    report = Report(read=len(imported))
    new: dict[int, _Known] = {}  # import order -> the paper added from that entry
    outcomes: dict[int, tuple[str, tuple]] = {}  # import order -> (report list, its row)
    order = sorted(range(len(imported)), key=lambda number: (is_preprint(imported[number].fields), number))
    for number in order:
        item = imported[number]
        if item.volume_of:
            outcomes[number] = ("volumes", (item,))
            continue
        if item.skip_reason:
            outcomes[number] = ("left_out" if item.left_out else "skipped", (item, item.skip_reason))
            continue
        decision = index.decide(item.fields, _cut(item))
        if decision.match:
            why = _merge(decision, item, existing, report, update, overwrite)
            index.add_identifiers(decision.match)  # a preprint's arXiv id, given to its published version
            outcomes[number] = ("matched", (item, decision.match.id, why))
            continue
        fields = dict(item.fields)
        key = fields.get("bibtex_key")
        if key and key in index.by_key:
            del fields["bibtex_key"]
            item.notes.append(f"the citation key '{key}' is already used by paper '{index.by_key[key].id}': "
                              "this paper's id is its citation key instead")
        alternatives = (fields["section"], str(fields["year"])) if decision.versions else ()
        new_id = make_id(id_source(item.key, fields), index.taken, alternatives)
        copies = _local_links(new_id, item, fields)
        entry = {"id": new_id, **fields}
        problems = _problems_alone(entry)
        if problems:
            outcomes[number] = ("skipped", (item, "; ".join(problems)))
            continue
        if decision.versions:
            entry = _with_field(entry, "versions", [known.id for known in decision.versions])
            report.version_links += [(new_id, known.id) for known in decision.versions]
        item.notes[:0] = decision.notes
        for known, identifier in decision.suspects:
            item.notes.insert(0, _suspect_note(identifier, known.id, _what_differs(fields, known.fields)))
            if known.item is not None:
                known.item.notes.insert(0, _suspect_note(identifier, new_id, _what_differs(known.fields, fields)))
        new[number] = _Known(new_id, entry, item=item, cut=_cut(item))
        index.add(new[number])
        outcomes[number] = ("added", (item, new_id))
        report.copies += copies
    for number in sorted(outcomes):
        kind, row = outcomes[number]
        getattr(report, kind).append(row[0] if kind == "volumes" else row)
    return report, [new[number].fields for number in sorted(new)]


def _merge(decision: _Decision, item: Imported, existing: list[Any], report: Report, update: bool,
           overwrite: set[str]) -> str:
    """What a matched entry gives its paper: a paper added by this import takes the fields it lacks
    (of a preprint: its arXiv id, summary and links); one in the list, with ``update``, what
    ``import_update`` says. Returns why it matched, and what it gave."""
    known, why = decision.match, decision.why
    names = PREPRINT_GIVES if decision.relation == PREPRINT else FILLED_FROM_DUPLICATES
    if known.position is None:
        entry, taken = _fill(dict(known.fields), item.fields, names)
        problems = _problems_alone({name: value for name, value in entry.items() if name != "versions"}) \
            if taken else []
        if taken and not problems:
            known.fields.clear()
            known.fields.update(entry)
            why += f"; gave it: {', '.join(taken)}"
        elif taken:
            why += f"; its {', '.join(taken)} not given to it ({'; '.join(problems)})"
        return why
    if not update:
        if decision.relation == PREPRINT and item.fields.get("arxiv") and not known.fields.get("arxiv"):
            why += "; --update gives it the arXiv id"
        return why
    fields = dict(item.fields)
    copies = _local_links(known.id, item, fields)
    if decision.relation == PREPRINT:
        fields = {name: value for name, value in fields.items() if name in PREPRINT_GIVES}
    paper_changes = changes(existing[known.position], fields, overwrite)
    if paper_changes:
        report.changes[known.id] = paper_changes
        fields = updated_fields(paper_changes)
        if fields:
            report.updates[known.position] = {**report.updates.get(known.position, {}), **fields}
            written = repr(fields)
            report.copies += [copy for copy in copies if repr(copy[1]) in written]
    return why


def _local_links(paper_id: str, item: Imported, fields: dict[str, Any]) -> list[tuple[Path, str]]:
    """Links to the entry's local files (and its thumbnail), at their place beside the paper's page;
    the copies to make."""
    copies: list[tuple[Path, str]] = []
    if not item.local_files:
        return copies
    links = {kind: list(values) if isinstance(values, list) else [values]
             for kind, values in (fields.get("links") or {}).items()}
    for local in item.local_files:
        target = _copy_target(paper_id, local.source, copies)
        if (local.source, target) not in copies:
            copies.append((local.source, target))
        if local.kind == PREVIEW:
            fields[PREVIEW] = target
        else:
            links.setdefault(local.kind, []).append({"url": target, "label": local.label} if local.label else target)
    if links:
        fields["links"] = tidy_links(links)
    return copies


def _copy_target(paper_id: str, source: Path, copies: list[tuple[Path, str]]) -> str:
    """Where ``source`` is copied beside the paper's page: its own name, numbered when another of
    the paper's files has that name (two files are never merged into one)."""
    taken = {target: copied for copied, target in copies}
    stem, suffix, number = source.stem, source.suffix, 2
    target = f"papers/{paper_id}/{source.name}"
    while target in taken and taken[target] != source:
        target, number = f"papers/{paper_id}/{stem}-{number}{suffix}", number + 1
    return target


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
        out=None, update: bool = False, write: bool = False, overwrite: set[str] = frozenset()) -> int:
    """Import ``bib_files`` into ``data_file``; prints the report; returns the exit status.

    With ``update``, papers already in the list get what the bibliography adds (and the fields in
    ``overwrite`` replaced); that is a dry run unless ``write``."""
    dry_run = dry_run or (update and not write)
    out = out or sys.stdout
    data_path = Path(data_file)
    try:
        try:
            # As written, line ends and all: what is not appended is written back byte for byte.
            original = decode_text(read_limited(data_path, data_file), data_file, as_written=True)
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
            imported += read_bibtex(Path(name), name, encoding=encoding, settings=settings,
                                    owner=str((raw.get("owner") or {}).get("name") or "") or None)
        existing = load_roundtrip(original).get("papers") or []
        report, new_entries = plan(list(existing), imported, update=update, overwrite=set(overwrite))
        try:
            updated = append_papers(update_papers(original, report.updates), new_entries)
            # Local links were checked against docs/ above; the new papers' files are copied below.
            build_publications(load_marked_yaml(updated, data_file), data_file, None)
        except AppendError as error:
            raise ImportFailed(f"{data_file}: {error}; nothing written") from None
        except DataError as error:
            raise ImportFailed(f"the imported papers do not pass the site's checks; nothing written.\n"
                               f"{error.describe()}") from None
        project = OwnerProject(data_path, docs_dir)
        report.new_pages = project.plan_pages({entry["section"] for entry in new_entries})
        project.check_copies(report.copies)
    except ImportFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    print(f"Read {len(imported)} entries from {', '.join(bib_files)}.", file=out)
    for line in report.lines():
        print(line, file=out)
    if dry_run:
        hint = " Run again with --write to write it." if update and not write else ""
        print(f"Dry run: nothing written ({data_file}, docs/ and mkdocs.yml are as they were).{hint}", file=out)
    elif new_entries or report.updates:
        project.copy_files(report.copies)
        for line in project.write_pages(report.new_pages):
            print(line, file=out)
        write_atomically(data_path, updated)
        print(f"Wrote {len(new_entries)} new paper(s) to the end of {data_file}"
              + (f" and updated {len(report.updates)}." if report.updates else "."), file=out)
    else:
        print(f"Nothing to add: {data_file} not changed.", file=out)
    print(report.summary(), file=out)
    refused = [(item, note) for item in imported for note in item.notes if isinstance(note, Refused)]
    if refused:
        print(f"error: {len(refused)} file(s) named in the entries were refused and not copied: they lie outside "
              "the folder imported", file=sys.stderr)
        for item, note in refused:
            print(f"  - {item.where} {item.key}: {note}", file=sys.stderr)
    if report.skipped:
        print(f"error: {len(report.skipped)} of {len(imported)} entries were skipped (see 'Skipped' above); "
              "fix them in the .bib file and import it again (papers already added are matched, not doubled)",
              file=sys.stderr)
    return 1 if report.skipped or refused else 0


def _encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r} (try utf-8 or latin-1)") from None
    return name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bib_files", nargs="+", metavar="FILE",
                        help="bibliographies to import: BibTeX (.bib), CSL-JSON (.json), RIS (.ris), a Hugo "
                             "Blox content/publication folder or an academicpages _publications folder")
    parser.add_argument("--data", default="data/publications.yml", help="the publication list (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="print the report and write nothing")
    parser.add_argument("--update", action="store_true",
                        help="also refresh papers already in the list: add the fields they lack and show every "
                             "difference (a dry run unless --write)")
    parser.add_argument("--write", action="store_true", help="with --update: write the changes")
    parser.add_argument("--overwrite", metavar="FIELDS",
                        help="with --update: comma-separated fields to replace by the bibliography's values "
                             "(e.g. title,venue; default: none, the list's values are kept)")
    parser.add_argument("--encoding", default="utf-8", type=_encoding,
                        help="the encoding of the .bib files (default: %(default)s; e.g. latin-1)")


def run_arguments(arguments: argparse.Namespace) -> int:
    overwrite = {name.strip() for name in (arguments.overwrite or "").split(",") if name.strip()}
    if overwrite and not arguments.update:
        print("error: --overwrite needs --update", file=sys.stderr)
        return 2
    return run(arguments.bib_files, arguments.data, dry_run=arguments.dry_run, encoding=arguments.encoding,
               update=arguments.update, write=arguments.write, overwrite=overwrite)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pubsite.importers.import_bibtex", description=DESCRIPTION)
    add_arguments(parser)
    return run_arguments(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
