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

Cutting a file of thousands of papers takes longer than parsing the one that changed, so after an
edit only the stretch of the text that differs from the previous read is cut again (a cut depends
only on the few characters around it); the papers before and after it are the previous read's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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


class _Layout(NamedTuple):
    """Where a file's papers are: what ``_split`` finds, and what the next read's edit is cut by."""

    text: str
    outline: str  # the file with its papers blanked out (same lines)
    items: list[_Item]
    cuts: list[int]  # where each item starts in ``text``
    body: tuple[int, int]  # where the papers' lines start and end in ``text``
    indent: str  # of the items' "-"


class ChunkedReader:
    """Parses a publication list, reusing the papers whose text did not change since last time."""

    def __init__(self, load: Loader) -> None:
        self._load = load  # parses a whole text: load_marked_yaml(text, filename)
        # an item's text -> (its value, the line of its "-", the line its text started on)
        self._known: dict[str, tuple[Any, int, int]] = {}
        self._layout: _Layout | None = None  # how the last read's text was cut, if it was

    def read(self, text: str, filename: str) -> Any:
        layout = None
        if self._known and self._layout is not None:
            try:
                layout = _split_after_edit(self._layout, text)
            except Exception:  # noqa: BLE001 - any surprise: cut the whole text instead
                layout = None
        if layout is None:
            layout = _split(text)
        self._layout = None
        if layout is not None and self._known:
            try:
                document = self._read_pieces(layout.outline, layout.items, filename)
                self._layout = layout
                return document
            except Exception:  # noqa: BLE001 - any surprise: the whole file decides, errors included
                pass
        self._known = {}
        document = self._load(text, filename)
        if layout is not None and self._remember(document, layout.items):
            self._layout = layout
        return document

    def _remember(self, document: Any, items: list[_Item]) -> bool:
        """After a whole read, note each paper's value under its text, if the cuts match the items."""
        papers = document.get("papers") if isinstance(document, MarkedDict) else None
        if not isinstance(papers, MarkedList) or len(papers) != len(items):
            return False
        if any(line != item.first_line for line, item in zip(papers.item_lines, items)):
            return False
        self._known = {item.text: (value, item.first_line, item.first_line)
                       for item, value in zip(items, papers)}
        return True

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


def _split(text: str) -> _Layout | None:
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
    return _Layout(text, outline, items, [body_start + cut for cut in cuts], (body_start, body_end),
                   first.group(1))


def _split_after_edit(previous: _Layout, text: str) -> _Layout | None:
    """``_split(text)``, where ``text`` is ``previous.text`` edited in one stretch among the papers:
    only the items that stretch touches are cut again. None if the edit is elsewhere or unclear.

    A cut is a line that starts with the items' indent and "- "; whether a place is one depends
    only on the characters from the line end before it to the space after the "-". So the cuts
    before the stretch, and those after it (moved by the change in length), are the previous ones.
    """
    old = previous.text
    start, old_end, new_end = _changed_stretch(old, text)
    if start is None:
        return previous  # the very same text
    if "\r" in text[start:new_end]:
        return None  # as _split
    cuts, (body_start, body_end), indent = previous.cuts, previous.body, previous.indent
    at_end = body_end == len(old)  # no key after the papers
    if start <= body_start or not (old_end < body_end or (at_end and old_end <= body_end)):
        return None  # the edit touches the outline or the papers' edge
    reach = len(indent) + 2  # a cut at c reads the text from c - 1 to c + reach
    first = bisect_right(cuts, start - reach) - 1  # the last cut the edit leaves whole, before it
    if first < 0:
        return None  # before the first paper (blank lines and comments only, or not)
    after = bisect_left(cuts, old_end + 1)  # the first cut the edit leaves whole, after it
    shift = len(text) - len(old)
    cut_from = cuts[first]
    cut_to = cuts[after] + shift if after < len(cuts) else body_end + shift
    if _NEXT_TOP_LEVEL_KEY.search(text, cut_from - 1, cut_to):
        return None  # a key at the top level now ends the papers there
    middle = [match.start() + 1 for match in _item_start_at(indent).finditer(text, cut_from - 1, cut_to)]
    if not middle or middle[0] != cut_from:
        return None
    old_to = cuts[after] if after < len(cuts) else body_end
    lines_added = text.count("\n", cut_from, cut_to) - old.count("\n", cut_from, old_to)
    items = previous.items[:first]
    line = previous.items[first].first_line
    for begin, end in zip(middle, middle[1:] + [cut_to]):
        items.append(_Item(text[begin:end], line))
        line += text.count("\n", begin, end)
    # Their text is the previous items' (the same strings: their hashes are known), moved down.
    if lines_added:
        items += [_Item(item.text, item.first_line + lines_added) for item in previous.items[after:]]
    else:
        items += previous.items[after:]
    new_body = (body_start, body_end + shift)
    outline = previous.outline
    if lines_added:  # the papers' blank lines in the outline, and the lines of the keys after them
        outline = text[:body_start] + "\n" * text.count("\n", body_start, new_body[1]) + text[new_body[1]:]
    return _Layout(text, outline, items, cuts[:first] + middle + [cut + shift for cut in cuts[after:]],
                   new_body, indent)


_BLOCK = 1 << 16


def _changed_stretch(old: str, new: str) -> tuple[int | None, int, int]:
    """Where ``new`` differs from ``old``: (start, end in old, end in new), the text before start
    and after the ends being the same in both; (None, 0, 0) if they are equal. Compared a block at
    a time (a block's comparison is one ``memcmp``), then halving the block that differs."""
    if old == new:
        return None, 0, 0
    shortest = min(len(old), len(new))
    start = _common_length(lambda at, size: old[at:at + size] == new[at:at + size], shortest)
    common_end = _common_length(
        lambda at, size: old[len(old) - at - size:len(old) - at] == new[len(new) - at - size:len(new) - at],
        shortest - start)
    return start, len(old) - common_end, len(new) - common_end


def _common_length(same: Callable[[int, int], bool], limit: int) -> int:
    """How many leading units agree, given ``same(at, size)`` for the units at..at + size."""
    at = 0
    while at < limit:
        size = min(_BLOCK, limit - at)
        if same(at, size):
            at += size
            continue
        while size > 1:  # the first difference is within at..at + size
            half = size // 2
            if same(at, half):
                at += half
                size -= half
            else:
                size = half
        return at
    return at


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
