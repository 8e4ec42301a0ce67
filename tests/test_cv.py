"""The CV: ``data/cv.yml`` checked like the paper list, shown on the site, and typeset as PDFs.

The PDFs are read back with pypdf, as a reader's viewer would: their text must hold the owner's
name, every section the variant chooses, and every paper its filter keeps, in order (computed here
from the YAML, not by the code under test); their metadata names the CV and its author; their
links lead to the papers' pages.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT_ROOT, FIXTURES, build_fails, build_ok, page
from pypdf import PdfReader

from pubsite.cv.cv_model import PaperFilter
from pubsite.cv.cv_validation import CV_FILE, build_cv, read_cv
from pubsite.data.errors import DataError
from pubsite.data.validation import build_publications, read_publications
from pubsite.data.yaml_source import load_marked_yaml

INVALID = sorted((FIXTURES / "cv_invalid").glob("*.yml"))
SECTION_ORDER = ("conference", "journal", "workshop", "preprint", "thesis", "other")


def _papers():
    return read_publications(CONTENT_ROOT / "data/publications.yml", "data/publications.yml")


def _words(text: str) -> str:
    """Text with every run of white space as one space, and line-end hyphens joined."""
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip()


def _expected_papers(data: dict, paper_filter: dict) -> list[dict]:
    """The papers a filter keeps, in the order a CV lists them, computed from the YAML alone:
    grouped (by kind in the schema's order, by year, or not at all), newest first within a group."""
    papers = [paper for paper in data["papers"]
              if (paper_filter.get("select", "all") == "all" or paper.get("selected"))
              and paper["year"] >= paper_filter.get("since", 0)
              and paper["section"] in paper_filter.get("kinds", SECTION_ORDER)]
    position = {paper["id"]: index for index, paper in enumerate(data["papers"])}
    papers.sort(key=lambda paper: (-paper["year"], -int(paper.get("month") or 0), position[paper["id"]]))
    group_by = paper_filter.get("group_by", "kind")
    if group_by == "kind":
        kinds = paper_filter.get("kinds", SECTION_ORDER)
        papers.sort(key=lambda paper: kinds.index(paper["section"]))  # stable: newest first within each
    return papers


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case.stem)
def test_a_bad_cv_entry_names_file_line_entry_and_field(case: Path):
    expected = [line.split("# expect:", 1)[1].strip() for line in case.read_text("utf-8").splitlines()
                if "# expect:" in line]
    with pytest.raises(DataError) as caught:
        build_cv(load_marked_yaml(case.read_text("utf-8"), CV_FILE), CV_FILE, _papers())
    for line in expected:
        assert line in caught.value.describe()


def test_a_bad_cv_fails_the_build_cleanly(project: Path):
    case = FIXTURES / "cv_invalid" / "unknown_paper.yml"
    (project / CV_FILE).write_text(case.read_text("utf-8"), encoding="utf-8")
    output = build_fails(project)
    assert "data/cv.yml:8: section 'awards', entry 1: field 'papers': no paper has the id 'no-such-paper'" in output


def test_filters_choose_and_group_the_papers():
    publications = _papers()
    data = yaml.safe_load((CONTENT_ROOT / "data/publications.yml").read_text("utf-8"))
    for options in ({}, {"select": "selected"}, {"since": 2020, "group_by": "year"},
                    {"kinds": ["workshop", "conference"], "group_by": "none"}):
        paper_filter = PaperFilter(**{key: tuple(value) if isinstance(value, list) else value
                                      for key, value in options.items()})
        groups = paper_filter.groups(publications)
        assert [paper.id for _, papers in groups for paper in papers] == \
            [paper["id"] for paper in _expected_papers(data, options)], options
        if options.get("group_by") == "year":
            assert [heading for heading, _ in groups] == sorted({heading for heading, _ in groups}, reverse=True)
        if options.get("group_by") == "none":
            assert [heading for heading, _ in groups] == [None]


def _variants(cv_data: dict) -> list[dict]:
    pdf = cv_data.get("pdf") or []
    return [pdf] if isinstance(pdf, dict) else pdf


