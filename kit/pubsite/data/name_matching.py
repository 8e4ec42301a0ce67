"""Whether two spellings of an author are one person: "Jörg-Emil Lindqvist", "Jorg-Emil Lindqvist"
and "J.-E. Lindqvist"; "Tomas Okafor" and "Tomas R. V. Okafor"; and whose they are of the owner's.

Names are compared folded (``fold``: no case, no accents on Latin, Greek or Cyrillic letters, no
punctuation; the letters and marks of every script kept), as a family name and given names. A
spelling *fits* a fuller one of the same family when its given names are the fuller one's first
given name (or its initial) followed by some of the others, in order, each whole or as an initial:
"T. Okafor", "Tomas Okafor" and "T. R. V. Okafor" fit "Tomas R. V. Okafor". A spelling joins the one
fullest spelling it fits, and stays apart when it fits two (better two entries than two people
merged).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pubsite.data.names import display_name, is_corporate, name_parts

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D"})


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
    # Letters, marks (the vowel signs of Devanagari: "अनिल" is one word) and digits; the rest parts words.
    return " ".join("".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in folded).split())


@lru_cache(maxsize=None)
def family_and_given(name: str) -> tuple[str, tuple[str, ...]]:
    """(family, given names as words), folded: "J.-E. Lindqvist" -> ("lindqvist", ("j", "e"))."""
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
    """The authors that are the owner: the same person as one of the owner's own spellings, as
    ``people`` tells among everyone ("A. Example" is the owner, unless an Alan Example writes too;
    "Ada B. Example" is, unless an Ada C. Example does as well)."""
    everyone = people(list(dict.fromkeys([*owner_names, *authors])))
    owner = {everyone[name] for name in owner_names}
    return tuple(name for name in dict.fromkeys(authors) if name not in owner_names and everyone[name] in owner)
