"""The ``pubsite`` command, installed by ``pip install -e .``; run it from the project's root.

    pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] [--encoding utf-8]

``import`` adds the papers of BibTeX files to the publication list (see ``import_bibtex``).
``python -m pubsite.cli`` does the same without the installed script.
"""

from __future__ import annotations

import argparse
import sys

from . import import_bibtex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pubsite", description="Tools for the publication list of this site.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    importer = commands.add_parser(
        "import", help="add the papers of BibTeX files to the publication list",
        description=import_bibtex.DESCRIPTION,
    )
    import_bibtex.add_arguments(importer)
    arguments = parser.parse_args(argv)
    return import_bibtex.run_arguments(arguments)


if __name__ == "__main__":
    sys.exit(main())
