"""A .bib file's text, read as pybtex data entry by entry: decoded, each entry parsed on its own,
repaired where the intent is plain, and every problem placed at its line.

The file is first cut into entries (``bibtex_split``); each is parsed by pybtex's scanner with the
``@string`` macros defined before it, so that one broken entry costs only itself: it is repaired,
with a note saying how, or not read, with its line, what is wrong and what to change
(``BrokenEntry``), and the rest of the file is read. Repaired, because the intent is plain:

- ``month = July``: an undefined macro that names a month is that month (``jul`` is BibTeX's own);
  ``month = July 2020`` is the month July (and the year, when the entry has no ``year``).
- another undefined macro (``booktitle = CVPR`` without ``@string{CVPR = ...}``) is kept as its name:
  BibTeX itself reads it as empty text, which would cost the field; the name is what was meant far
  more often than not, and the note says so.
- a comma missing before the next ``name =``: added.
- an entry not closed before a line starting the next entry: closed, unless one of its values then
  holds what looks like a field (a value not closed: that entry is not read).
- a ``}`` too many that closes an entry before a ``, name = ...`` goes on: removed.
- a field given twice with the same value, or once empty: kept once. With different values, the
  first is kept and the note gives the second, except for the fields that say which paper it is
  (title, author, editor, year, DOI, arXiv id): then the entry is not read, as either could be wrong.
- an entry with no citation key: given one made from its first author, year and title.
- a citation key used twice: both entries are kept, the second with a new key, unless they are the
  same entry written twice (then it is read once).

Not read, each with its line and what to change: a value whose quote or brace is never closed, any
other syntax pybtex refuses, a field that says which paper it is given twice differently, an entry
holding bytes that are not UTF-8 (``decode_text(per_entry=True)`` keeps them for this), and text
between entries that looks like part of one (``bibtex_split.stray_text``).

pybtex expands ``@string`` macros as it reads them, so forty lines that each double the one before
(``@string{a2 = a1 # a1}``) would need a terabyte. ``_EntryScanner`` adds up each value's length part
by part, before the parts are joined, and a macro past ``MAX_VALUE_CHARACTERS``, values adding up to
more than a file may hold, more than ``MAX_ENTRIES`` entries or ``MAX_NAMES`` names refuse the whole
file (``ImportFailed``) with their line.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict, CaseInsensitiveSet

from pubsite.importers.bibtex_split import BibtexPieces, Piece, stray_text
from pubsite.data.errors import ImportFailed
from pubsite.data.input_limits import MAX_ENTRIES, MAX_FILE_BYTES, MAX_VALUE_CHARACTERS, InputRefused, byte_position, read_limited
from pubsite.data.validation import MONTHS, month_number

MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES  # all values of a file, macros expanded: as much as a file may hold
MAX_NAMES = 500_000  # authors and editors of a file; pybtex needs about 600 bytes for each
MAX_REPAIRS = 20  # commas added to one entry; past that it is not a slip but a different syntax
# Fields that say which paper an entry is: given twice with different values, the entry is not read.
IDENTITY_FIELDS = frozenset({"title", "author", "editor", "year", "doi", "eprint", "arxiv"})
_NO_KEY = "pubsite-entry-without-key"
_KEYLESS = re.compile(r"@[ \t]*([A-Za-z_][\w.:+-]*)[ \t\r\n]*[{(](?=\s*(,|[^\s,={}()\"#%']+\s*=))")
_KEY = re.compile(r"@[ \t]*[A-Za-z_][\w.:+-]*\s*[{(]\s*([^\s,={}()\"#%']+)\s*,")
_MACRO_NAME = re.compile(r"@[ \t]*string\s*[{(]\s*([^\s,={}()\"#%']+)\s*=", re.IGNORECASE)
_FIELD_START = re.compile(r"([A-Za-z_][\w.:+-]*)\s*=")
_FIELD_LINE = re.compile(r"\n[ \t]*[A-Za-z_][\w.:+-]*[ \t]*=")
_SPACE = re.compile(r"\s*")
_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, kept by ``surrogateescape``
_YEAR_AFTER_MONTH = re.compile(r"(\d{4})(?=\s*[,})])")


class _LimitPassed(PybtexSyntaxError):
    """A BibTeX file passed a limit; ``reason`` says which, ``lineno`` where."""

    error_type = "too large"

    def __init__(self, reason: str, scanner: LowLevelParser):
        super().__init__(reason, scanner)
        self.reason = reason


class _Unreadable(Exception):
    """One entry cannot be read; the message says where, what is wrong and what to change; ``line``
    is where to change it."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.line = line


