"""Hugo Blox (Hugo Academic, Wowchemy) publications, read as BibTeX entries.

Hugo Blox keeps each publication in a folder, ``content/publication/<slug>/``: ``index.md`` with YAML
front matter (title, authors, date, publication, ``url_pdf``, ``url_code``, ``links``, ``featured``,
...) and often the original ``cite.bib``. ``pubsite import content/publication`` reads every such
folder. The front matter is the owner's text and what their site shows, so it wins
(``front_matter_wins``): its title, authors, venue (``publication``, ``publication_short``), date,
abstract, DOI and links; the ``cite.bib`` entry, often made by a tool when the paper was a preprint,
fills what the front matter lacks (volume, pages, publisher, a year), and where it disagrees the
report says so. The entry then goes through the same conversion as any ``.bib`` entry. The author
``admin`` is the site's owner. A draft (``draft: true``) and the starter template's example
publications are not imported, saying why. Front-matter fields with no place in the list are
named in the notes.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import BibliographyData, Entry, Person

from pubsite.importers.aas_journals import journal_name
from pubsite.importers.bibtex_entry import Imported, ImportSettings, convert_entry, refused_note
from pubsite.importers.bibtex_source import read_bibtex_file
from pubsite.importers.front_matter_wins import (
    PageLink,
    add_fields,
    authors_win,
    date_fields,
    each_page,
    give_links_their_names,
    link_fields,
    link_kind,
    named_link,
    page_body,
    page_wins,
    prose,
    shortened,
    show_page_venue,
)
from pubsite.data.image_sizes import WEB_IMAGE_SUFFIXES
from pubsite.data.input_limits import read_text_limited
from pubsite.data.inside_folder import path_inside
from pubsite.importers.latex_text import latex_to_text, to_latex_source
from pubsite.data.name_matching import fold
from pubsite.data.yaml_source import load_checked_yaml

# publication_types: Hugo Blox's CSL names, or the numbers older versions used.
_TYPES = {
    "paper-conference": "inproceedings", "article-journal": "article", "article": "misc", "report": "techreport",
    "book": "book", "chapter": "incollection", "thesis": "phdthesis", "patent": "misc", "manuscript": "unpublished",
    "0": "misc", "1": "inproceedings", "2": "article", "3": "misc", "4": "techreport", "5": "book",
    "6": "incollection", "7": "phdthesis", "8": "misc",
}
# Front-matter link fields -> the list's link kinds (an ``url_x`` not here is a link named "X").
_LINKS = {"url_pdf": "pdf", "url_code": "code", "url_dataset": "data", "url_poster": "poster",
          "url_project": "project", "url_slides": "slides", "url_video": "video", "url_blog": "blog"}
# What the site has no place for, or Hugo uses for itself (said in the notes, apart from Hugo's own).
_HUGO_OWN = {"draft", "publishDate", "lastmod", "slug", "weight", "image", "projects", "slides", "header",
             "categories", "math", "diagram", "share", "profile", "commentable", "editable", "type", "layout"}
_USED = {"title", "authors", "author_notes", "date", "publication_types", "publication", "publication_short",
         "abstract", "summary", "doi", "featured", "links", "hugoblox", "ids"}


# What each front-matter field read must be: a value of another shape is an error naming it.
FRONT_MATTER_SHAPES = {
    **dict.fromkeys(("title", "date", "publication", "publication_short", "abstract", "summary", "doi", *_LINKS),
                    "text"),
    **dict.fromkeys(("authors", "publication_types", "links"), "list"),
    **dict.fromkeys(("hugoblox", "hugoblox.ids", "ids"), "mapping"),
}
_SHAPE_TYPES = {"text": (str, int, float, datetime.date), "list": (list,), "mapping": (dict,)}
_SHAPE_WORDS = {"text": "text", "list": "a list", "mapping": "a mapping of fields"}


def front_matter(text: str, where: str, shapes: dict[str, str] | None = None) -> dict[str, Any]:
    """The YAML front matter of a page; each field of ``shapes`` (``hugoblox.ids``: a field of a
    field) must be of its shape, "text", "list" or "mapping", or absent."""
    found = re.match(r"^---\s*\n(.*?)\n---\s*(?:\n|$)", text, re.DOTALL)
    if not found:
        raise ValueError(f"{where}: no YAML front matter (between --- lines) at the top")
    try:
        data = load_checked_yaml(found.group(1), where, first_line=2) or {}  # too deep, a bomb: InputRefused
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark else ""
        raise ValueError(f"{where}{line}: the front matter is not valid YAML: "
                         f"{getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{where}: the front matter is not a mapping of fields")
    for name, shape in (shapes or {}).items():
        value: Any = data
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, _SHAPE_TYPES[shape]):
            written = re.search(rf"^{re.escape(name.split('.')[0])}\s*:", found.group(1), re.MULTILINE)
            at = found.group(1).count("\n", 0, written.start()) + 2 if written else None  # the file's line
            line = f":{at}" if at else ""
            got = next((word for kind, word in _SHAPE_WORDS.items() if isinstance(value, _SHAPE_TYPES[kind])),
                       type(value).__name__)
            raise ValueError(f"{where}{line}: the front matter's field '{name}' must be {_SHAPE_WORDS[shape]}, "
                             f"got {got}")
    return data


def _markdown_to_text(value: Any) -> str:
    """Hugo's Markdown venue ("In *ICML 2020*") as plain text."""
    text = re.sub(r"[*_`]", "", str(value or "")).strip()
    return re.sub(r"^In\s+", "", text)


