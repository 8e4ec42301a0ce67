"""Reading the list piece by piece after an edit gives exactly what reading it whole gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from pubsite.errors import DataError
from pubsite.yaml_chunks import ChunkedReader
from pubsite.yaml_source import MarkedDict, MarkedList, load_marked_yaml

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import publications_yaml  # noqa: E402

REAL = (PROJECT_ROOT / "data" / "publications.yml").read_text(encoding="utf-8")


def with_marks(value):
    """The value with every line it remembers, so two reads can be compared in full."""
    if isinstance(value, MarkedDict):
        return ("map", value.line, [(key, value.key_lines[key], with_marks(item)) for key, item in value.items()])
    if isinstance(value, MarkedList):
        return ("seq", value.line, [(line, with_marks(item)) for line, item in zip(value.item_lines, value)])
    return value


def outcome(read, text: str):
    try:
        return with_marks(read(text, "data/publications.yml"))
    except DataError as error:
        return ("error", error.describe())


def same_as_whole(reader: ChunkedReader, text: str) -> None:
    assert outcome(reader.read, text) == outcome(load_marked_yaml, text)


EDITS = [
    ("a title", lambda t: t.replace("Backpropagation through the Void", "Through the Void, edited", 1)),
    ("a line added", lambda t: t.replace("    year: 2018\n", "    year: 2018\n    selected: true\n", 1)),
    ("a paper removed", lambda t: t[: t.index("  - id: condgen")] + t[t.index("  - id: iresnet"):]),
    ("a paper added first", lambda t: t.replace("papers:\n", "papers:\n  - id: new\n    title: New\n", 1)),
    ("a comment between papers", lambda t: t.replace("  - id: lsd", "  # a comment\n\n  - id: lsd", 1)),
    ("a repeated key in one paper", lambda t: t.replace("    year: 2018\n", "    year: 2018\n    year: 2019\n", 1)),
    ("malformed YAML in one paper", lambda t: t.replace("    year: 2018\n", "    year: [2018\n", 1)),
    ("an unclosed quote", lambda t: t.replace('title: "', 'title: "\n  - id: fake\n', 1)),
    ("an alias to another paper", lambda t: t.replace("  - id: vera", "  - id: vera\n    x: &shared 1", 1)
     .replace("  - id: lsd", "  - id: lsd\n    y: *shared", 1)),
    ("a document marker", lambda t: t.replace("  - id: lsd", "---\n  - id: lsd", 1)),
    ("a key after the papers", lambda t: t + "bibtex_import:\n  workshop_words: [workshop]\n"),
    ("a repeated top-level key", lambda t: t + "owner:\n  name: Someone\n"),
    ("papers at column 0", lambda t: t.replace("\n  - id: ", "\n- id: ").replace("\n    ", "\n  ")),
    ("windows line ends", lambda t: t.replace("\n", "\r\n")),
]


@pytest.mark.parametrize("name, edit", EDITS, ids=[name for name, _ in EDITS])
def test_a_read_after_an_edit_equals_a_whole_read(name, edit):
    reader = ChunkedReader(load_marked_yaml)
    same_as_whole(reader, REAL)
    edited = edit(REAL)
    same_as_whole(reader, edited)
    same_as_whole(reader, REAL)  # and back


def test_unchanged_papers_are_reused_and_changed_ones_parsed(monkeypatch):
    text = publications_yaml(200)
    calls: list[str] = []

    def counting_load(source: str, filename: str):
        calls.append(source)
        return load_marked_yaml(source, filename)

    reader = ChunkedReader(counting_load)
    reader.read(text, "p.yml")
    assert len(calls) == 1  # the first read parses the whole file once
    calls.clear()
    edited = text.replace('"id": ', '"id": ', 1).replace("(57)", "(57, edited)", 1)
    assert edited != text
    same = reader.read(edited, "p.yml")
    assert len(calls) == 2, "the outline and the one edited paper"
    assert with_marks(same) == with_marks(load_marked_yaml(edited, "p.yml"))


def test_a_synthetic_list_with_lines_inserted_reads_the_same():
    reader = ChunkedReader(load_marked_yaml)
    text = publications_yaml(150)
    same_as_whole(reader, text)
    lines = text.splitlines(keepends=True)
    lines.insert(40, "    # a note in the middle\n")
    same_as_whole(reader, "".join(lines))


# --- Validation after an edit: only the changed papers are checked again, with the same outcome ---

from pubsite.validation import ValidationMemo, build_publications  # noqa: E402


def _validate(reader: ChunkedReader, memo: ValidationMemo, text: str, docs: Path | None = None):
    try:
        return build_publications(reader.read(text, "data/publications.yml"), "data/publications.yml", docs, memo)
    except DataError as error:
        return error.describe()


def _fresh(text: str, docs: Path | None = None):
    try:
        return build_publications(load_marked_yaml(text, "data/publications.yml"), "data/publications.yml", docs)
    except DataError as error:
        return error.describe()


def test_unchanged_papers_are_the_same_objects_and_the_result_equals_a_fresh_read():
    reader, memo = ChunkedReader(load_marked_yaml), ValidationMemo()
    text = publications_yaml(60, seed=3)
    first = _validate(reader, memo, text)
    edited = text.replace("title: ", "title: Edited ", 1)
    second = _validate(reader, memo, edited)
    assert second.papers == _fresh(edited).papers
    changed = [index for index, (a, b) in enumerate(zip(first.papers, second.papers)) if a is not b]
    assert changed == [0]  # the edited paper only; every other paper is the very same object


def test_an_edit_that_duplicates_an_id_is_reported_though_the_other_paper_was_not_checked_again():
    reader, memo = ChunkedReader(load_marked_yaml), ValidationMemo()
    text = publications_yaml(10, seed=3)
    _validate(reader, memo, text)
    edited = text.replace("id: paper-00004", "id: paper-00003", 1)
    assert _validate(reader, memo, edited) == _fresh(edited)
    assert "duplicate id: 'paper-00003'" in _validate(reader, memo, edited)
    assert _validate(reader, memo, text).papers == _fresh(text).papers  # and fixed again


def test_a_deleted_local_file_is_reported_though_its_paper_did_not_change(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "files").mkdir(parents=True)
    (docs / "files" / "poster.pdf").write_bytes(b"%PDF-1.4\n")
    text = publications_yaml(5, seed=3).replace(
        '    links: {"code"', '    links: {"poster": "files/poster.pdf", "code"', 1)
    assert '"poster": "files/poster.pdf"' in text
    reader, memo = ChunkedReader(load_marked_yaml), ValidationMemo()
    assert not isinstance(_validate(reader, memo, text, docs), str)
    (docs / "files" / "poster.pdf").unlink()
    report = _validate(reader, memo, text, docs)
    assert report == _fresh(text, docs)
    assert "docs/files/poster.pdf does not exist" in report


def test_papers_are_checked_again_against_another_docs_folder(tmp_path: Path):
    """Serve re-reads mkdocs.yml too: a new docs_dir must not inherit the old folder's checks."""
    old_docs, new_docs = tmp_path / "docs", tmp_path / "site-docs"
    (old_docs / "files").mkdir(parents=True)
    new_docs.mkdir()
    (old_docs / "files" / "poster.pdf").write_bytes(b"%PDF-1.4\n")
    text = publications_yaml(5, seed=3).replace(
        '    links: {"code"', '    links: {"poster": "files/poster.pdf", "code"', 1)
    reader, memo = ChunkedReader(load_marked_yaml), ValidationMemo()
    assert not isinstance(_validate(reader, memo, text, old_docs), str)
    report = _validate(reader, memo, text, new_docs)
    assert report == _fresh(text, new_docs)
    assert "docs/files/poster.pdf does not exist" in report