@dataclass
class BrokenEntry:
    """Part of a file that is not read: an entry, or text between entries that looks like part of one."""

    key: str  # the entry's citation key (an @string's name; "" when it has none, or for text between entries)
    kind: str  # the entry's type, lowercase ("article", "string"); "" for text between entries
    line: int  # where the entry (or the text) starts
    reason: str  # what is wrong, where, and what to change
    at: int | None = None  # the line to change, when it is not ``line``


@dataclass
class ReadBibtex:
    """What one file holds: its entries (repaired where the note says) and what was not read."""

    data: BibliographyData
    lines: dict[str, int] = field(default_factory=dict)  # key (lowercase) -> line of its "@type{key,"
    repairs: dict[str, list[str]] = field(default_factory=dict)  # key (lowercase) -> how it was repaired
    order: list[str | BrokenEntry] = field(default_factory=list)  # keys and what was not read, in file order

    @property
    def broken(self) -> list[BrokenEntry]:
        return [item for item in self.order if isinstance(item, BrokenEntry)]


@dataclass
class _Parsed:
    """One entry as pybtex's scanner read it, not yet added to the file's data."""

    command: str  # as written: "article", "String"
    arguments: tuple
    field_lines: list[int]
    notes: list[str]
    expanded: int  # characters of the file's values up to and with this entry's
    rest: str  # the text after the entry's closing '}' (before the next entry)


class _EntryScanner(LowLevelParser):
    """pybtex's scanner over one entry's text, starting at its line: adding up the length of each
    value as its parts are read (the limits), keeping the line of each field and the place of each
    value (for the messages), and reading an undefined macro as a month or as its name, with a note."""

    def __init__(self, text: str, line: int, macros: CaseInsensitiveDict, filename: str, expanded: int):
        super().__init__(text, macros=macros, filename=filename)
        self.lineno = line
        self.pos = 1  # after the "@" the piece starts with
        self.command_start = 0
        self.value_length = 0  # of the value being read
        self.total_length = expanded  # of every value of the file so far
        self.field_lines: list[int] = []
        self.notes: list[str] = []
        self.current_field_line = line
        self.value_start, self.value_start_line, self.in_value = 0, line, False  # the value part being read

    def parse_string_body(self, body_end):  # as pybtex's, the macro defined by the caller once read
        self.current_field_name = self.required([self.NAME]).value
        self.required([self.EQUALS])
        self.parse_value()

    def parse_entry_fields(self):  # as pybtex's, keeping each field's line
        while True:
            self.current_field_name = None
            self.current_value = []
            self.parse_field()
            if self.current_field_name and self.current_value:
                self.current_fields.append((self.current_field_name, self.current_value))
                self.field_lines.append(self.current_field_line)
            if not self.optional([self.COMMA]):
                return

    def parse_field(self):
        name = self.optional([self.NAME])
        if not name:
            return
        self.current_field_name, self.current_field_line = name.value, self.lineno
        self.required([self.EQUALS])
        self.parse_value()

    def parse_value(self):
        self.value_length = 0
        super().parse_value()

    def value_opened(self) -> tuple[str, int]:
        """The first character of the value part being read ('{', '"', ...) and its line."""
        start = _SPACE.match(self.text, self.value_start).end()
        return self.text[start:start + 1], self.value_start_line + self.text.count("\n", self.value_start, start)

    def parse_value_part(self):
        self.value_start, self.value_start_line, self.in_value = self.pos, self.lineno, True
        part = super().parse_value_part()
        self.in_value = False
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

    def substitute_macro(self, name):
        if name in self.macros:
            return self.macros[name]
        field_name = self.current_field_name or "the value"
        month = month_number(name) if field_name.lower() == "month" else None
        if month:
            self.notes.append(f"month = {name}: an undefined macro read as the month {MONTHS[month - 1].title()}")
            return MONTHS[month - 1].title()
        self.notes.append(f"{field_name} = {name}: '{name}' is not a defined macro (no @string{{{name} = ...}} "
                          f"before line {self.lineno}): its name is kept as the text")
        return name


