"""Whether two spellings of an author are one person: "Jörn-Henrik Jacobsen", "Jorn-Henrik Jacobsen"
and "J.-H. Jacobsen"; "Ricky Chen" and "Ricky T. Q. Chen"; "王小明" and "王小明".

Names are compared folded (``fold``: no case, no accents on Latin, Greek or Cyrillic letters, no
punctuation; letters of every script kept), as a family name and given names. A spelling *fits* a
fuller one of the same family when its given names are the fuller one's first given name (or its
initial) followed by some of the others, in order, each whole or as an initial: "R. Chen", "Ricky
Chen" and "R. T. Q. Chen" fit "Ricky T. Q. Chen". A spelling joins the one fullest spelling it fits,
and stays apart when it fits two (better two entries than two people merged).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .names import display_name, is_corporate, name_parts

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D"})
_NOT_A_WORD = re.compile(r"[\W_]+")


def _accent_free(base: str) -> bool:
    """Letters whose accents are marks on them (Latin, Greek, Cyrillic): "é" is "e" once folded,
    while a Japanese voiced mark makes another letter ("が" is not "か")."""
    return ord(base) < 0x0530


@lru_cache(maxsize=None)
def fold(text: str) -> str:
    """Lowercase letters and digits of any script, words separated by single spaces. Memoised: the
    same names and topics are folded again on every page that lists them, and there are few."""
    kept: list[str] = []
    for character in unicodedata.normalize("NFKD", text.translate(_SPECIAL)):
        if unicodedata.combining(character) and kept and _accent_free(kept[-1]):
            continue
        kept.append(character)
    folded = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return " ".join(_NOT_A_WORD.sub(" ", folded).split())


@lru_cache(maxsize=None)
def family_and_given(name: str) -> tuple[str, tuple[str, ...]]:
    """(family, given names as words), folded: "J.-H. Jacobsen" -> ("jacobsen", ("j", "h"))."""
    if is_corporate(name):
        return fold(display_name(name)), ()
    parts = name_parts(name)
    family = fold(" ".join(parts.prelast + parts.last))
    given = tuple(fold(" ".join(parts.first + parts.middle)).split())
    return family, given


def is_initials(given: tuple[str, ...]) -> bool:
    return bool(given) and all(len(word) == 1 for word in given)


def _same_word(short: str, full: str) -> bool:
    return short == full or (len(short) == 1 and full.startswith(short))


def fits(given: tuple[str, ...], fuller: tuple[str, ...]) -> bool:
    """``given`` names the same person as ``fuller`` and says less: its first word is ``fuller``'s
    first (or its initial), its others some of ``fuller``'s others, in order, whole or as initials."""
    if given == fuller or len(given) > len(fuller):
        return False
    if not given:
        return True
    if not _same_word(given[0], fuller[0]):
        return False
    rest = iter(fuller[1:])
    return all(any(_same_word(word, other) for other in rest) for word in given[1:])


def people(names: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each name -> the person it is, as (family, the fullest given names it fits): names with the
    same person are the same person."""
    by_family: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        family, given = family_and_given(name)
        by_family.setdefault(family, set()).add(given)
    target: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
    for family, forms in by_family.items():
        fullest = [form for form in forms if not any(fits(form, other) for other in forms)]
        for form in forms:
            fitting = [other for other in fullest if fits(form, other)]
            target[family, form] = fitting[0] if len(fitting) == 1 else form
    return {name: (family_and_given(name)[0], target[family_and_given(name)]) for name in names}


def owner_spellings(owner_names: tuple[str, ...], authors: list[str]) -> tuple[str, ...]:
    """The authors that can only be the owner: they fit one of the owner's spellings (or it fits
    them: "Ada B. Example" for "Ada Example"), and no one else of the family could be them."""
    owners = [family_and_given(name) for name in owner_names]
    others = [family_and_given(name) for name in authors if name not in owner_names]
    found = []
    for name in dict.fromkeys(authors):
        if name in owner_names:
            continue
        family, given = family_and_given(name)
        if not any(family == owner_family and (given == owner_given or fits(given, owner_given)
                                               or fits(owner_given, given))
                   for owner_family, owner_given in owners):
            continue
        rivals = [other for other_family, other in others if other_family == family and other != given
                  and not any(fits(other, owner_given) or fits(owner_given, other) or other == owner_given
                              for owner_family, owner_given in owners if owner_family == family)
                  and (fits(given, other) or fits(other, given))]
        if not rivals:
            found.append(name)
    return tuple(found)
