"""A publication page's own text wins over the BibTeX file beside it; where they differ, the report says so.

Hugo Blox's ``index.md`` and academicpages' ``_publications`` pages are what the owner wrote and
shows: the paper's title, venue ("ICML 2025", "NeurIPS 2025 (spotlight)"), date, abstract and
links. The BibTeX file beside it (Hugo's ``cite.bib``, academicpages' ``bibtexurl`` file) was often
made by a tool at the time of the preprint and says "arXiv" or an old title. So the page's fields are
set on the BibTeX entry before it is converted, the entry only filling what the page lacks (volume,
pages, publisher), and where the two disagree on title, venue, year or authors, the entry's value
is named in the notes. After the conversion, the page's venue is shown as written and the page's
links get their kinds and names (``links: [{name: Blog, url: ...}]`` -> a "Blog" button).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pybtex.database import Entry, Person

from pubsite.importers.bibtex_entry import Imported, person_name, tidy_links
from pubsite.data.errors import ImportFailed
from pubsite.data.inside_folder import path_inside
from pubsite.importers.latex_text import latex_to_text, to_latex_source
from pubsite.data.model import LINK_KINDS
from pubsite.data.name_matching import fold
from pubsite.data.validation import PAPER_FIELDS

# A link's name or type on a page -> the publication list's link kind (validation's LINK_KINDS).
_KIND_OF_NAME = {
    **dict.fromkeys(("pdf", "paper", "full text", "full paper", "article"), "pdf"),
    **dict.fromkeys(("code", "source code", "github", "gitlab", "repository", "repo", "software"), "code"),
    **dict.fromkeys(("video", "talk", "youtube", "recording"), "video"),
    **dict.fromkeys(("slides", "slide", "presentation"), "slides"),
    "poster": "poster",
    **dict.fromkeys(("project", "project page", "website", "webpage", "homepage"), "project"),
    **dict.fromkeys(("data", "dataset", "datasets"), "data"),
    **dict.fromkeys(("blog", "blog post", "post"), "blog"),
    "openreview": "openreview",
    **dict.fromkeys(("proceedings", "publisher"), "proceedings"),
    **dict.fromkeys(("model", "models", "weights", "checkpoints"), "models"),
    **dict.fromkeys(("event", "conference"), "event"),
}
# The BibTeX field (al-folio's) through which a link of each kind is converted; the others go
# through ``linkN`` fields, converted as kind "other" and given their kind afterwards.
_FIELD_OF_KIND = {"pdf": "pdf", "code": "code", "video": "video", "slides": "slides", "poster": "poster",
                  "project": "website", "proceedings": "html", "blog": "blog", "data": "dataset"}
_YEAR_MONTH = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class PageLink:
    """A link a page gives: its kind, its name (None: the kind's own), the address as written."""

    kind: str
    label: str | None
    url: str


def link_kind(name: str) -> str | None:
    """The link kind a page's name for a link stands for ("GitHub" -> code), or None."""
    return _KIND_OF_NAME.get(re.sub(r"\s+", " ", name.strip().casefold()))


def named_link(kind: str, name: str | None, url: str) -> PageLink:
    """A link whose name is kept as its label unless it is the kind's own label ("Code")."""
    label = (name or "").strip() or None
    if label and label.casefold() == LINK_KINDS[kind].casefold():
        label = None
    return PageLink(kind, label, url.strip())


def date_fields(value: Any) -> dict[str, str]:
    """A page's ``date`` (``2021-07-01``, a YAML date, ``2021-07-01T00:00:00Z``, ``2021``) as BibTeX's
    year and month. A date of January 1st is how both generators write "this year" (Hugo Blox's
    importer, academicpages' template), so it gives the year only."""
    found = _YEAR_MONTH.match(str(value or ""))
    if not found:
        return {}
    fields = {"year": found.group(1)}
    month, day = found.group(2), found.group(3)
    if month and 1 <= int(month) <= 12 and not (int(month) == 1 and (day is None or int(day) == 1)):
        fields["month"] = str(int(month))
    return fields


def _folded(text: str) -> str:
    return fold(latex_to_text(text)).replace(" ", "")


def page_wins(entry: Entry, page: dict[str, str], bib_name: str, page_name: str,
              venue: str | None = None) -> list[str]:
    """Set the page's BibTeX fields (``title``, ``journal``/``booktitle``, ``year``, ``month``,
    ``abstract``, ``doi``, links, ...) on ``entry``; the notes name where the entry said otherwise
    about the title, the venue (``venue``: the page's, as shown, when the field holds less), the
    year or the abstract. A link field the entry already has for another address keeps that address as a link of
    its own (``linkN``)."""
    notes = []
    venue_names = ("journal", "booktitle")
    page_venue = next((page[name] for name in venue_names if page.get(name)), None)
    page_venue = to_latex_source(venue) if venue and page_venue else page_venue
    bib_venue = next((entry.fields[name] for name in venue_names if entry.fields.get(name, "").strip()), None)
    compared = [("title", page.get("title"), entry.fields.get("title")), ("venue", page_venue, bib_venue)]
    for what, mine, theirs in compared:
        if mine and theirs and _folded(mine) != _folded(theirs):
            notes.append(f"{bib_name} gives the {what} as {latex_to_text(theirs)!r}; {page_name} says "
                         f"{latex_to_text(mine)!r}, which is kept")
    if page.get("abstract") and entry.fields.get("abstract", "").strip() \
            and _folded(page["abstract"]) != _folded(entry.fields["abstract"]):
        notes.append(f"not kept: the abstract of {bib_name} ({page_name} has its own, which is the summary)")
    theirs_year = re.search(r"\d{4}", entry.fields.get("year", ""))
    if page.get("year") and theirs_year and theirs_year.group(0) != page["year"]:
        notes.append(f"{bib_name} gives the year as {theirs_year.group(0)}; {page_name} says {page['year']}, "
                     "which is kept")
    if page_venue:  # the page's venue replaces the entry's, whichever field held it
        for name in venue_names:
            entry.fields.pop(name, None)
    taken = {name.lower() for name in entry.fields} | set(page)
    for name, value in page.items():
        old = entry.fields.get(name)
        if old is not None and _is_link_field(name) and old.strip() != value.strip():
            entry.fields[free_link_field(taken)] = old  # the entry's own link, kept beside the page's
        entry.fields[name] = value
    return notes


def _is_link_field(name: str) -> bool:
    return name in _FIELD_OF_KIND.values() or bool(re.fullmatch(r"link\d+", name))


def free_link_field(taken: set[str]) -> str:
    """The first ``linkN`` field name not in ``taken`` (which it joins)."""
    number = 1
    while f"link{number}" in taken:
        number += 1
    taken.add(f"link{number}")
    return f"link{number}"


def link_fields(links: list[PageLink], entry: Entry) -> dict[str, str]:
    """The BibTeX fields through which the page's links are converted (local files found and
    copied, arXiv addresses read as the paper's arXiv id): the first of a kind in the kind's field
    (``page_wins`` keeps the entry's own value there as a link of its own), the others in ``linkN``
    fields the entry does not use."""
    fields: dict[str, str] = {}
    taken = {name.lower() for name in entry.fields}
    for link in links:
        name = _FIELD_OF_KIND.get(link.kind)
        if not name or name in fields:
            name = free_link_field(taken | set(fields))
        fields[name] = link.url
    return fields


def page_body(text: str) -> str:
    """What follows a page's front matter."""
    found = re.match(r"^---\s*\n.*?\n---\s*(?:\n|$)", text, re.DOTALL)
    return text[found.end():] if found else ""


# Lines the generators write around a page's text, not the paper's words: academicpages' "Download
# paper here" and "Recommended citation", its template's placeholder; Hugo's shortcodes and comments.
_NOT_PROSE = re.compile(r"^\s*(?:recommended citation:|<a\b[^>]*>\s*download|\[download|!\[|<img\b|\{\{[<%]|<!--|"
                        r"the contents above will be part of a list of publications)", re.IGNORECASE)


def prose(lines: list[str]) -> str:
    """The paragraphs of ``lines`` as text: code blocks, pictures, shortcodes and the generators'
    own lines left out; HTML tags removed."""
    paragraphs, current, fenced = [], [], False
    for line in lines + [""]:
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
            continue
        if fenced or _NOT_PROSE.match(line):
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", line)).strip()
        if text:
            current.append(text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def shortened(text: str, words: int = 12) -> str:
    """The first words of ``text``, to name it in a note."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def authors_win(entry: Entry, persons: list[Person], bib_name: str, page_name: str) -> list[str]:
    """The page's authors replace the entry's; a note when the entry names others."""
    theirs = [person_name(person) for person in entry.persons.get("author", [])]
    mine = [person_name(person) for person in persons]
    notes = []
    if theirs and [_family(name) for name in theirs] != [_family(name) for name in mine]:
        notes.append(f"{bib_name} gives the authors as {', '.join(theirs)}; {page_name} says {', '.join(mine)}, "
                     "which are kept")
    entry.persons["author"] = list(persons)
    return notes


def _family(name: str) -> str:
    """The last word of a name as shown ("Bo Sample", "Sample, Bo" shown so): enough to tell two
    author lists apart, not to say two spellings are one person."""
    words = fold(name).split()
    return words[-1] if words else ""


def show_page_venue(item: Imported, venue: str | None, short: str | None) -> None:
    """The page's venue, as written, is the one shown (the conversion may have said "arXiv
    preprint" for a paper whose page says "ICML 2025 (arXiv:2502.12892)"); a short form the
    page gives is shown with the venue for citations."""
    if item.skip_reason or not venue:
        return
    item.fields["venue"] = short or venue
    if short and short != venue:
        item.fields["venue_full"] = venue
    else:
        item.fields.pop("venue_full", None)
    item.fields = in_schema_order(item.fields)


def give_links_their_names(item: Imported, links: list[PageLink]) -> None:
    """Each address the page links to, found among the converted links, under the page's kind and
    name; the page's links first, then the entry's own (an address given twice is shown once)."""
    converted = item.fields.get("links")
    if item.skip_reason or not converted or not links:
        return
    present = {_url(value) for values in converted.values()
               for value in (values if isinstance(values, list) else [values])}
    ordered: dict[str, list[Any]] = {}
    seen = set()
    for link in links:
        if link.url in present and link.url not in seen:
            seen.add(link.url)
            ordered.setdefault(link.kind, []).append({"url": link.url, "label": link.label} if link.label else link.url)
    for kind, values in converted.items():
        for value in values if isinstance(values, list) else [values]:
            if _url(value) not in seen:
                seen.add(_url(value))
                ordered.setdefault(kind, []).append(value)
    item.fields["links"] = tidy_links(ordered)


def _url(value: Any) -> str:
    return value["url"] if isinstance(value, dict) else str(value)


def add_fields(item: Imported, fields: dict[str, Any]) -> None:
    """Fields the page gives that the conversion has no BibTeX field for (``equal_contribution``,
    ``honours``), added in the schema's order; a list adds to what is there."""
    if item.skip_reason:
        return
    for name, value in fields.items():
        if isinstance(value, list):
            old = list(item.fields.get(name) or [])
            value = old + [text for text in value if text not in old]
        item.fields[name] = value
    item.fields = in_schema_order(item.fields)


def in_schema_order(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` in the order of the schema (as the converted entries are, and the owner reads them)."""
    order = {name: number for number, name in enumerate(PAPER_FIELDS)}
    return dict(sorted(fields.items(), key=lambda item: order.get(item[0], len(order))))


def each_page(page: Path, key: str, folder: Path, convert: Callable[[], Imported]) -> Imported:
    """One page of a site's folder, imported by ``convert``; refused when it is a link out of
    ``folder`` (its text would be published), skipped with its file, line and reason when it cannot
    be read: either way the folder's other pages are still imported."""
    relative = page.relative_to(folder)
    inside = path_inside(relative, folder)
    if inside.refused:
        return Imported(key, str(page), skip_reason=f"refused: {relative} {inside.refused} (files are taken "
                                                    "only from inside the folder imported)")
    try:
        return convert()
    except (ImportFailed, ValueError) as error:  # ValueError: the front matter's own messages
        return Imported(key, str(page), skip_reason=str(error))
