"""The copied kit's templates, stylesheets and scripts, in a site made before the kit was a package.

Such a site holds the kit's templates in ``overrides/`` (``theme.custom_dir``), its stylesheets in
``docs/assets/stylesheets/`` and its scripts in ``docs/assets/javascripts/``, each listed in
``mkdocs.yml``. The installed kit now brings them itself, from its theme folder (after the site's
``overrides/``; a file of the same path in ``docs/`` replaces the kit's). So:

* a copy the owner never changed (its sha256 is one the kit's file had in some commit) is removed,
  and its line in ``mkdocs.yml`` with it;
* a template the owner changed stays in ``overrides/`` as their override, their change carried onto
  the kit's current template where the two do not touch the same lines (``template_merge``), and is
  named with the change;
* a stylesheet the owner changed gives its added and changed rules to a stylesheet of their own,
  ``docs/assets/stylesheets/extra.css``, listed after the kit's (``css_changes``); the copy goes,
  and what they removed from it is named;
* a script the owner changed stays in ``docs/`` (so it replaces the kit's) and is named;
* ``theme.custom_dir`` goes from ``mkdocs.yml`` when ``overrides/`` is left empty.
"""

from __future__ import annotations

import difflib
from importlib import resources

from pubsite.commands.migrations import Context, css_changes, history, settings_text, template_merge
from pubsite.commands.migrations.history import digest

TEMPLATES = "overrides/"
DOCS = "docs/"
STYLESHEETS = ("docs/assets/stylesheets/publications.css", "docs/assets/stylesheets/accessibility.css")
SCRIPTS = ("docs/assets/javascripts/email.js", "docs/assets/javascripts/filters.js")
OWN_STYLESHEET = "docs/assets/stylesheets/extra.css"
SETTINGS = "mkdocs.yml"
THEME_IN_PACKAGE = "pubsite/mkdocs_adapter/theme"


def kit_theme_text(relative: str) -> str | None:
    """The installed kit's theme file ``relative`` (``main.html``, ``assets/...``), None if it has none."""
    node = resources.files("pubsite").joinpath("mkdocs_adapter").joinpath("theme")
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8") if node.is_file() else None


def change_summary(before: str, after: str, limit: int = 12) -> str:
    """The lines an owner added (+) and removed (-), at most ``limit`` of them."""
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    shown = [f"      {line}" for line in changed[:limit]]
    if len(changed) > limit:
        shown.append(f"      ... and {len(changed) - limit} more lines (git diff shows all)")
    return "\n".join(shown)


def _edit_settings(ctx: Context, edit, what: str) -> list[str]:
    """Apply ``edit`` to mkdocs.yml's text; an edit that cannot be made as text is named instead."""
    if not ctx.exists(SETTINGS):
        return [f"{SETTINGS}: not found; {what} by hand"]
    text = ctx.read(SETTINGS)
    try:
        new_text = edit(text)
    except settings_text.SettingsEditError as error:
        return [f"{SETTINGS}: {error} ({what})"]
    if new_text != text:
        ctx.write(SETTINGS, new_text)
    return []


def templates(ctx: Context) -> list[str]:
    """``overrides/``: the kit's templates removed or, changed, kept as the owner's overrides."""
    report, removed = [], []
    kit_base_prints_head = template_merge.prints_head(kit_theme_text("base.html") or "")
    for relative in [path for path in history.copied_paths() if path.startswith(TEMPLATES)]:
        if not ctx.exists(relative):
            continue
        text = ctx.read(relative)
        if digest(text) in history.copied_digests(relative):
            ctx.remove(relative)
            removed.append(relative)
            continue
        name = relative[len(TEMPLATES):]
        base = history.closest(relative, text)
        kit_text = kit_theme_text(name)
        merged = template_merge.merge(base.text, text, kit_text) if base and kit_text is not None else None
        result = merged if merged is not None else text
        notes = []
        if merged is not None:
            notes.append(f"your change carried onto kit {ctx.to_version}'s {name}")
        elif kit_text is not None:
            notes.append(f"kept as you wrote it (your change and kit {ctx.to_version}'s touch the same lines: "
                         f"compare it with {THEME_IN_PACKAGE}/{name} in the installed kit)")
        else:
            notes.append(f"kept as you wrote it (kit {ctx.to_version} has no {name}: it is yours alone now)")
        if name == "main.html" and merged is None and kit_base_prints_head:
            fixed = template_merge.without_second_head(result)
            if fixed != result:
                result = fixed
                notes.append("its lines printing page_head removed: the kit's base.html prints the head "
                             "metadata now, through {{ super() }}")
        if name == "base.html" and kit_base_prints_head and not template_merge.prints_head(result):
            notes.append("it does not print page_head in its extrahead block, so pages would lose their "
                         "head metadata: copy the kit's extrahead block into it")
        if result != text:
            ctx.write(relative, result)
        since = f" (the kit's copy as of commit {base.since[:7]})" if base else ""
        report.append(f"{relative}: changed by you{since}; stays your override, {'; '.join(notes)}. "
                      f"Your change:\n{change_summary(base.text if base else '', text)}")
    if removed:
        report.insert(0, f"{TEMPLATES}: {len(removed)} of the kit's templates you never changed removed "
                         f"({', '.join(path[len(TEMPLATES):] for path in removed)}): the installed kit brings them")
    folder = ctx.path(TEMPLATES.rstrip("/"))
    own = sorted(path.relative_to(ctx.site).as_posix() for path in folder.rglob("*") if path.is_file()) \
        if folder.is_dir() else []
    known = set(history.copied_paths())
    for relative in own:
        if relative not in known:
            report.append(f"{relative}: yours (not a kit file), kept")
    ctx.prune(folder)
    if not folder.exists() and ctx.exists(SETTINGS) \
            and settings_text.scalar(ctx.read(SETTINGS), "theme", "custom_dir") == "overrides":
        report.extend(_edit_settings(ctx, lambda text: settings_text.remove_setting(text, "theme", "custom_dir"),
                                     "remove theme.custom_dir: overrides"))
        report.append(f"{SETTINGS}: theme.custom_dir removed (overrides/ is empty)")
    return report


