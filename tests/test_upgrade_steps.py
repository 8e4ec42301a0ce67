"""``pubsite upgrade`` in parts, on tiny invented folders: the command's checks and choices (a clean
git tree, the site's version, the target, installing another kit and running its upgrade, which
migrations run), each step of the migration from a copied kit, and the helpers they stand on (the
owner's CSS changes, text edits of mkdocs.yml, template merges, the CHANGELOG's sections, the kit's
recorded history). The history the steps read is invented here (``invented_history``), so no test
depends on the kit's past files; the end-to-end test is ``test_upgrade_from_copied_site.py``.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import pubsite
from pubsite.commands import changelog, kit_pin, site_files, upgrade
from pubsite.commands import migrations
from pubsite.commands.migrations import (Context, copied_kit, copied_theme, css_changes, history, settings_text,
                                         steps_between, template_merge, version_key)
from pubsite.commands.migrations.history import NAME_MARK, URL_MARK, digest
from upgrade_sites import GIT, committed, write

RUNNING = pubsite.__version__
TOOL = Path(__file__).resolve().parents[1] / "kit" / "tools" / "kit_history.py"
SETTINGS = """# Bo's settings.
site_name: Bo Sample   # owner
site_url: https://bo.example.org/
theme:
  name: material
  custom_dir: overrides      # my templates
extra_css:
  - assets/stylesheets/publications.css
  - assets/stylesheets/mine.css   # keep me
extra_javascript:
  - path: assets/javascripts/filters.js # the kit's
    defer: true
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def tree(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(root).parts}


def context(site: Path, from_version: str = "copied") -> Context:
    return Context(site=site, from_version=from_version, to_version=RUNNING, requirement=f"pubsite=={RUNNING}")


@pytest.fixture
def invented_history(monkeypatch):
    """Install an invented kit history: ``files`` maps a site path to the kit's texts of it."""

    def install(files: dict[str, list[str]], generated: dict | None = None, releases: dict | None = None) -> dict:
        texts = {path: [{"text": text, "since": f"{number:040x}"} for number, text in enumerate(versions, 1)]
                 for path, versions in files.items() if path.startswith(("overrides/", "docs/assets/stylesheets/"))}
        data = {"copied": {"files": {path: sorted({digest(text) for text in versions}) for path, versions in files.items()},
                           "generated": generated or {}, "texts": history.pack_texts(texts)},
                "releases": releases or {}}
        monkeypatch.setattr(history, "load", lambda: data)
        history._texts.cache_clear()
        return data

    yield install
    history._texts.cache_clear()


# ---------------------------------------------------------------- versions and the registry

def test_versions_sort_as_numbers_and_copied_comes_first():
    ordered = sorted(["1.10.0", "1.2.0", "copied", "1.2.0rc1", "0.9.9"], key=version_key)
    assert ordered == ["copied", "0.9.9", "1.2.0rc1", "1.2.0", "1.10.0"]
    with pytest.raises(ValueError, match="X.Y.Z"):
        version_key("latest")


def test_only_the_steps_between_the_two_versions_are_chosen_in_order():
    registry = [("1.1.0", "a"), ("1.2.0", "b"), ("2.0.0", "c"), ("2.1.0", "d")]
    assert [step for _v, step in steps_between("1.1.0", "2.0.0", registry)] == ["b", "c"]
    assert [step for _v, step in steps_between("copied", "1.2.0", registry)] == ["a", "b"]
    assert steps_between("2.1.0", "2.1.0", registry) == []
    assert [version for version, _step in migrations.MIGRATIONS] == ["1.0.0"]


def fake_runner(calls: list, answers: dict | None = None):
    """Runs git for real (the site's checks); records every other command and answers it."""
    answers = answers or {}

    def run(command, **options):
        if command[0] == "git" and command[1] in ("rev-parse", "status"):
            return subprocess.run(command, **options)
        calls.append((command, options.get("env", {}).get(upgrade.RERUN)))
        for needle, answer in answers.items():
            if needle in " ".join(command):
                return answer
        return SimpleNamespace(returncode=0, stdout="", stderr="")

    return run


def pinned_site(root: Path, version: str) -> Path:
    return committed(write(root, {"mkdocs.yml": "site_name: Bo Sample\n",
                                  "pyproject.toml": site_files.site_pyproject("Bo Sample", f"pubsite=={version}")}))


def test_the_command_runs_each_step_between_the_versions_in_order_then_moves_the_pin(tmp_path, monkeypatch):
    site = pinned_site(tmp_path, "0.9.0")
    ran = []

    def step(name):
        def run(ctx):
            ran.append((name, ctx.from_version, ctx.to_version))
            return [f"step {name} did its part"]
        return run

    monkeypatch.setattr(migrations, "MIGRATIONS", [("0.9.0", step("a")), ("0.9.5", step("b")),
                                                   (RUNNING, step("c")), ("99.0.0", step("d"))])
    calls, out = [], io.StringIO()
    status = upgrade.upgrade(site, to=RUNNING, run_tests=False, runner=fake_runner(calls), out=out, kit_source="pypi")
    report = out.getvalue()
    assert status == 0, report
    assert ran == [("b", "0.9.0", RUNNING), ("c", "0.9.0", RUNNING)]
    assert report.index("step b did its part") < report.index("step c did its part")
    assert "kit 0.9.0 (pyproject.toml: pubsite==0.9.0)" in report
    assert f"pubsite==0.9.0 -> pubsite=={RUNNING}" in report
    assert kit_pin.find_pin((site / "pyproject.toml").read_text()).version == RUNNING
    assert [command[3:5] for command, _env in calls] == [["build", "--strict"]]
    assert f"What changed in the kit (0.9.0 -> {RUNNING})" in report


