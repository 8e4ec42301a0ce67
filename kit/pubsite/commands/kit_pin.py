"""The line of a site's ``pyproject.toml`` that pins the kit: written by ``pubsite new``, moved by
``pubsite upgrade``, read by both.

A pin takes one of three forms, by where the kit is installed from:

* ``pubsite==1.2.0``: a release on PyPI (after the kit's first release);
* ``pubsite @ git+https://github.com/OWNER/REPO@v1.2.0``: a tag of the kit's repository (before it);
* ``pubsite @ file:///path/to/pubsite-1.2.0-py3-none-any.whl``: a wheel or checkout on this machine
  (CI, and tests).

The kit's repository is known only from its own metadata (``Project-URL: Repository``); when it is
not recorded there, ``pubsite new`` pins the PyPI form and says how to pin a tag instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pubsite

DISTRIBUTION = "pubsite"
_PIN = re.compile(
    r"""(?P<quote>["'])pubsite(?P<extras>\[[\w,\s-]*\])?\s*"""
    r"""(?:==\s*(?P<version>[\w.+-]+)|@\s*(?P<url>[^"'\s;]+))(?P<marker>[^"']*)(?P=quote)"""
)
_TAG_VERSION = re.compile(r"@v?(\d+\.\d+\.\d+(?:[\w.+-]*))$")
_WHEEL_VERSION = re.compile(r"pubsite-(\d+\.\d+\.\d+[\w.+]*?)-py3")


def running_version() -> str:
    """The version of the kit this command runs from."""
    return pubsite.__version__


def repository() -> str | None:
    """The kit's public repository, as its metadata records it (``Project-URL: Repository``)."""
    try:
        urls = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"repository", "source"} and url.strip():
            return url.strip()
    return None


def requirement(version: str, source: str | None = None, extras: str = "") -> str:
    """The PEP 508 requirement that installs kit ``version`` from ``source``.

    ``source`` is ``"pypi"``, a git URL (``git+https://...``, or an ``https://`` repository), a local
    wheel or folder; None means the kit's repository when its metadata records one, else PyPI.
    """
    name = DISTRIBUTION + (f"[{extras}]" if extras else "")
    source = source if source is not None else repository()
    if source is None or source == "pypi":
        return f"{name}=={version}"
    if source.startswith(("git+", "https://", "http://", "ssh://")):
        url = source if source.startswith("git+") else "git+" + source
        return f"{name} @ {url.split('@v')[0].rstrip('/')}@v{version}"
    path = Path(source).expanduser().resolve()
    return f"{name} @ {path.as_uri()}"


@dataclass(frozen=True)
class Pin:
    """The kit's pin found in a ``pyproject.toml``: its version (None when it cannot be told) and text."""

    text: str
    version: str | None
    url: str | None
    start: int
    end: int


def find_pin(pyproject_text: str) -> Pin | None:
    """The first requirement on ``pubsite`` in ``pyproject_text`` (None: the kit is not pinned)."""
    match = _PIN.search(pyproject_text)
    if match is None:
        return None
    version, url = match.group("version"), match.group("url")
    if version is None and url:
        found = _TAG_VERSION.search(url) or _WHEEL_VERSION.search(url)
        version = found.group(1) if found else None
    return Pin(text=match.group(0)[1:-1], version=version, url=url, start=match.start(), end=match.end())


def with_pin(pyproject_text: str, new_requirement: str) -> str:
    """``pyproject_text`` with every requirement on the kit replaced by ``new_requirement``, keeping
    each one's extras (``pubsite[test]``)."""

    def replace(match: re.Match) -> str:
        extras = match.group("extras") or ""
        base = new_requirement.replace(DISTRIBUTION, DISTRIBUTION + extras, 1) if extras else new_requirement
        return f'{match.group("quote")}{base}{match.group("marker")}{match.group("quote")}'

    return _PIN.sub(replace, pyproject_text)


def meaning(pin: str, version: str) -> str:
    """What ``pin`` (a requirement ``requirement`` made) means for the site's owner, in a sentence or two:
    said by ``pubsite new`` and ``pubsite upgrade`` when they write it."""
    recorded = repository()
    repo = (recorded if recorded.startswith("git+") else "git+" + recorded) if recorded else \
        "git+https://github.com/OWNER/REPO"
    if pin.startswith(f"{DISTRIBUTION}=="):
        where = "" if recorded else " (the kit's repository; this installed kit does not record its address)"
        return (f"Pinned the kit: {pin} (from PyPI). Until {DISTRIBUTION} {version} is on PyPI (before the kit's "
                f"first release), `pip install .` cannot find it: pass --kit-source {repo}{where} to pin its tag "
                f"v{version}, or write that pin into pyproject.toml: '{DISTRIBUTION} @ {repo}@v{version}'.")
    if "git+" in pin:
        return (f"Pinned the kit: {pin} (its tag v{version} in the kit's repository; installing it needs git). "
                f"Once {DISTRIBUTION} {version} is on PyPI, '{DISTRIBUTION}=={version}' pins the same kit.")
    return (f"Pinned the kit: {pin} (on this machine only: the site's workflows cannot install it). Before "
            f"publishing the site, change that line of pyproject.toml to '{DISTRIBUTION}=={version}' (PyPI) or "
            f"'{DISTRIBUTION} @ {repo}@v{version}' (a tag of the kit's repository).")


def guide_link(version: str) -> str:
    """Where the guide of kit ``version`` is read: its page in the repository at that version's tag, or,
    with no repository recorded, the file's place in the kit's source."""
    repo = repository()
    if repo:
        return f"{repo.removeprefix('git+').removesuffix('.git').rstrip('/')}/blob/v{version}/kit/guide/README.md"
    return f"kit/guide/README.md in the kit's repository, at tag v{version}"