class _FileReader:
    """Reads one file's pieces in order, keeping the macros, the limits' counts and the keys."""

    def __init__(self, text: str, filename: str):
        self.text, self.filename = text, filename
        self.pieces = BibtexPieces(text)
        self.macros = CaseInsensitiveDict(month_names)
        self.person_fields = CaseInsensitiveSet(Person.valid_roles)
        self.expanded = self.names = self.commands = 0
        self.read = ReadBibtex(BibliographyData())
        self.undecoded = bool(_UNDECODED.search(text))  # bytes that are not UTF-8 (``decode_text``)

    def read_all(self) -> ReadBibtex:
        position = 0
        while (piece := self.pieces.piece_at(position)) is not None:
            try:
                position = self._piece(piece)
            except _LimitPassed as error:
                raise ImportFailed(f"{self.filename}:{error.lineno}: {error.reason}") from None
        return self.read

    def _piece(self, piece: Piece) -> int:
        """Read one piece; returns where the next one starts."""
        if piece.kind == "text":
            self._stray(piece.start, piece.end, piece.line)
            return piece.end
        if piece.command == "comment":
            return piece.end
        if self.undecoded and _UNDECODED.search(self.text, piece.start, piece.end):
            self._not_utf8(piece)
            return piece.end
        self.commands += 1
        if self.commands > MAX_ENTRIES:
            raise ImportFailed(f"{self.filename}:{piece.line}: the file has more than {MAX_ENTRIES:,} entries "
                               "(counting @string and @preamble), more than is read")
        if piece.whole_end is not None:  # a line inside it starts an entry, but its braces balance further on
            try:
                whole = self._parse(self.text[piece.start:piece.whole_end], piece, repair=False)
                self._add(whole, piece)
                return piece.whole_end
            except _Unreadable:
                pass
        text = self.text[piece.start:piece.end]
        attempts = [(text, piece.end, [])]  # the entry's text, where it ends, how it was repaired
        after = _SPACE.match(self.text, piece.end).end()
        if piece.closed and self.text[after:after + 1] == ",":
            # "title = {X}}, year = ...": a '}' too many closed the entry; the text after it goes on.
            following = self.pieces.piece_at(after)
            if following and following.kind == "text":
                attempts.insert(0, (text[:-1] + self.text[piece.end:following.end], following.end, [
                    f"a '{text[-1]}' too many at line {self._line(piece, piece.end - 1)} closed the entry before "
                    "the fields after it: removed"]))
        reasons = []
        for text, end, notes in attempts:
            try:
                parsed = self._parse(text, piece, notes=notes)
                self._add(parsed, piece)
            except _Unreadable as error:
                reasons.append(error)
                continue
            rest = parsed.rest
            if rest.strip():  # after the entry's closing '}', before the next entry
                self._stray_text(rest, self._line(piece, end) - rest.count("\n") + _leading_lines(rest))
            return end
        reason, at, end = str(reasons[-1]), reasons[-1].line, attempts[0][1]
        if len(attempts) > 1:
            reason += (f"; the text after its '{text[-1]}' (lines {self._line(piece, piece.end)} to "
                       f"{self._line(piece, end)}) belongs to it and is not read either")
        found = (_MACRO_NAME if piece.command == "string" else _KEY).match(text)
        self.read.order.append(BrokenEntry(found.group(1) if found else "", piece.command, piece.line, reason, at))
        return end

    def _not_utf8(self, piece: Piece) -> None:
        """Skip an entry holding bytes that are not UTF-8, naming the first as ``decode_text`` would."""
        byte = _UNDECODED.search(self.text, piece.start, piece.end)
        line = self._line(piece, byte.start())
        column = byte.start() - self.text.rfind("\n", 0, byte.start())
        found = _KEY.match(self.text, piece.start)
        key = _readable(found.group(1)) if found else ""
        self.read.order.append(BrokenEntry(key, piece.command, piece.line, (
            f"not utf-8 text at line {line}: the byte 0x{ord(byte.group()) - 0xDC00:02X} at column {column} "
            "cannot be read as utf-8; if the file is Latin-1 (ISO 8859-1, common in older .bib files), run again "
            "with --encoding latin-1, or save it as UTF-8"), line))

    def _line(self, piece: Piece, position: int) -> int:
        return piece.line + self.text.count("\n", piece.start, position)

    def _stray(self, start: int, end: int, line: int) -> None:
        self._stray_text(self.text[start:end], line)

    def _stray_text(self, text: str, line: int) -> None:
        """Text between entries: a comment, unless it looks like part of an entry (then named)."""
        shown = stray_text(_readable(text))
        if shown:
            self.read.order.append(BrokenEntry("", "", line, (
                f"text outside any entry, not read: '{shown}'; if it belongs to the entry above, that entry was "
                "closed too early (a '}' too many?); otherwise delete it, or start it with % to keep it as a "
                "comment")))

    def _parse(self, text: str, piece: Piece, *, repair: bool = True, notes: list[str] | None = None) -> _Parsed:
        """Parse one entry's text, repairing a missing comma, a year written after the month, a
        missing key and an entry not closed (each with a note), or raise ``_Unreadable``."""
        notes = list(notes or [])
        keyless = _KEYLESS.match(text) if piece.command not in ("string", "preamble") else None
        if keyless:
            text = text[:keyless.end()] + _NO_KEY + ("" if keyless.group(2) == "," else ",") + text[keyless.end():]
        year_from_month, closed_here, first_reason = None, False, None
        for _attempt in range(MAX_REPAIRS + 1):
            scanner = _EntryScanner(text, piece.line, self.macros, self.filename, self.expanded)
            try:
                command, arguments = scanner.parse_command()
            except _LimitPassed:
                raise
            except PybtexSyntaxError as error:
                if not repair:
                    raise _Unreadable(*_reason(error, scanner, text)) from None
                position = error.error_context_info[2]
                fixed = _comma_or_month(text, position, error, scanner)
                if fixed:
                    text, note, year = fixed
                    notes.append(note)
                    year_from_month = year or year_from_month
                    continue
                if not piece.closed and not closed_here and not text[position:].strip():
                    closed_here, first_reason = True, _reason(error, scanner, text)
                    text = text.rstrip() + "\n" + _closing(text)
                    continue
                raise _Unreadable(*(first_reason or _reason(error, scanner, text))) from None
            break
        else:
            raise _Unreadable(f"malformed BibTeX: more than {MAX_REPAIRS} commas are missing between its fields "
                              "(is it BibTeX?); correct the entry", piece.line)
        if closed_here:
            swallowed = next(((name, line) for (name, parts), line in zip(scanner.current_fields, scanner.field_lines)
                              if _FIELD_LINE.search("".join(parts))), None)
            if swallowed:
                raise _Unreadable(f"malformed BibTeX at line {swallowed[1]}: the value of '{swallowed[0]}' there is "
                                  f"not closed (it runs on over the fields after it, to line "
                                  f"{self._line(piece, piece.end)}); add its '}}' where the value ends", swallowed[1])
            notes.append(f"the entry is not closed before the next entry (line {self._line(piece, piece.end)}): "
                         f"a '{_closing(text)}' was added at its end")
        if year_from_month and command.lower() not in ("string", "preamble"):
            if not any(name.lower() == "year" for name, _ in arguments[1]):
                arguments[1].append(("year", [year_from_month]))
                scanner.field_lines.append(piece.line)
                notes = [note + " and read as the entry's year (it has no year field)" if note.startswith("month:")
                         else note for note in notes]
        return _Parsed(command, arguments, scanner.field_lines, notes + scanner.notes, scanner.total_length,
                       text[scanner.pos:])

    def _add(self, parsed: _Parsed, piece: Piece) -> None:
        """Add what one piece defines: a macro, the preamble, or an entry (under a key of its own)."""
        kind = parsed.command.lower()
        if kind == "string":
            name, value = parsed.arguments
            self.macros[name] = "".join(value)
        elif kind == "preamble":
            self.read.data.add_to_preamble(normalize_whitespace("".join(parsed.arguments[0])))
        else:
            key, fields = parsed.arguments
            self.names += sum(len(re.findall(r"\s[Aa][Nn][Dd]\s", "".join(value))) + 1
                              for name, value in fields if name in self.person_fields)
            if self.names > MAX_NAMES:
                raise ImportFailed(f"{self.filename}:{piece.line}: the entry '{key}' brings the authors and editors "
                                   f"of the file to more than {MAX_NAMES:,}, more than is read")
            entry, notes = self._entry(parsed)
            self._add_entry(key, entry, piece.line, notes)
        self.expanded = parsed.expanded

    def _entry(self, parsed: _Parsed) -> tuple[Entry, list[str]]:
        """The entry's fields and people, each field once (see the module's docstring)."""
        entry, notes = Entry(parsed.command), list(parsed.notes)
        seen: dict[str, tuple[str, int]] = {}  # field (lowercase) -> (value, line)
        for (name, parts), line in zip(parsed.arguments[1], parsed.field_lines):
            value, lower = normalize_whitespace("".join(parts)), name.lower()
            if lower in seen:
                first, first_line = seen[lower]
                twice = f"{name} given twice (lines {first_line} and {line})"
                if value == first or not value.strip():
                    notes.append(f"{twice} with the same value: kept once" if value == first
                                 else f"{twice}, the second time empty: kept the first")
                    continue
                if first.strip() and lower in IDENTITY_FIELDS:
                    raise _Unreadable(f"{twice} with different values, '{first}' and '{value}': which one is this "
                                      f"paper's is unclear; keep one of them", line)
                if first.strip():
                    notes.append(f"{twice} with different values: kept the first, the second was '{value}'")
                    continue
                notes.append(f"{twice}, the first time empty: kept the second")
                entry.persons.pop(name, None)
            seen[lower] = (value, line)
            try:
                if name in self.person_fields:
                    for person in split_name_list(value):
                        entry.add_person(Person(person), name)
                else:
                    entry.fields[name] = value
            except PybtexError as error:
                raise _Unreadable(f"field '{name}' (line {line}): {error}", line) from None
        return entry, notes

    def _add_entry(self, key: str, entry: Entry, line: int, notes: list[str]) -> None:
        entries = self.read.data.entries
        if key == _NO_KEY:
            key = _unique(_made_key(entry, line), entries)
            notes.insert(0, f"the entry has no citation key: it is read as '{key}' (made from its first author, "
                            "year and title); write a key after its '{' to choose one")
        elif key in entries:
            first_line = self.read.lines[key.lower()]
            if entries[key] == entry:
                self.read.repairs[key.lower()].append(f"the entry at line {line} is this entry again (same key "
                                                      "and fields): read once")
                return
            new_key = _unique(key, entries)
            notes.insert(0, f"the citation key '{key}' is used twice, at line {first_line} and at line {line}: "
                            f"this entry's key is now '{new_key}'; give it a key of its own in the .bib file")
            key = new_key
        self.read.data.add_entry(key, entry)
        self.read.lines[key.lower()] = line
        self.read.repairs[key.lower()] = notes
        self.read.order.append(key)


