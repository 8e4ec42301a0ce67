"""An email address that people can read and click but that is not in the page's HTML source.

The page holds the address reversed and base64-encoded in a data attribute; a small script
(the kit's ``assets/javascripts/email.js``, in ``pubsite/mkdocs_adapter/theme/``) decodes it into a ``mailto:`` link when the page loads.
Without JavaScript, the reader sees the address spelled out with words instead of symbols.
"""

from __future__ import annotations

import base64
import html


def encode_address(address: str) -> str:
    return base64.b64encode(address[::-1].encode("utf-8")).decode("ascii")


def spelled_out(address: str) -> str:
    """``a.b@c.edu`` -> ``a.b [at] c [dot] edu``: readable by a person, not a plain address."""
    user, _, domain = address.partition("@")
    return f"{user} [at] {' [dot] '.join(domain.split('.'))}"


def render_email(address: str) -> str:
    encoded = html.escape(encode_address(address), quote=True)
    fallback = html.escape(spelled_out(address), quote=False)
    return f'<span class="obfuscated-email" data-email="{encoded}">{fallback}</span>'
