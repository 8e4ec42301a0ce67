"""``pubsite upgrade``: move a site to a newer kit, with each step between the two versions.

    pubsite upgrade [--to X.Y.Z] [--kit-source SRC] [--no-tests] [--site DIR]

Run in a site's folder (a git repository with nothing uncommitted: the upgrade's changes are then
``git diff`` to read and ``git checkout`` to undo). It says which kit the site runs (the pin in its
``pyproject.toml``, or "copied" for a site made before the kit was a package, holding
``hooks/pubsite/``), finds the target (``--to``, else the newest kit where the pin installs from:
PyPI, the kit's repository's tags, or a wheel or folder here), and, when the target is not the kit
running this command, installs it into this environment and runs the target's own ``pubsite
upgrade`` (a version's migrations ship with that version). Then it runs each migration between the
two versions, printing what each did; moves the pin; refreshes ``data/publications.schema.json``;
names each of the owner's overrides of a kit template that changed between the two versions; prints
what the CHANGELOG says changed; and builds the site ``--strict`` and runs its tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pubsite.commands import changelog, kit_pin, site_files
from pubsite.commands.migrations import COPIED, Context, history, settings_text, steps_between, version_key
from pubsite.data.schema import SCHEMA_FILE, schema_text

DESCRIPTION = ("Move this site to a newer kit (the newest, or --to X.Y.Z): each migration between the two "
               "versions, the pin, the overrides of changed kit templates named, the build and the tests.")
RERUN = "PUBSITE_UPGRADE_RERUN"      # set for the target kit's own run: it must not install again
COPIED_KIT = "hooks/pubsite"
_VERSION = re.compile(r"^\d+\.\d+\.\d+[\w.+-]*$")


class UpgradeError(Exception):
    """The upgrade cannot go on; the message says why and what to do. Nothing was changed unless it
    says so."""


def _read_text(path: Path) -> str:
    """A file of the site as text; ``UpgradeError`` (naming it) when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UpgradeError(f"{path} is not UTF-8 text (byte {error.start}: {error.reason}): save it as UTF-8, commit, "
                           "and run pubsite upgrade again. Nothing was changed.") from None


def _run(runner, command: list[str], **options):
    try:
        return runner(command, **options)
    except FileNotFoundError:
        raise UpgradeError(f"{command[0]} is not installed (needed to run {' '.join(command[:3])})") from None


# ---------------------------------------------------------------- 1. a clean git work tree

def check_clean(site: Path, runner=subprocess.run) -> None:
    """Refuse a folder that is not in a git repository or has uncommitted changes (naming them)."""
    if not (site / "mkdocs.yml").is_file():
        raise UpgradeError(f"{site} has no mkdocs.yml: run pubsite upgrade in a site's folder (or give --site DIR)")
    inside = _run(runner, ["git", "rev-parse", "--is-inside-work-tree"], cwd=site, capture_output=True, text=True)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise UpgradeError(f"{site} is not in a git repository. pubsite upgrade changes the site's files, and git is "
                           "how you read (git diff) and undo (git checkout) its changes: run git init, git add -A "
                           "and git commit first")
    status = _run(runner, ["git", "status", "--porcelain", "--untracked-files=all", "--", "."], cwd=site,
                  capture_output=True, text=True)
    if status.returncode != 0:
        raise UpgradeError(f"git status failed in {site}: {status.stderr.strip()}")
    changes = [line for line in status.stdout.splitlines() if line.strip()]
    if changes:
        shown = "\n".join(f"    {line}" for line in changes[:20])
        more = f"\n    ... and {len(changes) - 20} more" if len(changes) > 20 else ""
        raise UpgradeError(f"{site} has uncommitted changes; commit (or stash) them first, so that the upgrade's own "
                           f"changes can be read with git diff and undone with git checkout. Nothing was changed.\n"
                           f"{shown}{more}")


# ---------------------------------------------------------------- 2. the site's kit

