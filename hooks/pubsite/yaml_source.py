"""Read YAML while remembering where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two equal keys. Error
messages must name the line, and a repeated key is a mistake the owner needs to hear about, so
this loader builds dicts and lists that carry the line of each key and item.
"""

from __future__ import annotations

import gc
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


_QUICK = hasattr(yaml, "CSafeLoader")  # building from events pays only with libyaml's parser


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

_STR = "tag:yaml.org,2002:str"
#: Scalar types a plain scalar may resolve to that the quick reader builds (with SafeLoader's own
#: constructors); anything else (merge keys ``<<``, ``=``) is left to the full loader.
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")}


class _Unusual(Exception):
    """Something the quick reader leaves to the full loader: anchors, aliases, tags, repeated keys..."""


def _quick_load(text: str) -> Any:
    """What ``yaml.load(text, Loader=_MarkingLoader)`` returns, built from libyaml's events.

    The full loader builds a node for every value and then an object for every node, in Python;
    this builds the objects straight from the parser's events. It handles one document of plain
    mappings, sequences and scalars (as publication lists are) and raises ``_Unusual`` for anything
    else, and the parser's errors propagate: the full loader then decides, so results and error
    messages are always the full loader's.
    """
    loader = _MarkingLoader(text)
    try:
        get_event = loader.get_event
        resolvers = loader.yaml_implicit_resolvers
        wildcard = resolvers.get(None, [])

        plain: dict[str, Any] = {}  # plain scalar -> its value (immutable: text, numbers, dates...)

        def scalar(event) -> Any:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = event.value
            if not event.implicit[0]:  # quoted: text
                return value
            try:
                return plain[value]
            except KeyError:
                pass
            for tag, regexp in resolvers.get(value[0] if value else "", []) + wildcard:
                if regexp.match(value):
                    if tag not in _SCALAR_TAGS:
                        raise _Unusual
                    result = loader.yaml_constructors[tag](
                        loader, yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style))
                    break
            else:
                result = value
            plain[value] = result
            return result

        def node(event) -> Any:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                return scalar(event)
            if event.anchor is not None or getattr(event, "tag", None) is not None:
                raise _Unusual  # also aliases, which have an anchor
            if kind is yaml.MappingStartEvent:
                mapping = MarkedDict()
                mapping.line = event.start_mark.line + 1
                mapping.key_lines = lines = {}
                while True:
                    key_event = get_event()
                    if type(key_event) is yaml.MappingEndEvent:
                        return mapping
                    if type(key_event) is not yaml.ScalarEvent:
                        raise _Unusual
                    key = scalar(key_event)
                    if key in mapping:
                        raise _Unusual
                    mapping[key] = node(get_event())
                    lines[key] = key_event.start_mark.line + 1
            if kind is yaml.SequenceStartEvent:
                sequence = MarkedList()
                sequence.line = event.start_mark.line + 1
                sequence.item_lines = lines = []
                while True:
                    item = get_event()
                    if type(item) is yaml.SequenceEndEvent:
                        return sequence
                    sequence.append(node(item))
                    lines.append(item.start_mark.line + 1)
            raise _Unusual

        get_event()  # the stream's start
        if type(get_event()) is not yaml.DocumentStartEvent:
            raise _Unusual  # an empty stream
        data = node(get_event())
        get_event()  # the document's end
        if type(get_event()) is not yaml.StreamEndEvent:
            raise _Unusual  # more than one document
        return data
    finally:
        loader.dispose()


def load_marked_yaml(text: str, filename: str) -> Any:
    """Parse ``text``; malformed YAML becomes a ``DataError`` naming ``filename`` and the line."""
    # Reading allocates tens of objects a paper and frees none: the cyclic garbage collector would
    # walk every one of them again and again (a third of the time for thousands of papers).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(text, filename)
    finally:
        if collecting:
            gc.enable()


def _load(text: str, filename: str) -> Any:
    if _QUICK:
        try:
            return _quick_load(text)
        except Exception:  # noqa: BLE001, S110 - whatever it is, the full loader below decides
            pass
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


def read_marked_yaml(path: Path, display_name: str | None = None, load=None) -> Any:
    """Read a YAML file; ``display_name`` is how messages name it (a path relative to the site).

    ``load(text, name)`` parses the text (default ``load_marked_yaml``; ``yaml_chunks`` reuses
    what an earlier read of the same file parsed)."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except UnicodeDecodeError as error:
        raise DataError([Problem(name, f"not UTF-8 text ({error.reason})")]) from None
    return (load or load_marked_yaml)(text, name)
