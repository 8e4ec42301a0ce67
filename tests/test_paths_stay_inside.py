"""Files stay inside their folder: nothing a bibliography, a data file or a setting names is taken
from elsewhere on the machine and published.

A researcher imports a ``.bib`` someone sent them, or a site folder they cloned: a ``pdf``, ``code``
or ``preview`` that climbs out with ``..``, an absolute path, or a file that is a symbolic link
out of the folder must be refused (named with file, line, entry and field; nothing copied; the rest
imported; the command ends with status 1). The build applies the same rule to the data files and
the settings of ``mkdocs.yml``: a file must lie inside ``docs/``, links are http(s).
"""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, build_fails

from pubsite.importers.import_bibtex import run
from pubsite.data.inside_folder import path_inside, written_inside
from pubsite.commands.new_site import make_site
from pubsite.mkdocs_adapter.settings import SettingsError, read_settings
from pubsite.data.validation import read_publications

SECRET = b"TOP-SECRET: a file of the machine, never of the site"
PICTURE = FIXTURES / "alfolio" / "assets" / "img" / "publication_preview" / "flows.png"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the imported ones holding the machine's secrets: a PDF, a picture, a .bib."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4\n" + SECRET)
    (folder / "secret.png").write_bytes(PICTURE.read_bytes() + SECRET)  # a real picture, secret after its end
    (folder / "secret.bib").write_text("@misc{secret, title={" + SECRET.decode() + "}, author={Example, Ada}, "
                                       "year={2020}, howpublished={Nowhere}}\n", encoding="utf-8")
    return folder


@pytest.fixture
def owner_project(tmp_path: Path) -> Path:
    """An owner's project to import into: ``data/publications.yml`` with no papers, and ``docs/``."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "data" / "publications.yml").write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    return project


def nothing_secret_in(folder: Path) -> None:
    for path in folder.rglob("*"):
        assert path.is_dir() or SECRET not in path.read_bytes(), f"{path} holds the secret"
        assert "secret" not in path.name, f"{path} was copied"


def papers_of(project: Path) -> dict[str, dict]:
    data = yaml.safe_load((project / "data" / "publications.yml").read_text("utf-8"))
    return {paper["id"]: paper for paper in data["papers"]}


def import_into(project: Path, *sources: Path) -> tuple[int, str, str]:
    """``pubsite import`` of ``sources`` into the project: (status, report, errors)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        status = run([str(source) for source in sources], str(project / "data" / "publications.yml"), out=out)
    return status, out.getvalue(), err.getvalue()


def write_bib(folder: Path, fields: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bib = folder / "refs.bib"
    bib.write_text("% sent by someone\n@misc{leak,\n  title = {Leaky Paper},\n  author = {Example, Ada},\n"
                   f"  year = {{2020}},\n  howpublished = {{Blog}},\n{fields}}}\n", encoding="utf-8")
    return bib


# ----------------------------------------------------------------------------- the one rule


def test_the_rule_resolves_dot_dot_absolute_paths_and_symbolic_links(tmp_path: Path, outside: Path):
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "paper.pdf").write_bytes(b"mine")
    (folder / "link.pdf").symlink_to(outside / "secret.pdf")
    (folder / "linked-folder").symlink_to(outside)
    (folder / "inner.pdf").symlink_to(folder / "paper.pdf")
    assert path_inside("paper.pdf", folder) == ((folder / "paper.pdf").resolve(), None)
    assert path_inside("sub/../paper.pdf", folder).refused is None
    assert path_inside("inner.pdf", folder) == ((folder / "paper.pdf").resolve(), None)  # a link inside, to inside
    assert path_inside(folder.resolve() / "paper.pdf", folder).refused is None  # absolute, but inside
    assert "climbs out with '..'" in path_inside("../outside/secret.pdf", folder).refused
    assert "is an absolute path" in path_inside(outside / "secret.pdf", folder).refused
    for name in ("link.pdf", "linked-folder/secret.pdf"):
        check = path_inside(name, folder)
        assert check.path == (outside / "secret.pdf").resolve() and "symbolic link" in check.refused
    assert "NUL" in path_inside("a\0b", folder).refused
    assert written_inside("a/../../b") and written_inside("/etc/passwd") and written_inside("a/../b") is None


