"""Which letters a font file can draw: so that a picture or a PDF never shows a box, or a gap, where
a letter should be, and the owner is told instead (Pillow reads the font's own glyph table)."""

from __future__ import annotations

from PIL import ImageFont


def covers(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """Whether ``font`` has a glyph for every character of ``text`` (a missing one is drawn as the
    font's "no glyph" box, the same as for a private-use character no font has)."""
    def drawn(char: str):
        mask = font.getmask(char)
        return mask.size, bytes(mask)

    missing = drawn("\U000F0000")
    return all(drawn(char) != missing for char in set(text) if not char.isspace())


def uncovered(font_files: tuple[str, ...], letters: str) -> str:
    """The letters of ``letters`` that none of ``font_files`` has."""
    left = "".join(dict.fromkeys(letters))
    for path in font_files:
        if not left:
            break
        font = ImageFont.truetype(path, 24)
        left = "".join(letter for letter in left if not covers(font, letter))
    return left
