"""Site-wide promises: no third-party requests, theme features, robots.txt, sitemap, 404, favicon."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from conftest import page, parse
from test_site_content import PUBLICATIONS

SITE_URL = "https://ada.example.org/"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_another_host(site: Path):
    """Scripts, styles, fonts, images and icons all come from the site itself."""
    for html_file in html_pages(site):
        soup = parse(html_file)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                if tag == "link" and not set(element.get("rel", [])) & {
                    "stylesheet", "icon", "preload", "modulepreload", "manifest", "preconnect"
                }:
                    continue  # canonical, alternate, ... are not requests
                url = urlsplit(element[attribute])
                assert not url.netloc, f"{html_file}: {tag} loads {element[attribute]}"
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            assert url.startswith("data:") or not urlsplit(url).netloc, f"{css}: {url}"
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in html_pages(site))


def test_theme_features(site: Path):
    soup = page(site, "")
    toggles = soup.select("form[data-md-component=palette] input[data-md-color-media]")
    media = [toggle["data-md-color-media"] for toggle in toggles]
    assert media == ["(prefers-color-scheme)", "(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
    assert soup.select_one("[data-md-component=search]")
    assert soup.find("link", rel="icon")["href"] == "assets/images/favicon.svg"
    assert (site / "assets/images/favicon.svg").is_file()
    assert soup.find("link", rel="canonical")["href"] == SITE_URL
    assert soup.find("meta", attrs={"name": "viewport"})
    config = soup.find(id="__config").get_text()
    for feature in ("navigation.instant", "content.code.copy", "search.suggest"):
        assert feature in config


def test_robots_txt_lets_crawlers_in_and_points_to_the_sitemap(site: Path):
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert not [line for line in robots if line.startswith("Disallow:") and line.split(":", 1)[1].strip()]
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_sitemap_lists_every_page_including_each_paper(site: Path):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(site / "sitemap.xml")
    urls = {loc.text for loc in tree.findall("s:url/s:loc", namespace)}
    for paper in PUBLICATIONS.papers:
        assert f"{SITE_URL}papers/{paper.id}/" in urls
    for url in ("", "publications/conference/", "talks/", "awards/"):
        assert f"{SITE_URL}{url}" in urls
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_404_page_exists_and_uses_absolute_asset_paths(site: Path):
    soup = parse(site / "404.html")
    assert "404" in soup.select_one("article").get_text()
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith("/"), "a 404 page is served at any depth, so its links must be absolute"


def test_owner_can_keep_a_custom_robots_txt(project: Path):
    from conftest import build_ok

    (project / "docs/robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    site = build_ok(project)
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /drafts/\n"
