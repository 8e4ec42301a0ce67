"""The line of a site's ``pyproject.toml`` that pins the kit: written by ``pubsite new``, moved by
``pubsite upgrade``, read by both.

A pin takes one of three forms, by where the kit is installed from:

* ``pubsite==1.2.0``: a release on PyPI (after the kit's first release);
* ``pubsite @ git+https://github.com/OWNER/REPO@v1.2.0``: a tag of the kit's repository (before it);
* ``pubsite @ file:///path/to/pubsite-1.2.0-py3-none-any.whl``: a wheel or checkout on this machine
  (CI, and tests).

The pin is looked for where pip looks: among the strings of ``project.dependencies`` and
``project.optional-dependencies`` (a comment, another table or another string that mentions the kit
is no pin), each read as a PEP 508 requirement (``packaging``), so that ``PubSite==1.2.0``, extras
(``pubsite[test]``) and markers (``; python_version >= '3.11'``) are understood and kept when the pin
moves. The file is checked as pip reads it (``tomllib``) and read and rewritten with ``tomlkit``, which
writes a document back as it was: moving a pin rewrites exactly those strings, leaving every other
byte of the file as it was.

The kit's repository is known only from its own metadata (``Project-URL: Repository``) or from a
site's pin on one of its tags; when neither tells it, ``pubsite new`` pins the PyPI form and says how
to pin a tag instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from tomlkit.exceptions import InvalidStringError, TOMLKitError
from tomlkit.items import String, StringType

import pubsite

DISTRIBUTION = "pubsite"
_TAG_VERSION = re.compile(r"@v?(\d+\.\d+\.\d+[\w.+-]*)$")
_WHEEL_VERSION = re.compile(r"pubsite-(\d+\.\d+\.\d+[\w.+]*?)-py3")
_GIT_SOURCES = ("git+", "https://", "http://", "ssh://")
_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
# Where a repository's files are read at a tag, on the hosts whose address scheme is known.
_BROWSE = {"github.com": "{web}/blob/v{version}/{path}", "gitlab.com": "{web}/-/blob/v{version}/{path}",
           "codeberg.org": "{web}/src/tag/v{version}/{path}"}
GUIDE = "kit/guide/README.md"


class PinError(ValueError):
    """A ``pyproject.toml`` whose pin on the kit cannot be read or moved; the message names the line
    (callers add the file's name)."""


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


def is_remote(source: str) -> bool:
    """Whether ``source`` (a ``--kit-source``) names a git repository rather than PyPI or a local path."""
    return source.startswith(_GIT_SOURCES)


_SOURCE_INITS = ("kit/pubsite/__init__.py", "pubsite/__init__.py", "src/pubsite/__init__.py")
_INIT_VERSION = re.compile(r'^__version__\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)


def wheel_version(name: str) -> str | None:
    """The kit's version in the file name of one of its wheels (``pubsite-1.2.0-py3-none-any.whl``)."""
    found = _WHEEL_VERSION.search(name)
    return found.group(1) if found else None


def local_version(path: Path) -> str | None:
    """The version of the kit a wheel or source folder on this machine holds (None: neither)."""
    if path.is_file():
        return wheel_version(path.name) if path.suffix == ".whl" else None
    for candidate in _SOURCE_INITS:
        try:
            found = _INIT_VERSION.search((path / candidate).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if found:
            return found.group(1)
    return None


def repository_of(url: str) -> str:
    """A git URL (``git+https://host/o/r@v1.2.0``, or a repository's address) without ``git+``, the
    ref after its last path segment (``@v1.2.0``, ``@main``) and a fragment: the repository's address.
    The host's part is left alone (``git+ssh://git@vcs.example.org/o/r`` keeps its user)."""
    parts = urlsplit(url.removeprefix("git+"))
    path = re.sub(r"@[^/@]*$", "", parts.path)
    return urlunsplit(parts._replace(path=path, fragment="")).rstrip("/")


def requirement(version: str, source: str | None = None, extras: str = "") -> str:
    """The PEP 508 requirement that installs kit ``version`` from ``source``.

    ``source`` is ``"pypi"``, a git URL (``git+https://...``, or an ``https://`` repository; a tag or
    ref it ends with is replaced by ``@vVERSION``), a local wheel or folder; None means the kit's
    repository when its metadata records one, else PyPI.
    """
    name = DISTRIBUTION + (f"[{extras}]" if extras else "")
    source = source if source is not None else repository()
    if source is None or source == "pypi":
        return f"{name}=={version}"
    if is_remote(source):
        return f"{name} @ git+{repository_of(source)}@v{version}"
    path = Path(source).expanduser().resolve()
    return f"{name} @ {path.as_uri()}"


@dataclass(frozen=True)
class Pin:
    """The kit's pin found in a ``pyproject.toml``: the requirement's text (the TOML string's value),
    its version (None when it names no single one: a range, or a folder), its URL (None for a PyPI
    pin), where the TOML string is in the file (``start``, ``end``: quotes included; ``line``: from 1),
    the list it is in (``where``: ``project.dependencies``, ``project.optional-dependencies.test``),
    its version specifier (``==1.2.0``, ``>=1.0``; empty for a URL), extras and marker as written."""

    text: str
    version: str | None
    url: str | None
    start: int
    end: int
    line: int = 0
    where: str = ""
    specifier: str = ""
    name: str = DISTRIBUTION
    extras: tuple[str, ...] = ()
    marker: str = ""


# ---------------------------------------------------------------- where each requirement on the kit is

def _document(text: str) -> tomlkit.TOMLDocument:
    """``text`` read with ``tomlkit``, once ``tomllib`` (as pip) has read it; ``PinError`` when it is not
    TOML, or when ``tomlkit`` would not write it back as it is."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PinError(f"not readable as TOML: {error}") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise PinError(f"not readable by tomlkit ({_first_line(error)}): edit the pin by hand") from None
    if tomlkit.dumps(document) != text:
        raise PinError("tomlkit would not write this file back as it is: edit the pin by hand")
    return document


def _own_items(document: tomlkit.TOMLDocument) -> Iterator[tuple[str, list, int]]:
    """Each string naming the kit among ``project.dependencies`` and ``project.optional-dependencies``:
    the list it is in (``project.optional-dependencies.test``), that list and its index there; those
    of ``dependencies`` first, then in the order the groups are written."""
    project = document.get("project")
    if not isinstance(project, Mapping):
        return
    optional = project.get("optional-dependencies")
    groups = [("project.dependencies", project.get("dependencies")),
              *((f"project.optional-dependencies.{name}", items)
                for name, items in (optional.items() if isinstance(optional, Mapping) else []))]
    for where, items in groups:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, str) and _is_own(item):
                yield where, items, index


def _place(text: str, number: int) -> tuple[int, int]:
    """Where the ``number``-th string of ``_own_items`` is written in ``text`` (quotes included): the
    place a marker written in its stead takes in the document ``tomlkit`` writes."""
    marker = "pin-"
    while marker in text:
        marker += "-"
    document = tomlkit.parse(text)
    _, items, index = list(_own_items(document))[number]
    written = items[index].as_string()
    items[index] = tomlkit.string(marker, literal=True)
    start = tomlkit.dumps(document).index(f"'{marker}'")
    return start, start + len(written)


def _marker_text(text: str, parsed: Requirement) -> str:
    """The marker of requirement ``text`` as written (after its ``;``), or ""."""
    if parsed.marker is None:
        return ""
    rest = text[text.index(parsed.url) + len(parsed.url):] if parsed.url else text
    return rest.split(";", 1)[1].strip()


def _version_of(parsed: Requirement) -> str | None:
    if parsed.url:
        url = parsed.url.split("#", 1)[0]
        if url.startswith("git+"):
            found = _TAG_VERSION.search(url)
        else:
            return wheel_version(url.rsplit("/", 1)[-1])
        return found.group(1) if found else None
    specifiers = list(parsed.specifier)
    if len(specifiers) == 1 and specifiers[0].operator in ("==", "===") and "*" not in specifiers[0].version:
        return specifiers[0].version
    return None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _is_own(requirement_text: str) -> bool:
    """Whether ``requirement_text`` names the kit (its name, before any extras, URL or version)."""
    name = _NAME.match(requirement_text)
    return name is not None and canonicalize_name(name.group(1)) == DISTRIBUTION


def find_pins(pyproject_text: str) -> list[Pin]:
    """Every requirement on the kit among ``project.dependencies`` and ``project.optional-dependencies``
    of ``pyproject_text``, those of ``dependencies`` first. ``PinError`` (naming the line) when the
    text is not TOML or a requirement on the kit is not a valid one."""
    pins = []
    for number, (where, items, index) in enumerate(_own_items(_document(pyproject_text))):
        value = str(items[index])
        start, end = _place(pyproject_text, number)
        line = pyproject_text.count("\n", 0, start) + 1
        try:
            parsed = Requirement(value)
        except InvalidRequirement as error:
            raise PinError(f"line {line}: {where}: {value!r} is not a valid requirement ({_first_line(error)}); "
                           f"write it as '{DISTRIBUTION}==X.Y.Z' or '{DISTRIBUTION} @ URL'") from None
        pins.append(Pin(text=value, version=_version_of(parsed), url=parsed.url, start=start, end=end, line=line,
                        where=where, specifier="" if parsed.url else str(parsed.specifier), name=parsed.name,
                        extras=tuple(sorted(parsed.extras)), marker=_marker_text(value, parsed)))
    return pins


def find_pin(pyproject_text: str) -> Pin | None:
    """The kit's pin in ``pyproject_text``: the first requirement on ``pubsite`` in
    ``project.dependencies`` (else in ``project.optional-dependencies``); None: the kit is not pinned.
    ``PinError`` as ``find_pins``."""
    pins = find_pins(pyproject_text)
    return pins[0] if pins else None


def _compose(name: str, extras: tuple[str, ...], url: str | None, specifier: str, marker: str) -> str:
    text = name + (f"[{','.join(extras)}]" if extras else "")
    text += f" @ {url}" if url else specifier
    if marker:
        text += f" ; {marker}" if url else f"; {marker}"   # PEP 508: a URL needs a space before ';'
    return text


def _toml_string(value: str, like: String) -> String:
    """``value`` as a TOML string, in the quotes of ``like`` (the string it replaces) when they can hold
    it (a multi-line string's are not kept)."""
    if like.type is StringType.SLL:
        try:
            return tomlkit.string(value, literal=True)
        except InvalidStringError:                  # a quote ' in the value
            pass
    return tomlkit.string(value)


def with_extras(requirement_text: str, extras: str) -> str:
    """``requirement_text`` (a requirement on the kit) with ``extras`` added (``pubsite[test]==1.2.0``)."""
    parsed = _parse_own(requirement_text)
    return _compose(parsed.name, tuple(sorted({*parsed.extras, *extras.split(",")} - {""})), parsed.url,
                    "" if parsed.url else str(parsed.specifier), _marker_text(requirement_text, parsed))


def _parse_own(requirement_text: str) -> Requirement:
    try:
        parsed = Requirement(requirement_text)
    except InvalidRequirement as error:
        raise PinError(f"{requirement_text!r} is not a valid requirement ({_first_line(error)})") from None
    if canonicalize_name(parsed.name) != DISTRIBUTION:
        raise PinError(f"{requirement_text!r} is not a requirement on {DISTRIBUTION}")
    return parsed


def with_pin(pyproject_text: str, new_requirement: str) -> str:
    """``pyproject_text`` with every requirement on the kit (``find_pins``) replaced by
    ``new_requirement``, each keeping its name as written, its extras (``pubsite[test]``) and its
    marker; every other character of the text is kept."""
    new = _parse_own(new_requirement)
    specifier = "" if new.url else str(new.specifier)
    new_marker = _marker_text(new_requirement, new)
    pins = find_pins(pyproject_text)
    document = tomlkit.parse(pyproject_text)
    for pin, (_, items, index) in zip(pins, list(_own_items(document)), strict=True):
        value = _compose(pin.name, tuple(sorted({*pin.extras, *new.extras})), new.url, specifier,
                         pin.marker or new_marker)
        items[index] = _toml_string(value, items[index])
    return tomlkit.dumps(document)


def pin_repository(requirement_text: str) -> str | None:
    """The kit's repository a pin installs from (``https://host/o/r`` for ``pubsite @
    git+https://host/o/r@v1.2.0``), or None (a PyPI pin, a wheel or folder, not a requirement)."""
    try:
        parsed = Requirement(requirement_text)
    except InvalidRequirement:
        return None
    return repository_of(parsed.url) if parsed.url and parsed.url.startswith("git+") else None


def meaning(pin: str, version: str) -> str:
    """What ``pin`` (a requirement ``requirement`` made) means for the site's owner, in a sentence or two:
    said by ``pubsite new`` and ``pubsite upgrade`` when they write it."""
    recorded = repository()
    repo = f"git+{repository_of(recorded)}" if recorded else "git+https://github.com/OWNER/REPO"
    try:
        url = Requirement(pin).url
    except InvalidRequirement:
        url = None
    if url is None:
        where = "" if recorded else " (the kit's repository; this installed kit does not record its address)"
        return (f"Pinned the kit: {pin} (from PyPI). Until {DISTRIBUTION} {version} is on PyPI (before the kit's "
                f"first release), `pip install .` cannot find it: pass --kit-source {repo}{where} to pin its tag "
                f"v{version}, or write that pin into pyproject.toml: '{DISTRIBUTION} @ {repo}@v{version}'.")
    if url.startswith("git+"):
        return (f"Pinned the kit: {pin} (its tag v{version} in the kit's repository; installing it needs git). "
                f"Once {DISTRIBUTION} {version} is on PyPI, '{DISTRIBUTION}=={version}' pins the same kit.")
    return (f"Pinned the kit: {pin} (on this machine only: the site's workflows cannot install it). Before "
            f"publishing the site, change that line of pyproject.toml to '{DISTRIBUTION}=={version}' (PyPI) or "
            f"'{DISTRIBUTION} @ {repo}@v{version}' (a tag of the kit's repository).")


def guide_link(version: str, repository: str | None = None) -> str:
    """Where the guide of kit ``version`` is read: its page at that version's tag in ``repository``
    (the kit's repository, as a site's git pin names it; None: as the kit's metadata records it), on
    a host whose address scheme is known (GitHub, GitLab, Codeberg); else the file's place in that
    repository, or in the kit's source."""
    repo = repository if repository is not None else globals()["repository"]()   # the function, shadowed here
    if not repo:
        return f"{GUIDE} in the kit's repository, at tag v{version}"
    address = repository_of(repo)
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if host in _BROWSE:
        web = urlunsplit(("https", host, parts.path.removesuffix(".git").rstrip("/"), "", ""))
        return _BROWSE[host].format(web=web, version=version, path=GUIDE)
    return f"{GUIDE} in the kit's repository ({address}), at tag v{version}"
