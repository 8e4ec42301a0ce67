"""Incremental rebuilds (``mkdocs serve --dirty``) give exactly the site a clean build gives.

A dirty build only renders the pages whose content changed (see ``hooks/pubsite_incremental.py``).
These tests run two builds in one process, as ``serve`` does (the hook keeps its memory between
them), edit the data in between, and check: the pages that had to change were rendered again, the
others were not touched, removed papers left nothing behind, and every output (pages, lists, search
index, sitemap, exports) equals what a clean build of the edited project writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import build_ok, copy_project, mkdocs_env

# Runs in a subprocess: build dirty, apply the edits, build dirty again; print the files' mtimes.
TWO_BUILDS = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site, edits = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])

    def dirty_build():
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        config.plugins.on_shutdown()  # the files still being written after the rebuild

    def snapshot():
        return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}

    dirty_build()
    first = snapshot()
    for path, old, new in edits:
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    dirty_build()
    import gc
    print(json.dumps({"first": first, "second": snapshot(), "frozen": gc.get_freeze_count(),
                      "young": gc.get_threshold()[0]}))
    """
)


def two_dirty_builds(project: Path, edits: list[tuple[str, str, str]]) -> tuple[dict, dict, Path]:
    site = project / "site-dirty"
    result = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(project), str(site), json.dumps(edits)],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr  # the dirty-build warning is now info
    times = json.loads(result.stdout.strip().splitlines()[-1])
    # From the second build on, what outlives builds is kept away from the cycle collector.
    assert times["frozen"] > 0
    assert times["young"] == 20_000  # the young generation is looked at less often
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
        ("data/publications.yml", "Backpropagation through the Void", "Backpropagation through the Void, edited"),
        ("data/publications.yml", paper_block(data, "condgen"), ""),
    ]
    first, second, dirty_site = two_dirty_builds(project, edits)
    clean_site = build_ok(project)  # the same, edited project, built from scratch
    return first, second, dirty_site, clean_site


def test_the_changed_paper_and_the_pages_that_show_it_are_rendered_again(edited):
    first, second, site, _ = edited
    changed = rewritten(first, second)
    assert "papers/relax/index.html" in changed
    assert "Backpropagation through the Void, edited" in (site / "papers/relax/index.html").read_text()
    assert "papers/relax-deeprl2017/index.html" in changed, "its 'Other versions' list names relax"
    assert "publications/conference/index.html" in changed
    assert {"papers/relax/cite.bib", "publications.bib", "search/search_index.json"} <= changed


def test_pages_that_do_not_show_the_change_are_not_touched(edited):
    first, second, _, _ = edited
    changed = rewritten(first, second)
    untouched = ["papers/lsd/index.html", "papers/ffjord/index.html", "papers/jem/cite.bib",
                 "publications/workshops/index.html", "talks/index.html", "awards/index.html"]
    assert not changed & set(untouched), sorted(changed & set(untouched))
    papers = [path for path in second if path.startswith("papers/") and path.endswith("/index.html")]
    assert len(changed & set(papers)) == 2, sorted(changed & set(papers))


def test_a_removed_paper_leaves_nothing_behind(edited):
    first, second, site, _ = edited
    assert "papers/condgen/index.html" in first
    assert not any(path.startswith("papers/condgen/") for path in second)
    assert not (site / "papers" / "condgen").exists()
    assert "papers/condgen/" not in (site / "sitemap.xml").read_text()
    assert "sitemap.xml" in rewritten(first, second)


def test_every_output_equals_a_clean_build(edited):
    _, second, dirty_site, clean_site = edited
    clean = {p.relative_to(clean_site).as_posix() for p in clean_site.rglob("*") if p.is_file()}
    assert set(second) == clean
    for path in sorted(clean):
        if path in ("search/search_index.json", "sitemap.xml.gz"):
            continue
        assert (dirty_site / path).read_bytes() == (clean_site / path).read_bytes(), path


