"""``pubsite new``: a researcher's own site in one step, from the installed kit alone.

    pubsite new ../ada-site --name "Ada Example" --site-url https://ada.github.io/ \\
        [--bib papers.bib ...] [--email ada@example.org] [--affiliation "Example University"] \\
        [--github URL] [--scholar URL] [--orcid URL] [--linkedin URL] [--x URL] [--name-form "A. Example"] \\
        [--kit-source pypi | git+https://... | path/to/pubsite-X.Y.Z-py3-none-any.whl | path/to/kit]

makes a new folder holding the owner's files only: ``mkdocs.yml`` (the kit's settings template with
their name and address), ``pyproject.toml`` pinning this version of the kit (``kit_pin``: from PyPI,
a tag of the kit's repository, or a wheel or folder on this machine), a hook of three lines that hands
MkDocs' events to the installed kit, ``tests/test_site.py`` importing the kit's generic checks of a
site, the test and publish workflows and Dependabot's settings, a README, and starter content: a home
page with their name, profiles and selected papers, one page per kind of work (the kinds the
bibliography holds, or every kind the schema knows), an initials favicon and a social card
(``social_card``), ``data/publications.yml`` with their name (and the bibliography imported by
``pubsite import``), ``data/cv.yml`` and the JSON Schema editors read. No code, template, stylesheet or
script of the kit is copied: the site installs the kit (``site_files`` holds the texts, as package
data, so this runs from a wheel with no checkout in sight).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pubsite.commands import kit_pin, site_files
from pubsite.importers import import_bibtex
from pubsite.importers.import_bibtex import ImportFailed, read_bibtex
from pubsite.data.model import SECTIONS
from pubsite.data.schema import MODELINE, SCHEMA_FILE, schema_text
from pubsite.render.social_card import social_card_png
from pubsite.plan.section_pages import section_page_path, section_page_text

PROFILES = {  # option -> (Material icon, label)
    "github": ("fontawesome/brands/github", "GitHub"),
    "scholar": ("fontawesome/brands/google-scholar", "Google Scholar"),
    "orcid": ("fontawesome/brands/orcid", "ORCID"),
    "linkedin": ("fontawesome/brands/linkedin", "LinkedIn"),
    "x": ("fontawesome/brands/x-twitter", "X"),
}
SOCIAL_CARD = "assets/images/social-card.png"
DESCRIPTION = ("Make a new site for a researcher: their settings, starter pages with their name and "
               "profiles, optionally their bibliography imported, and pyproject.toml pinning this kit "
               "(installed, not copied).")
SETTINGS_HEADER = ("# This site's settings (made by `pubsite new`). The kit adds its own templates, stylesheets and\n"
                   "# scripts: an overrides/ folder of yours (theme: custom_dir) wins over its templates, and\n"
                   "# stylesheets of yours (extra_css) load after its own.\n")


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
    """The kit's settings template (``site_files.settings_template()``) with the owner's lines,
    navigation and ``extra:`` replaced."""
    text = template
    owner_lines = {
        "site_name": _yaml_text(name),
        "site_url": _yaml_text(site_url),
        "site_description": _yaml_text(f"{name}: research, publications and talks."),
        "site_author": _yaml_text(name),
        "copyright": _yaml_text(f"Copyright &copy; {html.escape(name, quote=False)}"),   # HTML, as the theme reads it
    }
    for key, value in owner_lines.items():
        text, found = re.subn(rf"^{key}:.*(?:\n[ \t]+.*)*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
        if not found:
            raise NewSiteError(f"the kit's settings template has no '{key}:' line to fill in")
    text = re.sub(r"\A(?:#[^\n]*\n)+", lambda _: SETTINGS_HEADER, text, count=1)
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
        raise NewSiteError(f"the kit's settings template has no '{key}:' block to replace")
    return pattern.sub(lambda _: replacement, text, count=1)


def home_page(name: str, email: str | None, affiliations: list[str], profiles: dict[str, str],
              pages: list[str]) -> str:
    lines = ["---", f"description: {_yaml_text(name + ': research, publications and talks.')}", "hide:",
             "  - toc", "---", "", f"# {html.escape(name, quote=False)}", ""]   # Markdown passes HTML through
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
# data/publications.yml. How to fill it in: the kit's guide (linked from README.md), "The CV".
# Empty sections are left out.
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


def kit_requirement(source: str | None = None, version: str | None = None) -> tuple[str, str]:
    """The requirement that pins kit ``version`` (the running one by default) from ``source`` (see
    ``--kit-source``), and what that pin means for the owner, in a sentence or two."""
    version = version or kit_pin.running_version()
    name = kit_pin.DISTRIBUTION
    if source is not None and source != "pypi" and not kit_pin.is_remote(source):
        path = Path(source).expanduser()
        if not path.exists():
            raise NewSiteError(f"--kit-source {source}: no such file or folder; give pypi, a git URL of the kit's "
                               "repository (git+https://...), or a wheel or folder of the kit on this machine")
        found = kit_pin.local_version(path)
        if found is None and path.is_file():
            raise NewSiteError(f"--kit-source {source}: not a wheel of the kit (pubsite-X.Y.Z-py3-none-any.whl)")
        if found is None:
            raise NewSiteError(f"--kit-source {source}: that folder holds no kit (give the kit's own folder, the "
                               "one holding its pyproject.toml and kit/pubsite/)")
        if path.is_file() and found != version:
            raise NewSiteError(f"--kit-source {source}: that wheel is {name} {found}, but this is "
                               f"{name} {version}; make the site with the pubsite command of that wheel")
    pin = kit_pin.requirement(version, source)
    return pin, kit_pin.meaning(pin, version)


def make_site(destination: Path, *, name: str, site_url: str, bib_files: list[str] = (), email: str | None = None,
              affiliations: list[str] = (), profiles: dict[str, str] | None = None,
              name_forms: list[str] = (), kit_source: str | None = None, out=None) -> int:
    """Write the new site into ``destination`` (which must not exist or be empty); returns the status
    of the import (0 without a bibliography; 1 when an entry was skipped or a bibliography could not
    be read at all: the site is made all the same, without those papers).

    ``kit_source`` is where the site installs the kit from (``kit_pin.requirement``: None for its
    default, ``"pypi"``, a git URL, a local wheel or folder); the pin is this kit's version."""
    out = out or sys.stdout
    profiles = profiles or {}
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise NewSiteError(f"{destination} exists and is not an empty folder: give a new folder")
    if not name.strip() or any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise NewSiteError(f"--name {name!r}: give your name on one line, as it should appear")
    if not site_url.startswith(("http://", "https://")):
        raise NewSiteError(f"--site-url {site_url!r}: give the site's final address, such as https://ada.github.io/")
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in site_url):
        raise NewSiteError(f"--site-url {site_url!r}: give the address without spaces (write a space as %20)")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    version = kit_pin.running_version()
    pin, pin_meaning = kit_requirement(kit_source, version)
    # A bibliography that cannot be read costs only its own papers: the site is made without them.
    sections, readable, unreadable = readable_bibliographies(list(bib_files)) if bib_files else (list(SECTIONS), [], [])
    sections = sections or ["conference"]
    pages = [section_page_path(section) for section in sections]

    destination.mkdir(parents=True, exist_ok=True)
    write = _writer(destination)
    card = social_card_png(name, initials(name), " · ".join([*affiliations, urlsplit(site_url).netloc]))
    if card is not None:
        (destination / "docs" / SOCIAL_CARD).parent.mkdir(parents=True, exist_ok=True)
        (destination / "docs" / SOCIAL_CARD).write_bytes(card)
    else:
        print(f"No social card: no font here has every letter of {name!r}. Add a 1200 x 630 picture as "
              f"docs/{SOCIAL_CARD} and 'social_image: {SOCIAL_CARD}' under 'extra:' in mkdocs.yml.", file=out)
    write("mkdocs.yml", site_config(site_files.settings_template(), name=name, site_url=site_url, pages=pages,
                                    email=email, affiliations=list(affiliations), profiles=profiles,
                                    social_image=SOCIAL_CARD if card else None))
    write("pyproject.toml", site_files.site_pyproject(name, pin))
    repository = kit_pin.pin_repository(pin)          # a git pin names the kit's repository
    write("README.md", site_files.readme_text(name, site_url, version, repository))
    write("hooks/publications_hook.py", site_files.hook_text())
    write("tests/test_site.py", site_files.site_tests_text())
    write(".gitignore", site_files.gitignore_text())
    for path, text in site_files.workflow_files().items():
        write(path, text)
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
          "mkdocs.yml, data/publications.yml, data/cv.yml, pyproject.toml, README.md, the hook, the tests and the "
          "workflows. The kit is not copied: the site installs it.", file=out)
    print(pin_meaning, file=out)
    status = 0
    if readable:
        status = import_bibtex.run(readable, str(destination / "data/publications.yml"), out=out)
    for problem in unreadable:
        print(f"error: {problem}; the site is made without the papers of that file: fix it and run "
              "pubsite import with it in the new site", file=sys.stderr)
    status = 1 if unreadable else status
    print(f"Next: cd {destination} and run the first command of its README.md. The kit's guide: "
          f"{kit_pin.guide_link(version, repository)}", file=out)
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
    parser.add_argument("--kit-source", metavar="SOURCE",
                        help="where the site installs the kit from, pinned at this kit's version: 'pypi', a git URL "
                             "of the kit's repository (git+https://..., pins its tag vX.Y.Z), or a wheel or folder "
                             "of the kit on this machine (default: the kit's repository if this kit records it, "
                             "else pypi)")


def run_arguments(arguments: argparse.Namespace) -> int:
    profiles = {option: getattr(arguments, option) for option in PROFILES if getattr(arguments, option)}
    try:
        return make_site(arguments.folder, name=arguments.name, site_url=arguments.site_url,
                         bib_files=arguments.bib, email=arguments.email, affiliations=arguments.affiliation,
                         profiles=profiles, name_forms=arguments.name_forms, kit_source=arguments.kit_source)
    except NewSiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
