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
* commands of layout only (fonts, spacing, colour, TeX's boxes and kerns: ``\\hbox{E}``,
  ``\\kern-.1em``, ``\\raise.5ex``) give their text, a space or nothing; the TeX logos their names;
* ``\\(...\\)`` and ``\\[...\\]`` become ``$...$``, the publication list's math; ``$math$`` stays as
  written; a literal dollar sign becomes what the caller asks for;
* ``\\textsuperscript{222}`` and ``\\textsubscript{2}`` become Unicode (²²², ₂) where every character
  has a superscript (subscript) form, else math (``$^{*}$``); an accent over nothing, ``{\\^{}}``, is
  the accent's character (``^``), and one laid over the letter before it with ``\\llap`` joins it;
* a private-use character (from a font's private encoding, Word's Symbol font) is kept and reported:
  which letter it shows depends on the font it came from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_parsing_db

# A literal dollar sign, ``\$`` (not ``\\$``, a line break then math) or ``\textdollar``: pylatexenc
# would make it a bare ``$``, which the site could take for the start of math.
_LITERAL_DOLLAR = re.compile(r"(?<!\\)\\\$|\\textdollar(?![A-Za-z])(?:\s*\{\})?")
_DOLLAR_MARK = "\ue000"  # private-use characters stand in for protected text during the conversion
_KEPT_OPEN, _KEPT_CLOSE = "\ue001", "\ue002"
_KEPT = re.compile(f"{_KEPT_OPEN}(\\d+){_KEPT_CLOSE}")
# Every private-use character, ours and the input's: the input's are kept (as ours stand in) and reported.
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Characters YAML cannot hold or a reader cannot see: control characters, surrogates, non-characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BARE_SPECIAL = re.compile(r"(?<!\\)((?:\\\\)*)([%&#])")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_URL = re.compile(r"\\url\s*\{([^{}]*)\}")
_LITERAL = re.compile(r"\\pubsiteliteral\{([^{}])\}")  # made by to_latex_source only: kept as written
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_MATH = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$")
_INLINE_MATH = re.compile(r"\\([(\[])")  # \( and \[: math as LaTeX writes it in text
# Control symbols pylatexenc turns into nothing though they show something (plain TeX's \< and \>, a
# stray \) or \]): kept as written. (\/, \@, \*, \! and \- are nothing, or a break, in TeX too.)
_LOST_SYMBOL = re.compile(r"\\[)\]<>?|+]")
# A TeX dimension (``-.1667em``, ``0.5ex``, ``2pt``), and glue (a dimension that may stretch).
_DIMENSION = r"[-+]?\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:true\s*)?(?:em|ex|pt|pc|in|cm|mm|bp|dd|cc|sp|mu|px)"
_GLUE = rf"{_DIMENSION}(?:\s*plus\s*[-+]?\s*(?:[\d.,]+\s*fil+|{_DIMENSION}))?(?:\s*minus\s*{_DIMENSION})?"
# An accent over nothing (``\^{}``, ``\'{\relax}``): the accent's own character, as TeX prints it.
_SPACING_ACCENTS = {"^": "^", "~": "~", "'": "\u00b4", "`": "`", '"': "\u00a8", "=": "\u00af", ".": "\u02d9",
                    "u": "\u02d8", "v": "\u02c7", "H": "\u02dd", "c": "\u00b8", "r": "\u02da"}
_COMBINING_ACCENTS = {"^": "\u0302", "~": "\u0303", "'": "\u0301", "`": "\u0300", '"': "\u0308", "=": "\u0304",
                      ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "r": "\u030a"}
_ACCENT_ON_NOTHING = r"\\([\^~'`\"=.]|[uvHcr](?![A-Za-z]))\s*\{\s*(?:\\relax\s*)?\}"
_EMPTY_ACCENT = re.compile(_ACCENT_ON_NOTHING)
# An accent over nothing laid over the letter before it (TUGboat writes "Thế" so): that letter's accent.
_OVERLAID_ACCENT = re.compile(r"\\[lr]lap\s*\{\s*(?:\\(?:raise|lower)\s*" + _DIMENSION + r"\s*)?(?:\\[hm]box\s*)?"
                              r"(\{)?\s*" + _ACCENT_ON_NOTHING + r"\s*(?(1)\})\s*\}")
