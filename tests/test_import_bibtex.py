"""Importing BibTeX: LaTeX and names decoded, papers merged without clobbering, files kept intact."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT_ROOT, FIXTURES, build_ok, page

from pubsite.importers.bibtex_import_yaml import append_papers
from pubsite.importers.bibtex_entry import ImportSettings, markdown_literal
from pubsite.importers.import_bibtex import convert_text, main, run
from pubsite.importers.latex_text import latex_to_text
from pubsite.data.validation import read_publications
from pubsite.render.inline_markdown import render_inline

BIB = FIXTURES / "bibtex"
QUIRKS = FIXTURES / "bib" / "quirks.bib"
DATA = CONTENT_ROOT / "data" / "publications.yml"


def one(text: str):
    entries = convert_text(text, "test.bib")
    assert len(entries) == 1
    return entries[0]


def entry(authors: str = "Doe, Jane", title: str = "A Title", extra: str = "", kind: str = "inproceedings",
          key: str = "k") -> str:
    return f"@{kind}{{{key},\n author = {{{authors}}},\n title = {{{title}}},\n booktitle = {{Conf}},\n year = 2020,\n{extra}}}\n"


# ----------------------------------------------------------------------------- golden conversions


@pytest.mark.parametrize(
    "authors, expected",
    [
        ("Example, Ada", ["Ada Example"]),
        ("Ada Example", ["Ada Example"]),
        ("Tomas R. V. Okafor", ["Tomas R. V. Okafor"]),
        ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("van der Berg, Hans", ["Hans van der Berg"]),
        ("Steele, Jr., Guy L.", ["Guy L. Steele Jr."]),
        ("{OpenAI Team}", ["{OpenAI Team}"]),
        ("{Barnes and Noble, Inc.}", ["{Barnes and Noble, Inc.}"]),
        ("{Google DeepMind}", ["{Google DeepMind}"]),
        ("{The {LIGO} Scientific Collaboration}", ["{The LIGO Scientific Collaboration}"]),
        ("{{\\'E}cole Polytechnique} and Doe, Jane", ["{École Polytechnique}", "Jane Doe"]),
        ("{OpenAI}", ["OpenAI"]),  # one word: nothing to keep together
        ("{\\L}ukasz Kaiser", ["Łukasz Kaiser"]),  # braces around a letter, not the name
        ("Doe, Jane and John Smith", ["Jane Doe", "John Smith"]),
        ("Doe, Jane and others", ["Jane Doe"]),
    ],
)
def test_name_forms(authors: str, expected: list[str]):
    assert one(entry(authors=authors)).fields["authors"] == expected


def test_and_others_is_dropped_with_a_report_line():
    imported = one(entry(authors="Doe, Jane and others"))
    assert any("and others" in note for note in imported.notes)


@pytest.mark.parametrize(
    "latex, text",
    [
        ('J{\\"o}rg-Emil Lindqvist', "Jörg-Emil Lindqvist"),
        ("Ren\\'{e} Vidal", "René Vidal"),
        ("Hans Stra{\\ss}e", "Hans Straße"),
        ("{\\L}ukasz Kaiser", "Łukasz Kaiser"),
        ('Kurt G\\"odel', "Kurt Gödel"),
    ],
)
def test_accents_in_names(latex: str, text: str):
    assert one(entry(authors=latex)).fields["authors"] == [text]


@pytest.mark.parametrize(
    "latex, text",
    [
        ("{GAN}s are {B}ayesian", "GANs are Bayesian"),
        ("{{Protected Title}}", "Protected Title"),
        ("On $\\alpha$-Divergences", "On $\\alpha$-Divergences"),
        ("Learning in $\\mathcal{O}(n)$ {Memory}", "Learning in $\\mathcal{O}(n)$ Memory"),
        ("Caf\\'{e} \\& Stra{\\ss}e", "Café & Straße"),
    ],
)
def test_titles_latex_to_unicode_math_kept(latex: str, text: str):
    assert one(entry(title=latex)).fields["title"] == text


def test_string_macros_and_concatenation():
    bib = '@string{neurips = "Advances in Neural Information Processing Systems"}\n' \
          '@inproceedings{k, author = {Doe, Jane}, title = {T}, booktitle = neurips # " 33", year = 2020}\n'
    assert one(bib).fields["venue"] == "Advances in Neural Information Processing Systems 33"


def test_month_macro():
    imported = one(entry(extra=" month = jul,\n"))
    assert imported.month == "July"
    assert imported.skip_reason is None


def test_crossref_fills_booktitle_and_year_and_the_volume_is_read_into_its_paper():
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    crossed = entries["smith2023crossed"]
    assert crossed.fields["venue"] == "Proceedings of the 40th International Conference on Machine Learning"
    assert crossed.fields["year"] == 2023
    assert entries["icml2023"].volume_of == "smith2023crossed" and entries["icml2023"].skip_reason is None


def test_golden_sample_entry():
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    first = entries["Lindqvist2024Invertible"]
    assert first.where == "sample.bib:4"
    assert first.fields == {
        "section": "conference",
        "title": "GANs and $\\alpha$-Divergences: Straße to Été",
        "authors": ["Jörg-Emil Lindqvist", "Hans van der Berg Jr", "René Vidal", "{OpenAI Team}"],
        "venue": "Advances in Neural Information Processing Systems 36",
        "year": 2024,
        "month": 7,
        "doi": "10.5555/3600270.3601234",
        "links": {
            "proceedings": "https://proceedings.example.org/paper/2024/hash/abc.html",
            "pdf": "https://proceedings.example.org/paper/2024/file/abc.pdf",
        },
        "bibtex_key": "Lindqvist2024Invertible",
        "volume": "36",
        "pages": "12–20",
    }


@pytest.mark.parametrize(
    "key, section, venue, arxiv",
    [
        ("lee2025preprint", "preprint", "arXiv preprint", "2501.01234"),
        ("corr2019", "preprint", "arXiv preprint", "1905.04321"),
        ("doe2022journal", "journal", "Journal of Machine Learning Research", None),
        ("doe2021thesis", "thesis", "PhD thesis, University of Example", None),
        ("tech2020", "other", "Technical report, Stanford University", None),
    ],
)
def test_entry_types_map_to_sections(key, section, venue, arxiv):
    entries = {e.key: e for e in convert_text((BIB / "sample.bib").read_text(encoding="utf-8"), "sample.bib")}
    fields = entries[key].fields
    assert (fields["section"], fields["venue"], fields.get("arxiv")) == (section, venue, arxiv)
    assert "links" not in fields  # arXiv URLs become the arxiv id, not a link


def test_arxiv_url_and_doi_url():
    imported = one(entry(kind="misc", extra=" url = {https://arxiv.org/abs/2010.90001v2},\n"))
    assert imported.fields["section"] == "preprint" and imported.fields["arxiv"] == "2010.90001v2"
    imported = one(entry(extra=" url = {https://doi.org/10.1000/xyz123},\n"))
    assert imported.fields["doi"] == "10.1000/xyz123" and "links" not in imported.fields


# ----------------------------------------------------------------------------- dollars, abstracts


@pytest.mark.parametrize(
    "latex, title",
    [
        ("Costs \\$5 and \\$10", "Costs \\$5 and \\$10"),
        ("On $\\alpha$-Divergences for \\$1", "On $\\alpha$-Divergences for \\$1"),
        ("{\\$}100 {B}udgets", "\\$100 Budgets"),
        ("A 5\\textdollar{} Model", "A 5\\$ Model"),
        ("Sums $\\sum_i x_i$ under \\$", "Sums $\\sum_i x_i$ under \\$"),
    ],
)
def test_a_literal_dollar_in_a_title_stays_escaped_and_math_stays_math(latex: str, title: str):
    assert one(entry(title=latex)).fields["title"] == title


def test_golden_yaml_of_corporate_authors_and_a_literal_dollar(tmp_path: Path):
    """The import part: braces kept around corporate names, a literal dollar kept as ``\\$`` in the
    title, both quoted."""
    bib = ("@article{corp, author = {{Google DeepMind} and {The {LIGO} Scientific Collaboration} and Doe, Jane},\n"
           " title = {Costs \\$5 and \\$10 for $\\alpha$-Nets}, journal = {J}, year = 2024}\n")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0, report
    text = data.read_text("utf-8")
    assert text.endswith(
        "\n  - id: corp\n"
        "    section: journal\n"
        '    title: "Costs \\\\$5 and \\\\$10 for $\\\\alpha$-Nets"\n'
        '    authors: ["{Google DeepMind}", "{The LIGO Scientific Collaboration}", Jane Doe]\n'
        "    venue: J\n"
        "    year: 2024\n"
        "    bibtex_key: corp\n"
    ), text[-400:]
    paper = yaml.safe_load(text)["papers"][-1]
    assert paper["title"] == "Costs \\$5 and \\$10 for $\\alpha$-Nets"
    assert paper["authors"] == ["{Google DeepMind}", "{The LIGO Scientific Collaboration}", "Jane Doe"]


def test_a_literal_dollar_elsewhere_is_a_plain_dollar():
    bib = ("@inproceedings{k, author = {Doe, Jane}, title = {T}, booktitle = {The \\$1 Workshop}, year = 2020,"
           " abstract = {It costs \\$5.}}")
    fields = one(bib).fields
    assert fields["venue"] == "The $1 Workshop" and fields["summary"] == "It costs $5."


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def shown(markdown_text: str) -> tuple[str, list[str]]:
    """What a reader sees of a summary as the site renders it, and the HTML tags it made."""
    parser = _Text()
    parser.feed(render_inline(markdown_text))
    parser.close()
    return "".join(parser.parts), parser.tags


MARKDOWN_TRAPS = [
    "We study *emphasis*, **strong**, _under_ and __dunder__ text.",
    "[a link](https://example.org), ![an image](x.png), <https://example.org> and [1]: https://x.org",
    "`code`, ``double`` and a lone ` backtick",
    "# Not a heading",
    "- not a list",
    "+ not a list",
    "* not a list",
    "1. not a list",
    "12) not a list either",
    "> not a quote",
    "--- not a rule",
    "___",
    "_ _ _",
    "it's \"quoted\" and 'single' -- dashes --- and ... an ellipsis, . . . not one",
    "<b>bold</b> &amp; &copy; <script>alert(1)</script> & < >",
    "x_i + y_j, $x_i$ and $\\alpha_{1}$ with \\mathcal{O}(n) and snake_case_names",
    "back\\slash \\* \\_ \\\\ \\` \\[ and a trailing \\",
    "{braces} (parens) !bang #hash +plus .dot ~tilde |pipe| =equals= :colon: ^caret^",
    "under_score_ _leading trailing_ __init__ *_mixed_*",
    "e.g. i.e. 3.14 and 1.2.3 and ... and .... and ..",
    "50% of $5 costs 5 $",
]


@pytest.mark.parametrize("text", MARKDOWN_TRAPS)
def test_abstracts_show_exactly_as_written(text: str):
    visible, tags = shown(markdown_literal(text))
    assert visible == text
    assert tags == []  # no emphasis, link, code, list or heading


def test_abstracts_show_exactly_as_written_whatever_the_characters():
    """Random text from Markdown's special characters: the site shows every one as written."""
    rng = random.Random(5)
    alphabet = list("*_`[]()<>#+-.!\"'\\&$:{}|~=^ ") + ["a", "b", "1", "2", "é", "x_y", "http://x.org"]
    for _ in range(3000):
        text = " ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))).split())
        if text:
            assert shown(markdown_literal(text))[0] == text, (text, markdown_literal(text))


