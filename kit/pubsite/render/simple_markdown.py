"""A fast renderer for the plainest summaries and notes, giving exactly what Python-Markdown gives.

Python-Markdown with SmartyPants takes about a millisecond for a paragraph, most of it trying
patterns that plain prose never matches. Most summaries are one line of words with ``*emphasis*``
and ``[links](https://...)``; for those, this module writes the same HTML directly. Anything else
(quotes, code, HTML, several paragraphs, nesting, ...) is left to Python-Markdown: ``render``
returns None, and ``inline_markdown`` falls back.

What is accepted, and what Python-Markdown + smarty make of it:

* one line, no leading or trailing space, only printable characters, starting with a letter, a
  digit (not ``1.`` or ``1)``, which would start a list), ``*``, ``[`` or ``(``;
* no ``& < >`` (escaped before rendering), ``\\``, backticks, double quotes, ``**``;
* ``*text*`` after the start, a space or ``(``, and before the end, a space or ``,.;:?!)``: ``<em>``;
* ``[text](http(s)://address)``, not after ``!``, the address without spaces, quotes, brackets
  or ``*``: ``<a href>``;
* ``'`` between two letters: ``&rsquo;``; ``_`` between two letters or digits: itself;
* ``--`` and ``---``: ``&ndash;`` and ``&mdash;``; exactly three dots: ``&hellip;``.

tests/test_generation_speed_invariants.py compares this with Python-Markdown on many thousands of
texts inside and just outside these rules.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

_TOKEN = re.compile(
    r"\*([^*]+)\*"  # emphasis
    r"|\[([^\[\]]+)\]\((https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$+,;=%]*)\)"  # link
)
_REJECT = re.compile(r"[\\`<>&\[\]*\"]")
_LIST_START = re.compile(r"\d+[.)]")
_RUNS = re.compile(r"-{2,}|\.{3,}")
_SMART = {"--": "&ndash;", "---": "&mdash;", "...": "&hellip;"}
_EM_BEFORE = " ("
_EM_AFTER = " ,.;:?!)"


class Rendered(NamedTuple):
    html: str  # the paragraph's content, without <p>
    plain: str  # its text with entities decoded and whitespace as written
    targets: tuple[str, ...]  # link addresses, in order


def _smarty(text: str) -> str | None:
    """HTML for a run of plain text, or None when it holds something this module does not handle."""
    if _REJECT.search(text):
        return None
    for mark, neighbour_ok in (("'", str.isalpha), ("_", str.isalnum)):
        start = text.find(mark)
        while start != -1:
            if not (0 < start < len(text) - 1 and neighbour_ok(text[start - 1]) and neighbour_ok(text[start + 1])):
                return None
            start = text.find(mark, start + 1)
    if "--" in text or "..." in text:
        text = _RUNS.sub(lambda match: _SMART.get(match.group(), match.group()), text)
    return text.replace("'", "&rsquo;")


def render(text: str) -> Rendered | None:
    """What Python-Markdown renders ``text`` to, if ``text`` is plain enough; None otherwise."""
    if not text or not text.isprintable() or text != text.strip():
        return None
    if not (text[0].isalnum() or text[0] in "*[(") or _LIST_START.match(text):
        return None
    parts: list[str] = []
    targets: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        plain = _smarty(text[position:start])
        if plain is None:
            return None
        parts.append(plain)
        emphasis, label, target = match.groups()
        if emphasis is not None:
            if (start and text[start - 1] not in _EM_BEFORE) or (end < len(text) and text[end] not in _EM_AFTER):
                return None
            if emphasis != emphasis.strip():
                return None
            inner = _smarty(emphasis)
            if inner is None:
                return None
            parts.append(f"<em>{inner}</em>")
        else:
            if start and text[start - 1] == "!":
                return None
            inner = _smarty(label)
            if inner is None:
                return None
            parts.append(f'<a href="{target}">{inner}</a>')
            targets.append(target)
        position = end
    plain = _smarty(text[position:])
    if plain is None:
        return None
    parts.append(plain)
    rendered = "".join(parts)
    words = html.unescape(re.sub(r"<[^>]*>", "", rendered)) if "<" in rendered or "&" in rendered else rendered
    return Rendered(rendered, words, tuple(targets))
