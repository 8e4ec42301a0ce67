"""``json.dumps(data, ensure_ascii=False, indent=n)``, several times faster.

With ``indent`` set, the standard library encodes in pure Python, generator by generator; the
exports and each page's JSON-LD hold only mappings, lists, text, whole numbers, booleans and None,
which this writes directly in the same layout (strings through json's own C escaping). Anything
else (floats, other types, non-text keys) is left to ``json.dumps``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class _Unsupported(Exception):
    pass


def _write(value, out: list[str], newline: str, step: str) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, out, inner, step)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, out, inner, step)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _Unsupported


def dumps(data, indent: int) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent)``."""
    out: list[str] = []
    try:
        _write(data, out, "\n", " " * indent)
    except _Unsupported:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    return "".join(out)
