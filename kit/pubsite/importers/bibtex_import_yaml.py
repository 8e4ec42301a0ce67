"""Append papers to the publication list without touching a byte of what the owner wrote.

The file is read with ruamel.yaml in round-trip mode, which keeps comments and knows where every
item starts. The new papers are emitted by ruamel.yaml too (so quoting is always right), in the
file's own layout, and inserted as text right after the last paper: everything outside the
inserted block stays exactly as it was. A file whose list cannot be appended to as text (an empty
or flow-style ``papers``) is written back by ruamel.yaml's round-trip dumper instead.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

# Values written in double quotes, as the owner's file does for them.
_QUOTED_FIELDS = ("title", "arxiv", "volume", "pages")
# Long text written as a folded block (``summary: >-``), wrapped at about this many characters.
_FOLDED_FIELDS = ("summary",)
_FOLD_WIDTH = 92


class AppendError(Exception):
    """The publication list cannot be appended to; the message says why."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long titles
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_roundtrip(text: str) -> Any:
    """The document as ruamel.yaml's round-trip structures (dict- and list-like, with comments)."""
    return _yaml().load(text)


def _folded(text: str) -> FoldedScalarString | str:
    """``text`` as a ``>-`` block wrapped at spaces, when a block can hold it exactly.

    Folding turns each line break back into one space, so ``text`` must not have other whitespace
    than single spaces, nor start or end with one (the importer collapses whitespace)."""
    if not text or text != " ".join(text.split()):
        return text
    folded = FoldedScalarString(text)
    positions, start = [], 0
    while len(text) - start > _FOLD_WIDTH:
        cut = text.rfind(" ", start, start + _FOLD_WIDTH)
        if cut <= start:
            cut = text.find(" ", start + _FOLD_WIDTH)
            if cut < 0:
                break
        positions.append(cut)
        start = cut + 1
    folded.fold_pos = positions
    return folded


def to_commented(fields: dict[str, Any]) -> CommentedMap:
    """One paper as ruamel.yaml nodes, in the owner's style: quoted titles, ``[a, b]`` lists,
    summaries as ``>-`` blocks. A list item such as a corporate author ``{Google DeepMind}`` is
    double-quoted like a title (unquoted, YAML would read the braces as a mapping)."""
    entry = CommentedMap()
    for name, value in fields.items():
        if isinstance(value, list):
            items = CommentedSeq(
                DoubleQuotedScalarString(item) if isinstance(item, str) and item.startswith("{") else item
                for item in value
            )
            items.fa.set_flow_style()
            entry[name] = items
        elif isinstance(value, dict):
            entry[name] = CommentedMap(value)
        elif name in _QUOTED_FIELDS and isinstance(value, str):
            entry[name] = DoubleQuotedScalarString(value)
        elif name in _FOLDED_FIELDS and isinstance(value, str):
            entry[name] = _folded(value)
        else:
            entry[name] = value
    return entry


