"""Shared helpers: copy the project into a temporary folder, build it with MkDocs, parse the HTML.

Builds run the engine in a subprocess, as a researcher would, so hooks load exactly as in real use
and a failed build shows the message the researcher would see. The engine is MkDocs
(``python -m mkdocs``) unless ``PUBSITE_ENGINE=properdocs`` picks ProperDocs, its maintainers'
drop-in fork: then the ``properdocs`` command next to this Python runs (its CLI is what redirects
the hooks' ``from mkdocs... import`` to ``properdocs``), with ``-f mkdocs.yml``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT_ROOT = FIXTURES / "site"
"""The reference site the kit's tests build (its ``mkdocs.yml``, ``docs/``, ``data/``): a fictional
researcher's, so that adopting the kit (replacing the repository's own pages and papers) keeps the
tests green and no test depends on the repository's owner."""
# From the repository: the site's hook, which hands MkDocs' events to the installed kit (``pubsite``,
# from kit/); the kit's templates, stylesheets and scripts reach the build from the package
# (pubsite/mkdocs_adapter/theme/, see theme_layer.py), as in an adopter's site.
KIT_PARTS = ("hooks",)
CONTENT_PARTS = ("mkdocs.yml", "docs", "data")  # from CONTENT_ROOT

ENGINES = ("mkdocs", "properdocs")
ENGINE = os.environ.get("PUBSITE_ENGINE", "").strip() or "mkdocs"
"""The engine every build and serve in the tests runs: ``PUBSITE_ENGINE``, ``mkdocs`` by default."""

# Subcommands that read the configuration file (and so take ``-f``).
_CONFIG_COMMANDS = ("build", "serve", "gh-deploy", "get-deps")


def _properdocs_script() -> Path:
    return Path(sys.executable).parent / "properdocs"


def pytest_configure(config):
    if ENGINE not in ENGINES:
        raise pytest.UsageError(f"PUBSITE_ENGINE={ENGINE!r}: must be one of {', '.join(ENGINES)}")
    if ENGINE == "properdocs" and not _properdocs_script().is_file():
        raise pytest.UsageError(
            f"PUBSITE_ENGINE=properdocs but {_properdocs_script()} is missing: "
            "run .venv/bin/pip install -c constraints.txt -e ."
        )


def pytest_report_header(config):
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(ENGINE)
    except PackageNotFoundError:
        found = "not installed"
    return f"engine (PUBSITE_ENGINE): {ENGINE} {found}: {' '.join(engine_command())}"


def engine_command(*arguments: str, engine: str = ENGINE) -> list[str]:
    """The command line that runs the engine with ``arguments``, e.g. ``engine_command("serve")``.

    MkDocs: ``[python, "-m", "mkdocs", *arguments]``. ProperDocs: ``[<bin>/properdocs, *arguments]``,
    plus ``-f mkdocs.yml`` for a subcommand that reads the configuration when ``arguments`` name no
    file (ProperDocs would otherwise print an INFO line asking for ``properdocs.yml``). Without
    arguments: the bare command, to which the caller adds the subcommand and options itself.
    ``engine`` picks the other engine for the one test that compares the two.
    """
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", *arguments]
    command = [str(_properdocs_script()), *arguments]
    names_config = any(a in ("-f", "--config-file") or a.startswith("--config-file=") for a in arguments)
    if arguments and arguments[0] in _CONFIG_COMMANDS and not names_config:
        command += ["-f", "mkdocs.yml"]
    return command


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("PYTHONPATH", None)
    return env


def copy_project(destination: Path, content: Path = CONTENT_ROOT) -> Path:
    """A fresh project in ``destination``: the kit's code from the repository and the site's
    ``mkdocs.yml``, ``docs/`` and ``data/`` from ``content`` (the reference site by default; the
    repository's own for the tests of its content). No build output, no caches."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for root, parts in ((content, CONTENT_PARTS), (PROJECT_ROOT, KIT_PARTS)):
        for part in parts:
            source = root / part
            if source.is_dir():
                shutil.copytree(source, destination / part, ignore=ignore, dirs_exist_ok=True)
            else:
                shutil.copy2(source, destination / part)
    return destination


def run_mkdocs(
    project: Path, *arguments: str, timeout: float = 300, engine: str = ENGINE
) -> subprocess.CompletedProcess:
    """Run the engine (``ENGINE``: mkdocs or properdocs) with ``arguments`` in ``project``."""
    return subprocess.run(
        engine_command(*arguments, engine=engine),
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=timeout,
    )


def build(project: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` (or ``properdocs build --strict -f mkdocs.yml``) into ``project/site``."""
    return run_mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))


def build_fails(project: Path) -> str:
    """Build a broken project: it must abort cleanly (exit 1, no traceback). Returns the output."""
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Aborted with a BuildError" in output
    assert "Traceback" not in output
    return output


def build_ok(project: Path) -> Path:
    result = build(project)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return project / "site"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url_path: str) -> BeautifulSoup:
    """The parsed page at a site-relative URL such as ``papers/waves/``."""
    target = site / url_path
    if url_path == "" or url_path.endswith("/"):
        target = target / "index.html"
    return parse(target)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session from a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    return build_ok(project)


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the project that a test may edit before building."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def served_site(site: Path):
    """The built site on a loopback server that gzips like GitHub Pages."""
    from static_server import StaticServer

    with StaticServer(site) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (see ``browser.py``: never skipped in CI)."""
    from browser import launch, sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