# ----------------------------------------------------------------------------- the importer


@pytest.mark.parametrize(("field", "value"), [
    ("pdf", "../outside/secret.pdf"),
    ("code", "../outside/secret.pdf"),
    ("preview", "../outside/secret.png"),
    ("pdf", "ABSOLUTE"),
])
def test_a_bibliography_naming_a_file_out_of_its_folder_copies_nothing(
        field: str, value: str, tmp_path: Path, outside: Path, owner_project: Path):
    value = str(outside / "secret.pdf") if value == "ABSOLUTE" else value
    bib = write_bib(tmp_path / "bib", f"  {field} = {{{value}}},\n")
    status, report, errors = import_into(owner_project, bib)
    assert status == 1, report + errors
    how = "is an absolute path" if value.startswith("/") else "climbs out with '..'"
    assert f"{bib}:2 leak: not kept, refused: {field} '{value}' {how}" in errors  # file, line, entry, field
    assert f"note: not kept, refused: {field} '{value}'" in report
    paper = papers_of(owner_project)["leak"]  # the rest of the entry is imported
    assert paper["title"] == "Leaky Paper" and "links" not in paper and "preview" not in paper
    nothing_secret_in(owner_project)


def test_a_file_beside_the_bibliography_that_links_out_is_refused(tmp_path: Path, outside: Path,
                                                                  owner_project: Path):
    bib = write_bib(tmp_path / "bib", "  pdf = {paper.pdf},\n  preview = {figure.png},\n")
    (bib.parent / "paper.pdf").symlink_to(outside / "secret.pdf")
    (bib.parent / "figure.png").symlink_to(outside / "secret.png")
    status, report, errors = import_into(owner_project, bib)
    assert status == 1
    for field, name in (("pdf", "paper.pdf"), ("preview", "figure.png")):
        assert f"{bib}:2 leak: not kept, refused: {field} '{name}' is, or passes through, a symbolic link" in errors
    assert "Files copied" not in report and papers_of(owner_project)["leak"]["title"] == "Leaky Paper"
    nothing_secret_in(owner_project)


def test_pubsite_new_refuses_them_too(tmp_path: Path, outside: Path):
    bib = write_bib(tmp_path / "bib", "  pdf = {../outside/secret.pdf},\n")
    folder = tmp_path / "new-site"
    assert make_site(folder, name="Ada Example", site_url="https://ada.example.org/", bib_files=[str(bib)],
                     out=io.StringIO()) == 1
    assert papers_of(folder)["leak"]["title"] == "Leaky Paper"
    nothing_secret_in(folder / "docs")


def hugo_publication(root: Path, slug: str, front_matter: str) -> Path:
    (root / slug).mkdir(parents=True)
    (root / slug / "index.md").write_text(f"---\ntitle: {slug.title()}\nauthors: [admin]\ndate: '2021-07-01'\n"
                                          f"publication_types: ['paper-conference']\n{front_matter}---\n",
                                          encoding="utf-8")
    return root / slug


def test_hugo_blox_links_and_pictures_out_of_the_folder_are_refused(tmp_path: Path, outside: Path,
                                                                    owner_project: Path):
    root = tmp_path / "hugo" / "content" / "publication"
    hugo_publication(root, "climbing", "url_pdf: ../../../../outside/secret.pdf\n"
                                       "url_code: ../../../../outside/secret.pdf\n")
    linked = hugo_publication(root, "linked", "")
    (linked / "featured.png").symlink_to(outside / "secret.png")
    (hugo_publication(root, "cited", "") / "cite.bib").symlink_to(outside / "secret.bib")
    status, report, errors = import_into(owner_project, root)
    assert status == 1, report + errors
    assert f"{root / 'climbing' / 'index.md'} climbing: not kept, refused: pdf '../../../../outside/secret.pdf'" \
           in errors
    assert "climbing: not kept, refused: code '../../../../outside/secret.pdf' climbs out" in errors
    assert f"{root / 'linked' / 'index.md'} linked: not kept, refused: preview 'featured.png' is, or passes " \
           "through, a symbolic link" in errors
    assert "cited: not kept, refused: cite.bib 'cite.bib' is, or passes through, a symbolic link" in errors
    papers = papers_of(owner_project)
    assert sorted(papers) == ["cited", "climbing", "linked"]  # each imported, from its front matter
    assert not any("links" in paper or "preview" in paper for paper in papers.values())
    nothing_secret_in(owner_project)


