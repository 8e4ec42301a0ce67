"""Import BibTeX into the publication list, safely: add new papers, never change existing ones.

Run from the project's root (``pubsite`` is installed by ``pip install -e .``)::

    .venv/bin/pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] \\
        [--encoding utf-8]

or ``python -m pubsite.import_bibtex`` with the same arguments. Each entry is read with pybtex
(``@string`` macros, ``crossref`` and month macros resolved) and converted by ``bibtex_entry``:
its LaTeX turned into Unicode (``latex_text``), its names split by BibTeX's rules, its section
found from its type (every type has one; the data file's optional ``bibtex_import:`` block may map a
type elsewhere), and every field used or named in the report as not kept. An entry that matches a
paper already in the list (same DOI, same arXiv id, same title, or same citation key and year) is
not added; the paper is left as it is, or, with ``--update``, given what the entry adds
(``import_update``: a dry run unless ``--write``). A kind of work that no page lists gets a page of its own
(``section_pages``), and local files named by entries are copied beside their paper's page.
New papers are appended at the end of ``papers:``; the rest of the file is kept byte for byte. The
result must pass the site's validation before anything is written, and the file is replaced
atomically. An entry is skipped only when it cannot be a paper (no title, author or year, or it
fails the site's checks), and then the command says so and exits with status 1.
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

from . import academicpages
from .bibtex_entry import (
    PREVIEW,
    Imported,
    ImportSettings,
    Refused,
    convert_entry,
    tidy_links,
)
from .bibtex_import_yaml import (
    AppendError,
    append_papers,
    load_roundtrip,
    update_papers,
    write_atomically,
)
from .bibtex_source import decode_text, parse_bibtex
from .errors import DataError, ImportFailed
from .hugo_blox import convert_folder
from .import_update import Change, changes, updated_fields
from .input_limits import MAX_ENTRIES, InputRefused, read_limited
from .name_matching import family_and_given
from .other_formats import convert_csl_json, convert_ris
from .owner_project import OwnerProject
from .validation import (
    build_publications,
)
from .yaml_source import load_marked_yaml


@dataclass
class Report:
    added: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, new id)
    matched: list[tuple[Imported, str, str]] = field(default_factory=list)  # (entry, id, why)
    skipped: list[tuple[Imported, str]] = field(default_factory=list)  # (entry, reason)
    copies: list[tuple[Path, str]] = field(default_factory=list)  # (local file, its path in docs/)
    volumes: list[Imported] = field(default_factory=list)  # crossref targets: read into their papers
    changes: dict[str, list[Change]] = field(default_factory=dict)  # --update: paper id -> its changes
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # --update: index -> fields to set
    new_pages: dict[str, str] = field(default_factory=dict)  # section -> its new page in docs/

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
            out += [f"      {change.describe()}" for change in self.changes.get(paper_id, [])]
        if self.volumes:
            out.append(f"Volumes read into the papers that cross-reference them (not papers): {len(self.volumes)}")
            out += [f"  . {entry.where} {entry.key} (cross-referenced by '{entry.volume_of}')"
                    for entry in self.volumes]
        out.append(f"Skipped {len(self.skipped)}:")
        for entry, reason in self.skipped:
            out.append(f"  - {entry.where} {entry.key}: {reason}")
        if self.copies:
            out.append(f"Files copied beside their paper's page: {len(self.copies)}")
            out += [f"  {source} -> docs/{target}" for source, target in self.copies]
        if self.new_pages:
            out.append("New pages, for kinds of work no page listed:")
            out += [f"  docs/{page} lists '{section}'" for section, page in self.new_pages.items()]
        return out


# ----------------------------------------------------------------------------- reading BibTeX


def read_bibtex(path: Path, display_name: str | None = None, *, encoding: str = "utf-8",
                settings: ImportSettings | None = None, owner: str | None = None) -> list[Imported]:
    """The entries of one bibliography: BibTeX, or CSL-JSON (``.json``) or RIS (``.ris``), by its
    name, or a Hugo Blox ``content/publication`` folder (``hugo_blox``; ``owner`` is its ``admin``),
    or an academicpages ``_publications`` folder (``academicpages``)."""
    name = display_name or str(path)
    if Path(path).is_dir() or Path(path).name == "index.md":
        try:
            if academicpages.is_publications_folder(Path(path)):
                return academicpages.convert_folder(Path(path), settings)
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
    text, base_dirs = decode_text(raw, name, encoding), (Path(path).resolve().parent,)
    suffix = Path(path).suffix.lower()
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
    """Every entry of one .bib text, converted (or marked to skip, with the reason); local files
    the entries name are looked for in ``base_dirs``."""
    settings = settings or ImportSettings()
    data, lines = parse_bibtex(text, filename)
    crossref_targets = {
        entry.fields["crossref"].lower(): key for key, entry in data.entries.items() if "crossref" in entry.fields
    }
    result = []
    for key, entry in data.entries.items():
        where = f"{filename}:{lines[key.lower()]}" if key.lower() in lines else filename
        if key.lower() in crossref_targets and not entry.persons.get("author"):
            result.append(Imported(key, where, kind=entry.type.lower(), volume_of=crossref_targets[key.lower()]))
            continue
        result.append(convert_entry(key, entry, data, where, settings, base_dirs))
    return result


# ----------------------------------------------------------------------------- merging


def normalise_title(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", letters.casefold())


def _arxiv_base(arxiv: str) -> str:
    return re.sub(r"v\d+$", "", arxiv)


def id_source(key: str, fields: dict[str, Any]) -> str:
    """What a new paper's id is made from: its citation key, unless the key is a database's
    record path (DBLP's ``DBLP:conf/iclr/ExampleQ19``), a poor address: then, as BibTeX tools make
    keys, the first author's family name, the year and the title's first long word
    (``example2019waves``)."""
    if "/" not in key:
        return key
    authors = fields.get("authors") or []
    family = family_and_given(authors[0])[0] if authors else ""  # "van der Berg", "{OpenAI Team}"
    words = [word for word in re.findall(r"[^\W\d_]+", str(fields.get("title", ""))) if len(word) > 3]
    made = f"{family}{fields.get('year', '')}{words[0] if words else ''}".replace(" ", "")
    if not re.search(r"[a-z]", unicodedata.normalize("NFKD", made).encode("ascii", "ignore").decode().lower()):
        return key.rsplit("/", 1)[-1]  # no Latin letter to name it by ("王2019"): the record's own name
    return made


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
        self.years: dict[str, Any] = {}  # id -> year
        self.ids: set[str] = set()

    def add(self, paper: dict[str, Any]) -> None:
        paper_id = str(paper.get("id", ""))
        self.ids.add(paper_id)
        self.years[paper_id] = paper.get("year")
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
        key = fields.get("bibtex_key")
        if key and key in self.keys and self.years.get(self.keys[key]) == fields.get("year"):
            return self.keys[key], f"same citation key {key} and year"  # a title revised since
        return None


def plan(existing: list[dict[str, Any]], imported: list[Imported], *, update: bool = False,
         overwrite: set[str] = frozenset()) -> tuple[Report, list[dict[str, Any]]]:
    """Decide what to add: returns the report and the new entries (with ids), in import order.
    With ``update``, a matched paper gets what the entry adds to it (``import_update``), in
    ``report.updates`` (index in ``existing`` -> fields to set).

    A local file an entry names becomes a link to ``papers/<id>/<its name>``, listed in
    ``report.copies`` for the caller to copy there."""
    index = _Index()
    for paper in existing:
        if isinstance(paper, dict):
            index.add(paper)
    report = Report()
    new_entries: list[dict[str, Any]] = []
    for item in imported:
        if item.volume_of:
            report.volumes.append(item)
            continue
        if item.skip_reason:
            report.skipped.append((item, item.skip_reason))
            continue
        found = index.match(item.fields)
        if found:
            report.matched.append((item, found[0], found[1]))
            if update:
                position = next(number for number, paper in enumerate(existing)
                                if isinstance(paper, dict) and str(paper.get("id")) == found[0])
                fields = dict(item.fields)
                copies = _local_links(found[0], item, fields)
                paper_changes = changes(existing[position], fields, overwrite)
                if paper_changes:
                    report.changes[found[0]] = paper_changes
                    fields = updated_fields(paper_changes)
                    if fields:
                        report.updates[position] = {**report.updates.get(position, {}), **fields}
                        written = repr(fields)
                        report.copies += [copy for copy in copies if repr(copy[1]) in written]
            continue
        fields = dict(item.fields)
        key = fields.get("bibtex_key")
        if key and key in index.keys:
            del fields["bibtex_key"]
            item.notes.append(f"the citation key '{key}' is already used by paper '{index.keys[key]}': "
                              "this paper's id is its citation key instead")
        new_id = make_id(id_source(item.key, fields), index.ids | set(index.keys))
        copies = _local_links(new_id, item, fields)
        entry = {"id": new_id, **fields}
        problems = _problems_alone(entry)
        if problems:
            report.skipped.append((item, "; ".join(problems)))
            continue
        index.add(entry)
        new_entries.append(entry)
        report.added.append((item, new_id))
        report.copies += copies
    return report, new_entries


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
    parser = argparse.ArgumentParser(prog="python -m pubsite.import_bibtex", description=DESCRIPTION)
    add_arguments(parser)
    return run_arguments(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
