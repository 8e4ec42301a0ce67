"""``$math$`` in titles: found once, by one rule, and turned into MathML, plain text or LaTeX.

A title such as ``$\\alpha$-divergence`` is written as LaTeX. The site shows it as MathML, which
browsers render themselves: no script, no font download, no CDN. Places that only take text (the
page's ``<title>``, meta tags, JSON-LD, feeds, RIS, CSL-JSON) get a Unicode approximation (α), and
BibTeX gets the LaTeX back unchanged.

The rule for what is math is Pandoc's, so that prices are not taken for math: an opening ``$`` is
followed by a non-space, a closing ``$`` is preceded by a non-space and not followed by a digit
(``$5 and $10`` is text). ``\\$`` is a literal dollar sign.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_math); text pieces have ``\\$`` already turned into ``$``."""
    if "$" not in text:  # no math and no escaped dollar: one piece of text (most titles)
        return [(text, False)] if text else []
    return _scan(text)


def _scan(text: str) -> list[tuple[str, bool]]:
    """``segments``, character by character."""
    pieces: list[tuple[str, bool]] = []
    plain: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if text.startswith("\\$", position):
            plain.append("$")
            position += 2
            continue
        if char == "$":
            end = _closing_dollar(text, position)
            if end is not None:
                if plain:
                    pieces.append(("".join(plain), False))
                    plain = []
                pieces.append((text[position + 1 : end], True))
                position = end + 1
                continue
        plain.append(char)
        position += 1
    if plain:
        pieces.append(("".join(plain), False))
    return pieces


def _closing_dollar(text: str, opening: int) -> int | None:
    """Where the math opened at ``opening`` ends, or None when that ``$`` is a plain dollar sign."""
    start = opening + 1
    if start >= len(text) or text[start].isspace() or text[start] == "$":
        return None
    position = start
    while True:
        position = text.find("$", position)
        if position == -1:
            return None
        before = text[position - 1]
        after = text[position + 1] if position + 1 < len(text) else ""
        if before.isspace():
            return None  # "$5 and $10": the first dollar after the opening decides
        if before != "\\" and not after.isdigit():
            return position
        position += 1


def has_math(text: str) -> bool:
    return any(is_math for _, is_math in segments(text))


def _mathml(latex: str) -> str:
    # Imported when a title has math: most lists have none, and the import takes 25 ms.
    from latex2mathml.converter import convert

    return convert(latex)


@cache
def _latex_to_text():
    from pylatexenc.latex2text import (
        LatexNodes2Text,  # as above: only for titles with math
    )

    return LatexNodes2Text()


def to_html(text: str) -> str:
    """Escaped HTML, with each math piece as inline MathML."""
    return "".join(_mathml(piece) if is_math else escape(piece) for piece, is_math in segments(text))


def to_plain(text: str) -> str:
    """Unicode text for places that cannot show markup: ``$\\alpha$-divergence`` -> ``α-divergence``."""
    if "$" not in text:
        return text
    parts = [_latex_to_text().latex_to_text(piece) if is_math else piece for piece, is_math in segments(text)]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def to_latex(text: str, encode_text) -> str:
    """LaTeX: math pieces as written between ``$``, text pieces passed through ``encode_text``."""
    return "".join(f"${piece}$" if is_math else encode_text(piece) for piece, is_math in segments(text))


def problems(text: str) -> list[str]:
    """Why the math in ``text`` cannot be shown, if it cannot: unbalanced braces, unknown commands."""
    found = []
    for piece, is_math in segments(text):
        if not is_math:
            continue
        depth = 0
        for index, char in enumerate(piece):
            if char in "{}" and index and piece[index - 1] == "\\":
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                break
        if depth:
            found.append(f"the math ${piece}$ has unbalanced braces")
            continue
        try:
            rendered = _mathml(piece)
        except Exception as error:  # latex2mathml raises assorted errors on malformed LaTeX
            found.append(f"the math ${piece}$ cannot be read ({type(error).__name__}: {error})")
            continue
        unknown = sorted(set(_UNKNOWN_COMMAND.findall(rendered)))
        if unknown:
            found.append(f"the math ${piece}$ uses {', '.join(unknown)}, which cannot be shown")
    return found