def test_academicpages_urls_out_of_the_site_are_refused(tmp_path: Path, outside: Path, owner_project: Path):
    site = tmp_path / "academicpages"
    (site / "_publications").mkdir(parents=True)
    (site / "files").mkdir()
    shutil.copy(FIXTURES / "academicpages" / "files" / "bibtex1.bib", site / "files" / "bibtex1.bib")
    (site / "files" / "paper2.pdf").symlink_to(outside / "secret.pdf")
    (site / "_publications" / "2009-a.md").write_text(
        "---\ntitle: A\nbibtexurl: 'https://a.github.io/files/bibtex1.bib'\npaperurl: '../../outside/secret.pdf'\n"
        "slidesurl: 'https://a.github.io/files/paper2.pdf'\n---\n", encoding="utf-8")
    (site / "_publications" / "2010-b.md").write_text(
        "---\ntitle: B\nbibtexurl: '../outside/secret.bib'\n---\n", encoding="utf-8")
    status, report, errors = import_into(owner_project, site / "_publications")
    assert status == 1, report + errors
    assert "not kept, refused: pdf '../../outside/secret.pdf' climbs out with '..'" in errors
    assert "not kept, refused: slides 'paper2.pdf' is, or passes through, a symbolic link" in errors
    assert (f"{site / '_publications' / '2010-b.md'} 2010-b: refused: field 'bibtexurl' '../outside/secret.bib' "
            "climbs out with '..'") in report  # skipped, saying why
    assert list(papers_of(owner_project)) == ["yourname2009paper"]
    nothing_secret_in(owner_project)


def test_legitimate_files_are_still_copied(tmp_path: Path, owner_project: Path):
    alfolio = tmp_path / "alfolio"
    shutil.copytree(FIXTURES / "alfolio", alfolio)
    beside = write_bib(tmp_path / "bib", "  pdf = {paper.pdf},\n  preview = {figure.png},\n")
    (beside.parent / "paper.pdf").write_bytes(b"%PDF-1.4 mine")
    (beside.parent / "figures").mkdir()
    shutil.copy(PICTURE, beside.parent / "figures" / "figure-v3.png")
    (beside.parent / "figure.png").symlink_to(beside.parent / "figures" / "figure-v3.png")  # inside: fine
    hugo = tmp_path / "hugo" / "content" / "publication"
    shutil.copy(PICTURE, hugo_publication(hugo, "pictured", "") / "featured.png")
    status, report, errors = import_into(owner_project, alfolio / "_bibliography" / "papers.bib", beside, hugo)
    assert "refused" not in errors
    assert status == 1 and "1 of 7 entries were skipped" in errors  # the al-folio entry without authors
    docs = owner_project / "docs" / "papers"
    assert (docs / "example2024flows" / "example2024.pdf").read_bytes() == \
        (alfolio / "assets/pdf/example2024.pdf").read_bytes()
    assert (docs / "leak" / "paper.pdf").read_bytes() == b"%PDF-1.4 mine"
    assert (docs / "leak" / "figure.png").read_bytes() == PICTURE.read_bytes()  # named as written
    assert (docs / "pictured" / "featured.png").read_bytes() == PICTURE.read_bytes()
    papers = papers_of(owner_project)
    assert (papers["leak"]["links"], papers["leak"]["preview"]) == ({"pdf": "papers/leak/paper.pdf"},
                                                                     "papers/leak/figure.png")
    assert papers["pictured"]["preview"] == "papers/pictured/featured.png"
    read_publications(owner_project / "data" / "publications.yml", "data/publications.yml",
                      owner_project / "docs")  # the build accepts what was written


