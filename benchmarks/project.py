"""Synthetic copies of the site for the benchmarks: the real project, its dump variant and the floor.

* The *real* project is a copy of the site's sources (``mkdocs.yml``, ``docs/``, ``hooks/``, and
  ``overrides/`` if the site has its own) with ``data/publications.yml`` replaced by a synthetic list
  of ``count`` papers; it builds with the installed kit (``pubsite``), as the site does.
  Every section that has papers gets a page listing it (the real site only has pages for
  conference papers, preprints and workshops), and links in ``docs/`` to the real site's papers are
  pointed at synthetic papers, so the strict build passes.
* A variant of the real config adds the benchmark hook ``dump_pages.py``: one build with it writes
  the final Markdown of every page and every generated file into a folder.
* The *floor* project is that folder built by the same MkDocs and theme with no hooks at all: the
  kit's theme folder (its templates, stylesheets and scripts, which the kit's hook adds to a real
  build) is its ``theme.custom_dir``, and its ``mkdocs.yml`` lists the kit's stylesheets and scripts.

Nothing here imports the site's generator: what the benchmark needs to know of the site (section
titles, the page size of long lists) is restated below, from the data format the README documents.
Only where the kit's theme layer is, and what it lists, comes from ``pubsite.mkdocs_adapter.theme_layer``
(constants, nothing run), so that the floor looks as the real build does.
Everything lives in the folder the caller gives (a temporary one); nothing here knows a machine path.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

from pubsite.mkdocs_adapter.theme_layer import SCRIPTS, STYLESHEETS, THEME_DIR
from synthetic import paper_entries, publications_yaml

BENCHMARKS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCHMARKS_DIR.parent

PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides")   # overrides/: only if the site has its own
FLOOR_THEME_DIR = "overrides"    # the floor's theme.custom_dir: a copy of the kit's theme folder
DATA_FILE = "data/publications.yml"
CV_FILE = "data/cv.yml"   # the site's CV, if it has one: its page and PDFs are part of the build
CONFIG_FILE = "mkdocs.yml"
NOT_IN_NAV_FILE = "not_in_nav.txt"   # written by dump_pages.py beside the dumped docs/
BENCH_HOOKS_DIR = "benchmark_hooks"
SECTION_PAGES_DIR = "publications"
#: The sections of the data format (README, "The publication list"), in the site's order, with the
#: headings the benchmark gives the pages it adds for them.
SECTIONS = {"conference": "Conference papers", "journal": "Journal articles", "workshop": "Workshop papers",
            "preprint": "Preprints", "thesis": "Theses", "other": "Other publications"}
#: The placeholder that asks the hook for a section's list (README, "Sections and where lists appear").
PLACEHOLDER = "<!-- publications: {section} -->"
#: Papers per page of a list when ``extra: publications_per_page:`` is not set (README).
DEFAULT_PAGE_SIZE = 100
_PAGE_SIZE_SETTING = re.compile(r"(?m)^\s+publications_per_page:\s*(\d+)\s*(?:#.*)?$")
_MARKER = re.compile(r"<!--\s*publications\s*:\s*(.*?)\s*-->")
_PAPER_LINK = re.compile(r"(?<=papers/)([A-Za-z0-9_-]+)(?=\.md\b)")
_CV_PAPERS = re.compile(r"(?m)^(\s+papers:\s*)\[[^\]\n]*\]")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


@dataclasses.dataclass(frozen=True)
class SyntheticProject:
    """A real project with a synthetic publication list, and what the benchmarks need to know of it."""

    root: Path
    count: int
    paper_ids: tuple[str, ...]
    titles: tuple[str, ...]                # each paper's title, in the order of paper_ids
    sections: tuple[str, ...]              # each paper's section, in the order of paper_ids
    selected_ids: frozenset[str]           # the papers the home page lists
    added_section_pages: tuple[str, ...]   # docs paths of the section pages the benchmark added
    page_size: int                         # papers per page of a list (publications_per_page)
    years: tuple[int, ...] = ()            # each paper's year: lists show them newest first

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    def edited_papers(self) -> dict[str, str]:
        """The papers whose titles ``serve`` edits, by kind: where in the site an edit shows
        differs, and so does what a rebuild makes again.

        * ``selected``: one the home page lists (the middle of the selected ones);
        * ``last page``: one on the last numbered page of the longest paged list (a section with
          more than ``page_size`` papers; every section has one list of its own here), absent when
          no list is that long (15 and 100 papers);
        * ``middle``: the middle one of the papers the home page does not list.
        """
        chosen: dict[str, str] = {}
        selected = [paper_id for paper_id in self.paper_ids if paper_id in self.selected_ids]
        if selected:
            chosen["selected"] = selected[len(selected) // 2]
        last_page = self._last_page_of_longest_list()
        unselected_last = [paper_id for paper_id in last_page if paper_id not in self.selected_ids]
        if unselected_last:
            chosen["last page"] = unselected_last[len(unselected_last) // 2]
        rest = [paper_id for paper_id in self.paper_ids
                if paper_id not in self.selected_ids and paper_id not in chosen.values()]
        chosen["middle"] = rest[len(rest) // 2]
        return chosen

    def title_of(self, paper_id: str) -> str:
        return self.titles[self.paper_ids.index(paper_id)]

    def measured_paper_id(self) -> str:
        """The paper whose page's size is reported and compared with the floor's."""
        return self.edited_papers()["middle"]

    def _last_page_of_longest_list(self) -> list[str]:
        """The papers on the last page of the longest list, if it has more than one page. A
        section's list shows its papers newest first (by year, then the file's order; synthetic
        papers have no month), ``page_size`` to a page (README)."""
        by_section: dict[str, list[str]] = {}
        years = self.years or (0,) * len(self.paper_ids)
        order = sorted(range(len(self.paper_ids)), key=lambda index: -years[index])
        for index in order:
            by_section.setdefault(self.sections[index], []).append(self.paper_ids[index])
        longest = max(by_section.values(), key=len)
        if len(longest) <= self.page_size:
            return []
        return longest[(len(longest) - 1) // self.page_size * self.page_size:]


def _copy_sources(destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=_IGNORE)
        elif source.exists():
            shutil.copy2(source, destination / part)


def _listed_sections(docs: Path) -> set[str]:
    """Sections some Markdown page already lists through a placeholder."""
    sections: set[str] = set()
    for page in docs.rglob("*.md"):
        for argument in _MARKER.findall(page.read_text(encoding="utf-8")):
            sections.update(part.strip() for part in argument.split(",") if part.strip())
    return sections


def _add_section_pages(root: Path, sections: list[str]) -> list[str]:
    """A page for each section no page lists, so that every synthetic paper is reachable (the hook
    warns, and the strict build fails, otherwise), added to the nav after the real section pages."""
    added = []
    for section in sections:
        path = f"{SECTION_PAGES_DIR}/{section}.md"
        text = f"# {SECTIONS[section]}\n\n{PLACEHOLDER.format(section=section)}\n"
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(text, encoding="utf-8")
        added.append(path)
    if added:
        _add_to_nav(root / CONFIG_FILE, added)
    return added


def _add_to_nav(config: Path, paths: list[str]) -> None:
    """Insert nav entries after the last ``- publications/...md`` entry, keeping its indentation.
    A text edit: mkdocs.yml has ``!!python/name`` tags and comments that a YAML round trip loses."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    entry = re.compile(rf"^(\s*)- (?:[^:]+:\s*)?{SECTION_PAGES_DIR}/\S+\.md\s*$")
    last = max((number for number, line in enumerate(lines) if entry.match(line)), default=None)
    if last is None:
        raise RuntimeError(f"{CONFIG_FILE}: no nav entry '- {SECTION_PAGES_DIR}/<page>.md' to add pages after")
    indent = entry.match(lines[last]).group(1)
    lines[last + 1:last + 1] = [f"{indent}- {path}\n" for path in paths]
    config.write_text("".join(lines), encoding="utf-8")


