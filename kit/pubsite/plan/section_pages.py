"""A page for a kind of work that no page lists yet, so that every imported paper has a home.

``pubsite import`` uses this when a bibliography holds, say, journal articles and no Markdown page
has ``<!-- publications: journal -->``: it writes ``docs/publications/journal.md`` (a heading, an
intro for the owner to edit, the placeholder) and adds it to ``nav:`` in ``mkdocs.yml`` next to the
other section pages. ``mkdocs.yml`` is edited as text, one line inserted: it may hold comments and
``!!python/name`` tags that a YAML round trip would lose.
"""

from __future__ import annotations

import re
from pathlib import Path

from pubsite.data.model import SECTIONS

SECTION_PAGES_DIR = "publications"

#: What a new section page says above its list; the owner edits it like any page.
INTRODUCTIONS: dict[str, str] = {
    "conference": "Papers in the main proceedings of conferences, newest first.",
    "journal": "Articles in journals, newest first.",
    "workshop": "Papers presented at workshops, newest first.",
    "preprint": "Work released as preprints, newest first.",
    "thesis": "Theses, newest first.",
    "other": "Other work: books, chapters, reports, talks and more, newest first.",
}


def section_page_path(section: str) -> str:
    """Where the page of ``section`` goes, inside ``docs/``."""
    return f"{SECTION_PAGES_DIR}/{section}.md"


def section_page_text(section: str) -> str:
    return (f"# {SECTIONS[section]}\n\n{INTRODUCTIONS[section]} Click a title for the paper's page, with "
            f"its links and citation.\n\n<!-- publications: {section} -->\n")


_NAV_ENTRY = re.compile(rf"^(\s*)- (?:[^:#]+:\s*)?{SECTION_PAGES_DIR}/[^\s#]+\.md\s*(?:#.*)?$")


def add_to_nav(config_text: str, paths: list[str]) -> str | None:
    """``config_text`` with ``- <path>`` lines after its last ``- publications/<page>.md`` nav entry,
    indented as that one; None when there is no such entry (the caller says what to add by hand)."""
    lines = config_text.splitlines(keepends=True)
    last = max((number for number, line in enumerate(lines) if _NAV_ENTRY.match(line.rstrip("\r\n"))),
               default=None)
    if last is None:
        return None
    indent = _NAV_ENTRY.match(lines[last].rstrip("\r\n")).group(1)
    newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
    if not lines[last].endswith("\n"):
        lines[last] += newline
    lines[last + 1:last + 1] = [f"{indent}- {path}{newline}" for path in paths]
    return "".join(lines)


def has_explicit_nav(config_text: str) -> bool:
    """Whether ``mkdocs.yml`` lists its pages (``nav:``); without it MkDocs lists every page itself."""
    return re.search(r"^nav\s*:", config_text, re.MULTILINE) is not None


def new_section_page_path(docs_dir: Path, section: str) -> str:
    """``publications/<section>.md``, or ``publications/<section>-2.md`` and so on if that is taken
    (by a page of the owner's that does not list the section)."""
    path, number = section_page_path(section), 2
    while (docs_dir / path).exists():
        path, number = f"{SECTION_PAGES_DIR}/{section}-{number}.md", number + 1
    return path
