"""The owner's project around the data file, as ``pubsite import`` changes it besides the data:
new section pages in ``docs/`` and ``nav:``, and local files copied beside their paper's page.
Everything is checked before anything is written (``plan_pages``, ``check_copies``), then written
(``copy_files``, ``write_pages``)."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from pubsite.importers.bibtex_import_yaml import write_atomically
from pubsite.data.errors import ImportFailed
from pubsite.data.inside_folder import path_inside
from pubsite.data.markers import SELECTED, MarkerError, find_markers
from pubsite.data.model import SECTIONS
from pubsite.plan.section_pages import (
    add_to_nav,
    has_explicit_nav,
    new_section_page_path,
    section_page_text,
)


class OwnerProject:
    """The owner's project around the data file: ``docs/`` and ``mkdocs.yml``, for new section pages
    and copied files. Everything is checked before anything is written."""

    def __init__(self, data_path: Path, docs_dir: Path | None):
        self.docs_dir = docs_dir
        self.config = data_path.resolve().parent.parent / "mkdocs.yml"

    def plan_pages(self, sections: set[str]) -> dict[str, str]:
        """A page (section -> its path in docs/) for each of ``sections`` that no page lists."""
        if self.docs_dir is None:
            return {}
        listed = _listed_sections(self.docs_dir) or set()
        pages = {section: new_section_page_path(self.docs_dir, section)
                 for section in SECTIONS if section in sections - listed}
        for page in pages.values():
            inside = path_inside(page, self.docs_dir)
            if inside.refused:  # docs/publications/ is a link elsewhere: the page would land there
                raise ImportFailed(f"docs/{page} {inside.refused}; nothing written")
        return pages

    def check_copies(self, copies: list[tuple[Path, str]]) -> None:
        if copies and self.docs_dir is None:
            raise ImportFailed("entries name local files, but there is no docs/ folder beside the data "
                               "folder to copy them to; nothing written")
        for source, target in copies:
            inside = path_inside(target, self.docs_dir)
            if inside.refused:  # docs/papers/<id>/ is a link elsewhere: the copy would land there
                raise ImportFailed(f"docs/{target} {inside.refused}; nothing written")
            destination = self.docs_dir / target
            if destination.is_dir():
                raise ImportFailed(f"docs/{target} is a folder, where {source} would be copied; move it; "
                                   "nothing written")
            try:
                differs = destination.exists() and not filecmp.cmp(destination, source, shallow=False)
            except OSError as error:
                raise ImportFailed(f"docs/{target} or {source} cannot be read ({error.strerror}); nothing written") \
                    from None
            if differs:
                raise ImportFailed(f"docs/{target} exists and differs from {source}; move one of them; "
                                   "nothing written")

    def copy_files(self, copies: list[tuple[Path, str]]) -> None:
        for source, target in copies:
            destination = self.docs_dir / target
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
            except OSError as error:
                raise ImportFailed(f"{source} could not be copied to docs/{target} ({error.strerror})") from None

    def write_pages(self, pages: dict[str, str]) -> list[str]:
        """Write the new section pages and add them to ``nav:``; what was done, for the report."""
        if not pages:
            return []
        for section, page in pages.items():
            (self.docs_dir / page).parent.mkdir(parents=True, exist_ok=True)
            (self.docs_dir / page).write_text(section_page_text(section), encoding="utf-8")
        lines = [f"Wrote {', '.join('docs/' + page for page in pages.values())}: edit the introduction as you like."]
        text = self.config.read_text(encoding="utf-8") if self.config.is_file() else None
        if text is None or not has_explicit_nav(text):
            return lines
        updated = add_to_nav(text, list(pages.values()))
        if updated is None:
            lines.append(f"Add to nav: in {self.config.name}: " + ", ".join(f"'- {page}'" for page in pages.values()))
        else:
            write_atomically(self.config, updated)
            lines.append(f"Added {', '.join(pages.values())} to nav: in {self.config.name}, "
                         "after the other section pages.")
        return lines


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
