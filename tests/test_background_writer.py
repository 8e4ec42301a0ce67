"""Citation files are written on a second thread; the build waits for them and reports failures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import build_fails

from pubsite.background_writer import BackgroundWriter, WriteFailed


def test_every_file_is_written_with_its_text_once_finish_returns(tmp_path: Path):
    files = [(str(tmp_path / f"papers/p{i}/cite.{kind}"), f"{kind} of paper {i}: Müller\n")
             for i in range(300) for kind in ("bib", "ris", "json")]
    expected = list(files)
    interval = sys.getswitchinterval()
    writer = BackgroundWriter()
    writer.start(files)
    writer.finish()
    assert sys.getswitchinterval() == interval  # shortened only while the thread writes
    for path, text in expected:
        assert Path(path).read_text(encoding="utf-8") == text
    writer.finish()  # nothing left to wait for: returns at once


def test_the_first_failure_is_raised_by_finish_naming_the_file(tmp_path: Path):
    (tmp_path / "papers").write_text("a file where a folder should be", encoding="utf-8")
    writer = BackgroundWriter()
    writer.start([(str(tmp_path / "ok.bib"), "ok"), (str(tmp_path / "papers/p1/cite.bib"), "x")])
    with pytest.raises(WriteFailed) as caught:
        writer.finish()
    assert caught.value.path == str(tmp_path / "papers/p1/cite.bib")
    assert (tmp_path / "ok.bib").read_text(encoding="utf-8") == "ok"
    writer.finish()  # the failure is reported once


def test_a_citation_file_that_cannot_be_written_fails_the_build(project: Path):
    """A folder stands where a paper's BibTeX file must go: the build stops and names the file."""
    config = project / "mkdocs.yml"
    # MkDocs empties the site folder before building, so the obstacle is planted by a hook whose
    # on_files runs after that and before the site's own (which starts the writer).
    (project / "hooks" / "plant_obstacle.py").write_text(
        "import os\n"
        "from mkdocs.plugins import event_priority\n"
        "@event_priority(50)\n"
        "def on_files(files, config):\n"
        "    os.makedirs(os.path.join(config.site_dir, 'papers', 'vera', 'cite.bib'))\n"
        "    return files\n",
        encoding="utf-8",
    )
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - hooks/publications_hook.py\n",
                                   "  - hooks/publications_hook.py\n  - hooks/plant_obstacle.py\n"),
                      encoding="utf-8")
    assert "plant_obstacle" in config.read_text(encoding="utf-8")
    output = build_fails(project)
    assert "could not write the citation file" in output
    assert "papers/vera/cite.bib" in output


def test_files_made_on_the_thread_replace_the_old_whole(tmp_path: Path):
    """Under serve the whole list's files are made after a rebuild; a download meanwhile gets the
    old file or the new one, never a part, and no temporary file is left behind."""
    target = tmp_path / "publications.bib"
    target.write_text("old\n", encoding="utf-8")
    seen = []

    def make() -> dict[str, str]:
        seen.append(target.read_text(encoding="utf-8"))  # while the new text is being made
        return {str(target): "new " * 100_000}

    writer = BackgroundWriter()
    writer.start_made(make)
    writer.finish()
    assert seen == ["old\n"]
    assert target.read_text(encoding="utf-8") == "new " * 100_000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["publications.bib"]


def test_files_made_after_a_quiet_moment_are_made_at_once_when_the_next_build_waits(tmp_path: Path):
    """The thread waits before making the files (the server answers the browser's reload first),
    but ``finish`` (the next rebuild, or the end of serve) does not wait for that moment."""
    import time

    target = tmp_path / "publications.bib"
    made = []
    writer = BackgroundWriter()
    writer.start_made(lambda: made.append(1) or {str(target): "new\n"}, quiet=60)
    time.sleep(0.2)
    assert made == [] and not target.exists()  # still waiting for its quiet moment
    started = time.perf_counter()
    writer.finish()
    assert time.perf_counter() - started < 30  # not the minute it was given
    assert made == [1] and target.read_text(encoding="utf-8") == "new\n"


def test_a_failure_to_make_or_write_is_raised_by_the_next_finish(tmp_path: Path):
    writer = BackgroundWriter()
    (tmp_path / "site").write_text("a file where a folder should be", encoding="utf-8")
    writer.start_made(lambda: {str(tmp_path / "site" / "publications.bib"): "x"})
    with pytest.raises(WriteFailed) as caught:
        writer.finish()
    assert caught.value.path == str(tmp_path / "site" / "publications.bib")

    def broken() -> dict[str, str]:
        raise ValueError("a bug while making the files")

    writer.start_made(broken)
    with pytest.raises(ValueError, match="a bug"):
        writer.finish()
    writer.finish()  # reported once
