"""The files a site takes from the kit once, when it is made, as text: ``pubsite new`` writes them and
``pubsite upgrade`` compares a site's own with them.

They are package data in ``site_template/`` (read through ``importlib.resources``, so they are found
in an installed wheel as in a checkout): the settings template ``mkdocs.yml``, the hook of three lines,
the site's tests (one import of ``pubsite.testing.site_checks``), ``.gitignore``, the two workflows and
Dependabot's settings. A site's dotfiles and Python files are stored under other names there
(``gitignore.txt``, ``github/``, ``*.py.txt``): a package's data may hold neither (setuptools skips
hidden files; a ``.py`` file would become a module of the kit).

Everything here is the same for every site but ``pyproject.toml`` (its name and the kit's pin) and
the README (its owner, address and the guide's link at the pinned version).
"""

from __future__ import annotations

import html
import re
from importlib import resources

from pubsite.commands import kit_pin

# The site's path -> the template's path inside site_template/.
_TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    ".gitignore": "gitignore.txt",
    "hooks/publications_hook.py": "hooks/publications_hook.py.txt",
    "tests/test_site.py": "tests/test_site.py.txt",
    ".github/workflows/test.yml": "github/workflows/test.yml",
    ".github/workflows/publish.yml": "github/workflows/publish.yml",
    ".github/dependabot.yml": "github/dependabot.yml",
}
WORKFLOW_PATHS = (".github/workflows/test.yml", ".github/workflows/publish.yml", ".github/dependabot.yml")


def template_text(site_path: str) -> str:
    """The kit's text of the site's file ``site_path`` (one of the keys of ``_TEMPLATES``)."""
    folder = resources.files(__package__).joinpath("site_template")
    node = folder
    for part in _TEMPLATES[site_path].split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def settings_template() -> str:
    """The template of a site's ``mkdocs.yml``: the kit's settings, with placeholder owner lines
    (marked ``# owner``) that ``pubsite new`` fills in."""
    return template_text("mkdocs.yml")


def hook_text() -> str:
    """``hooks/publications_hook.py``: MkDocs' events handed to the installed kit."""
    return template_text("hooks/publications_hook.py")


def site_tests_text() -> str:
    """``tests/test_site.py``: the kit's generic checks of a site, imported."""
    return template_text("tests/test_site.py")


def gitignore_text() -> str:
    return template_text(".gitignore")


def workflow_files() -> dict[str, str]:
    """The site's path -> text of its test and publish workflows and its Dependabot settings."""
    return {path: template_text(path) for path in WORKFLOW_PATHS}


def slug(name: str) -> str:
    """``Ada Example`` -> ``ada-example`` (the site's distribution name is ``<slug>-homepage``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "researcher"


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escaping of these characters is TOML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def site_pyproject(name: str, requirement: str) -> str:
    """The site's ``pyproject.toml``: nothing of it is a package; it depends on the kit through
    ``requirement`` (a PEP 508 line such as ``pubsite==1.2.0``, from ``kit_pin.requirement``), and on
    the kit's test extras for its tests."""
    test_requirement = kit_pin.with_extras(requirement, "test")   # PinError (a ValueError): not the kit's
    one_line = " ".join(name.split())    # a TOML comment ends at the line's end
    return f"""# {one_line}'s homepage: its settings (mkdocs.yml), pages (docs/) and data (data/) are made into a
# site by the publications kit, pubsite, installed (not copied) at the version pinned below.
[project]
name = {_toml_string(slug(name) + "-homepage")}
version = "1.0.0"
description = {_toml_string(f"{name}'s homepage and publication list.")}
requires-python = ">=3.11"
dependencies = [
    {_toml_string(requirement)},  # the kit; `pubsite upgrade` moves this pin (Dependabot proposes it)
]

[project.optional-dependencies]
test = [
    {_toml_string(test_requirement)},  # the kit with what the site's tests need
]

[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[tool.setuptools]
packages = []   # nothing of the site is a Python package: `pip install .` installs the kit alone

[tool.pytest.ini_options]
testpaths = ["tests"]
"""


_GUIDE_LINE = re.compile(rf"^the version this site pins \(`{kit_pin.DISTRIBUTION}` (?P<version>[^)`\s]+)\): [^\r\n]*$",
                         re.MULTILINE)


