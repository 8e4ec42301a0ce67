"""``pubsite upgrade``, the command around the migrations, on tiny invented sites in git: what it
says of the pin it wrote, of tests that fail or cannot run, of what the migrations left to the
owner; how it reads a pin on a folder of the kit, a pin that names no single version, settings
that are not UTF-8; and the README's line naming the guide, moved with the pin.

The migrations are replaced by invented steps (``MIGRATIONS``), the build and the tests by a
runner that answers as they would (git runs for real): each test looks at the command alone.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import PROJECT_ROOT

import pubsite
from pubsite.commands import kit_pin, migrations, site_files, upgrade
from upgrade_sites import GIT, committed, files, write

RUNNING = pubsite.__version__
NAME, URL = "Bo Sample", "https://bo.example.org/"
REPOSITORY = "https://github.com/OWNER/REPO"      # the placeholder the kit itself prints, no real address


def runner(calls: list, answers: dict | None = None):
    """git runs for real (the clean-tree check); every other command is recorded and answered."""
    answers = answers or {}

    def run(command, **options):
        if command[0] == "git":
            return subprocess.run(command, **options)
        calls.append(command)
        for needle, answer in answers.items():
            if needle in " ".join(command):
                return answer
        return SimpleNamespace(returncode=0, stdout="1 passed in 0.1s\n", stderr="")

    return run


def pinned(root: Path, requirement: str, extra: dict | None = None) -> Path:
    return committed(write(root, {"mkdocs.yml": f"site_name: {NAME}\n",
                                  "pyproject.toml": site_files.site_pyproject(NAME, requirement), **(extra or {})}))


@pytest.fixture(autouse=True)
def no_steps(monkeypatch):
    """No migration runs unless a test sets its own; the kit's metadata records no repository."""
    monkeypatch.setattr(migrations, "MIGRATIONS", [])
    monkeypatch.setattr(kit_pin, "repository", lambda: None)


def run(site: Path, **options) -> tuple[int, str, list]:
    calls, out = [], io.StringIO()
    answers = options.pop("answers", None)
    options.setdefault("run_tests", False)
    status = upgrade.upgrade(site, runner=runner(calls, answers), out=out, **options)
    return status, out.getvalue(), calls


# ---------------------------------------------------------------- the pin it wrote, said

def test_a_copied_site_is_told_what_the_pin_its_migration_wrote_means(tmp_path, monkeypatch):
    site = committed(write(tmp_path / "site", {"mkdocs.yml": f"site_name: {NAME}\n",
                                                "hooks/pubsite/__init__.py": "# the copied kit\n",
                                                "pyproject.toml": '[project]\nname = "grathwohl-homepage"\n'}))

    def to_thin(ctx):           # as the copied kit's migration does: it writes the site's pyproject.toml
        (ctx.site / "hooks/pubsite/__init__.py").unlink()
        ctx.write("pyproject.toml", site_files.site_pyproject(NAME, ctx.requirement))
        return [f"pyproject.toml: written (it pins the kit: {ctx.requirement})"]

    monkeypatch.setattr(migrations, "MIGRATIONS", [(RUNNING, to_thin)])
    status, report, _ = run(site)
    assert status == 0, report
    assert f"  Pinned the kit: pubsite=={RUNNING} (from PyPI). Until pubsite {RUNNING} is on PyPI" in report
    assert "--kit-source git+https://github.com/OWNER/REPO" in report


def test_a_pin_that_did_not_change_is_not_explained_again(tmp_path):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 0 and report.count("Pinned the kit:") == 1


# ---------------------------------------------------------------- the site's tests

def test_failing_tests_show_what_pytest_said_on_stderr_too(tmp_path):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")
    failed = SimpleNamespace(returncode=1, stdout="1 error in 0.2s\n",
                             stderr="ImportError while loading conftest\n"
                                    "E   ModuleNotFoundError: No module named 'harbour'\n")
    status, report, calls = run(site, to=RUNNING, kit_source="pypi", run_tests=True, answers={"pytest": failed})
    assert status == 1
    assert any("pytest" in command for command in calls)
    assert "Its tests fail (python -m pytest exited with 1):\n    1 error in 0.2s\n  On stderr:\n" in report
    assert "    E   ModuleNotFoundError: No module named 'harbour'" in report
    assert "Upgraded, but the checks above failed" in report


