"""The site's settings in ``mkdocs.yml`` (``extra:`` and ``site_url``) are checked by one schema."""

from __future__ import annotations

import pytest

from pubsite.mkdocs_adapter.settings import SettingsError, read_settings


def test_settings_default_and_read():
    settings, url = read_settings({"social": [{"link": "https://x.org/me"}, {"icon": "no link"}]}, "https://x.org")
    assert url == "https://x.org/" and settings.publications_per_page == 100 and settings.email is None
    assert settings.profiles == ("https://x.org/me",) and settings.affiliations == ()
    settings, _ = read_settings({"affiliation": "A Lab", "email": "a@b.org", "publications_per_page": 7}, "https://x/")
    assert (settings.affiliations, settings.email, settings.publications_per_page) == (("A Lab",), "a@b.org", 7)
    assert (settings.publications_order, settings.publications_year_headings) == ("newest_first", False)
    settings, _ = read_settings({"publications_order": "as_written", "publications_year_headings": True}, "https://x/")
    assert (settings.publications_order, settings.publications_year_headings) == ("as_written", True)


@pytest.mark.parametrize(("extra", "message"), [
    ({"publications_per_page": 0}, "'extra: publications_per_page:' must be a whole number of at least 1, got 0"),
    ({"publications_per_page": True}, "'extra: publications_per_page:' must be a whole number of at least 1"),
    ({"email": "nobody"}, "'extra: email:' must be an email address, got 'nobody'"),
    ({"affiliation": 3}, "'extra: affiliation:'"),
    ({"social_image": ["a.png"]}, "'extra: social_image:'"),
    ({"publications_order": "oldest_first"}, "'extra: publications_order:'"),
    ({"publications_year_headings": "yes"}, "'extra: publications_year_headings:'"),
])
def test_a_wrong_setting_names_the_file_and_key(extra, message):
    with pytest.raises(SettingsError) as error:
        read_settings(extra, "https://x.org/")
    assert str(error.value).startswith("mkdocs.yml: ") and message in str(error.value)


def test_site_url_is_required():
    with pytest.raises(SettingsError, match="'site_url' is required"):
        read_settings({}, None)
