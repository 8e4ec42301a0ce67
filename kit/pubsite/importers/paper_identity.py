"""When two records are one paper: the importer's rule of identity, in one place.

A record is a paper's fields (``title``, ``authors``, ``year``, ``section``, ``doi``, ``arxiv``,
``volume``, ``number``, ``pages``): an entry being imported, or a paper already in the list. Two
records are of one *work* only when their titles and their authors agree. Titles are compared folded
(no case, accents, punctuation, spaces or LaTeX braces; letters of every script kept, so two Chinese
titles are never both empty). Authors are compared as the people they name, in any order (exporters
reorder equal contributors): each as the family name and the first letter of the given names, so
"A. Example" is "Ada Example"; a list cut short with "and others" agrees with a longer one it is part
of. Two records of one work are then:

- ``SAME``: one paper listed twice: the same section and year (or the same arXiv id, for two
  preprints), and no DOI, arXiv id, volume, number or pages that differ;
- ``PREPRINT``: an arXiv preprint and its published version (any year): one paper, the published one;
- ``VERSIONS``: the work at another venue: another section (a workshop paper and its conference
  version, a conference paper and its journal version), or the same section at another venue in
  another year (two workshops): papers of their own, linked by ``versions:``;
- ``ANOTHER``: a paper of its own that only shares the title and authors: the same section with a
  different DOI, volume, number or pages (an "Editorial comments" in each issue of a journal), or at
  the same venue, its year aside, in another year (a yearly report).

A DOI or arXiv id shared by records whose titles or authors differ never makes them one paper (a file
that gives two papers one identifier by mistake would lose one): ``shared_identifiers`` names it, to
report.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from pubsite.data.name_matching import family_and_given, fold

SAME, PREPRINT, VERSIONS, ANOTHER = "same", "preprint", "versions", "another"
# Where a record appears inside its venue: two records that give different values are two papers.
_PLACE_FIELDS = (("doi", "DOI"), ("arxiv", "arXiv id"), ("volume", "volume"), ("number", "number"),
                 ("pages", "pages"))


def title_key(title: Any) -> str:
    """The title as compared: "{WAVES:} Continuous dynamics" and "Waves: continuous Dynamics" agree."""
    return fold(str(title or "")).replace(" ", "")


def arxiv_base(arxiv: Any) -> str:
    """An arXiv id without its version: "2101.00001v2" -> "2101.00001"."""
    return re.sub(r"v\d+$", "", str(arxiv or "").strip())


def person_key(name: str) -> tuple[str, str]:
    """An author as compared: (family name, first letter of the given names), folded."""
    family, given = family_and_given(str(name))
    return family, given[0][:1] if given else ""


def authors_agree(first: Iterable[Any], second: Iterable[Any], *, first_cut: bool = False,
                  second_cut: bool = False) -> bool:
    """The same people, in any order; a list cut short (``..._cut``: "and others" dropped) agrees
    with a longer one that holds all its people."""
    mine, theirs = Counter(map(person_key, first)), Counter(map(person_key, second))
    if not mine or not theirs:
        return False
    return mine == theirs or (first_cut and not mine - theirs) or (second_cut and not theirs - mine)


def _place_value(name: str, value: Any) -> str:
    if name == "arxiv":
        return arxiv_base(value).lower()
    return fold(str(value).replace("--", "-").replace("–", "-")).replace(" ", "")


def differing_places(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """The fields both records give where they differ, of DOI, arXiv id, volume, number, pages."""
    return [label for name, label in _PLACE_FIELDS
            if first.get(name) and second.get(name)
            and _place_value(name, first[name]) != _place_value(name, second[name])]


def is_preprint(record: dict[str, Any]) -> bool:
    return str(record.get("section") or "") == "preprint"


def relation(first: dict[str, Any], second: dict[str, Any]) -> str:
    """How two records of one work (titles and authors agree) stand: SAME, PREPRINT, VERSIONS or ANOTHER."""
    arxiv_first, arxiv_second = arxiv_base(first.get("arxiv")), arxiv_base(second.get("arxiv"))
    if is_preprint(first) != is_preprint(second):
        return VERSIONS if arxiv_first and arxiv_second and arxiv_first != arxiv_second else PREPRINT
    if first.get("section") != second.get("section"):
        return VERSIONS
    if differing_places(first, second):
        return ANOTHER
    if str(first.get("year")) == str(second.get("year")):
        return VERSIONS if _two_workshops(first, second) else SAME
    if is_preprint(first) and arxiv_first and arxiv_first == arxiv_second:
        return SAME  # one arXiv paper, dated by its first version here and its latest there
    if venue_key(first.get("venue")) == venue_key(second.get("venue")):
        return ANOTHER  # a yearly report in one journal
    return VERSIONS


def _two_workshops(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """The same paper at two workshops of one year (common, and each worth showing): workshop
    venues neither of which holds the other. Other sections' venues in one year are one paper
    written by two exporters ("NeurIPS 2021", "Advances in Neural Information Processing Systems")."""
    if first.get("section") != "workshop":
        return False
    one, other = venue_key(first.get("venue")), venue_key(second.get("venue"))
    return bool(one and other) and one not in other and other not in one


def venue_key(venue: Any) -> str:
    """A venue without its year or number: "ICML 2019" and "ICML 2020" are one series."""
    return re.sub(r"\d+", "", title_key(venue))


def shared_identifiers(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """The DOI and arXiv id the two records share, as the report names them ("arXiv id 2101.00001")."""
    shared = []
    if first.get("doi") and str(first["doi"]).strip().lower() == str(second.get("doi") or "").strip().lower():
        shared.append(f"DOI {first['doi']}")
    if first.get("arxiv") and arxiv_base(first["arxiv"]) == arxiv_base(second.get("arxiv")):
        shared.append(f"arXiv id {arxiv_base(first['arxiv'])}")
    return shared