def site_version(site: Path) -> tuple[str, kit_pin.Pin | None]:
    """The site's kit version (``copied`` for a copied kit) and its pin. A pin on a folder of the kit
    (``pubsite @ file:///path/to/kit``) runs the version that folder holds."""
    pyproject = site / "pyproject.toml"
    copied = (site / COPIED_KIT).is_dir()
    pin = None
    if pyproject.is_file():
        text = _read_text(pyproject)
        try:
            pin = kit_pin.find_pin(text)
        except kit_pin.PinError as error:
            if not copied:       # a copied site's pyproject.toml is the kit's: its migration replaces it
                raise UpgradeError(f"{pyproject}: {error}. Mend it, commit, and run pubsite upgrade again. Nothing "
                                   "was changed.") from None
    if pin is not None:
        place = f"{pyproject} line {pin.line} ({pin.where})"
        example = f"{kit_pin.DISTRIBUTION}=={kit_pin.running_version()}"
        if pin.version is None and pin.url and pin.url.startswith("file:"):
            folder = Path(unquote(urlsplit(pin.url).path))
            if folder.is_dir():
                return _local_version(folder, f"{place}: the kit's pin {pin.text!r} names {folder}, which is"), pin
            raise UpgradeError(f"{place} pins the kit as {pin.text!r}, which names no version, and {folder} is not "
                               f"there to tell it: pin the version the site runs (such as {example}), commit, and run "
                               "pubsite upgrade again")
        if pin.version is None and pin.url is None:
            raise UpgradeError(f"{place} pins the kit as {pin.text!r}, which does not name one version: the site must "
                               f"pin exactly one (==), such as {example} (the version it runs), so that an upgrade "
                               "knows where it starts; commit, and run pubsite upgrade again")
        if pin.version is None:
            raise UpgradeError(f"{place} pins the kit as {pin.text!r}, which names no version: pin the version it "
                               f"installs (such as {example}, or a tag @vX.Y.Z of the kit's repository), commit, and "
                               "run pubsite upgrade again")
        return pin.version, pin
    if copied:
        return COPIED, None
    raise UpgradeError(f"{site}: its pyproject.toml does not pin the kit ({kit_pin.DISTRIBUTION}) and it holds no "
                       f"copied kit ({COPIED_KIT}/): is it a site made by pubsite new?")


# ---------------------------------------------------------------- 3. the target

def source_of(pin: kit_pin.Pin | None, given: str | None) -> str:
    """Where the kit is installed from: ``--kit-source``, else where the pin installs it from."""
    if given:
        return given
    if pin is None:
        return kit_pin.repository() or "pypi"
    if pin.url is None:
        return "pypi"
    if pin.url.startswith("git+"):
        return "git+" + kit_pin.repository_of(pin.url)
    if pin.url.startswith("file:"):
        return unquote(urlsplit(pin.url).path)
    return pin.url


def _local_version(path: Path, what: str | None = None) -> str:
    """The version of the kit's wheel or source folder ``path`` (``what`` says where it was named,
    for the error: ``--kit-source PATH`` by default)."""
    version = kit_pin.local_version(path)
    if version is None:
        what = what or f"--kit-source {path}:"
        raise UpgradeError(f"{what} neither a kit's wheel (pubsite-X.Y.Z-py3-none-any.whl) nor a folder holding "
                           "the kit's source (readable, with its __version__)")
    return version


def newest(source: str, runner=subprocess.run) -> str:
    """The newest released kit where ``source`` installs from."""
    if source == "pypi":
        result = _run(runner, [sys.executable, "-m", "pip", "index", "versions", kit_pin.DISTRIBUTION],
                      capture_output=True, text=True)
        found = re.search(rf"^{kit_pin.DISTRIBUTION} \(([^)]+)\)", result.stdout or "", re.MULTILINE)
        if result.returncode != 0 or not found:
            said = (result.stderr or result.stdout or "").strip().splitlines()
            raise UpgradeError(f"could not ask PyPI for the kit's versions ({said[-1] if said else 'no answer'}): "
                               "give the version with --to X.Y.Z")
        return found.group(1)
    if kit_pin.is_remote(source):
        url = source.removeprefix("git+")
        result = _run(runner, ["git", "ls-remote", "--tags", url], capture_output=True, text=True)
        if result.returncode != 0:
            raise UpgradeError(f"could not list the tags of {url} ({result.stderr.strip()}): give the version with "
                               "--to X.Y.Z")
        versions = {match.group(1) for match in re.finditer(r"refs/tags/v(\d+\.\d+\.\d+)$", result.stdout, re.MULTILINE)}
        if not versions:
            raise UpgradeError(f"{url} has no release tags (vX.Y.Z): give the version with --to X.Y.Z")
        return max(versions, key=version_key)
    return _local_version(Path(source).expanduser())