def test_another_target_is_installed_and_its_own_upgrade_runs(tmp_path):
    site = pinned_site(tmp_path, RUNNING)
    calls, out = [], io.StringIO()
    runner = fake_runner(calls, {"pubsite upgrade": SimpleNamespace(returncode=0, stdout="", stderr="")})
    assert upgrade.upgrade(site, to="99.1.0", run_tests=False, runner=runner, out=out) == 0
    (install, _), (rerun, marker) = calls
    assert install == [sys.executable, "-m", "pip", "install", "pubsite==99.1.0"]
    assert rerun == [sys.executable, "-m", "pubsite", "upgrade", "--to", "99.1.0", "--site", str(site.resolve()),
                     "--kit-source", "pypi", "--no-tests"]
    assert marker == "99.1.0"
    assert f"This is kit {RUNNING}; the site goes to kit 99.1.0" in out.getvalue()
    assert kit_pin.find_pin((site / "pyproject.toml").read_text()).version == RUNNING   # the new kit moves it


def test_a_failed_install_stops_before_anything_changes(tmp_path):
    site = pinned_site(tmp_path, RUNNING)
    calls, out = [], io.StringIO()
    runner = fake_runner(calls, {"pip install": SimpleNamespace(returncode=1, stdout="", stderr="no such version")})
    assert upgrade.upgrade(site, to="99.1.0", runner=runner, out=out) == 1
    assert len(calls) == 1 and "pip could not install pubsite==99.1.0; nothing in the site was changed" in out.getvalue()


def test_the_installed_kit_not_running_is_said_not_looped(tmp_path, monkeypatch):
    site = pinned_site(tmp_path, RUNNING)
    monkeypatch.setenv(upgrade.RERUN, "99.1.0")
    calls, out = [], io.StringIO()
    assert upgrade.upgrade(site, to="99.1.0", runner=fake_runner(calls), out=out) == 1
    assert calls == [] and "was just installed, yet kit" in out.getvalue()


def test_going_back_or_nowhere_is_said(tmp_path):
    site = pinned_site(tmp_path, "99.0.0")
    out = io.StringIO()
    assert upgrade.upgrade(site, to=RUNNING, runner=fake_runner([]), out=out) == 1
    assert "does not go back" in out.getvalue()
    out = io.StringIO()
    assert upgrade.upgrade(site, to="99.0.0", runner=fake_runner([]), out=out) == 0
    assert "nothing to upgrade" in out.getvalue()
    out = io.StringIO()
    assert upgrade.upgrade(site, to="latest", runner=fake_runner([]), out=out) == 1
    assert out.getvalue() == f"pubsite upgrade: --to latest: give a version of the form X.Y.Z (such as {RUNNING})\n"


def test_a_folder_outside_git_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    site = write(tmp_path / "site", {"mkdocs.yml": "site_name: Bo\n"})
    out = io.StringIO()
    assert upgrade.upgrade(site, to=RUNNING, out=out) == 1
    assert "is not in a git repository" in out.getvalue() and "git init" in out.getvalue()
    assert tree(site) == {"mkdocs.yml": "site_name: Bo\n"}


def test_settings_that_are_not_yaml_are_refused_before_any_change(tmp_path):
    site = pinned_site(tmp_path, "0.9.0")
    (site / "mkdocs.yml").write_text("site_name: [Bo\n", encoding="utf-8")
    subprocess.run([*GIT, "commit", "-q", "-am", "broken"], cwd=site, check=True)
    before, out = tree(site), io.StringIO()
    assert upgrade.upgrade(site, to=RUNNING, runner=fake_runner([]), out=out) == 1
    assert "mkdocs.yml line 2 is not readable as YAML" in out.getvalue() and "Nothing was changed" in out.getvalue()
    assert tree(site) == before


def pins(requirement: str) -> str:
    return f'[project]\nname = "bo"\ndependencies = ["{requirement}"]\n'


def test_the_sites_version_is_its_pin_or_copied(tmp_path):
    assert upgrade.site_version(write(tmp_path / "a", {"pyproject.toml": pins("pubsite==1.2.3")}))[0] == "1.2.3"
    tagged = write(tmp_path / "b", {"pyproject.toml": pins("pubsite @ git+https://git.example.org/kit@v1.4.0")})
    version, pin = upgrade.site_version(tagged)
    assert version == "1.4.0" and upgrade.source_of(pin, None) == "git+https://git.example.org/kit"
    assert upgrade.site_version(write(tmp_path / "c", {"hooks/pubsite/__init__.py": ""}))[0] == "copied"
    with pytest.raises(upgrade.UpgradeError, match="names no version"):
        upgrade.site_version(write(tmp_path / "d", {"pyproject.toml": pins("pubsite @ file:///opt/kit")}))
    with pytest.raises(upgrade.UpgradeError, match="made by pubsite new"):
        upgrade.site_version(write(tmp_path / "e", {"pyproject.toml": "[project]\n"}))


