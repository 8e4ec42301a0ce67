"""This repository's own site (Will's ``mkdocs.yml``, ``docs/`` and ``data/``), checked by the kit's
generic checks of a site, exactly as every site ``pubsite new`` makes checks itself
(its ``tests/test_site.py``): see ``pubsite.testing.site_checks``."""

from pubsite.testing.site_checks import *  # noqa: F401,F403
