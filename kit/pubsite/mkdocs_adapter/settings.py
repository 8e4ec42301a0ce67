"""The site's own settings in ``mkdocs.yml``, checked by one schema (MkDocs' ``Config`` classes, as
Material's blog plugin checks its settings).

A hook has no section of its own in ``mkdocs.yml``, so the settings live under ``extra:``, beside
Material's (``social``, ``analytics``, ...), which the schema leaves alone. ``site_url`` is needed
too: citation tags, the feed and the sitemap need absolute addresses.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from pubsite.plan.pagination import DEFAULT_PAGE_SIZE
from pubsite.data.validation import docs_file_problem, is_address, url_problem


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


SOCIAL_IMAGE_EXAMPLE = "assets/images/social-card.png"


class _Profiles(c.BaseConfigOption[list]):
    """Material's footer icons (``icon``, ``link``, ``name``). Each link is written into every
    page's footer, the home page's JSON-LD ``sameAs`` and the CV's PDF, so it must be an http(s)
    address by the rule of the paper links: never ``javascript:``, ``data:`` or ``//host``."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: Any) -> list:
        if not isinstance(value, list):
            raise ValidationError(f"must be a list of icons with links, got {value!r}")
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise ValidationError(f"item {number}: expected a mapping with 'icon' and 'link', got {item!r}")
            if "link" not in item:
                continue
            link = item["link"]
            problem = url_problem(link) if isinstance(link, str) else f"expected text, got {link!r}"
            if problem and isinstance(link, str) and link.lower().startswith("mailto:"):
                problem += " (for your email, set 'extra: email:': the pages hold it only encoded)"
            if problem:
                raise ValidationError(f"item {number}, 'link': {problem}")
        return value


class _SocialImage(c.BaseConfigOption[str]):
    """The picture shown when a page is shared: a file of the site, never another host's (the
    pages load nothing from other hosts) nor a path out of ``docs/``. Where ``docs/`` is, and so
    whether the file is there, ``read_settings`` checks when it is given the folder."""

    def run_validation(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be the path of a picture in docs/, such as {SOCIAL_IMAGE_EXAMPLE}, "
                                  f"got {value!r}")
        if is_address(value):
            raise ValidationError(f"{value!r} is an address: give a picture inside docs/, such as "
                                  f"{SOCIAL_IMAGE_EXAMPLE} (the pages load nothing from other hosts)")
        problem = docs_file_problem(value, None, "the picture")
        if problem:
            raise ValidationError(problem)
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
    social_image = c.Optional(_SocialImage())
    """A picture inside ``docs/`` shown when a page is shared."""
    social = _Profiles()
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


def read_settings(extra: dict, site_url: str | None, config_file: str = "mkdocs.yml",
                  docs_dir: Path | None = None) -> tuple[SiteSettings, str]:
    """The checked settings and ``site_url`` ending in ``/``, or ``SettingsError``. With ``docs_dir``,
    ``social_image`` must be a file there, symbolic links resolved."""
    if not site_url:
        raise SettingsError(f"{config_file}: 'site_url' is required: citation tags and feeds need absolute URLs")
    settings = SiteSettings(config_file_path=config_file)
    settings.load_dict({key: extra[key] for key in KEYS if key in extra})
    failed, _ = settings.validate()
    if failed:
        key, error = failed[0]
        raise SettingsError(f"{config_file}: 'extra: {key}:' {error}")
    image = settings.social_image
    if image and docs_dir is not None:
        problem = docs_file_problem(image, docs_dir, "the picture")
        if problem is None and not os.path.isfile(docs_dir / image.lstrip("/")):
            problem = f"docs/{image.lstrip('/')} does not exist"
        if problem:
            raise SettingsError(f"{config_file}: 'extra: social_image:' {problem}")
    return settings, site_url if site_url.endswith("/") else site_url + "/"