def _retarget_paper_links(docs: Path, paper_ids: list[str]) -> None:
    """Point links to the real site's papers (``papers/<id>.md`` in a page) at synthetic papers,
    the first unknown id to the first synthetic paper and so on, so the strict build finds them."""
    known = set(paper_ids)
    pages = sorted(path for path in docs.rglob("*.md") if path.parent != docs / "papers")
    unknown = sorted({match for page in pages for match in _PAPER_LINK.findall(page.read_text(encoding="utf-8"))
                      if match not in known})
    mapping = {old: paper_ids[index % len(paper_ids)] for index, old in enumerate(unknown)}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = _PAPER_LINK.sub(lambda match: mapping.get(match.group(1), match.group(1)), text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def _copy_cv(destination: Path, paper_id: str) -> None:
    """The site's CV, its entries' ``papers: [...]`` pointing at a synthetic paper (a text edit)."""
    source = PROJECT_ROOT / CV_FILE
    if source.is_file():
        text = _CV_PAPERS.sub(lambda match: f"{match.group(1)}[{paper_id}]", source.read_text(encoding="utf-8"))
        (destination / CV_FILE).write_text(text, encoding="utf-8")


def make_real_project(destination: Path, count: int, seed: int) -> SyntheticProject:
    """The site's sources with ``count`` synthetic papers, every section listed by some page."""
    _copy_sources(destination)
    entries = paper_entries(count, seed)
    (destination / DATA_FILE).parent.mkdir(parents=True, exist_ok=True)
    (destination / DATA_FILE).write_text(publications_yaml(count, seed), encoding="utf-8")
    paper_ids = tuple(entry["id"] for entry in entries)
    titles = tuple(entry["title"] for entry in entries)
    sections = tuple(entry["section"] for entry in entries)
    selected = frozenset(entry["id"] for entry in entries if entry["selected"])
    docs = destination / "docs"
    _retarget_paper_links(docs, list(paper_ids))
    _copy_cv(destination, paper_ids[0])
    missing = [section for section in SECTIONS if section in set(sections) - _listed_sections(docs)]
    added = _add_section_pages(destination, missing)
    return SyntheticProject(destination, count, paper_ids, titles, sections, selected, tuple(added),
                            _page_size(destination / CONFIG_FILE), tuple(entry["year"] for entry in entries))


def _page_size(config: Path) -> int:
    """``extra: publications_per_page:`` of mkdocs.yml (read as text: see _add_to_nav), or the default."""
    found = _PAGE_SIZE_SETTING.search(config.read_text(encoding="utf-8"))
    return int(found.group(1)) if found else DEFAULT_PAGE_SIZE


def copy_project(project: SyntheticProject, destination: Path) -> SyntheticProject:
    """A private copy (for ``serve``, which edits its files)."""
    shutil.copytree(project.root, destination, ignore=_IGNORE)
    return dataclasses.replace(project, root=destination)


def _config_hooks_block(text: str) -> re.Match[str]:
    """The ``hooks:`` key and its indented entries in mkdocs.yml (edited as text, see _add_to_nav)."""
    block = re.search(r"(?m)^hooks:[ \t]*\n(?:([ \t]+)\S.*\n)*", text)
    if block is None:
        raise RuntimeError(f"{CONFIG_FILE}: no 'hooks:' list")
    return block


def write_config_with_hooks(project: SyntheticProject, filename: str, *hook_files: str) -> Path:
    """``filename`` beside ``mkdocs.yml`` (so relative paths are the same): the same config with the
    benchmark hooks ``hook_files`` (in benchmarks/) appended to ``hooks:``; their priorities, not
    their order, decide when their handlers run."""
    hooks_dir = project.root / BENCH_HOOKS_DIR
    hooks_dir.mkdir(exist_ok=True)
    text = project.config.read_text(encoding="utf-8")
    block = _config_hooks_block(text)
    entries = ""
    for name in hook_files:
        shutil.copy2(BENCHMARKS_DIR / name, hooks_dir / name)
        entries += f"{block.group(1) or '  '}- {BENCH_HOOKS_DIR}/{name}\n"
    path = project.root / filename
    path.write_text(text[:block.end()] + entries + text[block.end():], encoding="utf-8")
    return path


def not_in_nav_patterns(hidden: list[str], pages: list[str]) -> list[str]:
    """``not_in_nav:`` patterns for the ``hidden`` pages among all ``pages``: a folder holding only
    hidden pages becomes one pattern (``/papers/``), so the floor does not match thousands of
    patterns against every file, which would slow it down."""
    hidden_set = set(hidden)
    shown_dirs = {parent for page in pages if page not in hidden_set
                  for parent in _parents(page)}
    patterns = []
    for page in hidden:
        folder = next((parent for parent in reversed(_parents(page)) if parent not in shown_dirs), None)
        pattern = f"/{folder}/" if folder else f"/{page}"
        if pattern not in patterns:
            patterns.append(pattern)
    return patterns


def _parents(path: str) -> list[str]:
    """``a/b/c.md`` -> ``["a/b", "a"]``: nearest first."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:length]) for length in range(len(parts), 0, -1)]


def _floor_head_template(text: str) -> str:
    """The floor's theme (the kit's ``base.html``) takes the head extras out of the page's front
    matter, where the dump stored them, instead of from the ``page_head`` the hook puts in the
    template context. ``pop`` rather than ``get``: the rest of the page then sees ``page.meta`` as
    the real build does (Material prints a few blank lines for any non-empty ``page.meta``)."""
    block = re.compile(r"{%-?\s*block extrahead\s*-?%}")
    if not block.search(text) or "page_head" not in text:
        raise RuntimeError("the kit's base.html: no 'extrahead' block printing 'page_head' to adapt for the floor")
    take = '{% set page_head = page.meta.pop("page_head", none) if page and page.meta else none %}'
    return block.sub(lambda match: match.group(0) + take, text, count=1)


def _floor_theme_settings(text: str) -> str:
    """mkdocs.yml's text with what the kit's hook adds to a real build's settings: the kit's theme
    folder (here the copy in ``overrides/``) as ``theme.custom_dir``, its stylesheets first in
    ``extra_css`` and its scripts, deferred, first in ``extra_javascript``."""
    for key in ("extra_css", "extra_javascript"):
        if re.search(rf"(?m)^{key}:", text):
            raise RuntimeError(f"{CONFIG_FILE} already has '{key}:'; the floor would need to merge the kit's into it")
    theme = re.search(r"(?m)^theme:[ \t]*\n([ \t]+)\S", text)
    if theme is None:
        raise RuntimeError(f"{CONFIG_FILE}: no 'theme:' block to add the kit's theme folder to")
    if re.search(r"(?m)^[ \t]+custom_dir:", text):
        raise RuntimeError(f"{CONFIG_FILE} has a 'custom_dir:'; the floor would need to merge it with the kit's")
    at = theme.start(1)
    text = text[:at] + f"{theme.group(1)}custom_dir: {FLOOR_THEME_DIR}\n" + text[at:]
    return (text.rstrip("\n") + "\n\nextra_css:\n" + "".join(f"  - {path}\n" for path in STYLESHEETS)
            + "extra_javascript:\n" + "".join(f"  - path: {path}\n    defer: true\n" for path in SCRIPTS))


def make_floor_project(project: SyntheticProject, dump_dir: Path, destination: Path) -> Path:
    """The floor: the dumped pages and files, plus the static files of ``docs/``, built with the same
    config minus ``hooks:`` and with ``not_in_nav:`` for the pages the hook kept out of the nav
    (``/papers/``, the later pages of long lists). Returns the floor's config file."""
    destination.mkdir(parents=True)
    (destination / DATA_FILE).parent.mkdir()   # mkdocs.yml's ``watch:`` names it: it must exist, empty
    shutil.copytree(project.root / "docs", destination / "docs", ignore=_IGNORE)
    shutil.copytree(dump_dir / "docs", destination / "docs", dirs_exist_ok=True)
    if (project.root / "overrides").exists():
        raise RuntimeError("the site has overrides/ of its own; the floor would need to merge them with the kit's")
    shutil.copytree(THEME_DIR, destination / FLOOR_THEME_DIR, ignore=_IGNORE)
    base = destination / FLOOR_THEME_DIR / "base.html"
    base.write_text(_floor_head_template(base.read_text(encoding="utf-8")), encoding="utf-8")
    text = _floor_theme_settings(project.config.read_text(encoding="utf-8"))
    if re.search(r"(?m)^not_in_nav:", text):
        raise RuntimeError(f"{CONFIG_FILE} already has 'not_in_nav:'; the floor would need to merge it")
    hidden = (dump_dir / NOT_IN_NAV_FILE).read_text(encoding="utf-8").split()
    pages = [path.relative_to(destination / "docs").as_posix() for path in (destination / "docs").rglob("*.md")]
    patterns = "".join(f"  {pattern}\n" for pattern in not_in_nav_patterns(hidden, pages))
    block = _config_hooks_block(text)
    text = text[:block.start()] + (f"not_in_nav: |\n{patterns}" if patterns else "") + text[block.end():]
    config = destination / CONFIG_FILE
    config.write_text(text, encoding="utf-8")
    return config
