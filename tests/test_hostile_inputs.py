"""Every input error is an error message, never a traceback, a hang or a machine out of memory.

Each reader of the owner's files (the data files the build reads, and every format ``pubsite
import`` reads) is given broken and hostile files: nested too deep, a BibTeX macro that doubles
itself, too large, too many entries, not UTF-8, a CSL-JSON author that is not a list. Each must
end in the project's own error, naming the file and the line, or in a result. Then Hypothesis feeds
every reader random bytes, random text and valid files cut short at any byte: only a result or
the project's own error (``DataError`` in the build, ``ImportFailed`` in the importer) may come
out. The data used is invented (the reference site's fictional Ada Example).
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from conftest import CONTENT_ROOT, FIXTURES, build_fails
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubsite.data.coauthor_links import read_links
from pubsite.cv.cv_validation import read_cv
from pubsite.data.errors import DataError, ImportFailed
from pubsite.importers.import_bibtex import read_bibtex
from pubsite.data.input_limits import MAX_ENTRIES, MAX_FILE_BYTES
from pubsite.data.validation import read_publications

DATA = CONTENT_ROOT / "data"
DOCS = CONTENT_ROOT / "docs"
HUGO_PAGE = FIXTURES / "hugo_blox/content/publication/journal-article/index.md"
ACADEMICPAGES = FIXTURES / "academicpages"
ACADEMICPAGES_PAGE = ACADEMICPAGES / "_publications/2009-10-01-paper-title-number-1.md"


@cache
def reference_publications():
    return read_publications(DATA / "publications.yml", "data/publications.yml", DOCS)


# ----------------------------------------------------------------------------- the readers


def read_publications_file(path: Path) -> object:
    return read_publications(path, "data/publications.yml", DOCS)


def read_cv_file(path: Path) -> object:
    return read_cv(path, reference_publications(), DOCS, "data/cv.yml")


def read_coauthors_file(path: Path) -> object:
    return read_links(path, reference_publications(), "data/coauthors.yml")


def read_hugo_page(path: Path) -> object:
    """``path`` as the ``index.md`` of a Hugo Blox publication folder, imported."""
    folder = path.parent / "publication"
    (folder / "paper").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / "paper" / "index.md")
    return _the_page_or_its_error(read_bibtex(folder, owner="Ada Example"))


def _the_page_or_its_error(imported: list) -> object:
    """A folder's one page, or its error: a page that cannot be read is skipped with its reason (the
    other pages of a folder are still imported), which is the error this reader gives."""
    (page,) = imported
    if page.skip_reason:
        reason = page.skip_reason  # the report prints it after the page's file
        raise ImportFailed(reason if reason.startswith(page.where) else f"{page.where}: {reason}")
    return page


def read_academicpages_page(path: Path) -> object:
    """``path`` as a page of an academicpages ``_publications`` folder (beside its ``files/``), imported."""
    site = path.parent / "academicpages"
    if not site.exists():
        shutil.copytree(ACADEMICPAGES / "files", site / "files")
        (site / "_publications").mkdir()
    shutil.copyfile(path, site / "_publications" / "2009-10-01-paper.md")
    return _the_page_or_its_error(read_bibtex(site / "_publications"))


# (name, file name the reader is given, reader, the error it may raise, a valid sample)
READERS = [
    ("publications.yml", "publications.yml", read_publications_file, DataError, DATA / "publications.yml"),
    ("cv.yml", "cv.yml", read_cv_file, DataError, DATA / "cv.yml"),
    ("coauthors.yml", "coauthors.yml", read_coauthors_file, DataError, DATA / "coauthors.yml"),
    ("bibtex", "refs.bib", read_bibtex, ImportFailed, FIXTURES / "bibtex/sample.bib"),
    ("csl-json", "library.json", read_bibtex, ImportFailed, FIXTURES / "zotero/library.json"),
    ("ris", "library.ris", read_bibtex, ImportFailed, FIXTURES / "zotero/library.ris"),
    ("hugo front matter", "index.md", read_hugo_page, ImportFailed, HUGO_PAGE),
    ("academicpages front matter", "page.md", read_academicpages_page, ImportFailed, ACADEMICPAGES_PAGE),
]
BY_NAME = {reader[0]: reader for reader in READERS}
YAML_DATA = ["publications.yml", "cv.yml", "coauthors.yml"]


def refusal(reader: str, content: bytes | str, folder: Path) -> str:
    """What ``reader`` says of a file holding ``content``: its error's message (it must raise one)."""
    _, file_name, read, error_type, _ = BY_NAME[reader]
    path = folder / file_name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(error_type) as caught:
        read(path)
    return caught.value.describe() if isinstance(caught.value, DataError) else str(caught.value)


