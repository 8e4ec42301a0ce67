"""A .bib file's text, read as pybtex data: decoded, parsed, and every error placed at its line.

pybtex keeps no line numbers for entries and names none for some errors (a repeated key), so the
lines of ``@type{key,`` are found here; everything that reads BibTeX (a .bib file, Hugo Blox's and
academicpages' ``cite.bib``) goes through ``parse_bibtex`` and reports ``file:line``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from .errors import ImportFailed


def _entry_lines(text: str) -> dict[str, int]:
    """The line of each ``@type{key,`` in the file (pybtex does not keep it)."""
    lines = {}
    for match in re.finditer(r"@\s*[A-Za-z]+\s*[{(]\s*([^\s,{}()]+)\s*,", text):
        lines.setdefault(match.group(1).lower(), text.count("\n", 0, match.start()) + 1)
    return lines


def parse_bibtex(text: str, filename: str) -> tuple[BibliographyData, dict[str, int]]:
    """Parse one file; a syntax error raises ``ImportFailed`` naming ``filename:line``."""
    try:
        data = Parser().parse_string(text)
    except PybtexError as error:
        line = getattr(error, "lineno", None)
        if line is None:  # e.g. a repeated key or field: find the entry it is about
            found = re.search(r"(?:key|entry:?)\s+\"?([^\s\"]+)", str(error))
            line = _entry_lines(text).get(found.group(1).lower()) if found else None
        where = f"{filename}:{line}" if line else filename
        message = re.sub(r" in line \d+", "", str(error))
        raise ImportFailed(f"{where}: malformed BibTeX: {message}") from None
    return data, _entry_lines(text)


def decode_text(raw: bytes, filename: str, encoding: str = "utf-8", *, as_written: bool = False) -> str:
    """``raw`` as text with ``\n`` line ends: a byte-order mark is dropped, CRLF and CR become LF
    (unless ``as_written``). Bytes that are not ``encoding`` raise ``ImportFailed`` naming the file
    and the line, and for a .bib file (not ``as_written``) the ``--encoding`` that may read it."""
    codec = codecs.lookup(encoding).name
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" and not as_written else encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode(encoding, errors="replace")) + 1
        message = (f"{filename}:{line}: not {encoding} text: the byte 0x{raw[error.start]:02X} at column "
                   f"{column} cannot be read as {encoding}")
        if not as_written and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            message += "; the file looks like UTF-16: run again with --encoding utf-16"
        elif not as_written:
            message += ("; if the file is Latin-1 (ISO 8859-1, common in older .bib files), run again with "
                        "--encoding latin-1, or save it as UTF-8")
        raise ImportFailed(message) from None
    if as_written:
        return text
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bibtex_file(path: Path) -> tuple[BibliographyData, dict[str, int]]:
    """One small .bib file (a ``cite.bib``), UTF-8: its data and the lines of its entries."""
    return parse_bibtex(decode_text(path.read_bytes(), str(path)), str(path))