_SUPERSCRIPTS = dict(zip("0123456789+-\u2212=()abcdefghijklmnoprstuvwxyz",
                         "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207b\u207c\u207d\u207e"
                         "\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f\u02e1\u1d50\u207f\u1d52\u1d56"
                         "\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7\u02e3\u02b8\u1dbb"))
_SUBSCRIPTS = dict(zip("0123456789+-\u2212=()aehijklmnoprstuvx",
                       "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208b\u208c\u208d\u208e"
                       "\u2090\u2091\u2095\u1d62\u2c7c\u2096\u2097\u2098\u2099\u2092\u209a\u1d63\u209b\u209c\u1d64\u1d65\u2093"))

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
_SPACE_ONLY = ("hspace", "thinspace")
_LAYOUT_ONLY = ("color", "hphantom", "vphantom", "relax", "bf", "it", "em", "sc", "sl", "tt", "sf", "rm", "up", "md",
                "normalfont", "bfseries", "itshape", "scshape", "slshape", "ttfamily", "sffamily", "rmfamily",
                "upshape", "mdseries", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large",
                "Large", "LARGE", "huge", "Huge")
# The TeX family's logos, which pylatexenc does not know: their names.
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2\u03b5", "BibTeX": "BibTeX", "AmSTeX": "AMS-TeX",
          "AmSLaTeX": "AMS-LaTeX", "SliTeX": "SliTeX", "ConTeXt": "ConTeXt", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX",
          "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "eTeX": "\u03b5-TeX",
          "METAFONT": "METAFONT", "MF": "Metafont", "METAPOST": "METAPOST", "MP": "MetaPost", "AmS": "AMS"}


