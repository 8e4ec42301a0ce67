"""Author names as the data writes them ("Guy L. Steele Jr."), split the way BibTeX splits them.

pybtex reads "First von Last" strings, but would take a trailing "Jr." for the family name; the
generation suffix is split off first, so BibTeX, CSL-JSON and RIS all agree on the family name.
A name wrapped in braces, ``{Google DeepMind}``, is BibTeX's way of saying "one name, do not
split": it is shown without the braces and exported as an organisation.

Splitting a name with pybtex takes tens of microseconds and every paper repeats its authors in
four exports, so ``name_parts`` remembers each name, and splits the commonest kind itself: words
that all start with a capital letter, which pybtex would split into first, middle and last.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pybtex.database import Person

_LINEAGE = re.compile(r"^(Jr\.?|Sr\.?|II|III|IV|V)$")
#: Words separated by single spaces, with nothing BibTeX treats specially: no commas (which
#: reorder the parts), braces, backslashes or tildes.
_SIMPLE_WORDS = re.compile(r"[^\s,{}\\~]+(?: [^\s,{}\\~]+)*")


class NameParts(NamedTuple):
    """A name's parts as pybtex's ``Person`` holds them."""

    first: tuple[str, ...]
    middle: tuple[str, ...]
    prelast: tuple[str, ...]
    last: tuple[str, ...]
    lineage: tuple[str, ...]


def is_corporate(name: str) -> bool:
    """``{Google DeepMind}``: an organisation, or a name that must not be split."""
    return len(name) > 2 and name.startswith("{") and name.endswith("}")


def display_name(name: str) -> str:
    """The name as readers see it: ``{The {LIGO} Collaboration}`` -> ``The LIGO Collaboration``."""
    return name.replace("{", "").replace("}", "") if is_corporate(name) else name


def _lineage_split(name: str) -> tuple[str, str | None]:
    """("Guy L. Steele", "Jr.") for "Guy L. Steele Jr." or "Guy L. Steele, Jr."; else (name, None)."""
    words = name.replace(",", " ").split() if re.search(r",\s*(Jr\.?|Sr\.?|II|III|IV|V)$", name) else name.split()
    if len(words) > 2 and _LINEAGE.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return name, None


def person(name: str, corporate: bool | None = None) -> Person:
    """A pybtex Person; ``name`` may already be LaTeX-encoded (braces of a corporate name kept), and
    then ``corporate`` tells whether the name was one: ``Ærø Ø`` in LaTeX, ``{\\AE}r{\\o} {\\O}``,
    begins and ends with braces too."""
    from pybtex.database import Person  # imported when a name first needs pybtex (8 ms)

    if is_corporate(name) if corporate is None else corporate:
        return Person(last=name)
    rest, lineage = _lineage_split(name)
    if lineage is None:
        return Person(name)
    parsed = Person(rest)
    parsed.lineage_names.append(lineage)
    return parsed


def capitalised_parts(name: str) -> NameParts | None:
    """The parts of a name of capitalised words, split here as pybtex would; None for any other."""
    if is_corporate(name):
        return None
    rest, lineage = _lineage_split(name)
    if not (_SIMPLE_WORDS.fullmatch(rest) and all(word[0].isupper() for word in rest.split(" "))):
        return None
    # No word is a "von" part, so the last word is the last name, the first the first name.
    words = tuple(rest.split(" "))
    return NameParts(words[:1] if len(words) > 1 else (), words[1:-1], (), words[-1:], (lineage,) if lineage else ())


def name_parts(name: str, corporate: bool | None = None) -> NameParts:
    """``person(name, corporate)``'s parts; capitalised words are split here, as pybtex would."""
    parts = None if corporate else capitalised_parts(name)
    if parts is not None:
        return parts
    parsed = person(name, corporate)
    return NameParts(tuple(parsed.first_names), tuple(parsed.middle_names), tuple(parsed.prelast_names),
                     tuple(parsed.last_names), tuple(parsed.lineage_names))
