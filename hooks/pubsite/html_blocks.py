"""Generated HTML that skips the Markdown parser: a placeholder in the Markdown, the HTML after.

A publication list is HTML already (a hundred entries on a long list's page). Handing it to
Python-Markdown as a raw block costs more than the rest of the page: MkDocs and Markdown parse
the whole block twice (for anchors, and to stash it), only to copy it through unchanged. So a
page's Markdown gets a short HTML comment in the block's place; after Markdown, ``anchors``
checks that each comment came through and tells the ids the blocks will bring, and ``fill``
puts the blocks in (as late as the caller likes: the search plugin need not parse blocks it
leaves out of its index anyway). The page's HTML is the same, byte for byte.

The comment carries a random token of this process, so text an author writes can never be
taken for one. A placeholder that does not come out of Markdown exactly once (it stood inside
a code block, say) is reported, never silently left out.
"""

from __future__ import annotations

import os
from typing import NamedTuple


class HtmlBlock(NamedTuple):
    html: str
    anchors: frozenset[str]  # the ids inside ``html``, for MkDocs' check of links to #anchors
    line: int                 # the line of the page's placeholder, for error messages


class MisplacedBlock(Exception):
    """A placeholder's comment came out of Markdown changed, or not exactly once."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class HtmlBlocks:
    """The blocks held back from each page's Markdown, by page, until its HTML is ready."""

    def __init__(self) -> None:
        self._token = os.urandom(8).hex()  # what secrets.token_hex(8) does, without importing it
        self._pages: dict[str, dict[str, HtmlBlock]] = {}

    def clear(self) -> None:
        self._pages = {}

    def hold(self, page: str, html: str, anchors: frozenset[str] | set[str], line: int) -> str:
        """Keep ``html`` for ``page``; returns the comment to put in the Markdown in its place."""
        blocks = self._pages.setdefault(page, {})
        placeholder = f"<!-- pubsite-block {self._token} {len(blocks)} -->"
        blocks[placeholder] = HtmlBlock(html, frozenset(anchors), line)
        return placeholder

    def holds(self, page: str) -> bool:
        """Whether any block waits for ``page``."""
        return page in self._pages

    def anchors(self, page: str, html: str) -> frozenset[str]:
        """The ids ``page``'s blocks hold, once its HTML shows each placeholder exactly once."""
        anchors: set[str] = set()
        for placeholder, block in self._pages.get(page, {}).items():
            if html.count(placeholder) != 1:
                raise MisplacedBlock(block.line)
            anchors |= block.anchors
        return frozenset(anchors)

    def fill(self, page: str, html: str) -> str:
        """``page``'s HTML with its blocks in place; forgets them."""
        for placeholder, block in self._pages.pop(page, {}).items():
            if html.count(placeholder) != 1:
                raise MisplacedBlock(block.line)
            html = html.replace(placeholder, block.html)
        return html

    def expand(self, page: str, markdown: str) -> str:
        """``markdown`` with the blocks written into it: the page as a plain Markdown file."""
        for placeholder, block in self._pages.get(page, {}).items():
            markdown = markdown.replace(placeholder, block.html)
        return markdown