def _readable(text: str) -> str:
    """``text`` with each byte that was not UTF-8 shown as the replacement character (printable)."""
    return _UNDECODED.sub("\ufffd", text)


def _leading_lines(text: str) -> int:
    """The blank lines ``text`` starts with."""
    return text[:len(text) - len(text.lstrip())].count("\n")


def _closing(text: str) -> str:
    """The delimiter that ends the entry ``text`` opens."""
    found = re.match(r"@[^{(]*([{(])", text)
    return ")" if found and found.group(1) == "(" else "}"


def _comma_or_month(text: str, position: int, error: PybtexSyntaxError,
                    scanner: _EntryScanner) -> tuple[str, str, str | None] | None:
    """The entry's text repaired where it stops for a ``}`` at ``position``: the year written after
    a month (``month = July 2020``) taken out of it, or a comma added before the next ``name =``;
    with the note, and the year."""
    if not isinstance(error, TokenRequired) or str(error.args[0]) not in ("'}' expected", "')' expected"):
        return None
    if scanner.current_entry_key is None:
        return None
    field_name = scanner.current_field_name or ""
    year = _YEAR_AFTER_MONTH.match(text, position) if field_name.lower() == "month" else None
    if year:
        return (text[:position] + text[year.end():], f"month: the year {year.group(1)} written after the month at "
                f"line {error.lineno} taken out of it", year.group(1))
    following = _FIELD_START.match(text, position)
    if not following:
        return None
    return (text[:position] + "," + text[position:],
            f"a comma was missing before '{following.group(1)}' at line {error.lineno}: added", None)


