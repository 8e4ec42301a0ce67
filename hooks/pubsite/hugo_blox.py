"""Hugo Blox (Hugo Academic, Wowchemy) publications, read as BibTeX entries.

Hugo Blox keeps each publication in a folder, ``content/publication/<slug>/``: ``index.md`` with YAML
front matter (title, authors, date, publication, ``url_pdf``, ``url_code``, ``featured``, ...) and
often the original ``cite.bib``. ``pubsite import content/publication`` reads every such folder:
the ``cite.bib`` entry when there is one (it has volume, pages, publisher), with what only the front
matter says added to it (its links, ``featured``, the short venue, the arXiv id, its ``featured.png`` as the thumbnail); the front matter
alone otherwise. Then the entry goes through the same conversion as any ``.bib`` entry. The author
``admin`` is the site's owner. Front-matter fields with no place in the list are named in the notes.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import BibliographyData, Entry, Person

from .bibtex_entry import Imported, ImportSettings, convert_entry, refused_note
from .bibtex_source import read_bibtex_file
from .errors import ImportFailed
from .image_sizes import WEB_IMAGE_SUFFIXES
from .input_limits import read_text_limited
from .inside_folder import path_inside
from .latex_text import to_latex_source
from .yaml_source import load_checked_yaml

# publication_types: Hugo Blox's CSL names, or the numbers older versions used.
_TYPES = {
    "paper-conference": "inproceedings", "article-journal": "article", "article": "misc", "report": "techreport",
    "book": "book", "chapter": "incollection", "thesis": "phdthesis", "patent": "misc", "manuscript": "unpublished",
    "0": "misc", "1": "inproceedings", "2": "article", "3": "misc", "4": "techreport", "5": "book",
    "6": "incollection", "7": "phdthesis", "8": "misc",
}
# Front-matter link fields -> the al-folio-style fields the conversion maps to links.
_LINKS = {"url_pdf": "pdf", "url_code": "code", "url_dataset": "dataset", "url_poster": "poster",
          "url_project": "website", "url_slides": "slides", "url_source": "source", "url_video": "video"}
# What the site has no place for, or Hugo uses for itself (said in the notes, apart from Hugo's own).
_HUGO_OWN = {"draft", "publishDate", "lastmod", "slug", "weight", "image", "projects", "slides", "header",
             "categories", "math", "diagram", "share", "profile", "commentable", "editable", "type", "layout"}
_USED = {"title", "authors", "date", "publication_types", "publication", "publication_short", "abstract",
         "summary", "doi", "featured", "links", "hugoblox", "ids", *list(_LINKS)}


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


def convert_publication(index: Path, owner: str | None, settings: ImportSettings | None = None) -> Imported:
    """One publication folder's ``index.md`` (and ``cite.bib``) as an imported entry."""
    folder = index.parent
    meta = front_matter(read_text_limited(index), str(index), FRONT_MATTER_SHAPES)
    cited, cite_refused = _cite_entry(folder)
    kinds = [str(kind) for kind in (meta.get("publication_types") or [])]
    kind = _TYPES.get(kinds[0], "misc") if kinds else "misc"
    if cited:
        key, entry = cited
    else:
        key = folder.name
        fields: dict[str, str] = {"title": to_latex_source(str(meta.get("title") or ""))}
        venue = _markdown_to_text(meta.get("publication"))
        if venue:
            fields["journal" if kind == "article" else "booktitle"] = to_latex_source(venue)
        date = re.match(r"\s*(\d{4})(?:-(\d{2}))?", str(meta.get("date") or ""))
        if date:
            fields["year"] = date.group(1)
            if date.group(2) and date.group(2) != "01":  # Hugo dates without a month say January 1st
                fields["month"] = str(int(date.group(2)))
        abstract = meta.get("abstract") or meta.get("summary")
        if abstract:
            fields["abstract"] = to_latex_source(str(abstract))
        if meta.get("doi"):
            fields["doi"] = str(meta["doi"]).strip()
        entry = Entry(kind, fields=fields)
        for name in meta.get("authors") or []:
            entry.add_person(_person(str(name), owner), "author")
    extra = {field: str(meta[name]).strip() for name, field in _LINKS.items() if meta.get(name)}
    short = _markdown_to_text(meta.get("publication_short"))
    if short:
        extra["abbr"] = to_latex_source(short)
    if meta.get("featured") is True:
        extra["selected"] = "true"
    picture = _featured_image(folder)
    if picture:
        extra["preview"] = picture.name
    arxiv = ((meta.get("hugoblox") or {}).get("ids") or {}).get("arxiv") or (meta.get("ids") or {}).get("arxiv")
    if arxiv:
        extra["arxiv"] = str(arxiv)
    notes = []
    for number, link in enumerate(meta.get("links") or [], start=1):
        if isinstance(link, dict) and link.get("url"):
            kind_name = str(link.get("type") or "").lower()
            target = {"pdf": "pdf", "code": "code", "video": "video", "slides": "slides", "poster": "poster",
                      "dataset": "dataset", "project": "website"}.get(kind_name, f"link{number}")
            extra[target] = str(link["url"]).strip()
            if target.startswith("link"):
                notes.append(f"the link {link.get('name') or link['url']!r} became a link of kind 'other'")
    for name, value in extra.items():
        entry.fields.setdefault(name, value)
    data = BibliographyData(entries={key: entry})
    item = convert_entry(key, entry, data, str(index), settings, (folder,))
    unmapped = sorted(name for name in meta if name not in _USED and name not in _HUGO_OWN and meta[name])
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(unmapped)}")
    item.notes += notes
    if cite_refused:
        item.notes.append(cite_refused)
    return item


def convert_folder(root: Path, owner: str | None, settings: ImportSettings | None = None) -> list[Imported]:
    """Every ``<slug>/index.md`` under ``root`` (Hugo Blox's ``content/publication``), by name."""
    indexes = sorted(root.glob("*/index.md")) or ([root / "index.md"] if (root / "index.md").is_file() else [])
    if not indexes:
        raise ValueError(f"{root}: no publication folders (<name>/index.md) in it")
    return [_outside(index, root) or _skipped_if_broken(index, owner, settings) for index in indexes]


def _skipped_if_broken(index: Path, owner: str | None, settings: ImportSettings | None) -> Imported:
    """One publication folder that cannot be read (malformed front matter or ``cite.bib``) is
    skipped with its file, line and reason; the others are still imported."""
    try:
        return convert_publication(index, owner, settings)
    except (ImportFailed, ValueError) as error:  # ValueError: the front matter's own messages
        return Imported(index.parent.name, str(index), skip_reason=str(error))


def _outside(index: Path, root: Path) -> Imported | None:
    """A publication whose ``index.md`` (or its folder) is a link out of ``root``, skipped saying
    so: its text would be published."""
    inside = path_inside(index.relative_to(root), root)
    if not inside.refused:
        return None
    return Imported(index.parent.name, str(index), skip_reason=f"refused: {index.relative_to(root)} "
                    f"{inside.refused} (files are taken only from inside the folder imported)")
