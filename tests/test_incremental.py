"""``mkdocs serve --dirty`` renders again only what an edit changed, and what it shows is right.

Under ``serve`` the hook backs every generated page and citation file with a file on disk that is
rewritten only when its text changes (``pubsite.mkdocs_adapter.sources.ServeCache``), so MkDocs' own ``--dirty``
check (a source newer than its output) picks exactly the pages an edit changed. These tests run two
dirty builds in one process, as ``serve`` does, edit the project in between, and check which outputs
were written again and that they equal what a clean build of the edited project writes.

What ``--dirty`` leaves as MkDocs and Material have it (the kit's guide, editing.md): the search index is
merged by Material as if one page changed, and a changed page title or template shows on the other
pages once they are rendered again.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import build_ok, copy_project, mkdocs_env

# Runs in a subprocess, as serve does: start once, build dirty, apply the edits, build dirty again,
# stop; print the files' modification times after each build.
TWO_BUILDS = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    if os.environ.get("PUBSITE_ENGINE") == "properdocs":
        import properdocs.replacement  # as the properdocs command does: mkdocs.* imports are properdocs'
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site, edits = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])

    def load():
        return load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)

    def snapshot():
        return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}

    config = load()
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    first = snapshot()
    for path, old, new in edits:
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    config = load()
    build(config, dirty=True)
    config.plugins.on_shutdown()
    print(json.dumps({"first": first, "second": snapshot()}))
    """
)


def two_dirty_builds(project: Path, edits: list[tuple[str, str, str]]) -> tuple[dict, dict, Path]:
    site = project / "site-dirty"
    result = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(project), str(site), json.dumps(edits)],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    times = json.loads(result.stdout.strip().splitlines()[-1])
    return times["first"], times["second"], site


def rewritten(first: dict, second: dict) -> set[str]:
    return {path for path, mtime in second.items() if first.get(path) != mtime}


def search_docs(site: Path) -> list[tuple]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted((doc["location"], doc["title"], doc["text"]) for doc in index["docs"])


def paper_block(data: str, paper_id: str) -> str:
    start = data.index(f"  - id: {paper_id}\n")
    end = data.find("\n  - id: ", start + 1)
    return data[start:end + 1] if end != -1 else data[start:]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """Dirty builds around an edit of one title and the removal of one paper; and a clean build."""
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    data = (project / "data" / "publications.yml").read_text(encoding="utf-8")
    edits = [
        ("data/publications.yml", "Drift Estimators for Black-Box", "Drift Estimators, edited, for Black-Box"),
        ("data/publications.yml", paper_block(data, "conditional-limits"), ""),
    ]
    first, second, dirty_site = two_dirty_builds(project, edits)
    clean_site = build_ok(project)  # the same, edited project, built from scratch
    return first, second, dirty_site, clean_site


def test_the_changed_paper_and_the_pages_that_show_it_are_rendered_again(edited):
    first, second, site, _ = edited
    changed = rewritten(first, second)
    assert "papers/drift/index.html" in changed
    assert "Drift Estimators, edited, for Black-Box" in (site / "papers/drift/index.html").read_text()
    assert "papers/drift-symposium/index.html" in changed, "its 'Other versions' list names drift"
    assert "publications/conference/index.html" in changed
    assert {"papers/drift/cite.bib", "publications.bib", "search/search_index.json"} <= changed


def test_pages_that_do_not_show_the_change_are_not_touched(edited):
    first, second, _, _ = edited
    changed = rewritten(first, second)
    untouched = ["papers/current-discrepancy/index.html", "papers/waves/index.html", "papers/buoy-model/cite.bib",
                 "publications/workshops/index.html", "talks/index.html", "awards/index.html"]
    assert not changed & set(untouched), sorted(changed & set(untouched))
    papers = [path for path in second if path.startswith("papers/") and path.endswith("/index.html")]
    assert len(changed & set(papers)) == 2, sorted(changed & set(papers))


def test_a_removed_paper_leaves_nothing_behind(edited):
    first, second, site, _ = edited
    assert "papers/conditional-limits/index.html" in first
    assert not any(path.startswith("papers/conditional-limits/") for path in second)
    assert not (site / "papers" / "conditional-limits").exists()
    assert "papers/conditional-limits/" not in (site / "sitemap.xml").read_text()
    assert "sitemap.xml" in rewritten(first, second)


