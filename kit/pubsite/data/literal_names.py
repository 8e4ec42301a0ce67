"""A name written in one piece, "Ada Example" or "Example Research Consortium": a person or not.

RIS's ``AU`` lines are meant as "Family, Given", but exporters also write "Given Family"; CSL-JSON
has ``literal`` names for what cannot be split, which some exporters use for every author. Read as
one organisation, a person is never highlighted as the owner and gets a co-author page of their
own; read as a person, an organisation would be split into a given and a family name. So the
decision is conservative: a name is a person's only when it plainly is one, and anything else stays
one name, as an organisation.

Plainly a person's: two to four words; each a capitalised word ("Ada", "O'Neill", "Jean-Luc"), an
initial ("J." or "J.-L."), or, neither first nor last, a lowercase particle ("van", "de", "von");
no digits or symbols; no word that names an organisation (University, Institute, Consortium,
Collaboration, Group, Lab, Team, Project, ...), no word of "of", "for", "and", "the", and no word
of four or more capital letters (NASA, ATLAS). The last word is a family name, not an initial.
"""

from __future__ import annotations

import re

_ORGANISATION_WORDS = frozenset({
    "university", "universität", "université", "universidad", "universita", "institute", "institut", "instituto",
    "consortium", "collaboration", "collaborations", "group", "groups", "lab", "labs", "laboratory",
    "laboratories", "team", "project", "centre", "center", "society", "association", "foundation", "council",
    "committee", "corporation", "corp", "inc", "ltd", "llc", "gmbh", "company", "agency", "department",
    "network", "initiative", "alliance", "organization", "organisation", "office", "board", "ministry",
    "academy", "school", "college", "hospital", "research", "program", "programme", "working", "force",
    "bureau", "commission", "union", "federation", "services", "authority", "partnership", "observatory",
    "survey", "mission", "editors", "staff", "contributors", "authors", "developers", "community", "museum",
    "library", "press", "google", "deepmind", "openai", "microsoft", "meta", "facebook", "nvidia", "ibm",
    "amazon", "apple", "anthropic", "baidu", "alibaba", "tencent", "huawei", "intel", "samsung",
    "of", "for", "and", "the", "on", "&",
})
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ten",
                        "ter", "bin", "ibn", "al", "dos", "das", "do", "y", "zu", "af"})
_CAPITALISED = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")  # Ada, O'Neill, Jean-Luc, Łukasz
_LINEAGE = re.compile(r"Jr\.?|Sr\.?|II|III|IV")
_INITIAL = re.compile(r"[^\W\d_]\.?(?:-[^\W\d_]\.?)*")  # J. or J or J.-L.


def is_person(name: str) -> bool:
    """Whether ``name``, written in one piece in the order "Given Family", is plainly a person's
    (see the module): "Ada Example" and "Ada van Example" are; "Example Research Consortium",
    "NASA", "Ada" and "Example AB" are not."""
    words = name.split()
    if len(words) > 2 and _LINEAGE.fullmatch(words[-1]):
        words = words[:-1]  # "Guy L. Steele Jr."
    if not 2 <= len(words) <= 4:
        return False
    for index, word in enumerate(words):
        folded = word.casefold().rstrip(".,")
        if folded in _ORGANISATION_WORDS:
            return False
        if word.casefold() in _PARTICLES and 0 < index < len(words) - 1:
            continue
        if not word[0].isupper():
            return False
        last = index == len(words) - 1
        if _INITIAL.fullmatch(word) and not last:
            continue
        if not _CAPITALISED.fullmatch(word) or (len(word) >= 4 and word.isupper()):
            return False
        if last and (len(word) == 1 or word.isupper()):
            return False  # "Example AB", "Example J": initials last, not a given name first
    return True
