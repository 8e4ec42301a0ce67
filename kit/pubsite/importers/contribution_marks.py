"""Equal-contribution marks written into author names: ``Yuan*``, ``Yuan$^*$``, ``Yuan†``.

Bibliographies kept by hand (al-folio's, Hugo Blox's ``cite.bib``) mark the authors who contributed
equally in the name itself, as the paper's first page does. Left there, the mark becomes part of
the person ("Yuan*" is not "Yuan"): the owner is not highlighted, and the co-author gets a page of
their own. The publication list says it with ``equal_contribution:``, so the mark is taken off the
name. The marks are read after the LaTeX conversion, so ``\\textsuperscript{*}`` arrives as
``$^{*}$`` and ``\\dag`` as ``†``.
"""

from __future__ import annotations

import re

_SYMBOL = r"(?:\*|∗|†|‡|⋆|\\ast|\\star|\\dagger|\\dag|\\ddagger|\\ddag)"
# A mark: a symbol as text, in math (``$^*$``, ``$^{\dagger}$``, ``${}^*$``), or a bare ``^*``.
_MARK = rf"(?:[*∗†‡⋆]|\$\s*(?:\{{\}})?\s*\^?\s*\{{?\s*{_SYMBOL}+\s*\}}?\s*\$|\^\{{?\s*{_SYMBOL}+\s*\}}?)"
# Marks at the end of a word (``Yuan*``, ``Yuan *``), never the whole name.
_MARKS = re.compile(rf"(?<=\S)\s*(?:{_MARK})+(?=\s|$)")


def without_marks(name: str) -> tuple[str, str | None]:
    """``name`` without equal-contribution marks, and the marks taken off (None when there were
    none): "Yuan Li*" -> ("Yuan Li", "*"). A name that is only a mark is left as it is."""
    marks = [match.group(0).strip() for match in _MARKS.finditer(name)]
    if not marks:
        return name, None
    clean = " ".join(_MARKS.sub("", name).split())
    return (clean, " ".join(marks)) if clean else (name, None)