def test_abstract_becomes_the_summary_latex_decoded_whitespace_collapsed():
    bib = entry(extra=" abstract = {Caf\\'{e} on   {GAN}s\n   with 50\\% \\& $\\alpha$-nets, *stars*\n  and x\\_1.},\n")
    summary = one(bib).fields["summary"]
    assert shown(summary)[0] == "Café on GANs with 50% & $\\alpha$-nets, *stars* and x_1."
    assert one(entry(extra=" abstract = {  },\n")).fields.get("summary") is None


def test_summaries_are_written_as_folded_blocks_and_read_back_exactly(tmp_path: Path):
    words = " ".join(f"word{index}" for index in range(60))
    bib = entry(extra=f" abstract = {{It's *not* [emphasis] -- {words} \\# 1.}},\n")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0, report
    text = data.read_text("utf-8")
    assert "    summary: >-\n      It\\'s \\*not\\* \\[emphasis\\]" in text
    block = text.split("    summary: >-\n", 1)[1].split("    bibtex_key:", 1)[0]
    assert len(block.splitlines()) > 3 and max(len(line) for line in block.splitlines()) <= 100
    summary = yaml.safe_load(text)["papers"][-1]["summary"]
    assert shown(summary)[0] == f"It's *not* [emphasis] – {words} # 1."


