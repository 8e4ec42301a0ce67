"""The picture shown when a page of a new site is shared: the owner's initials, name and a line.

Link previews (Slack, LinkedIn, X, Mastodon) need a PNG or JPEG of about 1200 x 630 pixels; SVG is
not shown. Pillow draws it, with the first font that has every letter of the text: a common system
sans-serif (DejaVu, Liberation, Noto, Arial, Helvetica), else the font Pillow ships with (which has
no accented letters). A name no font can write is never drawn with boxes for letters: there is no
card then (``None``), and the caller says so. ``pubsite new`` writes it once; the owner may replace
it with any picture of that size.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pubsite.cv.font_coverage import covers

FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Helvetica.ttc",
    "C:/Windows/Fonts/arial.ttf",
)

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (57, 73, 171)     # the theme's indigo
DISC = (197, 202, 233)
INITIALS = (40, 53, 147)
TEXT = (255, 255, 255)
LINE = (232, 234, 246)


def _load(source: str | None, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size) if source is None else ImageFont.truetype(source, size)


def font_for(text: str) -> str | None | bool:
    """The first font source (a file, or None for Pillow's own) with every letter of ``text``;
    False when there is none."""
    for source in (*[path for path in FONT_FILES if Path(path).is_file()], None):
        if covers(_load(source, 40), text):
            return source
    return False


def _font_that_fits(source: str | None, text: str, width: int, size: int, smallest: int = 28):
    """The font at ``size``, smaller until ``text`` fits ``width`` pixels."""
    while True:
        font = _load(source, size)
        if font.getlength(text) <= width or size <= smallest:
            return font
        size -= 4


def social_card_png(name: str, initials: str, line: str = "") -> bytes | None:
    """The card as PNG bytes: a disc with ``initials``, then ``name`` and ``line`` beside it; None
    when no font available here has every letter of them."""
    source = font_for(name + initials + line)
    if source is False:
        return None
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    centre, radius = (260, HEIGHT // 2), 150
    draw.ellipse((centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius), fill=DISC)
    draw.text(centre, initials, font=_load(source, 120), fill=INITIALS, anchor="mm")
    left, room = 490, WIDTH - 490 - 60
    draw.text((left, HEIGHT // 2 - 10), name, font=_font_that_fits(source, name, room, 76), fill=TEXT, anchor="ls")
    if line:
        draw.text((left, HEIGHT // 2 + 60), line, font=_font_that_fits(source, line, room, 36, 20), fill=LINE,
                  anchor="ls")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
