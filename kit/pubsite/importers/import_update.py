"""``pubsite import --update``: what a bibliography would change in a paper already in the list.

A field the paper lacks is added (a new month, DOI or code link); a field it has is the owner's and
is kept, unless ``--overwrite`` names it; either way the report shows each difference. The paper's
``id`` never changes (it is its address), nor its ``bibtex_key`` (the key others cite it by).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pubsite.importers.bibtex_import_yaml import plain

NEVER_CHANGED = ("id", "bibtex_key")
# What an arXiv preprint gives its published version (matched to it): what describes the work, never
# where it appeared (section, venue, year, volume, pages stay the published version's).
PREPRINT_GIVES = ("arxiv", "summary", "links")
# What a paper added by an import takes from a second entry of it in the same import, when it lacks
# them (two exporters' records of one paper: DBLP's DOI and pages, Scholar's publisher).
FILLED_FROM_DUPLICATES = ("month", "venue_full", "honours", "summary", "note", "arxiv", "doi", "links",
                          "volume", "pages", "number", "editors", "publisher", "address")


class Change(NamedTuple):
    field: str
    old: Any            # None when the paper has no such field
    new: Any
    applied: bool       # False: the owner's value is kept

    def describe(self) -> str:
        if self.old is None:
            return f"+ {self.field}: {_short(self.new)}"
        if self.applied:
            return f"~ {self.field}: {_short(self.old)} -> {_short(self.new)}"
        return (f"= {self.field} kept: {_short(self.old)} (the bibliography says {_short(self.new)}; "
                f"--overwrite {self.field} to take it)")


def _short(value: Any, limit: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def changes(existing: dict[str, Any], imported: dict[str, Any], overwrite: set[str]) -> list[Change]:
    """What ``imported`` (an entry's fields) changes in ``existing`` (the paper as in the file)."""
    old = plain(existing)
    found: list[Change] = []
    for name, value in imported.items():
        if name in NEVER_CHANGED:
            continue
        value = plain(value)
        if name not in old:
            found.append(Change(name, None, value, True))
        elif name == "links" and isinstance(old[name], dict) and isinstance(value, dict):
            merged = dict(old[name])
            for kind, link in value.items():
                if kind not in merged:
                    merged[kind] = link
                elif merged[kind] != link and "links" in overwrite:
                    merged[kind] = link
                elif merged[kind] != link:
                    found.append(Change(f"links: {kind}", merged[kind], link, False))
            if merged != old[name]:
                found.append(Change("links", old[name], merged, True))
        elif old[name] != value:
            found.append(Change(name, old[name], value, name in overwrite))
    return found


def updated_fields(found: list[Change]) -> dict[str, Any]:
    """The fields to write: the changes applied."""
    return {change.field: change.new for change in found if change.applied and ":" not in change.field}
