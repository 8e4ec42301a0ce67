"""``pubsite import`` swallows nothing: what it cannot convert is kept as written and reported.

LaTeX that pylatexenc would turn into a placeholder (``\\cite`` -> ``<cit.>``), into nothing
(``\\input``, ``\\label``) or into a command glued to its argument (``\\ourmacro{arg}`` ->
``\\ourmacroarg``) stays exactly as written, named in the report with its entry and field, and
reaches the paper's page literally. A RIS record cut short (no ``ER`` line, no ``TY`` line) is
imported with a note, or skipped with its line and the reason, never lost or merged into the next.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from conftest import engine_command, mkdocs_env, page

from pubsite.importers.import_bibtex import convert_text, run
from pubsite.importers.latex_text import latex_to_text
from pubsite.commands.new_site import make_site

ZOTERO_RIS = Path(__file__).parent / "fixtures" / "zotero" / "library.ris"
KEPT_NOTE = "kept as written in {field} (LaTeX the importer cannot convert): {texts}"


def _entry(title: str, **fields: str):
    extra = "".join(f",\n  {name} = {{{value}}}" for name, value in fields.items())
    [item] = convert_text(f"@article{{example2024shape,\n  title = {{{title}}},\n  author = {{Example, Ada}},\n"
                          f"  journal = {{Journal of Examples}},\n  year = {{2024}}{extra}\n}}\n", "shapes.bib")
    return item


# ----------------------------------------------------------------------------- one test per finding


def test_input_and_include_stay_in_the_title_and_are_reported():
    item = _entry(r"Waves \input{chapter} and \include{appendix}")
    assert item.fields["title"] == r"Waves \input{chapter} and \include{appendix}"
    assert KEPT_NOTE.format(field="title", texts=r"\input{chapter}, \include{appendix}") in item.notes


def test_a_macro_kept_as_written_keeps_its_braces_and_arguments():
    item = _entry(r"The \ourmacro{arg} benchmark", abstract=r"We build \ourdataset[v2]{big}{small}.")
    assert item.fields["title"] == r"The \ourmacro{arg} benchmark"
    assert item.fields["summary"] == r"We build \ourdataset\[v2\]{big}{small}."  # Markdown-escaped brackets
    assert KEPT_NOTE.format(field="title", texts=r"\ourmacro{arg}") in item.notes
    assert KEPT_NOTE.format(field="abstract", texts=r"\ourdataset[v2]{big}{small}") in item.notes


def test_cite_and_ref_are_kept_as_written_not_placeholders():
    item = _entry(r"Beyond \cite{other}", note=r"Extends \citep[p.~3]{other}, see \eqref{eq:main}")
    assert item.fields["title"] == r"Beyond \cite{other}"
    assert item.fields["note"] == r"Extends \citep\[p.~3\]{other}, see \eqref{eq:main}"
    assert KEPT_NOTE.format(field="title", texts=r"\cite{other}") in item.notes
    assert KEPT_NOTE.format(field="note", texts=r"\citep[p.~3]{other}, \eqref{eq:main}") in item.notes
    assert "<cit.>" not in repr(item.fields) and "<ref>" not in repr(item.fields)


def test_a_command_missing_its_argument_costs_no_entry():
    # pylatexenc raises on these (KeyError, IndexError): the import stopped with a traceback.
    item = _entry(r"Links \href{https://example.org} in {\textcolor{red}}", abstract=r"Roots \sqrt")
    assert item.skip_reason is None
    assert item.fields["title"] == r"Links \href{https://example.org} in \textcolor{red}"
    assert item.fields["summary"] == r"Roots \sqrt"
    assert KEPT_NOTE.format(field="title", texts=r"\href{https://example.org}, \textcolor{red}") in item.notes
    assert KEPT_NOTE.format(field="abstract", texts=r"\sqrt") in item.notes


# What pylatexenc's default context does with each command, and what the importer does instead:
# (LaTeX, the text, kept as written?). Anything with words or a reference is never dropped.
COMMANDS = [
    # placeholders
    (r"a \cite{k} b", r"a \cite{k} b", True),
    (r"a \citet{k} b", r"a \citet{k} b", True),
    (r"a \citep[see][p.~2]{k} b", r"a \citep[see][p.~2]{k} b", True),
    (r"a \ref{s} b", r"a \ref{s} b", True),
    (r"a \autoref{s} b", r"a \autoref{s} b", True),
    (r"a \cref{s} b", r"a \cref{s} b", True),
    (r"a \Cref{s} b", r"a \Cref{s} b", True),
    (r"a \eqref{e} b", r"a \eqref{e} b", True),
    (r"a \includegraphics[width=2cm]{f.png} b", r"a \includegraphics[width=2cm]{f.png} b", True),
    # nothing at all
    (r"a \input{chapter} b", r"a \input{chapter} b", True),
    (r"a \include{chapter} b", r"a \include{chapter} b", True),
    (r"a \label{s} b", r"a \label{s} b", True),
    (r"a \title{t} b", r"a \title{t} b", True),
    # other words
    (r"a \footnote{more} b", r"a \footnote{more} b", True),
    (r"a \section{s} b", r"a \section{s} b", True),
    (r"a \today{} b", r"a \today{} b", True),
    (r"a \item b", r"a \item b", True),
    # parsed but without text (their argument vanished, or the command was glued to it)
    (r"a \citeauthor{k} b", r"a \citeauthor{k} b", True),
    (r"a \nocite{k} b", r"a \nocite{k} b", True),
    (r"a \index{k} b", r"a \index{k} b", True),
    (r"a \pageref{s} b", r"a \pageref{s} b", True),
    (r"a \begin{proof}x\end{proof} b", r"a \begin{proof}x\end{proof} b", True),
    (r"a \ourmacro{arg} b", r"a \ourmacro{arg} b", True),
    (r"a \ourmacro {arg} b", r"a \ourmacro arg b", True),  # a space: the braces were case protection
    # fonts: their text
    (r"a \texttt{code} b", "a code b", False),
    (r"a \textsf{sans} b", "a sans b", False),
    (r"a \mbox{box} b", "a box b", False),
    (r"a {\bf bold} {\em it} b", "a bold it b", False),
    (r"a \emph{e} \textbf{f} \textsc{g} b", "a e f g b", False),
    # layout only: a space, or nothing
    (r"a\,b\quad c\hspace{1em}d", "a b c d", False),
    (r"a {\color{red} red} \vphantom{x}b", "a red b", False),
    # inside what is converted, and a link's text with its dollar sign (it lost the sign before)
    (r"a \emph{see \cite{k}} b", r"a see \cite{k} b", True),
    (r"a \href{https://x.org}{costs \$5} b", "a costs $5 (https://x.org) b", False),
    # missing an argument: pylatexenc garbles these ("%s/%sa") or fails
    (r"a \frac{1}", r"a \frac{1}", True),
    (r"a {\footnote}", r"a \footnote", True),
    # converted as ever
    (r'J{\"o}rn \v{S}imon', "Jörn Šimon", False),
    (r"$\cite{k}$ in math", r"$\cite{k}$ in math", False),
]


@pytest.mark.parametrize("latex, text, kept", COMMANDS, ids=[row[0] for row in COMMANDS])
def test_every_command_that_would_lose_words_is_kept_as_written(latex, text, kept):
    found: set[str] = set()
    assert latex_to_text(latex, unknown=found) == text
    assert bool(found) == kept, found


# ----------------------------------------------------------------------------- RIS cut short


def _ris_report(tmp_path: Path, text: str) -> tuple[int, str]:
    (tmp_path / "cut.ris").write_text(text, encoding="utf-8")
    data = tmp_path / "publications.yml"
    data.write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    out = io.StringIO()
    return run([str(tmp_path / "cut.ris")], str(data), out=out, dry_run=True), out.getvalue()


def test_a_ris_record_without_er_at_the_end_is_imported_with_a_note(tmp_path: Path):
    text = ZOTERO_RIS.read_text("utf-8").rstrip().removesuffix("ER  -")  # the last line gone
    status, report = _ris_report(tmp_path, text)
    assert status == 0, report
    assert "Read 2 entries" in report and "Added 2:" in report
    assert "cut.ris:18 example2021conference -> new paper 'example2021conference'" in report
    assert "note: the record has no end (no 'ER  - ' line before the end of the file): check its last field, " \
           "line 25, which may be cut short" in report


def test_a_ris_file_cut_in_the_middle_of_a_record_skips_it_with_line_and_reason(tmp_path: Path):
    text = ZOTERO_RIS.read_text("utf-8")
    status, report = _ris_report(tmp_path, text[:text.index("TI  - A Conference") + 8])  # "TI  - A "
    assert status == 1
    assert "Read 2 entries" in report and "Skipped 1:" in report
    assert "cut.ris:18 anonymous: no authors; the record has no end (no 'ER  - ' line before the end of the " \
           "file): check its last field, line 19, which may be cut short" in report


def test_a_ris_record_without_er_is_not_merged_into_the_next(tmp_path: Path):
    text = ZOTERO_RIS.read_text("utf-8").replace("SN  - 1234-5678\nER  - \n", "SN  - 1234-5678\n", 1)
    status, report = _ris_report(tmp_path, text)
    assert status == 0, report
    assert "Added 2:" in report and "new paper 'example2021conference'" in report  # not read into the first
    assert "note: the record has no end (no 'ER  - ' line before the next record, line 17): check its last " \
           "field, line 15, which may be cut short" in report


def test_a_ris_record_whose_start_was_cut_off_is_read_not_skipped_over(tmp_path: Path):
    text = ZOTERO_RIS.read_text("utf-8")
    status, report = _ris_report(tmp_path, text[text.index("TI  - Sampling"):])
    assert status == 0, report
    assert "cut.ris:1 example2022sampling -> new paper 'example2022sampling' (other)" in report
    assert "note: the record has no beginning (no 'TY  - ' line before line 1): read as a generic record " \
           "(@misc); check its first field, which may be cut short" in report


def test_a_file_with_no_ris_record_is_an_error_not_an_empty_import(tmp_path: Path, capsys):
    status, report = _ris_report(tmp_path, "Title: A paper\nAuthor: Ada Example\n")
    assert status == 1 and report == ""
    assert "cut.ris: not a RIS file: no record in it" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the whole way


SHAPES_BIB = r"""@inproceedings{example2024shapes,
  title = {Waves \ourmacro{arg} from \input{chapter}, see \cite{other} and \ref{sec:x}},
  author = {Example, Ada and Sample, Bo},
  booktitle = {Proceedings of the Example Conference},
  year = {2024},
  abstract = {We keep \cite[p.~3]{other}, \label{fig:<one>&} and \footnote{a note} as written; 10\% faster.}
}
"""


def test_kept_text_reaches_the_paper_page_literally_and_the_bibtex_export_gives_it_back(tmp_path: Path):
    (tmp_path / "shapes.bib").write_text(SHAPES_BIB, encoding="utf-8")
    folder, out = tmp_path / "ada-site", io.StringIO()
    assert make_site(folder, name="Ada Example", site_url="https://ada.example.org/",
                     bib_files=[str(tmp_path / "shapes.bib")], out=out) == 0, out.getvalue()
    result = subprocess.run(engine_command("build", "--strict", "--site-dir", str(tmp_path / "site")), cwd=folder,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    paper = page(tmp_path / "site", "papers/example2024shapes/")
    title = r"Waves \ourmacro{arg} from \input{chapter}, see \cite{other} and \ref{sec:x}"
    assert paper.find("h1").get_text(" ", strip=True) == title
    text = paper.find("main").get_text(" ")
    for kept in (r"\cite[p.~3]{other}", r"\label{fig:<one>&}", r"\footnote{a note}", "10% faster"):
        assert kept in text, kept
    [exported] = convert_text((tmp_path / "site/papers/example2024shapes/cite.bib").read_text("utf-8"), "cite.bib")
    assert exported.fields["title"] == title
    assert not [note for note in exported.notes if note.startswith("kept as written")]  # it is text now
    assert KEPT_NOTE.format(field="title", texts=r"\ourmacro{arg}, \input{chapter}, \cite{other}, \ref{sec:x}") \
        in out.getvalue()  # the import said what it kept