def test_each_pdf_holds_the_name_its_sections_and_its_papers_in_order(site: Path):
    cv_data = yaml.safe_load((CONTENT_ROOT / CV_FILE).read_text("utf-8"))
    data = yaml.safe_load((CONTENT_ROOT / "data/publications.yml").read_text("utf-8"))
    site_url = yaml.safe_load((CONTENT_ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:")[0])["site_url"]
    owner = data["owner"]["name"]
    assert _variants(cv_data), "the reference site has no PDF to check"
    for variant in _variants(cv_data):
        reader = PdfReader(site / variant["file"])
        text = _words("\n".join(pdf_page.extract_text() for pdf_page in reader.pages))
        assert text.startswith(owner), variant["file"]
        assert reader.metadata.author == owner
        assert variant.get("title", "Curriculum Vitae") in reader.metadata.title
        chosen = variant.get("sections") or [section["id"] for section in cv_data["sections"]]
        sections = [next(s for s in cv_data["sections"] if s["id"] == key) for key in chosen]
        # Every section, in order, each after the last; every paper of the filter, in order.
        position, starts = 0, []
        for section in sections:
            found = text.find(section["title"], position)
            assert found >= 0, (variant["file"], section["title"])
            starts.append(found)
            position = found + len(section["title"])
            if "publications" in section:
                paper_filter = variant.get("publications", section["publications"] or {})
                for paper in _expected_papers(data, paper_filter):
                    title = _words(paper["title"])
                    found = text.find(title, position)
                    assert found >= 0, (variant["file"], title)
                    position = found + len(title)
            for entry in section.get("entries", []):
                found = text.find(_words(entry["title"]), position)
                assert found >= 0, (variant["file"], entry["title"])
                position = found
        kept = {paper["id"] for s in sections if "publications" in s
                for paper in _expected_papers(data, variant.get("publications", s["publications"] or {}))}
        kept_titles = {paper["title"] for paper in data["papers"] if paper["id"] in kept}
        listed = "".join(text[start:end] for section, start, end in zip(sections, starts, [*starts[1:], len(text)])
                         if "publications" in section)
        for paper in data["papers"]:  # a paper the filter drops is not listed (unless a kept one has its title)
            if paper["id"] not in kept and paper["title"] not in kept_titles:
                assert _words(paper["title"]) not in listed, (variant["file"], paper["id"])
        links = {annotation.get_object()["/A"]["/URI"] for pdf_page in reader.pages
                 for annotation in pdf_page.get("/Annots", []) if "/A" in annotation.get_object()}
        assert {f"{site_url}papers/{paper_id}/" for paper_id in kept} <= links


def test_the_pdf_is_the_same_at_every_build(site: Path, project: Path):
    again = build_ok(project)
    for variant in _variants(yaml.safe_load((CONTENT_ROOT / CV_FILE).read_text("utf-8"))):
        assert (again / variant["file"]).read_bytes() == (site / variant["file"]).read_bytes()


def test_the_cv_page_and_the_section_pages_show_the_same_entries(site: Path):
    cv = read_cv(CONTENT_ROOT / CV_FILE, _papers())
    cv_page = page(site, "cv/")
    for section in cv.sections:
        heading = cv_page.find("h2", id=f"cv-{section.id}")
        assert heading is not None and heading.get_text(strip=True) == section.title
        shown = heading.find_parent("section")
        if section.is_publications:
            titles = [item.select_one(".cv-paper-title").get_text(" ", strip=True) for item in shown.select("li.cv-paper")]
            assert len(titles) == sum(len(papers) for _, papers in section.papers.groups(_papers()))
            assert shown.select_one("[data-search-exclude]") is not None  # search finds a paper on its page only
        else:
            titles = [item.get_text(" ", strip=True) for item in shown.select(".cv-title")]
            assert titles == [entry.title for entry in section.entries]
    hrefs = [a["href"] for a in cv_page.select(".cv-downloads a")]
    assert hrefs == [f"../{pdf.file}" for pdf in cv.pdfs]
    assert all((site / pdf.file).is_file() for pdf in cv.pdfs)
    # A page that asks for one section shows its entries, as the CV does.
    for markdown in (CONTENT_ROOT / "docs").rglob("*.md"):
        asked = re.findall(r"<!--\s*cv:\s*([a-z0-9_-]+)\s*-->", markdown.read_text("utf-8"))
        for section_id in asked:
            url = markdown.relative_to(CONTENT_ROOT / "docs").with_suffix("").as_posix() + "/"
            titles = [item.get_text(" ", strip=True) for item in page(site, url).select(".cv-title")]
            assert titles == [entry.title for entry in cv.section(section_id).entries]


def test_a_cv_placeholder_names_a_section_that_exists(project: Path):
    (project / "docs" / "extra.md").write_text("# Extra\n\n<!-- cv: talk -->\n", encoding="utf-8")
    output = build_fails(project)
    assert "docs/extra.md: line 3: data/cv.yml has no section 'talk'; did you mean 'talks'?" in output


def test_a_cv_placeholder_without_a_cv_file_says_what_it_needs(project: Path):
    (project / CV_FILE).unlink()
    output = build_fails(project)
    assert "a CV placeholder needs data/cv.yml" in output


def test_a_pdf_the_owner_keeps_in_docs_is_not_overwritten(project: Path):
    cv_data = yaml.safe_load((project / CV_FILE).read_text("utf-8"))
    target = project / "docs" / _variants(cv_data)[0]["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4 the owner's own")
    output = build_fails(project)
    assert f"docs/{_variants(cv_data)[0]['file']}: the site typesets the CV of data/cv.yml there" in output


def test_a_template_typst_cannot_typeset_is_a_clear_error():
    from pubsite.cv.cv_pdf import TypesetError, typeset

    with pytest.raises(TypesetError) as caught:
        typeset({"title": "CV"}, template="#let data = json(bytes(sys.inputs.data))\n#data.no_such_field\n")
    assert "no_such_field" in str(caught.value)


def test_text_from_the_data_is_set_as_text_never_read_as_markup():
    from pubsite.cv.cv_pdf import typeset

    template = '#let data = json(bytes(sys.inputs.data))\n#set document(title: "t", author: "a", date: none)\n#data.text\n'
    hostile = '#set text(fill: red) *bold* $x^2$ <label> @cite [link] \\ #import "x"'
    pdf = typeset({"text": hostile}, template=template)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert _words(text) == hostile


#: A font with Chinese letters, from Debian's fonts-droid-fallback (``.ci/run`` installs it).
CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def test_the_owners_fonts_typeset_letters_typsts_own_lack(project: Path):
    if not CJK_FONT.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CJK_FONT} is missing; .ci/run installs fonts-droid-fallback")
        pytest.skip(f"{CJK_FONT} is missing (apt-get install fonts-droid-fallback)")
    data_file = project / "data/publications.yml"
    data_file.write_text(data_file.read_text("utf-8").replace("Rosa Tanaka]", "Rosa Tanaka, 王小明]", 1),
                         encoding="utf-8")
    cv_file = project / CV_FILE
    (project / "fonts").mkdir()
    shutil.copy(CJK_FONT, project / "fonts")
    # An emoji, which the owner's font lacks, lets Typst see the machine's fonts too.
    text = cv_file.read_text("utf-8").replace("pdf_style:\n", "pdf_style:\n  fonts: fonts\n")
    text = text.replace("- title: Gradients for Discrete Sea States\n", "- title: Discrete Sea States 🌊\n", 1)
    cv_file.write_text(text, encoding="utf-8")
    site = build_ok(project)
    reader = PdfReader(site / "assets/cv.pdf")
    text = "".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert "Rosa Tanaka, 王小明" in _words(text)
    # The owner's font sets the letters it has, even where the machine's fonts have them too (Noto CJK).
    fonts = {str(font.get_object().get("/BaseFont")) for pdf_page in reader.pages
             for font in pdf_page["/Resources"]["/Font"].values()}
    assert any("DroidSansFallback" in font for font in fonts) and not any("CJK" in font for font in fonts), fonts


def _runs(path: Path) -> list[tuple[int, str, str, float, float]]:
    """Every run of text in the PDF: (page number, text, font name, height on the page, size)."""
    runs = []
    for number, pdf_page in enumerate(PdfReader(path).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                height = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((number, text, str((font or {}).get("/BaseFont", "")), height, size))
        pdf_page.extract_text(visitor_text=visit)
    return runs


def test_the_pdf_sets_the_owner_in_bold_stars_equal_contributions_and_shows_honours_notes_and_venues(site: Path):
    """What the CV page shows of a paper, the PDF shows too: read from the fonts of its text."""
    publications = _papers()
    cv = read_cv(CONTENT_ROOT / CV_FILE, publications)
    variant = cv.pdfs[0]
    papers = [paper for section in cv.sections_of(variant) if section.is_publications
              for _, group in section.papers.groups(publications) for paper in group]
    assert papers and any(paper.equal_contribution for paper in papers)
    runs = _runs(site / variant.file)
    owner_names = {publications.owner.name, *publications.owner.name_forms}
    body_size = sorted(size for *_, size in runs)[len(runs) // 2]  # most text is at the body size
    bold_owner = [text for _, text, font, _, size in runs
                  if text.strip() in owner_names and "Bold" in font and size == body_size]  # not the name heading
    assert len(bold_owner) == sum(1 for paper in papers for name in paper.authors if name in owner_names)
    assert not [text for _, text, font, _, _ in runs if "Bold" not in font
                and any(name in text for name in owner_names) and "—" not in text]  # the footer names the CV
    stars = [text for _, text, _, _, size in runs if text.strip() == "*" and size < body_size]
    assert len(stars) == sum(len(paper.equal_contribution) for paper in papers) + 1  # and the legend's
    def squeezed(text: str) -> str:  # runs and lines joined however the lines broke
        return re.sub(r"\s+", "", text)

    text = squeezed("".join(text for _, text, *_ in runs))
    for paper in papers:
        for honour in paper.honours:
            assert squeezed(f"{honour}.") in text, (paper.id, honour)
        if paper.note:
            assert squeezed(paper.note) in text, paper.id
        for presentation in paper.also_presented:
            assert squeezed(f"Also presented at {presentation.venue}") in text, paper.id
            if presentation.title:
                assert squeezed(f"as “{presentation.title}”") in text, paper.id


def test_a_long_entry_goes_on_on_the_next_page_instead_of_running_off_it(project: Path):
    cv_data = yaml.safe_load((project / CV_FILE).read_text("utf-8"))
    sentences = [f"Sentence number {number} of a long description of a position." for number in range(150)]
    cv_data["sections"][1]["entries"].append({"title": "A long position", "details": " ".join(sentences)})
    (project / CV_FILE).write_text(yaml.safe_dump(cv_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = build_ok(project) / _variants(cv_data)[0]["file"]
    height = float(PdfReader(pdf).pages[0].mediabox.height)
    runs = _runs(pdf)
    outside = [(page_number, text) for page_number, text, _, y, _ in runs if not 0 < y < height]
    assert outside == []
    text = _words(" ".join(text for _, text, *_ in runs))
    assert all(sentence in text for sentence in sentences)
    pages_with_it = {page_number for page_number, text, *_ in runs if "Sentence number" in text}
    assert len(pages_with_it) >= 2


def test_the_cv_example_in_the_guide_is_a_valid_cv():
    guide = (Path(__file__).resolve().parent.parent / "kit/guide/cv.md").read_text("utf-8")
    section = guide.split("\n## The CV\n", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("\n```", 1)[0]
    publications = build_publications(load_marked_yaml(
        "owner:\n  name: Ada Example\npapers:\n  - {id: my-paper-id, section: conference, title: T, "
        "authors: [Ada Example], venue: V, year: 2023}\n", "data/publications.yml"), "data/publications.yml")
    cv = build_cv(load_marked_yaml(example, CV_FILE), CV_FILE, publications)
    assert [section.id for section in cv.sections] == ["education", "awards", "publications"]
    assert cv.sections[0].entries[0].details.startswith("Advisor: Ada Example.")


def test_a_link_to_a_file_of_the_site_points_at_its_published_address_in_the_pdf(project: Path):
    (project / "docs/talks").mkdir(exist_ok=True)
    (project / "docs/talks/slides.pdf").write_bytes(b"%PDF-1.4 slides")
    cv_data = yaml.safe_load((project / CV_FILE).read_text("utf-8"))
    talks = next(section for section in cv_data["sections"] if section["id"] == "talks")
    talks["entries"][0]["links"] = {"slides": "talks/slides.pdf", "event": "awards.md"}
    (project / CV_FILE).write_text(yaml.safe_dump(cv_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build_ok(project)
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8").split("\nnav:")[0])["site_url"]
    reader = PdfReader(site / _variants(cv_data)[0]["file"])
    links = {annotation.get_object()["/A"]["/URI"] for pdf_page in reader.pages
             for annotation in pdf_page.get("/Annots", []) if "/A" in annotation.get_object()}
    assert {f"{site_url}talks/slides.pdf", f"{site_url}awards/"} <= links  # a file, and a page by its address


@pytest.mark.parametrize("folder, files, message", [
    ("fonts", {"fonts/broken.ttf": b"not a font"}, "fonts/broken.ttf is not a font file"),
    ("../elsewhere", {}, "'../elsewhere' is not a folder of the project: give one beside docs/"),
    ("/usr/share/fonts", {}, "'/usr/share/fonts' is not a folder of the project"),
    ("fonts", {"fonts/readme.txt": b"no font here"}, "the folder 'fonts' has no font file"),
])
def test_a_fonts_folder_that_cannot_serve_names_file_line_and_field(tmp_path: Path, folder, files, message):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    (tmp_path / "docs").mkdir()
    text = f"sections:\n  - id: talks\n    title: Talks\n    entries: [{{title: A talk}}]\npdf_style:\n  fonts: {folder}\n"
    with pytest.raises(DataError) as caught:
        build_cv(load_marked_yaml(text, CV_FILE), CV_FILE, _papers(), tmp_path / "docs")
    assert f"data/cv.yml:6: pdf_style: field 'fonts': {message}" in caught.value.describe()
