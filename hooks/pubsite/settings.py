"""The site's own settings in ``mkdocs.yml``, checked by one schema (MkDocs' ``Config`` classes, as
Material's blog plugin checks its settings).

A hook has no section of its own in ``mkdocs.yml``, so the settings live under ``extra:``, beside
Material's (``social``, ``analytics``, ...), which the schema leaves alone. ``site_url`` is needed
too: citation tags, the feed and the sitemap need absolute addresses.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .pagination import DEFAULT_PAGE_SIZE


class _WholeNumber(c.BaseConfigOption[int]):
    """A whole number of at least 1 (``true`` is no number here, though Python counts it as 1)."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"must be a whole number of at least 1, got {value!r}")
        return value


class _Email(c.BaseConfigOption[str]):
    def run_validation(self, value: Any) -> str:
        if not isinstance(value, str) or "@" not in value:
            raise ValidationError(f"must be an email address, got {value!r}")
        return value


class SiteSettings(Config):
    """``extra:`` keys the generator reads; every one is optional."""

    publications_per_page = _WholeNumber(DEFAULT_PAGE_SIZE)
    """How many papers one page of a list shows; longer lists continue on numbered pages."""
    publications_order = c.Choice(("newest_first", "as_written"), default="newest_first")
    """Lists newest first (by year, then month, then the file's order), or as written in the file."""
    publications_year_headings = c.Type(bool, default=False)
    """A heading before each year's papers in the lists (not in the home page's selected papers)."""
    email = c.Optional(_Email())
    """The owner's address, shown where a page says ``<!-- email -->`` (assembled in the browser)."""
    affiliation = c.Type((str, list), default=[])
    """Where the owner works, for search engines (JSON-LD)."""
    social_image = c.Optional(c.Type(str))
    """A picture inside ``docs/`` shown when a page is shared."""
    social = c.Type(list, default=[])
    """Material's footer icons; their links are the owner's profiles (JSON-LD ``sameAs``)."""

    @property
    def affiliations(self) -> tuple[str, ...]:
        return (self.affiliation,) if isinstance(self.affiliation, str) else tuple(map(str, self.affiliation))

    @property
    def profiles(self) -> tuple[str, ...]:
        return tuple(item["link"] for item in self.social if isinstance(item, dict) and item.get("link"))


KEYS = ("publications_per_page", "publications_order", "publications_year_headings", "email",
        "affiliation", "social_image", "social")


class SettingsError(Exception):
    """A setting is wrong; the message names ``mkdocs.yml`` and the key."""


def read_settings(extra: dict, site_url: str | None, config_file: str = "mkdocs.yml") -> tuple[SiteSettings, str]:
    """The checked settings and ``site_url`` ending in ``/``, or ``SettingsError``."""
    if not site_url:
        raise SettingsError(f"{config_file}: 'site_url' is required: citation tags and feeds need absolute URLs")
    settings = SiteSettings(config_file_path=config_file)
    settings.load_dict({key: extra[key] for key in KEYS if key in extra})
    failed, _ = settings.validate()
    if failed:
        key, error = failed[0]
        raise SettingsError(f"{config_file}: 'extra: {key}:' {error}")
    return settings, site_url if site_url.endswith("/") else site_url + "/"