def test_the_newest_kit_is_asked_where_the_pin_installs_from(tmp_path):
    pip = SimpleNamespace(returncode=0, stderr="", stdout="pubsite (1.3.0)\nAvailable versions: 1.3.0, 1.2.0\n")
    assert upgrade.newest("pypi", lambda command, **_: pip) == "1.3.0"
    tags = SimpleNamespace(returncode=0, stderr="", stdout="".join(
        f"{n:040x}\trefs/tags/{tag}\n" for n, tag in enumerate(
            ["v1.9.0", "v1.10.0", "v1.10.0^{}", "v2.0.0rc1", "nightly", "v1.2.0"])))
    seen = []
    assert upgrade.newest("git+https://git.example.org/kit", lambda c, **_: seen.append(c) or tags) == "1.10.0"
    assert seen == [["git", "ls-remote", "--tags", "https://git.example.org/kit"]]
    wheel = tmp_path / "pubsite-1.4.2-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert upgrade.newest(str(wheel)) == "1.4.2"
    assert upgrade.newest(str(write(tmp_path / "kit", {"kit/pubsite/__init__.py": '__version__ = "1.5.0"\n'}))) == "1.5.0"
    offline = SimpleNamespace(returncode=1, stdout="", stderr="ERROR: No matching distribution found for pubsite")
    with pytest.raises(upgrade.UpgradeError, match="--to X.Y.Z"):
        upgrade.newest("pypi", lambda command, **_: offline)


# ---------------------------------------------------------------- steps of the copied kit's migration

def test_the_copied_python_goes_and_the_owners_modules_are_kept(tmp_path, invented_history):
    invented_history({"hooks/pubsite/plan.py": ["PLAN = 1\n", "PLAN = 2\n"], "hooks/pubsite/model.py": ["M = 1\n"]})
    site = write(tmp_path, {"hooks/pubsite/plan.py": "PLAN = 1\n", "hooks/pubsite/model.py": "M = 1  # mine\n",
                            "hooks/pubsite/extra_widgets.py": "W = 1\n", "hooks/pubsite/__pycache__/plan.pyc": "x",
                            "hooks/my_hook.py": "pass\n"})
    report = copied_kit.python_copy(context(site))
    assert tree(site) == {"hooks/my_hook.py": "pass\n", "upgrade-kept/hooks/pubsite/model.py": "M = 1  # mine\n",
                          "upgrade-kept/hooks/pubsite/extra_widgets.py": "W = 1\n"}
    assert report[0].startswith("hooks/pubsite/: the copied kit's Python (1 files you never changed) removed")
    assert any(line.startswith("hooks/pubsite/model.py: changed by you: moved to upgrade-kept/") for line in report)
    assert any(line.startswith("hooks/pubsite/extra_widgets.py: not a file of the kit") for line in report)


def test_the_hook_becomes_the_thin_one_and_a_changed_hook_is_kept(tmp_path, invented_history):
    invented_history({"hooks/publications_hook.py": ["from pubsite import events\n"]})
    plain = write(tmp_path / "a", {"hooks/publications_hook.py": "from pubsite import events\n"})
    assert "replaced by the thin hook" in copied_kit.hook(context(plain))[0]
    assert tree(plain) == {"hooks/publications_hook.py": site_files.hook_text()}
    changed = write(tmp_path / "b", {"hooks/publications_hook.py": "from pubsite import events\ndef on_x(): ...\n"})
    report = copied_kit.hook(context(changed))
    assert "changed by you: moved to upgrade-kept/hooks/publications_hook.py" in report[0]
    assert tree(changed)["upgrade-kept/hooks/publications_hook.py"].endswith("def on_x(): ...\n")


def test_constraints_go_and_a_changed_gitignore_gains_the_sites_lines(tmp_path, invented_history):
    invented_history({"constraints.txt": ["mkdocs==1.6.1\n"], ".gitignore": ["/site/\n"]})
    site = write(tmp_path, {"constraints.txt": "mkdocs==1.6.1\n", ".gitignore": "/site/\n/drafts/\n"})
    report = copied_kit.tooling(context(site))
    assert not (site / "constraints.txt").exists()
    text = (site / ".gitignore").read_text()
    assert text.startswith("/site/\n/drafts/\n# Added by pubsite upgrade")
    assert "/.venv/" in text and text.count("/site/") == 1
    assert report[1].startswith(".gitignore: changed by you: kept, with")
    kept = write(tmp_path / "b", {"constraints.txt": "mkdocs==1.5.0\n"})
    assert "moved to upgrade-kept/constraints.txt" in copied_kit.tooling(context(kept))[0]


def test_the_old_tests_give_way_to_the_kits_checks(tmp_path, invented_history):
    invented_history({"tests/test_your_site.py": ["def test_builds(): ...\n"]})
    site = write(tmp_path, {"tests/test_your_site.py": "def test_builds(): ...\ndef test_mine(): ...\n"})
    report = copied_kit.site_tests(context(site))
    assert tree(site) == {"tests/test_site.py": site_files.site_tests_text(),
                          "upgrade-kept/tests/test_your_site.py": "def test_builds(): ...\ndef test_mine(): ...\n"}
    assert "changed by you: moved to upgrade-kept/tests/test_your_site.py" in report[0]


def test_workflows_are_replaced_when_unchanged_and_named_when_changed(tmp_path, invented_history):
    old_test = "name: Test\n      - run: pip install -c constraints.txt -e .\n"
    invented_history({".github/workflows/publish.yml": ["name: Publish\n"]},
                     generated={".github/workflows/test.yml": [digest(old_test)]})
    site = write(tmp_path, {".github/workflows/publish.yml": "name: Publish\n",
                            ".github/workflows/test.yml": old_test + "# mine\n"})
    report = copied_kit.workflows(context(site))
    new = site_files.workflow_files()
    files = tree(site)
    assert files[".github/workflows/publish.yml"] == new[".github/workflows/publish.yml"]
    assert files[".github/workflows/test.yml"] == old_test + "# mine\n"
    assert files[".github/dependabot.yml"] == new[".github/dependabot.yml"]
    assert any(line.startswith(".github/workflows/test.yml: changed by you: kept; line 2 install with constraints.txt")
               for line in report)


