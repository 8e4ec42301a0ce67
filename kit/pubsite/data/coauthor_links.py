"""``data/coauthors.yml``, optional: links for co-authors' pages (homepage, Google Scholar).

    - name: Bo Sample                      # any spelling the papers use
      homepage: https://bo-sample.example.org/
      scholar: https://scholar.google.com/citations?user=...

Checked like the paper list (file, line, entry, field): a name no paper has, an address that is
not http(s), a field the file does not know, a person given twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pubsite.data.errors import DataError
from pubsite.data.model import Publications
from pubsite.data.validation import _Collector, _Context, _Invalid, _link_target, _text, _type_name
from pubsite.data.yaml_source import MarkedList, read_marked_yaml

COAUTHORS_FILE = "data/coauthors.yml"
LABELS = {"homepage": "Homepage", "scholar": "Google Scholar"}


def _url(value: Any, context: _Context) -> str:
    """An address on the web (a page of the person's), never a file of the site."""
    text = _text(value, context)
    if not text.startswith(("http://", "https://")):
        raise _Invalid(f"{text!r} is not an http(s) URL")
    return _link_target(text, context)  # complete, no spaces


FIELDS = {"name": (_text, True), "homepage": (_url, False), "scholar": (_url, False)}


def build_links(raw: Any, filename: str, publications: Publications) -> dict[str, tuple[tuple[str, str], ...]]:
    """Co-author key -> ((label, URL), ...), or ``DataError`` listing every problem."""
    collector = _Collector(filename)
    context = _Context(None)
    if not isinstance(raw, MarkedList):
        collector.add(f"expected a list of co-authors (each with 'name'), got {_type_name(raw)}",
                      line=getattr(raw, "line", 1))
        raise DataError(collector.problems)
    index = publications.coauthors
    names = {name: key for name, key in index.key_of.items()}
    names.update({person.name: key for key, person in index.people.items()})
    links: dict[str, tuple[tuple[str, str], ...]] = {}
    lines: dict[str, int] = {}
    owner = publications.owner
    for number, item in collector.each_mapping(raw, "'name'", lambda number: f"co-author #{number + 1}"):
        written = item.get("name")
        entry = f"co-author '{written.strip()}'" if isinstance(written, str) and written.strip() \
            else f"co-author #{number + 1}"
        values = collector.check_fields(item, FIELDS, context, entry)
        if values is None:
            continue
        key = names.get(values["name"])
        if key is None:
            message = ("is you, the list's owner: only co-authors have pages" if owner.is_owner(values["name"])
                       else "no paper has an author of this name (write it as one of the papers does)")
            collector.add(message, line=item.line_of("name"), entry=entry, field="name")
            continue
        if key in lines:
            collector.add(f"this person is given already at line {lines[key]}", line=item.line_of("name"),
                          entry=entry, field="name")
            continue
        lines[key] = item.line
        links[key] = tuple((LABELS[field], values[field]) for field in LABELS if field in values)
    if collector.problems:
        raise DataError(collector.problems)
    return links


def read_links(path: Path, publications: Publications,
               display_name: str = COAUTHORS_FILE) -> dict[str, tuple[tuple[str, str], ...]]:
    """The links of ``data/coauthors.yml``; none when the site has no such file."""
    if not path.is_file():
        return {}
    return build_links(read_marked_yaml(path, display_name), display_name, publications)