def test_every_output_equals_a_clean_build(edited):
    _, second, dirty_site, clean_site = edited
    clean = {p.relative_to(clean_site).as_posix() for p in clean_site.rglob("*") if p.is_file()}
    assert set(second) == clean
    for path in sorted(clean):
        if path in ("search/search_index.json", "sitemap.xml.gz"):
            continue
        assert (dirty_site / path).read_bytes() == (clean_site / path).read_bytes(), path


def test_a_markdown_edit_renders_only_that_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    first, second, site = two_dirty_builds(project, [("docs/talks.md", "\n", "\nA new line of text.\n\n")])
    changed = {path for path in rewritten(first, second) if path.endswith(".html")}
    assert changed == {"talks/index.html", "404.html"}, sorted(changed)  # MkDocs always renders 404
    assert "A new line of text." in (site / "talks/index.html").read_text()
    assert any("A new line of text." in text for _, _, text in search_docs(site))


def test_removing_a_paper_from_a_paged_list_moves_the_rest_up(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  publications_per_page: 3\n", 1),
                      encoding="utf-8")
    data = (project / "data" / "publications.yml").read_text(encoding="utf-8")
    _, second, site = two_dirty_builds(project, [("data/publications.yml", paper_block(data, "tide-tables"), "")])
    assert "publications/conference/3/index.html" not in second, "7 - 1 papers fill two pages"
    clean_site = build_ok(project)
    clean = {p.relative_to(clean_site).as_posix() for p in clean_site.rglob("*") if p.is_file()}
    assert set(second) == clean
    for path in sorted(path for path in clean if path.endswith(".html")):
        assert (site / path).read_bytes() == (clean_site / path).read_bytes(), path


def test_the_cv_pdfs_are_typeset_again_only_when_their_data_changes(tmp_path: Path):
    """An edit of one CV section rewrites the PDFs that show it, and no other; an edit of a page
    rewrites none."""
    import yaml

    project = copy_project(tmp_path / "project")
    cv = yaml.safe_load((project / "data" / "cv.yml").read_text(encoding="utf-8"))
    variants = cv["pdf"] if isinstance(cv["pdf"], list) else [cv["pdf"]]
    with_entries = [s for s in cv["sections"] if s.get("entries")]
    # A section some PDF leaves out, if there is one: that PDF must not be typeset again.
    section = next((s for s in with_entries if any(v.get("sections") and s["id"] not in v["sections"]
                                                   for v in variants)), with_entries[0])
    title = section["entries"][0]["title"]
    first, second, site = two_dirty_builds(project, [("data/cv.yml", f"title: {title}\n",
                                                      f"title: {title}, edited\n")])
    changed = rewritten(first, second)
    for variant in variants:
        shows = not variant.get("sections") or section["id"] in variant["sections"]
        assert (variant["file"] in changed) == shows, (variant["file"], section["id"])
    assert "cv/index.html" in changed
    first, second, _ = two_dirty_builds(project, [("docs/cv.md", "\n", "\nA new line of text.\n\n")])
    assert not [path for path in rewritten(first, second) if path.endswith(".pdf")]


def test_a_coauthor_written_more_fully_in_one_paper_moves_their_page_and_every_link_to_it(tmp_path: Path):
    """"Leila Moradi" written "Leila K. Moradi" in one of her three papers: she now goes by the fuller
    spelling, at coauthors/leila-k-moradi/, and the lists that show her other two papers, which did
    not change, link there too."""
    project = copy_project(tmp_path / "project")
    data = (project / "data" / "publications.yml").read_text(encoding="utf-8")
    assert data.count("Leila Moradi") == 3
    first, second, dirty_site = two_dirty_builds(
        project, [("data/publications.yml", "Leila Moradi", "Leila K. Moradi")])
    assert "coauthors/leila-moradi/index.html" in first and "coauthors/leila-k-moradi/index.html" in second
    clean_site = build_ok(project)
    clean = {p.relative_to(clean_site).as_posix() for p in clean_site.rglob("*") if p.is_file()}
    assert set(second) == clean
    for path in sorted(path for path in clean if path.endswith(".html")):
        assert (dirty_site / path).read_bytes() == (clean_site / path).read_bytes(), path