def test_a_preview_the_build_would_refuse_is_not_written(tmp_path: Path, owner_project: Path):
    bib = write_bib(tmp_path / "bib", "  preview = {figure.png},\n")
    (bib.parent / "figure.png").write_text("not a picture, whatever its name says", encoding="utf-8")
    status, report, _ = import_into(owner_project, bib)
    assert status == 0
    assert f"note: not kept: preview 'figure.png': {bib.parent.resolve() / 'figure.png'} is not a picture" in report
    assert "preview" not in papers_of(owner_project)["leak"]
    read_publications(owner_project / "data" / "publications.yml", "data/publications.yml", owner_project / "docs")


# ----------------------------------------------------------------------------- the build


def add_paper(project: Path, lines: str) -> int:
    """Append a paper to the reference site's list; the line of its first field given."""
    data = project / "data" / "publications.yml"
    text = data.read_text("utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    data.write_text(text + "  - id: leaky\n    section: preprint\n    title: Leaky\n    authors: [Ada Example]\n"
                    "    venue: arXiv preprint\n    year: 2020\n" + lines, encoding="utf-8")
    return first


@pytest.mark.parametrize(("field", "lines", "message"), [
    ("links", "    links: {pdf: papers/leaky/paper.pdf}\n",
     "field 'links': 'pdf': 'papers/leaky/paper.pdf' is, or passes through, a symbolic link to"),
    ("preview", "    preview: papers/leaky/figure.png\n",
     "field 'preview': 'papers/leaky/figure.png' is, or passes through, a symbolic link to"),
    ("links", "    links: {pdf: ../secret.pdf}\n", "field 'links': 'pdf': '../secret.pdf' climbs out with '..'"),
])
def test_a_data_file_naming_a_file_out_of_docs_fails_the_build(field: str, lines: str, message: str,
                                                               project: Path, outside: Path):
    (project / "docs" / "papers" / "leaky").mkdir(parents=True)
    (project / "docs" / "papers" / "leaky" / "paper.pdf").symlink_to(outside / "secret.pdf")
    (project / "docs" / "papers" / "leaky" / "figure.png").symlink_to(outside / "secret.png")
    (project / "secret.pdf").write_bytes(SECRET)
    first = add_paper(project, lines)
    output = build_fails(project)
    assert f"data/publications.yml:{first + 6}: paper 'leaky': {message}" in output
    assert "must lie inside docs/" in output
    assert not (project / "site" / "index.html").exists()


def test_a_cv_link_out_of_docs_is_a_clean_error_not_a_traceback(project: Path):
    (project / "README.md").write_bytes(SECRET)
    cv = project / "data" / "cv.yml"
    text = cv.read_text("utf-8")
    line = text[:text.index("      - title: Harbour Prize")].count("\n") + 2
    cv.write_text(text.replace("      - title: Harbour Prize\n",
                               "      - title: Harbour Prize\n        links: {slides: ../README.md}\n"), "utf-8")
    output = build_fails(project)  # no traceback: exit 1, MkDocs' own message
    assert (f"data/cv.yml:{line}: section 'awards', entry 2: field 'links': 'slides': '../README.md' climbs out "
            "with '..'") in output
    assert not (project / "site" / "index.html").exists()


SOCIAL_LINK = "link: https://code.example.org/ada-example"
SOCIAL_IMAGE = "social_image: assets/images/social-card.png"


