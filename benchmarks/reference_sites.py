"""Build the three reference sites from a project checkout, to prove a refactoring changes no output.

    python benchmarks/reference_sites.py SOURCE OUT [--engine mkdocs|properdocs]
    python benchmarks/reference_sites.py --compare OLD_OUT NEW_OUT

``SOURCE`` is a checkout of this project (the working tree, or ``git worktree add /tmp/ref <rev>``
for an older revision). Three sites are built from its ``mkdocs.yml``, ``docs/``, ``data/``,
``hooks/`` and ``overrides/`` (if it has one) into ``OUT/<name>/site``, with the checkout's own kit:
its ``kit/`` (the ``pubsite`` package, templates, stylesheets and scripts included) first on
``PYTHONPATH``, or, in a checkout from before the kit was a package, the ``hooks/pubsite/`` its hook
imports (and its ``overrides/`` and ``docs/assets/``, copied with the rest):

* ``real``: the project as it is;
* ``synthetic-300``: 300 synthetic papers (``synthetic.py``), a page for every section;
* ``imported-2000``: 2,000 BibTeX entries with every quirk (``tests/bib_generator.py``) imported
  with the checkout's own ``pubsite import`` into the real list.

``--compare`` compares two such folders file by file (``compare_sites.py``), ignoring only the
``<meta name="generator">`` tag, which names the versions that built it. It prints one line per site
and the first differences, and exits 1 if any file differs or is missing on one side.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS_DIR))
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "tests"))

from compare_sites import html_diff  # noqa: E402
from synthetic import paper_entries, publications_yaml  # noqa: E402

PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "data")
SITES = ("real", "synthetic-300", "imported-2000")
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
_SECTION_TITLES = {"conference": "Conference papers", "journal": "Journal articles",
                   "workshop": "Workshop papers", "preprint": "Preprints", "thesis": "Theses",
                   "other": "Other publications"}
_LISTED = re.compile(r"<!--\s*publications\s*:\s*(.*?)\s*-->")


def _copy(source: Path, destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    destination.mkdir(parents=True)
    for part in PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part, ignore=ignore)
        elif (source / part).exists():
            shutil.copy2(source / part, destination / part)
    return destination


def _add_pages(project: Path, sections: list[str]) -> None:
    """A page for each section no page lists yet, added to the nav after the last section page."""
    docs = project / "docs"
    listed = {part.strip() for page in docs.rglob("*.md")
              for argument in _LISTED.findall(page.read_text(encoding="utf-8")) for part in argument.split(",")}
    added = []
    for section in sections:
        if section in listed:
            continue
        path = f"publications/{section}.md"
        (docs / path).write_text(f"# {_SECTION_TITLES[section]}\n\n<!-- publications: {section} -->\n",
                                 encoding="utf-8")
        added.append(path)
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(number for number, line in enumerate(lines) if re.match(r"\s*- (?:[^:]+:\s*)?publications/\S+\.md", line))
    indent = re.match(r"(\s*)", lines[last]).group(1)
    lines[last + 1:last + 1] = [f"{indent}- {path}\n" for path in added]
    config.write_text("".join(lines), encoding="utf-8")


def _retarget_links(project: Path, paper_ids: list[str]) -> None:
    """Links to papers the synthetic list lacks (``papers/<id>.md`` in a page) point at its papers."""
    known = set(paper_ids)
    link = re.compile(r"(?<=papers/)([A-Za-z0-9_-]+)(?=\.md\b)")
    pages = sorted(path for path in (project / "docs").rglob("*.md") if path.parent.name != "papers")
    unknown = sorted({found for page in pages for found in link.findall(page.read_text(encoding="utf-8"))
                      if found not in known})
    mapping = {old: paper_ids[index % len(paper_ids)] for index, old in enumerate(unknown)}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(link.sub(lambda match: mapping.get(match.group(1), match.group(1)), text), encoding="utf-8")


def _kit_path(source: Path) -> Path:
    """Where the checkout's ``pubsite`` package is: ``kit/``, or ``hooks/`` before it was a package."""
    return source / "kit" if (source / "kit" / "pubsite").is_dir() else source / "hooks"


def _env(source: Path) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(_kit_path(source)))


def _build(project: Path, engine: str, source: Path) -> None:
    command = [sys.executable, "-m", engine] if engine == "mkdocs" else [str(Path(sys.executable).parent / engine)]
    command += ["build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(project / "site")]
    result = subprocess.run(command, cwd=project, env=_env(source), capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{project}: build failed\n{result.stdout}\n{result.stderr}")


def make_sites(source: Path, out: Path, engine: str) -> None:
    real = _copy(source, out / "real")
    _build(real, engine, source)

    synthetic = _copy(source, out / "synthetic-300")
    entries = paper_entries(300)
    (synthetic / "data/publications.yml").write_text(publications_yaml(300), encoding="utf-8")
    for extension in (synthetic / "docs/papers").glob("*.md"):
        extension.unlink()
    _retarget_links(synthetic, [entry["id"] for entry in entries])
    _add_pages(synthetic, [section for section in _SECTION_TITLES if any(e["section"] == section for e in entries)])
    _build(synthetic, engine, source)

    from bib_generator import generate_bibtex

    imported = _copy(source, out / "imported-2000")
    _add_pages(imported, ["journal", "thesis", "other"])
    bib = imported / "refs.bib"
    bib.write_text(generate_bibtex(2000), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pubsite.commands.cli", "import", str(bib), "--data",
                             str(imported / "data/publications.yml")], cwd=imported, env=_env(source),
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"import failed\n{result.stdout}\n{result.stderr}")
    _build(imported, engine, source)


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def compare(old: Path, new: Path) -> bool:
    same = True
    for name in SITES:
        a_root, b_root = old / name / "site", new / name / "site"
        a_files, b_files = _files(a_root), _files(b_root)
        different = []
        for path in sorted(a_files & b_files):
            a, b = (a_root / path).read_bytes(), (b_root / path).read_bytes()
            if a != b and _GENERATOR.sub(b"", a) != _GENERATOR.sub(b"", b):
                different.append(path)
        only_old, only_new = sorted(a_files - b_files), sorted(b_files - a_files)
        ok = not (different or only_old or only_new)
        same &= ok
        print(f"{name}: {len(a_files & b_files)} files in both, {len(different)} different, "
              f"{len(only_old)} only in {old.name}, {len(only_new)} only in {new.name}: {'SAME' if ok else 'DIFFERENT'}")
        for path in only_old[:10]:
            print(f"  only in {old.name}: {path}")
        for path in only_new[:10]:
            print(f"  only in {new.name}: {path}")
        for path in different[:10]:
            print(f"  differs: {path}")
        for path in [p for p in different if p.endswith((".html", ".bib", ".ris", ".json", ".xml", ".atom"))][:2]:
            print(html_diff(a_root, b_root, path, limit=30))
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs=2, type=Path, metavar="PATH")
    parser.add_argument("--compare", action="store_true", help="compare two folders this script made")
    parser.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs")
    arguments = parser.parse_args()
    if arguments.compare:
        return 0 if compare(*arguments.paths) else 1
    source, out = (path.resolve() for path in arguments.paths)
    if out.exists():
        raise SystemExit(f"{out} exists; give a new folder")
    make_sites(source, out, arguments.engine)
    print(f"built {', '.join(SITES)} into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
