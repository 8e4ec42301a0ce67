"""The kit's CHANGELOG (``pubsite/CHANGELOG.md``, Keep a Changelog's form), read by sections:
``pubsite upgrade`` prints what changed between a site's kit and the new one.

A section starts at a heading ``## [1.2.0] - 2027-01-31`` (the date optional; ``## [Unreleased]``
is a section too, never between two versions) and runs to the next heading of its level (another
version's, or one such as ``## Before 1.0.0``, which starts no section); link definitions
(``[1.2.0]: https://...``) belong to no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from pubsite.commands.migrations import version_key

HEADING = re.compile(r"^##\s+\[(?P<version>[^\]]+)\](?:\s*-\s*(?P<date>\S+))?[ \t]*$", re.MULTILINE)
LEVEL_TWO = re.compile(r"^##(?!#)", re.MULTILINE)
LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    version: str
    date: str | None
    body: str


def parse(text: str) -> list[Section]:
    """The sections of a changelog, in the file's order."""
    headings = list(HEADING.finditer(text))
    sections = []
    for number, heading in enumerate(headings):
        following = LEVEL_TWO.search(text, heading.end())
        end = following.start() if following else len(text)
        body = LINK_DEFINITION.sub("", text[heading.end():end]).strip("\n")
        sections.append(Section(heading.group("version").strip(), heading.group("date"), body.rstrip()))
    return sections


def between(sections: list[Section], after: str, upto: str) -> list[Section]:
    """The sections of versions later than ``after`` ("copied": any) up to ``upto``, newest first."""
    low, high = version_key(after), version_key(upto)
    chosen = []
    for section in sections:
        try:
            key = version_key(section.version)
        except ValueError:            # [Unreleased], or a heading that is not a version
            continue
        if low < key <= high:
            chosen.append((key, section))
    return [section for _key, section in sorted(chosen, key=lambda item: item[0], reverse=True)]


def kit_changelog() -> str | None:
    """The installed kit's CHANGELOG.md (None if it has none)."""
    node = resources.files("pubsite").joinpath("CHANGELOG.md")
    return node.read_text(encoding="utf-8") if node.is_file() else None


def changes_text(text: str, after: str, upto: str) -> str:
    """The sections between the two versions, as Markdown (empty if none)."""
    return "\n\n".join(f"## [{section.version}]" + (f" - {section.date}" if section.date else "")
                       + (f"\n{section.body}" if section.body else "")
                       for section in between(parse(text), after, upto))

