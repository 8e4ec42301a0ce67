"""The BibTeX entry of a paper, written as pybtex writes it and LaTeX-encoded as pylatexenc encodes.

Non-ASCII letters become LaTeX accent commands (``J{\\"o}rn``) and LaTeX's special characters are
escaped, so the entry works with classic ``bibtex``, which only understands ASCII. The title is
wrapped in braces so that bibliography styles keep the owner's capitalisation.

Both libraries are slow for this job (pybtex parses every name, pylatexenc looks at every character
in Python), and each paper's entry appears on its page, in its ``cite.bib`` and in the whole list's
file. So the entry is built once per paper and remembered; pylatexenc's table of replacements is
applied with ``str.translate``; and the entry is formatted here, the way pybtex's writer formats it
(tests/test_generation_speed_invariants.py holds both to the libraries' own output).
"""

from __future__ import annotations

import re
import unicodedata

from pylatexenc.latexencode import (
    RULE_DICT,
    UnicodeToLatexEncoder,
    get_builtin_conversion_rules,
)

from pubsite.data import math_text
from pubsite.data.model import Paper
from pubsite.data.names import NameParts, capitalised_parts, is_corporate, name_parts
from pubsite.data.validation import MONTHS

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",    # 王, with no LaTeX form: kept as written (BibTeX files are UTF-8) ...
    unknown_char_warning=False,    # ... without a log line per letter at every build
)


def _replacement_table() -> dict[int, str]:
    """pylatexenc's replacements as a ``str.translate`` table, each protected by braces as the
    encoder above protects them; empty if its rules are not the one table this relies on."""
    rules = get_builtin_conversion_rules("defaults")
    if len(rules) != 1 or rules[0].rule_type != RULE_DICT or rules[0].replacement_latex_protection is not None:
        return {}
    return {code: "{" + latex + "}" for code, latex in rules[0].rule.items()}


_TABLE = _replacement_table()
#: Capitals whose LaTeX pybtex plainly reads as a capital: ``{\\L}``, ``{\\AE}``, ``{\\'E}``, ``{\\r{A}}``.
_LATEX_CAPITALS = frozenset(
    chr(code) for code, latex in _TABLE.items()
    if chr(code).isupper() and re.fullmatch(r"\{\\(?:[A-Z]+|[^A-Za-z{}\\][A-Z]|[a-z]\{[A-Z]\})\}", latex)
)
#: ASCII the encoder keeps with a warning (control characters other than tab and line ends).
_ASCII_WARNED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "thesis": "phdthesis",
    "preprint": "misc",
    "other": "misc",
}

_MONTHS = tuple(name[:3] for name in MONTHS)  # BibTeX's month macros: jan, feb, ...

# Where the venue goes for each entry type.
_VENUE_FIELD = {
    "inproceedings": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "misc": "howpublished",
}


def to_latex(text: str) -> str:
    """Unicode text -> LaTeX that plain ``bibtex`` and ``latex`` accept; ``$math$`` is kept as is."""
    return math_text.to_latex(text, _text_to_latex)


def _unicode_to_latex(text: str) -> str:
    """``_ENCODER.unicode_to_latex(text)``: one character at a time, from its table (or kept)."""
    text = unicodedata.normalize("NFC", text)
    if not _TABLE or _ASCII_WARNED.search(text) or (
        not text.isascii() and any(ord(char) > 0x7F and ord(char) not in _TABLE for char in text)
    ):
        return _ENCODER.unicode_to_latex(text)  # a character it keeps with a warning, or new rules
    return text.translate(_TABLE)


def _name_to_latex(name: str) -> str:
    """An author in LaTeX; a ``{Corporate Author}`` keeps its braces, so BibTeX will not split it."""
    if not is_corporate(name):
        return _text_to_latex(name)
    return "".join(part if part in "{}" else _text_to_latex(part) for part in re.split(r"([{}])", name) if part)