def _reason(error: PybtexSyntaxError, scanner: _EntryScanner, text: str) -> tuple[str, int]:
    """What is wrong with an entry pybtex cannot read, from where, and what to change; and the line."""
    message, line = str(error.args[0]), error.lineno
    position = min(error.error_context_info[2], len(text))
    near = text[position:].split("\n", 1)[0].strip()
    near = f" (at '{near[:40]}')" if near else ""
    name = scanner.current_field_name
    opener, value_line = scanner.value_opened()
    at_end = isinstance(error, PrematureEOF) or not text[position:].strip()
    unclosed = scanner.in_value and opener in ('"', "{")
    if unclosed and (at_end or (message == "unbalanced braces" and opener == '"')):
        close = "the closing '\"'" if opener == '"' else "its '}'"
        value = f"the value of '{name}'" if name else "the value"
        return (f"malformed BibTeX at line {value_line}: {value} opened with '{opener}' there is not "
                f"closed (the entry ends at line {line} inside it); add {close} where the value ends"), value_line
    if at_end:
        fix = f"the entry is not closed: end it with '{_closing(text)}'"
    elif message == "too many nested braces":
        fix = f"the value of '{name}' (line {value_line}) nests braces more than 100 deep: remove the extra ones"
    elif message == "unbalanced braces":
        fix = f"a '}}' in the value of '{name}' closes a brace never opened: remove it or add its '{{'"
    elif message == "'=' expected":
        fix = f"write '{name} = ' and the value (a field is name = {{value}})"
    elif message == "field value expected":
        fix = f"give '{name}' a value in braces: {name} = {{...}}"
    elif message in ("'}' expected", "')' expected"):
        after = f"after '{name}' " if name else ""
        fix = f"the entry should end, or go on with a comma, {after}here: correct the text at this place"
    else:
        fix = "correct the entry at this place"
    return f"malformed BibTeX at line {line}: {message}{near}; {fix}", line