def test_pyproject_becomes_the_sites_keeping_its_name(tmp_path, invented_history):
    kit_made = ('[project]\nname = "bo-sample-homepage"\ndescription = "Bo Sample\'s homepage and publication list."\n'
                'dependencies = ["mkdocs"]\n[tool.setuptools]\npackage-dir = {"" = "hooks"}\n')
    invented_history({}, generated={"pyproject.toml": [digest(history.normalized_pyproject(kit_made))]})
    site = write(tmp_path / "a", {"pyproject.toml": kit_made.replace("bo-sample-homepage", "bo-pages")})
    report = copied_kit.pyproject(context(site))
    text = (site / "pyproject.toml").read_text()
    assert 'name = "bo-pages"' in text and kit_pin.find_pin(text).version == RUNNING and "package-dir" not in text
    assert "keeps the name bo-pages" in report[0]
    changed = write(tmp_path / "b", {"pyproject.toml": kit_made.replace('["mkdocs"]', '["mkdocs", "mkdocs-rss"]')})
    assert "changed by you: moved to upgrade-kept/pyproject.toml" in copied_kit.pyproject(context(changed))[0]
    assert "mkdocs-rss" in (changed / "upgrade-kept/pyproject.toml").read_text()


def test_the_readme_is_replaced_as_written_or_its_commands_mended(tmp_path, invented_history):
    old = f"# {NAME_MARK}'s homepage\n\n```bash\npython3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt " \
          f"-e \".[test]\" && .venv/bin/mkdocs serve --dirty --no-strict\n```\nAt {URL_MARK}.\n"
    invented_history({}, generated={"README.md": [old]})
    as_written = old.replace(NAME_MARK, "Bo Sample").replace(URL_MARK, "https://bo.example.org/")
    site = write(tmp_path / "a", {"README.md": as_written})
    assert "replaced by a site's README" in copied_kit.readme(context(site))[0]
    assert (site / "README.md").read_text() == site_files.readme_text("Bo Sample", "https://bo.example.org/", RUNNING)
    edited = write(tmp_path / "b", {"README.md": as_written + "\nMy notes: pin versions in constraints.txt.\n"})
    report = copied_kit.readme(context(edited))
    text = (edited / "README.md").read_text()
    assert "-c constraints.txt" not in text and '.venv/bin/pip install ".[test]" && .venv/bin/mkdocs serve' in text
    assert "My notes" in text
    assert report[0].startswith("README.md: changed by you: kept, its old commands (line 4) replaced")
    assert report[1].startswith("README.md: line 8 still name")


def test_templates_unchanged_go_changed_stay_merged_onto_the_kits(tmp_path, invented_history, monkeypatch):
    kit_toc = "<nav>\n  {{ toc }}\n</nav>\n"
    kit_search = "<div>\n  one\n  two\n  three\n  four\n</div>\n"
    invented_history({"overrides/partials/toc.html": [kit_toc], "overrides/partials/search.html": [kit_search]})
    newer = {"partials/search.html": "<div class='new'>\n  one\n  two\n  three\n  four\n</div>\n"}
    monkeypatch.setattr(copied_theme, "kit_theme_text", lambda name: newer.get(name))
    owners = kit_search.replace("  four\n", "  four\n  mine\n")
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "overrides/partials/toc.html": kit_toc,
                            "overrides/partials/search.html": owners, "overrides/partials/footer.html": "mine\n"})
    report = copied_theme.templates(context(site))
    files = tree(site)
    assert "overrides/partials/toc.html" not in files
    assert files["overrides/partials/search.html"] == "<div class='new'>\n  one\n  two\n  three\n  four\n  mine\n</div>\n"
    assert files["overrides/partials/footer.html"] == "mine\n"
    assert report[0].startswith("overrides/: 1 of the kit's templates you never changed removed (partials/toc.html)")
    assert any("overrides/partials/search.html: changed by you" in line and "carried onto kit" in line
               and "+  mine" in line for line in report)
    assert "overrides/partials/footer.html: yours (not a kit file), kept" in report
    assert "custom_dir: overrides" in files["mkdocs.yml"]      # overrides/ still holds the owner's files


def test_an_emptied_overrides_folder_leaves_the_settings(tmp_path, invented_history, monkeypatch):
    invented_history({"overrides/main.html": ["{% extends 'base.html' %}\n"]})
    monkeypatch.setattr(copied_theme, "kit_theme_text", lambda name: None)
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "overrides/main.html": "{% extends 'base.html' %}\n"})
    report = copied_theme.templates(context(site))
    assert not (site / "overrides").exists()
    assert "custom_dir" not in (site / "mkdocs.yml").read_text()
    assert "  name: material\nextra_css:" in (site / "mkdocs.yml").read_text()
    assert report[-1] == "mkdocs.yml: theme.custom_dir removed (overrides/ is empty)"


def test_a_changed_stylesheet_gives_the_owner_a_stylesheet_of_their_own(tmp_path, invented_history):
    kit_css = "/* Lists. */\n.pub { margin: 0; color: gray }\n.pub-title { font-weight: 700 }\n"
    invented_history({"docs/assets/stylesheets/publications.css": [kit_css]})
    owners = "/* Lists. */\n.pub { margin: 0; color: navy }\n\n/* Mine. */\n.bio { font-size: 1.1em }\n"
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "docs/assets/stylesheets/publications.css": owners,
                            "docs/assets/stylesheets/mine.css": ".x { y: z }\n"})
    report = copied_theme.stylesheets(context(site))
    files = tree(site)
    assert "docs/assets/stylesheets/publications.css" not in files
    extra = " ".join(files["docs/assets/stylesheets/extra.css"].split())
    assert ".pub { color: navy; }" in extra and "/* Mine. */ .bio { font-size: 1.1em }" in extra
    assert "- the rule `.pub-title`" in extra                    # what the owner removed, named in a comment
    assert files["docs/assets/stylesheets/mine.css"] == ".x { y: z }\n"
    # In the kit's stylesheet's place, before the owner's own: mine.css still comes last in the cascade.
    assert "extra_css:\n  - assets/stylesheets/extra.css\n  - assets/stylesheets/mine.css   # keep me\n" in files["mkdocs.yml"]
    assert report[0].startswith("docs/assets/stylesheets/publications.css: changed by you")
    assert "moved to docs/assets/stylesheets/extra.css" in report[0] and "changed: `.pub`" in report[0]