def test_the_search_index_is_complete_and_has_no_duplicates(edited):
    _, _, dirty_site, clean_site = edited
    dirty = search_docs(dirty_site)
    assert dirty == search_docs(clean_site)
    locations = [location for location, _, _ in dirty]
    assert len(locations) == len(set(locations))
    assert any(title.startswith("Backpropagation through the Void, edited") for _, title, _ in dirty)
    assert not any(location.startswith("papers/condgen/") for location in locations)


def test_a_markdown_edit_renders_only_that_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    first, second, site = two_dirty_builds(project, [("docs/talks.md", "\n", "\nA new line of text.\n\n")])
    changed = {path for path in rewritten(first, second) if path.endswith(".html")}
    assert changed == {"talks/index.html", "404.html"}, sorted(changed)  # MkDocs always renders 404
    assert not {"sitemap.xml", "sitemap.xml.gz"} & rewritten(first, second), "it lists the same pages"
    assert "A new line of text." in (site / "talks/index.html").read_text()
    assert any("A new line of text." in text for _, _, text in search_docs(site))


def test_a_template_or_config_change_renders_everything(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    first, second, _ = two_dirty_builds(project, [("mkdocs.yml", "site_name:", "# touched\nsite_name:")])
    pages = {path for path in second if path.endswith("index.html")}
    assert pages <= rewritten(first, second)


def test_a_renamed_page_relabels_the_navigation_of_every_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    first, second, site = two_dirty_builds(project, [("docs/publications/preprints.md", "# Preprints",
                                                      "# Preprints and drafts")])
    assert "Preprints and drafts" in (site / "papers" / "lsd" / "index.html").read_text()
    clean_site = build_ok(project)
    for path in ("index.html", "papers/lsd/index.html", "talks/index.html", "publications/preprints/index.html"):
        assert (site / path).read_bytes() == (clean_site / path).read_bytes(), path


def test_removing_a_paper_from_a_paged_list_moves_the_rest_up(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  publications_per_page: 3\n", 1),
                      encoding="utf-8")
    data = (project / "data" / "publications.yml").read_text(encoding="utf-8")
    _, second, site = two_dirty_builds(project, [("data/publications.yml", paper_block(data, "vera"), "")])
    assert "publications/conference/3/index.html" not in second, "7 - 1 papers fill two pages"
    clean_site = build_ok(project)
    clean = {p.relative_to(clean_site).as_posix() for p in clean_site.rglob("*") if p.is_file()}
    assert set(second) == clean
    for path in sorted(path for path in clean if path.endswith(".html")):
        assert (site / path).read_bytes() == (clean_site / path).read_bytes(), path


def test_an_edited_template_is_compiled_again_and_shows_on_every_page(tmp_path: Path):
    """serve keeps compiled templates between rebuilds; an edit to one must still show everywhere."""
    project = copy_project(tmp_path / "project")
    first, second, site = two_dirty_builds(
        project, [("overrides/main.html", "  {{ super() }}\n", "  {{ super() }}\n  <meta name=\"x-edited\" content=\"yes\">\n")]
    )
    pages = [path for path in second if path.endswith("index.html")]
    assert set(pages) <= rewritten(first, second)
    assert all('<meta name="x-edited" content="yes">' in (site / path).read_text() for path in pages)


def _incremental_module():
    """``hooks/pubsite_incremental.py``, imported as MkDocs imports it (a module beside the hook)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "hooks" / "pubsite_incremental.py"
    spec = importlib.util.spec_from_file_location("pubsite_incremental_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_watcher_polls_more_often_and_still_sees_saves(tmp_path: Path):
    """``on_serve`` shortens the polling of MkDocs' own watcher; a save is still reported."""
    import threading

    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEventHandler

    incremental = _incremental_module()
    watched = tmp_path / "docs"
    watched.mkdir()
    (watched / "index.md").write_text("# Home\n", encoding="utf-8")
    data = tmp_path / "publications.yml"
    data.write_text("papers: []\n", encoding="utf-8")

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(watched))
    server.watch(str(data))
    before = {emitter.timeout for emitter in server.observer.emitters}
    assert before == {0.5}, "MkDocs' watcher is no longer what this hook expects"
    assert incremental.quicken_polling(server.observer) == 2
    assert {emitter.timeout for emitter in server.observer.emitters} == {incremental.POLL_INTERVAL}
    server.server_close()

    # The quickened watcher still reports a save (no timing asserted: only that it is seen).
    from watchdog.observers.polling import PollingObserver

    observer = PollingObserver(timeout=0.5)
    seen = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_modified = lambda event: seen.set() if event.src_path == str(data) else None
    observer.schedule(handler, str(data))
    assert incremental.quicken_polling(observer) == 1
    observer.start()
    try:
        import time

        time.sleep(0.3)  # let the first snapshot be taken before the save
        data.write_text("papers: []\n# saved again\n", encoding="utf-8")
        assert seen.wait(10), "the quickened watcher never reported the save"
    finally:
        observer.stop()
        observer.join()


