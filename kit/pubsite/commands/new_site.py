"""``pubsite new``: a researcher's own site in one step, from this kit, with nothing of its first user.

    pubsite new ../ada-site --name "Ada Example" --site-url https://ada.github.io/ \\
        [--bib papers.bib ...] [--email ada@example.org] [--affiliation "Example University"] \\
        [--github URL] [--scholar URL] [--orcid URL] [--linkedin URL] [--x URL] [--name-form "A. Example"]

makes a new folder holding the kit (``hooks/``, ``overrides/``, its stylesheets and script, the
package and its pinned versions, the publishing workflow) and starter content for the owner: a home
page with their name, profiles and selected papers, one page per kind of work (the kinds the
bibliography holds, or every kind the schema knows), an initials favicon and a social card
(``social_card``), ``mkdocs.yml`` with their
name and address, ``data/publications.yml`` with their name (and the bibliography imported by
``pubsite import``), a README, and the generic tests of ``tests/test_your_site.py`` with a workflow
that runs them. The kit's ``mkdocs.yml`` is the template: only its lines about the owner change.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pubsite.importers import import_bibtex
from pubsite.importers.import_bibtex import ImportFailed, read_bibtex
from pubsite.data.model import SECTIONS
from pubsite.data.schema import MODELINE, SCHEMA_FILE, schema_text
from pubsite.render.social_card import social_card_png
from pubsite.plan.section_pages import section_page_path, section_page_text

KIT_ROOT = Path(__file__).resolve().parents[3]
# What a new site takes from the kit as it is (the kit's code, styles and tooling).
KIT_FILES = ("hooks", "overrides", "constraints.txt", ".gitignore", ".github/workflows/publish.yml",
             "docs/assets/stylesheets", "docs/assets/javascripts", "tests/test_your_site.py")
PROFILES = {  # option -> (Material icon, label)
    "github": ("fontawesome/brands/github", "GitHub"),
    "scholar": ("fontawesome/brands/google-scholar", "Google Scholar"),
    "orcid": ("fontawesome/brands/orcid", "ORCID"),
    "linkedin": ("fontawesome/brands/linkedin", "LinkedIn"),
    "x": ("fontawesome/brands/x-twitter", "X"),
}
SOCIAL_CARD = "assets/images/social-card.png"
DESCRIPTION = ("Make a new site for a researcher from this kit: the kit's code, starter pages with the "
               "owner's name and profiles, and optionally their bibliography imported.")


class NewSiteError(Exception):
    """The site cannot be made; nothing was written (or the message says what was)."""


def _yaml_text(value: str) -> str:
    """A YAML scalar in double quotes (JSON's escaping is YAML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def initials(name: str) -> str:
    words = [word for word in name.strip("{} ").split() if word[:1].isalpha()]  # "García-López": G
    letters = (words[0][0] + words[-1][0]) if len(words) > 1 else (words[0][:2] if words else "?")
    return letters.upper()


def favicon_svg(name: str) -> str:
    """The owner's initials on the theme's indigo, as the kit's own favicon is made."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">\n'
            '  <rect width="64" height="64" rx="14" fill="#3f51b5"/>\n'
            '  <text x="32" y="42" font-family="Georgia, \'Times New Roman\', serif" font-size="28" '
            f'font-weight="bold" fill="#ffffff" text-anchor="middle">{html.escape(initials(name))}</text>\n'
            '</svg>\n')


def site_config(template: str, *, name: str, site_url: str, pages: list[str], email: str | None,
                affiliations: list[str], profiles: dict[str, str], social_image: str | None = None) -> str:
    """The kit's ``mkdocs.yml`` with the owner's lines, navigation and ``extra:`` replaced."""
    text = template
    owner_lines = {
        "site_name": _yaml_text(name),
        "site_url": site_url,
        "site_description": _yaml_text(f"{name}: research, publications and talks."),
        "site_author": _yaml_text(name),
        "copyright": _yaml_text(f"Copyright &copy; {name}"),
    }
    for key, value in owner_lines.items():
        text, found = re.subn(rf"^{key}:.*(?:\n[ \t]+.*)*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
        if not found:
            raise NewSiteError(f"the kit's mkdocs.yml has no '{key}:' line to fill in")
    text = re.sub(r"^# Site settings\..*$", "# Site settings of this site (made by `pubsite new`).", text,
                  count=1, flags=re.MULTILINE)
    nav = ("nav:\n  - Home: index.md\n  - Publications:\n" + "".join(f"      - {page}\n" for page in pages)
           + "  - CV: cv.md\n  - Co-authors: coauthors/index.md\n")
    text = _replace_block(text, "nav", nav)
    extra = ["extra:", "  publications_year_headings: true  # a heading before each year of a list"]
    if email:
        extra.append(f"  email: {_yaml_text(email)}                # shown on pages with <!-- email -->")
    if affiliations:
        extra.append(f"  affiliation: [{', '.join(_yaml_text(item) for item in affiliations)}]   # for search engines")
    if social_image:
        extra.append(f"  social_image: {social_image}   # shown when a page is shared (1200 x 630)")
    if profiles:
        extra.append("  social:                        # icons in the footer; their links are your profiles")
        for option, url in profiles.items():
            icon, label = PROFILES[option]
            extra += [f"    - icon: {icon}", f"      link: {_yaml_text(url)}", f"      name: {label}"]
    text = _replace_block(text, "extra", "\n".join(extra) + "\n")
    text = re.sub(r"[ \t]+# owner[^\n]*", "", text)
    return text


def _replace_block(text: str, key: str, replacement: str) -> str:
    """Replace the top-level ``key:`` and the indented lines under it (blank lines end it)."""
    pattern = re.compile(rf"^{key}:[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.MULTILINE)
    if not pattern.search(text):
        raise NewSiteError(f"the kit's mkdocs.yml has no '{key}:' block to replace")
    return pattern.sub(lambda _: replacement, text, count=1)


def home_page(name: str, email: str | None, affiliations: list[str], profiles: dict[str, str],
              pages: list[str]) -> str:
    lines = ["---", f"description: {_yaml_text(name + ': research, publications and talks.')}", "hide:",
             "  - toc", "---", "", f"# {name}", ""]
    if affiliations:
        lines += [", ".join(affiliations), ""]
    contact = []
    if email:
        contact.append(':material-email-outline:{ title="Email" } <!-- email -->')
    links = [f':{PROFILES[option][0].replace("/", "-")}:{{ title="{PROFILES[option][1]}" }} '
             f"[{PROFILES[option][1]}]({url})" for option, url in profiles.items()]
    if links:
        contact.append(" ·\n".join(links))
    contact.append(':material-file-account-outline:{ title="CV" } [CV](cv.md) ([PDF](assets/cv.pdf))')
    for item in contact:
        lines += [item, ""]
    lines += ["Write a few sentences about yourself and your research here (this page is "
              "`docs/index.md`, in Markdown).", "", "## Selected papers", "",
              "<!-- publications: selected -->", "",
              "Mark a paper `selected: true` in `data/publications.yml` to list it here. All papers: " +
              " · ".join(f"[{SECTIONS[_section_of(page)].lower()}]({page})" for page in pages) + ".", ""]
    return "\n".join(lines)


CV_PAGE = """# Curriculum vitae

<!-- cv -->
"""


def cv_starter(name: str) -> str:
    """A CV with its usual sections, empty (an empty section is left out of the CV), and an example."""
    return f"""# {name}'s CV: the CV page (docs/cv.md) and the PDF CV are made from this file and
# data/publications.yml. How to fill it in: README.md, "The CV". Empty sections are left out.
sections:
  - id: education
    title: Education
    entries: []
    # entries:
    #   - title: PhD in Computer Science
    #     where: University of Somewhere
    #     start: 2019-09             # a year (2019) or a year and a month ("2019-09")
    #     end: present
    #     details: "Advisor: Ada Example."
  - id: positions
    title: Positions
    entries: []
  - id: awards
    title: Awards and fellowships
    entries: []
  - id: talks
    title: Invited talks
    entries: []
  - id: publications
    title: Publications
    publications:
      group_by: kind                 # or year, or none; select: selected; since: 2020
pdf:
  file: assets/cv.pdf
"""


def _section_of(page: str) -> str:
    return Path(page).stem


def readme(name: str, site_url: str) -> str:
    return f"""# {name}'s homepage

```bash
# set up and serve the site at http://127.0.0.1:8000/ (it rebuilds as you edit)
python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e ".[test]" && .venv/bin/mkdocs serve --dirty --no-strict

# set up and run the tests (Java for the HTML checker: apt-get install default-jre-headless)
python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e ".[test]" && .venv/bin/python -m pytest
```

Made with `pubsite new` from the publications kit (MkDocs, Material for MkDocs and a hook that
generates the paper lists and one page per paper from `data/publications.yml`).

- **Pages** are Markdown in `docs/`: `docs/index.md` is the home page; `docs/publications/*.md` hold
  the lists (a comment such as `<!-- publications: journal -->` says where a list goes).
- **Papers** are `data/publications.yml`, one entry each (id, section, title, authors, venue, year,
  and optional month, summary, links, honours, `selected: true` for the home page). The build checks
  the file and names the line of any mistake; editors with the YAML extension (VS Code: "YAML" by
  Red Hat) complete and check fields as you type, from `data/publications.schema.json`.
- **CV**: `data/cv.yml` (education, positions, awards, talks, ...; see the kit's README, "The CV");
  the build makes the CV page and `assets/cv.pdf` from it and your papers.
- **More papers from BibTeX**: `.venv/bin/pubsite import refs.bib` (Google Scholar, DBLP, Zotero,
  al-folio); it reports what it added, matched, skipped and did not keep.
- **Settings**: `mkdocs.yml` (`site_url`, now {site_url}, must be the site's final address;
  `extra:` holds your email, affiliation and profiles).
- **Publishing**: push to GitHub; `.github/workflows/publish.yml` builds and deploys to GitHub Pages
  (Settings → Pages → Deploy from a branch: `gh-pages`). The tests (`tests/test_your_site.py`) check
  that the site builds, every paper has its page, every link leads somewhere and the HTML is valid.
"""


TEST_WORKFLOW = """# Run the site's tests on every push and pull request.
name: Test

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    env:
      CI: "true"
      NO_MKDOCS_2_WARNING: "1"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # Java for the HTML checker; Noto fonts for the CV's letters Typst's own fonts lack (CJK, emoji, ...)
      - run: >-
          sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless
          fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
      - run: python -m venv .venv && .venv/bin/pip install -c constraints.txt -e ".[test]" && .venv/bin/python -m pytest
"""


def package_config(template: str, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "researcher"
    text = re.sub(r'^name = ".*"$', f'name = "{slug}-homepage"', template, count=1, flags=re.MULTILINE)
    text = re.sub(r'^description = ".*"$', f'description = "{name}\'s homepage and publication list."', text,
                  count=1, flags=re.MULTILINE)
    return re.sub(r'^testpaths = .*$', 'testpaths = ["tests"]', text, count=1, flags=re.MULTILINE)


def sections_of(bib_files: list[str]) -> list[str]:
    """The sections the bibliographies' entries go to, in the schema's order (``ImportFailed`` for a
    file that cannot be read at all)."""
    found = set()
    for name in bib_files:
        for item in read_bibtex(Path(name), name):
            if not item.skip_reason and not item.volume_of:
                found.add(item.fields["section"])
    return [section for section in SECTIONS if section in found]


def readable_bibliographies(bib_files: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The sections of the bibliographies that can be read, those bibliographies, and why each
    other cannot be (a file missing, too large, not in its encoding): the site is made without them."""
    sections: set[str] = set()
    readable, problems = [], []
    for name in bib_files:
        try:
            sections.update(sections_of([name]))
        except ImportFailed as error:
            problems.append(str(error))
            continue
        readable.append(name)
    return [section for section in SECTIONS if section in sections], readable, problems


def make_site(destination: Path, *, name: str, site_url: str, bib_files: list[str] = (), email: str | None = None,
              affiliations: list[str] = (), profiles: dict[str, str] | None = None,
              name_forms: list[str] = (), out=None) -> int:
    """Write the new site into ``destination`` (which must not exist or be empty); returns the status
    of the import (0 without a bibliography; 1 when an entry was skipped or a bibliography could not
    be read at all: the site is made all the same, without those papers)."""
    out = out or sys.stdout
    profiles = profiles or {}
    if destination.exists() and any(destination.iterdir()):
        raise NewSiteError(f"{destination} exists and is not empty: give a new folder")
    if not site_url.startswith(("http://", "https://")):
        raise NewSiteError(f"--site-url {site_url!r}: give the site's final address, such as https://ada.github.io/")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    missing = [part for part in (*KIT_FILES, "mkdocs.yml", "pyproject.toml") if not (KIT_ROOT / part).exists()]
    if missing:
        raise NewSiteError(f"the kit at {KIT_ROOT} lacks {', '.join(missing)} (run pubsite from a checkout of it)")
    # A bibliography that cannot be read costs only its own papers: the site is made without them.
    sections, readable, unreadable = readable_bibliographies(list(bib_files)) if bib_files else (list(SECTIONS), [], [])
    sections = sections or ["conference"]
    pages = [section_page_path(section) for section in sections]

    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for part in KIT_FILES:
        source, target = KIT_ROOT / part, destination / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    write = _writer(destination)
    card = social_card_png(name, initials(name), " · ".join([*affiliations, urlsplit(site_url).netloc]))
    if card is not None:
        (destination / "docs" / SOCIAL_CARD).parent.mkdir(parents=True, exist_ok=True)
        (destination / "docs" / SOCIAL_CARD).write_bytes(card)
    else:
        print(f"No social card: no font here has every letter of {name!r}. Add a 1200 x 630 picture as "
              f"docs/{SOCIAL_CARD} and 'social_image: {SOCIAL_CARD}' under 'extra:' in mkdocs.yml.", file=out)
    write("mkdocs.yml", site_config((KIT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), name=name,
                                    site_url=site_url, pages=pages, email=email, affiliations=list(affiliations),
                                    profiles=profiles, social_image=SOCIAL_CARD if card else None))
    write("pyproject.toml", package_config((KIT_ROOT / "pyproject.toml").read_text(encoding="utf-8"), name))
    write("README.md", readme(name, site_url))
    write(".github/workflows/test.yml", TEST_WORKFLOW)
    write("docs/index.md", home_page(name, email, list(affiliations), profiles, pages))
    write("docs/assets/images/favicon.svg", favicon_svg(name))
    for section, page in zip(sections, pages):
        write(f"docs/{page}", section_page_text(section))
    forms = f"\n  name_forms: [{', '.join(_yaml_text(form) for form in name_forms)}]" if name_forms else ""
    write("data/publications.yml", f"{MODELINE}\n# {name}'s publications: one entry per paper (see README.md).\n"
                                   f"owner:\n  name: {_yaml_text(name)}{forms}\npapers: []\n")
    write(SCHEMA_FILE, schema_text())
    write("data/cv.yml", cv_starter(name))
    write("docs/cv.md", CV_PAGE)
    print(f"Made {destination}: {', '.join(['docs/index.md', *('docs/' + page for page in pages)])}, "
          "mkdocs.yml, data/publications.yml, README.md and the kit.", file=out)
    status = 0
    if readable:
        status = import_bibtex.run(readable, str(destination / "data/publications.yml"), out=out)
    for problem in unreadable:
        print(f"error: {problem}; the site is made without the papers of that file: fix it and run "
              "pubsite import with it in the new site", file=sys.stderr)
    status = 1 if unreadable else status
    print(f"Next: cd {destination} and run the first command of its README.md.", file=out)
    return status


def _writer(root: Path):
    def write(path: str, text: str) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="the new site's folder (new, or empty)")
    parser.add_argument("--name", required=True, help="your name as it should appear, e.g. 'Ada Example'")
    parser.add_argument("--site-url", required=True, help="the site's final address, e.g. https://ada.github.io/")
    parser.add_argument("--bib", action="extend", nargs="+", default=[], metavar="FILE.bib",
                        help="bibliographies to import (one or more)")
    parser.add_argument("--email", help="your email address (shown in the browser only)")
    parser.add_argument("--affiliation", action="append", default=[], help="where you work (repeatable)")
    parser.add_argument("--name-form", action="append", default=[], dest="name_forms",
                        help="another spelling of your name in author lists, e.g. 'A. Example' (repeatable)")
    for option, (_, label) in PROFILES.items():
        parser.add_argument(f"--{option}", metavar="URL", help=f"your {label} profile")


def run_arguments(arguments: argparse.Namespace) -> int:
    profiles = {option: getattr(arguments, option) for option in PROFILES if getattr(arguments, option)}
    try:
        return make_site(arguments.folder, name=arguments.name, site_url=arguments.site_url,
                         bib_files=arguments.bib, email=arguments.email, affiliations=arguments.affiliation,
                         profiles=profiles, name_forms=arguments.name_forms)
    except NewSiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
