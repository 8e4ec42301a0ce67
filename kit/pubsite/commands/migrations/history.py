"""What the kit knows of its own past, read from ``kit_history.json`` (shipped in the package, written
by ``kit/tools/kit_history.py`` from the kit's repository):

* ``copied``: every version of every file ``pubsite new`` copied into a site before the kit was a
  package (by its path in the site: ``hooks/pubsite/plan.py``, ``overrides/main.html``, ...), as a
  sha256, so that a site's file is known to be the kit's, untouched, or the owner's change; for the
  stylesheets and templates also their texts (lzma-compressed), so that a changed copy is compared
  with the version it came from; and the files ``pubsite new`` wrote from templates
  (``pyproject.toml`` with its name and description blanked, the test workflow, the README's
  templates with the owner's name and address as placeholders).
* ``releases``: for each released version, the sha256 of each file of the kit's theme
  (``pubsite/mkdocs_adapter/theme/``), so that an owner's override of a template that a new
  version changed is named.

Texts are hashed with their line ends as ``\\n`` (a checkout on Windows may have turned them into
``\\r\\n``).
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import lzma
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

HISTORY_FILE = "kit_history.json"
# Placeholders in the README templates (private-use characters: no README holds them).
NAME_MARK, URL_MARK = "\ue000", "\ue001"


def digest(data: bytes | str) -> str:
    """The sha256 of a file's bytes, line ends as ``\\n``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def normalized_pyproject(text: str) -> str:
    """A site's ``pyproject.toml`` as ``pubsite new`` wrote it before the kit was a package, with its
    own lines (``name``, ``description``) blanked: what is left was the kit's."""
    text = text.replace("\r\n", "\n")
    text = re.sub(r'^name = ".*"$', 'name = ""', text, count=1, flags=re.MULTILINE)
    return re.sub(r'^description = ".*"$', 'description = ""', text, count=1, flags=re.MULTILINE)


def pack_texts(texts: dict[str, list[dict]]) -> str:
    """Texts (path -> [{"text", "since"}]) as lzma-compressed, base64 JSON (kit_history.json)."""
    raw = json.dumps(texts, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.b64encode(lzma.compress(raw, preset=9)).decode("ascii")


def unpack_texts(packed: str) -> dict[str, list[dict]]:
    return json.loads(lzma.decompress(base64.b64decode(packed)).decode("utf-8")) if packed else {}


@lru_cache(maxsize=1)
def load() -> dict:
    """The kit's history as shipped in the package (an empty one when the file is missing)."""
    node = resources.files("pubsite.commands").joinpath(HISTORY_FILE)
    try:
        return json.loads(node.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"copied": {"files": {}, "generated": {}, "texts": ""}, "releases": {}}


def copied_digests(path: str) -> set[str]:
    """The sha256 of every version of the copied kit file ``path`` (a path in the site)."""
    return set(load()["copied"]["files"].get(path, ()))


def copied_paths() -> list[str]:
    return sorted(load()["copied"]["files"])


def generated(kind: str) -> list:
    """What ``pubsite new`` wrote from templates: ``pyproject.toml`` and ``test.yml`` as sha256s,
    ``README.md`` as templates."""
    return list(load()["copied"]["generated"].get(kind, ()))


@lru_cache(maxsize=1)
def _texts() -> dict[str, list[dict]]:
    return unpack_texts(load()["copied"].get("texts", ""))


@dataclass(frozen=True)
class Version:
    """One historical text of a copied kit file, and the first kit commit that had it."""

    text: str
    since: str


def closest(path: str, text: str) -> Version | None:
    """The historical version of ``path`` with the fewest lines differing from ``text``."""
    best, best_cost = None, None
    lines = text.replace("\r\n", "\n").splitlines()
    for version in _texts().get(path, ()):
        other = version["text"].splitlines()
        matcher = difflib.SequenceMatcher(None, other, lines, autojunk=False)
        same = sum(block.size for block in matcher.get_matching_blocks())
        cost = len(other) + len(lines) - 2 * same
        if best_cost is None or cost < best_cost:
            best, best_cost = Version(version["text"], version["since"]), cost
    return best


def release_theme(version: str) -> dict[str, str] | None:
    """The sha256 of each theme file (path inside the theme) of kit ``version``, if recorded."""
    release = load()["releases"].get(version)
    return dict(release["theme"]) if release else None
