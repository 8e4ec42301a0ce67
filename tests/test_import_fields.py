"""Each source's own text is kept, and what is changed is said: al-folio's fields, LaTeX, RIS, CSL-JSON.

One test per shape found in researchers' own files (issue 25), each with a small input written anew
(invented people, titles and venues): al-folio's ``award={true}``, an ``abbr`` that is a label and
not the venue, equal-contribution marks in names, ``@article`` entries whose journal is a conference,
one address in two link fields; ``\\(...\\)`` math, ``\\textsuperscript``, ``{\\^{}}``, TeX's box
commands and private-use characters; "Given Family" names in RIS and CSL-JSON, RIS's full-text
links, an author listed twice, and reference managers' bookkeeping.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import build_ok, page

from pubsite.citations.bibtex import bibtex_entry
from pubsite.importers.bibtex_import_yaml import append_papers
from pubsite.importers.import_bibtex import convert_text, read_bibtex, run
from pubsite.importers.latex_text import kept_as_written, latex_to_text
from pubsite.data.validation import build_publications
from pubsite.data.yaml_source import load_marked_yaml


def _entry(kind: str = "inproceedings", *, authors: str = "Example, Ada", **fields: str):
    """One entry of an invented bibliography, converted."""
    fields.setdefault("title", "Example Flows")
    fields.setdefault("year", "2024")
    if kind == "inproceedings":
        fields.setdefault("booktitle", "International Conference on Example Learning")
    elif kind == "article":
        fields.setdefault("journal", "Journal of Examples")
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields.items())
    [item] = convert_text(f"@{kind}{{example2024,\n  author = {{{authors}}}{body}\n}}\n", "papers.bib")
    assert item.skip_reason is None, item.skip_reason
    return item


def _paper(fields: dict):
    """The paper the site builds from imported fields (checked as a build checks it)."""
    text = append_papers("owner:\n  name: Ada Example\npapers: []\n", [{"id": "example2024", **fields}])
    return build_publications(load_marked_yaml(text, "publications.yml"), "publications.yml").papers[0]


# ----------------------------------------------------------------------------- al-folio


def test_award_true_is_a_flag_and_the_honour_is_the_award_name():
    item = _entry(award="true", award_name="Best Paper Award")
    assert item.fields["honours"] == ["Best Paper Award"]  # was ["Best Paper Award", "true"]


def test_award_true_without_a_name_is_shown_as_award_and_said():
    item = _entry(award="true")
    assert item.fields["honours"] == ["Award"]
    assert "award = {true} names no award (no award_name): shown as 'Award'; write its name under honours:" \
        in item.notes


def test_award_holding_text_is_the_honour():
    assert _entry(award="Outstanding Example Paper").fields["honours"] == ["Outstanding Example Paper"]


def test_award_false_is_no_honour_and_said():
    item = _entry(award="false", award_name="Oral")
    assert "honours" not in item.fields
    assert "not kept: award 'false' and award_name 'Oral' (the entry says it has no award)" in item.notes


@pytest.mark.parametrize("written", ["2401.01234", "arXiv:2401.01234", "https://arxiv.org/abs/2401.01234",
                                     "https://arxiv.org/pdf/2401.01234v2"])
def test_the_arxiv_field_gives_the_id_however_it_is_written(written):
    item = _entry("misc", arxiv=written)
    assert item.fields["arxiv"] == written.rsplit("/", 1)[-1].removeprefix("arXiv:")  # an address was not kept
    assert not [note for note in item.notes if "arxiv" in note]


@pytest.mark.parametrize("abbr, kind, venue_field", [
    ("Wind", "article", {"journal": "Journal of Renewable Examples"}),    # a topic of the owner's
    ("Optics", "article", {"journal": "Optics Example Letters"}),        # a word of the journal's name
    ("SCIE", "article", {"journal": "Computers, Informatics, Examples"}),  # an index the journal is in
])
def test_an_abbr_that_is_a_label_becomes_a_topic_not_the_venue(abbr, kind, venue_field):
    item = _entry(kind, abbr=abbr, **venue_field)
    journal = venue_field["journal"]
    assert (item.fields["venue"], item.fields.get("venue_full")) == (journal, None)  # was the abbr
    assert item.fields["topics"] == [abbr]
    assert any(note.startswith(f"abbr {abbr!r} does not name the venue ({journal!r}): kept as a topic")
               for note in item.notes), item.notes


@pytest.mark.parametrize("abbr, booktitle", [
    ("ICEL", "International Conference on Example Learning"),             # the initials
    ("ExSym", "Proceedings of the 9th Example Symposium"),                # letters of its words
    ("EXW", "2023 IEEE Example Workshop (EXW)"),                          # written in it
    ("NeurIPS", "Advances in Neural Information Processing Systems"),     # a known acronym
    ("EXC 2024", "The Conference on Examples"),                           # a short name with a year
])
def test_an_abbr_that_names_the_venue_is_its_short_name(abbr, booktitle):
    item = _entry(abbr=abbr, booktitle=booktitle)
    assert (item.fields["venue"], item.fields["venue_full"]) == (abbr, booktitle)
    assert "topics" not in item.fields


def test_an_abbr_that_names_the_kind_of_work_is_not_a_topic():
    item = _entry("article", abbr="Preprint", journal="Journal of Examples")
    assert item.fields["venue"] == "Journal of Examples" and "topics" not in item.fields
    assert "not kept: abbr 'Preprint' (it names the kind of work, which the section says)" in item.notes


@pytest.mark.parametrize("marked", ["Sample*, Bo", "Sample$^*$, Bo", "Sample\\textsuperscript{*}, Bo",
                                    "Sample{\\dag}, Bo", "Bo Sample$^{\\dagger}$", "Bo Sample †"])
def test_equal_contribution_marks_leave_the_names_and_fill_equal_contribution(marked):
    item = _entry(authors=f"Example*, Ada and {marked} and Third, Cy")
    assert item.fields["authors"] == ["Ada Example", "Bo Sample", "Cy Third"]
    assert item.fields["equal_contribution"] == ["Ada Example", "Bo Sample"]
    assert any(note.startswith("equal contribution: 'Ada Example' (marked *), 'Bo Sample' (marked ")
               for note in item.notes), item.notes


def test_one_marked_author_alone_shares_nothing_and_the_note_says_so():
    item = _entry(authors="Example*, Ada and Sample, Bo")
    assert item.fields["authors"] == ["Ada Example", "Bo Sample"] and "equal_contribution" not in item.fields
    assert ("the mark * is taken off the author 'Ada Example'; no other author has one, so no equal_contribution "
            "is made: add it by hand if the mark meant one") in item.notes


@pytest.mark.parametrize("journal, named", [
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Advances in Neural Information Processing Systems", "Neural Information Processing Systems"),
    ("NeurIPS 2025 (spotlight)", "NeurIPS"),
    ("Proceedings of the Example Symposium on Examples", "Proceedings"),
])
def test_an_article_whose_journal_is_a_conference_is_a_conference_paper(journal, named):
    item = _entry("article", journal=journal)
    assert (item.fields["section"], item.fields["venue"]) == ("conference", journal)  # was journal
    assert item.section_reason == f"@article whose journal names a conference ('{named}')"


def test_an_article_at_a_workshop_is_a_workshop_paper():
    item = _entry("article", journal="2nd Workshop on Example Graphs")
    assert item.fields["section"] == "workshop"


@pytest.mark.parametrize("journal", ["Proceedings of the National Academy of Examples", "Proceedings of the IEEE",
                                     "IEEE Transactions on Examples", "The VLDB Journal", "Proc. VLDB Endow.",
                                     "Proceedings of the ACM on Example Languages"])
def test_journals_named_proceedings_or_after_a_conference_stay_journals(journal):
    assert _entry("article", journal=journal).fields["section"] == "journal"


def test_url_equal_to_html_is_one_button_with_a_note():
    item = _entry(url="https://example.org/flows", html="https://example.org/flows/")
    assert item.fields["links"] == {"proceedings": "https://example.org/flows"}
    assert "url and html give the same address (https://example.org/flows/): one button (proceedings)" in item.notes


def test_two_fields_with_one_address_keep_the_more_telling_kind():
    item = _entry("misc", howpublished="Example blog", url="https://example.org/flows",
                  website="https://example.org/flows", code="https://example.org/code")
    assert item.fields["links"] == {"project": "https://example.org/flows", "code": "https://example.org/code"}
    assert "url and website give the same address (https://example.org/flows): one button (project)" in item.notes


# ----------------------------------------------------------------------------- LaTeX


def test_inline_math_in_parentheses_is_the_lists_math_and_exported_as_math():
    item = _entry(title="Decays of the \\(\\Pi\\) Meson and \\( x^2 \\)")
    assert item.fields["title"] == "Decays of the $\\Pi$ Meson and $x^2$"
    assert not kept_as_written("Decays of the \\(\\Pi\\) Meson")
    exported = bibtex_entry(_paper(item.fields))
    assert "{\\textbackslash}(" not in exported and "$\\Pi$" in exported


def test_inline_math_without_its_end_is_kept_as_written_and_reported():
    item = _entry(title="Open \\( x and more")
    assert item.fields["title"] == "Open \\( x and more"
    assert "kept as written in title (LaTeX the importer cannot convert): \\( x and more" in item.notes


@pytest.mark.parametrize("latex, text", [
    ("\\textsuperscript{222}Rn decay", "²²²Rn decay"),
    ("H\\textsubscript{2}O and CO\\textsubscript{2}", "H₂O and CO₂"),
    ("the 19\\textsuperscript{th} Example Conference", "the 19ᵗʰ Example Conference"),
    ("x\\textsubscript{max}", "xₘₐₓ"),
    ("Example\\textsuperscript{*} Note", "Example$^{*}$ Note"),            # no superscript star: math
    ("Example\\textsuperscript{$\\dagger$}", "Example$^{\\dagger}$"),
    ("Example\\textsuperscript{TM}", "Example$^{TM}$"),
])
def test_super_and_subscripts_are_unicode_where_every_character_has_one_else_math(latex, text):
    found: set[str] = set()
    assert latex_to_text(latex, unknown=found) == text
    assert not found


@pytest.mark.parametrize("latex, text", [
    ("x{\\^{}}2 and y\\^{}3", "x^2 and y^3"),
    ("a{\\~{}}b", "a~b"),
    ("caret \\textasciicircum{} here", "caret ^ here"),
    ("acute \\'{} alone", "acute \u00b4 alone"),
])
def test_an_accent_over_nothing_is_its_character(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("latex, text", [
    ("T\\kern-.1667em\\lower.5ex\\hbox{E}\\kern-.125emX", "TEX"),
    ("DVIto\\kern-.15em VDU", "DVIto VDU"),
    ("a\\hskip 1em plus 2pt b", "a b"),
    ("\\raise.5ex\\hbox{up} and \\vbox{down}", "up and down"),
    ("\\hbox to 3em{boxed} \\makebox[2em][l]{made} \\raisebox{1ex}{raised} \\parbox[t]{5cm}{par}",
     "boxed made raised par"),
    ("\\llap{left} \\rlap{right} \\fbox{framed} \\smash[b]{smashed}", "left right framed smashed"),
    ("H\u00e0n Th\u00ea\\llap{\\raise 0.5ex\\hbox{\\'{\\relax}}} Th\u00e0nh", "H\u00e0n Th\u1ebf Th\u00e0nh"),
    ("{\\tt\\char`\\\\let} and \\char92 x", "\\let and \\x"),
    ("\\TeX\\ and {\\LaTeX} and \\BibTeX{} files", "TeX and LaTeX and BibTeX files"),
    ("$\\hbox{math}$ stays", "$\\hbox{math}$ stays"),
])
def test_tex_box_and_spacing_commands_give_their_text(latex, text):
    found: set[str] = set()
    assert latex_to_text(latex, unknown=found) == text
    assert not found, found


@pytest.mark.parametrize("latex, kept", [("Looking ahead for a \\<box>", "\\<"), ("a stray \\) here", "\\)"),
                                         ("norms \\| and tabs \\> here", "\\|")])
def test_a_control_symbol_that_would_vanish_is_kept_as_written_and_reported(latex, kept):
    found: set[str] = set()
    assert latex_to_text(latex, unknown=found) == latex  # "\\<box>" was "box>"
    assert kept in found


def test_a_field_that_says_nothing_costs_the_paper_nothing():
    item = _entry("article", pages="{}", title="{\\AmS}Fonts for Examples")
    assert "pages" not in item.fields and item.fields["title"] == "AMSFonts for Examples"
    assert _paper(item.fields).title == "AMSFonts for Examples"  # an empty pages: the site refused the paper


def test_a_box_command_it_cannot_read_is_kept_as_written_and_reported():
    found: set[str] = set()
    assert latex_to_text("A\\kern\\fontdimen2 B", unknown=found) == "A\\kern\\fontdimen2 B"
    assert "\\kern" in found


def test_a_private_use_character_is_kept_and_reported_never_lost_or_raw_in_the_report():
    item = _entry(title="Mobility of 5 \uf06dm Example Particles", abstract="Size \ue001 of \ue0010\ue002")
    assert item.fields["title"] == "Mobility of 5 \uf06dm Example Particles"
    assert item.fields["summary"] == "Size \ue001 of \ue0010\ue002"  # characters of the input, as they were
    assert ("kept as written in title (LaTeX the importer cannot convert): the private-use character U+F06D "
            "(which letter it shows depends on the font it was copied from)") in item.notes
    assert any("U+E001" in note and "abstract" in note for note in item.notes)


# ----------------------------------------------------------------------------- RIS and CSL-JSON


def _ris(tmp_path: Path, lines: str) -> list:
    path = tmp_path / "library.ris"
    path.write_text(f"TY  - JOUR\nTI  - Example Flows\nT2  - Journal of Examples\nPY  - 2024\n{lines}ER  - \n",
                    encoding="utf-8")
    return read_bibtex(path)


def _csl(tmp_path: Path, **item) -> list:
    path = tmp_path / "library.json"
    path.write_text(json.dumps([{"id": "one", "type": "article-journal", "title": "Example Flows",
                                 "container-title": "Journal of Examples", "issued": {"date-parts": [[2024]]},
                                 **item}]), encoding="utf-8")
    return read_bibtex(path)


def test_ris_names_in_both_orders_are_people(tmp_path: Path):
    [item] = _ris(tmp_path, "AU  - Ada Example\nAU  - Sample, Bo\nAU  - Cy van Third\nAU  - Example Research "
                            "Consortium\nAU  - NASA\n")
    assert item.fields["authors"] == ["Ada Example", "Bo Sample", "Cy van Third", "{Example Research Consortium}",
                                      "NASA"]  # "Ada Example" was "{Ada Example}", an organisation


def test_a_csl_literal_that_is_plainly_a_person_is_one_and_said(tmp_path: Path):
    [item] = _csl(tmp_path, author=[{"literal": "Ada Example"}, {"literal": "Sample, Bo"},
                                     {"literal": "Example Research Consortium"}, {"literal": "Example Lab"},
                                     {"literal": "Example Lab, Example University"}])
    assert item.fields["authors"] == ["Ada Example", "Bo Sample", "{Example Research Consortium}", "{Example Lab}",
                                      "{Example Lab, Example University}"]
    assert ("the author 'Ada Example', written in one piece (a CSL literal name), is read as a person's name, "
            "given name first") in item.notes
    assert ("the author 'Sample, Bo', written in one piece (a CSL literal name), is read as a person's name, "
            "family name first") in item.notes


def test_ris_full_text_links_are_kept_and_each_named(tmp_path: Path):
    [item] = _ris(tmp_path, "AU  - Example, Ada\nUR  - https://example.org/flows\nL1  - https://example.org/flows.pdf\n"
                            "L2  - https://example.org/full-text\nL2  - https://example.org/flows\n"
                            "L4  - https://example.org/figure.png\nL1  - file:///home/ada/library/flows.pdf\n")
    assert item.fields["links"] == {"proceedings": "https://example.org/flows", "pdf": "https://example.org/flows.pdf",
                                    "other": ["https://example.org/full-text", "https://example.org/figure.png"]}
    notes = item.notes
    assert "UR https://example.org/flows kept as a link (proceedings)" in notes
    assert "L1 https://example.org/flows.pdf kept as a link (pdf)" in notes
    assert "L2 https://example.org/full-text kept as a link (other)" in notes
    assert "L4 https://example.org/figure.png kept as a link (other)" in notes
    assert "L2 https://example.org/flows: the same address as UR, kept once" in notes
    assert ("not kept: L1 'file:///home/ada/library/flows.pdf' is a file in the reference manager's library, not an "
            "address: put the file in docs/papers/<id>/ and add it under links: pdf:") in notes
    assert not [note for note in notes if "more urls" in note]


def test_an_author_listed_twice_is_kept_once_with_a_note_not_skipped(tmp_path: Path):
    names = [{"family": "Example", "given": "Ada"}, {"family": "Sample", "given": "Bo"},
             {"family": "Example", "given": "Ada"}]
    [item] = _csl(tmp_path, author=names)
    assert item.skip_reason is None  # the whole paper was skipped: "an author is listed twice"
    assert item.fields["authors"] == ["Ada Example", "Bo Sample"]
    assert "the author 'Ada Example' is listed 2 times (places 1, 3): kept once, at the first place" in item.notes


def test_reference_manager_bookkeeping_in_notes_is_dropped_and_named(tmp_path: Path):
    [item] = _csl(tmp_path, author=[{"family": "Example", "given": "Ada"}],
                  note="Spotlight talk\n0 citations (Crossref) [2021-01-12]\nCitation Key: example2024flows\n"
                       "ZSCC: 0000012\ntex.ids: example2024a, example2024b")
    assert item.fields["note"] == "Spotlight talk"  # was the whole text, published
    dropped = [note for note in item.notes if note.startswith("dropped (bookkeeping of the reference manager")]
    assert dropped == [f"dropped (bookkeeping of the reference manager, never published): note {line!r}" for line in
                       ("0 citations (Crossref) [2021-01-12]", "Citation Key: example2024flows", "ZSCC: 0000012",
                        "tex.ids: example2024a, example2024b")]
    [ris] = _ris(tmp_path, "AU  - Example, Ada\nN1  - 3 citations (Semantic Scholar/DOI) [2022-02-02]\n")
    assert "note" not in ris.fields
    assert ("dropped (bookkeeping of the reference manager, never published): note "
            "'3 citations (Semantic Scholar/DOI) [2022-02-02]'") in ris.notes


def test_mendeley_annote_is_dropped_and_named_as_bookkeeping():
    item = _entry(annote="Read this again before the deadline", **{"mendeley-groups": "To read"})
    assert "Read this again" not in repr(item.fields)
    assert "dropped (bookkeeping of the reference manager, never published): annote" in item.notes
    assert "dropped (bookkeeping of the reference manager, never published): mendeley-groups" in item.notes
    assert not [note for note in item.notes if "no such field" in note]


def test_a_note_that_is_not_bookkeeping_is_published_as_written():
    item = _entry(note="Cited as 3 citations (in the example sense) by nobody")
    assert item.fields["note"] == "Cited as 3 citations (in the example sense) by nobody"


# ----------------------------------------------------------------------------- on the site


def test_the_owner_is_highlighted_and_equal_contributors_starred_on_the_built_site(project: Path):
    (project / "flows.ris").write_text(
        "TY  - JOUR\nTI  - Example Flows From a RIS File\nAU  - Ada Example\nAU  - Bo Sample\n"
        "T2  - Journal of Examples\nPY  - 2024\nL2  - https://example.org/flows-full-text\nER  - \n", encoding="utf-8")
    (project / "marks.bib").write_text(
        "@inproceedings{example2024marks, title={Marked Example Authors}, author={Example*, Ada and Sample*, Bo},\n"
        " booktitle={International Conference on Example Learning}, abbr={ICEL}, year={2024}, award={true},\n"
        " award_name={Example Award}, url={https://example.org/marks}, html={https://example.org/marks}}\n",
        encoding="utf-8")
    data = project / "data" / "publications.yml"
    out = io.StringIO()
    assert run([str(project / "flows.ris"), str(project / "marks.bib")], str(data), out=out) == 0, out.getvalue()
    added = {paper["title"]: paper for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]}
    ris_id, bib_id = added["Example Flows From a RIS File"]["id"], added["Marked Example Authors"]["id"]
    site = build_ok(project)
    ris_page = page(site, f"papers/{ris_id}/")
    assert [tag.get_text() for tag in ris_page.select(".pub-owner")][:1] == ["Ada Example"]
    assert ris_page.find("a", href="https://example.org/flows-full-text") is not None
    marked = page(site, f"papers/{bib_id}/")
    assert [tag.get_text() for tag in marked.select(".pub-owner")][:1] == ["Ada Example"]
    assert len(marked.select(".pub-equal")) >= 2  # the site's own marks
    for mark in marked.select(".pub-equal"):
        mark.decompose()
    assert "Example*" not in marked.get_text() and "Sample*" not in marked.get_text()  # none left in the names
    assert [badge.get_text(strip=True) for badge in marked.select(".pub-badge")][:1] == ["Example Award"]
    assert len(marked.find_all("a", href="https://example.org/marks")) == 1


def test_a_nasa_ads_journal_macro_in_a_bib_file_is_the_journals_name():
    """NASA ADS exports write the AAS macro (``journal = {\\mnras}``), which LaTeX documents define:
    the venue is the journal's name, said in the report, never the raw macro."""
    item = _entry("article", journal="\\mnras")
    assert item.fields["venue"] == "Monthly Notices of the Royal Astronomical Society"
    assert "converted: journal \\mnras (an AAS journal macro) -> Monthly Notices of the Royal Astronomical " \
           "Society" in item.notes
    assert not [note for note in item.notes if "kept as written" in str(note)]


def test_an_abbr_topic_takes_the_spelling_the_list_already_has(tmp_path: Path):
    """A label kept as a topic ("optics") that the list writes "Optics" takes that spelling, with a
    note, instead of failing the import at the list's check that a topic is written alike."""
    data = tmp_path / "data" / "publications.yml"
    data.parent.mkdir()
    (tmp_path / "docs").mkdir()
    data.write_text("owner:\n  name: Ada Example\npapers:\n  - id: lenses\n    section: journal\n"
                    "    title: Lenses\n    authors: [Ada Example]\n    venue: Journal of Examples\n"
                    "    year: 2020\n    topics: [Optics]\n", encoding="utf-8")
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{example2024,\n  author = {Example, Ada},\n  title = {Mirrors},\n"
                   "  journal = {Journal of Examples},\n  year = {2024},\n  abbr = {optics}\n}\n", encoding="utf-8")
    out = io.StringIO()
    assert run([str(bib)], str(data), out=out) == 0, out.getvalue()
    papers = yaml.safe_load(data.read_text("utf-8"))["papers"]
    assert [paper.get("topics") for paper in papers] == [["Optics"], ["Optics"]]
    assert "topic 'optics' written 'Optics', as the list writes it" in out.getvalue()
