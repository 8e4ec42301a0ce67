"""No broken internal link or anchor anywhere in the built site.

A parser-based check (BeautifulSoup) over every ``href``, ``src`` and ``srcset`` of every HTML page,
plus the URLs listed in ``sitemap.xml``, ``robots.txt`` and the search index: each same-site link must
resolve to a file (or a directory's ``index.html``) of the built site, and each ``#fragment`` must be
an ``id`` (or an ``<a name>``) in the target page. Links to other hosts and non-web schemes
(``mailto:``, ``tel:``, ``data:``) are skipped, but no link may point at a loopback address such as
``http://127.0.0.1:8000/``: that is a page built against ``mkdocs serve`` that would break once
published.

``test_checker_catches_*`` prove the checker itself finds what it is meant to find, on a tiny fake
site, so a green run of ``test_no_broken_links`` means something.
"""

from __future__ import annotations

import ipaddress
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import build, build_ok, page

SKIPPED_SCHEMES = {"mailto", "tel", "data", "javascript", "blob", "about"}
LOCAL_HOSTS = {"localhost", "localhost.localdomain", "0.0.0.0", "ip6-localhost", "ip6-loopback"}
LINK_ATTRIBUTES = ("href", "src", "srcset", "poster", "data")


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def sitemap_locations(sitemap: Path) -> list[str]:
    """The ``<loc>`` URLs of a sitemap, whatever its namespace."""
    tree = ElementTree.parse(sitemap)
    return [(element.text or "").strip() for element in tree.iter() if element.tag.rsplit("}", 1)[-1] == "loc"]


@dataclass
class LinkChecker:
    """Checks the links of a built site in ``root``; ``site_url`` is where it will be published."""

    root: Path
    site_url: str | None = None
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    _anchors: dict[Path, set[str]] = field(default_factory=dict)

    @cached_property
    def _site(self) -> tuple[str, int | None, str]:
        """(host, port, path) of ``site_url``; the path ends with ``/``."""
        parts = urlsplit(self.site_url or "")
        base = parts.path if parts.path.endswith("/") else parts.path + "/"
        return (parts.hostname or "").lower(), parts.port, base

    def html_pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def anchors(self, path: Path) -> set[str]:
        if path not in self._anchors:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            names = {tag["id"] for tag in soup.find_all(id=True)}
            names |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
            self._anchors[path] = names
        return self._anchors[path]

    def resolve(self, url_path: str) -> Path | None:
        """The built file served at ``url_path`` (relative to the site's root), or None."""
        target = self.root / unquote(url_path)
        if target.is_dir():
            target = target / "index.html"
        elif url_path.endswith("/"):
            return None
        return target if target.is_file() else None

    def check(self, source: str, page: str, link: str) -> None:
        """Check one ``link`` found in ``source`` (a description) on the page at ``page``.

        ``page`` is the page's path from the site's root (``papers/waves/index.html``), or ``""`` for
        links given from the root itself, such as the search index's.
        """
        link = link.strip()
        if not link:
            return
        self.checked += 1
        parts = urlsplit(link)
        scheme = parts.scheme.lower()
        if scheme in SKIPPED_SCHEMES:
            return
        if parts.hostname is not None and is_loopback(parts.hostname):
            self.problems.append(f"{source}: links to a local address: {link}")
            return
        site_host, site_port, site_base = self._site
        if scheme or parts.netloc:
            if scheme not in ("http", "https", "") or not site_host:
                return  # ftp:, irc:, or no site_url to recognise the site's own absolute links
            if (parts.hostname or "").lower() != site_host or parts.port != site_port:
                return  # another site
            path = parts.path or "/"
            if not (path + "/").startswith(site_base):
                return  # another project on the same host (e.g. user.github.io/other/)
            url_path = path[len(site_base):]
        elif parts.path.startswith("/"):
            if not (parts.path + "/").startswith(site_base):
                self.problems.append(f"{source}: broken link {link!r} (outside the site's path {site_base})")
                return
            url_path = parts.path[len(site_base):]
        elif parts.path == "":
            url_path = page  # "#fragment" or "?query": this very page
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
            if joined == ".." or joined.startswith("../"):
                self.problems.append(f"{source}: broken link {link!r} (climbs above the site's root)")
                return
            url_path = "" if joined == "." else joined
            if parts.path.endswith("/") and url_path:
                url_path += "/"
        target = self.resolve(url_path)
        if target is None:
            self.problems.append(f"{source}: broken link {link!r} (no file for /{url_path})")
            return
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in self.anchors(target):
            where = target.relative_to(self.root).as_posix()
            self.problems.append(f"{source}: broken anchor {link!r} (no id '{fragment}' in {where})")

    def check_page(self, path: Path) -> None:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        relative = path.relative_to(self.root).as_posix()
        for tag in soup.find_all(True):
            for attribute in LINK_ATTRIBUTES:
                value = tag.get(attribute)
                if value is None or (attribute == "data" and tag.name != "object"):
                    continue
                links = [value]
                if attribute == "srcset":
                    links = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
                for link in links:
                    self.check(f"{relative} <{tag.name} {attribute}>", relative, link)

    def check_sitemap(self) -> None:
        sitemap = self.root / "sitemap.xml"
        if not sitemap.is_file():
            return
        for location in sitemap_locations(sitemap):
            parts = urlsplit(location)
            if not parts.scheme or not parts.netloc:
                self.problems.append(f"sitemap.xml <loc>: not an absolute URL: {location!r}")
            elif self.site_url and not is_loopback(parts.hostname or "") and (
                (parts.hostname or "").lower() != self._site[0]
            ):
                self.problems.append(f"sitemap.xml <loc>: {location!r} is not on {self.site_url}")
            else:
                self.check("sitemap.xml <loc>", "", location)

    def check_robots(self) -> None:
        robots = self.root / "robots.txt"
        if not robots.is_file():
            return
        for line in robots.read_text(encoding="utf-8").splitlines():
            if match := re.match(r"\s*sitemap\s*:\s*(\S+)", line, re.IGNORECASE):
                self.check("robots.txt Sitemap", "", match.group(1))

    def check_search_index(self) -> None:
        index = self.root / "search" / "search_index.json"
        if not index.is_file():
            return
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            self.check(f"search index entry {doc.get('title', '')!r}", "", doc["location"] or "./")

    def run(self) -> list[str]:
        for path in self.html_pages():
            self.check_page(path)
        self.check_sitemap()
        self.check_robots()
        self.check_search_index()
        return self.problems


