"""Which letters a font file can draw: so that a picture or a PDF never shows a box, or a gap, where
a letter should be, and the owner is told instead. Pillow opens the font (and draws a letter, for
the social card); the font's own table of letters (``cmap``) says which it has, as it does for
Typst, which is fast enough to ask of every font of a machine."""

from __future__ import annotations

import struct
from bisect import bisect_right

from PIL import ImageFont

#: Sizes (pixels) to open a font at. An outline font opens at any; a colour-emoji font of bitmaps
#: opens only at a size it has (Noto Color Emoji: 109; Apple Color Emoji: 20 to 160).
SIZES = (24, 109, 160, 96, 64, 48, 40, 32, 20)


def covers(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """Whether ``font`` has a glyph for every character of ``text`` (a missing one is drawn as the
    font's "no glyph" box, the same as for a private-use character no font has)."""
    def drawn(char: str):
        mask = font.getmask(char)
        return mask.size, bytes(mask)

    missing = drawn("\U000F0000")
    return all(drawn(char) != missing for char in set(text) if not char.isspace())


def _face(path: str, index: int) -> ImageFont.FreeTypeFont:
    for size in SIZES[:-1]:
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError as error:
            if "invalid pixel size" not in str(error):
                raise
    return ImageFont.truetype(path, SIZES[-1], index=index)


def faces(path: str) -> list[ImageFont.FreeTypeFont]:
    """Every face of a font file (a collection, .ttc or .otc, holds several); OSError if Pillow
    cannot read it as a font."""
    found = [_face(path, 0)]
    while path.lower().endswith((".ttc", ".otc")):
        try:
            found.append(_face(path, len(found)))
        except OSError:
            break
    return found


def _read(file, offset: int, size: int) -> bytes:
    file.seek(offset)
    data = file.read(size)
    if len(data) < size:
        raise ValueError("the font file ends too soon")
    return data


#: Unicode tables of a font, best first: (platform, encoding, format). A font for Windows' "symbol"
#: encoding (3, 0) maps no letter.
_TABLES = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 4, 4), (0, 6, 4))


def _format_12(table: bytes) -> list[tuple[int, int]]:
    count = struct.unpack_from(">I", table, 12)[0]
    return [struct.unpack_from(">II", table, 16 + 12 * group) for group in range(count)]


def _format_4(table: bytes) -> list[tuple[int, int]]:
    segments = struct.unpack_from(">H", table, 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", table, 14)
    starts = struct.unpack_from(f">{segments}H", table, 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}H", table, 16 + 4 * segments)
    offsets_at = 16 + 6 * segments
    found = []
    for segment, (start, end) in enumerate(zip(starts, ends)):
        offset = struct.unpack_from(">H", table, offsets_at + 2 * segment)[0]
        for code in range(start, min(end, 0xFFFE) + 1):
            if offset:  # the glyph is read from the table; 0 is "no glyph"
                at = offsets_at + 2 * segment + offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", table, at)[0] if at + 2 <= len(table) else 0
                glyph = (glyph + deltas[segment]) & 0xFFFF if glyph else 0
            else:
                glyph = (code + deltas[segment]) & 0xFFFF
            if glyph:
                if found and found[-1][1] == code - 1:
                    found[-1] = (found[-1][0], code)
                else:
                    found.append((code, code))
    return found


def _letters_of_face(file, start: int) -> list[tuple[int, int]]:
    """(first, last) code points of the ranges one face has, in order, from its ``cmap`` table."""
    count = struct.unpack_from(">H", _read(file, start + 4, 2))[0]
    directory = _read(file, start + 12, 16 * count)
    for entry in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * entry)
        if tag == b"cmap":
            cmap = _read(file, offset, length)
            break
    else:
        return []
    tables = {}
    for entry in range(struct.unpack_from(">H", cmap, 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * entry)
        tables[(platform, encoding, struct.unpack_from(">H", cmap, offset)[0])] = offset
    for key in _TABLES:
        if key in tables:
            table = cmap[tables[key]:]
            return sorted(_format_12(table) if key[2] == 12 else _format_4(table))
    return []


def letter_ranges(path: str) -> list[list[tuple[int, int]]]:
    """The code point ranges each face of a font file has (a collection, .ttc, holds several);
    OSError or ValueError if it is not a font."""
    with open(path, "rb") as file:
        head = _read(file, 0, 12)
        try:
            if head[:4] == b"ttcf":
                count = struct.unpack_from(">I", head, 8)[0]
                starts = struct.unpack_from(f">{count}I", _read(file, 12, 4 * count))
                return [_letters_of_face(file, start) for start in starts]
            return [_letters_of_face(file, 0)]
        except struct.error as error:
            raise ValueError(f"not a font: {error}") from None


def _has(ranges: list[tuple[int, int]], letter: str) -> bool:
    at = bisect_right(ranges, (ord(letter), 0x10FFFF + 1)) - 1
    return at >= 0 and ranges[at][0] <= ord(letter) <= ranges[at][1]


def uncovered(font_files: tuple[str, ...], letters: str) -> str:
    """The letters of ``letters`` that no face of ``font_files`` has. A file that cannot be read as
    a font has none (the owner's own are checked when ``data/cv.yml`` is read; the machine's may be
    of a kind only Typst reads)."""
    left = "".join(dict.fromkeys(letters))
    for path in font_files:
        if not left:
            break
        try:
            found = letter_ranges(path)
        except (OSError, ValueError):
            continue
        for ranges in found:
            left = "".join(letter for letter in left if not _has(ranges, letter))
    return left
