"""Author names as the data writes them ("Guy L. Steele Jr."), split the way BibTeX splits them.

pybtex reads "First von Last" strings, but would take a trailing "Jr." for the family name; the
generation suffix is split off first, so BibTeX, CSL-JSON and RIS all agree on the family name.
A name wrapped in braces, ``{Google DeepMind}``, is BibTeX's way of saying "one name, do not
split": it is shown without the braces and exported as an organisation.
"""

from __future__ import annotations

import re

from pybtex.database import Person

_LINEAGE = re.compile(r"^(Jr\.?|Sr\.?|II|III|IV|V)$")


def is_corporate(name: str) -> bool:
    """``{Google DeepMind}``: an organisation, or a name that must not be split."""
    return len(name) > 2 and name.startswith("{") and name.endswith("}")


def display_name(name: str) -> str:
    """The name as readers see it: ``{The {LIGO} Collaboration}`` -> ``The LIGO Collaboration``."""
    return name.replace("{", "").replace("}", "") if is_corporate(name) else name


def person(name: str) -> Person:
    """A pybtex Person; ``name`` may already be LaTeX-encoded (braces of a corporate name kept)."""
    if is_corporate(name):
        return Person(last=name)
    words = name.replace(",", " ").split() if re.search(r",\s*(Jr\.?|Sr\.?|II|III|IV|V)$", name) else name.split()
    if len(words) > 2 and _LINEAGE.match(words[-1]):
        parsed = Person(" ".join(words[:-1]))
        parsed.lineage_names.append(words[-1])
        return parsed
    return Person(name)