def test_without_pytest_the_tests_are_not_run_and_left_to_the_owner(tmp_path, monkeypatch):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")
    monkeypatch.setattr(upgrade, "_pytest_installed", lambda: False)
    status, report, calls = run(site, to=RUNNING, kit_source="pypi", run_tests=True)
    assert status == 1, report
    assert not [command for command in calls if "pytest" in command]
    assert "Its tests were NOT run: pytest is not installed in this environment" in report
    left = report[report.index("\nLeft for you to do:\n"):]
    assert f'pip install "pubsite[test]=={RUNNING}"' in left and "then python -m pytest" in left
    assert "left for you to do (above)" in report.splitlines()[-1]


# ---------------------------------------------------------------- what the migrations left

def test_what_the_migrations_could_not_do_is_repeated_at_the_end_and_the_command_fails(tmp_path, monkeypatch):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")

    def needs_an_edit(ctx):
        if not hasattr(ctx, "by_hand"):        # before the migrations' Context records them itself
            ctx.by_hand = []
        ctx.by_hand.append("mkdocs.yml: list docs/assets/stylesheets/extra.css under extra_css (a flow list)")
        return ["mkdocs.yml: extra_css is a flow list: edit it by hand"]

    monkeypatch.setattr(migrations, "MIGRATIONS", [(RUNNING, needs_an_edit)])
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 1
    built = report.index("The site builds with --strict.")
    left = report.index("\nLeft for you to do:\n  - mkdocs.yml: list docs/assets/stylesheets/extra.css under extra_css")
    assert built < left
    assert report.splitlines()[-1].startswith(
        f"Upgraded, with 1 thing left for you to do (above): kit 0.9.0 -> {RUNNING}")


def test_with_nothing_left_the_command_succeeds_and_says_no_list(tmp_path):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 0 and "Left for you to do" not in report
    assert report.splitlines()[-1].startswith(f"Upgraded: kit 0.9.0 -> {RUNNING}.")


# ---------------------------------------------------------------- pins it reads

def test_a_pin_on_a_folder_of_the_kit_runs_the_version_that_folder_holds(tmp_path):
    old_kit = write(tmp_path / "old-kit", {"kit/pubsite/__init__.py": '__version__ = "0.9.0"\n'})
    site = pinned(tmp_path / "site", f"pubsite @ {old_kit.as_uri()}")
    version, pin = upgrade.site_version(site)
    assert version == "0.9.0" and pin.url == old_kit.as_uri()
    status, report, _ = run(site, kit_source=str(PROJECT_ROOT))
    assert status == 0, report
    assert f"kit 0.9.0 (pyproject.toml: pubsite @ {old_kit.as_uri()})" in report
    assert kit_pin.find_pin((site / "pyproject.toml").read_text("utf-8")).text == f"pubsite @ {PROJECT_ROOT.as_uri()}"
    assert "on this machine only" in report


def test_a_pin_on_a_folder_that_is_gone_or_holds_no_kit_is_said(tmp_path):
    gone = pinned(tmp_path / "gone", f"pubsite @ {(tmp_path / 'no-such-kit').as_uri()}")
    with pytest.raises(upgrade.UpgradeError, match=r"line 9 \(project.dependencies\) pins the kit .* names no "
                                                   r"version, and .*no-such-kit is not there"):
        upgrade.site_version(gone)
    (tmp_path / "notes").mkdir()
    other = pinned(tmp_path / "other", f"pubsite @ {(tmp_path / 'notes').as_uri()}")
    with pytest.raises(upgrade.UpgradeError, match="names .*notes, which is neither a kit's wheel"):
        upgrade.site_version(other)