def stylesheets(ctx: Context) -> list[str]:
    """The kit's stylesheets removed; an owner's changes to them moved to their own stylesheet."""
    report, parts, gone = [], [], []
    for relative in STYLESHEETS:
        if not ctx.exists(relative):
            gone.append(relative)
            continue
        text = ctx.read(relative)
        if digest(text) in history.copied_digests(relative):
            ctx.remove(relative)
            gone.append(relative)
            report.append(f"{relative}: the kit's, unchanged: removed (the installed kit brings it)")
            continue
        base = history.closest(relative, text)
        try:
            changes = css_changes.owner_changes(base.text if base else "", text)
        except css_changes.CssUnreadable as error:
            place = ctx.keep(relative)
            gone.append(relative)
            report.append(f"{relative}: changed by you, but not readable as CSS ({error}): moved to {place}; "
                          f"put your rules in a stylesheet of your own listed in extra_css")
            continue
        ctx.remove(relative)
        gone.append(relative)
        if changes.empty:
            report.append(f"{relative}: changed by you in spacing only: removed (the installed kit brings it)")
            continue
        file_name = relative.rsplit("/", 1)[1]
        since = f" (kit commit {base.since[:7]})" if base else ""
        header = (f"/* Your changes to the kit's {file_name}{since}, moved here by `pubsite upgrade`.\n"
                  "   The kit's stylesheet now comes from the installed kit, before this one: these rules win. */")
        if changes.removed:
            header += "\n/* You had removed from it (the kit's rules apply again; override them here if you wish):\n" \
                      + "".join(f"   - {item}\n" for item in changes.removed).replace("*/", "* /") + "*/"
        parts.append(header + "\n\n" + "\n\n".join(changes.rules))
        details = [f"      added: {item}" for item in changes.added] + \
                  [f"      changed: {item}" for item in changes.changed] + \
                  [f"      removed (named in the stylesheet; the kit's applies again): {item}" for item in changes.removed]
        report.append(f"{relative}: changed by you{since}; your changes moved to {{own}}, the copy removed:\n"
                      + "\n".join(details))
    own = None
    if parts:
        own = OWN_STYLESHEET
        number = 1
        while ctx.exists(own):
            number += 1
            own = OWN_STYLESHEET.replace(".css", f"-{number}.css")
        ctx.write(own, "\n\n".join(parts) + "\n")
        report = [line.replace("{own}", own) for line in report]
    in_settings = [path[len(DOCS):] for path in gone]
    added = [own[len(DOCS):]] if own else []
    before = settings_text.list_values(ctx.read(SETTINGS), "extra_css") if ctx.exists(SETTINGS) else []
    report.extend(_edit_settings(ctx, lambda text: settings_text.edit_list(text, "extra_css", in_settings, added)[0],
                                 f"remove {', '.join(in_settings)} from extra_css" + (f", add {added[0]}" if added else "")))
    after = settings_text.list_values(ctx.read(SETTINGS), "extra_css") if ctx.exists(SETTINGS) else []
    if before != after:
        report.append(f"{SETTINGS}: extra_css " + (f"lists {', '.join(after)}" if after else "removed")
                      + " (the kit adds its stylesheets first by itself)")
    return report


def scripts(ctx: Context) -> list[str]:
    """The kit's scripts removed; one the owner changed stays in docs/, replacing the kit's."""
    report, listed = [], []
    for relative in SCRIPTS:
        listed.append(relative[len(DOCS):])
        if not ctx.exists(relative):
            continue
        if digest(ctx.read(relative)) in history.copied_digests(relative):
            ctx.remove(relative)
            report.append(f"{relative}: the kit's, unchanged: removed (the installed kit brings it)")
        else:
            report.append(f"{relative}: changed by you; stays in docs/, where it replaces the kit's script of the "
                          f"same path (so the kit's fixes to it do not reach your site: compare it with "
                          f"{THEME_IN_PACKAGE}/{relative[len(DOCS):]} in the installed kit)")
    before = settings_text.list_values(ctx.read(SETTINGS), "extra_javascript") if ctx.exists(SETTINGS) else []
    report.extend(_edit_settings(ctx, lambda text: settings_text.edit_list(text, "extra_javascript", listed)[0],
                                 f"remove {', '.join(listed)} from extra_javascript"))
    after = settings_text.list_values(ctx.read(SETTINGS), "extra_javascript") if ctx.exists(SETTINGS) else []
    if before != after:
        report.append(f"{SETTINGS}: extra_javascript " + (f"lists {', '.join(after)}" if after else "removed")
                      + " (the kit adds its scripts, deferred, by itself)")
    return report

