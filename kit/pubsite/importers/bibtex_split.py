"""A .bib file's text cut into its entries, each with its line, before pybtex reads any of them:
so that one broken entry costs only itself.

An entry is ``@type{...}`` or ``@type(...)`` (``@string``, ``@preamble`` and ``@comment`` too) and
ends where its braces balance (a ``(`` entry: at the ``)`` outside braces and quotes), as BibTeX
reads it. An entry that lacks its last ``}`` would swallow every entry after it, so an entry is
also cut where a line begins with ``@type{`` or ``@type(``; where its braces do balance a little
further on, that longer text is offered too (``Piece.whole_end``), for the reader to try first: the
line may be inside a value (a note quoting BibTeX). What lies between entries is a comment for
BibTeX; ``stray_text`` says when it looks like a lost part of an entry instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# "@type{" or "@type(", anywhere outside an entry (BibTeX's rule), and at the start of a line.
_START = re.compile(r"@[ \t]*([A-Za-z_][\w.:+-]*)[ \t\r\n]*([{(])")
_LINE_START = re.compile(r"^[ \t]*(@)[ \t]*[A-Za-z_][\w.:+-]*[ \t]*[{(]", re.MULTILINE)
_SPACE = re.compile(r"\s*")
_BRACES = re.compile(r"[{}]")
_PAREN_BODY = re.compile(r'[{}()"]')
_COMMENT_LINE = re.compile(r"^[ \t]*%.*$", re.MULTILINE)
_LOOKS_LIKE_BIBTEX = re.compile(r"[={}]")
LOOK_PAST = 20_000  # characters past a line that starts an entry, for an entry's braces to balance


@dataclass(frozen=True)
class Piece:
    """An entry's text (``kind`` "entry") or the text between two entries (``kind`` "text")."""

    kind: str
    start: int
    end: int  # after the entry's closing '}' or ')', or where it was cut (``closed`` False)
    line: int
    command: str = ""  # the entry's type, lowercase: "article", "string", "comment"
    closed: bool = True  # its braces balance before the next line that starts an entry
    whole_end: int | None = None  # where its braces balance, past such a line


class BibtexPieces:
    """The pieces of one file's text, one after another (``piece_at``), with their lines."""

    def __init__(self, text: str):
        self.text = text
        self.entry_lines = [match.start(1) for match in _LINE_START.finditer(text)]
        self._line, self._counted = 1, 0

    def line_at(self, position: int) -> int:
        """The line of ``position``; counted on from the last position asked (they only grow)."""
        if position < self._counted:
            self._line, self._counted = 1, 0
        self._line += self.text.count("\n", self._counted, position)
        self._counted = position
        return self._line

    def piece_at(self, position: int) -> Piece | None:
        """The piece that starts at ``position``: the next entry, or the text before it (``None``
        at the end). Blank text between entries is passed over."""
        text = self.text
        position = _SPACE.match(text, position).end()
        if position >= len(text):
            return None
        match = _START.search(text, position)
        if match is None or match.start() > position:
            end = match.start() if match else len(text)
            return Piece("text", position, end, self.line_at(position))
        start, body, opener = match.start(), match.end(), match.group(2)
        line = self.line_at(start)
        following = bisect_right(self.entry_lines, start)
        cut = self.entry_lines[following] if following < len(self.entry_lines) else None
        limit = len(text) if cut is None else min(len(text), cut + LOOK_PAST)
        end = _balanced_end(text, body, opener, limit)
        command = match.group(1).lower()
        if end is not None and (cut is None or end <= cut):
            return Piece("entry", start, end, line, command)
        return Piece("entry", start, cut if cut is not None else len(text), line, command, closed=False,
                     whole_end=end)


def _balanced_end(text: str, body: int, opener: str, limit: int) -> int | None:
    """Where the entry whose body starts at ``body`` ends (after its closing delimiter), looking no
    further than ``limit``; ``None`` if its braces do not balance by then."""
    if opener == "{":
        depth = 1
        for brace in _BRACES.finditer(text, body, limit):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                return brace.end()
        return None
    depth, quoted = 0, False
    for mark in _PAREN_BODY.finditer(text, body, limit):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char == '"':
            quoted = not quoted
        elif depth == 0 and char == ")" and not quoted:
            return mark.end()
    return None


def stray_text(text: str) -> str | None:
    """Text between entries that looks like a lost part of an entry (a field, a brace), shortened
    for a message; ``None`` for a comment (lines starting with ``%`` or prose), as BibTeX reads it."""
    kept = _COMMENT_LINE.sub("", text).strip()
    if not _LOOKS_LIKE_BIBTEX.search(kept):
        return None
    words = " ".join(kept.split())
    return words if len(words) <= 60 else words[:57] + "..."
