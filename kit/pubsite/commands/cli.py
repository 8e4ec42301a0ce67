"""The ``pubsite`` command, installed with the kit (``pip install pubsite``, or a site's ``pip install .``).

    pubsite new ../my-site --name "Ada Example" --site-url https://ada.github.io/ [--bib papers.bib] ...
    pubsite import refs.bib [more.bib] [--data data/publications.yml] [--dry-run] [--encoding utf-8]
    pubsite schema [--output data/publications.schema.json]
    pubsite upgrade [--to X.Y.Z]
    pubsite --version

``new`` makes a new researcher's site that installs this kit (see ``new_site``); ``import``, run
from a site's root, adds the papers of BibTeX files to its publication list (see ``import_bibtex``);
``schema`` writes the JSON Schema editors use to check ``data/publications.yml`` (see ``schema``);
``upgrade``, run in a site, moves it to a newer kit (see ``upgrade``). ``python -m pubsite`` does the
same without the installed script.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys

from pubsite.commands import kit_pin, new_site
from pubsite.data import schema
from pubsite.importers import import_bibtex


def _upgrade_module():
    """``pubsite.commands.upgrade`` when this kit has it (None otherwise), or the ``ImportError`` that
    keeps it from loading (reported when ``upgrade`` is run, so that the other commands still work)."""
    if importlib.util.find_spec("pubsite.commands.upgrade") is None:
        return None
    try:
        from pubsite.commands import upgrade
    except ImportError as error:
        return error
    return upgrade


def parser() -> argparse.ArgumentParser:
    version = kit_pin.running_version()
    main_parser = argparse.ArgumentParser(
        prog="pubsite", description="Tools for a researcher's site made with the publications kit, pubsite.",
        epilog=f"The kit's guide (data files, import, CV, publishing, upgrading): {kit_pin.guide_link(version)}")
    main_parser.add_argument("--version", action="version", version=f"pubsite {version}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    maker = commands.add_parser("new", help="make a new researcher's site that installs this kit",
                                description=new_site.DESCRIPTION)
    new_site.add_arguments(maker)
    importer = commands.add_parser(
        "import", help="add the papers of BibTeX files to the publication list",
        description=import_bibtex.DESCRIPTION,
    )
    import_bibtex.add_arguments(importer)
    schema.add_arguments(commands.add_parser("schema", help="write the JSON Schema of the publication list",
                                             description=schema.__doc__.split("\n\n")[0]))
    upgrade = _upgrade_module()
    if upgrade is not None:
        summary = "move this site to a newer kit, with each step between the two versions"
        if isinstance(upgrade, ImportError):
            commands.add_parser("upgrade", help=summary, description=f"{summary} (cannot run here: {upgrade})")
        else:
            upgrade.add_arguments(commands.add_parser(
                "upgrade", help=summary,
                description=getattr(upgrade, "DESCRIPTION", None) or (upgrade.__doc__ or summary).split("\n\n")[0]))
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if arguments.command == "new":
        return new_site.run_arguments(arguments)
    if arguments.command == "schema":
        return schema.run(arguments.output)
    if arguments.command == "upgrade":
        upgrade = _upgrade_module()
        if isinstance(upgrade, ImportError):
            print(f"error: pubsite upgrade cannot run in this installation of the kit: {upgrade} (install the kit "
                  "again with its dependencies: pip install .)", file=sys.stderr)
            return 1
        return upgrade.run_arguments(arguments)
    return import_bibtex.run_arguments(arguments)


if __name__ == "__main__":
    sys.exit(main())
