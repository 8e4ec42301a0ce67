"""Author names as the data writes them ("Guy L. Steele Jr."), split the way BibTeX splits them.

pybtex reads "First von Last" strings, but would take a trailing "Jr." for the family name; the
generation suffix is split off first, so BibTeX, CSL-JSON and RIS all agree on the family name.
"""

from __future__ import annotations

import re

from pybtex.database import Person

_LINEAGE = re.compile(r"^(Jr\.?|Sr\.?|II|III|IV|V)$")


def person(name: str) -> Person:
    words = name.replace(",", " ").split() if re.search(r",\s*(Jr\.?|Sr\.?|II|III|IV|V)$", name) else name.split()
    if len(words) > 2 and _LINEAGE.match(words[-1]):
        parsed = Person(" ".join(words[:-1]))
        parsed.lineage_names.append(words[-1])
        return parsed
    return Person(name)
