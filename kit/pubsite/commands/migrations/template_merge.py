"""An owner's change to a copy of a kit template, carried onto the kit's newer template.

A template an owner changed stays theirs (an override in ``overrides/``). Left as it is, it would
also keep the rest of the old kit's template, hiding what the kit changed since. So the owner's
change (the copy against the kit's version it came from) is merged with the kit's own change (that
version against the new kit's template), line by line, as ``diff3`` does: where the two touch
different lines, the result is the new template with the owner's lines in it; where they touch the
same lines, there is no merge and the owner's copy stays as it is, named in the report.
"""

from __future__ import annotations

import difflib
import re


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge(base: str, owner: str, new: str) -> str | None:
    """``new`` with the owner's change of ``base`` (giving ``owner``) applied; None if the two
    changes touch the same or neighbouring lines."""
    base_lines = base.splitlines(keepends=True)
    ours = _changes(base_lines, owner.splitlines(keepends=True))
    theirs = _changes(base_lines, new.splitlines(keepends=True))
    for a_start, a_end, a_lines in ours:
        for b_start, b_end, b_lines in theirs:
            same = (a_start, a_end, a_lines) == (b_start, b_end, b_lines)
            if not same and a_start <= b_end and b_start <= a_end:
                return None
    changes = sorted({(start, end, tuple(lines)) for start, end, lines in ours + theirs})
    result, position = [], 0
    for start, end, lines in changes:
        result.extend(base_lines[position:start])
        result.extend(lines)
        position = end
    result.extend(base_lines[position:])
    return "".join(result)


_PRINTS_HEAD = re.compile(r"\n[ \t]*\{%-?\s*if\s+page_head\s*-?%\}\s*\{\{-?\s*page_head\s*-?\}\}\s*"
                          r"\{%-?\s*endif\s*-?%\}[ \t]*(?=\n)")
_EXTRAHEAD = re.compile(r"\{%-?\s*block\s+extrahead\s*-?%\}(?P<body>.*?)\{%-?\s*endblock\b[^%]*%\}", re.S)


def prints_head(template: str) -> bool:
    """Whether ``template``'s extrahead block prints the page's head metadata (``page_head``)."""
    block = _EXTRAHEAD.search(template)
    return bool(block and "page_head" in block.group("body"))


def head_printed(base: str, main: str) -> bool:
    """Whether a page built with these ``base.html`` and ``main.html`` (which extends it) prints the
    head metadata: main.html's extrahead block prints it, or leaves the block to base.html's (no
    block of its own, or one calling ``{{ super() }}``) and base.html's prints it."""
    block = _EXTRAHEAD.search(main)
    if block is None:
        return prints_head(base)
    body = block.group("body")
    return "page_head" in body or ("super()" in body and prints_head(base))


def without_second_head(owner_main: str) -> str:
    """An owner's ``main.html`` (from a kit whose main.html printed ``page_head`` after
    ``{{ super() }}``) without those lines, for a kit whose base.html prints it: through
    ``super()`` it is printed once. Unchanged when its extrahead block does not call super()."""
    block = _EXTRAHEAD.search(owner_main)
    if not block or "super()" not in block.group("body"):
        return owner_main
    body = _PRINTS_HEAD.sub("", block.group("body"), count=1)
    return owner_main[:block.start("body")] + body + owner_main[block.end("body"):]