def _made_key(entry: Entry, line: int) -> str:
    """A citation key as BibTeX tools make them: first author's family name, year, first long word
    of the title (``example2020shapes``), in plain letters; ``entry-at-line-N`` without them."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    family = re.sub(r"[^A-Za-z]", "", "".join(people[0].last_names)).lower() if people else ""
    year = "".join(re.findall(r"\d", entry.fields.get("year", "")))[:4]
    words = [word for word in re.findall(r"[A-Za-z]+", entry.fields.get("title", "")) if len(word) > 3]
    made = f"{family}{year}{words[0].lower() if words else ''}"
    return made if re.search(r"[a-z]", made) else f"entry-at-line-{line}"


def _unique(key: str, entries) -> str:
    """``key``, or ``key-2``, ``key-3``, ... : the first no entry has (keys compare regardless of case)."""
    candidate, number = key, 2
    while candidate in entries:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def read_bibtex_text(text: str, filename: str) -> ReadBibtex:
    """Every entry of one file's text, repaired where the intent is plain (``ReadBibtex.repairs``),
    and what cannot be read, with its line and reason (``ReadBibtex.broken``). A limit passed
    refuses the whole file: ``ImportFailed`` naming ``filename:line``."""
    return _FileReader(text, filename).read_all()


def _problems(read: ReadBibtex, filename: str) -> list[str]:
    """What was not read, and each repair, as ``file:line: message`` lines."""
    problems = [f"{filename}:{item.at or item.line}: {item.reason}" for item in read.broken]
    return problems + [f"{filename}:{read.lines[key]}: {key}: needs a repair: {note}"
                       for key, notes in read.repairs.items() for note in notes]


def parse_bibtex(text: str, filename: str) -> tuple[BibliographyData, dict[str, int]]:
    """Parse one file that must be read as written: anything repaired or not read raises
    ``ImportFailed`` naming ``filename:line``."""
    read = read_bibtex_text(text, filename)
    problems = _problems(read, filename)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ImportFailed(problems[0] + more)
    return read.data, read.lines


def decode_text(raw: bytes, filename: str, encoding: str = "utf-8", *, as_written: bool = False,
                per_entry: bool = False) -> str:
    """``raw`` as text with ``\n`` line ends: a byte-order mark is dropped, CRLF and CR become LF
    (unless ``as_written``). Bytes that are not ``encoding`` raise ``ImportFailed`` naming the file
    and the line, and for a .bib file (not ``as_written``) the ``--encoding`` that may read it;
    with ``per_entry`` (a UTF-8 .bib file), they are kept as they are (``surrogateescape``) for
    ``read_bibtex_text`` to skip only the entries that hold them."""
    codec = codecs.lookup(encoding).name
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" and not as_written else encoding)
    except UnicodeDecodeError as error:
        if per_entry and codec == "utf-8" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
            return text.replace("\r\n", "\n").replace("\r", "\n")
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


def read_bibtex_file(path: Path, repairs: list[str] | None = None) -> tuple[BibliographyData, dict[str, int]]:
    """One small .bib file (a ``cite.bib``), UTF-8: its data and the lines of its entries. Part of it
    that cannot be read raises ``ImportFailed`` naming the file and line; so does a repair, unless
    ``repairs`` is given: then each is added to it (``file:line: repaired: ...``)."""
    try:
        raw = read_limited(path, str(path))
    except InputRefused as error:
        raise ImportFailed(str(error)) from None
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror or error})") from None
    if repairs is None:
        return parse_bibtex(decode_text(raw, str(path)), str(path))
    read = read_bibtex_text(decode_text(raw, str(path)), str(path))
    if read.broken:
        raise ImportFailed(_problems(read, str(path))[0])
    repairs += [f"{path}:{read.lines[key]}: repaired: {note}" for key, notes in read.repairs.items() for note in notes]
    return read.data, read.lines
