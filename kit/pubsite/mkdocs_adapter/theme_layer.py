"""The kit's templates, stylesheets and scripts reach a build from the installed package.

They live in ``theme/`` beside this file (``main.html``, ``base.html``, ``partials/``,
``assets/stylesheets/``, ``assets/javascripts/``), and MkDocs finds them through its theme
directories, documented ground: ``config.theme.dirs`` is the list of folders MkDocs' Jinja loader
searches in order, and from which, after ``on_config``, it copies the static files (CSS, JS) that
``docs/`` does not have (``Files.add_files_from_theme``); MkDocs' own search plugin adds its templates
the same way, in its ``on_config`` (``mkdocs/contrib/search``). ``add_theme_layer`` (called by ``on_config``)
puts the kit's folder

* right after the site's own ``theme.custom_dir`` (``overrides/``) when it has one, else first: an
  owner's ``overrides/main.html`` or ``overrides/partials/toc.html`` wins over the kit's file of
  the same path, and Material's templates stay underneath the kit's;
* into the list once, even if ``on_config`` runs again on the same configuration.

A file of the same path in the site's ``docs/`` replaces the kit's stylesheet or script in the
output (MkDocs takes no theme file that ``docs/`` already has). The kit's stylesheets go first in
``extra_css`` (an owner's own stylesheet, listed in ``mkdocs.yml``, comes after them and so can
override them) and its scripts first in ``extra_javascript``, with ``defer`` (they decorate the
page and must not delay its first paint), each unless the site lists the same path itself, which
then stays where and as the site lists it.
"""

from __future__ import annotations

import os
import posixpath

from mkdocs.config.config_options import ExtraScript
from mkdocs.exceptions import PluginError

THEME_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")
"""The kit's theme folder, as an absolute path (the form MkDocs gives ``theme.dirs`` entries)."""

STYLESHEETS = ("assets/stylesheets/publications.css", "assets/stylesheets/accessibility.css")
SCRIPTS = ("assets/javascripts/email.js", "assets/javascripts/filters.js")  # both with defer

THEME_NAME = "material"
"""The theme the kit's templates extend (``base.html`` is a corrected copy of Material's)."""


def add_theme_layer(config) -> None:
    """Add the kit's theme folder, stylesheets and scripts to MkDocs' ``config`` (see the module)."""
    _check_theme(config)
    _add_theme_dir(config.theme)
    config.extra_css[:0] = [path for path in STYLESHEETS if path not in _listed(config.extra_css)]
    listed = _listed(config.extra_javascript)
    config.extra_javascript[:0] = [_deferred(path) for path in SCRIPTS if path not in listed]


def _check_theme(config) -> None:
    if config.theme.name != THEME_NAME:
        name = "none" if config.theme.name is None else repr(config.theme.name)
        raise PluginError(
            f"{config.config_file_path}: 'theme: name:' is {name}; the publications kit's templates "
            f"extend Material for MkDocs: set 'theme: name: {THEME_NAME}' (your own templates go in "
            "'theme: custom_dir:')"
        )


def _add_theme_dir(theme) -> None:
    dirs = theme.dirs
    if any(_same_dir(existing, THEME_DIR) for existing in dirs):
        return  # already there: on_config ran again on this configuration
    custom = theme.custom_dir
    at = next((i + 1 for i, existing in enumerate(dirs) if custom is not None and _same_dir(existing, custom)), 0)
    dirs.insert(at, THEME_DIR)


def _same_dir(one: str, other: str) -> bool:
    return os.path.normcase(os.path.abspath(one)) == os.path.normcase(os.path.abspath(other))


def _listed(entries) -> set[str]:
    """The paths a site's ``extra_css`` or ``extra_javascript`` lists (``./a.css`` is ``a.css``)."""
    return {posixpath.normpath(str(entry)) for entry in entries}


def _deferred(path: str):
    """A script entry as MkDocs makes it from ``- path: ...`` with ``defer: true`` in ``mkdocs.yml``."""
    return ExtraScript().validate({"path": path, "defer": True})