def test_a_stylesheet_that_is_not_css_is_kept_aside(tmp_path, invented_history):
    invented_history({"docs/assets/stylesheets/publications.css": [".pub { margin: 0 }\n"]})
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "docs/assets/stylesheets/publications.css": ".pub { margin: 0 } }\n"})
    report = copied_theme.stylesheets(context(site))
    assert "not readable as CSS (line 1:" in report[0]
    assert (site / "upgrade-kept/docs/assets/stylesheets/publications.css").is_file()


def test_scripts_unchanged_go_changed_stay_in_docs(tmp_path, invented_history):
    invented_history({"docs/assets/javascripts/filters.js": ["filter();\n"], "docs/assets/javascripts/email.js": ["m();\n"]})
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "docs/assets/javascripts/filters.js": "filter(); mine();\n",
                            "docs/assets/javascripts/email.js": "m();\n"})
    report = copied_theme.scripts(context(site))
    files = tree(site)
    assert "docs/assets/javascripts/email.js" not in files and "docs/assets/javascripts/filters.js" in files
    assert "extra_javascript" not in files["mkdocs.yml"]
    assert any(line.startswith("docs/assets/javascripts/filters.js: changed by you; stays in docs/") for line in report)


def test_overrides_of_templates_the_new_kit_changed_are_named(tmp_path, invented_history):
    invented_history({}, releases={"1.0.0": {"theme": {"main.html": "a", "partials/toc.html": "b",
                                                       "assets/stylesheets/publications.css": "c"}}})
    site = write(tmp_path, {"mkdocs.yml": "theme:\n  custom_dir: mine\n", "mine/main.html": "x", "mine/partials/toc.html": "y",
                            "mine/own.html": "z", "docs/assets/stylesheets/publications.css": "w"})
    new = {"main.html": "a2", "partials/toc.html": "b", "assets/stylesheets/publications.css": "c2"}
    named = upgrade.changed_overrides(Context(site, "1.0.0", "1.1.0", "pubsite==1.1.0"), new)
    assert [line.split(" ")[0] for line in named] == ["mine/main.html", "docs/assets/stylesheets/publications.css"]
    assert "changed between kit 1.0.0 and 1.1.0" in named[0]
    unknown = upgrade.changed_overrides(Context(site, "0.5.0", "1.1.0", "pubsite==1.1.0"), new)
    assert len(unknown) == 3 and all("cannot be told" in line for line in unknown)


def test_a_kept_file_never_overwrites_one_kept_before(tmp_path):
    site = write(tmp_path, {"constraints.txt": "new\n", "upgrade-kept/constraints.txt": "old\n"})
    assert context(site).keep("constraints.txt") == "upgrade-kept-2/constraints.txt"
    assert tree(site) == {"upgrade-kept/constraints.txt": "old\n", "upgrade-kept-2/constraints.txt": "new\n"}


def test_the_copied_kits_migration_leaves_a_site_made_as_a_package_alone(tmp_path, invented_history):
    invented_history({"constraints.txt": ["mkdocs==1.6.1\n"]}, generated={"pyproject.toml": []})
    pyproject = site_files.site_pyproject("Bo Sample", "pubsite==1.0.0rc1")
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "pyproject.toml": pyproject, "README.md": "# Bo\n",
                            "hooks/publications_hook.py": site_files.hook_text()})
    before = tree(site)
    assert [version for version, _step in steps_between("1.0.0rc1", "1.0.0")] == ["1.0.0"]
    ctx = Context(site=site, from_version="1.0.0rc1", to_version="1.0.0", requirement="pubsite==1.0.0")
    assert copied_kit.migrate(ctx) == [] and ctx.by_hand == [] and ctx.created == []
    assert tree(site) == before


def test_binary_files_are_hashed_not_read_and_text_that_is_not_utf8_is_refused_first(tmp_path, invented_history):
    invented_history({"hooks/pubsite/plan.py": ["PLAN = 1\n"], "docs/assets/javascripts/email.js": ["m();\n"]})
    site = write(tmp_path, {"mkdocs.yml": "site_name: Bo\n", "hooks/pubsite/plan.py": "PLAN = 1\n"})
    (site / "hooks/pubsite/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff\xfe")
    (site / "docs/assets/javascripts").mkdir(parents=True)
    (site / "docs/assets/javascripts/email.js").write_bytes(b"m(); // \xe9t\xe9\n")
    ctx = context(site)
    report = copied_kit.python_copy(ctx)
    assert "hooks/pubsite/.DS_Store: not a file of the kit: moved to upgrade-kept/hooks/pubsite/.DS_Store " \
           "(nothing reads it there)" in report
    assert ctx.by_hand == []                   # not Python of the owner's: nothing of theirs stops running
    assert "stays in docs/" in copied_theme.scripts(ctx)[0]
    (site / "README.md").write_bytes(b"# Bo\n\nCaf\xe9\n")
    with pytest.raises(upgrade.UpgradeError, match=r"^README.md line 3 is not UTF-8 text \(byte 0xe9\): save it as "
                                                   r"UTF-8, commit, and run pubsite upgrade again\. Nothing was "
                                                   r"changed\.$"):
        copied_kit.migrate(ctx)
    with pytest.raises(upgrade.UpgradeError, match=r"^README.md line 3 is not UTF-8 text"):
        ctx.read("README.md")