# ----------------------------------------------------------------------------- sections


@pytest.mark.parametrize(
    "booktitle, series, section",
    [
        ("ICML 2023 Workshop on Structured Inference", "", "workshop"),
        ("NeurIPS workshop: Deep Reinforcement Learning", "", "workshop"),
        ("{ICLR} 2018 {W}orkshop {T}rack", "", "workshop"),
        ("Proceedings of the 1st Conference", "NeurIPS Workshop Series", "workshop"),
        ("Joint Workshops on Statistical Learning", "", "conference"),  # not the word itself
        ("Workshopping Conference", "", "conference"),
        ("International Conference on Learning Representations", "", "conference"),
    ],
)
def test_inproceedings_at_a_workshop_is_a_workshop_paper(booktitle: str, series: str, section: str):
    bib = (f"@inproceedings{{k, author = {{Doe, Jane}}, title = {{T}}, booktitle = {{{booktitle}}}, "
           f"series = {{{series}}}, year = 2020}}")
    imported = one(bib)
    assert imported.fields["section"] == section
    assert imported.fields["venue"] == latex_to_text(booktitle)  # the booktitle, as for conferences
    assert (imported.section_reason is not None) == (section == "workshop")


def test_settings_workshop_words_and_a_mapping_that_wins_over_the_guess():
    text = QUIRKS.read_text("utf-8")

    def sections(settings):
        return {e.key: e.fields["section"] for e in convert_text(text, "q.bib", settings)}

    assert sections(None) == {"deepmind2023workshop": "workshop", "symposium2022": "conference",
                              "workshops2021": "conference", "report2020": "other", "misc2019": "other"}
    words = ImportSettings(workshop_words=("workshop", "symposium"))
    assert sections(words)["symposium2022"] == "workshop"
    mapped = ImportSettings({"inproceedings": "conference", "techreport": "preprint"}, ("workshop", "symposium"))
    assert sections(mapped) == {"deepmind2023workshop": "conference", "symposium2022": "conference",
                                "workshops2021": "conference", "report2020": "preprint", "misc2019": "other"}
    assert ImportSettings(workshop_words=()).workshop_words == ()
    assert sections(ImportSettings(workshop_words=()))["deepmind2023workshop"] == "conference"


SETTINGS = """
bibtex_import:              # how `pubsite import` files BibTeX entries
  sections:
    misc: other
    TechReport: preprint
  workshop_words: [workshop, symposium]
"""


def test_the_data_files_settings_are_used_and_the_report_says_why(tmp_path: Path):
    status, report, data = run_import(tmp_path, QUIRKS.read_text("utf-8"),
                                      data_text=DATA.read_text("utf-8") + SETTINGS)
    assert status == 0, report
    appended = {paper["id"]: paper for paper in yaml.safe_load(data.read_text("utf-8"))["papers"][14:]}
    assert {paper_id: paper["section"] for paper_id, paper in appended.items()} == {
        "deepmind2023workshop": "workshop", "symposium2022": "workshop", "workshops2021": "conference",
        "report2020": "preprint", "misc2019": "other",
    }
    assert appended["symposium2022"]["venue"] == "Proceedings of the Symposium on Advances in Approximate Bayesian Inference"
    assert appended["report2020"]["venue"] == "Technical report, Stanford University"
    assert "'deepmind2023workshop' (workshop: its booktitle has the word 'Workshop')" in report
    assert "'symposium2022' (workshop: its booktitle has the word 'Symposium')" in report
    assert "'report2020' (preprint: 'bibtex_import: sections:' maps @techreport to preprint)" in report
    assert "'workshops2021' (conference)" in report


def test_the_settings_block_is_validated_with_file_and_line(tmp_path: Path, capsys):
    broken = DATA.read_text("utf-8") + SETTINGS.replace("misc: other", "misc: others")
    status, _, data = run_import(tmp_path, entry(), data_text=broken)
    assert status == 1 and data.read_text("utf-8") == broken
    line = broken.splitlines().index("    misc: others") + 1
    assert (f"publications.yml:{line}: bibtex_import: field 'sections': 'misc': unknown section 'others'"
            in capsys.readouterr().err)


