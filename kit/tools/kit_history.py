"""Write what ``pubsite upgrade`` must know of earlier kits into
``kit/pubsite/commands/kit_history.json`` (package data), from this repository's git history and the
kit's theme folder.

    .venv/bin/python kit/tools/kit_history.py           # rewrite the file
    .venv/bin/python kit/tools/kit_history.py --check   # exit 1 (saying why) when it is not current

Run it before tagging a release (and whenever the kit's theme files change): the release's entry is
this version's theme files' sha256 (``kit/pubsite/mkdocs_adapter/theme/``); for each ``vX.Y.Z`` tag
the entry is read from the tag, and entries of versions with neither a tag nor the running version
are kept as recorded.

The ``copied`` part covers the kits that ``pubsite new`` copied into sites: every commit of this
repository's first-parent history from the first that had ``hooks/pubsite/new_site.py`` to the last
one that had it (the kit became the ``pubsite`` package after it). For each commit it records the
sha256 of every file ``pubsite new`` copied (the kit's ``hooks/``, ``overrides/``,
``docs/assets/stylesheets``, ``docs/assets/javascripts``, ``constraints.txt``, ``.gitignore``,
``.github/workflows/publish.yml``, ``tests/test_your_site.py``), the texts of its stylesheets and
templates, and what that commit's ``new_site.py`` generated: its test workflow, its ``pyproject.toml``
(made from the kit's, name and description blanked) and its README (the owner's name and address as
placeholders; the functions are read from the commit's source and run here).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from pubsite import __version__
from pubsite.commands.migrations import history
from pubsite.commands.migrations.history import NAME_MARK, URL_MARK, digest

TOOLS = Path(__file__).resolve().parent
OUTPUT = TOOLS.parent / "pubsite" / "commands" / history.HISTORY_FILE
THEME = "kit/pubsite/mkdocs_adapter/theme"
NEW_SITE = "hooks/pubsite/new_site.py"
COPIED = ("hooks", "overrides", "docs/assets/stylesheets", "docs/assets/javascripts", "constraints.txt",
          ".gitignore", ".github/workflows/publish.yml", "tests/test_your_site.py")
WITH_TEXT = ("overrides/", "docs/assets/stylesheets/")
TAG = re.compile(r"^v(\d+\.\d+\.\d+)$")


def git(root: Path, *arguments: str, text: bool = True):
    result = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=text, check=False)
    if result.returncode != 0:
        raise SystemExit(f"git {' '.join(arguments)} failed: {result.stderr.strip() if text else result.stderr}")
    return result.stdout


def copied_commits(root: Path) -> list[str]:
    """The commits (oldest first) of HEAD's first-parent history that hold ``hooks/pubsite/new_site.py``."""
    if git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise SystemExit(f"{root} is a shallow clone: the kit's history is needed (git fetch --unshallow, or "
                         "actions/checkout with fetch-depth: 0)")
    commits = git(root, "rev-list", "--first-parent", "--reverse", "HEAD").split()
    holding = set(git(root, "log", "--first-parent", "--format=%H", "--", NEW_SITE).split())
    if not holding:
        return []
    # The commits that touched new_site.py bound the range: the first added it, the last removed it
    # (or HEAD still has it).
    touched = [commit for commit in commits if commit in holding]
    first, last = commits.index(touched[0]), commits.index(touched[-1])
    chosen = commits[first:last + 1]
    if not git(root, "ls-tree", chosen[-1], "--", NEW_SITE).strip():
        chosen = chosen[:-1]                  # the commit that moved the kit away has no new_site.py
    return chosen


def blobs(root: Path, commit: str, paths) -> dict[str, str]:
    """path -> blob id of the files under ``paths`` at ``commit``."""
    found = {}
    for line in git(root, "ls-tree", "-r", commit, "--", *paths).splitlines():
        meta, path = line.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind == "blob":
            found[path] = blob
    return found


def read_blobs(root: Path, ids) -> dict[str, bytes]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    process = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(ids).encode() + b"\n",
                             capture_output=True, check=True)
    data, contents, position = process.stdout, {}, 0
    for blob in ids:
        header_end = data.index(b"\n", position)
        name, _kind, size = data[position:header_end].split()
        size = int(size)
        contents[name.decode()] = data[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


def generators(source: str) -> dict:
    """The README function, the test workflow text and the pyproject function of one ``new_site.py``."""
    tree = ast.parse(source)
    found: dict = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in ("readme", "package_config"):
            namespace: dict = {"re": re}
            exec(compile(ast.Module(body=[node], type_ignores=[]), NEW_SITE, "exec"), namespace)  # noqa: S102
            found[node.name] = namespace[node.name]
        elif isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "TEST_WORKFLOW"
                                                   for target in node.targets):
            found["TEST_WORKFLOW"] = ast.literal_eval(node.value)
    return found