def test_a_migration_that_cannot_finish_changes_nothing(tmp_path, invented_history):
    invented_history({"hooks/pubsite/plan.py": ["PLAN = 1\n"], "constraints.txt": ["mkdocs==1.6.1\n"]})
    site = write(tmp_path, {"mkdocs.yml": SETTINGS, "hooks/pubsite/plan.py": "PLAN = 1\n",
                            "constraints.txt": "mkdocs==1.6.1\n"})
    (site / "docs/assets/stylesheets").mkdir(parents=True)
    (site / "docs/assets/stylesheets/publications.css").write_bytes(b".pub { content: '\xa7' }\n")
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    with pytest.raises(upgrade.UpgradeError, match="docs/assets/stylesheets/publications.css line 1 is not UTF-8"):
        copied_kit.migrate(context(site))
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before


def test_an_owners_own_readme_command_loses_only_the_constraints_fragment(tmp_path, invented_history):
    old = f"# {NAME_MARK}'s homepage\n\n```bash\npython3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt " \
          f"-e \".[test]\" && .venv/bin/mkdocs serve --dirty --no-strict\n```\nAt {URL_MARK}.\n"
    invented_history({}, generated={"README.md": [old]})
    mine = old.replace(NAME_MARK, "Bo Sample").replace(URL_MARK, "https://bo.example.org/").replace(
        "--no-strict\n", "--no-strict -a 127.0.0.1:8001\n") + "    pip install -c constraints.txt -e .\n"
    site = write(tmp_path, {"README.md": mine})
    ctx = context(site)
    report = copied_kit.readme(ctx)
    text = (site / "README.md").read_text()
    assert text.splitlines()[3] == ('python3.11 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/mkdocs '
                                    "serve --dirty --no-strict -a 127.0.0.1:8001")
    assert text.splitlines()[-1] == "    pip install ."
    assert report == ["README.md: changed by you: kept; in your own commands (line 4, line 7) `-c constraints.txt -e` "
                      "removed from `pip install` (it installs the site and the pinned kit, without constraints.txt)"]
    assert ctx.by_hand == []


def test_what_the_steps_cannot_do_is_collected_for_the_owner(tmp_path, invented_history, monkeypatch):
    kit_css = ".pub { margin: 0 }\n"
    invented_history({"overrides/main.html": ["{% extends 'base.html' %}\n"],
                      "docs/assets/stylesheets/publications.css": [kit_css],
                      "hooks/pubsite/plan.py": ["PLAN = 1\n"], "hooks/publications_hook.py": ["import pubsite\n"]})
    monkeypatch.setattr(copied_theme, "kit_theme_text", lambda name: None)
    flow = ("site_name: Bo\ntheme: {name: material, custom_dir: overrides}\n"
            "extra_css: [assets/stylesheets/publications.css, assets/stylesheets/mine.css]\n")
    site = write(tmp_path, {"mkdocs.yml": flow, "overrides/main.html": "{% extends 'base.html' %}\n",
                            "docs/assets/stylesheets/publications.css": kit_css + ".bio { margin: 1em }\n",
                            "hooks/pubsite/plan.py": "PLAN = 2  # mine\n",
                            "hooks/publications_hook.py": "import pubsite\n"})
    ctx = context(site)
    report = copied_kit.python_copy(ctx) + copied_theme.templates(ctx) + copied_theme.stylesheets(ctx)
    assert ctx.by_hand == [
        "hooks/pubsite/plan.py: changed by you: moved to upgrade-kept/hooks/pubsite/plan.py (the installed kit does not "
        "run it; to keep what it did, make it a hook of your own: the guide, \"How it works\")",
        "mkdocs.yml line 2: remove theme.custom_dir by hand (overrides/ is left empty, and kept while theme.custom_dir "
        "names it: remove the setting, then the folder)",
        "mkdocs.yml line 3: extra_css is not a list written one entry a line; edit it by hand (put "
        "assets/stylesheets/extra.css in extra_css in the place of assets/stylesheets/publications.css: after the "
        "kit's stylesheets, before your own)"]
    assert all(line in report for line in ctx.by_hand)
    assert not any("theme.custom_dir removed" in line for line in report)
    assert (site / "overrides").is_dir()                 # MkDocs refuses a custom_dir that is not there
    assert (site / "mkdocs.yml").read_text() == flow     # nothing half-edited
    assert ".bio" in (site / "docs/assets/stylesheets/extra.css").read_text()