# ----------------------------------------------------------------------------- the command


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(tmp_path: Path, bib_text: str, *, dry_run: bool = False, data_text: str | None = None):
    data = write(tmp_path, "publications.yml", data_text if data_text is not None else DATA.read_text("utf-8"))
    bib = write(tmp_path, "refs.bib", bib_text)
    out = io.StringIO()
    status = run([str(bib)], str(data), dry_run=dry_run, out=out)
    return status, out.getvalue(), data


# ------------------------------------------------- what Google Scholar, DBLP and ORCID export

EXPORTS = BIB / "exports"
EMPTY_LIST = "owner:\n  name: Ada Example\npapers: []\n"
# id, section, venue (venue_full), bibtex_key, publisher: as each exporter writes the same papers.
FROM_EXPORTS = {
    "scholar.bib": [
        ("example2022waves", "conference", "International Conference on Artificial Intelligence and Statistics",
         None, "example2022waves", None),
        ("example2024gradient", "preprint", "arXiv preprint", None, "example2024gradient", None),
        ("weber2022reversible", "conference", "Conference on Learning Theory", None, "weber2022reversible",
         "PMLR"),  # Scholar's organization = {PMLR}
        ("example2022currents", "journal", "Journal of Ocean Examples", None, "example2022currents",
         "Example Press"),
        ("example2023thesis", "thesis", "PhD thesis, University of Example", None, "example2023thesis", None),
    ],
    "dblp.bib": [  # readable ids, DBLP's keys kept for citing, the braced acronym as the short venue
        ("example2022waves", "conference", "AISTATS 2022", "25th International Conference on Artificial "
         "Intelligence and Statistics, AISTATS 2022, Valencia, Spain, 28-30 March 2022",
         "DBLP:conf/aistats/ExampleQMPS22", "OpenReview.net"),
        ("weber2022reversible", "conference", "COLT 2022", "Proceedings of the 35th Conference on Learning Theory, "
         "COLT 2022, 2-5 July 2022, London, UK", "DBLP:conf/colt/WeberEQSM22", "PMLR"),
        ("example2024gradient", "preprint", "arXiv preprint", None, "DBLP:journals/corr/abs-2409-91108", None),
        ("example2022currents", "journal", "J. Ocean Examples", None, "DBLP:journals/joe/ExampleS22", None),
        ("example2023probabilistic", "thesis", "PhD thesis, University of Example, Canada", None,
         "DBLP:phd/basesearch/Example23", None),
    ],
    "orcid-works.bib": [
        ("example-2022", "journal", "Journal of Ocean Examples", None, "Example_2022", "Example Press"),
        ("example-2022b", "conference", "Proceedings of the 35th Conference on Learning Theory",
         None, "Example_2022b", None),
        ("example2024gradient", "preprint", "arXiv preprint", None, "example2024gradient", None),
    ],
}
# What each export holds that the list has no place for: named in the report, never dropped silently.
NOT_KEPT = {"scholar.bib": [], "dblp.bib": ["series"], "orcid-works.bib": ["issn", "keywords"]}


@pytest.mark.parametrize("name", sorted(FROM_EXPORTS))
def test_each_exporters_bibtex_imports_whole(tmp_path: Path, name: str):
    status, report, data = run_import(tmp_path, (EXPORTS / name).read_text(encoding="utf-8"),
                                      data_text=EMPTY_LIST)
    assert status == 0, report
    papers = yaml.safe_load(data.read_text(encoding="utf-8"))["papers"]
    got = [(paper["id"], paper["section"], paper["venue"], paper.get("venue_full"), paper["bibtex_key"],
            paper.get("publisher")) for paper in papers]
    assert got == FROM_EXPORTS[name]
    assert sorted(line.rsplit(":", 1)[1].strip() for line in report.splitlines() if "not kept" in line) \
        == NOT_KEPT[name], report
    for paper in papers:
        assert paper["authors"][0] and "Ada Example" in paper["authors"]
    # The list the import wrote is one the build accepts, DBLP's keys and all.
    read_publications(data, "data/publications.yml")


def test_the_same_papers_from_three_exporters_are_imported_once(tmp_path: Path):
    data = write(tmp_path, "publications.yml", EMPTY_LIST)
    out = io.StringIO()
    assert run([str(EXPORTS / name) for name in ("dblp.bib", "scholar.bib", "orcid-works.bib")], str(data),
               out=out) == 0, out.getvalue()
    ids = [paper["id"] for paper in yaml.safe_load(data.read_text(encoding="utf-8"))["papers"]]
    assert ids == ["example2022waves", "weber2022reversible", "example2024gradient", "example2022currents",
                   "example2023probabilistic"], out.getvalue()  # matched by title, arXiv id and DOI


