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
  ``docs/assets/stylesheets/extra.css``, listed in the place of the kit's: after the kit's (which
  the installed kit lists first), before the owner's other stylesheets, which keep the last word
  (``css_changes``); the copy goes, and what they removed from it is named;
* a script the owner changed stays in ``docs/`` (so it replaces the kit's) and is named;
* ``main.html``'s lines printing the head metadata (``page_head``) go when the ``base.html`` the site
  ends with (the owner's kept one, else the kit's) prints it; the kit's unchanged ``main.html`` stays
  when the owner's ``base.html`` does not; a site left printing it nowhere is named;
* ``theme.custom_dir`` goes from ``mkdocs.yml`` when ``overrides/`` is left empty (if that edit
  cannot be made as text, the empty folder stays, as MkDocs requires, and the edit is left to the
  owner).

An edit of ``mkdocs.yml`` that cannot be made as text (a list in flow style, ``[a, b]``) is not
made: it is named, with what to write, in ``Context.by_hand``.
"""

from __future__ import annotations

import difflib
from importlib import resources

from pubsite.commands.migrations import Context, css_changes, history, settings_text, template_merge

TEMPLATES = "overrides/"
DOCS = "docs/"
STYLESHEETS = ("docs/assets/stylesheets/publications.css", "docs/assets/stylesheets/accessibility.css")
SCRIPTS = ("docs/assets/javascripts/email.js", "docs/assets/javascripts/filters.js")
OWN_STYLESHEET = "docs/assets/stylesheets/extra.css"
BASE, MAIN = TEMPLATES + "base.html", TEMPLATES + "main.html"
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


def _edit_settings(ctx: Context, report: list[str], edit, what: str) -> bool:
    """Apply ``edit`` to mkdocs.yml's text; an edit that cannot be made as text is reported as left
    for the owner (``what`` says what to do). Returns whether the edit was made."""
    if not ctx.exists(SETTINGS):
        report.append(ctx.needs(f"{SETTINGS}: not found; {what} by hand"))
        return False
    text = ctx.read(SETTINGS)
    try:
        new_text = edit(text)
    except settings_text.SettingsEditError as error:
        message = str(error)
        report.append(ctx.needs(f"{message if message.startswith(SETTINGS) else f'{SETTINGS}: {message}'} ({what})"))
        return False
    if new_text != text:
        ctx.write(SETTINGS, new_text)
    return True


def _known(ctx: Context, relative: str) -> bool:
    """Whether ``relative`` is one of the kit's versions of it, untouched (its bytes' sha256)."""
    return ctx.digest(relative) in history.copied_digests(relative)


def _is_overrides(custom_dir: str | None) -> bool:
    return custom_dir is not None and custom_dir.strip().rstrip("/").removeprefix("./") == TEMPLATES.rstrip("/")


def templates(ctx: Context) -> list[str]:
    """``overrides/``: the kit's templates removed or, changed, kept as the owner's overrides."""
    report, removed = [], []
    kit_base, kit_main = kit_theme_text("base.html") or "", kit_theme_text("main.html") or ""
    originally = {relative: ctx.read(relative) if ctx.exists(relative) else "" for relative in (BASE, MAIN)}

    def used_base() -> str:
        """The base.html the site builds with now: the owner's kept one, else the kit's."""
        return ctx.read(BASE) if ctx.exists(BASE) else kit_base

    # base.html first: the base.html the site keeps decides what main.html must print.
    paths = sorted((path for path in history.copied_paths() if path.startswith(TEMPLATES)),
                   key=lambda path: (path != BASE, path))
    for relative in paths:
        if not ctx.exists(relative):
            continue
        if _known(ctx, relative):
            text = ctx.read(relative)
            if relative == MAIN and template_merge.head_printed(used_base(), text) \
                    and not template_merge.head_printed(used_base(), kit_main):
                report.append(f"{relative}: the kit's, unchanged, but kept: your {BASE}, kept, does not print the "
                              "page's head metadata (page_head) as the kit's base.html does, and this main.html "
                              f"prints it (remove this file once your {BASE} prints it)")
                continue
            ctx.remove(relative)
            removed.append(relative)
            continue
        text = ctx.read(relative)
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
        if relative == MAIN and merged is None:
            if template_merge.prints_head(used_base()):
                fixed = template_merge.without_second_head(result)
                if fixed != result:
                    result = fixed
                    notes.append("its lines printing page_head removed: the kit's base.html prints the head "
                                 "metadata now, through {{ super() }}" if not ctx.exists(BASE) else
                                 f"its lines printing page_head removed: your {BASE} prints the head metadata "
                                 "now, through {{ super() }}")
            elif template_merge.prints_head(kit_base) and template_merge.head_printed(used_base(), result):
                notes.append(f"its lines printing page_head kept: your {BASE}, kept, does not print the head "
                             "metadata as the kit's base.html does")
        if result != text:
            ctx.write(relative, result)
        since = f" (the kit's copy as of commit {base.since[:7]})" if base else ""
        report.append(f"{relative}: changed by you{since}; stays your override, {'; '.join(notes)}. "
                      f"Your change:\n{change_summary(base.text if base else '', text)}")
    if removed:
        report.insert(0, f"{TEMPLATES}: {len(removed)} of the kit's templates you never changed removed "
                         f"({', '.join(path[len(TEMPLATES):] for path in removed)}): the installed kit brings them")
    if template_merge.head_printed(originally[BASE], originally[MAIN]) and not template_merge.head_printed(
            used_base(), ctx.read(MAIN) if ctx.exists(MAIN) else kit_main):
        report.append(ctx.needs(
            f"{TEMPLATES}: neither {BASE} nor main.html (yours or the kit's) prints the page's head metadata "
            "(page_head: OpenGraph and Twitter cards, Google Scholar tags, JSON-LD) any more: print it in the "
            f"extrahead block of your {BASE if ctx.exists(BASE) else MAIN}, as the kit's base.html does "
            f"({THEME_IN_PACKAGE}/base.html in the installed kit)"))
    folder = ctx.path(TEMPLATES.rstrip("/"))
    own = sorted(path.relative_to(ctx.site).as_posix() for path in folder.rglob("*") if path.is_file()) \
        if folder.is_dir() else []
    known = set(history.copied_paths())
    for relative in own:
        if relative not in known:
            report.append(f"{relative}: yours (not a kit file), kept")
    ctx.prune(folder)
    if not folder.exists() and ctx.exists(SETTINGS) \
            and _is_overrides(settings_text.scalar(ctx.read(SETTINGS), "theme", "custom_dir")):
        if _edit_settings(ctx, report, lambda text: settings_text.remove_setting(text, "theme", "custom_dir"),
                          f"{TEMPLATES} is left empty, and kept while theme.custom_dir names it: remove the "
                          "setting, then the folder"):
            report.append(f"{SETTINGS}: theme.custom_dir removed (overrides/ is empty)")
        else:
            folder.mkdir()      # MkDocs refuses a custom_dir that does not exist
    return report


def stylesheets(ctx: Context) -> list[str]:
    """The kit's stylesheets removed; an owner's changes to them moved to their own stylesheet."""
    report, parts, gone = [], [], []
    for relative in STYLESHEETS:
        if not ctx.exists(relative):
            gone.append(relative)
            continue
        if _known(ctx, relative):
            ctx.remove(relative)
            gone.append(relative)
            report.append(f"{relative}: the kit's, unchanged: removed (the installed kit brings it)")
            continue
        text = ctx.read(relative)
        base = history.closest(relative, text)
        try:
            changes = css_changes.owner_changes(base.text if base else "", text)
        except css_changes.CssUnreadable as error:
            place = ctx.keep(relative)
            gone.append(relative)
            report.append(ctx.needs(f"{relative}: changed by you, but not readable as CSS ({error}): moved to "
                                    f"{place}; put your rules in a stylesheet of your own listed in extra_css"))
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
    listed = [path for path in in_settings if path in before]
    if added:
        what = (f"put {added[0]} in extra_css in the place of {', '.join(listed)}" if listed else
                f"add {added[0]} to extra_css") + ": after the kit's stylesheets, before your own"
    else:
        what = f"remove {', '.join(listed)} from extra_css: the kit adds its stylesheets first by itself"
    _edit_settings(ctx, report, lambda text: settings_text.edit_list(text, "extra_css", in_settings, added)[0], what)
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
        if _known(ctx, relative):
            ctx.remove(relative)
            report.append(f"{relative}: the kit's, unchanged: removed (the installed kit brings it)")
        else:
            report.append(f"{relative}: changed by you; stays in docs/, where it replaces the kit's script of the "
                          f"same path (so the kit's fixes to it do not reach your site: compare it with "
                          f"{THEME_IN_PACKAGE}/{relative[len(DOCS):]} in the installed kit)")
    before = settings_text.list_values(ctx.read(SETTINGS), "extra_javascript") if ctx.exists(SETTINGS) else []
    named = [path for path in listed if path in before]
    _edit_settings(ctx, report, lambda text: settings_text.edit_list(text, "extra_javascript", listed)[0],
                   f"remove {', '.join(named)} from extra_javascript: the kit adds its scripts, deferred, by itself")
    after = settings_text.list_values(ctx.read(SETTINGS), "extra_javascript") if ctx.exists(SETTINGS) else []
    if before != after:
        report.append(f"{SETTINGS}: extra_javascript " + (f"lists {', '.join(after)}" if after else "removed")
                      + " (the kit adds its scripts, deferred, by itself)")
    return report

