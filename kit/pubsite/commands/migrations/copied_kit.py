"""From a copy of the kit in the site to the installed kit, pinned (leads to 1.0.0).

Sites made by ``pubsite new`` before the kit was a package hold a copy of it: its Python in
``hooks/pubsite/`` (which MkDocs puts first on ``sys.path``, so it hides any installed kit), its
templates, stylesheets and scripts, ``constraints.txt``, its ``.gitignore``, workflows and tests,
and a ``pyproject.toml`` and README made from the kit's. Nothing updated those copies. This step
leaves the site holding only its owner's files, the kit installed from its pin:

* a copied file the owner never changed (its sha256 is one the kit's file had in one of its commits,
  ``kit_history.json``) is removed, or replaced by the file a site made today has;
* a file the owner changed is kept, never lost: in place where it still works (a template, a
  script, a workflow, ``.gitignore``), as the owner's own stylesheet for their CSS changes
  (``copied_theme``), else moved to ``upgrade-kept/`` (Python, ``constraints.txt``, the old tests,
  ``pyproject.toml``); each is named;
* ``mkdocs.yml`` loses only the kit's lines (its stylesheets and scripts, ``custom_dir`` when
  ``overrides/`` is left empty), by text edits that keep the owner's comments;
* the README's old commands are replaced when the owner kept them; in commands of the owner's own,
  the old install fragment (``-c constraints.txt -e``) goes; any other line naming what the site no
  longer has is named;
* ``data/`` and ``docs/`` content is not touched (only the kit's copies in ``docs/assets/``).

It runs only on a site holding a copy (version "copied", or a ``hooks/pubsite/`` folder), and first
checks what could stop it halfway (``check``): nothing is changed unless every file it reads as
text is UTF-8. Files are known as the kit's by their bytes, so a binary file left in the copy
(``.DS_Store``, a PDF) is only moved.
"""

from __future__ import annotations

import re
import tomllib

from pubsite.commands import kit_pin, site_files
from pubsite.commands.migrations import COPIED, Context, copied_theme, history, refusal, settings_text
from pubsite.commands.migrations.history import NAME_MARK, URL_MARK, digest

KIT_PYTHON = "hooks/pubsite/"
HOOK = "hooks/publications_hook.py"
OLD_TESTS, NEW_TESTS = "tests/test_your_site.py", "tests/test_site.py"
WORKFLOWS = (".github/workflows/publish.yml", ".github/workflows/test.yml")
DEPENDABOT = ".github/dependabot.yml"
# Words of the old README and workflows that name what the site no longer has.
OLD_WORDS = ("constraints.txt", "test_your_site.py", "hooks/pubsite", "the kit's README")
# The old install command's fragment: `pip install -c constraints.txt -e ".[test]"` -> `pip install ".[test]"`.
OLD_INSTALL = re.compile(r"(?<=pip install )-c\s+constraints\.txt\s+-e\s+")
# The files the steps read as text (the copied kit's Python, hook, scripts and the files compared
# whole are only hashed, as bytes).
TEXT_FILES = ("mkdocs.yml", "pyproject.toml", "README.md", ".gitignore", NEW_TESTS, *WORKFLOWS,
              *copied_theme.STYLESHEETS)


def _known(ctx: Context, relative: str) -> bool:
    """Whether ``relative`` is one of the kit's versions of it, untouched (its bytes' sha256)."""
    return ctx.digest(relative) in history.copied_digests(relative)


def python_copy(ctx: Context) -> list[str]:
    """``hooks/pubsite/``: the copied kit's Python goes (it would hide the installed kit); a module
    the owner changed or added goes to upgrade-kept/."""
    folder = ctx.path(KIT_PYTHON.rstrip("/"))
    if not folder.is_dir():
        return []
    report, removed = [], 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(ctx.site).as_posix()
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            path.unlink()
        elif _known(ctx, relative):
            path.unlink()
            removed += 1
        else:
            place = ctx.keep(relative)
            what = "changed by you" if history.copied_digests(relative) else "not a file of the kit"
            if path.suffix == ".py":
                report.append(ctx.needs(f"{relative}: {what}: moved to {place} (the installed kit does not run it; "
                                        "to keep what it did, make it a hook of your own: the guide, \"How it "
                                        "works\")"))
            else:
                report.append(f"{relative}: {what}: moved to {place} (nothing reads it there)")
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir():
            ctx.prune(path)
    ctx.prune(folder)
    report.insert(0, f"{KIT_PYTHON}: the copied kit's Python ({removed} files you never changed) removed: the "
                     "installed kit runs instead")
    return report