@lru_cache(maxsize=1)
def _text_specs():
    """pylatexenc's table of what each command becomes, with the font and layout commands above."""
    specs = get_default_latex_context_db()
    specs.add_context_category(
        "pubsite-layout", prepend=True,
        macros=[MacroTextSpec(name, discard=False) for name in _FONT_WITH_ARGUMENT]
        + [MacroTextSpec(name, simplify_repl=" ") for name in _SPACE_ONLY]
        + [MacroTextSpec(name, simplify_repl="") for name in _LAYOUT_ONLY]
        + [MacroTextSpec(name, simplify_repl=logo) for name, logo in _LOGOS.items()],
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
    text, found = _converted(value, dollar)
    if unknown is not None:
        unknown.update(found)
    return text


def kept_as_written(value: str) -> list[str]:
    """What ``latex_to_text`` keeps as written in ``value``, in order: for the import report."""
    found = _converted(value)[1] if "\\" in value or _PRIVATE.search(value) else ()
    return sorted(found, key=lambda text: (value.find(text), text))


@lru_cache(maxsize=4096)
def _converted(value: str, dollar: str = _DOLLAR_MARK) -> tuple[str, frozenset[str]]:
    """The text (literal dollar signs as ``dollar``) and what was kept as written. Remembered: an
    importer converts the same venue for many entries, and each field again for its report."""
    kept: list[tuple[str, bool]] = []

    def keep(text: str, final: bool = False) -> str:
        """A marker standing for ``text`` until the end; ``final`` text is put back exactly (a
        character of the input, text converted already), the rest has its own markers resolved."""
        kept.append((text, final))
        return f"{_KEPT_OPEN}{len(kept) - 1}{_KEPT_CLOSE}"

    found: set[str] = set()

    def private(char: str) -> str:
        found.add(f"the private-use character U+{ord(char):04X} (which letter it shows depends on the font "
                  "it was copied from)")
        return keep(char, final=True)

    text = _PRIVATE.sub(lambda m: private(m.group(0)), value)
    text = _LITERAL.sub(lambda m: keep(m.group(1)), text)
    text = _inline_math(text, keep, found)
    overlaid = bool(_OVERLAID_ACCENT.search(text))
    text = _outside_math(text, lambda piece: _OVERLAID_ACCENT.sub(
        lambda m: keep(_COMBINING_ACCENTS[m.group(2)]), piece))
    text = _outside_math(text, lambda piece: _EMPTY_ACCENT.sub(
        lambda m: m.group(0) if _escaped(piece, m.start()) else keep(_SPACING_ACCENTS[m.group(1)]), piece))
    text = _rewrite_layout(text, keep)

    def lost(piece: str) -> str:
        def one(match: re.Match) -> str:
            if _escaped(piece, match.start()):
                return match.group(0)
            found.add(match.group(0))
            return keep(match.group(0))
        return _LOST_SYMBOL.sub(one, piece)

    text = _outside_math(text, lost)
    text = _keep_what_cannot_be_converted(text, keep, found)
    text = _HREF.sub(lambda m: keep(_converted_link_text(m.group(2), dollar, found), final=True) + " ("  # its own $
                     + keep(m.group(1).strip()) + ")", text)
    text = _LITERAL_DOLLAR.sub(_DOLLAR_MARK, text)
    text = _URL.sub(lambda m: keep(m.group(1).strip()), text)
    text = _BARE_SPECIAL.sub(r"\1\\\2", text)
    try:
        text = _converter().latex_to_text(text).replace("\xa0", " ")
    except Exception:  # noqa: BLE001 - pylatexenc fails in many ways on what it cannot read: keep it all
        return _INVISIBLE.sub("", re.sub(r"\s+", " ", value)).strip(), frozenset({value.strip()})
    text = _INVISIBLE.sub("", re.sub(r"\s+", " ", text)).strip()

    def resolved(piece: str) -> str:  # a kept command may hold a kept character of to_latex_source
        return _KEPT.sub(lambda m: kept_text(int(m.group(1))), piece.replace(_DOLLAR_MARK, dollar))

    def kept_text(number: int) -> str:
        text, final = kept[number]
        return text if final else resolved(text)

    text = resolved(text)
    if overlaid:  # the accent joins its letter: "e" and a combining acute are "é"
        text = unicodedata.normalize("NFC", text)
    return text, frozenset(resolved(item) for item in found)


def _outside_math(text: str, change) -> str:
    """``text`` with ``change`` applied to each piece outside ``$math$``, which stays as written."""
    pieces, done = [], 0
    for match in _MATH.finditer(text):
        pieces += [change(text[done:match.start()]), match.group(0)]
        done = match.end()
    return "".join(pieces) + change(text[done:])


def _inline_math(text: str, keep, found: set[str]) -> str:
    """``\\(x\\)`` and ``\\[x\\]`` as ``$x$``, the publication list's math (inner spaces trimmed, as the
    rule for ``$`` wants). One without its end, holding a ``$`` or unbalanced braces, is kept as written
    and reported."""
    pieces, done, position = [], 0, 0
    while match := _INLINE_MATH.search(text, position):
        start = match.start()
        inside = next((end for begin, end in ((m.start(), m.end()) for m in _MATH.finditer(text))
                       if begin <= start < end), None) if "$" in text else None
        if inside is not None or _escaped(text, start):
            position = inside or match.end()
            continue
        closer = "\\)" if match.group(1) == "(" else "\\]"
        end = text.find(closer, match.end())
        while end > 0 and _escaped(text, end):
            end = text.find(closer, end + 1)
        math = text[match.end():end].strip() if end >= 0 else ""
        if end < 0 or "$" in math or not math or group_end("{" + math + "}", 0) != len(math) + 1:
            stop = len(text) if end < 0 else end + 2
            pieces += [text[done:start], keep(text[start:stop])]
            found.add(text[start:stop])
        else:
            pieces += [text[done:start], f"${math}$"]
            stop = end + 2
        done = position = stop
    return "".join(pieces) + text[done:]


_BOX = re.compile(rf"\s*(?:(?:to|spread)\s*{_DIMENSION}\s*)?(?=\{{)")
_OPTIONAL_ARGUMENTS = r"\s*(?:\[[^\[\]{}]*\]\s*)"
# Box and spacing commands of TeX and LaTeX, and what comes before the text they hold: that part is
# dropped (a kern is nothing, a skip a space) and their text converted like any other.
_LAYOUT_PREFIX = {
    **dict.fromkeys(("hbox", "vbox", "vtop", "fbox", "llap", "rlap", "clap"), (_BOX, "")),
    "smash": (re.compile(_OPTIONAL_ARGUMENTS + r"?(?=\{)"), ""),
    **dict.fromkeys(("makebox", "framebox"), (re.compile(_OPTIONAL_ARGUMENTS + r"{0,2}(?=\{)"), "")),
    "raisebox": (re.compile(r"\s*\{[^{}]*\}" + _OPTIONAL_ARGUMENTS + r"{0,2}(?=\{)"), ""),
    "parbox": (re.compile(_OPTIONAL_ARGUMENTS + r"{0,3}\{[^{}]*\}\s*(?=\{)"), ""),
    **dict.fromkeys(("kern", "mkern", "raise", "lower", "moveleft", "moveright"),
                    (re.compile(rf"\s*{_DIMENSION}"), "")),
    **dict.fromkeys(("hskip", "vskip", "mskip"), (re.compile(rf"\s*{_GLUE}"), " ")),
}
_CHAR_CODE = re.compile(r"\s*(?:`\\?(.)|\"([0-9A-F]+)|'([0-7]+)|(\d+)) ?")  # TeX eats one space after


def _rewrite_layout(text: str, keep) -> str:
    """TeX's box and spacing commands, ``\\char``, ``\\textasciicircum`` and ``\\textsuperscript`` and
    ``\\textsubscript`` outside ``$math$``, turned into what they show. One whose arguments are not
    as expected is left alone, to be kept as written and reported."""
    math = [(match.start(), match.end()) for match in _MATH.finditer(text)]
    pieces, done, position = [], 0, 0
    while match := _COMMAND.search(text, position):
        start, name = match.start(), match.group(1)
        inside = next((end for begin, end in math if begin <= start < end), None)
        if inside is not None or _escaped(text, start):
            position = inside or match.end()
            continue
        rewritten = None
        if name in _LAYOUT_PREFIX:
            pattern, replacement = _LAYOUT_PREFIX[name]
            prefix = pattern.match(text, match.end())
            rewritten = (replacement, prefix.end()) if prefix else None
        elif name == "char":
            rewritten = _char(text, match.end(), keep)
        elif name == "textasciicircum":
            empty = re.compile(r"(?![A-Za-z])(?:\s*\{\})?").match(text, match.end())
            rewritten = (keep("^"), empty.end()) if empty else None
        elif name in ("textsuperscript", "textsubscript"):
            rewritten = _script(text, match.end(), _SUPERSCRIPTS if name == "textsuperscript" else _SUBSCRIPTS,
                                "^" if name == "textsuperscript" else "_")
        if rewritten is None:
            position = match.end()
            continue
        pieces += [text[done:start], rewritten[0]]
        done = position = rewritten[1]
    return "".join(pieces) + text[done:]


def _char(text: str, position: int, keep) -> tuple[str, int] | None:
    """``\\char`\\\\``, ``\\char92``, ``\\char"5C``, ``\\char'134``: the character with that code."""
    found = _CHAR_CODE.match(text, position)
    if not found:
        return None
    written, hexadecimal, octal, decimal = found.groups()
    code = ord(written) if written else int(hexadecimal, 16) if hexadecimal else \
        int(octal, 8) if octal else int(decimal)
    if not 32 <= code < 0x110000 or _INVISIBLE.match(chr(code)) or _PRIVATE.match(chr(code)):
        return None
    return keep(chr(code)), found.end()


def _script(text: str, position: int, forms: dict[str, str], mark: str) -> tuple[str, int] | None:
    """``\\textsuperscript{222}`` -> ²²², in Unicode when every character has the form, else as math,
    ``$^{*}$``. One whose text holds what cannot be converted is left alone (kept as written)."""
    brace = re.compile(r"\s*\{").match(text, position)
    close = group_end(text, brace.end() - 1) if brace else None
    if close is None:
        return None
    inner = text[brace.end():close]
    if _KEPT_OPEN in inner or "script" in inner:  # nested scripts stay as written (and the depth bounded)
        return None
    converted, kept = _converted(inner)
    if kept or _DOLLAR_MARK in converted:
        return None
    if all(char in forms for char in converted):
        return "".join(forms[char] for char in converted), close + 1
    source = inner.strip()
    math = re.fullmatch(r"\$([^$]*)\$", source)
    source = math.group(1).strip() if math else source
    if "$" in source:
        return None
    return f"${mark}{{{source}}}$", close + 1


def _converted_link_text(text: str, dollar: str, found: set[str]) -> str:
    converted, kept = _converted(text, dollar)
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
