"""Is the floor the very same site? Compare the real build's output with the floor build's.

Every file is compared byte for byte. Two files list all pages in the order MkDocs found them, which
differs (the real build appends the generated paper pages after docs/, the floor finds them
in docs/papers/ in alphabetical order), so they are also compared after sorting their entries:
``search/search_index.json`` (by location) and ``sitemap.xml`` / ``sitemap.xml.gz`` (by URL).
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
from pathlib import Path

_SITEMAP_URL = re.compile(rb"<url>.*?</url>", re.DOTALL)


def _sorted_search_index(content: bytes) -> bytes:
    index = json.loads(content)
    index["docs"] = sorted(index.get("docs", []), key=lambda doc: (doc.get("location", ""), doc.get("title", "")))
    return json.dumps(index, sort_keys=True).encode()


def _sorted_sitemap(content: bytes) -> bytes:
    return b"\n".join(sorted(_SITEMAP_URL.findall(content)))


def _normalized(path: str, content: bytes) -> bytes | None:
    """The file with its entries in a canonical order, for the files whose order may differ."""
    if path == "search/search_index.json":
        return _sorted_search_index(content)
    if path == "sitemap.xml":
        return _sorted_sitemap(content)
    if path == "sitemap.xml.gz":
        return _sorted_sitemap(gzip.decompress(content))
    return None


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def _moved(real: Path, floor: Path, only_real: list[str], only_floor: list[str]) -> dict[str, str]:
    """Files the floor holds under another name in the same folder, byte for byte: the Markdown
    versions of the papers, which the real site serves at ``index.html.md`` (``File.dest_uri``) and
    the floor, with no hook, can only keep under their source name (a ``.md`` file would be a page)."""
    by_folder: dict[str, list[str]] = {}
    for path in only_floor:
        by_folder.setdefault(path.rpartition("/")[0], []).append(path)
    moved = {}
    for path in only_real:
        content = (real / path).read_bytes()
        for other in by_folder.get(path.rpartition("/")[0], []):
            if other not in moved.values() and (floor / other).read_bytes() == content:
                moved[path] = other
                break
    return moved


def compare_sites(real: Path, floor: Path) -> dict:
    """Counts of identical, reordered and different files, and the names of the first differences."""
    real_files, floor_files = _files(real), _files(floor)
    identical, reordered, different = 0, [], []
    for path in sorted(real_files & floor_files):
        a, b = (real / path).read_bytes(), (floor / path).read_bytes()
        if a == b:
            identical += 1
        elif _normalized(path, a) is not None and _normalized(path, a) == _normalized(path, b):
            reordered.append(path)
        else:
            different.append(path)
    moved = _moved(real, floor, sorted(real_files - floor_files), sorted(floor_files - real_files))
    real_files -= set(moved)
    floor_files -= set(moved.values())
    html_pages = sum(1 for path in real_files if path.endswith(".html"))
    html_different = sum(1 for path in different if path.endswith(".html"))
    return {
        "files": len(real_files), "identical": identical, "same_up_to_order": reordered,
        "different": len(different), "different_examples": different[:20],
        "html_pages": html_pages, "html_different": html_different,
        "only_in_real": sorted(real_files - floor_files)[:20], "only_in_floor": sorted(floor_files - real_files)[:20],
        "moved": len(moved),
        "same": not different and real_files == floor_files,
    }


def html_diff(real: Path, floor: Path, path: str, context: int = 2, limit: int = 60) -> str:
    """A unified diff of one file of both sites ("" when identical), at most ``limit`` lines."""
    a = (real / path).read_text(encoding="utf-8").splitlines(keepends=True)
    b = (floor / path).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, f"real/{path}", f"floor/{path}", n=context))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more diff lines\n"]
    return "".join(lines)
