"""Everyone the owner has written with, each once however the papers spell them.

Which spellings are one person is ``name_matching``'s: "Jörg-Emil Lindqvist", "Jorg-Emil
Lindqvist" and "J.-E. Lindqvist" are one; "W. Wang" stays apart from "Wei Wang" and "Wen Wang" when
both write with the owner. The owner's own spellings are never a co-author. Each person is shown
by their fullest spelling. Cost: one pass over the authors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pubsite.data.model import Owner, Paper, Publications
from pubsite.data.name_matching import family_and_given, fold, is_initials, people
from pubsite.data.names import display_name


def slug(text: str) -> str:
    """A page's name from a person's or topic's name: folded words joined by dashes; never
    ``index``, the name of the page that lists them all (a topic "Index" is ``index-1``)."""
    key = fold(text).replace(" ", "-") or "someone"
    return "index-1" if key == "index" else key


@dataclass
class Coauthor:
    """One person: the spelling shown (the fullest, then the commonest, accents preferred), the
    others, the papers."""

    key: str                                        # a slug: the person's page, coauthors/<key>/
    name: str
    spellings: tuple[str, ...] = ()
    papers: list[Paper] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, int]:
        years = [paper.year for paper in self.papers]
        return min(years), max(years)


def _owner_positions(paper: Paper, owner: Owner) -> tuple[int, ...]:
    return tuple(index for index, name in enumerate(paper.authors) if owner.is_owner(name))


class CoauthorIndex:
    """The owner's co-authors, and which of them each author name of the data is."""

    def __init__(self, publications: Publications):
        self._owner = owner = publications.owner
        counts: Counter[str] = Counter()
        for paper in publications.papers:
            counts.update(name for name in paper.authors if not owner.is_owner(name))
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        # The owner's spellings take part, so that one that could be the owner or a co-author
        # ("A. Example" beside Alan Example) stays apart rather than joining the co-author.
        owner_names = (owner.name, *owner.name_forms)
        for name, person in people(list(dict.fromkeys([*owner_names, *counts]))).items():
            if name not in owner_names:
                groups.setdefault(person, []).append(name)
        self.people: dict[str, Coauthor] = {}
        self.key_of: dict[str, str] = {}
        for person, names in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
            shown = max(names, key=lambda name: (not is_initials(family_and_given(name)[1]),
                                                 len(family_and_given(name)[1]), counts[name],
                                                 not name.isascii(), len(name), name))
            key = slug(display_name(shown))
            number = 2
            while key in self.people:
                key, number = f"{slug(display_name(shown))}-{number}", number + 1
            self.people[key] = Coauthor(key, display_name(shown),
                                        tuple(sorted(display_name(name) for name in names if name != shown)))
            for name in names:
                self.key_of[name] = key
        self._owner_at: dict[str, tuple[Paper, tuple[int, ...]]] = {}
        for paper in publications.papers:
            for key in dict.fromkeys(self.key_of[name] for name in paper.authors if name in self.key_of):
                self.people[key].papers.append(paper)
            self._owner_at[paper.id] = (paper, _owner_positions(paper, owner))

    def keys_of(self, paper: Paper) -> list[str]:
        """The co-authors of ``paper``, in author order, by key."""
        return self.keys_among(paper.authors)

    def keys_among(self, names: tuple[str, ...]) -> list[str]:
        """The co-authors among ``names`` (a paper's authors, or the first of them), in their order, by key."""
        return list(dict.fromkeys(self.key_of[name] for name in names if name in self.key_of))

    def owner_at(self, paper: Paper) -> tuple[int, ...]:
        """Where the owner stands in ``paper``'s authors, found once a build: lists show the owner
        wherever they are, and a collaboration's paper (thousands of authors) is listed on the page
        of each co-author, which must not look through its whole list again."""
        known = self._owner_at.get(paper.id)
        return known[1] if known is not None and known[0] is paper else _owner_positions(paper, self._owner)

    def by_name(self) -> list[Coauthor]:
        """Everyone, by family name."""
        return sorted(self.people.values(),
                      key=lambda person: (family_and_given(person.name)[0], fold(person.name)))
