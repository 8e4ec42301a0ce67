"""An owner's changes to a copy of a kit stylesheet, as a stylesheet of their own.

A site made before the kit was a package held copies of the kit's stylesheets, which some owners
edited. The kit's stylesheets now come from the installed kit, first in ``extra_css``; an owner's
stylesheet listed after them wins where both set a property of the same rule. So what the owner
added or changed is all their stylesheet must hold: ``owner_changes(base, copy)`` compares the copy
with the kit's version it came from, rule by rule (a rule is known by its selector, the at-rules
around it and which of the rules with that selector it is), and gives

* each rule the owner added, whole, with a comment of theirs just before it;
* for each rule the owner changed, a rule with the same selector holding only the declarations
  they added or whose value they changed (a rule holding nested rules is taken whole);
* any other comment the owner wrote;
* what the owner removed (a rule, or a property of a rule): it cannot be kept by adding rules, so it
  is named (the kit's rule applies again; the owner can override it in their stylesheet).

The CSS is read with tinycss2 (the CSS Syntax Level 3 parser); text that is not CSS is refused with
its line, not guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tinycss2

# At-rules whose block holds rules (compared rule by rule); any other at-rule is compared whole.
GROUPING = {"media", "supports", "layer", "container", "document", "scope", "starting-style"}


class CssUnreadable(ValueError):
    """The copy holds text the CSS parser rejects (its line and the parser's reason)."""


@dataclass
class CssChanges:
    rules: list[str] = field(default_factory=list)     # CSS text: what the owner's stylesheet holds
    added: list[str] = field(default_factory=list)     # descriptions, for the report
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.rules or self.removed)


def _text(tokens) -> str:
    return " ".join(tinycss2.serialize(tokens).split())


def _nodes(text: str, nested: bool = False, content=None) -> list:
    if nested:
        return tinycss2.parse_rule_list(content, skip_comments=False, skip_whitespace=True)
    return tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=True)


def _declarations(rule):
    """(name, value, important) of each declaration of a rule, or None if it holds nested rules."""
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    found = []
    for item in items:
        if item.type == "error":
            raise CssUnreadable(f"line {item.source_line}: {item.message}")
        if item.type != "declaration":
            return None
        found.append((item.lower_name, _text(item.value), item.important))
    return found


def _keyed(nodes, context: tuple = ()) -> list[tuple]:
    """(key, node, comment before it) for each rule, grouping at-rules opened; comments as
    (None, comment)."""
    seen: dict = {}
    keyed = []
    comment = None
    for node in nodes:
        if node.type == "error":
            raise CssUnreadable(f"line {node.source_line}: {node.message}")
        if node.type == "comment":
            if comment is not None:
                keyed.append((None, comment, None, context))
            comment = node
            continue
        if node.type == "at-rule" and node.lower_at_keyword in GROUPING and node.content is not None:
            inner_context = (*context, f"@{node.lower_at_keyword} {_text(node.prelude)}".strip())
            if comment is not None:
                keyed.append((None, comment, None, context))
                comment = None
            keyed.extend(_keyed(_nodes("", nested=True, content=node.content), inner_context))
            continue
        if node.type == "at-rule":
            label = f"@{node.lower_at_keyword} {_text(node.prelude)}".strip()
        else:
            label = _text(node.prelude)
        number = seen[(context, label)] = seen.get((context, label), -1) + 1
        keyed.append(((context, label, number), node, comment, context))
        comment = None
    if comment is not None:
        keyed.append((None, comment, None, context))
    return keyed


def _wrap(context: tuple, text: str) -> str:
    for at_rule in reversed(context):
        inner = "\n".join("  " + line if line else line for line in text.splitlines())
        text = f"{at_rule} {{\n{inner}\n}}"
    return text


def _where(context: tuple, label: str) -> str:
    return f"`{label}`" + (f" (in `{' '.join(context)}`)" if context else "")


def owner_changes(base_text: str, owner_text: str) -> CssChanges:
    """What ``owner_text`` (a copy of a kit stylesheet) adds to, changes in and removes from
    ``base_text`` (the kit's version it came from)."""
    base_keyed = _keyed(_nodes(base_text))
    base = {key: node for key, node, _comment, _context in base_keyed if key is not None}
    base_comments = {(node if key is None else comment).value.strip() for key, node, comment, _x in base_keyed
                     if key is None or comment is not None}
    changes = CssChanges()
    matched = set()
    for key, node, comment, context in _keyed(_nodes(owner_text)):
        if key is None:
            if node.value.strip() not in base_comments:
                changes.rules.append(_wrap(context, f"/*{node.value}*/"))
            continue
        _context, label, _number = key
        new_comment = comment is not None and comment.value.strip() not in base_comments
        lead = f"/*{comment.value}*/\n" if new_comment else ""
        kit_rule = base.get(key)
        if kit_rule is None:
            changes.rules.append(_wrap(context, lead + node.serialize().strip()))
            changes.added.append(f"{_where(context, label)} (line {node.source_line})")
            continue
        matched.add(key)
        if node.serialize() == kit_rule.serialize():
            if new_comment:
                changes.rules.append(_wrap(context, lead.rstrip()))
            continue
        if node.type == "at-rule" or kit_rule.type == "at-rule":
            owner_items = kit_items = None
        else:
            owner_items, kit_items = _declarations(node), _declarations(kit_rule)
        if owner_items is None or kit_items is None:
            if _text(node.content or []) != _text(kit_rule.content or []) or new_comment:
                changes.rules.append(_wrap(context, lead + node.serialize().strip()))
                changes.changed.append(f"{_where(context, label)} (line {node.source_line}), taken whole")
            continue
        kit_values = {}
        for name, value, important in kit_items:
            kit_values.setdefault(name, []).append((value, important))
        owner_names = {name for name, _value, _important in owner_items}
        new = [(name, value, important) for name, value, important in owner_items
               if (value, important) not in kit_values.get(name, [])]
        for name, value, important in new:
            was = kit_values.get(name)
            flag = " !important" if important else ""
            changes.changed.append(
                f"{_where(context, label)} (line {node.source_line}): {name}: {value}{flag}"
                + (f" (the kit's: {'; '.join(v + (' !important' if i else '') for v, i in was)})" if was
                   else " (added)"))
        for name in kit_values:
            if name not in owner_names:
                changes.removed.append(f"{name} of {_where(context, label)} (the kit's: "
                                       f"{'; '.join(value for value, _ in kit_values[name])})")
        if new or new_comment:
            body = "".join(f"\n  {name}: {value}{' !important' if important else ''};"
                           for name, value, important in new)
            changes.rules.append(_wrap(context, f"{lead}{_text(node.prelude)} {{{body}\n}}"))
    for key, node in base.items():
        if key not in matched:
            context, label, _number = key
            changes.removed.append(f"the rule {_where(context, label)}")
    # @charset, @import and @namespace only count at the top of a stylesheet.
    changes.rules.sort(key=lambda text: not text.lstrip().startswith(("@charset", "@import", "@namespace")))
    return changes
