"""A picture far heavier than a web page needs is named, with its size, when the site is built."""

from __future__ import annotations

from pathlib import Path

from conftest import build, run_mkdocs

from pubsite.data.image_sizes import LIMIT_BYTES, oversized


def test_only_pictures_above_the_limit_are_named():
    assert oversized({"assets/images/photo.jpg": 4_404_019, "assets/images/small.png": 40_000,
                      "papers/x/figure.png": LIMIT_BYTES}) == [
        "docs/assets/images/photo.jpg is 4.2 MB, far more than a web page needs (a photo shown at 180 px takes "
        "under 100 KB): resize it, e.g. to 400 px wide, and save it as JPEG or WebP"]


def test_a_heavy_photo_is_a_warning_that_strict_mode_stops_on(project: Path):
    photo = project / "docs/assets/images/holiday.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * (LIMIT_BYTES + 1000))
    strict = build(project)
    output = strict.stdout + strict.stderr
    assert strict.returncode == 1, output
    assert "docs/assets/images/holiday.jpg is 0.5 MB, far more than a web page needs" in output
    relaxed = run_mkdocs(project, "build", "--no-strict", "--site-dir", str(project / "site"))
    assert relaxed.returncode == 0 and "holiday.jpg is 0.5 MB" in relaxed.stdout + relaxed.stderr
