"""A build's temporary folder (its generated pages and citation files) never outlives it: removed
when the build fails, and when a build is killed before it can clean up, the next build removes it."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from conftest import copy_project, engine_command, mkdocs_env


def _folders(tmp: os.PathLike) -> list[str]:
    return sorted(name for name in os.listdir(tmp) if name.startswith("pubsite-"))


def _env(tmp) -> dict[str, str]:
    env = mkdocs_env()
    env["TMPDIR"] = str(tmp)
    return env


def _build(project, tmp) -> subprocess.CompletedProcess:
    return subprocess.run(engine_command("build", "--strict", "--site-dir", str(project / "site")),
                          cwd=project, env=_env(tmp), capture_output=True, text=True, timeout=300)


def test_a_failed_build_removes_its_folder(tmp_path):
    project, tmp = copy_project(tmp_path / "project"), tmp_path / "tmp"
    tmp.mkdir()
    with open(project / "data" / "publications.yml", "a", encoding="utf-8") as data:
        data.write("  - id: broken\n    year: twenty\n")
    result = _build(project, tmp)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "paper 'broken'" in result.stderr
    assert _folders(tmp) == []


def test_a_killed_builds_folder_is_removed_by_the_next_build(tmp_path):
    project, tmp = copy_project(tmp_path / "project"), tmp_path / "tmp"
    tmp.mkdir()
    killed = subprocess.Popen(engine_command("build", "--site-dir", str(project / "site")), cwd=project,
                              env=_env(tmp), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(os.listdir(tmp / name) for name in _folders(tmp)) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the build has written into its folder
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = _folders(tmp)
    assert len(left) == 1, "the killed build should have left its folder"
    alive = tmp / f"pubsite-{os.getpid()}-another-build"  # a running build's folder is left alone
    alive.mkdir()

    result = _build(project, tmp)

    assert result.returncode == 0, result.stdout + result.stderr
    assert _folders(tmp) == [alive.name]
