"""Each source's own text wins: a Hugo Blox page's front matter over its ``cite.bib``, an academicpages
page (its front matter and its ``## Abstract``) over the BibTeX file it names; disagreements named.

One test per shape found in researchers' real sites, each with a minimal folder written anew here
(invented people, titles and addresses): a ``cite.bib`` that says "arXiv" for a paper the page says
appeared at a conference, a front-matter date with no year in ``cite.bib``, drafts and the starter
template's examples, named links, ``url_blog``, NASA ADS keys and journal macros, ``author_notes``;
academicpages' abstract in the page's body, its ``doi``, ``arxivurl``, ``codeurl``, ``youtube``,
``awards`` and ``teaser``, a misspelt entry type, and a page whose only list of authors is its citation.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import yaml
from conftest import build_ok, page

from pubsite.importers import academicpages, hugo_blox
from pubsite.importers.aas_journals import AAS_JOURNALS, journal_name
from pubsite.importers.import_bibtex import convert_text, read_bibtex, run

OWNER = "Ada Example"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _hugo(root: Path, slug: str, front: str, cite: str | None = None) -> Path:
    """One ``content/publication/<slug>/`` folder: ``index.md`` (and ``cite.bib``)."""
    index = _write(root / slug / "index.md", "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n")
    if cite is not None:
        _write(root / slug / "cite.bib", cite)
    return index


def _only(root: Path):
    (item,) = read_bibtex(root, owner=OWNER)
    return item


# ----------------------------------------------------------------------------- Hugo Blox


def test_hugo_front_matter_title_venue_and_abstract_win_over_a_cite_bib_that_says_arxiv(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "waves", """
        title: 'Waves on Invented Shores'
        authors: [admin, Bo Sample]
        date: '2025-03-01'
        publication_types: ['article-journal']
        publication: '*NeurIPS 2025 (spotlight) — arXiv:2503.01234*'
        abstract: 'The front matter abstract, as the owner wrote it.'
    """, """
        @article{example2025waves,
          title = {Waves on invented shores: a preprint title},
          author = {Example, Ada and Sample, Bo},
          journal = {arXiv preprint arXiv:2503.01234},
          abstract = {An older abstract from the preprint.},
          year = {2025},
        }
    """)
    item = _only(root)
    assert item.fields["title"] == "Waves on Invented Shores"
    assert item.fields["venue"] == "NeurIPS 2025 (spotlight) — arXiv:2503.01234"
    assert item.fields["section"] != "preprint"  # the page names where it appeared
    assert item.fields["summary"] == "The front matter abstract, as the owner wrote it."
    assert item.fields["arxiv"] == "2503.01234"
    notes = "\n".join(item.notes)
    assert "waves/cite.bib gives the title as 'Waves on invented shores: a preprint title'" in notes
    assert "waves/cite.bib gives the venue as 'arXiv preprint arXiv:2503.01234'" in notes
    assert "not kept: the abstract of waves/cite.bib (the front matter has its own, which is the summary)" in notes


def test_hugo_cite_bib_fills_what_the_front_matter_lacks_and_its_other_authors_are_named(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "tides", """
        title: 'Tides of Examples'
        authors: [admin, Cy Third]
        date: '2022-01-01'
        publication: '*Journal of Examples*'
        publication_types: ['2']
    """, """
        @article{example2022tides,
          title = {Tides of Examples},
          author = {Example, Ada},
          journal = {Journal of Examples},
          volume = {12}, pages = {3--9}, year = {2021}, publisher = {Example Press},
        }
    """)
    item = _only(root)
    assert item.fields["authors"] == ["Ada Example", "Cy Third"]
    assert (item.fields["volume"], item.fields["pages"], item.fields["publisher"]) == ("12", "3–9", "Example Press")
    assert item.fields["year"] == 2022 and "month" not in item.fields  # January 1st: the year only
    notes = "\n".join(item.notes)
    assert "tides/cite.bib gives the authors as Ada Example; the front matter says Ada Example, Cy Third" in notes
    assert "tides/cite.bib gives the year as 2021; the front matter says 2022, which is kept" in notes


def test_hugo_a_front_matter_date_gives_the_year_when_cite_bib_has_none(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "currents", """
        title: 'Currents'
        authors: [admin]
        date: 2024-08-01
        publication_types: ['article-journal']
    """, "@article{example2024currents, title = {Currents}, author = {Example, Ada}, journal = {Example Letters}}\n")
    item = _only(root)
    assert item.skip_reason is None
    assert (item.fields["year"], item.fields["month"]) == (2024, 8)


def test_hugo_a_draft_is_not_imported_and_the_report_says_so(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "unfinished", """
        title: 'An Unfinished Paper'
        authors: [admin]
        date: '2023-05-01'
        draft: true
    """)
    item = _only(root)
    assert item.skip_reason.startswith("draft: its front matter says draft: true")
    _hugo(root, "finished", """
        title: 'A Finished Paper'
        authors: [admin]
        date: '2023-06-01'
    """)
    data = tmp_path / "publications.yml"
    data.write_text("owner:\n  name: Ada Example\npapers: []\n", encoding="utf-8")
    out = io.StringIO()
    assert run([str(root)], str(data), out=out) == 0  # a draft left out is no failure
    report = out.getvalue()
    assert "Left out on purpose 1 (not a failure):" in report and "unfinished: draft:" in report
    assert "Skipped 0:" in report and "left out on purpose 1" in report
    assert [paper["title"] for paper in yaml.safe_load(data.read_text("utf-8"))["papers"]] == ["A Finished Paper"]


def test_hugo_the_starter_templates_example_publication_is_not_imported(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "journal-article", """
        title: 'An example journal article'
        authors: [admin, Robin Invented]
        date: '2015-09-01T00:00:00Z'
        publication: '*Journal of Source Themes, 1*(1)'
        abstract: Lorem ipsum dolor sit amet, consectetur adipiscing elit.
    """)
    item = _only(root)
    assert item.skip_reason.startswith("Hugo Blox's starter example")


def test_hugo_named_links_keep_their_names_and_url_blog_is_a_blog_link(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "ripples", """
        title: 'Ripples'
        authors: [admin]
        date: '2021-06-01'
        url_blog: 'https://blog.example.org/ripples'
        url_source: 'https://example.org/ripples.tex'
        links:
          - name: Talk
            url: https://video.example.org/ripples
          - name: Colab notebook
            url: https://colab.example.org/ripples
          - type: code
            url: https://git.example.org/ripples
    """)
    item = _only(root)
    assert item.fields["links"] == {
        "blog": "https://blog.example.org/ripples",
        "other": [{"url": "https://example.org/ripples.tex", "label": "Source"},
                  {"url": "https://colab.example.org/ripples", "label": "Colab notebook"}],
        "video": {"url": "https://video.example.org/ripples", "label": "Talk"},
        "code": "https://git.example.org/ripples",
    }
    assert not any("url_blog" in note for note in item.notes)


def test_hugo_author_notes_mark_equal_contribution_and_other_notes_are_named(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "pairs", """
        title: 'Pairs'
        authors: [Bo Sample, admin, Cy Third]
        author_notes: ['Equal contribution', 'Equal contribution', 'Equal supervision']
        date: '2020-02-01'
    """)
    item = _only(root)
    assert item.fields["equal_contribution"] == ["Bo Sample", "Ada Example"]
    assert "not kept: author_notes Cy Third: Equal supervision (the list marks equal contribution only)" in item.notes


def test_hugo_the_pages_body_text_is_named_as_not_kept(tmp_path: Path):
    root = tmp_path / "publication"
    index = _hugo(root, "notes", "title: 'Notes'\nauthors: [admin]\ndate: '2020-02-01'\n")
    index.write_text(index.read_text("utf-8") + "{{% callout note %}}\nA shortcode.\n{{% /callout %}}\n\n"
                     "Supplementary notes on invented waves.\n", encoding="utf-8")
    item = _only(root)
    assert ("not kept: the page's text 'A shortcode. Supplementary notes on invented waves.' (put what matters "
            "in the paper's summary or note)") in item.notes


def test_nasa_ads_key_and_journal_macro_give_a_readable_id_and_the_journals_name(tmp_path: Path):
    root = tmp_path / "publication"
    _hugo(root, "2020-survey", """
        title: 'A Survey of Invented Stars'
        authors: [admin, Bo Sample]
        date: '2020-02-01'
        publication_types: ['2']
    """, """
        @ARTICLE{2020MNRAS.492.1234E,
               author = {{Example}, Ada and {Sample}, Bo},
                title = "{A Survey of Invented Stars}",
              journal = {\\mnras},
                 year = 2020,
               volume = {492},
                pages = {1234-1250},
        }
    """)
    data = _write(tmp_path / "data" / "publications.yml", f"owner:\n  name: {OWNER}\npapers: []\n")
    out = io.StringIO()
    assert run([str(root)], str(data), out=out) == 0, out.getvalue()
    (paper,) = yaml.safe_load(data.read_text("utf-8"))["papers"]
    assert paper["venue"] == "Monthly Notices of the Royal Astronomical Society"
    assert paper["id"] == "example2020survey"


def test_the_aas_macro_table_names_the_journals():
    assert len(AAS_JOURNALS) >= 50
    assert journal_name("\\apj") == "The Astrophysical Journal"
    assert journal_name("{\\aap}") == "Astronomy and Astrophysics"
    assert journal_name(" \\apjl ") == "The Astrophysical Journal Letters"
    assert journal_name("\\mnras and more") is None  # not one macro alone: left to the LaTeX conversion
    assert journal_name("\\unknownjournal") is None


# ----------------------------------------------------------------------------- academicpages


def _academicpages(root: Path, name: str, front: str, body: str = "", bib: str | None = None) -> Path:
    """A site with ``_publications/<name>.md`` (and ``files/<name>.bib`` it names)."""
    front = textwrap.dedent(front).strip("\n")
    if bib is not None:
        _write(root / "files" / f"{name}.bib", bib)
        front += f"\nbibtexurl: '/files/{name}.bib'"
    return _write(root / "_publications" / f"{name}.md", "---\n" + front + "\n---\n" + textwrap.dedent(body))


_BIB = """
    @inproceedings{example2023lakes,
      title = {Lakes of Examples},
      author = {Example, Ada and Sample, Bo},
      booktitle = {Proceedings of the 9th Example Conference},
      pages = {1--8},
      year = {2023},
    }