def test_the_head_metadata_lines_of_main_html_follow_the_base_html_the_site_keeps(tmp_path, invented_history,
                                                                                  monkeypatch):
    old_base = "<head>\n  <title>x</title>\n  {% block extrahead %}{% endblock %}\n</head>\n"
    old_main = ("{% extends 'base.html' %}\n{% block extrahead %}\n  {{ super() }}\n  {%- if page_head %}\n"
                "{{ page_head }}\n  {%- endif %}\n{% endblock %}\n")
    new_base = "<head>\n  <title>x</title>\n  {% block extrahead %}\n  {{ page_head }}\n{% endblock %}\n</head>\n"
    new_main = "{% extends 'base.html' %}\n"
    invented_history({"overrides/base.html": [old_base], "overrides/main.html": [old_main]})
    monkeypatch.setattr(copied_theme, "kit_theme_text", {"base.html": new_base, "main.html": new_main}.get)
    owners_base = old_base.replace("  {% block", "  <link rel=\"me\" href=\"https://social.example.org/@bo\">\n  {% block")
    owners_main = old_main.replace("  {{ super() }}\n", "  {{ super() }}\n  <meta name=\"bo\">\n")
    cases = {"both changed": (owners_base, owners_main, owners_main, "its lines printing page_head kept"),
             "base changed": (owners_base, old_main, old_main, "overrides/main.html: the kit's, unchanged, but kept"),
             "main changed": (old_base, owners_main, owners_main.replace("  {%- if page_head %}\n{{ page_head }}\n"
                                                                         "  {%- endif %}\n", ""),
                              "its lines printing page_head removed: the kit's base.html prints")}
    for name, (base, main, main_after, said) in cases.items():
        site = write(tmp_path / name.replace(" ", "-"), {"overrides/base.html": base, "overrides/main.html": main})
        ctx = context(site)
        report = copied_theme.templates(ctx)
        files = tree(site)
        assert files["overrides/main.html"] == main_after, name
        assert any(said in line for line in report), (name, report)
        assert ctx.by_hand == [], name
        assert template_merge.head_printed(files.get("overrides/base.html", new_base), main_after), name
    # The owner's main.html carried onto a kit main.html without the page_head lines, their base.html
    # kept without them: nothing prints the head any more, which is said, for the owner to mend.
    kit_main = old_main.replace("  {%- if page_head %}\n{{ page_head }}\n  {%- endif %}\n", "")
    monkeypatch.setattr(copied_theme, "kit_theme_text", {"base.html": new_base, "main.html": kit_main}.get)
    site = write(tmp_path / "lost", {"overrides/base.html": owners_base,
                                     "overrides/main.html": old_main + "{% block footer %}Bo{% endblock %}\n"})
    ctx = context(site)
    report = copied_theme.templates(ctx)
    assert tree(site)["overrides/main.html"] == kit_main + "{% block footer %}Bo{% endblock %}\n"
    assert any("your change carried onto kit" in line for line in report)
    assert ctx.by_hand == ["overrides/: neither overrides/base.html nor main.html (yours or the kit's) prints the "
                           "page's head metadata (page_head: OpenGraph and Twitter cards, Google Scholar tags, JSON-LD) "
                           "any more: print it in the extrahead block of your overrides/base.html, as the kit's "
                           "base.html does (pubsite/mkdocs_adapter/theme/base.html in the installed kit)"]


# ---------------------------------------------------------------- helpers

def test_css_changes_keep_additions_changes_and_comments_and_name_removals():
    kit = "/* k */\n.a { color: red; margin: 0 }\n@media print { .b { x: y } .c { z: w } }\n@font-face { src: url(a) }\n"
    owner = ("/* k */\n.a { color: blue }\n/* mine */\n.n { q: r }\n@media print { .b { x: y; t: u } }\n"
             "@font-face { src: url(b) }\n@import url(q.css);\n")
    changes = css_changes.owner_changes(kit, owner)
    assert changes.rules == ["@import url(q.css);", ".a {\n  color: blue;\n}", "/* mine */\n.n { q: r }",
                             "@media print {\n  .b {\n    t: u;\n  }\n}", "@font-face { src: url(b) }"]
    assert changes.removed == ["margin of `.a` (the kit's: 0)", "the rule `.c` (in `@media print`)"]
    assert changes.changed[0] == "`.a` (line 2): color: blue (the kit's: red)"
    assert css_changes.owner_changes(kit, kit.replace("; ", ";\n    ")).empty
    with pytest.raises(css_changes.CssUnreadable, match="line 1"):
        css_changes.owner_changes(kit, ".a { color: red } }")


def test_settings_edits_keep_every_other_line():
    text, removed = settings_text.edit_list(SETTINGS, "extra_css", {"assets/stylesheets/publications.css"},
                                            ["assets/stylesheets/extra.css"])
    assert removed == ["assets/stylesheets/publications.css"]
    assert text == SETTINGS.replace("  - assets/stylesheets/publications.css\n", "  - assets/stylesheets/extra.css\n")
    text, _ = settings_text.edit_list(SETTINGS, "extra_javascript", {"assets/javascripts/filters.js"})
    assert "extra_javascript" not in text and "defer" not in text
    assert text.splitlines() == [line for line in SETTINGS.splitlines() if "javascript" not in line and "defer" not in line]
    text = settings_text.remove_setting(SETTINGS, "theme", "custom_dir")
    assert "custom_dir" not in text and "# Bo's settings." in text and "!!python/name:" in text
    added, _ = settings_text.edit_list("site_name: Bo\n", "extra_css", (), ["assets/x.css"])
    assert added == "site_name: Bo\n\nextra_css:\n  - assets/x.css\n"
    with pytest.raises(settings_text.SettingsEditError, match="line 2: extra_css .* by hand"):
        settings_text.edit_list("site_name: Bo\nextra_css: [a.css, b.css]\n", "extra_css", {"a.css"})
    # The new entry takes the place of the first removed, after the entries before it, before the rest.
    listed = "extra_css:\n  - a.css\n  # the kit's\n  - k1.css\n  - b.css\n  - k2.css  # also\n  - c.css\n"
    text, removed = settings_text.edit_list(listed, "extra_css", {"k1.css", "k2.css"}, ["moved.css"])
    assert removed == ["k1.css", "k2.css"]
    assert text == "extra_css:\n  - a.css\n  # the kit's\n  - moved.css\n  - b.css\n  - c.css\n"
    text, _ = settings_text.edit_list("extra_css:\n  - a.css\n  - k1.css", "extra_css", {"k1.css"}, ["moved.css"])
    assert text == "extra_css:\n  - a.css\n  - moved.css\n"


