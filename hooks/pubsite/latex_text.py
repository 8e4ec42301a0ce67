"""BibTeX field values (LaTeX) as Unicode text, losing nothing silently.

pylatexenc does the decoding (accents, ``\\emph``, ``--``, braces). What it would lose is protected
first, because a bibliography is not a LaTeX document:

* a bare ``%`` is a per cent sign in a web page's abstract, not a comment that ends the line, and
  a bare ``&`` or ``#`` is that character (LaTeX would drop them, or fail);
* ``\\url{...}`` and ``\\href{url}{text}`` keep their address exactly (``text (url)`` for a link);
* a command pylatexenc does not know (``\\dataset``, a macro of the author's paper) is kept as
  written and reported, instead of vanishing from the sentence;
* ``$math$`` stays as written; a literal dollar sign becomes what the caller asks for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

# A literal dollar sign, ``\$`` (not ``\\$``, a line break then math) or ``\textdollar``: pylatexenc
# would make it a bare ``$``, which the site could take for the start of math.
_LITERAL_DOLLAR = re.compile(r"(?<!\\)\\\$|\\textdollar(?![A-Za-z])(?:\s*\{\})?")
_DOLLAR_MARK = "\ue000"  # private-use characters stand in for protected text during the conversion
_KEPT_OPEN, _KEPT_CLOSE = "\ue001", "\ue002"
_KEPT = re.compile(f"{_KEPT_OPEN}(\\d+){_KEPT_CLOSE}")
_PRIVATE = re.compile("[\ue000-\ue002]")
# Characters YAML cannot hold or a reader cannot see: control characters, surrogates, non-characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BARE_SPECIAL = re.compile(r"(?<!\\)((?:\\\\)*)([%&#])")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_URL = re.compile(r"\\url\s*\{([^{}]*)\}")
_LITERAL = re.compile(r"\\pubsiteliteral\{([^{}])\}")  # made by to_latex_source only: kept as written
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_MATH = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$")


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim")


@lru_cache(maxsize=1)
def _known_commands():
    return get_default_latex_context_db()


def latex_to_text(value: str, *, dollar: str = "$", unknown: set[str] | None = None) -> str:
    """LaTeX -> Unicode, whitespace collapsed, invisible characters dropped (see the module).

    ``dollar`` replaces a literal dollar sign (``"\\$"`` for titles, where the site reads a bare
    ``$`` as math). Commands kept as written because they are unknown are added to ``unknown``."""
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text)
        return f"{_KEPT_OPEN}{len(kept) - 1}{_KEPT_CLOSE}"

    text = _PRIVATE.sub("", value)
    text = _LITERAL_DOLLAR.sub(_DOLLAR_MARK, text)
    text = _HREF.sub(lambda m: _converted_link_text(m.group(2), unknown) + " (" + keep(m.group(1).strip()) + ")", text)
    text = _URL.sub(lambda m: keep(m.group(1).strip()), text)
    text = _LITERAL.sub(lambda m: keep(m.group(1)), text)
    text = _BARE_SPECIAL.sub(r"\1\\\2", text)
    text = _protect_unknown_commands(text, keep, unknown)
    text = _converter().latex_to_text(text).replace("\xa0", " ")
    text = _INVISIBLE.sub("", re.sub(r"\s+", " ", text)).strip()
    text = _KEPT.sub(lambda m: kept[int(m.group(1))], text)
    return text.replace(_DOLLAR_MARK, dollar)


def _converted_link_text(text: str, unknown: set[str] | None) -> str:
    return latex_to_text(text, unknown=unknown)


def _protect_unknown_commands(text: str, keep, unknown: set[str] | None) -> str:
    """``\\name`` that pylatexenc does not know, outside ``$math$``, kept as written."""
    known = _known_commands()
    pieces, start = [], 0
    for math in list(_MATH.finditer(text)) + [None]:
        end = math.start() if math else len(text)
        pieces.append(_COMMAND.sub(lambda m: _keep_if_unknown(m, known, keep, unknown), text[start:end]))
        if math:
            pieces.append(math.group(0))
            start = math.end()
    return "".join(pieces)


def _keep_if_unknown(match: re.Match[str], known, keep, unknown: set[str] | None) -> str:
    if match.start() > 0 and match.string[match.start() - 1] == "\\":
        return match.group(0)  # "\\name": a line break, then a word
    if known.get_macro_spec(match.group(1)) is not None:
        return match.group(0)
    if unknown is not None:
        unknown.add(match.group(0))
    return keep(match.group(0))


def verbatim(value: str) -> str:
    """A URL, DOI or eprint as written: no LaTeX decoding beyond ``\\url{}``, ``\\_`` and braces."""
    value = re.sub(r"\\(?:url|href)\s*\{([^}]*)\}(?:\{[^}]*\})?", r"\1", value)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


_PLAIN_SPECIALS = {"{": "\\{", "}": "\\}", "$": "\\$"} | {
    char: f"\\pubsiteliteral{{{char}}}" for char in "\\~^%&#_-'`"  # "-", "'", "`": no -- or '' ligatures
}


def to_latex_source(text: str) -> str:
    """Plain text (from CSL-JSON or RIS) as LaTeX that ``latex_to_text`` turns back into the same
    text, whitespace collapsed; a dollar sign stays a literal dollar sign."""
    return "".join(_PLAIN_SPECIALS.get(char, char) for char in text)