@pytest.mark.parametrize("requirement", ["pubsite>=0.9", "pubsite~=0.9.0", "PubSite"])
def test_a_pin_on_no_single_version_is_refused_naming_its_line(tmp_path, requirement: str):
    site = pinned(tmp_path / "site", requirement)
    before = files(site)
    status, report, _ = run(site, to=RUNNING)
    assert status == 1 and files(site) == before
    assert f"pyproject.toml line 9 (project.dependencies) pins the kit as '{requirement}', which does not name one " \
           "version: the site must pin exactly one (==)" in report


def test_a_pin_that_is_no_valid_requirement_is_refused_naming_its_line(tmp_path):
    text = site_files.site_pyproject(NAME, "pubsite==0.9.0").replace(
        '"pubsite==0.9.0"', '"pubsite @ git+https://code.example.org/kit@v0.9.0; python_version > \'3\'"', 1)
    site = committed(write(tmp_path / "site", {"mkdocs.yml": f"site_name: {NAME}\n", "pyproject.toml": text}))
    status, report, _ = run(site, to=RUNNING)
    assert status == 1 and "Traceback" not in report
    assert "pyproject.toml: line 9: project.dependencies: " in report and "is not a valid requirement" in report


def test_a_git_pin_on_a_host_named_with_at_v_moves_to_the_new_tag(tmp_path):
    ssh = "git+ssh://git@vcs.example.org/kit/pubsite"
    site = pinned(tmp_path / "site", f"pubsite @ {ssh}@v0.9.0")
    status, report, _ = run(site, to=RUNNING)
    assert status == 0, report
    assert kit_pin.find_pin((site / "pyproject.toml").read_text("utf-8")).text == f"pubsite @ {ssh}@v{RUNNING}"


# ---------------------------------------------------------------- files that are not UTF-8

@pytest.mark.parametrize("name", ["mkdocs.yml", "pyproject.toml"])
def test_settings_that_are_not_utf8_are_refused_naming_the_file(tmp_path, name: str):
    site = pinned(tmp_path / "site", "pubsite==0.9.0")
    (site / name).write_bytes((site / name).read_bytes().replace(b"Bo Sample", "Bo Sämple".encode("latin-1")))
    subprocess.run([*GIT, "commit", "-q", "-am", "latin-1"], cwd=site, check=True)
    before = files(site)
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 1 and files(site) == before and "Traceback" not in report
    assert f"{site / name} is not UTF-8 text (byte " in report and "Nothing was changed." in report


# ---------------------------------------------------------------- the README's guide

def test_the_readmes_guide_moves_to_the_new_version_with_the_pin(tmp_path):
    site = pinned(tmp_path / "site", "pubsite==0.9.0", {"README.md": site_files.readme_text(NAME, URL, "0.9.0")})
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 0, report
    assert (site / "README.md").read_text("utf-8") == site_files.readme_text(NAME, URL, RUNNING)
    line = site_files.readme_text(NAME, URL, RUNNING).splitlines().index(site_files.guide_line(RUNNING)) + 1
    assert f"  - README.md line {line}: names the kit's guide as of kit {RUNNING}: " in report


def test_the_readmes_guide_is_linked_in_the_repository_the_git_pin_names(tmp_path):
    readme = site_files.readme_text(NAME, URL, "0.9.0", REPOSITORY)
    assert f"<{REPOSITORY}/blob/v0.9.0/kit/guide/README.md>" in readme
    site = pinned(tmp_path / "site", f"pubsite @ git+{REPOSITORY}@v0.9.0", {"README.md": readme})
    status, report, _ = run(site, to=RUNNING)
    assert status == 0, report
    text = (site / "README.md").read_text("utf-8")
    assert text == site_files.readme_text(NAME, URL, RUNNING, REPOSITORY)
    assert f"<{REPOSITORY}/blob/v{RUNNING}/kit/guide/README.md>" in text


def test_a_readme_the_owner_rewrote_is_left_alone(tmp_path):
    readme = "# Bo's pages\n\nThe kit's guide, as I read it at 0.9.0: see the kit.\n"
    site = pinned(tmp_path / "site", "pubsite==0.9.0", {"README.md": readme})
    status, report, _ = run(site, to=RUNNING, kit_source="pypi")
    assert status == 0 and (site / "README.md").read_text("utf-8") == readme and "README.md" not in report
