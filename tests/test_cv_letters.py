"""The CV never holds the site back over a letter.

Letters Typst's own fonts lack (a co-author named in Chinese or Thai, an emoji in a title) are set
with the machine's fonts (the Noto fonts in CI); combining accents (BibTeX's ``\\v{q}``, a name
typed with decomposed accents) need no other font; a letter no font has leaves an empty box in the
PDF, and the build, which still succeeds under --strict, names the letter, where it is and how to
add a font. The PDFs are read back with pypdf; the build's output is read as a researcher would.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import typst
import yaml
from conftest import build, page
from pypdf import PdfReader

from pubsite.cv.cv_pdf import TYPST_OWN, TypesetError, typeset
from pubsite.cv.cv_validation import CV_FILE, FONTS, build_cv
from pubsite.cv.font_coverage import uncovered
from pubsite.data.validation import read_publications
from pubsite.data.yaml_source import load_marked_yaml

#: The machine's fonts the letters below need, and the Debian packages that have them.
NOTO = {"Noto Serif CJK SC": "fonts-noto-cjk", "Noto Color Emoji": "fonts-noto-color-emoji",
        "Noto Sans Thai": "fonts-noto-core"}
#: A private-use letter of the last plane: no font of Debian, Noto or Typst has it.
NO_FONT = "\U0010FFFD"
CHINESE, THAI, EMOJI = "王小明", "สมชาย", "🌊"
#: Accents as combining marks, as BibTeX's \v{q} and a name typed on some keyboards give them.
ACCENTED = ("Nguye\u0302\u0303n", "Pa\u030cq\u030c", "Po\u0304t")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _pdf_text(pdf: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return _words(" ".join(pdf_page.extract_text() for pdf_page in reader.pages))


def _needs_noto() -> None:
    """Skip (fail in CI) where the machine lacks the Noto fonts the letters need."""
    families = set(typst.Fonts(include_system_fonts=True, include_embedded_fonts=False).families())
    lacking = [family for family in NOTO if family not in families]
    if lacking:
        message = (f"this machine lacks the fonts {', '.join(lacking)}: apt-get install "
                   f"{' '.join(sorted({NOTO[family] for family in lacking}))}")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _document(**paper) -> dict:
    """A CV document of one section of talks and one paper, as ``cv_document`` makes them."""
    return {"title": "Curriculum Vitae", "name": "Ada Example", "lines": [], "contact": [],
            "style": {"paper": "a4", "font": "Libertinus Serif", "size": 10.5, "accent": "#283593"},
            "sections": [
                {"kind": "entries", "title": "Invited talks", "entries": [
                    {"title": "Tides", "place": [], "when": "2024", "details": [], "papers": [], "links": []},
                    {"title": "Waves", "place": ["Harbour Seminar"], "when": "2025",
                     "details": [{"text": paper.pop("details", "On waves."), "url": None, "strong": False,
                                  "em": False}], "papers": [], "links": []}]},
                {"kind": "papers", "title": "Publications", "equal_legend": False, "groups": [
                    {"heading": None, "start": 1, "papers": [
                        {"authors": [{"name": name, "owner": name == "Ada Example", "equal": False}
                                     for name in paper.pop("authors", ["Ada Example"])],
                         "title": paper.pop("title", "On Tides"), "url": None, "venue": "Example Workshop",
                         "year": ", 2024", "honours": [], "note": [], "also": []}]}]}]}


# Plain Python ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("font", FONTS)
def test_typsts_own_fonts_have_every_letter_the_cv_counts_on_them_for(font):
    """``TYPST_OWN`` is what lets a CV of Latin, Greek and Cyrillic names stay off the machine's
    fonts: Typst must really have each of its letters, upright, bold, italic and bold italic. A
    PDF/A file refuses a letter drawn as an empty box, and Typst names it."""
    letters = [chr(code) for low, high in TYPST_OWN for code in range(low, high + 1)
               if unicodedata.category(chr(code))[0] in "LMNPS"]
    text = " ".join("o" + letter if unicodedata.category(letter)[0] == "M" else letter for letter in letters)
    for style in ("#d.t", "#strong(d.t)", "#emph(d.t)", "#strong(emph(d.t))"):
        source = (f'#set document(date: datetime(year: 2024, month: 1, day: 1))\n#set text(font: "{font}")\n'
                  f"#let d = json(bytes(sys.inputs.d))\n{style}\n")
        typst.compile(source.encode("utf-8"), ignore_system_fonts=True, pdf_standards=["a-2b"],
                      sys_inputs={"d": json.dumps({"t": text})})


def test_combining_accents_are_typeset_with_typsts_own_fonts():
    names = ["Ada Example", *ACCENTED]
    pdf = typeset(_document(authors=names))
    text = _pdf_text(pdf)
    for name in ACCENTED:
        assert unicodedata.normalize("NFC", name) in text


def test_a_letter_no_font_has_leaves_a_box_and_a_note_naming_it_where_it_is_and_what_to_do(caplog):
    document = _document(details=f"On waves {NO_FONT}.", title=f"On Tides {NO_FONT}")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.pubsite"):
        pdf = typeset(document)
    assert pdf.startswith(b"%PDF-") and "On Tides" in _pdf_text(pdf)
    notes = [record for record in caplog.records if record.name == "mkdocs.plugins.pubsite"]
    assert {record.levelno for record in notes} == {logging.INFO}  # shown, but --strict does not fail on it
    messages = [record.getMessage() for record in notes]
    assert len(messages) == 2
    assert messages[0].startswith(
        "data/cv.yml: section 'Invited talks', entry 2 ('Waves'): field 'details': "
        f"no font has the letter '{NO_FONT}' (U+10FFFD), so the PDF 'Curriculum Vitae' shows an empty box for it; "
        "add a font that has it to the folder named by pdf_style: fonts in data/cv.yml, or install one")
    assert messages[1].startswith(f"data/publications.yml: paper 'On Tides {NO_FONT}': field 'title': no font has "
                                  f"the letter '{NO_FONT}' (U+10FFFD)")


def test_many_letters_no_font_has_are_counted_never_dropped(caplog):
    letters = "".join(chr(0x10FFF0 + offset) for offset in range(8))
    document = _document(title=f"On Tides {letters}")
    talks = document["sections"][0]["entries"]
    talks += [{**talks[0], "title": f"Talk {number} {NO_FONT}"} for number in range(12)]
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.pubsite"):
        typeset(document)
    messages = [record.getMessage() for record in caplog.records if record.name == "mkdocs.plugins.pubsite"]
    assert len(messages) == 11  # ten places, then how many more
    assert messages[0].startswith("data/cv.yml: section 'Invited talks', entry 3 ('Talk 0 ")
    assert messages[9].startswith("data/cv.yml: section 'Invited talks', entry 12 ('Talk 9 ")
    assert messages[10] == ("... and 3 more places in the PDF 'Curriculum Vitae' with letters no font has")
    # The title's eight letters come in the PDF's order: the paper is after the talks, and not named.
    assert not any("On Tides" in message for message in messages[:10])


def test_a_place_names_five_of_its_letters_and_counts_the_others(caplog):
    letters = "".join(chr(0x10FFF0 + offset) for offset in range(8))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.pubsite"):
        typeset(_document(title=f"On Tides {letters}"))
    [message] = [record.getMessage() for record in caplog.records if record.name == "mkdocs.plugins.pubsite"]
    assert message.startswith(f"data/publications.yml: paper 'On Tides {letters}': field 'title': no font has "
                              f"the letters '{letters[0]}' (U+10FFF0), ")
    assert "(U+10FFF4)" in message and "(U+10FFF5)" not in message
    assert "(U+10FFF4) and 3 more, so the PDF 'Curriculum Vitae' shows an empty box for them; add a font that " \
           "has them" in message


def test_a_template_error_still_fails_with_typsts_message_when_letters_need_the_machines_fonts():
    with pytest.raises(TypesetError) as caught:
        typeset({"title": f"CV {NO_FONT} {CHINESE}"},
                template="#let data = json(bytes(sys.inputs.data))\n#data.no_such_field\n")
    assert "no_such_field" in str(caught.value)


def test_a_colour_emoji_font_in_the_owners_folder_is_a_font(tmp_path: Path):
    """The owner may follow the build's advice with Noto Color Emoji, a font of bitmaps."""
    _needs_noto()
    emoji_font = next(info.path for info in typst.Fonts(include_embedded_fonts=False).fonts()
                      if info.family == "Noto Color Emoji")
    (tmp_path / "docs").mkdir()
    (tmp_path / "fonts").mkdir()
    shutil.copy(emoji_font, tmp_path / "fonts")
    publications = read_publications(Path(__file__).parent / "fixtures/site/data/publications.yml",
                                     "data/publications.yml")
    text = "sections:\n  - id: talks\n    title: Talks\n    entries: [{title: A talk}]\npdf_style:\n  fonts: fonts\n"
    cv = build_cv(load_marked_yaml(text, CV_FILE), CV_FILE, publications, tmp_path / "docs")
    assert uncovered(cv.style.fonts, EMOJI + CHINESE) == CHINESE


