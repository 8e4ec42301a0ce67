"""An academicpages site's publications import through the BibTeX files its pages name.

academicpages pages have no author list, so a page is imported from its ``bibtexurl`` file (in the
site's ``files/``), with its links and excerpt; a page without one is skipped with the reason, and
the command says so. The fixture (invented papers) is shaped like academicpages' own examples.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pubsite.importers.import_bibtex import read_bibtex, run

SITE = Path(__file__).parent / "fixtures" / "academicpages"


def test_a_page_with_its_bibtex_file_becomes_a_paper_and_one_without_is_skipped_saying_why():
    with_bib, without = read_bibtex(SITE / "_publications")
    assert with_bib.key == "yourname2009paper" and with_bib.skip_reason is None
    assert with_bib.fields["authors"] == ["Ada Example", "Bo Sample"]
    assert with_bib.fields["summary"] == "This paper is about the number 1. The number 2 is left for future work."
    assert with_bib.fields["links"] == {"slides": "http://academicpages.github.io/files/slides1.pdf"}
    assert [(local.kind, local.source.name) for local in with_bib.local_files] == [("pdf", "paper1.pdf")]
    assert without.skip_reason.startswith("academicpages keeps no list of authors (no bibtexurl)")


def test_importing_the_folder_copies_the_pdf_and_fails_for_the_skipped_page(tmp_path: Path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    data = tmp_path / "data" / "publications.yml"
    data.write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    out = io.StringIO()
    assert run([str(SITE / "_publications")], str(data), out=out) == 1
    assert "Added 1" in out.getvalue() and "Skipped 1" in out.getvalue()
    assert "1 of 2 entries were skipped" in capsys.readouterr().err
    assert (tmp_path / "docs/papers/yourname2009paper/paper1.pdf").is_file()


def test_a_bibtex_file_with_no_entry_skips_its_page_saying_so(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "files" / "bibtex1.bib").write_text("% nothing here yet\n", encoding="utf-8")
    with_bib, _ = read_bibtex(site / "_publications")
    assert with_bib.skip_reason == f"the bibtexurl file {site / 'files' / 'bibtex1.bib'} holds no BibTeX entry"