"""


def test_academicpages_the_pages_abstract_section_is_the_summary(tmp_path: Path):
    page_path = _academicpages(tmp_path, "2023-05-01-lakes", """
        title: "Lakes of Examples"
        category: conferences
        date: 2023-05-01
        venue: 'Example Conference'
    """, """

        ## Abstract
        We study invented lakes,
        and their shores.

        ## BibTeX
        ```bibtex
        @inproceedings{example2023lakes, title = {Lakes of Examples}}
        ```
    """, _BIB)
    item = academicpages.convert_publication(page_path)
    assert item.fields["summary"] == "We study invented lakes, and their shores."
    assert not any("BibTeX" in note for note in item.notes)


def test_academicpages_every_front_matter_field_the_list_has_is_kept(tmp_path: Path):
    page_path = _academicpages(tmp_path, "2023-05-01-lakes", """
        title: "Lakes of Examples"
        category: conferences
        date: 2023-05-01
        venue: 'Example Conference'
        doi: 'https://doi.org/10.1234/lakes.5678'
        arxivurl: 'https://arxiv.org/abs/2305.01234'
        codeurl: 'https://git.example.org/lakes'
        githuburl: 'https://git.example.org/lakes-extra'
        dataseturl: 'https://data.example.org/lakes'
        youtube: 'https://video.example.org/lakes'
        awards: ['Best paper award']
    """, bib=_BIB)
    item = academicpages.convert_publication(page_path)
    assert item.fields["doi"] == "10.1234/lakes.5678"
    assert item.fields["arxiv"] == "2305.01234"
    assert (item.fields["year"], item.fields["month"]) == (2023, 5)
    assert item.fields["honours"] == ["Best paper award"]
    assert item.fields["links"] == {
        "code": ["https://git.example.org/lakes", "https://git.example.org/lakes-extra"],
        "video": "https://video.example.org/lakes", "data": "https://data.example.org/lakes",
    }
    assert not any(note.startswith("not kept (the publication list has no such field)") for note in item.notes)


def test_academicpages_the_pages_title_and_venue_win_and_the_bibtex_files_are_named(tmp_path: Path):
    page_path = _academicpages(tmp_path, "2023-05-01-lakes", """
        title: "Lakes of Examples, Revisited"
        category: conferences
        date: 2024-05-01
        venue: 'Example Conference'
    """, bib=_BIB)
    item = academicpages.convert_publication(page_path)
    assert (item.fields["title"], item.fields["venue"], item.fields["year"]) == (
        "Lakes of Examples, Revisited", "Example Conference", 2024)
    notes = "\n".join(item.notes)
    assert "2023-05-01-lakes.bib gives the title as 'Lakes of Examples'; the page says" in notes
    assert "gives the venue as 'Proceedings of the 9th Example Conference'" in notes
    assert "2023-05-01-lakes.bib gives the year as 2023; the page says 2024, which is kept" in notes


def test_academicpages_a_misspelt_entry_type_is_reported_with_the_type_meant(tmp_path: Path):
    page_path = _academicpages(tmp_path, "2023-05-01-lakes", """
        title: "Lakes of Examples"
        category: conferences
        date: 2023-05-01
    """, bib=_BIB.replace("@inproceedings", "@inoroceedings"))
    item = academicpages.convert_publication(page_path)
    assert item.kind == "inproceedings" and item.fields["section"] == "conference"
    assert ("unknown entry type 'inoroceedings' in 2023-05-01-lakes.bib, filed as @inproceedings as the page's "
            "category 'conferences' says; did you mean inproceedings?") in item.notes
    (plain,) = convert_text(textwrap.dedent(_BIB).replace("@inproceedings", "@inoroceedings"), "refs.bib")
    assert plain.fields["section"] == "other"
    assert plain.section_reason == "unknown entry type 'inoroceedings', filed as other; did you mean inproceedings?"


def test_academicpages_a_page_without_a_bibtex_file_is_read_from_a_citation_that_names_every_author(tmp_path: Path):
    whole = _academicpages(tmp_path, "2019-01-01-hills", """
        title: "Hills"
        category: manuscripts
        date: 2019-03-01
        venue: 'Journal of Examples'
        citation: 'Sample Bo, Example Ada and Third Cy (2019). &quot;Hills.&quot; <i>Journal of Examples</i>.'
    """)
    cut = _academicpages(tmp_path, "2019-01-02-dales", """
        title: "Dales"
        date: 2019-03-01
        venue: 'Journal of Examples'
        citation: 'Example Ada, et al. (2019). &quot;Dales.&quot; <i>Journal of Examples</i>.'
    """)
    initials = _academicpages(tmp_path, "2019-01-03-moors", """
        title: "Moors"
        date: 2019-03-01
        citation: 'Example, A., Sample, B. (2019). &quot;Moors.&quot;'
    """)
    item = academicpages.convert_publication(whole, owner=OWNER)
    assert item.fields["authors"] == ["Bo Sample", "Ada Example", "Cy Third"]  # the owner's name tells the order
    assert (item.fields["section"], item.fields["venue"], item.fields["year"]) == ("journal", "Journal of Examples", 2019)
    assert any(note.startswith("authors read from the page's citation") for note in item.notes)
    shortened = academicpages.convert_publication(cut, owner=OWNER)
    assert shortened.fields["authors"] == ["Ada Example"]  # "et al.": BibTeX's "and others", said in the report
    assert "dropped 'and others' from the authors: add the missing names by hand" in shortened.notes
    skipped = academicpages.convert_publication(initials, owner=OWNER)
    assert skipped.skip_reason.startswith("academicpages keeps no list of authors (no bibtexurl), and its citation "
                                          "cannot be read for them: its names are not each a whole 'First Last' name")


def test_academicpages_teaser_picture_becomes_the_thumbnail(tmp_path: Path):
    picture = tmp_path / "images" / "publications" / "lakes.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes((Path(__file__).parent / "fixtures" / "hugo_blox" / "content" / "publication"
                         / "conference-paper" / "featured.jpg").read_bytes())
    picture = picture.rename(picture.with_suffix(".jpg"))
    page_path = _academicpages(tmp_path, "2023-05-01-lakes", """
        title: "Lakes of Examples"
        date: 2023-05-01
        teaser: '/images/publications/lakes.jpg'
    """, bib=_BIB)
    item = academicpages.convert_publication(page_path)
    assert [(local.kind, local.source.name) for local in item.local_files] == [("preview", "lakes.jpg")]


# ----------------------------------------------------------------------------- what the site shows


def test_the_site_shows_the_pages_venue_link_names_and_abstract_and_no_draft(project: Path, tmp_path: Path):
    hugo = tmp_path / "content" / "publication"
    _hugo(hugo, "waves", """
        title: 'Waves on Invented Shores'
        authors: [admin, Bo Sample]
        date: '2025-03-01'
        publication_types: ['paper-conference']
        publication: '*ICML 2025 (oral)*'
        links: [{name: Blog, url: 'https://blog.example.org/waves'}]
    """, "@article{waves2025, title = {Waves on Invented Shores}, author = {Example, Ada and Sample, Bo}, "
         "journal = {arXiv preprint arXiv:2503.01234}, year = {2025}}\n")
    _hugo(hugo, "unfinished", "title: 'An Unfinished Paper'\nauthors: [admin]\ndate: '2023-05-01'\ndraft: true\n")
    site_root = tmp_path / "academicpages"
    _academicpages(site_root, "2023-05-01-lakes", """
        title: "Lakes of Examples"
        category: conferences
        date: 2023-05-01
        venue: 'Example Conference'
    """, "\n## Abstract\nWe study invented lakes.\n", _BIB)
    data = project / "data" / "publications.yml"
    out = io.StringIO()
    assert run([str(hugo), str(site_root / "_publications")], str(data), out=out) == 0  # a draft left out: no failure
    report = out.getvalue()
    assert "unfinished: draft: its front matter says draft: true" in report
    site = build_ok(project)
    waves = page(site, "papers/waves2025/")
    assert waves.select_one(".pub-venue").get_text(strip=True) == "ICML 2025 (oral)"
    assert waves.find("a", href="https://blog.example.org/waves").get_text(strip=True) == "Blog"
    lakes = page(site, "papers/example2023lakes/")
    assert "We study invented lakes." in lakes.get_text(" ", strip=True)
    assert not (site / "papers" / "unfinished").exists()
