"""Placeholders that Markdown pages use to ask for generated content.

A page writes an HTML comment, so the Markdown still reads well (and shows nothing) anywhere else:

* ``<!-- publications: conference -->``: the papers of one or more sections (comma-separated), or
  ``<!-- publications: selected -->`` for the papers flagged ``selected: true``;
* ``<!-- email -->``: the owner's email address, assembled in the browser so it is not in the HTML;
* ``<!-- cv -->``: the whole CV of ``data/cv.yml``; ``<!-- cv: talks -->``: one section's entries.

A comment that looks like a misspelt placeholder (``<!-- publication: selected -->``,
``<!-- Publications: journal -->``) and a section name that does not exist (``journals``,
``selcted``) are errors with a suggestion: either would otherwise show nothing, without a word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import NamedTuple

from pubsite.data.model import SECTIONS

MARKER = re.compile(r"<!--\s*(publications|email|cv)\s*(?::\s*(.*?))?\s*-->")
SELECTED = "selected"
NAMES = ("publications", "email", "cv")
# A comment of one word, perhaps followed by ": something": the shape of a placeholder.
_PLACEHOLDER_SHAPE = re.compile(r"<!--\s*([A-Za-z][A-Za-z_-]*)\s*(:\s*[^\n]*?)?\s*-->")


class MarkerError(Exception):
    """A placeholder that cannot be filled; the message names the line."""


class Marker(NamedTuple):
    name: str
    sections: tuple[str, ...]  # "publications": section names, or ("selected",); "cv": () or (section id,)
    line: int


def _suggestion(word: str, known, cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word.lower(), list(known), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _check_near_misses(markdown: str) -> None:
    """A comment shaped like a placeholder whose name is almost ``publications`` or ``email``."""
    for match in _PLACEHOLDER_SHAPE.finditer(markdown):
        name = match.group(1)
        if name in NAMES:
            continue
        meant = _suggestion(name, NAMES, cutoff=0.75)
        if meant is None:
            continue
        line = markdown.count("\n", 0, match.start()) + 1
        argument = (match.group(2) or "").lstrip(":").strip()
        fixed = f"<!-- {meant}: {argument} -->" if argument else f"<!-- {meant} -->"
        raise MarkerError(f"line {line}: '{match.group(0)}' is not a placeholder; did you mean '{fixed}'?")


def find_markers(markdown: str) -> list[Marker]:
    """Every placeholder in a page, checked: an unknown section or a misspelt placeholder is an
    error with a suggestion, not an empty list."""
    _check_near_misses(markdown)
    markers = []
    for match in MARKER.finditer(markdown):
        name, argument = match.group(1), (match.group(2) or "").strip()
        line = markdown.count("\n", 0, match.start()) + 1
        if name == "email":
            if argument:
                raise MarkerError(f"line {line}: '<!-- email -->' takes no argument")
            markers.append(Marker(name, (), line))
            continue
        if name == "cv":
            if "," in argument or " " in argument:
                raise MarkerError(f"line {line}: '<!-- cv: ... -->' names one section of data/cv.yml by its id")
            markers.append(Marker(name, (argument,) if argument else (), line))
            continue
        sections = tuple(part.strip() for part in argument.split(",") if part.strip())
        if not sections:
            raise MarkerError(
                f"line {line}: say which papers to list, e.g. '<!-- publications: conference -->'"
            )
        for section in sections:
            if section != SELECTED and section not in SECTIONS:
                meant = _suggestion(section, [SELECTED, *SECTIONS])
                hint = f"did you mean {meant!r}? " if meant else ""
                raise MarkerError(
                    f"line {line}: unknown section {section!r} in a publications placeholder; "
                    f"{hint}use {SELECTED!r} or one of: {', '.join(SECTIONS)}"
                )
        if SELECTED in sections and len(sections) > 1:
            raise MarkerError(f"line {line}: {SELECTED!r} cannot be combined with sections")
        markers.append(Marker(name, sections, line))
    return markers


def replace_markers(markdown: str, render: Callable[[Marker], str]) -> str:
    """Swap each placeholder for ``render(marker)``; callers validate with ``find_markers`` first."""
    found = iter(find_markers(markdown))
    return MARKER.sub(lambda _: render(next(found)), markdown)