def rerun_in(target: str, source: str, site: Path, run_tests: bool, runner=subprocess.run, out=None) -> int:
    """Install kit ``target`` into this environment and run its own ``pubsite upgrade``."""
    out = out or sys.stdout
    running = kit_pin.running_version()
    if os.environ.get(RERUN) == target:
        raise UpgradeError(f"kit {target} was just installed, yet kit {running} runs: is another {kit_pin.DISTRIBUTION} "
                           f"earlier on the path (a copied hooks/pubsite/, an editable install)? Remove it and run "
                           "pubsite upgrade again")
    requirement = kit_pin.requirement(target, source)
    print(f"This is kit {running}; the site goes to kit {target}. Installing {requirement} into this environment "
          f"({sys.prefix}) and running kit {target}'s own upgrade (each version ships its migrations).", file=out,
          flush=True)
    installed = _run(runner, [sys.executable, "-m", "pip", "install", requirement])
    if installed.returncode != 0:
        raise UpgradeError(f"pip could not install {requirement}; nothing in the site was changed")
    command = [sys.executable, "-m", "pubsite", "upgrade", "--to", target, "--site", str(site), "--kit-source", source]
    if not run_tests:
        command.append("--no-tests")
    return _run(runner, command, env={**os.environ, RERUN: target}).returncode


# ---------------------------------------------------------------- 5. the pin and the schema

def _pin_of(ctx: Context) -> kit_pin.Pin | None:
    pyproject = ctx.path("pyproject.toml")
    try:
        return kit_pin.find_pin(_read_text(pyproject)) if pyproject.is_file() else None
    except kit_pin.PinError as error:
        raise UpgradeError(f"{pyproject}: {error}") from None


def move_pin(ctx: Context) -> list[str]:
    pyproject = ctx.path("pyproject.toml")
    old = _pin_of(ctx)
    if old is None:
        raise UpgradeError(f"{pyproject} does not pin the kit after the migrations: add {ctx.requirement!r} to its "
                           "dependencies")
    text = _read_text(pyproject)
    try:
        new_text = kit_pin.with_pin(text, ctx.requirement)
    except kit_pin.PinError as error:
        raise UpgradeError(f"{pyproject}: {error}") from None
    if new_text == text:
        return []
    pyproject.write_text(new_text, encoding="utf-8")
    return [f"pyproject.toml: the kit's pin moved: {old.text} -> {ctx.requirement}"]


def refresh_schema(ctx: Context) -> list[str]:
    if not ctx.exists(SCHEMA_FILE) or ctx.path(SCHEMA_FILE).read_bytes() == schema_text().encode("utf-8"):
        return []
    ctx.write(SCHEMA_FILE, schema_text())
    return [f"{SCHEMA_FILE}: refreshed from kit {ctx.to_version} (what editors check data/publications.yml with)"]


def move_guide_line(ctx: Context, repository: str | None) -> list[str]:
    """README.md's line naming the kit's guide at the old version (as ``pubsite new`` wrote it) names
    it at the new one (in ``repository``, the one the site's git pin names)."""
    relative = "README.md"
    if not ctx.exists(relative):
        return []
    try:
        text = ctx.read(relative)
    except UnicodeDecodeError:
        return [f"{relative} is not UTF-8 text: a line of it naming the kit's guide at kit {ctx.from_version} (if any) "
                f"was left as it was"]
    new_text, line = site_files.moved_guide_line(text, {ctx.from_version, ctx.to_version}, ctx.to_version, repository)
    if line is None:
        return []
    ctx.write(relative, new_text)
    return [f"{relative} line {line}: names the kit's guide as of kit {ctx.to_version}: "
            f"{kit_pin.guide_link(ctx.to_version, repository)}"]


# ---------------------------------------------------------------- 6. overrides of changed templates

def installed_theme() -> dict[str, str]:
    """The sha256 of each file of the running kit's theme (path inside the theme)."""
    found = {}

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            else:
                found[name] = history.digest(child.read_bytes())

    theme = resources.files("pubsite").joinpath("mkdocs_adapter").joinpath("theme")
    if theme.is_dir():
        walk(theme, "")
    return found