def nested_yaml(levels: int) -> str:
    """A list of lists ``levels`` deep in block style, one level a line."""
    return "".join(f"{'  ' * level}-\n" for level in range(levels)) + f"{'  ' * levels}- deep\n"


# ----------------------------------------------------------------------------- nesting


@pytest.mark.parametrize("reader", YAML_DATA)
def test_a_value_nested_250_levels_deep_in_a_data_file_names_the_line(reader: str, tmp_path: Path):
    text = "papers:\n  - title: " + "[" * 250 + "]" * 250 + "\n"
    message = refusal(reader, text, tmp_path)
    assert f"data/{reader}:2: values are nested more than 100 levels deep here" in message


def test_deep_block_nesting_is_refused_at_the_line_where_it_passes_the_limit(tmp_path: Path):
    message = refusal("publications.yml", nested_yaml(150), tmp_path)
    assert "data/publications.yml:101: values are nested more than 100 levels deep here" in message


def test_a_value_nested_100_000_levels_deep_is_refused(tmp_path: Path):
    message = refusal("publications.yml", "owner: " + "[" * 100_000 + "]" * 100_000, tmp_path)  # crashed `serve`
    assert "data/publications.yml:1: values are nested more than 100 levels deep here" in message


def test_a_value_as_deep_as_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "cv.yml"
    path.write_text("sections:\n  - id: a\n    title: A\n    entries:\n      - title: " + "[" * 95 + "]" * 95
                    + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:  # read, then refused by the CV's own check of the field
        read_cv_file(path)
    assert "expected text" in caught.value.describe() and "nested" not in caught.value.describe()


def test_aliases_that_nest_a_value_deeper_than_the_text_shows_are_refused(tmp_path: Path):
    chain = "papers:\n  - &v0 [x]\n" + "".join(f"  - &v{n} [*v{n - 1}]\n" for n in range(1, 200))
    assert "data/publications.yml:100: the alias *v97 nests values more than 100 levels deep" in refusal(
        "publications.yml", chain, tmp_path)


def test_an_alias_inside_the_value_it_names_is_refused(tmp_path: Path):
    message = refusal("cv.yml", "sections: &loop [*loop]\n", tmp_path)
    assert "data/cv.yml:1: the alias *loop is inside the value &loop it names (a loop)" in message


@pytest.mark.parametrize("reader", ["publications.yml", "hugo front matter"])
def test_an_alias_bomb_is_refused(reader: str, tmp_path: Path):
    laughs = "lol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))
    text = f"---\n{laughs}title: *a9\n---\n" if reader == "hugo front matter" else laughs + "owner: *a9\n"
    assert "repeat more than 1,000,000 values" in refusal(reader, text, tmp_path)


def test_python_tags_are_still_refused(tmp_path: Path):
    message = refusal("publications.yml", "owner: !!python/object/apply:os.system ['true']\n", tmp_path)
    assert "data/publications.yml:1: malformed YAML" in message


def test_deeply_nested_csl_json_names_the_line(tmp_path: Path):
    message = refusal("csl-json", "[\n" + "[" * 5000 + "]" * 5000 + "\n]\n", tmp_path)
    assert message == (f"{tmp_path / 'library.json'}:2: values are nested more than 100 levels deep here, more "
                       "than is read")


def test_brackets_inside_csl_json_strings_are_not_nesting(tmp_path: Path):
    path = tmp_path / "library.json"
    path.write_text('[{"id": "a", "title": "' + "[{" * 500 + '\\"", "type": "book", "author": '
                    '[{"family": "Example", "given": "Ada"}], "issued": {"date-parts": [[2020]]}}]', encoding="utf-8")
    [item] = read_bibtex(path)
    assert item.skip_reason is None and item.fields["title"].startswith("[{[{")


@pytest.mark.parametrize("reader", ["hugo front matter", "academicpages front matter"])
def test_deeply_nested_front_matter_names_the_file_and_line(reader: str, tmp_path: Path):
    message = refusal(reader, "---\ntitle: T\nauthors: " + "[" * 2000 + "]" * 2000 + "\n---\n", tmp_path)
    assert ":3: values are nested more than 100 levels deep here" in message


@pytest.mark.parametrize("levels", [99, 150])
def test_deeply_nested_braces_in_bibtex_are_a_message(levels: int, tmp_path: Path):
    text = "@article{deep,\n  title = {" + "{" * levels + "x" + "}" * levels + "},\n  author = {Ada Example},\n" \
           "  journal = {J},\n  year = 2020\n}\n"
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    [item] = read_bibtex(path)  # read, or skipped with its line and reason: one entry costs only itself
    if item.skip_reason:
        assert item.where == f"{path}:1" and "malformed BibTeX at line 2: too many nested braces" in item.skip_reason
    else:
        assert item.fields["title"] == "x"


# ----------------------------------------------------------------------------- BibTeX macros


def test_a_macro_that_doubles_another_is_refused_with_its_name_and_line(tmp_path: Path):
    lines = ['@string{a0 = "xx"}'] + [f"@string{{a{n} = a{n - 1} # a{n - 1}}}" for n in range(1, 40)]
    text = "\n".join(lines) + "\n@article{key, title = a39, author = {Ada Example}, year = 2020}\n"
    message = refusal("bibtex", text, tmp_path)
    assert message == (f"{tmp_path / 'refs.bib'}:17: the @string macro 'a16' expands to more than 100,000 "
                       "characters (does it repeat another macro that repeats another?)")


def test_a_field_repeating_a_large_macro_is_refused_once_the_file_passes_its_size(tmp_path: Path):
    text = '@string{big = "' + "x" * 99_000 + '"}\n@misc{key, title = ' + " # ".join(["big"] * 600) + "}\n"
    message = refusal("bibtex", text, tmp_path)
    assert f"{tmp_path / 'refs.bib'}:2: the values of the file add up to more than" in message


def test_an_entry_naming_more_authors_than_the_file_may_hold_is_refused_before_they_are_read(tmp_path: Path):
    text = '@string{many = "' + " and ".join(["A"] * 16_000) + '"}\n\n@article{crowd,\n  author = ' + \
           " # { and } # ".join(["many"] * 40) + ",\n  title = {T}, year = 2020}\n"
    message = refusal("bibtex", text, tmp_path)
    assert f"{tmp_path / 'refs.bib'}:3: the entry 'crowd' brings the authors and editors of the file to more than " \
           "500,000, more than is read" == message


def test_macros_of_a_normal_size_are_expanded(tmp_path: Path):
    path = tmp_path / "refs.bib"
    path.write_text('@string{venue = "Journal of Examples"}\n@string{long = venue # ", " # venue}\n'
                    "@article{key, title = {T}, author = {Ada Example}, journal = long, year = 2020}\n",
                    encoding="utf-8")
    [item] = read_bibtex(path)
    assert item.fields["venue"] == "Journal of Examples, Journal of Examples"


# ----------------------------------------------------------------------------- size and count


@pytest.mark.parametrize("reader", ["publications.yml", "bibtex", "csl-json", "hugo front matter"])
def test_a_file_over_the_size_limit_is_refused_up_front(reader: str, tmp_path: Path):
    head = b"---\n" if reader == "hugo front matter" else b""
    message = refusal(reader, head + b"%" * MAX_FILE_BYTES + b"\n", tmp_path)
    assert "the file is larger than 50 MB, the most that is read" in message
    assert BY_NAME[reader][1] in message


@pytest.mark.parametrize("reader, text, line", [
    ("publications.yml", "owner:\n  name: Ada Example\npapers:\n" + "  - x\n" * (MAX_ENTRIES + 1), 4),
    ("coauthors.yml", "- name: x\n" * (MAX_ENTRIES + 1), 1),
    ("bibtex", "".join(f"@misc{{k{n}, title = {{T}}}}\n" for n in range(MAX_ENTRIES + 1)), MAX_ENTRIES + 1),
    ("csl-json", "[\n" + "{},\n" * MAX_ENTRIES + "{}\n]\n", MAX_ENTRIES + 2),
    ("ris", "TY  - GEN\nER  - \n" * (MAX_ENTRIES + 1), 2 * MAX_ENTRIES + 1),
])
def test_more_entries_than_the_limit_are_refused_with_the_file(reader: str, text: str, line: int, tmp_path: Path):
    message = refusal(reader, text, tmp_path)
    assert "100,000" in message and "more than is read" in message
    assert f"{BY_NAME[reader][1]}:{line}:" in message


# ----------------------------------------------------------------------------- encoding


@pytest.mark.parametrize("reader", YAML_DATA)
def test_a_data_file_not_in_utf8_names_the_line_and_column(reader: str, tmp_path: Path):
    message = refusal(reader, "# Caf\u00e9s\npapers:\n  - title: Caf\u00e9\n".encode("latin-1"), tmp_path)
    assert (f"data/{reader}:1: not UTF-8 text: the byte 0xE9 at column 6 cannot be read as UTF-8; save the "
            "file as UTF-8") in message


def test_a_front_matter_page_not_in_utf8_names_the_file_line_and_column(tmp_path: Path):
    message = refusal("hugo front matter", "---\ntitle: Caf\u00e9\n---\n".encode("latin-1"), tmp_path)
    assert message == (f"{tmp_path / 'publication/paper/index.md'}:2: not UTF-8 text: the byte 0xE9 at column 11 "
                       "cannot be read as UTF-8; save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")


# ----------------------------------------------------------------------------- values YAML cannot build


@pytest.mark.parametrize("value, expected", [
    ("2020-13-45", "the value '2020-13-45' is not a date (month must be in 1..12); put it in quotes if it is text"),
    ("!!bool maybe", "the value 'maybe' is not true or false; put it in quotes if it is text"),
    ("!!float x", "the value 'x' is not a number"),
])
@pytest.mark.parametrize("reader", YAML_DATA)
def test_a_value_yaml_cannot_build_names_its_line(reader: str, value: str, expected: str, tmp_path: Path):
    message = refusal(reader, f"# a comment\nwhen: {value}\n", tmp_path)
    assert f"data/{reader}:2: malformed YAML: {expected}" in message


@pytest.mark.parametrize("reader", ["hugo front matter", "academicpages front matter"])
def test_a_front_matter_date_that_is_no_date_names_its_line(reader: str, tmp_path: Path):
    message = refusal(reader, "---\ntitle: T\ndate: 2020-13-45\n---\n", tmp_path)
    assert ":3: the front matter is not valid YAML: the value '2020-13-45' is not a date" in message


@pytest.mark.parametrize("reader, field, value, expected", [
    ("hugo front matter", "authors", "5", "field 'authors' must be a list, got text"),
    ("hugo front matter", "publication_types", ".nan", "field 'publication_types' must be a list, got text"),
    ("hugo front matter", "links", "{a: b}", "field 'links' must be a list, got a mapping of fields"),
    ("hugo front matter", "hugoblox", "1e400", "field 'hugoblox' must be a mapping of fields, got text"),
    ("hugo front matter", "hugoblox", "{ids: [1]}", "field 'hugoblox.ids' must be a mapping of fields, got a list"),
    ("hugo front matter", "title", "[One, Two]", "field 'title' must be text, got a list"),
    ("academicpages front matter", "category", "[1]", "field 'category' must be text, got a list"),
])
def test_a_front_matter_field_of_the_wrong_shape_names_the_field(reader: str, field: str, value: str, expected: str,
                                                                 tmp_path: Path):
    message = refusal(reader, f"---\ndate: 2020-01-01\n{field}: {value}\n---\n", tmp_path)
    assert f":3: the front matter's {expected}" in message


# ----------------------------------------------------------------------------- CSL-JSON shapes


def test_a_csl_json_author_that_is_not_a_list_names_the_record_and_field(tmp_path: Path):
    path = tmp_path / "library.json"
    path.write_text('[{"id": "one", "type": "book", "title": "One", "author": "notalist",'
                    ' "issued": {"date-parts": [[2020]]}},\n'
                    ' {"id": "two", "type": "book", "title": "Two", "author": [{"family": "Example", "given": "Ada"}],'
                    ' "issued": {"date-parts": [[2021]]}}]\n', encoding="utf-8")
    one, two = read_bibtex(path)
    assert one.where == f"{path}: item 1 (one)"
    assert one.skip_reason.startswith("field 'author' must be a list of names")
    assert "listed twice" not in one.skip_reason
    assert two.skip_reason is None and two.fields["authors"] == ["Ada Example"]  # one bad record costs no other


@pytest.mark.parametrize("record, reason", [
    ('"editor": {"family": "Example"}', "field 'editor' must be a list of names"),
    ('"author": ["Ada Example"]', "field 'author': name 1 must be an object"),
    ('"author": [{"family": ["Example"]}]', "field 'author': name 1: 'family' must be text, got a list"),
    ('"title": ["One", "Two"]', "field 'title' must be text, got a list"),
    ('"issued": "2020"', "field 'issued' must be a date"),
    ('"issued": {"date-parts": [2020]}', "field 'issued': 'date-parts' must be a list of dates"),
    ('"event": 5, "type": "paper-conference"', None),  # a number is text enough
    ('"title": "T\\ud800"', "a lone UTF-16 surrogate"),
])
def test_a_csl_json_field_of_the_wrong_shape_is_named(record: str, reason: str | None, tmp_path: Path):
    path = tmp_path / "library.json"
    path.write_text('[{"id": "one", "title": "T", "author": [{"family": "Example", "given": "Ada"}], '
                    f'"issued": {{"date-parts": [[2020]]}}, {record}}}]', encoding="utf-8")
    [item] = read_bibtex(path)
    if reason is None:
        assert item.skip_reason is None
    else:
        assert item.where == f"{path}: item 1 (one)" and reason in item.skip_reason


# ----------------------------------------------------------------------------- in the build


@pytest.mark.parametrize("name, content, expected", [
    ("publications.yml", "owner:\n  name: Ada Example\npapers:\n  - title: " + "[" * 250 + "]" * 250 + "\n",
     "data/publications.yml:4: values are nested more than 100 levels deep here"),
    ("cv.yml", "sections:\n  - id: caf\u00e9\n".encode("latin-1"),
     "data/cv.yml:2: not UTF-8 text: the byte 0xE9 at column 12"),
])
def test_the_build_stops_with_the_message_and_no_traceback(name: str, content, expected: str, project: Path):
    path = project / "data" / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert expected in build_fails(project)


# ----------------------------------------------------------------------------- any input at all


def _cut(sample: bytes):
    return st.integers(0, len(sample)).map(lambda end: sample[:end])


def _inputs(sample: bytes):
    """Random bytes, random text, the sample cut short at any byte (mid-character too), and the
    sample cut with random text spliced in at the cut."""
    return st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
        _cut(sample),
        st.tuples(st.integers(0, len(sample)), st.text(max_size=40)).map(
            lambda cut: sample[:cut[0]] + cut[1].encode("utf-8", "surrogatepass") + sample[cut[0]:]),
    )


