"""The steps ``pubsite upgrade`` runs to take a site from one kit to a later one.

``MIGRATIONS`` lists each step with the version it leads to, oldest first. A site at version A
going to version B runs, in order, every step leading to a version V with A < V <= B ("copied", a
site made before the kit was a package, comes before every version). A step is a function of a
``Context`` (the site's folder, the two versions, the kit's pin at the target) that changes the
site's files and returns what it did as report lines; it lives in a small module whose docstring
says why. A kit's steps ship with that kit: ``pubsite upgrade`` runs the target version's own.

A report line that leaves the owner something to do before the site is as it was meant to be (an
edit of ``mkdocs.yml`` that could not be made as text, a change of theirs moved to
``upgrade-kept/``, a line naming what the site no longer has) is also put in ``Context.by_hand``
(``ctx.needs(line)``), which the command repeats at the end. A step checks what could stop it
before it changes anything (``Context.read`` refuses a file that is not UTF-8 text, naming it).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pubsite.commands.migrations.history import digest

COPIED = "copied"          # the version of a site holding a copy of the kit (hooks/pubsite/)
KEPT = "upgrade-kept"      # where an owner's changed files that cannot stay in place are moved
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(.*)$")


def version_key(version: str) -> tuple:
    """A sortable key of ``X.Y.Z`` (a pre-release such as ``1.1.0rc1`` before ``1.1.0``); "copied"
    before every version."""
    if version == COPIED:
        return (-1,)
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a version of the form X.Y.Z")
    major, minor, patch, rest = match.groups()
    return (int(major), int(minor), int(patch), 0 if rest else 1, rest)


@dataclass
class Context:
    """What a step knows: the site, the versions it goes between, the kit's pin at the target."""

    site: Path
    from_version: str
    to_version: str
    requirement: str
    created: list[str] = field(default_factory=list)   # files the upgrade added (for the undo hint)
    by_hand: list[str] = field(default_factory=list)   # report lines that leave the owner an edit to make

    def needs(self, line: str) -> str:
        """``line``, also recorded as left for the owner to do."""
        self.by_hand.append(line)
        return line

    def path(self, relative: str) -> Path:
        return self.site / relative

    def exists(self, relative: str) -> bool:
        return self.path(relative).is_file()

    def read(self, relative: str) -> str:
        """The text of ``relative``; a file that is not UTF-8 text is refused, naming its line."""
        try:
            return self.path(relative).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise refusal(self.not_text(relative)) from None

    def not_text(self, relative: str) -> str | None:
        """Why ``relative`` cannot be read as text (None when it is UTF-8 text)."""
        data = self.path(relative).read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            return (f"{relative} line {line} is not UTF-8 text (byte 0x{data[error.start]:02x}): save it as UTF-8, "
                    "commit, and run pubsite upgrade again")
        return None

    def digest(self, relative: str) -> str:
        """The sha256 of ``relative``'s bytes (line ends as ``\\n``), text or not."""
        return digest(self.path(relative).read_bytes())

    def write(self, relative: str, text: str) -> None:
        target = self.path(relative)
        if not target.exists():
            self.created.append(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def remove(self, relative: str) -> None:
        target = self.path(relative)
        target.unlink()
        self.prune(target.parent)

    def keep(self, relative: str) -> str:
        """Move the owner's ``relative`` into ``upgrade-kept/`` (never over a file there); returns
        where it went."""
        place = f"{KEPT}/{relative}"
        number = 1
        while self.path(place).exists():
            number += 1
            place = f"{KEPT}-{number}/{relative}"
        target = self.path(place)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.path(relative)), str(target))
        self.created.append(place)
        self.prune(self.path(relative).parent)
        return place

    def prune(self, folder: Path) -> None:
        """Remove ``folder`` and the folders above it (inside the site) that are left empty."""
        while folder != self.site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


Step = Callable[[Context], list[str]]


def refusal(message: str) -> Exception:
    """The command's error (``pubsite upgrade`` prints its message, no traceback) for a site a step
    cannot migrate."""
    from pubsite.commands.upgrade import UpgradeError   # here: the command imports this package

    return UpgradeError(message)


def steps_between(from_version: str, to_version: str, registry: list[tuple[str, Step]] | None = None):
    """The steps (version, step) leading past ``from_version`` up to ``to_version``, in order."""
    registry = MIGRATIONS if registry is None else registry
    low, high = version_key(from_version), version_key(to_version)
    chosen = [(version, step) for version, step in registry if low < version_key(version) <= high]
    return sorted(chosen, key=lambda item: version_key(item[0]))


# The steps, each with the version it leads to (imported last: the steps use Context above).
from pubsite.commands.migrations import copied_kit  # noqa: E402

MIGRATIONS: list[tuple[str, Step]] = [
    ("1.0.0", copied_kit.migrate),   # a site holding a copy of the kit -> the thin shape (installed kit)
]
