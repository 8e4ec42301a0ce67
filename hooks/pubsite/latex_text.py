"""BibTeX field values (LaTeX) as Unicode text, losing nothing silently.

pylatexenc does the decoding (accents, ``\\emph``, ``--``, braces). What it would lose is protected
first, because a bibliography is not a LaTeX document:

* a bare ``%`` is a per cent sign in a web page's abstract, not a comment that ends the line, and
  a bare ``&`` or ``#`` is that character (LaTeX would drop them, or fail);
* ``\\url{...}`` and ``\\href{url}{text}`` keep their address exactly (``text (url)`` for a link);
* a command whose words or reference the conversion would lose is kept as written, with its
  arguments (``\\cite{x}``, ``\\input{chapter}``, ``\\ourmacro{arg}``), and reported: one pylatexenc
  does not know (a macro of the author's paper), one it turns into a placeholder (``<cit.>``) or
  into nothing (``\\input``, ``\\label``) or into other words (``\\today``, ``\\footnote``), and one
  missing an argument it needs (which would garble or fail);
* commands of layout only (fonts, spacing, colour) give their text, a space or nothing;
* ``$math$`` stays as written; a literal dollar sign becomes what the caller asks for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_parsing_db

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

# pylatexenc knows these, but its text for them is a placeholder ("<cit.>", "<ref>", "< g r a p h i c
# s >"), nothing (``\input`` and ``\include`` read no file here, ``\title`` and ``\author`` only
# remember) or other words (``\today`` is the day of the import, ``\section`` shouts, ``\footnote``
# becomes "[...]", ``\item`` a bullet): kept as written. ``\url`` and ``\href`` get here only when
# malformed (an argument missing or unclosed), which pylatexenc garbles or fails on.
_KEPT_AS_WRITTEN = frozenset({
    "cite", "citet", "citep", "ref", "autoref", "cref", "Cref", "eqref", "input", "include",
    "includegraphics", "footnote", "title", "author", "date", "maketitle", "today", "part", "chapter",
    "section", "subsection", "subsubsection", "paragraph", "subparagraph", "item", "url", "href",
})
# Font commands pylatexenc parses but has no text for (so it drops their argument): their text.
_FONT_WITH_ARGUMENT = ("texttt", "textsf", "textup", "textmd", "mbox")
# Layout only, no words: a space (pylatexenc makes ``\,``, ``\quad``, ``\vspace`` spaces itself, but
# ``\hspace`` nothing, gluing the words around it), or nothing.
_SPACE_ONLY = ("hspace",)
_LAYOUT_ONLY = ("color", "hphantom", "vphantom", "bf", "it", "em", "sc", "sl", "tt", "sf", "rm", "up", "md",
                "normalfont", "bfseries", "itshape", "scshape", "slshape", "ttfamily", "sffamily", "rmfamily",
                "upshape", "mdseries", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large",
                "Large", "LARGE", "huge", "Huge")


@lru_cache(maxsize=1)
def _text_specs():
    """pylatexenc's table of what each command becomes, with the font and layout commands above."""
    specs = get_default_latex_context_db()
    specs.add_context_category(
        "pubsite-layout", prepend=True,
        macros=[MacroTextSpec(name, discard=False) for name in _FONT_WITH_ARGUMENT]
        + [MacroTextSpec(name, simplify_repl=" ") for name in _SPACE_ONLY]
        + [MacroTextSpec(name, simplify_repl="") for name in _LAYOUT_ONLY],
    )
    return specs


@lru_cache(maxsize=1)
def _parsing_specs():
    """pylatexenc's table of the arguments each command takes (``\\cite``: ``*[[{``)."""
    return get_default_parsing_db()


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(latex_context=_text_specs(), math_mode="verbatim")


def latex_to_text(value: str, *, dollar: str = "$", unknown: set[str] | None = None) -> str:
    """LaTeX -> Unicode, whitespace collapsed, invisible characters dropped (see the module).

    ``dollar`` replaces a literal dollar sign (``"\\$"`` for titles, where the site reads a bare
    ``$`` as math). What is kept as written because it cannot be converted (each command with its
    arguments, as written: ``\\cite{x}``) is added to ``unknown``."""
    text, found = _converted(value)
    if unknown is not None:
        unknown.update(found)
    return text.replace(_DOLLAR_MARK, dollar)


def kept_as_written(value: str) -> list[str]:
    """What ``latex_to_text`` keeps as written in ``value``, in order: for the import report."""
    found = _converted(value)[1] if "\\" in value else ()
    return sorted(found, key=lambda text: (value.find(text), text))