def _text_to_latex(text: str) -> str:
    if '"' not in text and "``" not in text and "''" not in text:
        return _unicode_to_latex(text)
    # Straight double quotes become TeX's opening and closing quotes, alternately.
    quotes = iter(("``", "''") * (text.count('"') // 2 + 1))
    text = re.sub('"', lambda _: next(quotes), text)
    parts = re.split(r"(``|'')", text)
    return "".join(part if part in ("``", "''") else _unicode_to_latex(part) for part in parts)


def entry_type(paper: Paper) -> str:
    return _ENTRY_TYPES[paper.section]


def latex_name_parts(name: str) -> NameParts:
    """The parts of the name in LaTeX, as pybtex splits them (a ``{Corporate}`` name is one part).

    A name of capitalised words ("Łukasz Østergaard") is split before it is encoded, and its words
    encoded one by one: the encoding replaces characters one at a time, and pybtex takes a word
    that begins with a capital, or with the LaTeX of one (``{\\L}``), for no "von" part. Accented
    names are common; pybtex is then not needed at all (importing it takes 8 ms)."""
    parts = capitalised_parts(name)
    if (parts is None or '"' in name or "``" in name or "''" in name  # quotes are paired across words
            or not all(word[0].isascii() or word[0] in _LATEX_CAPITALS for part in parts for word in part)):
        return name_parts(_name_to_latex(name), is_corporate(name))
    return NameParts(*(tuple(_text_to_latex(word) for word in part) for part in parts))


def _bibtex_name(name: str) -> str:
    """"von Last, Jr, First Middle", as pybtex's writer writes a person."""
    first, middle, prelast, last, lineage = (" ".join(names) for names in latex_name_parts(name))
    text = " ".join(part for part in (prelast, last) if part) if last else ""
    if lineage:
        text += f", {lineage}"
    if first or middle:
        text += ", " + " ".join(part for part in (first, middle) if part)
    return text


_INNERMOST_GROUP = re.compile(r"\{[^{}]*\}")


def _braces_balance(value: str) -> bool:
    """True when every ``{`` is closed, as pybtex's writer requires; unsure (False) past 100 levels.

    Innermost groups are removed level by level; a ``}`` that closes nothing is text to pybtex.
    """
    for _ in range(100):
        value, removed = _INNERMOST_GROUP.subn("", value)
        if not removed:
            return "{" not in value
    return False


def _quote(value: str) -> str:
    """A field's value in quotes, or in braces when it holds a quote (pybtex's ``Writer.quote``)."""
    if "{" in value and not _braces_balance(value):
        # Only then is pybtex's writer imported (with latexcodec, 20 ms).
        from pybtex.database.output.bibtex import Writer

        Writer().check_braces(value)  # raises pybtex's error for unmatched braces
    return f'"{value}"' if '"' not in value else f"{{{value}}}"


def bibtex_entry(paper: Paper) -> str:
    """One ``@type{key, ...}`` entry as text, ending in a newline."""
    kind = entry_type(paper)
    fields: dict[str, str] = {"title": "{" + to_latex(paper.title) + "}"}
    venue = paper.venue_name
    if kind == "misc" and paper.arxiv:
        venue = f"arXiv preprint arXiv:{paper.arxiv}"
    fields[_VENUE_FIELD[kind]] = to_latex(venue)
    fields["year"] = str(paper.year)
    if paper.month:
        fields["month"] = _MONTHS[paper.month - 1]
    if paper.volume:
        fields["volume"] = to_latex(paper.volume)
    if paper.number:
        fields["number"] = to_latex(paper.number)
    if paper.pages:
        fields["pages"] = to_latex(paper.pages.replace("–", "--"))
    if paper.editors:
        fields["editor"] = " and ".join(_bibtex_name(name) for name in paper.editors)
    if paper.publisher:
        fields["publisher"] = to_latex(paper.publisher)
    if paper.address:
        fields["address"] = to_latex(paper.address)
    if paper.arxiv:
        fields["eprint"] = paper.arxiv
        fields["archivePrefix"] = "arXiv"
    if paper.doi:
        fields["doi"] = paper.doi
    url = paper.canonical_url
    if url:
        fields["url"] = url
    lines = [f"@{kind}{{{paper.citation_key}"]
    if paper.authors:
        lines.append(f"    author = {_quote(' and '.join(_bibtex_name(name) for name in paper.authors))}")
    # The month is BibTeX's macro (jan, feb, ...), unquoted, so that every style prints it its own way.
    lines += [f"    {name} = {value if name == 'month' else _quote(value)}" for name, value in fields.items()]
    return ",\n".join(lines) + "\n}\n"
