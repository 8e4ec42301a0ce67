"""What a site's own tests take from the kit: ``site_checks``, the generic checks of a whole site (it
builds ``--strict``, every paper has its page, every link leads somewhere, every page is valid HTML,
the CV's PDFs and the schema are current), which a site's ``tests/test_site.py`` imports with
``from pubsite.testing.site_checks import *``. Needs the kit's ``test`` extras (``pip install ".[test]"``).
"""

try:  # pytest's detailed assertion messages in the checks, as in a site's own test files
    import pytest
except ImportError:  # pragma: no cover - the checks need pytest; importing this package alone does not
    pass
else:
    pytest.register_assert_rewrite("pubsite.testing.site_checks")
