"""The BibTeX entry of a paper, written with pybtex and LaTeX-encoded with pylatexenc.

Non-ASCII letters become LaTeX accent commands (``J{\\"o}rn``) and LaTeX's special characters are
escaped, so the entry works with classic ``bibtex``, which only understands ASCII. The title is
wrapped in braces so that bibliography styles keep the owner's capitalisation.
"""

from __future__ import annotations

import re

from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer
from pylatexenc.latexencode import UnicodeToLatexEncoder

from . import math_text
from .model import Paper
from .names import is_corporate, person

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
)

_ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "thesis": "phdthesis",
    "preprint": "misc",
    "other": "misc",
}

# Where the venue goes for each entry type.
_VENUE_FIELD = {
    "inproceedings": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "misc": "howpublished",
}


class _PreEncodedWriter(Writer):
    """pybtex's writer, minus its own LaTeX encoding: values arrive already encoded by ``to_latex``.

    pybtex would escape them again (``\\&``) and writes accents without the braces that
    ``bibtex`` needs to sort and abbreviate names correctly (``J\\"orn`` rather than ``J{\\"o}rn``).
    """

    def _encode(self, text: str) -> str:
        return text


_WRITER = _PreEncodedWriter()


def to_latex(text: str) -> str:
    """Unicode text -> LaTeX that plain ``bibtex`` and ``latex`` accept; ``$math$`` is kept as is."""
    return math_text.to_latex(text, _text_to_latex)


def _name_to_latex(name: str) -> str:
    """An author in LaTeX; a ``{Corporate Author}`` keeps its braces, so BibTeX will not split it."""
    if not is_corporate(name):
        return _text_to_latex(name)
    return "".join(part if part in "{}" else _text_to_latex(part) for part in re.split(r"([{}])", name) if part)


def _text_to_latex(text: str) -> str:
    # Straight double quotes become TeX's opening and closing quotes, alternately.
    quotes = iter(("``", "''") * (text.count('"') // 2 + 1))
    text = re.sub('"', lambda _: next(quotes), text)
    parts = re.split(r"(``|'')", text)
    return "".join(part if part in ("``", "''") else _ENCODER.unicode_to_latex(part) for part in parts)


def entry_type(paper: Paper) -> str:
    return _ENTRY_TYPES[paper.section]


def bibtex_entry(paper: Paper) -> str:
    """One ``@type{key, ...}`` entry as text, ending in a newline."""
    kind = entry_type(paper)
    fields: dict[str, str] = {"title": "{" + to_latex(paper.title) + "}"}
    venue = paper.venue_name
    if kind == "misc" and paper.arxiv:
        venue = f"arXiv preprint arXiv:{paper.arxiv}"
    fields[_VENUE_FIELD[kind]] = to_latex(venue)
    fields["year"] = str(paper.year)
    if paper.volume:
        fields["volume"] = to_latex(paper.volume)
    if paper.pages:
        fields["pages"] = to_latex(paper.pages.replace("–", "--"))
    if paper.arxiv:
        fields["eprint"] = paper.arxiv
        fields["archivePrefix"] = "arXiv"
    if paper.doi:
        fields["doi"] = paper.doi
    url = paper.canonical_url
    if url:
        fields["url"] = url
    authors = [person(_name_to_latex(name)) for name in paper.authors]
    entry = Entry(kind, fields=fields, persons={"author": authors})
    return _WRITER.to_string(BibliographyData(entries={paper.citation_key: entry}))
