"""The kit's templates, stylesheets and scripts reach a build from the installed package.

``pubsite.mkdocs_adapter.theme_layer`` (run by ``on_config``) puts the kit's theme folder into
MkDocs' theme directories, after the site's own ``custom_dir`` and before Material, and its
stylesheets and scripts first in ``extra_css`` / ``extra_javascript``. These tests build the
reference site (which names none of them in its ``mkdocs.yml`` and has no ``custom_dir``) and copies
of it that an owner has customized, and read the HTML; the last ones call the plain Python.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from conftest import CONTENT_ROOT, build_fails, build_ok, page, parse
from pubsite.mkdocs_adapter.theme_layer import SCRIPTS, STYLESHEETS, THEME_DIR, add_theme_layer

THEME = Path(THEME_DIR)
MATERIAL_CSS_PREFIX = "assets/stylesheets/main."      # Material's own stylesheet (hashed name)
MATERIAL_JS_PREFIX = "assets/javascripts/bundle."     # Material's own script (hashed name)
OWNER_MAIN = """{% extends "base.html" %}
{% block extrahead %}
  {{ super() }}
  <meta name="owner-template" content="overrides/main.html">
{% endblock %}
"""
OWNER_CSS = "/* the owner's own rules, after the kit's */\n"
OWNER_PUBLICATIONS_CSS = "/* the owner's publications.css, instead of the kit's */\n"


def _site_path(html_file: Path, site: Path, url: str) -> str:
    """A link's target as a path from the site's root: pages link relatively, the 404 page from
    the root (the reference site's ``site_url`` has the path ``/``)."""
    if url.startswith("/"):
        return posixpath.normpath(url.lstrip("/"))
    folder = html_file.parent.relative_to(site).as_posix()
    return posixpath.normpath(posixpath.join(folder, url))


def _stylesheets(site: Path, html_file: Path) -> list[str]:
    doc = parse(html_file)
    return [_site_path(html_file, site, link["href"]) for link in doc.head.find_all("link", rel="stylesheet")]


def _scripts(site: Path, html_file: Path) -> list[tuple[str, bool]]:
    """Each ``<script src>`` of the page as (path from the site's root, has ``defer``)."""
    doc = parse(html_file)
    return [(_site_path(html_file, site, script["src"]), script.has_attr("defer"))
            for script in doc.find_all("script", src=True)]


def _pages(site: Path) -> list[Path]:
    """The home page, a generated paper page, a list page and the 404 page (a static template)."""
    paper = sorted((site / "papers").glob("*/index.html"))[0]
    return [site / "index.html", paper, site / "publications/conference/index.html", site / "404.html"]


def _head_metadata(doc) -> tuple[list, list]:
    """The page's head metadata: its ``<meta>`` tags and its JSON-LD, as the kit writes them."""
    metas = [(meta.get("name") or meta.get("property"), meta.get("content")) for meta in doc.head.find_all("meta")]
    json_ld = [script.string for script in doc.head.find_all("script", type="application/ld+json")]
    return metas, json_ld


def _edit_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"mkdocs.yml: {old!r} not found once"
    config.write_text(text.replace(old, new), encoding="utf-8")


def _append_config(project: Path, text: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


# --------------------------------------------------------------------------- the reference site

def test_the_reference_site_names_no_kit_file():
    """So that the tests below build a site with no ``custom_dir`` that takes everything of the kit
    from the package."""
    text = (CONTENT_ROOT / "mkdocs.yml").read_text("utf-8")
    for key in ("custom_dir", "extra_css", "extra_javascript"):
        assert not re.search(rf"(?m)^\s*{key}\s*:", text), f"tests/fixtures/site/mkdocs.yml sets {key}"


def test_kit_stylesheets_and_scripts_are_linked_once_in_order_with_defer(site):
    for html_file in _pages(site):
        stylesheets = _stylesheets(site, html_file)
        material = next(i for i, path in enumerate(stylesheets) if path.startswith(MATERIAL_CSS_PREFIX))
        kit = [path for path in stylesheets if path in STYLESHEETS]
        assert kit == list(STYLESHEETS), f"{html_file}: {stylesheets}"
        assert stylesheets.index(STYLESHEETS[0]) > material, f"{html_file}: the kit's CSS must follow Material's"

        scripts = _scripts(site, html_file)
        bundle = next(i for i, (path, _) in enumerate(scripts) if path.startswith(MATERIAL_JS_PREFIX))
        kit_scripts = [(path, defer) for path, defer in scripts if path in SCRIPTS]
        assert kit_scripts == [(path, True) for path in SCRIPTS], f"{html_file}: {scripts}"
        assert [path for path, _ in scripts].index(SCRIPTS[0]) > bundle


def test_kit_files_are_copied_from_the_package(site):
    for path in (*STYLESHEETS, *SCRIPTS):
        assert (site / path).read_bytes() == (THEME / path).read_bytes(), path
    assert not (site / "base.html").exists() and not (site / "partials").exists()  # templates are not copied


def test_kit_templates_are_used(site):
    """The kit's base.html (the toggles' form) and partials/search.html (the dialog's name) over
    Material's, and each page's head metadata printed once."""
    home = page(site, "")
    assert home.find("form", id="__toggles") is not None
    assert home.find("div", attrs={"data-md-component": "search", "role": "dialog"}).get("aria-label")
    paper = parse(_pages(site)[1])
    assert len(paper.head.find_all("meta", attrs={"name": "citation_title"})) == 1
    assert len(paper.head.find_all("meta", property="og:title")) == 1
    assert len(home.head.find_all("script", type="application/ld+json")) == 1


# --------------------------------------------------------------------------- an owner's own files

def test_owner_overrides_stylesheet_and_replaced_file(project, site):
    """An owner's overrides/main.html wins over the kit's (and keeps the head metadata by calling
    super()), the kit's base.html and partials stay under it; the owner's own stylesheet comes after
    the kit's; the owner's docs/assets/stylesheets/publications.css replaces the kit's file."""
    _edit_config(project, "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    _append_config(project, "extra_css:\n  - assets/stylesheets/owner.css\n")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text(OWNER_MAIN, encoding="utf-8")
    stylesheets = project / "docs/assets/stylesheets"
    stylesheets.mkdir(parents=True)
    (stylesheets / "owner.css").write_text(OWNER_CSS, encoding="utf-8")
    (stylesheets / "publications.css").write_text(OWNER_PUBLICATIONS_CSS, encoding="utf-8")
    built = build_ok(project)

    for html_file in _pages(built)[:3]:
        doc = parse(html_file)
        assert len(doc.head.find_all("meta", attrs={"name": "owner-template"})) == 1, html_file
        default = parse(site / html_file.relative_to(built))
        metas, json_ld = _head_metadata(doc)
        assert metas == [*_head_metadata(default)[0], ("owner-template", "overrides/main.html")], html_file
        assert json_ld == _head_metadata(default)[1]
        assert doc.find("form", id="__toggles") is not None   # the kit's base.html, under the owner's main.html
        material = ("assets/stylesheets/main.", "assets/stylesheets/palette.")
        own_and_kit = [path for path in _stylesheets(built, html_file) if not path.startswith(material)]
        assert own_and_kit == [*STYLESHEETS, "assets/stylesheets/owner.css"], html_file

    paper = parse(_pages(built)[1])
    assert paper.head.find("meta", attrs={"name": "citation_title"}) is not None
    assert (built / "assets/stylesheets/publications.css").read_text("utf-8") == OWNER_PUBLICATIONS_CSS
    assert (built / "assets/stylesheets/accessibility.css").read_bytes() == (THEME / STYLESHEETS[1]).read_bytes()
    assert (built / "assets/stylesheets/owner.css").read_text("utf-8") == OWNER_CSS


def test_kit_files_listed_by_the_site_are_not_doubled(project):
    """A site that still lists the kit's files (as sites made before the kit was a package do) gets
    each once: where and as the site lists it, the ones it does not list first."""
    _append_config(project, "extra_css:\n"
                            "  - assets/stylesheets/accessibility.css\n"
                            "  - ./assets/stylesheets/publications.css\n"
                            "extra_javascript:\n"
                            "  - assets/javascripts/filters.js\n")
    built = build_ok(project)
    for html_file in _pages(built):
        kit_css = [path for path in _stylesheets(built, html_file) if path in STYLESHEETS]
        assert kit_css == ["assets/stylesheets/accessibility.css", "assets/stylesheets/publications.css"]
        kit_js = [(path, defer) for path, defer in _scripts(built, html_file) if path in SCRIPTS]
        assert kit_js == [("assets/javascripts/email.js", True), ("assets/javascripts/filters.js", False)]


def test_a_site_without_material_is_refused_with_a_message(project):
    """A theme of the site's own (no Material under it, which the kit's templates extend): a
    message naming the setting, not a template error."""
    _edit_config(project, "  name: material\n", "  name: null\n  custom_dir: own_theme\n")
    (project / "own_theme").mkdir()
    (project / "own_theme/main.html").write_text("<!doctype html><title>{{ page.title }}</title>\n", "utf-8")
    output = build_fails(project)
    assert "mkdocs.yml: 'theme: name:' is none; the publications kit's templates extend Material" in output
    assert "set 'theme: name: material'" in output


# --------------------------------------------------------------------------- the plain Python

def _config(tmp_path: Path, custom_dir: bool, extra: str = ""):
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    theme = "theme:\n  name: material\n" + ("  custom_dir: overrides\n" if custom_dir else "")
    if custom_dir:
        (tmp_path / "overrides").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\n{theme}{extra}", encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def _material_dir() -> str:
    import material

    return str(Path(material.__file__).resolve().parent / "templates")


def test_the_theme_folder_follows_the_owners_custom_dir_once(tmp_path):
    config = _config(tmp_path, custom_dir=True)
    owner = config.theme.custom_dir
    add_theme_layer(config)
    add_theme_layer(config)   # on_config again on the same configuration: nothing added twice
    dirs = config.theme.dirs
    assert dirs[:2] == [owner, THEME_DIR]
    assert [Path(d).resolve() for d in dirs].index(Path(_material_dir())) == 2
    assert dirs.count(THEME_DIR) == 1
    assert config.extra_css == list(STYLESHEETS)
    assert [(str(script), script.defer, script.async_) for script in config.extra_javascript] == [
        (path, True, False) for path in SCRIPTS]


def test_without_custom_dir_the_theme_folder_comes_first(tmp_path):
    config = _config(tmp_path, custom_dir=False,
                     extra="extra_css:\n  - own.css\nextra_javascript:\n  - own.js\n")
    add_theme_layer(config)
    assert config.theme.dirs[0] == THEME_DIR
    assert [Path(d).resolve() for d in config.theme.dirs].index(Path(_material_dir())) == 1
    assert config.extra_css == [*STYLESHEETS, "own.css"]
    assert [str(script) for script in config.extra_javascript] == [*SCRIPTS, "own.js"]
