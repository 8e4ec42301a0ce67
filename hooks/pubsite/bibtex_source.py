"""A .bib file's text, read as pybtex data: decoded, parsed, and every error placed at its line.

pybtex keeps no line numbers for entries and names none for some errors (a repeated key), so the
lines of ``@type{key,`` are found here; everything that reads BibTeX (a .bib file, Hugo Blox's and
academicpages' ``cite.bib``) goes through ``parse_bibtex`` and reports ``file:line``.

pybtex expands ``@string`` macros as it reads them, so forty lines that each double the one before
(``@string{a2 = a1 # a1}``) would need a terabyte. ``_BoundedParser`` is pybtex's parser with its
scanner counting: each value's length is added up part by part, before the parts are joined, and
a macro past ``MAX_VALUE_CHARACTERS``, values adding up to more than a file may hold, more than
``MAX_ENTRIES`` entries or ``MAX_NAMES`` names are refused with their line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .errors import ImportFailed
from .input_limits import MAX_ENTRIES, MAX_FILE_BYTES, MAX_VALUE_CHARACTERS, InputRefused, byte_position, read_limited

MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES  # all values of a file, macros expanded: as much as a file may hold
MAX_NAMES = 500_000  # authors and editors of a file; pybtex needs about 600 bytes for each


class _LimitPassed(PybtexSyntaxError):
    """A BibTeX file passed a limit; ``reason`` says which, ``lineno`` where (the line being read,
    or with ``at_entry`` the line where the entry just read begins)."""

    error_type = "too large"

    def __init__(self, reason: str, scanner: LowLevelParser, at_entry: bool = False):
        super().__init__(reason, scanner)
        self.reason = reason
        if at_entry:
            self.lineno = scanner.text.count("\n", 0, scanner.command_start) + 1


class _BoundedScanner(LowLevelParser):
    """pybtex's scanner, adding up the length of each value as its parts (text, macros) are read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.value_length = 0  # of the value being read
        self.total_length = 0  # of every value so far

    def parse_value(self):
        self.value_length = 0
        super().parse_value()

    def parse_value_part(self):
        part = super().parse_value_part()
        self.value_length += len(part)
        self.total_length += len(part)
        macro = self.current_field_name if self.current_entry_key is None else None  # @string{name = ...}
        if macro and self.value_length > MAX_VALUE_CHARACTERS:
            raise _LimitPassed(f"the @string macro '{macro}' expands to more than {MAX_VALUE_CHARACTERS:,} "
                               "characters (does it repeat another macro that repeats another?)", self)
        if self.total_length > MAX_EXPANDED_CHARACTERS:
            raise _LimitPassed(f"the values of the file add up to more than {MAX_EXPANDED_CHARACTERS:,} characters "
                               "once its @string macros are expanded", self)
        return part


class _BoundedParser(Parser):
    """pybtex's ``Parser`` reading with ``_BoundedScanner``, counting entries and names, and
    raising every error (pybtex's own ``handle_error`` may only warn, by a global setting)."""

    def handle_error(self, error):
        raise error

    def parse_string(self, text):  # as pybtex's, with the counts
        self.unnamed_entry_counter = 1
        self.command_start = 0
        scanner = _BoundedScanner(text, keyless_entries=self.keyless_entries, handle_error=self.handle_error,
                                  want_entry=self.data.want_entry, filename=self.filename, macros=self.macros)
        names = 0
        for number, (command, arguments) in enumerate(scanner, start=1):
            if number > MAX_ENTRIES:
                raise _LimitPassed(f"the file has more than {MAX_ENTRIES:,} entries (counting @string and "
                                   "@preamble), more than is read", scanner, at_entry=True)
            kind = command.lower()
            if kind == "preamble":
                self.process_preamble(*arguments)
            elif kind != "string":
                key, fields = arguments
                names += sum(len(re.findall(r"\s[Aa][Nn][Dd]\s", "".join(value))) + 1
                             for name, value in fields if name in self.person_fields)
                if names > MAX_NAMES:
                    raise _LimitPassed(f"the entry '{key}' brings the authors and editors of the file to more "
                                       f"than {MAX_NAMES:,}, more than is read", scanner, at_entry=True)
                self.process_entry(command, key, fields)
        return self.data


def _entry_lines(text: str) -> dict[str, int]:
    """The line of each ``@type{key,`` in the file (pybtex does not keep it)."""
    lines = {}
    line, counted = 1, 0  # the newlines are counted once, from one entry to the next (a large file)
    for match in re.finditer(r"@\s*[A-Za-z]+\s*[{(]\s*([^\s,{}()]+)\s*,", text):
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        lines.setdefault(match.group(1).lower(), line)
    return lines


def parse_bibtex(text: str, filename: str) -> tuple[BibliographyData, dict[str, int]]:
    """Parse one file; a syntax error raises ``ImportFailed`` naming ``filename:line``."""
    try:
        data = _BoundedParser().parse_string(text)
    except _LimitPassed as error:
        raise ImportFailed(f"{filename}:{error.lineno}: {error.reason}") from None
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
        line, column = byte_position(raw, error.start, encoding)
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
    try:
        raw = read_limited(path, str(path))
    except InputRefused as error:
        raise ImportFailed(str(error)) from None
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror or error})") from None
    return parse_bibtex(decode_text(raw, str(path)), str(path))