def installed_env() -> dict[str, str]:
    """The environment of a researcher's shell: no PYTHONPATH, so only the installed package counts."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


def test_the_installed_pubsite_command_imports_from_the_project_root(project: Path):
    """``pip install -e .`` installs ``pubsite``; run as the README says, from the project's root."""
    command = Path(sys.executable).parent / "pubsite"
    assert command.is_file(), f"{command} is missing: run .venv/bin/pip install -c constraints.txt -e ."
    (project / "refs.bib").write_text((BIB / "sample.bib").read_text("utf-8"), encoding="utf-8")
    original = (project / "data" / "publications.yml").read_text("utf-8")

    dry = subprocess.run([str(command), "import", "refs.bib", "--dry-run"], cwd=project, env=installed_env(),
                         capture_output=True, text=True, timeout=120, check=False)
    assert dry.returncode == 0, dry.stderr
    assert "Added 7" in dry.stdout and "Dry run: nothing written (data/publications.yml" in dry.stdout
    assert (project / "data" / "publications.yml").read_text("utf-8") == original
    assert not (project / "docs/publications/journal.md").exists()

    done = subprocess.run([str(command), "import", "refs.bib"], cwd=project, env=installed_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Wrote 7 new paper(s) to the end of data/publications.yml." in done.stdout
    assert (project / "data" / "publications.yml").read_text("utf-8").startswith(original)

    # An entry that cannot be read is skipped with its file and line, the others imported, and the status is 1.
    (project / "broken.bib").write_text("@article{whole, author = {Fine, Anna}, title = {Whole}, journal = {J}, "
                                        "year = 2020}\n@article{cut,\n  title = \"Cut short,\n  year = 2021\n}\n",
                                        encoding="utf-8")
    broken = subprocess.run([str(command), "import", "broken.bib"], cwd=project,
                            env=installed_env(), capture_output=True, text=True, timeout=120, check=False)
    assert broken.returncode == 1 and "broken.bib:2 cut: malformed BibTeX at line 3: the value of 'title'" in broken.stdout
    assert "Added 1" in broken.stdout and "1 of 2 entries were skipped" in broken.stderr


@pytest.mark.parametrize("module", ["pubsite.commands.cli import", "pubsite.importers.import_bibtex"])
def test_the_command_runs_as_a_module_too(module: str, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", *module.split(), "--help"], cwd=tmp_path, env=installed_env(),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "--dry-run" in result.stdout and "--encoding" in result.stdout


def test_existing_file_is_kept_byte_for_byte_and_new_papers_appended(tmp_path: Path):
    original = DATA.read_text("utf-8")
    status, report, data = run_import(tmp_path, (BIB / "sample.bib").read_text("utf-8"))
    assert status == 0, report
    updated = data.read_text("utf-8")
    assert updated.startswith(original)  # every comment and entry of the owner, unchanged
    appended = yaml.safe_load(updated)["papers"][len(yaml.safe_load(original)["papers"]):]
    assert [paper["id"] for paper in appended] == [
        "lindqvist2024invertible", "smith2023crossed", "lee2025preprint", "corr2019", "doe2022journal",
        "doe2021thesis", "tech2020",
    ]
    assert "Added 7" in report and "Skipped 0" in report
    assert "Volumes read into the papers that cross-reference them (not papers): 1" in report and "icml2023" in report


def test_insertion_before_a_following_key_keeps_the_rest(tmp_path: Path):
    original = ("# top\nowner:\n  name: A B\npapers:\n  - id: one\n    section: other\n    title: One\n"
                "    authors: [A B]\n    venue: V\n    year: 2020\n    # about one\n\n# trailing\nextra: 1\n")
    updated = append_papers(original, [{"id": "two", "section": "other", "title": "Two", "authors": ["C D"],
                                        "venue": "V", "year": 2021}])
    head = original.split("\n# trailing")[0] + "\n"
    assert updated.startswith(head) and updated.endswith("\n# trailing\nextra: 1\n")
    assert yaml.safe_load(updated)["papers"][1]["id"] == "two"


# Titles, years and authors agree (case, braces and initials aside); a shared identifier is named too.
# (A shared DOI or arXiv id with another title or other authors is not a match: test_import_identity.py.)
MATCHES = [
    ("doi", 'doi = {10.1000/XYZ123},', "same DOI, title, year and authors"),
    ("arxiv", "eprint = {2405.91101v2}, archivePrefix = {arXiv},", "same arXiv id, title, year and authors"),
    ("title", "", "same title, year and authors"),
]


@pytest.mark.parametrize("how, extra, why", MATCHES, ids=[m[0] for m in MATCHES])
def test_matching_papers_are_not_added_and_not_changed(tmp_path: Path, how, extra, why):
    data_text = DATA.read_text("utf-8") + (
        "\n  - id: owned\n    section: journal\n    title: \"The Owner's Title\"\n    authors: [Ada Example]\n"
        "    venue: Owner's venue\n    year: 2019\n    doi: 10.1000/xyz123\n    arxiv: \"2405.91101\"\n")
    bib = ("@article{bibkey, author = {Example, A.}, title = {The {O}wner's title}, journal = {Other}, year = 2019,"
           f" pages = {{1--2}}, {extra}}}\n")
    status, report, data = run_import(tmp_path, bib, data_text=data_text)
    assert status == 0, report
    assert data.read_text("utf-8") == data_text  # nothing added, nothing overwritten
    assert f"existing paper 'owned' ({why}" in report
    assert "Added 0" in report


def test_the_same_paper_twice_in_one_import_is_added_once(tmp_path: Path):
    bib = entry(key="a1") + entry(key="a2")
    status, report, data = run_import(tmp_path, bib)
    assert status == 0
    assert "Added 1" in report and "new paper 'a1' (same title, year and authors)" in report


def test_ids_are_url_safe_and_unique(tmp_path: Path):
    bib = (entry(key="Tide-Tables", title="Unrelated One") + entry(key="Weird:Key", title="Unrelated Two")
           + entry(key="Weird/Key/2020", title="Unrelated Three"))
    status, report, data = run_import(tmp_path, bib)
    assert status == 0, report
    ids = [paper["id"] for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]]
    assert "tide-tables-2" in ids and "weird-key" in ids
    # A key with slashes is a record's path, not a name: the id is made from author, year and title.
    assert "doe2020unrelated" in ids


def test_dry_run_writes_nothing(tmp_path: Path):
    status, report, data = run_import(tmp_path, (BIB / "sample.bib").read_text("utf-8"), dry_run=True)
    assert status == 0
    assert data.read_text("utf-8") == DATA.read_text("utf-8")
    assert "Added 7" in report and "Dry run" in report


def test_malformed_bib_names_file_and_line_and_is_repaired(tmp_path: Path, capsys):
    """A comma missing (malformed.bib, line 11) was an import aborted; it is now added, with a note
    naming the file and the line (tests/test_import_recovery.py has every shape)."""
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    status = main([str(BIB / "sample.bib"), str(BIB / "malformed.bib"), "--data", str(data)])
    assert status == 0
    report = capsys.readouterr().out
    assert f"{BIB / 'malformed.bib'}:8 broken2021" in report
    assert "repaired: a comma was missing before 'journal' at line 11: added" in report


def test_crlf_files_import_with_the_right_lines_and_no_carriage_returns(tmp_path: Path, capsys):
    crlf = (BIB / "malformed.bib").read_bytes().replace(b"\n", b"\r\n")
    assert b"\r\n" in crlf
    (tmp_path / "crlf.bib").write_bytes(crlf)
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    assert main([str(tmp_path / "crlf.bib"), "--data", str(data), "--dry-run"]) == 0
    report = capsys.readouterr().out
    assert f"{tmp_path / 'crlf.bib'}:8 broken2021" in report and "before 'journal' at line 11: added" in report

    bib = ("@inproceedings{first,\n author = {Doe,\n   Jane},\n title = {A Title\n over Lines},\n"
           " booktitle = {Conf},\n year = 2020,\n abstract = {One\n  two},\n url = {https://example.org/a},\n}\n\n"
           "@article{second,\n author = {Doe, Jane},\n title = {Other},\n journal = {J},\n year = 2021,\n}\n")
    (tmp_path / "crlf.bib").write_bytes(bib.replace("\n", "\r\n").encode("utf-8"))
    status = run([str(tmp_path / "crlf.bib")], str(data), dry_run=True, out=io.StringIO())
    assert status == 0
    entries = {e.key: e for e in convert_text(bib.replace("\n", "\r\n"), "crlf.bib")}
    from pubsite.importers.import_bibtex import read_bibtex
    read = {e.key: e for e in read_bibtex(tmp_path / "crlf.bib", "crlf.bib")}
    assert read["first"].where == "crlf.bib:1" and read["second"].where == "crlf.bib:13"
    assert read["first"].fields == entries["first"].fields  # the text as pybtex would get it either way
    assert read["first"].fields["title"] == "A Title over Lines" and read["first"].fields["summary"] == "One two"
    assert "\r" not in repr([e.fields for e in read.values()])


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    (tmp_path / "bom.bib").write_bytes("\ufeff".encode("utf-8") + entry(authors="G{\\\"o}del, Kurt").encode("utf-8"))
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    out = io.StringIO()
    assert run([str(tmp_path / "bom.bib")], str(data), out=out) == 0, out.getvalue()
    assert "bom.bib:1 k -> new paper 'k'" in out.getvalue()
    assert yaml.safe_load(data.read_text("utf-8"))["papers"][-1]["authors"] == ["Kurt Gödel"]


LATIN1 = ("@article{ok, author = {Doe, Jane}, title = {Fine}, journal = {J}, year = 2020}\n\n"
          "@article{caf,\n  author = {Müller, Zoë},\n  title = {Café},\n  journal = {J},\n  year = 2021,\n}\n")


def test_a_file_that_is_not_utf8_names_the_line_and_suggests_latin1(tmp_path: Path, capsys):
    (tmp_path / "old.bib").write_bytes(LATIN1.encode("latin-1"))
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    assert main([str(tmp_path / "old.bib"), "--data", str(data)]) == 1
    output = capsys.readouterr()
    # Only the entry holding the bytes is skipped (it was the whole file); the other is imported.
    assert f"{tmp_path / 'old.bib'}:3 caf: not utf-8 text at line 4: the byte 0xFC at column 14" in output.out
    assert "--encoding latin-1" in output.out and "1 of 2 entries were skipped" in output.err
    assert [paper["id"] for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]][-1] == "ok"

    assert main([str(tmp_path / "old.bib"), "--data", str(data), "--encoding", "latin-1"]) == 0
    assert yaml.safe_load(data.read_text("utf-8"))["papers"][-1]["authors"] == ["Zoë Müller"]
    assert yaml.safe_load(data.read_text("utf-8"))["papers"][-1]["title"] == "Café"