def collect_copied(root: Path) -> dict:
    commits = copied_commits(root)
    files: dict[str, set[str]] = {}
    texts: dict[str, dict[str, dict]] = {}
    generated: dict[str, list] = {"pyproject.toml": [], ".github/workflows/test.yml": [], "README.md": []}
    per_commit = []
    for commit in commits:
        found = blobs(root, commit, COPIED)
        extra = blobs(root, commit, (NEW_SITE, "pyproject.toml"))
        per_commit.append((commit, found, extra))
    contents = read_blobs(root, [blob for _, found, extra in per_commit for blob in (*found.values(), *extra.values())])
    for commit, found, extra in per_commit:
        for path, blob in found.items():
            if "__pycache__/" in path or path.endswith(".pyc"):
                continue
            files.setdefault(path, set()).add(digest(contents[blob]))
            if path.startswith(WITH_TEXT):
                text = contents[blob].decode("utf-8").replace("\r\n", "\n")
                texts.setdefault(path, {}).setdefault(digest(text), {"text": text, "since": commit})
        made = generators(contents[extra[NEW_SITE]].decode("utf-8"))
        if "TEST_WORKFLOW" in made:
            generated[".github/workflows/test.yml"].append(digest(made["TEST_WORKFLOW"]))
        if "package_config" in made and "pyproject.toml" in extra:
            kit_pyproject = contents[extra["pyproject.toml"]].decode("utf-8")
            site_pyproject = made["package_config"](kit_pyproject, "Placeholder Name")
            generated["pyproject.toml"].append(digest(history.normalized_pyproject(site_pyproject)))
        if "readme" in made:
            generated["README.md"].append(made["readme"](NAME_MARK, URL_MARK))
    return {
        "range": {"first": commits[0] if commits else None, "last": commits[-1] if commits else None,
                  "commits": len(commits)},
        "files": {path: sorted(hashes) for path, hashes in sorted(files.items())},
        "generated": {kind: sorted(set(values)) if kind != "README.md" else list(dict.fromkeys(values))
                      for kind, values in generated.items()},
        "texts": history.pack_texts({path: list(versions.values()) for path, versions in sorted(texts.items())}),
    }


def theme_digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): digest(path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def collect_releases(root: Path, recorded: dict) -> dict:
    releases = dict(recorded)
    for tag in git(root, "tag", "--list", "v*").split():
        match = TAG.match(tag)
        if not match:
            continue
        found = blobs(root, tag, (THEME,))
        contents = read_blobs(root, found.values())
        releases[match.group(1)] = {"theme": {path[len(THEME) + 1:]: digest(contents[blob])
                                              for path, blob in sorted(found.items())}}
    folder = root / THEME
    if folder.is_dir():
        releases[__version__] = {"theme": theme_digests(folder)}
    return dict(sorted(releases.items(), key=lambda item: [int(part) for part in item[0].split(".")]))


def build(root: Path, recorded: dict) -> dict:
    return {
        "about": "What `pubsite upgrade` knows of earlier kits; written by kit/tools/kit_history.py, do not edit.",
        "copied": collect_copied(root),
        "releases": collect_releases(root, recorded.get("releases", {})),
    }


def text_of(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is current (exit 1 if not)")
    parser.add_argument("--output", default=str(OUTPUT), help="the file to write (default: the package's)")
    arguments = parser.parse_args(argv)
    root = Path(git(TOOLS, "rev-parse", "--show-toplevel").strip())
    output = Path(arguments.output)
    recorded = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    text = text_of(build(root, recorded))
    if arguments.check:
        if output.exists() and output.read_text(encoding="utf-8") == text:
            print(f"{output} is current.")
            return 0
        print(f"{output} is not current: run {Path(__file__).name} (without --check) and commit the result.")
        return 1
    output.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(f"Wrote {output}: {len(data['copied']['files'])} copied kit files over "
          f"{data['copied']['range']['commits']} commits; releases {', '.join(data['releases']) or 'none'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