# --- After an edit only the stretch that changed is cut again, with the cuts a whole cut makes ---

from pubsite.yaml_chunks import _split, _split_after_edit  # noqa: E402

SNIPPETS = ["\n  - id: cut\n    title: T\n", "\n  - ", "\n- ", "\n    - x\n", "\nkey: v\n", "\n# note\n", "\r",
            '"', "'", "  ", "\n", "-", "#", "papers:", "\npapers:\n", "x", "é", "\n\n"]


def _random_edit(rng, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:at] + rng.choice(SNIPPETS) + text[at:]
    if kind < 0.7:
        return text[:at] + text[at + rng.randint(1, 40):]
    end = at + rng.randint(0, 12)
    return text[:at] + rng.choice(SNIPPETS + ["", "Edited title"]) + text[end:]


def test_cutting_only_what_an_edit_changed_cuts_as_a_whole_cut_does():
    import random
    rng = random.Random(17)
    checked = 0
    for _ in range(40):
        text = publications_yaml(rng.randint(2, 12), seed=rng.randrange(1000))
        if rng.random() < 0.3:
            text += "bibtex_import:\n  workshop_words: [workshop]\n"
        previous = _split(text)
        for _ in range(30):
            edited = _random_edit(rng, text)
            quick = _split_after_edit(previous, edited)
            whole = _split(edited)
            if quick is not None:
                assert quick == whole, repr(edited)
                checked += 1
            if whole is not None:  # else the edit is undone, as its author would
                text, previous = edited, whole
    assert checked > 200  # edits among the papers are cut the quick way (the rest: owner, top keys)


def test_a_reader_after_many_edits_reads_what_a_whole_read_gives():
    import random
    rng = random.Random(23)
    reader = ChunkedReader(load_marked_yaml)
    text = publications_yaml(40, seed=5)
    for _ in range(150):
        same_as_whole(reader, text)
        edited = _random_edit(rng, text)
        # Mostly edits that keep the list readable, as while someone types: start again if not.
        text = edited if rng.random() < 0.5 or outcome(load_marked_yaml, edited)[0] != "error" else text