def test_template_merges_apply_both_changes_or_none():
    base = "a\nb\nc\nd\ne\nf\n"
    assert template_merge.merge(base, "a\nB\nc\nd\ne\nf\n", "a\nb\nc\nd\ne\nF\n") == "a\nB\nc\nd\ne\nF\n"
    assert template_merge.merge(base, "a\nB\nc\nd\ne\nf\n", "a\nb2\nc\nd\ne\nf\n") is None
    main = ("{% block extrahead %}\n  {{ super() }}\n  <meta name=x>\n  {%- if page_head %}\n{{ page_head }}\n"
            "  {%- endif %}\n{% endblock %}\n")
    assert template_merge.without_second_head(main) == "{% block extrahead %}\n  {{ super() }}\n  <meta name=x>\n{% endblock %}\n"
    alone = main.replace("  {{ super() }}\n", "")
    assert template_merge.without_second_head(alone) == alone
    assert template_merge.prints_head(main) and not template_merge.prints_head("{% block extrahead %}{% endblock %}")
    base_prints = "{% block extrahead %}{{ page_head }}{% endblock %}"
    assert template_merge.head_printed(base_prints, "{% extends 'base.html' %}")
    assert not template_merge.head_printed(base_prints, "{% block extrahead %}<meta name=x>{% endblock %}")
    assert template_merge.head_printed("{% block extrahead %}{% endblock %}", main)
    assert not template_merge.head_printed("{% block extrahead %}{% endblock %}", "{% extends 'base.html' %}")


CHANGELOG = """# Changelog

## [Unreleased]
- Work in progress.

## [2.0.0] - 2027-06-01
### Changed
- Two.

## [1.1.0] - 2027-02-01
- One point one.

## [1.0.0] - 2026-12-07
- One.

## Before 1.0.0
Copied kits.

[2.0.0]: https://example.org/compare/v1.1.0...v2.0.0
"""


def test_the_changelog_is_read_by_sections_between_two_versions():
    sections = changelog.parse(CHANGELOG)
    assert [(s.version, s.date) for s in sections] == [("Unreleased", None), ("2.0.0", "2027-06-01"),
                                                         ("1.1.0", "2027-02-01"), ("1.0.0", "2026-12-07")]
    assert sections[3].body == "- One."
    assert [s.version for s in changelog.between(sections, "1.0.0", "2.0.0")] == ["2.0.0", "1.1.0"]
    assert [s.version for s in changelog.between(sections, "copied", "1.1.0")] == ["1.1.0", "1.0.0"]
    assert changelog.changes_text(CHANGELOG, "1.1.0", "2.0.0") == "## [2.0.0] - 2027-06-01\n### Changed\n- Two."


def test_the_recorded_history_holds_this_versions_theme():
    """kit_history.json must be rewritten (kit/tools/kit_history.py) whenever the theme changes."""
    history.load.cache_clear()
    assert history.release_theme(RUNNING) == upgrade.installed_theme(), \
        "kit_history.json is not current: run .venv/bin/python kit/tools/kit_history.py"
    assert history.copied_paths() and all(history.copied_digests(path) for path in history.copied_paths())


def test_the_history_tool_records_every_copied_version_from_git(tmp_path):
    spec = importlib.util.spec_from_file_location("kit_history_tool", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    new_site = ('import re\nTEST_WORKFLOW = "name: Test\\n"\n'
                'def readme(name, site_url):\n    return f"# {name}\'s homepage at {site_url}\\n"\n'
                'def package_config(template, name):\n    return re.sub(r"^name = .*$", "name = \\"x\\"", template, flags=re.M)\n')
    repo = write(tmp_path, {"README.md": "before the kit\n"})
    commits = [{"hooks/pubsite/new_site.py": new_site, "pyproject.toml": 'name = "kit"\ndescription = "d"\n',
                "docs/assets/stylesheets/publications.css": ".a { b: c }\n", "hooks/pubsite/plan.py": "P = 1\n"},
               {"docs/assets/stylesheets/publications.css": ".a { b: d }\n"},
               {"docs/assets/stylesheets/publications.css": ".a { b: e }\n"}]
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    for number, files in enumerate(commits):
        write(repo, files)
        if number == 2:
            (repo / "hooks/pubsite/new_site.py").unlink()      # the kit moved away: not a copied kit any more
        subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*GIT, "commit", "-q", "-m", f"c{number}"], cwd=repo, check=True)
    copied = tool.collect_copied(repo)
    assert copied["range"]["commits"] == 2
    assert copied["files"]["docs/assets/stylesheets/publications.css"] == sorted(
        {digest(".a { b: c }\n"), digest(".a { b: d }\n")})
    assert copied["files"]["hooks/pubsite/plan.py"] == [digest("P = 1\n")]
    assert copied["generated"]["README.md"] == [f"# {NAME_MARK}'s homepage at {URL_MARK}\n"]
    assert copied["generated"][".github/workflows/test.yml"] == [digest("name: Test\n")]
    assert copied["generated"]["pyproject.toml"] == [digest('name = ""\ndescription = ""\n')]
    texts = history.unpack_texts(copied["texts"])["docs/assets/stylesheets/publications.css"]
    assert [version["text"] for version in texts] == [".a { b: c }\n", ".a { b: d }\n"]
    assert json.loads(tool.text_of({"copied": copied, "releases": {}}))["copied"] == copied
