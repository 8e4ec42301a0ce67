"""The ``pubsite`` command, installed by ``pip install -e .``.

    pubsite new ../my-site --name "Ada Example" --site-url https://ada.github.io/ [--bib papers.bib] ...
    pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] [--encoding utf-8]
    pubsite schema [--output data/publications.schema.json]

``new`` makes a new researcher's site from this kit (see ``new_site``); ``import``, run from a
site's root, adds the papers of BibTeX files to its publication list (see ``import_bibtex``);
``schema`` writes the JSON Schema editors use to check ``data/publications.yml`` (see ``schema``).
``python -m pubsite.commands.cli`` does the same without the installed script.
"""

from __future__ import annotations

import argparse
import sys

from pubsite.importers import import_bibtex
from pubsite.commands import new_site
from pubsite.data import schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pubsite", description="Tools for a researcher's site made with this kit.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    maker = commands.add_parser("new", help="make a new researcher's site from this kit",
                                description=new_site.DESCRIPTION)
    new_site.add_arguments(maker)
    importer = commands.add_parser(
        "import", help="add the papers of BibTeX files to the publication list",
        description=import_bibtex.DESCRIPTION,
    )
    import_bibtex.add_arguments(importer)
    schema.add_arguments(commands.add_parser("schema", help="write the JSON Schema of the publication list",
                                             description=schema.__doc__.split("\n\n")[0]))
    arguments = parser.parse_args(argv)
    if arguments.command == "new":
        return new_site.run_arguments(arguments)
    if arguments.command == "schema":
        return schema.run(arguments.output)
    return import_bibtex.run_arguments(arguments)


if __name__ == "__main__":
    sys.exit(main())
