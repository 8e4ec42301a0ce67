"""The limits every reader of the owner's files keeps, and the error that says one was passed.

A broken or hostile file (a value nested thousands of levels deep, a BibTeX macro that doubles itself
forty times, a 2 GB export, a file in Latin-1) must end in a message naming the file and the line,
never in a traceback, a crash of ``mkdocs serve`` or a machine out of memory. The limits are far above
anything a real publication list or bibliography reaches.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024  # a data or import file; a list of 5,000 papers is about 5 MB
MAX_DEPTH = 100  # levels of nesting in YAML and JSON; a real file uses fewer than 10
MAX_ENTRIES = 100_000  # items of one list (papers, records, entries), keys of one mapping
MAX_REPEATED_VALUES = 1_000_000  # values YAML aliases (*name) may repeat, all together
MAX_VALUE_CHARACTERS = 100_000  # one BibTeX value once its @string macros are expanded


class InputRefused(ValueError):
    """A file passed one of the limits, or cannot be read as text: ``file:line: message``."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.message, self.line = file, message, line
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


def read_limited(path: Path, name: str) -> bytes:
    """The bytes of ``path``, refused when there are more than ``MAX_FILE_BYTES`` (read only that
    far, so that a device or a pipe that never ends cannot fill the memory either)."""
    with open(path, "rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InputRefused(name, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most "
                                 "that is read; is it the right file?")
    return raw


def byte_position(raw: bytes, index: int, encoding: str = "utf-8") -> tuple[int, int]:
    """The line and column (both from 1, the column in characters) of byte ``index`` of ``raw``."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    column = len(raw[line_start:index].decode(encoding, errors="replace")) + 1
    return raw.count(b"\n", 0, index) + 1, column


def decode_utf8(raw: bytes, name: str) -> str:
    """``raw`` as UTF-8 text with ``\\n`` line ends (as ``Path.read_text`` gives it); a byte that is
    not UTF-8 is refused with its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = byte_position(raw, error.start)
        raise InputRefused(name, f"not UTF-8 text: the byte 0x{raw[error.start]:02X} at column {column} cannot "
                                 "be read as UTF-8; save the file as UTF-8 (in most editors: Save As, "
                                 "Encoding: UTF-8)", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# A JSON string (to its closing quote, or to the end of an unterminated one: never scanned twice) or a bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.?)*+"?|[\[\]{}]', re.DOTALL)


def check_json_shape(text: str, filename: str) -> None:
    """Refuse, with ``InputRefused`` naming the line, JSON nested deeper than ``MAX_DEPTH`` (Python's
    ``json`` reads it recursively) or whose outer list holds more than ``MAX_ENTRIES`` records
    (lists or objects). Malformed JSON is left for ``json.loads`` to report."""
    depth = records = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputRefused(filename, f"values are nested more than {MAX_DEPTH} levels deep here, more "
                                             "than is read", text.count("\n", 0, token.start()) + 1)
            records += depth == 2
            if records > MAX_ENTRIES:
                raise InputRefused(filename, f"the file has more than {MAX_ENTRIES:,} records, more than is read",
                                   text.count("\n", 0, token.start()) + 1)
        elif bracket in "]}":
            depth -= 1


def read_text_limited(path: Path, name: str | None = None) -> str:
    """A UTF-8 text file of at most ``MAX_FILE_BYTES``, or ``InputRefused`` naming it."""
    name = name or str(path)
    return decode_utf8(read_limited(path, name), name)
