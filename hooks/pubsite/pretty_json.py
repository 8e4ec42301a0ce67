"""``json.dumps(data, ensure_ascii=False, indent=n)``, several times faster.

With ``indent`` set, the standard library encodes in pure Python, generator by generator; the
CSL-JSON exports (indented, since people open them) hold only mappings, lists, text, whole
numbers, booleans and None, which this writes directly in the same layout (strings through json's
own C escaping). Anything else (floats, other types, non-text keys) is left to ``json.dumps``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_CONSTANTS = {None: "null", True: "true", False: "false"}


class _Unsupported(Exception):
    pass


def _scalar(value) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    if kind is int:
        return int.__repr__(value)
    raise _Unsupported


def _write(value, out: list[str], newline: str, step: str) -> None:
    """Append ``value`` to ``out``; ``newline`` is a line break and the indent of ``value``."""
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            out.append(f"{separator}{encode_basestring(key)}: ")
            if type(item) in (dict, list):
                _write(item, out, inner, step)
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if type(item) in (dict, list):
                _write(item, out, inner, step)
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "]")
    else:
        out.append(_scalar(value))


def dumps(data, indent: int, level: int = 0) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent)``; with ``level``, as it appears that
    many levels deep in a larger document (each line but the first indented that much more)."""
    out: list[str] = []
    try:
        _write(data, out, "\n" + " " * indent * level, " " * indent)
    except _Unsupported:
        text = json.dumps(data, ensure_ascii=False, indent=indent)
        return text.replace("\n", "\n" + " " * indent * level)
    return "".join(out)
