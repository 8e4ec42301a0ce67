"""Lines that reference managers and their plugins write into a record's note about the record.

Zotero keeps what it has no field for in "Extra", which its exports write as the note (CSL-JSON's
``note``, RIS's ``N1``, BibTeX's ``note``): Better BibTeX's ``Citation Key: …`` and ``tex.ids: …``,
the Citation Counts plugin's ``0 citations (Crossref) [2021-01-12]``, the Scholar Citations plugin's
``ZSCC: 0000012``. They say something about the owner's library on a day, not about the work, so
they are never published; the report names each one dropped.
"""

from __future__ import annotations

import re

_LINES = re.compile(
    r"\d+ citations? \([^()\n]*\) \[\d{4}-\d{2}-\d{2}\]"  # Zotero Citation Counts
    r"|Citation Key: *\S+|ZSCC: *\S+"  # Better BibTeX's key, Zotero Scholar Citations' count
    r"|tex\.ids: *[^\s,]+(?: *, *[^\s,]+)*",  # Better BibTeX's other keys of the record
    re.IGNORECASE,
)
# One such line, on a line of its own (CSL-JSON, RIS) or run into the text (BibTeX joins lines).
_LINE = re.compile(rf"(?:^|(?<=\s))(?:{_LINES.pattern})[ \t]*(?=\s|$)", re.IGNORECASE | re.MULTILINE)


def bookkeeping(text: str) -> tuple[str, list[str]]:
    """``text`` without the reference managers' lines, and those lines, in order."""
    dropped = [match.group(0).strip() for match in _LINE.finditer(text)]
    if not dropped:
        return text, []
    return _LINE.sub("", text).strip(), dropped
