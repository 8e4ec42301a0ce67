"""Short Markdown from the data file (summaries, notes), rendered so that it cannot inject HTML.

The owner may write emphasis, code and links; raw HTML is shown as text, because ``<``, ``>`` and
``&`` are escaped before Markdown sees the text. Link targets are limited to http(s) so a data file
cannot smuggle in ``javascript:`` URLs.

A summary is needed in several forms (list item, paper page, meta description, feed, CSL, RIS,
JSON-LD, validation), so each text's rendering is remembered (a pure function of the text: it can
never be stale). The plainest one-line texts are written by ``simple_markdown``, which gives exactly
Python-Markdown's output in a fraction of the time; the rest go through Python-Markdown.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser

import markdown

from pubsite.render import simple_markdown

#: Texts remembered: far more than a publication list holds, and a bound for a long ``serve``.
CACHE_SIZE = 1 << 16


@cache
def _renderer() -> markdown.Markdown:
    """Python-Markdown with SmartyPants, made when a text first needs it (it takes 10 ms)."""
    return markdown.Markdown(extensions=["smarty"], output_format="html")


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


@lru_cache(maxsize=CACHE_SIZE)
def _rendered(text: str) -> tuple[str, str, tuple[str, ...]]:
    """The text as HTML, its words (one space between them), and its link and image targets."""
    simple = simple_markdown.render(text)
    if simple is not None:
        return f"<p>{simple.html}</p>", " ".join(simple.plain.split()), simple.targets
    renderer = _renderer()
    renderer.reset()
    rendered = renderer.convert(html.escape(text, quote=False))
    parser = _TextAndLinks()
    parser.feed(rendered)
    parser.close()
    return rendered, " ".join("".join(parser.text).split()), tuple(parser.targets)


def render_block(text: str) -> str:
    """Markdown -> HTML for text that may hold several paragraphs."""
    return _rendered(text)[0]


def render_inline(text: str) -> str:
    """Markdown -> HTML for one paragraph's worth of text, without the surrounding ``<p>``."""
    rendered = render_block(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def _may_link(text: str) -> bool:
    """Whether Python-Markdown could make a link or image of ``text``.

    With ``<`` escaped there are no autolinks or raw HTML; an inline link or image needs ``](``
    and a reference link resolves only against a definition, ``[id]: address``, which needs ``]:``.
    """
    return "](" in text or "]:" in text


def unsafe_link_targets(text: str) -> list[str]:
    """Link or image targets in ``text`` that are not absolute http(s) URLs."""
    if not _may_link(text):
        return []
    return [target for target in _rendered(text)[2] if not re.match(r"^https?://[^\s/]", target)]


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup: for meta descriptions and search snippets."""
    return _rendered(text)[1]