@lru_cache(maxsize=4096)
def _converted(value: str) -> tuple[str, frozenset[str]]:
    """The text (literal dollar signs still marked) and what was kept as written. Remembered: an
    importer converts the same venue for many entries, and each field again for its report."""
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text)
        return f"{_KEPT_OPEN}{len(kept) - 1}{_KEPT_CLOSE}"

    found: set[str] = set()
    text = _PRIVATE.sub("", value)
    text = _LITERAL.sub(lambda m: keep(m.group(1)), text)
    text = _keep_what_cannot_be_converted(text, keep, found)
    text = _HREF.sub(lambda m: keep(_converted_link_text(m.group(2), found)) + " ("  # its own dollar signs
                     + keep(m.group(1).strip()) + ")", text)
    text = _LITERAL_DOLLAR.sub(_DOLLAR_MARK, text)
    text = _URL.sub(lambda m: keep(m.group(1).strip()), text)
    text = _BARE_SPECIAL.sub(r"\1\\\2", text)
    try:
        text = _converter().latex_to_text(text).replace("\xa0", " ")
    except Exception:  # noqa: BLE001 - pylatexenc fails in many ways on what it cannot read: keep it all
        found, kept = {value.strip()}, []
        text = _PRIVATE.sub("", value)
    text = _INVISIBLE.sub("", re.sub(r"\s+", " ", text)).strip()
    while _KEPT.search(text):  # a kept command may hold a kept character of to_latex_source
        text = _KEPT.sub(lambda m: kept[int(m.group(1))], text)
    return text, frozenset(found)


def _converted_link_text(text: str, found: set[str]) -> str:
    converted, kept = _converted(text)
    found.update(kept)
    return converted


def _keep_what_cannot_be_converted(text: str, keep, found: set[str]) -> str:
    """Every ``\\name`` outside ``$math$`` that the conversion would lose or garble, with its
    arguments, as written (see the module); the rest is left for pylatexenc."""
    math = [(match.start(), match.end()) for match in _MATH.finditer(text)]
    pieces, done, position = [], 0, 0
    while match := _COMMAND.search(text, position):
        start, name = match.start(), match.group(1)
        inside = next((end for begin, end in math if begin <= start < end), None)
        if inside is not None:
            position = inside
            continue
        if _escaped(text, start):  # "\\name": a line break, then a word
            position = match.end()
            continue
        if name in ("url", "href"):
            well_formed = (_URL if name == "url" else _HREF).match(text, start)
            if well_formed:  # converted below, keeping the address
                position = well_formed.end()
                continue
        end, complete = _arguments_end(text, match.end(), name)
        if complete and name not in _KEPT_AS_WRITTEN and _text_specs().get_macro_spec(name) is not None:
            position = match.end()
            continue
        pieces += [text[done:start], keep(text[start:end])]
        found.add(text[start:end])
        done = position = end
    return "".join(pieces) + text[done:]


def _escaped(text: str, start: int) -> bool:
    """Whether the backslash at ``start`` is the second of ``\\\\`` (odd backslashes before it)."""
    before = start
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (start - before) % 2 == 1


def _arguments_end(text: str, position: int, name: str) -> tuple[int, bool]:
    """Where the arguments of ``\\name`` (ending at ``position``) end, and whether it has all it needs.

    pylatexenc's parsing table says which arguments a command takes (``*[[{``: a star, two optional
    ``[...]``, one ``{...}`` or single token); a command it does not know takes the ``{...}`` and
    ``[...]`` groups written right after it (``\\ourmacro{arg}``), none when a space comes first."""
    spec = _parsing_specs().get_macro_spec(name)
    argspec = getattr(getattr(spec, "args_parser", None), "argspec", None)
    if not isinstance(argspec, str):
        while position < len(text) and text[position] in "{[":
            close = group_end(text, position)
            if close is None:
                break
            position = close + 1
        return position, True
    for kind in argspec:
        after = position
        while after < len(text) and text[after].isspace():
            after += 1
        char = text[after] if after < len(text) else ""
        if kind == "*":
            position = after + 1 if char == "*" else position
        elif kind == "[":
            if char == "[":
                close = group_end(text, after)
                if close is None:
                    return position, False
                position = close + 1
        elif char == "{":
            close = group_end(text, after)
            if close is None:
                return position, False
            position = close + 1
        elif char in ("", "}", "]", _KEPT_OPEN):
            return position, False  # a mandatory argument missing
        elif char == "\\":
            command = _COMMAND.match(text, after)
            position = command.end() if command else after + 2
        else:
            position = after + 1
    return position, True


def group_end(text: str, start: int) -> int | None:
    """The index of the ``}`` or ``]`` closing the group opened at ``start``, if any (``\\{``,
    ``\\}`` and brackets inside braces do not count)."""
    closer = "}" if text[start] == "{" else "]"
    depth, index = 0, start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index if closer == "}" else None
            depth -= 1
        elif char == "]" and closer == "]" and depth == 0:
            return index
        index += 1
    return None


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
