"""Pictures far heavier than a web page needs: a warning with the size, before visitors pay for it.

A profile photo is shown at about 180 pixels (360 on a sharp screen), which takes 30-80 KB as a JPEG;
a camera's original is several megabytes, and every visit to the home page downloads it. The build
cannot know how large a picture is shown, so the limit is generous and in bytes: ``LIMIT_BYTES``.
"""

from __future__ import annotations

import os

LIMIT_BYTES = 500 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".bmp", ".tif", ".tiff")
#: What a thumbnail may be: the formats every browser shows and Pillow measures.
WEB_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def pixel_size(path) -> tuple[int, int]:
    """(width, height) of a picture, read from its header; ``ValueError`` if it is not one.

    The page's ``<img>`` carries them so that the browser keeps the picture's place while it loads."""
    from PIL import Image, UnidentifiedImageError  # only for sites with thumbnails

    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(f"is not a picture Pillow can read ({error.__class__.__name__})") from None


def oversized(images: dict[str, int], limit: int = LIMIT_BYTES) -> list[str]:
    """Warnings for the pictures (path in ``docs/`` -> size in bytes) above ``limit``."""
    return [f"docs/{path} is {size / 1024 / 1024:.1f} MB, far more than a web page needs (a photo shown at "
            f"180 px takes under 100 KB): resize it, e.g. to 400 px wide, and save it as JPEG or WebP"
            for path, size in sorted(images.items()) if size > limit]


def image_sizes(files) -> dict[str, int]:
    """The owner's pictures among MkDocs ``files``, with their sizes (generated files are not theirs)."""
    return {file.src_uri: os.path.getsize(file.abs_src_path) for file in files
            if file.src_uri.lower().endswith(IMAGE_SUFFIXES) and not file.generated_by
            and file.abs_src_path and os.path.isfile(file.abs_src_path)}