def changed_overrides(ctx: Context, new_theme: dict[str, str] | None = None) -> list[str]:
    """The owner's files (under ``theme.custom_dir``, or in ``docs/`` at a kit asset's path) that
    override a kit template or asset that changed between the two versions."""
    if ctx.from_version == COPIED:
        return []                    # the migration from a copied kit named each of them
    new_theme = installed_theme() if new_theme is None else new_theme
    old_theme = history.release_theme(ctx.from_version)
    settings = ctx.read("mkdocs.yml")
    places = []
    custom_dir = settings_text.scalar(settings, "theme", "custom_dir")
    if custom_dir:
        places.append((custom_dir.strip("/"), ""))
    places.append(((settings_text.scalar(settings, "docs_dir") or "docs").strip("/"), "assets/"))
    report = []
    for folder, only in places:
        root = ctx.path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if not path.is_file() or name not in new_theme or not name.startswith(only):
                continue
            relative = f"{folder}/{name}"
            if old_theme is None:
                report.append(f"{relative} overrides the kit's {name}; kit {ctx.from_version}'s files are not "
                              f"recorded, so whether it changed cannot be told: compare them "
                              f"(pubsite/mkdocs_adapter/theme/{name} in the installed kit)")
            elif old_theme.get(name) != new_theme[name]:
                report.append(f"{relative} overrides the kit's {name}, which changed between kit {ctx.from_version} "
                              f"and {ctx.to_version}: compare them (pubsite/mkdocs_adapter/theme/{name} in the "
                              "installed kit) and carry the kit's change into yours")
    return report


# ---------------------------------------------------------------- 7. build and tests

def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(f"    {line}" for line in (text or "").strip().splitlines()[-lines:])


def _pytest_installed() -> bool:
    """Whether this environment's Python (the one that runs the site's tests) has pytest."""
    return importlib.util.find_spec("pytest") is not None


def build_and_test(site: Path, run_tests: bool, runner=subprocess.run, out=None, left: list[str] | None = None,
                   requirement: str | None = None) -> bool:
    """Build the site ``--strict`` and run its tests; False when either fails. Tests that cannot run
    (no pytest here) are said, and what to do is added to ``left`` (the owner's part)."""
    out = out or sys.stdout
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    output = tempfile.mkdtemp(prefix="pubsite-upgrade-")
    try:
        built = _run(runner, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", output], cwd=site,
                     env=env, capture_output=True, text=True)
    finally:
        shutil.rmtree(output, ignore_errors=True)
    if built.returncode != 0:
        print(f"\nThe site does not build with --strict:\n{_tail(built.stderr or built.stdout)}", file=out)
        return False
    print("\nThe site builds with --strict.", file=out, flush=True)
    if not run_tests:
        print("Its tests were not run (--no-tests).", file=out)
        return True
    if not _pytest_installed():
        test_kit = kit_pin.with_extras(requirement, "test") if requirement else f"{kit_pin.DISTRIBUTION}[test]"
        print(f"Its tests were NOT run: pytest is not installed in this environment ({sys.prefix}).", file=out)
        if left is not None:
            left.append(f"Run the site's tests: install the kit with what they need, pip install \"{test_kit}\" (or "
                        "pip install \".[test]\" in the site's folder), then python -m pytest")
        return True
    print("Running its tests (python -m pytest) ...", file=out, flush=True)
    tested = _run(runner, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=site, env=env,
                  capture_output=True, text=True)
    if tested.returncode != 0:
        said = _tail(tested.stdout) or "    (nothing)"
        errors = _tail(tested.stderr)
        print(f"Its tests fail (python -m pytest exited with {tested.returncode}):\n{said}"
              + (f"\n  On stderr:\n{errors}" if errors else ""), file=out)
        return False
    last = (tested.stdout or "").strip().splitlines()
    print(f"Its tests pass ({last[-1].strip('= ') if last else 'no output'}).", file=out)
    return True


# ---------------------------------------------------------------- the command

def _print_lines(lines: list[str], out) -> None:
    for line in lines:
        print(f"  - {line}", file=out)


def _title(step) -> str:
    module = sys.modules.get(step.__module__)
    doc = (module.__doc__ if module is not None else None) or step.__doc__ or step.__name__
    return re.sub(r"\s*\(leads to [^)]*\)", "", doc.strip().split("\n")[0]).rstrip(".")


def upgrade(site: Path, *, to: str | None = None, kit_source: str | None = None, run_tests: bool = True,
            runner=subprocess.run, out=None) -> int:
    """The command; returns its exit status (0: upgraded and checked, 1: refused or failed)."""
    out = out or sys.stdout
    site = site.resolve()
    try:
        return _upgrade(site, to, kit_source, run_tests, runner, out)
    except UpgradeError as error:
        print(f"pubsite upgrade: {error}", file=out)
        return 1