def test_search_index_written_from_kept_pieces_is_what_json_dumps_writes(tmp_path: Path):
    """After an edit only the rendered pages are serialised again; the file is the same bytes."""
    incremental = _incremental_module()
    merger = incremental.SearchIndexMerger()
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1e3}}}
    pages = ["", "talks/", "papers/a/", "papers/b/", "empty/"]
    first = [{"location": "", "title": "Home", "text": "<p>Caf\u00e9 & \"quotes\" </script></p>"},
             {"location": "#bio", "title": "Bio", "text": "x"},
             {"location": "talks/", "title": "Talks", "text": "\u2603"},
             {"location": "papers/a/", "title": "A", "text": "a", "tags": ["t"]},
             {"location": "papers/b/", "title": "B", "text": "b"}]
    merged = merger.merge(first, set(pages), pages)
    merger.write(str(tmp_path / "one.json"), config)
    expected = json.dumps({"config": config, "docs": merged}, separators=(",", ":"), default=str)
    assert (tmp_path / "one.json").read_text(encoding="utf-8") == expected

    second = [{"location": "papers/b/", "title": "B edited", "text": "b2"}]
    merged = merger.merge(second, {"papers/b/"}, pages[:-1] + ["new/"])  # empty/ removed, new/ unseen
    assert [entry["title"] for entry in merged] == ["Home", "Bio", "Talks", "A", "B edited"]
    merger.write(str(tmp_path / "two.json"), config)
    expected = json.dumps({"config": config, "docs": merged}, separators=(",", ":"), default=str)
    assert (tmp_path / "two.json").read_text(encoding="utf-8") == expected