# "ICML 2025 (arXiv:2502.12892)", "NeurIPS 2025 — arXiv:2503.03206": a venue naming the preprint too.
_ARXIV_MENTION = re.compile(r"\s*(?:[(\[]\s*arxiv:?\s*(\d{4}\.\d{4,5}(?:v\d+)?)\s*[)\]]"
                            r"|[-–—,;]\s*arxiv:?\s*(\d{4}\.\d{4,5}(?:v\d+)?))", re.IGNORECASE)


def _venue_to_file_by(venue: str) -> tuple[str, str | None]:
    """The venue without the arXiv id it mentions after the venue itself, which must not make a
    paper the page says appeared at ICML a preprint; and that id (``ICML 2025 (arXiv:2502.12892)``
    -> ``ICML 2025``, ``2502.12892``). A venue that is only arXiv is left as it is."""
    found = _ARXIV_MENTION.search(venue)
    rest = _ARXIV_MENTION.sub("", venue).strip(" -–—,;")
    if not found or not rest:
        return venue, None
    return rest, found.group(1) or found.group(2)


def _person(name: str, owner: str | None) -> Person:
    name = owner if name.strip() == "admin" and owner else name.strip()
    return Person(string=to_latex_source(name))


def _cite_entry(folder: Path) -> tuple[tuple[str, Entry] | None, str | None]:
    """The entry of the ``cite.bib`` beside ``index.md``, if any; or why that file is refused (a
    link to a file outside the folder: its text would be published)."""
    cite = folder / "cite.bib"
    if not cite.is_file():
        return None, None
    inside = path_inside(cite.name, folder)
    if inside.refused:
        return None, refused_note("cite.bib", cite.name, inside.refused)
    data, _ = read_bibtex_file(inside.path)  # a malformed file: ImportFailed, with its line
    return next(iter(data.entries.items()), None), None


def _featured_image(folder: Path) -> Path | None:
    """Hugo Blox's picture of a publication: ``featured.png`` (or .jpg, ...) in its folder."""
    return next((path for path in sorted(folder.glob("featured.*")) if path.suffix.lower() in WEB_IMAGE_SUFFIXES),
                None)


