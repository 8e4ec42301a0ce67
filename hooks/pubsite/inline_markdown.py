"""Short Markdown from the data file (summaries, notes), rendered so that it cannot inject HTML.

The owner may write emphasis, code and links; raw HTML is shown as text, because ``<``, ``>`` and
``&`` are escaped before Markdown sees the text. Link targets are limited to http(s) so a data file
cannot smuggle in ``javascript:`` URLs.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

_RENDERER = markdown.Markdown(extensions=["smarty"], output_format="html")


def render_inline(text: str) -> str:
    """Markdown -> HTML for one paragraph's worth of text, without the surrounding ``<p>``."""
    _RENDERER.reset()
    rendered = _RENDERER.convert(html.escape(text, quote=False))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def render_block(text: str) -> str:
    """Markdown -> HTML for text that may hold several paragraphs."""
    _RENDERER.reset()
    return _RENDERER.convert(html.escape(text, quote=False))


class _TextAndLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append(value)

    def handle_data(self, data):
        self.text.append(data)


def _parse(rendered: str) -> _TextAndLinks:
    parser = _TextAndLinks()
    parser.feed(rendered)
    parser.close()
    return parser


def unsafe_link_targets(text: str) -> list[str]:
    """Link or image targets in ``text`` that are not absolute http(s) URLs."""
    targets = _parse(render_block(text)).targets
    return [target for target in targets if not re.match(r"^https?://[^\s/]", target)]


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup: for meta descriptions and search snippets."""
    words = "".join(_parse(render_block(text)).text)
    return " ".join(words.split())
