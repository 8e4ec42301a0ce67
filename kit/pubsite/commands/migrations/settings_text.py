"""Small edits of a site's ``mkdocs.yml`` as text, keeping every other line and comment of the owner.

The file cannot go through a YAML dumper: it holds the owner's comments and ``!!python/name:`` tags.
So PyYAML only *composes* it (nodes with their lines, nothing constructed, no tag resolved), the
lines of the entries to remove are cut out, new entries are written with the indentation of their
neighbours, and the result is composed again and checked to hold exactly what was meant; an edit
that cannot be made so (a list written in flow style, ``[a, b]``; an entry sharing its line) is not
made and is said, for the owner to make by hand.
"""

from __future__ import annotations

import yaml


class SettingsEditError(ValueError):
    """The edit cannot be made as text; the message says what to change by hand."""


def _compose(text: str):
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise SettingsEditError(f"mkdocs.yml{where} is not readable as YAML "
                                f"({getattr(error, 'problem', None) or error})") from None
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        raise SettingsEditError("mkdocs.yml does not hold a mapping of settings")
    return node


def _pair(mapping, key: str):
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _last_line(node) -> int:
    """The last line (0-based) holding text of ``node``."""
    if isinstance(node, yaml.ScalarNode):
        line = node.end_mark.line
        return line - 1 if node.end_mark.column == 0 and line > node.start_mark.line else line
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
    return max([_last_line(child) for child in children] or [node.start_mark.line])


def scalar(text: str, *keys: str) -> str | None:
    """The value of a scalar setting (``scalar(text, "theme", "custom_dir")``), None if absent."""
    node = _compose(text)
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        pair = _pair(node, key)
        if pair is None:
            return None
        node = pair[1]
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _item_value(node) -> str | None:
    """A list entry's file: the entry itself, or its ``path:`` (``extra_javascript``'s form)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        pair = _pair(node, "path")
        if pair is not None and isinstance(pair[1], yaml.ScalarNode):
            return pair[1].value
    return None


def list_values(text: str, key: str) -> list[str | None]:
    pair = _pair(_compose(text), key)
    if pair is None or not isinstance(pair[1], yaml.SequenceNode):
        return []
    return [_item_value(item) for item in pair[1].value]


def edit_list(text: str, key: str, remove=(), add=()) -> tuple[str, list[str]]:
    """``text`` with the entries of top-level list ``key`` naming a file of ``remove`` cut out and
    ``add`` put where the first of them was (so an entry replacing the kit's keeps its place before
    the owner's own, which must stay later in the cascade), else appended (the key removed if nothing
    is left; created at the end if absent). Returns the new text and the entries removed."""
    remove, add = set(remove), [value for value in add]
    lines = text.splitlines(keepends=True)
    root = _compose(text)
    pair = _pair(root, key)
    before = list_values(text, key)
    if pair is None:
        if not add:
            return text, []
        tail = "" if not text or text.endswith("\n") else "\n"
        new_text = text + tail + f"\n{key}:\n" + "".join(f"  - {value}\n" for value in add)
        return _checked(new_text, key, add), []
    key_node, sequence = pair
    if not isinstance(sequence, yaml.SequenceNode) or (sequence.value and sequence.flow_style):
        if not (remove & set(before)) and not add:
            return text, []
        raise SettingsEditError(f"mkdocs.yml line {key_node.start_mark.line + 1}: {key} is not a list written "
                                f"one entry a line; edit it by hand")
    cut: list[tuple[int, int]] = []
    removed = []
    for item in sequence.value:
        value = _item_value(item)
        if value in remove:
            first, last = item.start_mark.line, _last_line(item)
            if not lines[first][:item.start_mark.column].strip() in ("-", ""):
                raise SettingsEditError(f"mkdocs.yml line {first + 1}: the entry {value} shares its line; "
                                        "remove it by hand")
            cut.append((first, last))
            removed.append(value)
    kept = [value for value in before if value not in remove]
    indent = "  "
    if sequence.value:
        dash_line = lines[sequence.value[0].start_mark.line]
        indent = dash_line[:len(dash_line) - len(dash_line.lstrip())]
    if cut:
        # In the place of the first entry removed: after the entries kept before it.
        kept_before = sum(1 for value in before[:before.index(removed[0])] if value not in remove)
        expected = kept[:kept_before] + add + kept[kept_before:]
        insert_before, insert_after = cut[0][0], None
    else:
        expected = kept + add
        insert_before = None
        insert_after = max([_last_line(item) for item in sequence.value] or [key_node.start_mark.line])
    if not kept and not add:
        # The key goes too: from its line to its last entry's.
        cut = [(key_node.start_mark.line, max([last for _first, last in cut] or [key_node.start_mark.line]))]
    new_entries = [f"{indent}- {value}\n" for value in add]
    new_lines = []
    for number, line in enumerate(lines):
        if number == insert_before:
            new_lines.extend(new_entries)
        if not any(first <= number <= last for first, last in cut):
            new_lines.append(line)
        if number == insert_after and add:
            if not new_lines or not new_lines[-1].endswith("\n"):
                new_lines.append("\n")
            new_lines.extend(new_entries)
    return _checked("".join(new_lines), key, expected if expected else None), removed


def _checked(text: str, key: str, expected) -> str:
    try:
        pair = _pair(_compose(text), key)
    except yaml.YAMLError as error:
        raise SettingsEditError(f"editing {key} would leave mkdocs.yml unreadable ({error}); edit it by hand") from None
    found = None if pair is None else list_values(text, key)
    if found != expected:
        raise SettingsEditError(f"editing {key} as text did not give the list meant; edit it by hand")
    return text


def remove_setting(text: str, *keys: str) -> str:
    """``text`` without the scalar setting ``keys`` (e.g. ``theme``, ``custom_dir``), whose line must
    hold it alone."""
    node = _compose(text)
    for key in keys[:-1]:
        pair = _pair(node, key)
        if pair is None or not isinstance(pair[1], yaml.MappingNode):
            return text
        node = pair[1]
    pair = _pair(node, keys[-1])
    if pair is None:
        return text
    key_node, value = pair
    if node.flow_style or not isinstance(value, yaml.ScalarNode):
        raise SettingsEditError(f"mkdocs.yml line {key_node.start_mark.line + 1}: remove {'.'.join(keys)} by hand")
    lines = text.splitlines(keepends=True)
    first, last = key_node.start_mark.line, _last_line(value)
    if lines[first][:key_node.start_mark.column].strip():
        raise SettingsEditError(f"mkdocs.yml line {first + 1}: remove {'.'.join(keys)} by hand")
    new_text = "".join(line for number, line in enumerate(lines) if not first <= number <= last)
    if scalar(new_text, *keys) is not None:
        raise SettingsEditError(f"mkdocs.yml line {first + 1}: remove {'.'.join(keys)} by hand")
    return new_text
