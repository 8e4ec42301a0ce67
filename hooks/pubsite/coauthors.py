"""Everyone the owner has written with, each once however the papers spell them.

"Jörn-Henrik Jacobsen", "Jorn-Henrik Jacobsen" and "J.-H. Jacobsen" are one person: names are
compared without accents, case or dots, by family name and given names; a given name written as
initials joins the one person of that family name whose given names start with those initials,
and stays apart when two people would fit (better two entries than two people merged). The
owner's own forms (``owner.name_forms``) are never a co-author. Cost: one pass over the authors.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Paper, Publications
from .names import display_name, is_corporate, name_parts


@lru_cache(maxsize=None)
def fold(text: str) -> str:
    """Lowercase ASCII letters and digits, words separated by single spaces. Memoised: the same
    names and topics are folded again on every page that lists them, and there are few of them."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ł", "l")
                                       .replace("Ł", "L").replace("ß", "ss"))
    ascii_text = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-") or "someone"


def _split(name: str) -> tuple[str, tuple[str, ...]]:
    """(family, given names as words), folded: "J.-H. Jacobsen" -> ("jacobsen", ("j", "h"))."""
    if is_corporate(name):
        return fold(display_name(name)), ()
    parts = name_parts(name)
    family = fold(" ".join(parts.prelast + parts.last))
    given = tuple(fold(" ".join(parts.first + parts.middle)).split())
    return family, given


def _is_initials(given: tuple[str, ...]) -> bool:
    return bool(given) and all(len(word) == 1 for word in given)


def _initials_fit(initials: tuple[str, ...], given: tuple[str, ...]) -> bool:
    letters = [word[0] for word in given]
    return letters[:len(initials)] == list(initials)


@dataclass
class Coauthor:
    """One person: the spelling shown (the commonest, accents preferred), the others, the papers."""

    key: str                                        # a slug: the person's page, coauthors/<key>/
    name: str
    spellings: tuple[str, ...] = ()
    papers: list[Paper] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, int]:
        years = [paper.year for paper in self.papers]
        return min(years), max(years)


class CoauthorIndex:
    """The owner's co-authors, and which of them each author name of the data is."""

    def __init__(self, publications: Publications):
        owner = publications.owner
        counts: Counter[str] = Counter()
        for paper in publications.papers:
            counts.update(name for name in paper.authors if not owner.is_owner(name))
        by_family: dict[str, dict[tuple[str, ...], list[str]]] = {}
        for name in counts:
            family, given = _split(name)
            by_family.setdefault(family, {}).setdefault(given, []).append(name)
        person_of: dict[str, tuple[str, tuple[str, ...]]] = {}  # name -> (family, full given names)
        for family, forms in by_family.items():
            full = [given for given in forms if not _is_initials(given)]
            for given, names in forms.items():
                target = given
                if _is_initials(given) or not given:
                    fitting = [other for other in full if _initials_fit(given, other)]
                    if len(fitting) == 1:
                        target = fitting[0]
                for name in names:
                    person_of[name] = (family, target)
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for name, person in person_of.items():
            groups.setdefault(person, []).append(name)
        self.people: dict[str, Coauthor] = {}
        self.key_of: dict[str, str] = {}
        for person, names in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
            shown = max(names, key=lambda name: (counts[name], not _is_initials(_split(name)[1]),
                                                 not name.isascii(), len(name), name))
            key = slug(display_name(shown))
            number = 2
            while key in self.people:
                key, number = f"{slug(display_name(shown))}-{number}", number + 1
            self.people[key] = Coauthor(key, display_name(shown),
                                        tuple(sorted(display_name(name) for name in names if name != shown)))
            for name in names:
                self.key_of[name] = key
        for paper in publications.papers:
            for key in dict.fromkeys(self.key_of[name] for name in paper.authors if name in self.key_of):
                self.people[key].papers.append(paper)

    def keys_of(self, paper: Paper) -> list[str]:
        """The co-authors of ``paper``, in author order, by key."""
        return list(dict.fromkeys(self.key_of[name] for name in paper.authors if name in self.key_of))

    def by_name(self) -> list[Coauthor]:
        """Everyone, by family name."""
        return sorted(self.people.values(), key=lambda person: (_split(person.name)[0], fold(person.name)))