# A whole site ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letters_site(tmp_path_factory):
    """The reference site with a paper titled in Chinese with an emoji, by co-authors named in
    Chinese, Thai and with combining accents, and a talk with a letter no font has: (site, output)."""
    _needs_noto()
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("letters"))
    papers = project / "data/publications.yml"
    authors = ", ".join(json.dumps(name) for name in ("Ada Example", CHINESE, THAI, *ACCENTED))
    papers.write_text(papers.read_text("utf-8") + f"""
  - id: tides-in-chinese
    section: conference
    title: "潮汐预测 {EMOJI}"
    authors: [{authors}]
    venue: Example Conference 2024
    year: 2024
""", encoding="utf-8")
    cv_file = project / CV_FILE
    cv_data = yaml.safe_load(cv_file.read_text("utf-8"))
    talks = next(section for section in cv_data["sections"] if section["id"] == "talks")
    talks["entries"].insert(0, {"title": f"Tides {NO_FONT} Everywhere", "date": "2025-06"})
    cv_file.write_text(yaml.safe_dump(cv_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return project / "site", output


def test_letters_typsts_fonts_lack_are_set_with_the_machines_fonts(letters_site):
    site, _ = letters_site
    text = _pdf_text(site / "assets/cv.pdf")
    assert f"潮汐预测 {EMOJI}" in text
    for name in (CHINESE, THAI, *ACCENTED):
        assert unicodedata.normalize("NFC", name) in text, name
    fonts = {str(font.get_object().get("/BaseFont")) for pdf_page in PdfReader(site / "assets/cv.pdf").pages
             for font in pdf_page["/Resources"]["/Font"].values()}
    assert any("NotoSerifCJK" in font for font in fonts), fonts  # the family cv.typ asks for first


def test_a_letter_no_font_has_still_gives_the_pdf_and_the_site_and_the_build_says_what_to_do(letters_site):
    site, output = letters_site
    assert "Tides" in _pdf_text(site / "assets/cv.pdf")
    assert f"Tides {NO_FONT} Everywhere" in page(site, "cv/").get_text()  # the browser draws the pages
    assert "INFO" in output and "WARNING" not in output
    assert ("data/cv.yml: section 'Invited talks', entry 1 ('Tides \U0010fffd Everywhere'): field 'title': "
            f"no font has the letter '{NO_FONT}' (U+10FFFD), so the PDF 'Curriculum Vitae' shows an empty box for "
            "it; add a font that has it to the folder named by pdf_style: fonts in data/cv.yml, or install one") \
        in output
    assert output.count("(U+10FFFD)") == 1  # the short CV leaves talks out: nothing to say about it
    assert "CJK UNIFIED IDEOGRAPH" not in output and "(U+1F30A" not in output  # the machine has those: no note