def hook(ctx: Context) -> list[str]:
    """``hooks/publications_hook.py``: the thin hook handing MkDocs' events to the installed kit."""
    new_text = site_files.hook_text()
    if not ctx.exists(HOOK):
        ctx.write(HOOK, new_text)
        return [f"{HOOK}: written (it hands MkDocs' events to the installed kit)"]
    if ctx.path(HOOK).read_bytes() == new_text.encode("utf-8"):
        return []
    if _known(ctx, HOOK):
        ctx.write(HOOK, new_text)
        return [f"{HOOK}: the kit's, unchanged: replaced by the thin hook (it hands MkDocs' events to the "
                "installed kit)"]
    place = ctx.keep(HOOK)
    ctx.write(HOOK, new_text)
    return [ctx.needs(f"{HOOK}: changed by you: moved to {place}, and the thin hook written in its place (carry "
                      "your change into a hook file of your own, listed under hooks: in mkdocs.yml)")]


def tooling(ctx: Context) -> list[str]:
    """``constraints.txt`` (the kit's pinned versions: the kit's own pins now) and ``.gitignore``."""
    report = []
    if ctx.exists("constraints.txt"):
        if _known(ctx, "constraints.txt"):
            ctx.remove("constraints.txt")
            report.append("constraints.txt: the kit's, unchanged: removed (the kit's pin in pyproject.toml "
                          "brings the versions it needs)")
        else:
            place = ctx.keep("constraints.txt")
            report.append(ctx.needs(f"constraints.txt: changed by you: moved to {place} (installing no longer reads "
                                    "it: carry a version you had pinned into pyproject.toml's dependencies)"))
    new_text = site_files.gitignore_text()
    if ctx.exists(".gitignore") and ctx.read(".gitignore") != new_text:
        if _known(ctx, ".gitignore"):
            ctx.write(".gitignore", new_text)
            report.append(".gitignore: the kit's, unchanged: replaced by a site's")
        else:
            have = {line.strip() for line in ctx.read(".gitignore").splitlines()}
            missing = [line for line in new_text.splitlines() if line.strip() and not line.startswith("#")
                       and line.strip() not in have]
            if missing:
                text = ctx.read(".gitignore")
                text += ("" if text.endswith("\n") else "\n") + "# Added by pubsite upgrade (a site's .gitignore):\n" \
                    + "\n".join(missing) + "\n"
                ctx.write(".gitignore", text)
            report.append(".gitignore: changed by you: kept" + (f", with {', '.join(missing)} added" if missing else ""))
    elif not ctx.exists(".gitignore"):
        ctx.write(".gitignore", new_text)
        report.append(".gitignore: written")
    return report


def site_tests(ctx: Context) -> list[str]:
    """``tests/test_your_site.py`` (a copy of the kit's checks) -> ``tests/test_site.py``, which
    imports them from the installed kit."""
    report = []
    if ctx.exists(OLD_TESTS):
        if _known(ctx, OLD_TESTS):
            ctx.remove(OLD_TESTS)
            report.append(f"{OLD_TESTS}: the kit's, unchanged: removed")
        else:
            place = ctx.keep(OLD_TESTS)
            report.append(ctx.needs(f"{OLD_TESTS}: changed by you: moved to {place} (it imports the copied kit's "
                                    f"modules; carry your own tests into {NEW_TESTS})"))
    if not ctx.exists(NEW_TESTS):
        ctx.write(NEW_TESTS, site_files.site_tests_text())
        report.append(f"{NEW_TESTS}: written (the kit's checks of a site, imported from the installed kit)")
    elif "pubsite.testing" not in ctx.read(NEW_TESTS):
        report.append(ctx.needs(f"{NEW_TESTS}: yours, kept; add `from pubsite.testing.site_checks import *` to it "
                                "to run the kit's checks of a site"))
    return report