def guide_line(version: str, repository: str | None = None) -> str:
    """The README's line naming the kit's guide at ``version`` (in ``repository``, the one the site's
    git pin names; None: the kit's metadata's), as ``readme_text`` writes it."""
    guide = kit_pin.guide_link(version, repository)
    guide_ref = f"<{guide}>" if guide.startswith(("http://", "https://")) else guide
    return f"the version this site pins (`{kit_pin.DISTRIBUTION}` {version}): {guide_ref}"


def moved_guide_line(readme: str, versions: set[str], version: str,
                     repository: str | None = None) -> tuple[str, int | None]:
    """``readme`` with its line naming the guide at one of ``versions`` (as ``readme_text`` wrote it)
    naming the guide at ``version`` instead, and that line's number; (``readme``, None) when it has no
    such line or it says so already."""
    new_line = guide_line(version, repository)
    for match in _GUIDE_LINE.finditer(readme):
        if match.group("version") in versions and match.group(0) != new_line:
            number = readme.count("\n", 0, match.start()) + 1
            return readme[:match.start()] + new_line + readme[match.end():], number
    return readme, None


def readme_text(name: str, site_url: str, version: str, repository: str | None = None) -> str:
    """The site's ``README.md``: the two commands, what each folder holds, and where the kit and its
    guide (at ``version``, the pinned one, in ``repository``: see ``guide_line``) are. The owner's
    name is escaped (it lands in Markdown, which passes HTML through)."""
    setup = 'python3.11 -m venv .venv && .venv/bin/pip install ".[test]"'
    return f"""# {html.escape(name, quote=False)}'s homepage

```bash
# set up and serve the site at http://127.0.0.1:8000/ (it rebuilds as you edit)
{setup} && .venv/bin/mkdocs serve --dirty --no-strict

# set up and run the tests (Java for the HTML checker: apt-get install default-jre-headless)
{setup} && .venv/bin/python -m pytest
```

Made with `pubsite new` from the publications kit, `pubsite` (MkDocs, Material for MkDocs and a hook
that generates the paper lists and one page per paper from `data/publications.yml`).

How to write each file, import papers, fill in the CV, publish and upgrade: the kit's guide, as of
{guide_line(version, repository)}

## What is where

- **Pages** are Markdown in `docs/`: `docs/index.md` is the home page; `docs/publications/*.md` hold
  the lists (a comment such as `<!-- publications: journal -->` says where a list goes);
  `docs/assets/images/` holds the favicon and the social card.
- **Papers** are `data/publications.yml`, one entry each (id, section, title, authors, venue, year,
  and optional month, summary, links, honours, `selected: true` for the home page). The build checks
  the file and names the line of any mistake; editors with the YAML extension (VS Code: "YAML" by
  Red Hat) complete and check fields as you type, from `data/publications.schema.json`.
- **CV**: `data/cv.yml` (education, positions, awards, talks, ...; see the guide, "The CV"); the build
  makes the CV page and `assets/cv.pdf` from it and your papers.
- **More papers from BibTeX**: `.venv/bin/pubsite import refs.bib` (Google Scholar, DBLP, Zotero,
  al-folio); it reports what it added, matched, skipped and did not keep.
- **Settings**: `mkdocs.yml` (`site_url`, now {site_url}, must be the site's final address;
  `extra:` holds your email, affiliation and profiles).
- **The hook** `hooks/publications_hook.py` hands MkDocs' events to the kit; **the tests**
  `tests/test_site.py` run the kit's checks of a site: it builds, every paper has its page, every
  link leads somewhere, the HTML is valid. Add tests of your own there.
- **Your own templates and styles**: an `overrides/` folder (`custom_dir: overrides` under `theme:`)
  wins over the kit's templates, and stylesheets of yours (`extra_css`) load after the kit's; they
  stay yours when the kit is upgraded.

## The kit: installed, pinned, upgraded

The kit is installed into `.venv` by the commands above, not copied into this folder: its templates,
stylesheets and scripts reach the build from the installed package. `pyproject.toml` pins its
version (`{kit_pin.DISTRIBUTION}` under `dependencies`), so the site builds the same until you move
the pin:

- `.venv/bin/pubsite upgrade` moves the pin to the newest kit (or `--to X.Y.Z`), runs the steps
  between the two versions, builds the site and runs its tests, and prints what changed;
- Dependabot (`.github/dependabot.yml`) proposes each new kit as a pull request, which the Test
  workflow builds and tests before you merge it.

## Publishing

Push to GitHub: `.github/workflows/publish.yml` builds the site and deploys it to GitHub Pages
(Settings → Pages → Deploy from a branch: `gh-pages`); `.github/workflows/test.yml` runs the tests
on every push and pull request.
"""