@pytest.mark.parametrize(("setting", "value", "message"), [
    (SOCIAL_LINK, "link: \"javascript:alert('owned')\"",
     "mkdocs.yml: 'extra: social:' item 1, 'link': \"javascript:alert('owned')\" is not an http(s) URL"),
    (SOCIAL_LINK, "link: \"data:text/html,<script>alert(1)</script>\"",
     "mkdocs.yml: 'extra: social:' item 1, 'link': 'data:text/html,<script>alert(1)</script>' is not an http(s) URL"),
    (SOCIAL_LINK, "link: //evil.example.org/ada", "mkdocs.yml: 'extra: social:' item 1, 'link': "
                                                  "'//evil.example.org/ada' is not an http(s) URL"),
    (SOCIAL_IMAGE, "social_image: ../../etc/x", "mkdocs.yml: 'extra: social_image:' '../../etc/x' climbs out "
                                                "with '..': the picture must lie inside docs/"),
    (SOCIAL_IMAGE, "social_image: https://evil.example.org/card.png",
     "mkdocs.yml: 'extra: social_image:' 'https://evil.example.org/card.png' is an address"),
    (SOCIAL_IMAGE, "social_image: \"javascript:alert(1)\"",
     "mkdocs.yml: 'extra: social_image:' 'javascript:alert(1)' is an address"),
])
def test_settings_naming_other_schemes_hosts_or_paths_out_of_docs_fail_the_build(setting: str, value: str,
                                                                                   message: str, project: Path):
    config = project / "mkdocs.yml"
    assert setting in config.read_text("utf-8")
    config.write_text(config.read_text("utf-8").replace(setting, value, 1), encoding="utf-8")
    output = build_fails(project)
    assert message in output
    assert not (project / "site" / "index.html").exists()


def test_a_social_image_that_links_out_of_docs_is_refused(tmp_path: Path, outside: Path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "card.png").symlink_to(outside / "secret.png")
    with pytest.raises(SettingsError, match=r"^mkdocs.yml: 'extra: social_image:' 'assets/card.png' is, or passes "
                                            r"through, a symbolic link to .*: the picture must lie inside docs/"):
        read_settings({"social_image": "assets/card.png"}, "https://x.org/", docs_dir=docs)
    shutil.copy(PICTURE, docs / "assets" / "own.png")
    settings, _ = read_settings({"social_image": "/assets/own.png", "social": [{"link": "https://x.org/me"}]},
                                "https://x.org/", docs_dir=docs)
    assert settings.social_image == "/assets/own.png" and settings.profiles == ("https://x.org/me",)


def test_folders_given_as_relative_paths_still_find_their_files(tmp_path: Path, owner_project: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    """README's command names the folder from where you stand (``--bib content/publication``): the
    files inside it are found and copied as with an absolute path."""
    hugo = tmp_path / "hugo" / "content" / "publication"
    paper = hugo_publication(hugo, "pictured", "url_pdf: paper.pdf\n")
    shutil.copy(PICTURE, paper / "featured.png")
    (paper / "paper.pdf").write_bytes(b"%PDF-1.4 mine")
    academicpages = tmp_path / "academicpages"
    shutil.copytree(FIXTURES / "academicpages", academicpages)
    monkeypatch.chdir(tmp_path)
    status, report, errors = import_into(owner_project, Path("hugo/content/publication"),
                                         Path("academicpages/_publications"))
    assert "no such file" not in report + errors
    docs = owner_project / "docs" / "papers"
    assert (docs / "pictured" / "paper.pdf").read_bytes() == b"%PDF-1.4 mine"
    assert (docs / "pictured" / "featured.png").read_bytes() == PICTURE.read_bytes()
    assert [path.name for path in docs.rglob("*.pdf") if path.parent.name != "pictured"] == ["paper1.pdf"]


def test_a_folder_where_a_file_would_be_copied_is_an_error_not_a_traceback(tmp_path: Path, owner_project: Path):
    beside = write_bib(tmp_path / "bib", "  pdf = {paper.pdf},\n")
    (beside.parent / "paper.pdf").write_bytes(b"%PDF-1.4 mine")
    (owner_project / "docs" / "papers" / "leak" / "paper.pdf").mkdir(parents=True)
    status, report, errors = import_into(owner_project, beside)
    assert status == 1
    assert "docs/papers/leak/paper.pdf is a folder, where" in errors and "nothing written" in errors
    assert papers_of(owner_project) == {}
