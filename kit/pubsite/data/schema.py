"""A JSON Schema of ``data/publications.yml``, for editors: made from the validator's own tables.

Each field's checker in ``validation`` carries the JSON Schema of what it accepts (``_accepts``),
and the tables (``PAPER_FIELDS`` and the rest) say which fields exist and which are required, so
the schema cannot drift from what the build checks. What a schema cannot say (a file in ``docs/``
exists, ``equal_contribution`` names an author, ids are unique, math parses) the build still checks.

The data file names the schema in its first line, which VS Code's YAML extension (and other editors
using yaml-language-server) read to complete and check fields as the owner types::

    # yaml-language-server: $schema=publications.schema.json

Write or refresh the file with ``pubsite schema`` (from the site's root).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pubsite.data import validation
from pubsite.data.model import LINK_KINDS, SECTIONS

SCHEMA_FILE = "data/publications.schema.json"
MODELINE = "# yaml-language-server: $schema=publications.schema.json"

#: What each field means, shown by editors on hover. Every field of the tables has one (tested).
FIELD_HELP: dict[str, str] = {
    "id": "Permanent, URL-safe id: the paper's page is papers/<id>/. Never change it once published.",
    "section": "The kind of work: " + ", ".join(f"{key} ({name})" for key, name in SECTIONS.items()) + ".",
    "title": "The title; $LaTeX$ between dollar signs is math, \\$ a literal dollar sign.",
    "authors": "Authors in order, as written; {Braced Names} are organisations.",
    "venue": "Where it appeared, as shown on the site (e.g. ICLR 2019).",
    "year": "The year of publication.",
    "month": "Optional month (1-12 or a name): orders the lists and goes to citations.",
    "equal_contribution": "Authors who contributed equally (marked * with a legend).",
    "venue_full": "The venue's full name, for citations.",
    "honours": "Honours shown as badges (Oral, Best Paper, ...).",
    "summary": "One paragraph; inline Markdown (*emphasis*, [links](https://...)).",
    "note": "A short note shown under the paper; inline Markdown.",
    "arxiv": "The arXiv id, quoted (e.g. \"1810.01367\").",
    "doi": "The DOI (e.g. 10.1000/xyz123).",
    "links": "Buttons: kind: URL (or a file in docs/), kind: {url, label}, or a list of either. Kinds: "
             + ", ".join(LINK_KINDS) + ".",
    "versions": "Ids of other versions of the same work (one side is enough).",
    "also_presented": "Other venues where the paper was presented, perhaps under another title.",
    "selected": "true to list it under the home page's selected papers.",
    "bibtex_key": "Its citation key (default: the id).",
    "volume": "Volume, for citations.",
    "pages": "Pages, for citations (e.g. 573-582).",
    "number": "Issue or report number, for citations.",
    "editors": "Editors of the book or proceedings, for citations.",
    "publisher": "Publisher, for citations.",
    "address": "The publisher's city, for citations.",
    "topics": "Topics (e.g. [energy-based models, sampling]): readers filter lists by them; each has a page.",
    "preview": "A thumbnail: a picture in docs/ (png, jpg, webp, gif), e.g. papers/<id>/figure.png.",
    "name": "The owner's name, highlighted in author lists.",
    "name_forms": "Other spellings of the owner's name in author lists.",
    "owner": "Whose site this is.",
    "papers": "Every paper, one entry each; lists show them newest first.",
    "bibtex_import": "How `pubsite import` files BibTeX entries (optional).",
    "sections": "BibTeX entry type -> section (e.g. misc: other), overriding the importer's guess.",
    "workshop_words": "Words that make an @inproceedings a workshop paper (default: [workshop]).",
}


def _object(fields: dict, description: str | None = None) -> dict:
    """A JSON Schema object from a validator table: name -> (checker, required)."""
    properties = {}
    for name, (checker, _) in fields.items():
        fragment = dict(getattr(checker, "json_schema", {})) if checker is not None else {}
        fragment["description"] = FIELD_HELP[name]
        properties[name] = fragment
    schema = {"type": "object", "properties": properties,
              "required": [name for name, (_, required) in fields.items() if required],
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def json_schema() -> dict:
    """The whole schema of the publication list."""
    paper = _object(validation.PAPER_FIELDS)
    paper["properties"]["also_presented"] = {
        "type": "array", "items": _object(validation.PRESENTATION_FIELDS),
        "description": FIELD_HELP["also_presented"]}
    settings = {
        "type": "object", "description": FIELD_HELP["bibtex_import"], "additionalProperties": False,
        "properties": {
            "sections": {"type": "object", "description": FIELD_HELP["sections"],
                         "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9_-]*$"},
                         "additionalProperties": {"enum": list(SECTIONS)}},
            "workshop_words": dict(validation._text_list.json_schema, description=FIELD_HELP["workshop_words"]),
        },
    }
    top = {"owner": dict(_object(validation.OWNER_FIELDS), description=FIELD_HELP["owner"]),
           "papers": {"type": "array", "items": paper, "description": FIELD_HELP["papers"]},
           "bibtex_import": settings}
    assert list(top) == list(validation.TOP_LEVEL_FIELDS), "a top-level field has no schema"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Publication list (data/publications.yml)",
        "description": "Made by `pubsite schema` from the checks the site's build runs.",
        "type": "object",
        "properties": top,
        "required": ["owner", "papers"],
        "additionalProperties": False,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def run(output: str = SCHEMA_FILE, out=None) -> int:
    path = Path(output)
    if not path.parent.is_dir():
        print(f"error: {path.parent} is not a folder (run from the site's root, or give --output)", file=sys.stderr)
        return 1
    path.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {path}. Name it in the first line of the data file: {MODELINE}", file=out or sys.stdout)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", default=SCHEMA_FILE, help="where to write it (default: %(default)s)")
