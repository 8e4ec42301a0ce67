"""Placeholders that Markdown pages use to ask for generated content.

A page writes an HTML comment, so the Markdown still reads well (and shows nothing) anywhere else:

* ``<!-- publications: conference -->``: the papers of one or more sections (comma-separated), or
  ``<!-- publications: selected -->`` for the papers flagged ``selected: true``;
* ``<!-- email -->``: the owner's email address, assembled in the browser so it is not in the HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .model import SECTIONS

MARKER = re.compile(r"<!--\s*(publications|email)\s*(?::\s*(.*?))?\s*-->")
SELECTED = "selected"


class MarkerError(Exception):
    """A placeholder that cannot be filled; the message names the line."""


class Marker(NamedTuple):
    name: str
    sections: tuple[str, ...]  # for "publications": section names, or ("selected",)
    line: int


def find_markers(markdown: str) -> list[Marker]:
    """Every placeholder in a page, checked: an unknown section is an error, not an empty list."""
    markers = []
    for match in MARKER.finditer(markdown):
        name, argument = match.group(1), (match.group(2) or "").strip()
        line = markdown.count("\n", 0, match.start()) + 1
        if name == "email":
            if argument:
                raise MarkerError(f"line {line}: '<!-- email -->' takes no argument")
            markers.append(Marker(name, (), line))
            continue
        sections = tuple(part.strip() for part in argument.split(",") if part.strip())
        if not sections:
            raise MarkerError(
                f"line {line}: say which papers to list, e.g. '<!-- publications: conference -->'"
            )
        for section in sections:
            if section != SELECTED and section not in SECTIONS:
                raise MarkerError(
                    f"line {line}: unknown section {section!r} in a publications placeholder; "
                    f"use {SELECTED!r} or one of: {', '.join(SECTIONS)}"
                )
        if SELECTED in sections and len(sections) > 1:
            raise MarkerError(f"line {line}: {SELECTED!r} cannot be combined with sections")
        markers.append(Marker(name, sections, line))
    return markers


def replace_markers(markdown: str, render: Callable[[Marker], str]) -> str:
    """Swap each placeholder for ``render(marker)``; callers validate with ``find_markers`` first."""
    found = iter(find_markers(markdown))
    return MARKER.sub(lambda _: render(next(found)), markdown)
