"""academicpages publications, read as BibTeX entries where they can be.

academicpages keeps each publication as ``_publications/<date>-<slug>.md`` with front matter
(``title``, ``date``, ``venue``, ``category``, ``excerpt``, ``paperurl``, ``slidesurl``,
``bibtexurl``, ``citation``) and no list of authors: those are only inside the free-form
``citation`` text, which cannot be split reliably. So a publication is imported from the BibTeX
file its ``bibtexurl`` names (looked for in the site's ``files/`` folder, where academicpages keeps
them), with the front matter's links (a PDF or slides kept in ``files/`` is copied beside the
paper's new page), category and excerpt added; one without such a file is
skipped with that reason (export the papers from Google Scholar as BibTeX instead).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import BibliographyData

from .bibtex_entry import Imported, ImportSettings, convert_entry
from .bibtex_source import read_bibtex_file
from .errors import ImportFailed
from .hugo_blox import front_matter
from .input_limits import read_text_limited
from .inside_folder import path_inside, written_inside
from .latex_text import to_latex_source

_CATEGORIES = {"conferences": "inproceedings", "manuscripts": "article", "books": "book"}
# What the front-matter fields read must be (``front_matter`` checks them): a list there is an error.
_SHAPES = dict.fromkeys(("category", "excerpt", "bibtexurl", "paperurl", "slidesurl"), "text")
_USED = {"title", "collection", "category", "permalink", "excerpt", "date", "venue", "slidesurl", "paperurl",
         "bibtexurl", "citation"}


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


def convert_publication(page: Path, settings: ImportSettings | None = None) -> Imported:
    meta = front_matter(read_text_limited(page), str(page), _SHAPES)
    site = page.parent.parent
    url = str(meta.get("bibtexurl") or "")
    bib, refused = _bibtex_file(site, url) if url else (None, None)
    if refused:
        return Imported(page.stem, str(page), skip_reason=(
            f"refused: field 'bibtexurl' {url!r} {refused} (files are taken only from inside the site imported)"))
    if bib is None:
        reason = (f"the bibtexurl {url!r} names no file in {site / 'files'}" if url else "no bibtexurl")
        return Imported(page.stem, str(page), skip_reason=(
            f"academicpages keeps no list of authors ({reason}); export the paper from Google Scholar or DBLP "
            "as BibTeX and import that"))
    data, _ = read_bibtex_file(bib)  # a malformed file: ImportFailed, with its line
    if not data.entries:
        return Imported(page.stem, str(page), skip_reason=f"the bibtexurl file {bib} holds no BibTeX entry")
    key, entry = next(iter(data.entries.items()))
    if meta.get("category") in _CATEGORIES and entry.type.lower() == "misc":
        entry.type = _CATEGORIES[meta["category"]]
    extra = {"pdf": meta.get("paperurl"), "slides": meta.get("slidesurl")}
    for name, value in extra.items():
        if value:
            local = site / "files" / Path(_url_path(str(value))).name
            # The old site's own file (files/paper1.pdf) is copied beside the paper's new page.
            entry.fields.setdefault(name, local.name if local.is_file() else str(value).strip())
    if meta.get("excerpt") and "abstract" not in entry.fields:
        entry.fields["abstract"] = to_latex_source(re.sub(r"<[^>]+>", "", str(meta["excerpt"])))
    item = convert_entry(key, entry, BibliographyData(entries={key: entry}), f"{page} (with {bib.name})", settings,
                         (page.parent, *_files_folder(site)))
    unmapped = sorted(name for name in meta if name not in _USED and meta[name])
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(unmapped)}")
    return item


def convert_folder(folder: Path, settings: ImportSettings | None = None) -> list[Imported]:
    pages = sorted(folder.glob("*.md"))
    if not pages:
        raise ValueError(f"{folder}: no publication pages (*.md) in it")
    return [_outside(page, folder) or _skipped_if_broken(page, settings) for page in pages]


def _skipped_if_broken(page: Path, settings: ImportSettings | None) -> Imported:
    """One page that cannot be read (malformed front matter or BibTeX) is skipped with its file,
    line and reason; the other pages are still imported."""
    try:
        return convert_publication(page, settings)
    except (ImportFailed, ValueError) as error:  # ValueError: the front matter's own messages
        return Imported(page.stem, str(page), skip_reason=str(error))


def _outside(page: Path, folder: Path) -> Imported | None:
    """A page that is a link out of ``_publications``, skipped saying so: its text would be published."""
    inside = path_inside(page.name, folder)
    if not inside.refused:
        return None
    return Imported(page.stem, str(page), skip_reason=f"refused: {page.name} {inside.refused} (files are taken "
                    "only from inside the site imported)")
