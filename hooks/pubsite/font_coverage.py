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


def faces(path: str) -> list[ImageFont.FreeTypeFont]:
    """Every face of a font file (a collection, .ttc or .otc, holds several); OSError if Pillow
    cannot read it as a font."""
    found = [ImageFont.truetype(path, 24)]
    while path.lower().endswith((".ttc", ".otc")):
        try:
            found.append(ImageFont.truetype(path, 24, index=len(found)))
        except OSError:
            break
    return found


def uncovered(font_files: tuple[str, ...], letters: str) -> str:
    """The letters of ``letters`` that no face of ``font_files`` has."""
    left = "".join(dict.fromkeys(letters))
    for path in font_files:
        for font in faces(path) if left else ():
            left = "".join(letter for letter in left if not covers(font, letter))
    return left