def _upgrade(site: Path, to: str | None, kit_source: str | None, run_tests: bool, runner, out) -> int:
    if not site.is_dir():
        raise UpgradeError(f"{site} is not a folder")
    if to is not None and (to == COPIED or not _VERSION.match(to)):
        raise UpgradeError(f"--to {to}: give a version of the form X.Y.Z (such as {kit_pin.running_version()})")
    check_clean(site, runner)
    try:
        settings_text.scalar(_read_text(site / "mkdocs.yml"), "site_name")
    except settings_text.SettingsEditError as error:
        raise UpgradeError(f"{error}: mend it and commit first. Nothing was changed.") from None
    current, pin = site_version(site)
    if current == COPIED:
        print(f"{site.name}: it holds a copy of the kit ({COPIED_KIT}/), made by pubsite new before the kit was a "
              "package.", file=out)
    else:
        print(f"{site.name}: kit {current} (pyproject.toml: {pin.text}).", file=out)
    source = source_of(pin, kit_source)
    if to is None and current == COPIED and kit_source is None:
        # A copied kit names no place to look for newer ones: the kit that runs this command is the one
        # its owner has just installed to upgrade with.
        to = kit_pin.running_version()
        print(f"It goes to this kit, {to} (give --to X.Y.Z or --kit-source SRC for another).", file=out)
    target = to or newest(source, runner)
    if current != COPIED and version_key(target) < version_key(current):
        raise UpgradeError(f"the site runs kit {current}, later than {target}: pubsite upgrade does not go back")
    if target == current:
        print(f"It runs kit {target} already: nothing to upgrade.", file=out)
        return 0
    if source != "pypi" and not kit_pin.is_remote(source) \
            and _local_version(Path(source).expanduser()) != target:
        raise UpgradeError(f"{source} holds kit {_local_version(Path(source).expanduser())}, not {target}: give the "
                           f"wheel or folder of kit {target} with --kit-source")
    running = kit_pin.running_version()
    if target != running:
        return rerun_in(target, source, site, run_tests, runner, out)
    print(f"Upgrading to kit {target}.", file=out)
    ctx = Context(site=site, from_version=current, to_version=target,
                  requirement=kit_pin.requirement(target, None if kit_source is None and pin is None else source))
    for version, step in steps_between(current, target):
        print(f"\n{_title(step)} (-> {version}):", file=out)
        _print_lines(step(ctx) or ["nothing to do"], out)
    print("\nThe kit's pin and schema:", file=out)
    moved = move_pin(ctx)
    final = _pin_of(ctx)
    repository = kit_pin.pin_repository(final.text) if final else None
    _print_lines(moved + refresh_schema(ctx) + move_guide_line(ctx, repository) or ["nothing to do"], out)
    if final is not None and final.text != (pin.text if pin else None):
        print(f"  {kit_pin.meaning(final.text, target)}", file=out)
    overrides = changed_overrides(ctx)
    if overrides:
        print("\nYour overrides of kit files that changed:", file=out)
        _print_lines(overrides, out)
    text = changelog.kit_changelog()
    changes = changelog.changes_text(text, current, target) if text else ""
    print(f"\nWhat changed in the kit ({current} -> {target}), from its CHANGELOG:", file=out)
    print("\n".join(f"  {line}" if line else "" for line in changes.splitlines())
          if changes else "  (the CHANGELOG says nothing of these versions)", file=out)
    left = list(getattr(ctx, "by_hand", None) or [])     # what the migrations could not do themselves
    checked = build_and_test(site, run_tests, runner, out, left, ctx.requirement)
    if left:
        print("\nLeft for you to do:", file=out)
        _print_lines(left, out)
    added = f" && git clean -f -- {' '.join(shlex.quote(path) for path in sorted(set(ctx.created)))}" \
        if ctx.created else ""
    things = f"{len(left)} thing{'s' if len(left) > 1 else ''} left for you to do (above)"
    said = ("Upgraded" if checked and not left else f"Upgraded, with {things}" if checked
            else f"Upgraded, but the checks above failed{f' and there are {things}' if left else ''}")
    print(f"\n{said}: kit {current} -> {target}. Read every change with git status and git diff; commit them, or undo "
          f"them all with git checkout -- .{added}", file=out)
    return 0 if checked and not left else 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", metavar="X.Y.Z", help="the kit's version to go to (default: the newest)")
    parser.add_argument("--kit-source", metavar="SRC",
                        help="where the kit is installed from: pypi, the kit's repository (git+https://...), or a "
                             "wheel or folder on this machine (default: where the site's pin installs it from)")
    parser.add_argument("--no-tests", action="store_true", help="build the site, but do not run its tests")
    parser.add_argument("--site", default=".", metavar="DIR", help="the site's folder (default: this one)")


def run_arguments(arguments: argparse.Namespace) -> int:
    return upgrade(Path(arguments.site), to=arguments.to, kit_source=arguments.kit_source,
                   run_tests=not arguments.no_tests)
