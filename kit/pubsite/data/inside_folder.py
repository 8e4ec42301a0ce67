"""Whether a path named in a data file, a setting or a bibliography lies inside a folder: the one
place that decides it.

The site publishes what lies in ``docs/``, and the importer copies into ``docs/`` what a
bibliography names. A name that leads elsewhere (``../../etc/passwd``, ``/home/me/.ssh/id_rsa``, or
a ``paper.pdf`` that is a symbolic link to such a file) would publish a file its owner never meant
to: so every name is resolved as the system would open it, symbolic links included, and what it
leads to must lie inside the folder. The path is returned resolved, or with the reason it is not.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import NamedTuple


class PathCheck(NamedTuple):
    """Where a name leads: ``path``, resolved (None when it cannot be resolved at all), and
    ``refused``, the reason it lies outside the folders, or None when it lies inside one."""

    path: Path | None
    refused: str | None = None


def path_inside(name: str | PurePath, folders: Path | tuple[Path, ...], *, start: Path | None = None) -> PathCheck:
    """``name`` (relative to ``start``, by default the first of ``folders``; or absolute) resolved,
    symbolic links included, and whether it lies inside one of ``folders`` (resolved too). A name
    that climbs out with ``..``, an absolute path elsewhere, and a link inside that points outside
    are all outside. The name need not exist: what exists of it is resolved."""
    folders = (folders,) if isinstance(folders, PurePath) else tuple(folders)
    text = str(name)
    if "\0" in text:
        return PathCheck(None, "holds a NUL character, which no file name has")
    # Strings and os.path, not Path objects: a build checks every local link, and this is 2x faster.
    joined = os.path.join(os.path.abspath(start if start is not None else folders[0]), text)
    try:
        resolved = os.path.realpath(joined, strict=False)  # as opening it would: each link, then the '..'
        roots = [os.path.realpath(folder) for folder in folders]
    except (OSError, RuntimeError, ValueError) as error:  # a loop of symbolic links
        return PathCheck(None, f"cannot be resolved ({error.__class__.__name__}: a loop of symbolic links?)")
    if any(_within(resolved, root) for root in roots):
        return PathCheck(Path(resolved))
    where = " or ".join(roots)
    written = os.path.normpath(joined)  # as written, '..' taken away without looking at the disk
    if not any(_within(written, os.path.abspath(folder)) for folder in folders):
        return PathCheck(Path(resolved), f"{_how_it_leads_out(text)}: it leads to {resolved}, outside {where}")
    return PathCheck(Path(resolved), f"is, or passes through, a symbolic link to {resolved}, outside {where}")


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def written_inside(name: str | PurePath) -> str | None:
    """Why ``name``, as written, leads out of whatever folder it is taken in (absolute, or climbing
    out with ``..``); None if it stays inside. For when the folder is not at hand (a data file
    checked without its ``docs/``): what the disk makes of it, links included, is ``path_inside``'s."""
    text = str(name)
    if "\0" in text:
        return "holds a NUL character, which no file name has"
    if PurePath(text).is_absolute() or os.path.normpath(text).split(os.sep)[0] == "..":
        return _how_it_leads_out(text)
    return None


def _how_it_leads_out(text: str) -> str:
    return "is an absolute path" if PurePath(text).is_absolute() else "climbs out with '..'"