@pytest.mark.parametrize("reader", [reader[0] for reader in READERS])
@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_input_gives_a_result_or_a_clean_error(reader: str, data):
    _, file_name, read, error_type, sample = BY_NAME[reader]
    content = data.draw(_inputs(sample.read_bytes()), label="content")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        path.write_bytes(content)
        try:
            read(path)
        except error_type as error:
            message = error.describe() if isinstance(error, DataError) else str(error)
            assert (f"data/{file_name}" if error_type is DataError else folder) in message, message


def test_a_file_name_too_long_for_the_system_is_a_problem_not_a_traceback(tmp_path):
    """A link or thumbnail of 5,000 characters: the system cannot even look it up ("File name too
    long"); it is named as missing, with file, line, paper and field."""
    data = tmp_path / "publications.yml"
    data.write_text(
        "owner: {name: Ada Example}\npapers:\n"
        f"  - {{id: long, section: other, title: T, authors: [Ada Example], venue: V, year: 2020,\n"
        f"     links: {{pdf: {'a' * 5000}.pdf}}, preview: {'b' * 5000}.png}}\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_publications(data, "data/publications.yml", DOCS)
    message = raised.value.describe()
    assert "data/publications.yml:4: paper 'long': field 'links'" in message
    assert "data/publications.yml:4: paper 'long': field 'preview'" in message
    assert message.count("does not exist") == 2


def test_one_unreadable_page_of_a_folder_costs_only_that_page(tmp_path):
    """A Hugo Blox folder or an academicpages page whose front matter is malformed is skipped with
    its file, line and reason; its neighbours are still imported."""
    from pubsite.importers import academicpages, hugo_blox

    hugo = tmp_path / "publication"
    shutil.copytree(HUGO_PAGE.parent, hugo / "good")
    (hugo / "broken").mkdir()
    (hugo / "broken" / "index.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    imported = {Path(item.where).parent.name: item for item in hugo_blox.convert_folder(hugo, "Ada Example")}
    assert imported["good"].skip_reason is None and imported["good"].fields["title"]
    assert "broken/index.md:3: the front matter is not valid YAML" in imported["broken"].skip_reason

    site = tmp_path / "academicpages"
    shutil.copytree(ACADEMICPAGES, site)
    (site / "_publications" / "2011-01-01-broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    pages = {Path(item.where.split(":")[0]).stem: item for item in academicpages.convert_folder(site / "_publications")}
    assert "2011-01-01-broken.md:3: the front matter is not valid YAML" in pages["2011-01-01-broken"].skip_reason
    assert [key for key, item in pages.items() if item.skip_reason is None]
