"""A page's YAML front matter, written as ``yaml.safe_dump`` writes it, without its cost.

PyYAML's emitter is pure Python and takes most of a millisecond for a title and a description.
For the usual case, a mapping of text values that YAML can show as plain scalars, the lines are
written here, exactly as the emitter writes them (folded after column 80 at single spaces, continued
with an indent of two); any other mapping or value goes to ``yaml.safe_dump``.
tests/test_generation_speed_invariants.py compares the two on many thousands of values.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from yaml.resolver import Resolver

_BEST_WIDTH = 80
_INDENT = "  "
#: Characters the emitter does not write as they are in a plain scalar (allow_unicode): control
#: characters, line breaks (\x85, \u2028, \u2029), surrogates, the byte-order mark, non-characters.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]")
#: Characters that make the emitter quote a value they start.
_INDICATORS = "#,[]{}&*!|>'\"%@`"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")


def _needs_quotes(value: str) -> bool:
    """An indicator at the start (``?``, ``:`` and ``-`` only before a space), ``": "`` or ``" #"``
    inside, a trailing ``:``, a document marker at the start, or a space at either end."""
    first = value[0]
    return (first in _INDICATORS or (first in "?:-" and value[1:2] in ("", " ")) or ": " in value or " #" in value
            or value[-1] in ": " or first == " " or value.startswith(("---", "...")))


def _is_plain(value: object) -> bool:
    """Whether the emitter writes ``value`` as a plain scalar in a block mapping."""
    if not isinstance(value, str) or not value or _NOT_PRINTABLE.search(value) or _needs_quotes(value):
        return False
    resolvers = Resolver.yaml_implicit_resolvers
    # A plain scalar that reads back as another type (a number, a date, true, null) is quoted.
    return not any(regexp.match(value) for _, regexp in resolvers.get(value[0], []) + resolvers.get(None, []))


def _plain_line(key: str, value: str) -> str:
    """``key: value``, folded as the emitter folds a long plain scalar: a single space (not one of a
    run of spaces) becomes a line break and indent once the line is past column 80."""
    column = len(key) + 2  # where the line's text starts
    lines = []
    start = 0
    while True:
        # The emitter looks at the column after the word before each space: fold at the first
        # single space that comes after column 80.
        space = _SINGLE_SPACE.search(value, max(start, start + _BEST_WIDTH + 1 - column))
        if space is None:
            lines.append(value[start:])
            break
        lines.append(value[start:space.start()])
        start = space.end()
        column = len(_INDENT)
    return f"{key}: " + ("\n" + _INDENT).join(lines) + "\n"


@lru_cache(maxsize=256)
def _is_simple_key(key: object) -> bool:
    """A key the emitter writes as it is, followed by ``:``."""
    return isinstance(key, str) and len(key) < 128 and bool(_KEY.fullmatch(key)) and _is_plain(key)


def dump(meta: dict) -> str:
    """``yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)``."""
    simple = all(_is_simple_key(key) and _is_plain(value) for key, value in meta.items())
    if not simple or not meta:
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return "".join(_plain_line(key, value) for key, value in meta.items())