def _lines_naming(text: str, words) -> list[str]:
    return [f"line {number}" for number, line in enumerate(text.splitlines(), 1) if any(word in line for word in words)]


def workflows(ctx: Context) -> list[str]:
    """The publish and test workflows, replaced when unchanged, named when changed; Dependabot's
    settings added."""
    report = []
    new_files = site_files.workflow_files()
    for relative in WORKFLOWS:
        new_text = new_files[relative]
        if not ctx.exists(relative):
            ctx.write(relative, new_text)
            report.append(f"{relative}: written")
            continue
        text = ctx.read(relative)
        if text == new_text:
            continue
        known = _known(ctx, relative) if relative != ".github/workflows/test.yml" else \
            digest(text) in history.generated(relative)
        if known:
            ctx.write(relative, new_text)
            report.append(f"{relative}: the kit's, unchanged: replaced by a site's (installs the pinned kit, no "
                          "constraints.txt)")
        else:
            stale = _lines_naming(text, ("constraints.txt", "-e ."))
            line = f"{relative}: changed by you: kept" + (
                f"; {', '.join(stale)} install with constraints.txt or as an editable package, which the site no "
                f"longer is: install with `pip install .` (or `pip install \".[test]\"`) instead" if stale else "")
            report.append(ctx.needs(line) if stale else line)
    if not ctx.exists(DEPENDABOT):
        ctx.write(DEPENDABOT, new_files[DEPENDABOT])
        report.append(f"{DEPENDABOT}: added (it proposes each new kit as a pull request, which the Test workflow "
                      "builds and tests)")
    return report


def _owner_name(ctx: Context, text: str) -> str:
    match = re.search(r'^description = "(.+)\'s homepage and publication list\."$', text, re.MULTILINE)
    if match:
        return match.group(1)
    if ctx.exists("mkdocs.yml"):
        name = settings_text.scalar(ctx.read("mkdocs.yml"), "site_name")
        if name:
            return name
    return "Researcher"


def pyproject(ctx: Context) -> list[str]:
    """``pyproject.toml``: the kit's (renamed) becomes the site's, which pins the kit and keeps the
    site's name."""
    relative = "pyproject.toml"
    if not ctx.exists(relative):
        ctx.write(relative, site_files.site_pyproject(_owner_name(ctx, ""), ctx.requirement))
        return [f"{relative}: written (it pins the kit: {ctx.requirement})"]
    text = ctx.read(relative)
    try:
        site_name = tomllib.loads(text).get("project", {}).get("name")
    except tomllib.TOMLDecodeError:
        site_name = None
    new_text = site_files.site_pyproject(_owner_name(ctx, text), ctx.requirement)
    if site_name:
        new_text = re.sub(r'^name = ".*"$', lambda _m: f"name = {_toml(site_name)}", new_text, count=1,
                          flags=re.MULTILINE)
    kept = f" and keeps the name {site_name}" if site_name else ""
    if digest(history.normalized_pyproject(text)) in history.generated(relative):
        ctx.write(relative, new_text)
        return [f"{relative}: the kit's, renamed: replaced by a site's, which pins the kit ({ctx.requirement}){kept}"]
    place = ctx.keep(relative)
    ctx.write(relative, new_text)
    return [ctx.needs(f"{relative}: changed by you: moved to {place}; a site's written in its place, which pins the "
                      f"kit ({ctx.requirement}){kept}: carry over what you had added (a dependency, a setting)")]