def canonical_site_url(site: Path) -> str | None:
    """``site_url`` as the built home page states it (its canonical link)."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    canonical = home.find("link", rel="canonical", href=True)
    return canonical["href"] if canonical else None


def test_no_broken_links(site: Path):
    site_url = canonical_site_url(site)
    assert site_url, "the home page has no <link rel=canonical>; is site_url set in mkdocs.yml?"
    checker = LinkChecker(site, site_url)
    problems = checker.run()
    pages = len(checker.html_pages())
    print(f"\nchecked {checker.checked} links on {pages} pages, the sitemap, robots.txt and the search index")
    assert checker.checked > 20 * pages, "suspiciously few links: is the checker reading the pages?"
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems)


def test_preloads_are_used(site: Path):
    """A ``<link rel=preload>`` fetches something the same page then uses (a stale one after a theme
    upgrade renames Material's bundle would download a file for nothing, or a missing one)."""
    problems = []
    for path in LinkChecker(site).html_pages():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        used = {tag.get("src") for tag in soup.find_all(["script", "img"], src=True)}
        used |= {tag.get("href") for tag in soup.find_all("link", href=True) if "preload" not in tag.get("rel", [])}
        for preload in soup.select('link[rel~="preload"][href]'):
            if preload["href"] not in used:
                problems.append(f"{path.relative_to(site)}: preloads {preload['href']}, which the page never uses")
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page(site: Path):
    """Every page (except 404.html) is in the sitemap, at its published address."""
    site_url = canonical_site_url(site)
    listed = set(sitemap_locations(site / "sitemap.xml"))
    expected = set()
    for path in LinkChecker(site).html_pages():
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        expected.add(site_url + relative.removesuffix("index.html"))
    assert expected - listed == set(), "pages missing from sitemap.xml"
    assert listed - expected == set(), "sitemap.xml lists addresses that are not pages"


# --- the checker catches what it should ------------------------------------------------------------

FAKE_PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="{css}"><link rel="canonical" href="https://example.org/site/{self_path}">
</head><body>
<h1 id="top">Title</h1><a name="legacy"></a>
{links}
</body></html>"""


def write_page(root: Path, path: str, links: str = "", css: str = "style.css") -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    depth = path.count("/")
    self_path = path.removesuffix("index.html")
    target.write_text(FAKE_PAGE.format(css="../" * depth + css, self_path=self_path, links=links), encoding="utf-8")


@pytest.fixture
def fake_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "style.css").write_text("body{}", encoding="utf-8")
    (root / "img.png").write_bytes(b"\x89PNG")
    write_page(root, "papers/one/index.html", '<h2 id="cite">Cite</h2><a href="../../">home</a>')
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://example.org/site/</loc></url>'
        "<url><loc>https://example.org/site/papers/one/</loc></url></urlset>", encoding="utf-8")
    return root


GOOD_LINKS = """
<a href="papers/one/">paper</a> <a href="papers/one/#cite">cite</a> <a href="papers/one/index.html#top">top</a>
<a href="#top">self</a> <a href="#legacy">legacy name</a> <a href="#">empty fragment</a> <a href="./">self dir</a>
<a href="papers/one">directory without slash</a> <img src="img.png" srcset="img.png 1x, img.png 2x">
<a href="https://example.org/site/papers/one/#cite">absolute to the site</a>
<a href="https://github.com/x/y#readme">external</a> <a href="mailto:a@example.org">mail</a>
<img src="data:image/png;base64,AAAA"> <a href="https://example.org/other-project/">same host, other site</a>
"""


def test_checker_accepts_a_good_site(fake_site: Path):
    write_page(fake_site, "index.html", GOOD_LINKS)
    checker = LinkChecker(fake_site, "https://example.org/site/")
    assert checker.run() == []
    assert checker.checked >= 15


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<a href="papers/two/">x</a>', "broken link 'papers/two/'"),
        ('<a href="papers/one/#nope">x</a>', "broken anchor 'papers/one/#nope' (no id 'nope' in papers/one/index.html)"),
        ('<a href="#missing">x</a>', "broken anchor '#missing'"),
        ('<img src="missing.png">', "broken link 'missing.png'"),
        ('<img src="img.png" srcset="img.png 1x, img@2x.png 2x">', "broken link 'img@2x.png'"),
        ('<script src="js/app.js"></script>', "broken link 'js/app.js'"),
        ('<a href="https://example.org/site/gone/">x</a>', "broken link 'https://example.org/site/gone/'"),
        ('<a href="http://127.0.0.1:8000/papers/one/">x</a>', "links to a local address"),
        ('<a href="http://localhost:8000/">x</a>', "links to a local address"),
        ('<a href="http://[::1]/">x</a>', "links to a local address"),
        ('<a href="../outside.html">x</a>', "broken link '../outside.html'"),
        ('<a href="style.css/">x</a>', "broken link 'style.css/'"),
    ],
)
def test_checker_catches_a_broken_link_or_anchor(fake_site: Path, link: str, expected: str):
    write_page(fake_site, "index.html", GOOD_LINKS + link)
    problems = LinkChecker(fake_site, "https://example.org/site/").run()
    assert len(problems) == 1, problems
    assert problems[0].startswith("index.html <"), problems
    assert expected in problems[0], problems


def test_checker_catches_broken_links_in_a_nested_page_and_the_sitemap(fake_site: Path):
    write_page(fake_site, "index.html", GOOD_LINKS)
    write_page(fake_site, "papers/one/index.html", '<h2 id="cite">Cite</h2><a href="../two/#cite">x</a>')
    (fake_site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.org/site/papers/three/</loc></url>"
        "<url><loc>http://127.0.0.1:8000/</loc></url></urlset>", encoding="utf-8")
    problems = LinkChecker(fake_site, "https://example.org/site/").run()
    assert any(p.startswith("papers/one/index.html <a href>: broken link '../two/#cite'") for p in problems), problems
    assert any(p.startswith("sitemap.xml <loc>: broken link") and "papers/three/" in p for p in problems), problems
    assert any(p.startswith("sitemap.xml <loc>: links to a local address") for p in problems), problems
    assert len(problems) == 3, problems


def test_markdown_may_link_to_a_paper_s_citation_file_and_strict_mode_checks_it(project: Path):
    """Citation files are MkDocs files: a page's link to one is resolved and checked like any other."""
    talks = project / "docs/talks.md"
    talks.write_text(talks.read_text(encoding="utf-8") + "\nCite it: [BibTeX](papers/buoy-model/cite.bib), "
                     "[all](publications.bib).\n", encoding="utf-8")
    site = build_ok(project)
    links = {a.get_text(): a["href"] for a in page(site, "talks/").select("article a")}
    assert links["BibTeX"] == "../papers/buoy-model/cite.bib" and links["all"] == "../publications.bib"
    assert (site / "papers/buoy-model/cite.bib").read_text(encoding="utf-8").startswith("@")

    talks.write_text(talks.read_text(encoding="utf-8") + "\n[Broken](papers/no-such-paper/cite.bib)\n",
                     encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "papers/no-such-paper/cite.bib" in output and "not found" in output
