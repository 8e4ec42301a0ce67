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
from .hugo_blox import front_matter
from .latex_text import to_latex_source

_CATEGORIES = {"conferences": "inproceedings", "manuscripts": "article", "books": "book"}
_USED = {"title", "collection", "category", "permalink", "excerpt", "date", "venue", "slidesurl", "paperurl",
         "bibtexurl", "citation"}


def is_publications_folder(path: Path) -> bool:
    return path.is_dir() and path.name == "_publications"


def _bibtex_file(site: Path, url: str) -> Path | None:
    """The local file a ``bibtexurl`` names: ``files/<name>.bib`` of the site."""
    name = Path(urlsplit(url).path).name
    for candidate in (site / "files" / name, site / urlsplit(url).path.lstrip("/")):
        if name and candidate.is_file():
            return candidate
    return None


def convert_publication(page: Path, settings: ImportSettings | None = None) -> Imported:
    meta = front_matter(page.read_text(encoding="utf-8"), str(page))
    site = page.parent.parent
    url = str(meta.get("bibtexurl") or "")
    bib = _bibtex_file(site, url) if url else None
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
            local = site / "files" / Path(urlsplit(str(value)).path).name
            # The old site's own file (files/paper1.pdf) is copied beside the paper's new page.
            entry.fields.setdefault(name, local.name if local.is_file() else str(value).strip())
    if meta.get("excerpt") and "abstract" not in entry.fields:
        entry.fields["abstract"] = to_latex_source(re.sub(r"<[^>]+>", "", str(meta["excerpt"])))
    item = convert_entry(key, entry, BibliographyData(entries={key: entry}), f"{page} (with {bib.name})", settings,
                         (page.parent, site / "files"))
    unmapped = sorted(name for name in meta if name not in _USED and meta[name])
    if unmapped:
        item.notes.append(f"not kept (the publication list has no such field): {', '.join(unmapped)}")
    return item


def convert_folder(folder: Path, settings: ImportSettings | None = None) -> list[Imported]:
    pages = sorted(folder.glob("*.md"))
    if not pages:
        raise ValueError(f"{folder}: no publication pages (*.md) in it")
    return [convert_publication(page, settings) for page in pages]
