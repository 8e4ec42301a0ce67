"""academicpages publications, read as BibTeX entries.

academicpages keeps each publication as ``_publications/<date>-<slug>.md``: front matter (``title``,
``date``, ``venue``, ``category``, ``excerpt``, ``paperurl``, ``slidesurl``, ``bibtexurl``,
``citation``, and in many sites ``doi``, ``arxivurl``, ``codeurl``, ``awards``, ...) and a body that
often holds the abstract (``## Abstract``). The page is the owner's text, so it wins
(``front_matter_wins``): its title, venue, date, DOI, links, awards and abstract. The authors come
from the BibTeX file its ``bibtexurl`` names (looked for in the site's ``files/``, where
academicpages keeps them), which also fills what the page lacks (volume, pages, publisher); where
the two disagree on title, venue or year, the report says so.

A page without such a file has its authors only inside the free-form ``citation`` ("Ada Example,
Bo Sample and Cy Third (2020). "Title." <i>Venue</i>."). Sites write it in every form: names in
either order, "Last, First" with commas that also separate the authors, lists cut short with "et
al.". So it is read only when it cannot be misread: the names before the year or the title are
separated unambiguously, each has two words or more, and one of them is the owner's name, which
tells the order ("Example Ada" is read as Ada Example); a list ending in "et al." is read as
BibTeX's "and others" (the names given kept, the report asking for the rest). Anything else is
skipped with that reason and the fix, rather than imported with invented authors. The same reading
gives the authors of a BibTeX file that names none.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pybtex.database import BibliographyData, Entry, Person

from pubsite.importers.bibtex_entry import Imported, ImportSettings, convert_entry
from pubsite.importers.bibtex_source import read_bibtex_file
from pubsite.data.entry_types import KNOWN_TYPES, closest_type
from pubsite.importers.front_matter_wins import (
    PageLink,
    add_fields,
    date_fields,
    each_page,
    give_links_their_names,
    link_fields,
    named_link,
    page_body,
    page_wins,
    prose,
    shortened,
    show_page_venue,
)
from pubsite.importers.hugo_blox import front_matter
from pubsite.data.input_limits import read_text_limited
from pubsite.data.inside_folder import path_inside, written_inside
from pubsite.importers.latex_text import latex_to_text, to_latex_source
from pubsite.data.name_matching import fold

# academicpages' categories (and those sites add) -> the entry type a ``@misc`` entry is given.
_CATEGORIES = {"conferences": "inproceedings", "manuscripts": "article", "books": "book", "journals": "article",
               "workshops": "inproceedings", "preprints": "misc", "theses": "phdthesis"}
# Sections of a page's body that repeat what the paper's page shows anyway: not named as not kept.
_REPEATED_SECTIONS = {"bibtex", "citation", "cite", "cite this", "how to cite", "recommended citation"}
# Front-matter link fields (academicpages' own and those its forks add) -> (link kind, label).
_LINKS = {"paperurl": ("pdf", None), "slidesurl": ("slides", None), "codeurl": ("code", None),
          "githuburl": ("code", None), "youtube": ("video", None), "videourl": ("video", None),
          "dataseturl": ("data", None), "posterurl": ("poster", None), "projecturl": ("project", None),
          "blogurl": ("blog", None), "supmaturl": ("other", "Supplementary material"),
          "arxivurl": ("other", "arXiv")}
# What each front-matter field read must be (``front_matter`` checks them): a list there is an error.
_SHAPES = dict.fromkeys(("title", "category", "excerpt", "abstract", "bibtexurl", "venue", "citation", "doi",
                         "teaser", *_LINKS), "text")
_SITE_OWN = {"collection", "permalink", "layout", "published"}  # academicpages' own machinery
_USED = {"title", "category", "excerpt", "abstract", "date", "venue", "bibtexurl", "citation", "doi", "teaser",
         "awards", *_LINKS, *_SITE_OWN}
_ARXIV_ADDRESS = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)(?:\.pdf)?/?$", re.IGNORECASE)
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def is_publications_folder(path: Path) -> bool:
    return path.is_dir() and path.name == "_publications"


def _url_path(value: str) -> str:
    """The path of an address (``http://x.github.io/files/a.pdf`` -> ``/files/a.pdf``), or of a path."""
    try:
        return urlsplit(value).path
    except ValueError:  # "http://[x": no address, no path
        return ""


def _bibtex_file(site: Path, url: str) -> tuple[Path | None, str | None]:
    """The local file a ``bibtexurl`` names: ``files/<name>.bib`` of the site, or the path it gives
    inside the site; or why it is refused, when what it names leads out of the site (its text
    would be published)."""
    path = _url_path(url)
    name = Path(path).name
    if not name:
        return None, None
    for candidate in (f"files/{name}", path.lstrip("/")):
        inside = path_inside(candidate, site)
        if inside.refused and (inside.path is None or inside.path.exists() or written_inside(candidate)):
            return None, inside.refused
        if not inside.refused and inside.path.is_file():
            return inside.path, None
    return None, None


def _files_folder(site: Path) -> tuple[Path, ...]:
    """The site's ``files/``, where academicpages keeps PDFs, unless it is a link out of the site."""
    inside = path_inside("files", site)
    return () if inside.refused else (site / "files",)


# ----------------------------------------------------------------------------- the page's body


def _sections(body: str) -> list[tuple[str | None, list[str]]]:
    """The body cut at its Markdown headings (not those inside code blocks): (heading, lines)."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in body.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
        heading = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            sections.append((heading.group(1).strip(), []))
        else:
            sections[-1][1].append(line)
    return sections


def _abstract_and_rest(body: str) -> tuple[str | None, str | None, list[str]]:
    """(the ``## Abstract`` section's text, the body's text outside any section, the headings of
    the other sections)."""
    abstract, others = None, []
    sections = _sections(body)
    for heading, lines in sections[1:]:
        if re.fullmatch(r"abstract\s*:?", heading, re.IGNORECASE) and abstract is None:
            abstract = prose(lines) or None
        elif heading.strip(" :").casefold() not in _REPEATED_SECTIONS and any(line.strip() for line in lines):
            others.append(heading)
    return abstract, prose(sections[0][1]) or None, others


# ----------------------------------------------------------------------------- authors from a citation


def _citation_authors(citation: str, owner: str | None) -> tuple[list[str] | None, str]:
    """The authors a ``citation`` names, First Last (and "others" where it ends with "et al."), or
    None and why they cannot be read from it."""
    text = html.unescape(re.sub(r"<[^>]+>", "", citation)).strip()
    before = re.match(r"^(.*?)\s*(?:\(\s*(?:1[89]|20)\d\d|[\"“”]|&quot;)", text)
    if not before or not before.group(1).strip(" .,;:"):
        return None, "it names no authors before the year or the title"
    names_text = before.group(1).strip(" .,;:")
    cut = re.search(r"[\s,;]*(?:\bet\.?\s*al\b\.?|…|\.\.\.)\s*$", names_text, re.IGNORECASE)
    if cut:  # "Example Ada, et al.": read as BibTeX's "and others", the names given kept
        names_text = names_text[:cut.start()].strip(" .,;:")
    if re.search(r"\bet\.?\s*al\b|…|\.\.\.", names_text, re.IGNORECASE) or not names_text:
        return None, "it cuts the list of authors short ('et al.') other than at its end"
    separator = ";" if ";" in names_text else r",\s*(?:and|&)\s+|\s+(?:and|&)\s+|,"
    names = [" ".join(part.split()) for part in re.split(separator, names_text)]
    if any(len(name.split()) < 2 for name in names):
        return None, "its names are not each a whole 'First Last' name (commas inside names, or initials alone)"
    if not owner:
        return None, "the owner's name, which tells the order of the names, is not known"
    mine = fold(owner).split()
    for order in ("as written", "reversed"):
        read = names if order == "as written" else [" ".join(name.split()[1:] + name.split()[:1]) for name in names]
        if any(fold(name).split() == mine for name in read):
            return read + (["others"] if cut else []), order
    return None, f"the owner's name ({owner}) is not among its names, which would tell their order"


# ----------------------------------------------------------------------------- one page


def _page_links(meta: dict[str, Any], site: Path, notes: list[str]) -> tuple[list[PageLink], str | None]:
    """The page's links, and the arXiv id its ``arxivurl`` gives. A link to the old site's own file
    (``/files/paper1.pdf``) is the file, copied beside the paper's new page."""
    links, arxiv = [], None
    for name, (kind, label) in _LINKS.items():
        value = str(meta.get(name) or "").strip()
        if not value:
            continue
        if name == "arxivurl" and _ARXIV_ADDRESS.search(value):
            arxiv = _ARXIV_ADDRESS.search(value).group(1)
            continue
        if name == "youtube" and _YOUTUBE_ID.fullmatch(value):
            notes.append(f"youtube {value!r} read as a YouTube video's id")
            value = f"https://www.youtube.com/watch?v={value}"
        local = site / "files" / Path(_url_path(value)).name
        if local.is_file():  # the old site's own file (files/paper1.pdf), found and checked by the conversion
            value = local.name
        links.append(named_link(kind, label, value))
    return links, arxiv


def _awards(meta: dict[str, Any], notes: list[str]) -> list[str]:
    awards = meta.get("awards")
    if awards is None or awards == "":
        return []
    items = awards if isinstance(awards, list) else [awards]
    texts = [str(item).strip() for item in items if isinstance(item, (str, int, float)) and str(item).strip()]
    if len(texts) != len([item for item in items if item not in (None, "")]):
        notes.append(f"not kept: part of awards {awards!r} (each award is a line of text)")
    return texts


def _entry_kind(entry: Entry, meta: dict[str, Any], where: str, notes: list[str]) -> None:
    """The page's ``category`` decides a ``@misc`` entry's type, and files an entry of a type no
    style knows (``@inoroceedings``), saying so."""
    category = str(meta.get("category") or "").strip()
    kind = entry.type.lower()
    if category and category not in _CATEGORIES:
        notes.append(f"not kept: category {category!r} (academicpages' are {', '.join(_CATEGORIES)})")
    if kind in KNOWN_TYPES:
        if kind == "misc" and category in _CATEGORIES:
            entry.type = _CATEGORIES[category]
        return
    close = closest_type(kind)
    hint = f"; did you mean {close}?" if close else ""
    if category in _CATEGORIES:
        entry.type = _CATEGORIES[category]
        notes.append(f"unknown entry type '{kind}' in {where}, filed as @{entry.type} as the page's category "
                     f"'{category}' says{hint}")


def _abstract(meta: dict[str, Any], body: str, entry: Entry, notes: list[str]) -> str | None:
    """The paper's summary, when the page gives it: its ``## Abstract`` (or ``abstract:``), which wins
    over the BibTeX file's abstract; else, when the file has none, the ``excerpt`` or the body's own
    text. Text of the page not used is named (a different abstract in the file: ``page_wins``)."""
    section, body_text, others = _abstract_and_rest(body)
    if others:
        notes.append(f"not kept: the page's sections {', '.join(others)} (the paper's page shows its own)")
    own = section or str(meta.get("abstract") or "").strip() or None
    theirs = latex_to_text(entry.fields.get("abstract", "")) or None
    excerpt = html.unescape(re.sub(r"<[^>]+>", "", str(meta.get("excerpt") or ""))).strip() or None
    chosen = own or (None if theirs else excerpt or body_text)
    said = [fold(text) for text in (chosen, theirs) if text]  # what the summary holds, or a note names
    for what, text in (("excerpt", excerpt), ("the page's text", body_text)):
        if text and not any(fold(text) in other for other in said):
            notes.append(f"not kept: {what} {shortened(text)!r} (the abstract is the paper's summary)")
            said.append(fold(text))  # the body often repeats the excerpt: named once
    return chosen


def _teaser_folder(teaser: str, site: Path) -> tuple[str, tuple[Path, ...]]:
    """The picture a ``teaser`` names (``/images/publications/a.png``, from the site's root), as a
    name and the folder of the site to find it in, so that the conversion copies it as the paper's
    thumbnail; a folder outside the site, or the site's root itself, is none."""
    relative = teaser.strip().lstrip("/")
    folder = str(Path(relative).parent)
    if folder in ("", ".") or path_inside(folder, site).refused:
        return relative, ()
    return Path(relative).name, (site / folder,)


def convert_publication(page: Path, settings: ImportSettings | None = None, owner: str | None = None) -> Imported:
    """One page, with the BibTeX file its ``bibtexurl`` names, or alone when its citation names
    its authors so that they cannot be misread (see the module's docstring)."""
    text = read_text_limited(page)
    meta = front_matter(text, str(page), _SHAPES)
    site = page.parent.parent
    url = str(meta.get("bibtexurl") or "")
    bib, refused = _bibtex_file(site, url) if url else (None, None)
    if refused:
        return Imported(page.stem, str(page), skip_reason=(
            f"refused: field 'bibtexurl' {url!r} {refused} (files are taken only from inside the site imported)"))
    notes: list[str] = []
    if bib is None:
        reason = (f"the bibtexurl {url!r} names no file in {site / 'files'}" if url else "no bibtexurl")
        authors, why = _citation_authors(str(meta.get("citation") or ""), owner)
        if authors is None:
            return Imported(page.stem, str(page), skip_reason=(
                f"academicpages keeps no list of authors ({reason}), and its citation cannot be read for them: {why}; "
                "export the paper from Google Scholar or DBLP as BibTeX and import that, or save it in "
                "files/ and name it in bibtexurl"))
        key, entry = page.stem, Entry(_CATEGORIES.get(str(meta.get("category") or ""), "misc"))
        for name in authors:
            entry.add_person(Person(string=to_latex_source(name)), "author")
        notes.append(f"authors read from the page's citation ({reason}; names {why}): check them")
        bib_name, where = page.name, str(page)
    else:
        data, _ = read_bibtex_file(bib)  # a malformed file: ImportFailed, with its line
        if not data.entries:
            return Imported(page.stem, str(page), skip_reason=f"the bibtexurl file {bib} holds no BibTeX entry")
        key, entry = next(iter(data.entries.items()))
        bib_name, where = bib.name, f"{page} (with {bib.name})"
        _entry_kind(entry, meta, bib.name, notes)
        if not entry.persons.get("author") and meta.get("citation"):
            authors, why = _citation_authors(str(meta["citation"]), owner)
            for name in authors or []:
                entry.add_person(Person(string=to_latex_source(name)), "author")
            if authors:
                notes.append(f"authors read from the page's citation ({bib.name} names none; names {why}): "
                             "check them")
    fields: dict[str, str] = {}
    if str(meta.get("title") or "").strip():
        fields["title"] = to_latex_source(str(meta["title"]).strip())
    venue = html.unescape(re.sub(r"<[^>]+>", "", str(meta.get("venue") or ""))).strip()
    if venue:
        fields["journal" if entry.type.lower() == "article" else "booktitle"] = to_latex_source(venue)
    fields.update(date_fields(meta.get("date")))
    abstract = _abstract(meta, page_body(text), entry, notes)
    if abstract:
        fields["abstract"] = to_latex_source(abstract)
    if str(meta.get("doi") or "").strip():
        fields["doi"] = str(meta["doi"]).strip()
    links, arxiv = _page_links(meta, site, notes)
    if arxiv:
        fields["arxiv"] = arxiv
    fields.update(link_fields(links, entry))
    teaser, pictures = _teaser_folder(str(meta.get("teaser") or ""), site)
    if teaser:
        fields["preview"] = teaser
    notes += page_wins(entry, fields, bib_name, "the page")
    item = convert_entry(key, entry, BibliographyData(entries={key: entry}), where, settings,
                         (page.parent, *_files_folder(site), *pictures))
    show_page_venue(item, venue or None, None)
    give_links_their_names(item, links)
    awards = _awards(meta, notes)
    if awards:
        add_fields(item, {"honours": awards})
    if meta.get("citation"):
        notes.append("not kept: citation (the site writes each paper's citation from its fields)")
    unmapped = sorted(str(name) for name in meta if name not in _USED and meta[name])
    if unmapped:
        notes.append(f"not kept (the publication list has no such field): {', '.join(unmapped)}")
    item.notes += notes
    return item


def convert_folder(folder: Path, settings: ImportSettings | None = None, owner: str | None = None) -> list[Imported]:
    """Every page of ``_publications``, by name; ``owner`` tells the order of names in a citation."""
    pages = sorted(folder.glob("*.md"))
    if not pages:
        raise ValueError(f"{folder}: no publication pages (*.md) in it")
    return [each_page(page, page.stem, folder, lambda page=page: convert_publication(page, settings, owner))
            for page in pages]