def test_a_publication_list_that_is_not_utf8_names_its_line(tmp_path: Path, capsys):
    data = tmp_path / "publications.yml"
    data.write_bytes(b"owner:\n  name: Ren\xe9 Vidal\npapers: []\n")
    status = run([str(write(tmp_path, "refs.bib", entry()))], str(data), out=io.StringIO())
    assert status == 1
    assert f"{data}:2: not utf-8 text: the byte 0xE9 at column 12" in capsys.readouterr().err
    assert data.read_bytes() == b"owner:\n  name: Ren\xe9 Vidal\npapers: []\n"


def test_utf16_is_recognised_and_an_unknown_encoding_is_refused(tmp_path: Path, capsys):
    (tmp_path / "wide.bib").write_bytes(LATIN1.encode("utf-16"))
    data = write(tmp_path, "publications.yml", DATA.read_text("utf-8"))
    assert main([str(tmp_path / "wide.bib"), "--data", str(data)]) == 1
    assert "wide.bib:1: not utf-8 text" in capsys.readouterr().err
    assert main([str(tmp_path / "wide.bib"), "--data", str(data), "--encoding", "utf-16"]) == 0
    with pytest.raises(SystemExit):
        main([str(tmp_path / "wide.bib"), "--data", str(data), "--encoding", "klingon"])
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_entries_failing_validation_are_skipped_with_the_reason_and_the_command_fails(tmp_path: Path, capsys):
    bib = entry(title=r"Math $\unknowncmd{x}$ the site cannot show")  # an author twice is now kept once
    status, report, data = run_import(tmp_path, bib)
    assert status == 1
    assert "1 of 1 entries were skipped" in capsys.readouterr().err
    assert "uses \\unknowncmd, which cannot be shown" in report and data.read_text("utf-8") == DATA.read_text("utf-8")