def _is_true(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes")


# Hugo Blox's starter template ships these example publications (authors "admin" and invented
# people, a Lorem ipsum abstract); recognised only by the title and the Lorem ipsum together.
_STARTER_TITLES = {"an example conference paper", "an example journal article", "an example preprint / working paper"}


def _why_not_published(meta: dict[str, Any]) -> str | None:
    """Why a page is not imported: a draft (Hugo does not publish it either), or one of the
    starter template's example publications left in the folder."""
    if _is_true(meta.get("draft")):
        return ("draft: its front matter says draft: true, so Hugo does not publish it and neither does the "
                "import; set draft: false and import it again to add it")
    text = str(meta.get("abstract") or meta.get("summary") or "").strip()
    if str(meta.get("title") or "").strip().casefold() in _STARTER_TITLES and text.lower().startswith("lorem ipsum"):
        return ("Hugo Blox's starter example (the template's title and Lorem ipsum abstract), not a paper of "
                "yours: delete its folder")
    return None


def _page_links(meta: dict[str, Any], notes: list[str]) -> list[PageLink]:
    """The page's links: ``url_pdf``, ``url_code``, ... (another ``url_x`` too, named "X") and the
    ``links:`` list, each with its name as its label (``{name: Blog, url: ...}``) and the kind the
    name or its ``type`` stands for."""
    links = []
    for name, value in meta.items():
        if not str(name).startswith("url_") or value is None or not str(value).strip():
            continue
        if not isinstance(value, str):
            notes.append(f"not kept: {name} {value!r} (not an address or a file name)")
        else:
            kind = _LINKS.get(name)
            label = None if kind else name[4:].replace("_", " ").capitalize()
            links.append(named_link(kind or link_kind(name[4:]) or "other", label, str(value)))
    for number, link in enumerate(meta.get("links") or [], start=1):
        if not (isinstance(link, dict) and isinstance(link.get("url"), str) and link["url"].strip()):
            notes.append(f"not kept: links item {number} (it has no url): {link!r}")
            continue
        name = str(link.get("name") or "").strip()
        kind = link_kind(str(link.get("type") or "")) or link_kind(name)
        if kind is None:
            label = name or str(link.get("type") or "").strip().capitalize() or None
            links.append(named_link("other", label, link["url"]))
        else:
            links.append(named_link(kind, name or None, link["url"]))
    return links


def _equal_contribution(meta: dict[str, Any], authors: list[str], notes: list[str]) -> list[str]:
    """The authors whose ``author_notes`` entry says equal contribution (Hugo Blox's notes are one
    per author, in order); other notes ("Equal supervision") are named as not kept."""
    marks = meta.get("author_notes")
    if not isinstance(marks, list):
        if marks:
            notes.append(f"not kept: author_notes {marks!r} (a list with one note per author is read)")
        return []
    equal, other = [], []
    for name, mark in zip(authors, marks):
        text = str(mark or "").strip()
        if re.search(r"equal(?:ly)?\s+contribut", text, re.IGNORECASE):
            equal.append(name)
        elif text:
            other.append(f"{name}: {text}")
    if other:
        notes.append(f"not kept: author_notes {'; '.join(other)} (the list marks equal contribution only)")
    return equal


def _front_matter_fields(meta: dict[str, Any], entry: Entry, folder: Path,
                         notes: list[str]) -> tuple[dict[str, str], list[PageLink]]:
    """What the front matter says, as the BibTeX fields it stands for (set on ``entry`` by
    ``page_wins``), and its links."""
    page: dict[str, str] = {}
    if str(meta.get("title") or "").strip():
        page["title"] = to_latex_source(str(meta["title"]).strip())
    venue = _markdown_to_text(meta.get("publication"))
    arxiv_in_venue = None
    if venue:
        filed_as, arxiv_in_venue = _venue_to_file_by(venue)
        page["journal" if entry.type.lower() == "article" else "booktitle"] = to_latex_source(filed_as)
    page.update(date_fields(meta.get("date")))
    if meta.get("date") and "year" not in page:
        notes.append(f"not kept: date {meta['date']!r} (not a date such as 2021-07-01)")
    abstract = meta.get("abstract") or (None if entry.fields.get("abstract") else meta.get("summary"))
    if abstract:
        page["abstract"] = to_latex_source(str(abstract))
    summary = str(meta.get("summary") or "").strip()
    if summary and fold(summary) not in fold(latex_to_text(page.get("abstract") or entry.fields.get("abstract", ""))):
        notes.append(f"not kept: summary {shortened(summary)!r} (the abstract is the paper's summary)")
    ids = (meta.get("hugoblox") or {}).get("ids") or meta.get("ids") or {}
    doi = meta.get("doi") or ids.get("doi")
    if doi:
        page["doi"] = str(doi).strip()
    arxiv = ids.get("arxiv") or arxiv_in_venue
    if arxiv:
        page["arxiv"] = str(arxiv).strip()
    links = _page_links(meta, notes)
    page.update(link_fields(links, entry))
    short = _markdown_to_text(meta.get("publication_short"))
    if short:
        page["abbr"] = to_latex_source(short)
    if _is_true(meta.get("featured")):
        page["selected"] = "true"
    picture = _featured_image(folder)
    if picture:
        page["preview"] = picture.name
    return page, links


def convert_publication(index: Path, owner: str | None, settings: ImportSettings | None = None) -> Imported:
    """One publication folder's ``index.md`` (and ``cite.bib``) as an imported entry: the front
    matter's title, authors, venue, date, abstract and links win, ``cite.bib`` fills the rest."""
    folder = index.parent
    text = read_text_limited(index)
    meta = front_matter(text, str(index), FRONT_MATTER_SHAPES)
    why_not = _why_not_published(meta)
    if why_not:
        return Imported(folder.name, str(index), skip_reason=why_not, left_out=True)
    cited, cite_refused = _cite_entry(folder)
    kinds = [str(kind) for kind in (meta.get("publication_types") or [])]
    key, entry = cited if cited else (folder.name, Entry(_TYPES.get(kinds[0], "misc") if kinds else "misc"))
    if cited and journal_name(entry.fields.get("journal", "")):  # NASA ADS: journal = {\mnras}
        entry.fields["journal"] = to_latex_source(journal_name(entry.fields["journal"]))
    notes: list[str] = []
    page, links = _front_matter_fields(meta, entry, folder, notes)
    venue, short = _markdown_to_text(meta.get("publication")), _markdown_to_text(meta.get("publication_short"))
    cite_name = f"{folder.name}/cite.bib"
    notes += page_wins(entry, page, cite_name, "the front matter", venue)
    authors = [_person(str(name), owner) for name in meta.get("authors") or [] if str(name).strip()]
    if authors:
        notes += authors_win(entry, authors, cite_name, "the front matter")
    item = convert_entry(key, entry, BibliographyData(entries={key: entry}), str(index), settings, (folder,))
    show_page_venue(item, venue or None, short or None)
    give_links_their_names(item, links)
    equal = _equal_contribution(meta, list(item.fields.get("authors") or []), notes)
    if equal:
        add_fields(item, {"equal_contribution": equal})
    unmapped = sorted(str(name) for name in meta if name not in _USED and name not in _HUGO_OWN and meta[name]
                      and not str(name).startswith("url_"))
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(unmapped)}")
    body = prose(page_body(text).splitlines())
    if body:
        notes.append(f"not kept: the page's text {shortened(body)!r} (put what matters in the paper's summary or note)")
    item.notes += notes
    if cite_refused:
        item.notes.append(cite_refused)
    return item


def convert_folder(root: Path, owner: str | None, settings: ImportSettings | None = None) -> list[Imported]:
    """Every ``<slug>/index.md`` under ``root`` (Hugo Blox's ``content/publication``), by name."""
    indexes = sorted(root.glob("*/index.md")) or ([root / "index.md"] if (root / "index.md").is_file() else [])
    if not indexes:
        raise ValueError(f"{root}: no publication folders (<name>/index.md) in it")
    return [each_page(index, index.parent.name, root, lambda index=index: convert_publication(index, owner, settings))
            for index in indexes]
