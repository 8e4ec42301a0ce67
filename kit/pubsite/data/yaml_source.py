"""Read YAML while remembering where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two equal keys. Error
messages must name the line, and a repeated key is a mistake the owner needs to hear about, so
this loader builds dicts and lists that carry the line of each key and item.

PyYAML builds values recursively (in C, where a value nested 100,000 levels deep crashes the
process), and aliases (``*name``) can nest or repeat a value beyond what the text shows. So the
event stream, which is read without recursion, is checked first against ``input_limits``:
``check_yaml_shape`` refuses too deep a nesting, too long a list, an alias bomb or an alias loop,
naming the line, before anything is built. The data files go through it, and so does the front
matter the importers read (``load_checked_yaml``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pubsite.data.errors import DataError, Problem
from pubsite.data.input_limits import (
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_REPEATED_VALUES,
    InputRefused,
    read_text_limited,
)


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


class _CheckedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader whose dates, numbers and booleans that cannot be read are errors naming their line."""


def _checked_scalar(construct, kind: str):
    """``construct`` (PyYAML's), whose ``ValueError`` or ``KeyError`` for a value such as ``2020-13-45``
    (read as a date) or ``!!bool maybe`` becomes an error naming the value and its line."""

    def construct_checked(loader: _CheckedLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, OverflowError) as error:
            why = f" ({error})" if isinstance(error, ValueError) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"the value '{node.value}' is not {kind}{why}; put it in quotes if it is text",
                node.start_mark) from None

    return construct_checked


for _name, _kind in (("bool", "true or false"), ("int", "a whole number"), ("float", "a number"),
                     ("timestamp", "a date")):
    _tag = f"tag:yaml.org,2002:{_name}"
    _CheckedLoader.add_constructor(_tag, _checked_scalar(_CheckedLoader.yaml_constructors[_tag], _kind))


class _MarkingLoader(_CheckedLoader):
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


class _Open:
    """A list or mapping being read: how deep its values reach and how many values it holds."""

    __slots__ = ("anchor", "height", "size", "items", "line", "is_mapping")

    def __init__(self, anchor: str | None, line: int, is_mapping: bool):
        self.anchor, self.line, self.is_mapping = anchor, line, is_mapping
        self.height, self.size, self.items = 0, 0, 0


def check_yaml_shape(text: str, filename: str, first_line: int = 1) -> None:
    """Refuse, with ``InputRefused`` naming the line, YAML whose values would nest deeper than
    ``MAX_DEPTH``, a list or mapping of more than ``MAX_ENTRIES`` items, aliases that repeat more
    than ``MAX_REPEATED_VALUES`` values, or an alias inside the value it names (a loop). Reads
    events only, without recursion; malformed YAML is left for the loader to report.
    ``first_line`` is the line of the file where ``text`` starts (front matter starts at 2)."""
    heights: dict[str, int] = {}  # anchor -> how many levels its value has
    sizes: dict[str, int] = {}  # anchor -> how many values it holds, counting itself
    stack: list[_Open] = []
    repeated = 0

    def refuse(message: str, mark: yaml.Mark) -> None:
        raise InputRefused(filename, f"{message}, more than is read", mark.line + first_line)

    def add(height: int, size: int) -> None:
        """One more value (``height`` levels, ``size`` values in all) in the list or mapping open."""
        if not stack:
            return
        parent = stack[-1]
        parent.height = max(parent.height, height)
        parent.size += size
        parent.items += 1
        if parent.items > MAX_ENTRIES * (2 if parent.is_mapping else 1):  # a mapping's keys count too
            kind = "mapping has more than {:,} keys" if parent.is_mapping else "list has more than {:,} items"
            raise InputRefused(filename, f"this {kind.format(MAX_ENTRIES)}, more than is read", parent.line)

    loader = _CheckedLoader(text)  # its events only
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    heights[event.anchor], sizes[event.anchor] = 0, 1
                add(0, 1)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    refuse(f"values are nested more than {MAX_DEPTH} levels deep here", event.start_mark)
                stack.append(_Open(event.anchor, event.start_mark.line + first_line,
                                   isinstance(event, yaml.MappingStartEvent)))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                if done.anchor is not None:
                    heights[done.anchor], sizes[done.anchor] = done.height + 1, done.size + 1
                add(done.height + 1, done.size + 1)
            elif isinstance(event, yaml.AliasEvent):
                name = event.anchor
                if any(open_value.anchor == name for open_value in stack):
                    raise InputRefused(filename, f"the alias *{name} is inside the value &{name} it names (a loop)",
                                       event.start_mark.line + first_line)
                if name not in heights:  # undefined: the loader says so
                    add(0, 1)
                    continue
                if len(stack) + heights[name] > MAX_DEPTH:
                    refuse(f"the alias *{name} nests values more than {MAX_DEPTH} levels deep", event.start_mark)
                repeated += sizes[name]
                if repeated > MAX_REPEATED_VALUES:
                    refuse(f"the aliases (*name) up to *{name} repeat more than {MAX_REPEATED_VALUES:,} values",
                           event.start_mark)
                add(heights[name], sizes[name])
    except yaml.YAMLError:
        return  # malformed: the loader reports it, in its own words, before it builds past this point
    finally:
        loader.dispose()


def load_checked_yaml(text: str, filename: str, first_line: int = 1) -> Any:
    """``yaml.safe_load`` for YAML that is not the site's data (a page's front matter), within the
    limits of ``check_yaml_shape`` (``InputRefused``); malformed YAML raises ``yaml.YAMLError``,
    for the caller to word, a date such as ``2020-13-45`` included."""
    check_yaml_shape(text, filename, first_line)
    return yaml.load(text, Loader=_CheckedLoader)  # noqa: S506 - a SafeLoader subclass


def load_marked_yaml(text: str, filename: str) -> Any:
    """Parse ``text``; malformed YAML, or YAML past a limit of ``check_yaml_shape``, becomes a
    ``DataError`` naming ``filename`` and the line."""
    try:
        check_yaml_shape(text, filename)
        return yaml.load(text, Loader=_MarkingLoader)  # noqa: S506 - a SafeLoader subclass
    except InputRefused as error:
        raise DataError([Problem(filename, error.message, line=error.line)]) from None
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
        text = read_text_limited(path, name)
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except InputRefused as error:  # too large, or not UTF-8
        raise DataError([Problem(name, error.message, line=error.line)]) from None
    except OSError as error:
        raise DataError([Problem(name, f"cannot be read ({error.strerror or error})")]) from None
    return load_marked_yaml(text, name)