def test_a_one_off_build_keeps_nothing_frozen(tmp_path: Path):
    """Only serve freezes what outlives builds; ``mkdocs build`` leaves the collector as it is."""
    project = copy_project(tmp_path / "project")
    script = textwrap.dedent(
        """
        import gc, sys
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        config = load_config(sys.argv[1] + "/mkdocs.yml", site_dir=sys.argv[1] + "/site")
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config = load_config(sys.argv[1] + "/mkdocs.yml", site_dir=sys.argv[1] + "/site")
        build(config)
        print(gc.get_freeze_count(), gc.get_threshold() == (700, 10, 10))
        """
    )
    result = subprocess.run([sys.executable, "-c", script, str(project)], cwd=project, env=mkdocs_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True"  # nothing frozen, thresholds untouched


def test_a_renewed_page_is_what_mkdocs_makes_anew(tmp_path: Path):
    """Paper pages kept across serve rebuilds are renewed, not made again: nothing a build set on
    them may survive (content, anchors, navigation, a plugin's attribute), their URLs stay."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs.utils import get_build_date
    from pubsite_incremental import renew_page

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nsite_url: https://example.org/a/\n"
                                         "repo_url: https://github.com/o/r\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as MkDocs leaves it between events

    def made_anew() -> Page:
        file = File.generated(config, "papers/x.md", content="---\ntitle: X\n---\n# X {#top}\n\n[up](#top)\n")
        return Page(None, file, config)

    used = made_anew()
    used.read_source(config)
    used.render(config, Files([used.file]))
    used.previous_page = used.next_page = made_anew()
    used.active = True
    used.added_by_a_plugin = 1
    assert used.content and used.present_anchor_ids and used.meta

    renew_page(used, get_build_date())
    fresh = made_anew()
    assert used.canonical_url == "https://example.org/a/papers/x/" and used.abs_url == "/a/papers/x/"
    assert {k: v for k, v in vars(used).items() if k != "file"} == {k: v for k, v in vars(fresh).items() if k != "file"}
    assert used.title is None and fresh.title is None


def test_the_theme_is_listed_once_under_serve_and_again_when_its_templates_change(tmp_path: Path, monkeypatch):
    """What MkDocs copies from the theme is worked out from the listing: the same files as MkDocs
    lists itself; the folders are walked, and the names matched against MkDocs' patterns, once,
    and again once the owner's templates (or the theme's static templates) change."""
    import fnmatch

    import jinja2
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from pubsite_incremental import TemplateCodeCache, ThemeListing

    walks, matches = [], []
    walk = jinja2.FileSystemLoader.list_templates
    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", lambda self: walks.append(1) or walk(self))
    match = fnmatch.fnmatch
    monkeypatch.setattr(fnmatch, "fnmatch", lambda name, pattern: matches.append(1) or match(name, pattern))

    (tmp_path / "docs").mkdir()
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "own.css").write_text("a {}\n", encoding="utf-8")
    (overrides / "assets" / "page.css").write_text("b {}\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8")
    compiled = TemplateCodeCache()

    def theme_files(listing: ThemeListing | None, key: str) -> tuple[list[str], int, bool]:
        """The theme's files a build copies, whether the theme's folders were walked and the
        names matched, as a fresh build's config (and theme) sees them."""
        config = load_config(str(config_file))
        if listing is not None:
            listing.install(config.theme, key, compiled=compiled)
        walks.clear()
        matches.clear()
        files = Files([])
        env = config.theme.get_env()
        assert env.bytecode_cache is (compiled if listing is not None else None)
        files.add_files_from_theme(env, config)
        return sorted(file.src_uri for file in files), len(walks), bool(matches)

    listing = ThemeListing()
    as_mkdocs_lists, _, _ = theme_files(None, "")
    assert "assets/own.css" in as_mkdocs_lists and len(as_mkdocs_lists) > 20
    assert theme_files(listing, "a") == (as_mkdocs_lists, 1, True)
    # Each build makes its own environment and loader; the listing is kept.
    assert theme_files(listing, "a") == (as_mkdocs_lists, 0, False)
    (overrides / "assets" / "added.css").write_text("b {}\n", encoding="utf-8")
    assert "assets/added.css" not in theme_files(listing, "a")[0]  # same key: the kept listing
    with_added = theme_files(listing, "b")  # the owner's templates changed
    assert with_added == (sorted([*as_mkdocs_lists, "assets/added.css"]), 1, True)
    # A static template is rendered, not copied: the names are matched again.
    config_file.write_text(config_file.read_text(encoding="utf-8") + "  static_templates: [assets/page.css]\n",
                           encoding="utf-8")
    files, walked, matched = theme_files(listing, "b")
    assert (walked, matched) == (0, True) and files == [f for f in with_added[0] if f != "assets/page.css"]
    # Any other listing goes through the kept names, matched as asked.
    env = load_config(str(config_file)).theme
    listing.install(env, "b", compiled=compiled)
    names = env.get_env().list_templates(filter_func=lambda name: name.startswith("assets/") and name.endswith(".css"))
    assert {"assets/own.css", "assets/page.css", "assets/added.css"} <= set(names)
    assert names == [name for name in walk(jinja2.FileSystemLoader(env.dirs))
                     if name.startswith("assets/") and name.endswith(".css")]
