"""The BibTeX and BibLaTeX entry types, to tell a misspelt one (``@inoroceedings``) from a rare one.

An entry of a type no style knows is still a work: it is imported (filed under "other"), and the
report says the type is unknown and, when one is close, which type was probably meant.
"""

from __future__ import annotations

import difflib

#: BibTeX's standard types, BibLaTeX's (with their aliases), and those reference managers write.
KNOWN_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
    "mvbook", "bookinbook", "suppbook", "collection", "mvcollection", "suppcollection", "dataset", "online",
    "patent", "periodical", "suppperiodical", "mvproceedings", "reference", "mvreference", "inreference",
    "report", "set", "software", "thesis", "xdata", "electronic", "www", "artwork", "audio", "bibnote",
    "commentary", "image", "jurisdiction", "legislation", "legal", "letter", "movie", "music",
    "performance", "review", "standard", "video", "presentation", "data", "preprint", "talk",
    "customa", "customb", "customc", "customd", "custome", "customf",
})


def closest_type(kind: str) -> str | None:
    """The known type ``kind`` is probably a misspelling of (``inoroceedings`` -> inproceedings)."""
    found = difflib.get_close_matches(kind.lower(), sorted(KNOWN_TYPES), n=1, cutoff=0.75)
    return found[0] if found else None


def unknown_type_note(kind: str, filed_as: str = "other") -> str | None:
    """What the report says about an entry type no style knows, or None for a known one."""
    if kind.lower() in KNOWN_TYPES:
        return None
    close = closest_type(kind)
    hint = f"; did you mean {close}?" if close else ""
    return f"unknown entry type '{kind}', filed as {filed_as}{hint}"
