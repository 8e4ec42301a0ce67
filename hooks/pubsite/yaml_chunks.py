"""Read the publication list again after an edit by parsing only the papers that changed.

``mkdocs serve`` reads ``publications.yml`` after every save. With thousands of papers, parsing the
whole file each time would make every edit wait for all of them. The papers are the items of the
``papers:`` sequence; each item's text is parsed on its own, and an item whose text (and line) did
not change since the previous read is reused.

This is only a shortcut: the result is always what parsing the whole file gives. The file is cut
only at lines that start an item of the ``papers:`` sequence (deeper lines cannot, and a cut inside
a quoted string leaves a piece that does not parse). Anything that ties items together (an alias to
an anchor in another item, a document marker) makes a piece fail on its own too. Whenever a piece
does not parse, or the file is not shaped as expected, the whole file is parsed, so errors are
reported exactly as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, NamedTuple

from .yaml_source import MarkedDict, MarkedList

# Each pattern starts with a literal, which ``re`` finds quickly; a multiline ``^`` would be
# tried at every character of the file (a good part of an edit's wait at thousands of papers).
_PAPERS_KEY = re.compile(r"papers:[ \t]*(?:#[^\n]*)?\n")   # matched where a line starts, see _split
_NEXT_TOP_LEVEL_KEY = re.compile(r"\n[^\s#\-]")             # the line after the "\n"
_ITEM_START = re.compile(r"\n([ \t]*)-[ \t]")               # the line after the "\n"

Loader = Callable[[str, str], Any]


class _Item(NamedTuple):
    text: str
    first_line: int


class ChunkedReader:
    """Parses a publication list, reusing the papers whose text did not change since last time."""

    def __init__(self, load: Loader) -> None:
        self._load = load  # parses a whole text: load_marked_yaml(text, filename)
        # an item's text -> (its value, the line of its "-", the line its text started on)
        self._known: dict[str, tuple[Any, int, int]] = {}

    def read(self, text: str, filename: str) -> Any:
        pieces = _split(text)
        if pieces is not None and self._known:
            try:
                return self._read_pieces(*pieces, filename)
            except Exception:  # noqa: BLE001 - any surprise: the whole file decides, errors included
                pass
        self._known = {}
        document = self._load(text, filename)
        if pieces is not None:
            self._remember(document, pieces[1])
        return document

    def _remember(self, document: Any, items: list[_Item]) -> None:
        """After a whole read, note each paper's value under its text, if the cuts match the items."""
        papers = document.get("papers") if isinstance(document, MarkedDict) else None
        if not isinstance(papers, MarkedList) or len(papers) != len(items):
            return
        if any(line != item.first_line for line, item in zip(papers.item_lines, items)):
            return
        self._known = {item.text: (value, item.first_line, item.first_line)
                       for item, value in zip(items, papers)}

    def _read_pieces(self, outline: str, items: list[_Item], filename: str) -> Any:
        document = self._load(outline, filename)
        if not isinstance(document, MarkedDict) or document.get("papers") is not None:
            raise ValueError("not a mapping with an empty 'papers:' once the papers are cut out")
        known: dict[str, tuple[Any, int, int]] = {}
        papers = MarkedList()
        papers.item_lines = []
        for item in items:
            entry = known.get(item.text) or self._known.get(item.text)
            if entry is None:
                alone = self._load(item.text, filename)
                if not isinstance(alone, MarkedList) or len(alone) != 1:
                    raise ValueError("an item that is not exactly one sequence item")
                entry = (alone[0], alone.item_lines[0], 1)
            value, item_line, first_line = entry
            if first_line != item.first_line:  # the paper moved: its lines move with it
                shift = item.first_line - first_line
                value, item_line, first_line = _shifted(value, shift), item_line + shift, item.first_line
            known[item.text] = (value, item_line, first_line)
            papers.append(value)
            papers.item_lines.append(item_line)
        papers.line = papers.item_lines[0]
        document["papers"] = papers  # the key exists already: its place and line are kept
        self._known = known
        return document


def _split(text: str) -> tuple[str, list[_Item]] | None:
    """The file with its papers blanked out (same lines), and each paper's text; or None."""
    if "\r" in text:
        return None
    found = []  # each "papers:" key at the start of a line (str.find goes through text fastest)
    start = text.find("papers:")
    while start != -1:
        if start == 0 or text[start - 1] == "\n":
            match = _PAPERS_KEY.match(text, start)
            if match:
                found.append(match)
        start = text.find("papers:", start + 1)
    if len(found) != 1:
        return None
    body_start = found[0].end()
    later_key = _NEXT_TOP_LEVEL_KEY.search(text, body_start - 1)  # body_start follows a "\n"
    body_end = later_key.start() + 1 if later_key else len(text)
    body = text[body_start:body_end]
    # Searched from the "\n" before the body: a match starting at i is the line at i + 1 of text.
    first = _ITEM_START.search(text, body_start - 1, body_end)
    if first is None:
        return None
    # Items are the lines at the first item's indent; searching for exactly that (a literal
    # start) passes over the deeper items (authors, links) instead of matching each of them.
    same_indent = _item_start_at(first.group(1))
    cuts = [match.start() - body_start + 1 for match in same_indent.finditer(text, first.start(), body_end)]
    if any(line.strip() and not line.lstrip().startswith("#") for line in body[:cuts[0]].splitlines()):
        return None
    line = text.count("\n", 0, body_start) + 1 + body.count("\n", 0, cuts[0])
    items = []
    for start, end in zip(cuts, cuts[1:] + [len(body)]):
        items.append(_Item(body[start:end], line))
        line += body.count("\n", start, end)
    outline = text[:body_start] + "\n" * body.count("\n") + text[body_end:]
    return outline, items


@lru_cache(maxsize=8)
def _item_start_at(indent: str) -> re.Pattern[str]:
    """``_ITEM_START`` for items at exactly ``indent``."""
    return re.compile("\n" + re.escape(indent) + r"-[ \t]")


def _shifted(value: Any, offset: int) -> Any:
    """A copy of ``value`` with every line moved down by ``offset``."""
    if isinstance(value, MarkedDict):
        copy = MarkedDict((key, _shifted(item, offset)) for key, item in value.items())
        copy.line = value.line + offset
        copy.key_lines = {key: line + offset for key, line in value.key_lines.items()}
        return copy
    if isinstance(value, MarkedList):
        copy = MarkedList(_shifted(item, offset) for item in value)
        copy.line = value.line + offset
        copy.item_lines = [line + offset for line in value.item_lines]
        return copy
    return value
