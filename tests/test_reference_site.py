"""The kit's reference site (``tests/fixtures/site``) sets the kit up as this repository's site does.

The kit's tests build the reference site, so that adopting the kit never breaks them; its
``mkdocs.yml`` must still run the kit with the settings the repository's runs it with, or the tests
would test something else.
"""

from __future__ import annotations

from conftest import CONTENT_ROOT, PROJECT_ROOT
from pubsite.testing.site_checks import load_config

KIT_SETTINGS = ("hooks", "theme.name", "theme.features", "markdown_extensions", "plugins", "watch",
                "validation", "use_directory_urls", "strict")


def _setting(config: dict, dotted: str):
    value = config
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def test_the_reference_site_runs_the_same_kit_settings():
    own, reference = load_config(PROJECT_ROOT / "mkdocs.yml"), load_config(CONTENT_ROOT / "mkdocs.yml")
    for key in KIT_SETTINGS:
        assert _setting(own, key) == _setting(reference, key), (
            f"mkdocs.yml and tests/fixtures/site/mkdocs.yml differ in '{key}': the kit's tests would not "
            "test the kit as this site runs it")
        assert _setting(own, key) is not None, f"mkdocs.yml has no {key!r}"