def _toml(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _template_pattern(template: str) -> re.Pattern:
    pattern, seen = [], set()
    for piece in re.split(f"([{NAME_MARK}{URL_MARK}])", template):
        if piece == NAME_MARK:
            pattern.append("(?P=name)" if "name" in seen else "(?P<name>[^\n]+?)")
            seen.add("name")
        elif piece == URL_MARK:
            pattern.append("(?P=url)" if "url" in seen else r"(?P<url>\S+?)")
            seen.add("url")
        else:
            pattern.append(re.escape(piece))
    return re.compile("".join(pattern), re.S)


def _last_command(line: str) -> str:
    return line.rsplit("&&", 1)[-1].strip()


def readme(ctx: Context) -> list[str]:
    """``README.md``: as ``pubsite new`` wrote it -> today's README; else its old command lines
    replaced, and its lines naming what the site no longer has named."""
    relative = "README.md"
    if not ctx.exists(relative):
        return []
    text = ctx.read(relative).replace("\r\n", "\n")
    templates = history.generated(relative)
    for template in templates:
        match = _template_pattern(template).fullmatch(text)
        if match:
            ctx.write(relative, site_files.readme_text(match.group("name"), match.group("url"), ctx.to_version,
                                                       repository=kit_pin.pin_repository(ctx.requirement)))
            return [f"{relative}: as pubsite new wrote it: replaced by a site's README of kit {ctx.to_version} (its "
                    "commands install the pinned kit; it links the kit's guide)"]
    old_commands = {line.strip() for template in templates for line in template.splitlines()
                    if "constraints.txt" in line and "&&" in line}
    new_commands = [line.strip() for line in site_files.readme_text("A", "https://a.example/", ctx.to_version).splitlines()
                    if line.startswith("python") and "&&" in line]
    lines, replaced, mended = text.split("\n"), [], []
    for number, line in enumerate(lines):
        if line.strip() in old_commands:
            match = [new for new in new_commands if _last_command(new) == _last_command(line)]
            if match:
                lines[number] = line[:len(line) - len(line.lstrip())] + match[0]
                replaced.append(f"line {number + 1}")
                continue
        if OLD_INSTALL.search(line):
            # A command of the owner's own: only its install fragment goes.
            lines[number] = OLD_INSTALL.sub("", line)
            mended.append(f"line {number + 1}")
    report = []
    if replaced or mended:
        ctx.write(relative, "\n".join(lines))
    if replaced:
        report.append(f"{relative}: changed by you: kept, its old commands ({', '.join(replaced)}) replaced by "
                      "today's (they install the pinned kit, without constraints.txt)")
    if mended:
        report.append(f"{relative}: changed by you: kept; in your own commands ({', '.join(mended)}) "
                      "`-c constraints.txt -e` removed from `pip install` (it installs the site and the pinned kit, "
                      "without constraints.txt)")
    stale = _lines_naming("\n".join(lines), OLD_WORDS)
    if stale:
        report.append(ctx.needs(f"{relative}: {', '.join(stale)} still name what the site no longer has "
                                "(constraints.txt, tests/test_your_site.py, the copied kit or its README): see the "
                                "kit's guide and edit them"))
    return report


def next_steps(ctx: Context) -> list[str]:
    """What the owner does after: the old virtual environment holds the copied kit."""
    if ctx.path(".venv").exists():
        return ["Your .venv holds the copied kit (installed from hooks/): remove it and set up again with the "
                "first command of README.md"]
    return []


def check(ctx: Context) -> None:
    """Refuse, before any change, a site the steps could not finish: a file they read as text that
    is not UTF-8 (named with its line), a ``mkdocs.yml`` that is not YAML."""
    for relative in (*TEXT_FILES, *(path for path in history.copied_paths() if path.startswith(copied_theme.TEMPLATES))):
        problem = ctx.not_text(relative) if ctx.exists(relative) else None
        if problem:
            raise refusal(f"{problem}. Nothing was changed.")
    if ctx.exists("mkdocs.yml"):
        try:
            settings_text.scalar(ctx.read("mkdocs.yml"), "site_name")
        except settings_text.SettingsEditError as error:
            raise refusal(f"{error}: mend it and commit first. Nothing was changed.") from None


def migrate(ctx: Context) -> list[str]:
    """A site holding a copy of the kit -> the thin shape, the kit installed from its pin."""
    if ctx.from_version != COPIED and not ctx.path(KIT_PYTHON.rstrip("/")).is_dir():
        return []        # a site made by pubsite new as a package (a pre-release of 1.0.0): nothing copied
    check(ctx)
    report = []
    for step in (python_copy, hook, tooling, site_tests, workflows, pyproject, readme,
                 copied_theme.templates, copied_theme.stylesheets, copied_theme.scripts, next_steps):
        report.extend(step(ctx))
    return report
