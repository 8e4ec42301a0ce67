"""Sites for the ``pubsite upgrade`` tests: small ones written from a dict, and the one a researcher
made with ``pubsite new`` at commit 40a1c1d (``fixtures/site_made_at_40a1c1d.tar.gz``), each committed
to a git repository of its own, as the command requires."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

from conftest import FIXTURES

ARCHIVE = FIXTURES / "site_made_at_40a1c1d.tar.gz"
GIT = ["git", "-c", "user.name=Ada Example", "-c", "user.email=ada@example.org", "-c", "commit.gpgsign=false"]


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """``files`` (path -> text or bytes) written under ``root``."""
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / relative).write_bytes(content)
        else:
            (root / relative).write_text(content, encoding="utf-8")
    return root


def committed(site: Path, message: str = "start") -> Path:
    """``site`` as a new git repository with everything in it committed."""
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run([*GIT, *command], cwd=site, check=True, capture_output=True)
    return site


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but git's, by path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(root).parts}


def site_made_at_40a1c1d(folder: Path, edit=None, commit: bool = True) -> Path:
    """The archived site unpacked into ``folder``, edited by ``edit(site)`` if given, and committed."""
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    site = folder / "site"
    if edit is not None:
        edit(site)
    return committed(site, "Made at 40a1c1d") if commit else site
