"""MkDocs and ProperDocs build the same site, byte for byte (the generator tag aside).

This is what lets CI run Lighthouse once: its scores are a function of the built files, so one
engine's scores hold for the other as long as the files are the same (``.ci/run`` says why it does
not repeat the noisy performance simulation on every engine and Python). Whatever ``PUBSITE_ENGINE``
says, the session's site is compared with a build by the other engine.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ENGINE, ENGINES, copy_project, run_mkdocs

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): GENERATOR_TAG.sub(b"", path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    }


def test_the_other_engine_builds_the_same_files(site, tmp_path):
    other = next(engine for engine in ENGINES if engine != ENGINE)
    project = copy_project(tmp_path / "project")
    result = run_mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"), engine=other)
    assert result.returncode == 0, f"{other} build failed:\n{result.stdout}\n{result.stderr}"

    ours, theirs = files_under(site), files_under(project / "site")
    assert sorted(ours) == sorted(theirs), (
        f"only from {ENGINE}: {sorted(set(ours) - set(theirs))[:10]}; "
        f"only from {other}: {sorted(set(theirs) - set(ours))[:10]}"
    )
    different = [path for path in sorted(ours) if ours[path] != theirs[path]]
    assert not different, f"{ENGINE} and {other} differ in {len(different)} files: {different[:10]}"
    assert len(ours) > 50, "the site is suspiciously small"
