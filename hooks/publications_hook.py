"""This site's MkDocs hook: hands MkDocs' events to the installed publications kit (``pubsite``)."""

from pubsite.mkdocs_adapter.events import *  # noqa: F401,F403  on_config, on_files, ... (see their docs)
