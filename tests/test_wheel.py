"""The kit's wheel holds everything a site takes from the kit, and nothing of Will's site.

A site made by ``pubsite new`` has no checkout of the kit beside it: the templates, stylesheets,
scripts, the CV's template, the files ``pubsite new`` writes, the changelog ``pubsite upgrade``
prints and the site checks a site's tests import must all be inside the wheel. (``.ci/wheel_site_check``
goes further in CI: it installs the wheel into a clean venv, makes a site and builds it on both engines.)
"""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pubsite

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    (path,) = out.glob("pubsite-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_is_the_kit_at_its_version(wheel):
    metadata = email.message_from_string(wheel.read(f"pubsite-{pubsite.__version__}.dist-info/METADATA").decode())
    assert (metadata["Name"], metadata["Version"]) == ("pubsite", pubsite.__version__)
    entry_points = wheel.read(f"pubsite-{pubsite.__version__}.dist-info/entry_points.txt").decode()
    assert "pubsite = pubsite.commands.cli:main" in entry_points


@pytest.mark.parametrize("part", [
    "pubsite/mkdocs_adapter/events.py",
    "pubsite/mkdocs_adapter/theme/main.html",
    "pubsite/mkdocs_adapter/theme/base.html",
    "pubsite/mkdocs_adapter/theme/partials/toc.html",
    "pubsite/mkdocs_adapter/theme/assets/stylesheets/publications.css",
    "pubsite/mkdocs_adapter/theme/assets/javascripts/filters.js",
    "pubsite/cv/cv.typ",
    "pubsite/commands/site_template/mkdocs.yml",
    "pubsite/commands/kit_history.json",
    "pubsite/CHANGELOG.md",
    "pubsite/testing/site_checks.py",
])
def test_the_wheel_holds_what_a_site_takes_from_the_kit(wheel, part):
    assert part in wheel.namelist()


def test_the_wheel_holds_nothing_of_the_first_users_site(wheel):
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"pubsite", f"pubsite-{pubsite.__version__}.dist-info"}
    assert not [name for name in wheel.namelist() if "__pycache__" in name or name.endswith(".pyc")]
