"""Read YAML while remembering where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two equal keys. Error
messages must name the line, and a repeated key is a mistake the owner needs to hear about, so
this loader builds dicts and lists that carry the line of each key and item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem


class MarkedDict(dict):
    """A mapping read from YAML: ``line`` is where it starts, ``key_lines[key]`` where each key is."""

    line: int
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list):
    """A sequence read from YAML: ``line`` is where it starts, ``item_lines[i]`` where item i is."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _MarkingLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader whose mappings and sequences remember their lines and reject repeated keys."""




def _construct_mapping(loader: _MarkingLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    mapping = MarkedDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in mapping:
            raise _DuplicateKey(
                None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _MarkingLoader, node: yaml.SequenceNode) -> MarkedList:
    sequence = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

def load_marked_yaml(text: str, filename: str) -> Any:
    """Parse ``text``; malformed YAML becomes a ``DataError`` naming ``filename`` and the line."""
    try:
        return yaml.load(text, Loader=_MarkingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # An unclosed quote or bracket is only noticed at the end of the file: the line where it
        # was opened (the context) is the one to fix.
        if error.context_mark and "end of stream" in (error.problem or ""):
            mark = error.context_mark
        line = mark.line + 1 if mark else None
        reason = (error.problem or str(error)).replace("<stream end>", "the end of the file")
        reason = reason.replace("end of stream", "end of the file")
        if error.context:
            reason = f"{error.context}, {reason}"
        raise DataError([Problem(filename, f"malformed YAML: {reason}", line=line)]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(filename, f"malformed YAML: {error}")]) from None


def read_marked_yaml(path: Path, display_name: str | None = None) -> Any:
    """Read a YAML file; ``display_name`` is how messages name it (a path relative to the site)."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except UnicodeDecodeError as error:
        raise DataError([Problem(name, f"not UTF-8 text ({error.reason})")]) from None
    return load_marked_yaml(text, name)