def plain(value: Any) -> Any:
    """ruamel.yaml's structures (and ours) as plain dicts, lists and values, to compare them."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def _dump(node: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(node, stream)
    return stream.getvalue()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, character in enumerate(text):
        if character == "\n":
            starts.append(index + 1)
    return starts


def append_papers(text: str, new_entries: list[dict[str, Any]]) -> str:
    """``text`` with ``new_entries`` appended to its ``papers`` list."""
    if not new_entries:
        return text
    data = load_roundtrip(text)
    if not isinstance(data, CommentedMap) or "papers" not in data:
        raise AppendError("the file has no top-level 'papers' list")
    papers = data["papers"]
    if not isinstance(papers, CommentedSeq) or not papers or papers.fa.flow_style():
        return _append_by_redump(data, new_entries)

    lines = text.splitlines(keepends=True)
    first_line, key_column = papers.lc.item(0)
    before_key = lines[first_line][:key_column].rstrip()
    if not before_key.endswith("-"):
        return _append_by_redump(data, new_entries)
    dash_column = len(before_key) - 1

    end_line = _papers_end_line(data, papers, lines, key_column)

    newline = "\r\n" if "\r\n" in text else "\n"
    block = []
    for fields in new_entries:
        dumped = _dump(to_commented(fields)).splitlines()
        block.append(newline)
        for index, line in enumerate(dumped):
            if index == 0:
                prefix = " " * dash_column + "-" + " " * (key_column - dash_column - 1)
            else:
                prefix = " " * key_column
            block.append((prefix + line if line else "") + newline)

    head = "".join(lines[:end_line])
    if head and not head.endswith("\n"):
        head += newline
    result = head + "".join(block) + "".join(lines[end_line:])

    check = load_roundtrip(result)["papers"]
    if len(check) != len(papers) + len(new_entries) or plain(check[len(papers):]) != plain(new_entries):
        raise AppendError("could not append the new papers at the end of the 'papers' list")
    return result


def _append_by_redump(data: CommentedMap, new_entries: list[dict[str, Any]]) -> str:
    papers = data.get("papers")
    if not isinstance(papers, CommentedSeq):
        papers = CommentedSeq()
        data["papers"] = papers
    papers.fa.set_block_style()
    for fields in new_entries:
        papers.append(to_commented(fields))
    return _dump(data)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one step: readers see the old file or the new, never half."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _papers_end_line(data: CommentedMap, papers: CommentedSeq, lines: list[str], key_column: int) -> int:
    """The line after the last paper's last line: where the next top-level key starts, or the end of
    the file, less the blank lines and comments before it that are less indented than the papers'
    fields (those belong to what follows)."""
    keys = list(data)
    position = keys.index("papers")
    end_line = data.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else len(lines)
    last_item_line = papers.lc.item(len(papers) - 1)[0]
    while end_line - 1 > last_item_line:
        stripped = lines[end_line - 1].strip()
        indent = len(lines[end_line - 1]) - len(lines[end_line - 1].lstrip(" "))
        if stripped and not (stripped.startswith("#") and indent < key_column):
            break
        end_line -= 1
    return end_line


def _entry_end(lines: list[str], start: int, end: int) -> int:
    """The line after an entry's last line of content, between ``start`` and the next entry's ``end``."""
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def update_papers(text: str, updates: dict[int, dict[str, Any]]) -> str:
    """``text`` with fields of existing papers set: ``updates`` maps a paper's index in ``papers`` to
    the fields to set. A field the entry has is replaced where it stands (its lines only); a new one
    goes after the entry's last field. Every other byte of the file stays as it was."""
    if not updates:
        return text
    data = load_roundtrip(text)
    papers = data["papers"]
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    first_line, key_column = papers.lc.item(0)
    list_end = _papers_end_line(data, papers, lines, key_column)
    edits: list[tuple[int, int, int, list[str]]] = []  # (first line, end line, order, new lines)
    for index, fields in updates.items():
        entry = papers[index]
        start = papers.lc.item(index)[0]
        next_start = papers.lc.item(index + 1)[0] if index + 1 < len(papers) else list_end
        end = _entry_end(lines, start, next_start)
        keys = list(entry)
        column = entry.lc.key(keys[0])[1]
        for name, value in fields.items():
            block = [" " * column + line + newline for line in _dump(to_commented({name: value})).splitlines()]
            if name in entry:
                position = keys.index(name)
                key_line = entry.lc.key(name)[0]
                key_end = entry.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else end
                edits.append((key_line, _entry_end(lines, key_line, key_end), len(edits), block))
            else:
                edits.append((end, end, len(edits), block))
    # From the bottom up, so that earlier line numbers stay right; insertions at one place in order.
    for first, last, _, block in sorted(edits, key=lambda edit: (edit[0], edit[2]), reverse=True):
        lines[first:last] = block
    result = "".join(lines)
    check = load_roundtrip(result)["papers"]
    expected = [dict(plain(paper), **plain(updates.get(index, {}))) for index, paper in enumerate(papers)]
    if plain(list(check)) != expected:
        raise AppendError("could not update the papers in place")
    return result