def test_an_invalid_publication_list_is_not_touched(tmp_path: Path, capsys):
    broken = DATA.read_text("utf-8").replace("year: 2021", "year: twenty", 1)
    status, report, data = run_import(tmp_path, entry())
    data.write_text(broken, encoding="utf-8")
    status = run([str(tmp_path / "refs.bib")], str(data), out=io.StringIO())
    assert status == 1 and data.read_text("utf-8") == broken
    assert "must be valid before importing" in capsys.readouterr().err


def test_kinds_of_work_no_page_lists_get_a_page_of_their_own_in_the_nav(project: Path):
    data = project / "data" / "publications.yml"
    original = data.read_text("utf-8")
    papers_before = len(yaml.safe_load(original)["papers"])
    config_before = (project / "mkdocs.yml").read_text("utf-8")
    out = io.StringIO()
    status = run([str(BIB / "sample.bib")], str(data), out=out)
    report = out.getvalue()
    assert status == 0, report
    assert "Added 7" in report and "Skipped 0" in report
    for section in ("journal", "thesis", "other"):
        assert f"docs/publications/{section}.md lists '{section}'" in report
        text = (project / f"docs/publications/{section}.md").read_text("utf-8")
        assert text.startswith("# ") and f"<!-- publications: {section} -->" in text
    config = (project / "mkdocs.yml").read_text("utf-8")
    # One line per page, after the last section page, indented like it; the rest unchanged.
    last = next(line for line in reversed(config_before.splitlines(keepends=True)) if "publications/" in line)
    indent = last[:len(last) - len(last.lstrip())]
    new_lines = "".join(f"{indent}- publications/{section}.md\n" for section in ("journal", "thesis", "other"))
    assert config == config_before.replace(last, last + new_lines, 1)
    added = [paper["id"] for paper in yaml.safe_load(data.read_text("utf-8"))["papers"][papers_before:]]
    assert added == ["lindqvist2024invertible", "smith2023crossed", "lee2025preprint", "corr2019", "doe2022journal",
                     "doe2021thesis", "tech2020"]
    assert data.read_text("utf-8").startswith(original)
    site = build_ok(project)  # what was added builds with --strict, and every paper is listed
    assert page(site, "publications/journal/").find("li", id="doe2022journal") is not None
    assert page(site, "publications/thesis/").find("li", id="doe2021thesis") is not None
    assert page(site, "publications/other/").find("li", id="tech2020") is not None


def test_mapping_a_type_to_a_listed_section_imports_it(project: Path):
    data = project / "data" / "publications.yml"
    data.write_text(data.read_text("utf-8") + SETTINGS.replace("TechReport: preprint", "phdthesis: preprint"),
                    encoding="utf-8")
    bib = (BIB / "sample.bib").read_text("utf-8")
    out = io.StringIO()
    assert run([str(write(project, "refs.bib", bib))], str(data), out=out) == 0
    report = out.getvalue()
    assert "'doe2021thesis' (preprint: 'bibtex_import: sections:' maps @phdthesis to preprint)" in report
    assert "tech2020: section 'other' ('bibtex_import: sections:' maps @techreport to other)" not in report
    assert "docs/publications/other.md lists 'other'" in report
    site = build_ok(project)
    assert "PhD thesis, University of Example" in page(site, "papers/doe2021thesis/").get_text()


def test_imported_quirks_build_and_show_as_written(project: Path):
    """Workshop paper, abstract full of Markdown, corporate authors and a literal dollar: built."""
    data = project / "data" / "publications.yml"
    out = io.StringIO()
    assert run([str(QUIRKS)], str(data), out=out) == 0, out.getvalue()
    assert "Added 5" in out.getvalue() and "Skipped 0" in out.getvalue()
    site = build_ok(project)
    listed = page(site, "publications/workshops/").find("li", id="deepmind2023workshop")
    assert listed.select_one(".pub-summary").get_text() == (
        "We study *emphasis*, [brackets](not-a-link) and `code`, an _underscore and $x_i + y_j$ math, 50% of & "
        "<b>tags</b>, it's \"quoted\" – ... and Gödel's # 1. theorem."
    )
    assert not listed.select_one(".pub-summary").find(True)  # no markup made of the text
    paper = page(site, "papers/deepmind2023workshop/")
    assert paper.select_one(".pub-summary").get_text().strip().startswith("We study *emphasis*, [brackets]")
    # The site's side (the lead's rendering): no braces shown, the escaped dollars shown as dollars.
    authors = paper.select_one(".pub-authors").get_text()
    assert "Google DeepMind, The LIGO Scientific Collaboration" in authors and "{" not in authors
    assert paper.find("h1").get_text().startswith("Costs $5 and $10: ")


def test_imported_paper_builds_and_has_its_page(project: Path):
    bib = (BIB / "sample.bib").read_text("utf-8").split("@article{doe2022journal")[0]  # listed sections only
    (project / "refs.bib").write_text(bib, encoding="utf-8")
    out = io.StringIO()
    status = run([str(project / "refs.bib")], str(project / "data" / "publications.yml"), out=out)
    assert status == 0 and "Warning" not in out.getvalue(), out.getvalue()
    site = build_ok(project)
    paper = page(site, "papers/lindqvist2024invertible/")
    assert "Jörg-Emil Lindqvist" in paper.get_text()
    assert "Straße" in paper.find("h1").get_text()
    assert page(site, "papers/lee2025preprint/").find("h1") is not None


def test_import_of_the_sites_own_export_changes_nothing(tmp_path: Path):
    """Import -> export (publications.bib) -> import again: every entry matches, the file is unchanged."""
    from pubsite.citations.bibtex import bibtex_entry

    exported = "\n".join(
        bibtex_entry(paper)
        for paper in read_publications(DATA, "data/publications.yml", CONTENT_ROOT / "docs").papers
    )
    empty = "owner:\n  name: Ada Example\npapers: []\n"
    status, report, data = run_import(tmp_path, exported, data_text=empty)
    assert status == 0, report
    first = data.read_text(encoding="utf-8")
    imported = read_publications(data, "publications.yml", CONTENT_ROOT / "docs")
    # The two versions of "Drift Estimators for Black-Box Current Gradients" (a symposium paper and its
    # conference version) share one title and arXiv id: two papers, linked by versions.
    assert len(imported.papers) == 14
    drift = [paper for paper in imported.papers if paper.title.startswith("Drift Estimators")]
    assert sorted(paper.year for paper in drift) == [2020, 2021]
    assert [version.id for version in imported.versions_of(drift[0])] == [drift[1].id]

    again = "\n".join(bibtex_entry(paper) for paper in imported.papers)
    bib = write(tmp_path, "again.bib", again)
    out = io.StringIO()
    assert run([str(bib)], str(data), dry_run=False, out=out) == 0, out.getvalue()
    assert data.read_text(encoding="utf-8") == first
    assert "Added 0" in out.getvalue(), out.getvalue()
    for paper in imported.papers:
        original = next(p for p in read_publications(DATA, "d", CONTENT_ROOT / "docs").papers
                        if p.citation_key == paper.bibtex_key)
        assert (paper.title, paper.authors, paper.year) == (original.title, original.authors, original.year)


LARGE = 2000


def test_a_large_bibliography_imports_and_every_entry_gets_its_page_and_list(project: Path):
    """Thousands of entries with every quirk: imported, then the site builds with all of them."""
    from bib_generator import ABSTRACTS, generate_bibtex


    # Journal articles and theses need a page that lists them, or they are skipped.
    (project / "docs/publications/other.md").write_text(
        "# Journal articles and theses\n\n<!-- publications: journal, thesis, other -->\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - publications/workshops.md\n", "      - publications/workshops.md\n      - publications/other.md\n"
    ), encoding="utf-8")

    bib = write(project, "refs.bib", generate_bibtex(LARGE))
    out = io.StringIO()
    assert run([str(bib)], str(project / "data/publications.yml"), dry_run=False, out=out) == 0, out.getvalue()
    report = out.getvalue()
    assert f"Wrote {LARGE} new paper(s)" in report
    # Every entry is accounted for: one is the proceedings volume that others cross-reference.
    assert f"Read {LARGE + 1} entries" in report and "Matched 0" in report and "Skipped 0:" in report
    assert "Volumes read into the papers that cross-reference them (not papers): 1" in report
    publications = read_publications(project / "data/publications.yml", "d", project / "docs")
    assert len(publications.papers) == 14 + LARGE
    imported = {paper.id: paper for paper in publications.papers[14:]}
    by_section: dict[str, int] = {}
    for paper in imported.values():
        by_section[paper.section] = by_section.get(paper.section, 0) + 1
    assert by_section == {"conference": 667, "workshop": 133, "journal": 400, "preprint": 400, "thesis": 400}
    assert imported["gen00010"].venue == "ICML 2021 Workshop on Invertible Neural Networks"
    assert imported["gen00005"].section == "conference" and "Workshops" in imported["gen00005"].venue
    assert imported["gen00000"].authors[0] == "{Google DeepMind}"
    assert imported["gen00011"].authors[1] == "{The LIGO Scientific Collaboration}"
    assert imported["gen00013"].title.endswith(" for \\$5 or \\$10")
    assert imported["gen00091"].title.endswith(" with $\\alpha$-divergences for \\$5 or \\$10")

    site = build_ok(project)

    listed = []
    lists = {}
    for url in ("conference", "preprints", "workshops", "other"):
        # A long list continues on numbered pages (publications/conference/2/, ...): read them all.
        lists[url] = [page(site, f"publications/{url}/")]
        number = 2
        while (site / "publications" / url / str(number) / "index.html").is_file():
            lists[url].append(page(site, f"publications/{url}/{number}/"))
            number += 1
        for soup in lists[url]:
            items = soup.select("article li.pub")
            assert len(items) <= 100, url  # a page a phone can load
            listed += [li["id"] for li in items]
    assert sorted(listed) == sorted(paper.id for paper in publications.papers)  # each exactly once
    summaries = 0
    for url, soup in ((url, soup) for url, pages in lists.items() for soup in pages):
        for li in soup.select("li.pub"):
            index = int(li["id"][3:]) if li["id"].startswith("gen") else None
            if index is None or index % 9 >= len(ABSTRACTS) or index % 5 in (1, 4):
                continue
            shown_summary = li.select_one(".pub-summary")
            assert shown_summary.get_text() == ABSTRACTS[index % 9][1], li["id"]
            assert not shown_summary.find(True), li["id"]  # no emphasis, link or code made of the text
            summaries += 1
    assert summaries == 400  # a third of the conference papers, journal articles and preprints
    for paper in publications.papers[14::97]:
        soup = page(site, f"papers/{paper.id}/")
        assert soup.find("meta", attrs={"name": "citation_title"})["content"] == paper.plain_title
    missing = [paper.id for paper in publications.papers if not (site / "papers" / paper.id / "index.html").is_file()]
    assert not missing
