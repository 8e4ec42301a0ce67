"""The CV as typed, validated objects: ``data/cv.yml`` (sections of entries) plus the paper list.

A CV section holds entries (education, positions, awards, talks, ...), or is the publications
section, whose papers come from ``data/publications.yml`` through a filter: one source for the
site, the CV page and the PDF. Dates are only what the owner wrote: a year, or a year and a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pubsite.data.model import SECTIONS, Link, Paper, Publications, newest_first

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
PRESENT = "present"
#: How the publications section groups its papers.
GROUPINGS = ("kind", "year", "none")
#: Which papers it shows before the other filters.
SELECTIONS = ("all", "selected")


class CvDate(NamedTuple):
    year: int
    month: int | None = None

    def text(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}" if self.month else str(self.year)


@dataclass(frozen=True)
class CvEntry:
    """One line of a CV section: a degree, a position, an award, a talk."""

    title: str
    where: str | None = None
    location: str | None = None
    date: CvDate | None = None
    start: CvDate | None = None
    end: CvDate | str | None = None  # a date, or "present"
    details: str | None = None       # inline Markdown
    links: tuple[Link, ...] = ()
    papers: tuple[str, ...] = ()     # ids of the papers it is about (an award for a paper)

    def when(self) -> str:
        """"May 2021", "February 2019 – present", "2014 – 2018", "since 2019", or ""."""
        if self.date:
            return self.date.text()
        end = self.end.text() if isinstance(self.end, CvDate) else self.end
        if self.start and end:
            return f"{self.start.text()} – {end}"
        if self.start:
            return f"since {self.start.text()}"
        return f"until {end}" if end else ""


@dataclass(frozen=True)
class PaperFilter:
    """Which papers a publications section shows, and how they are grouped (newest first)."""

    select: str = "all"              # or "selected"
    since: int | None = None         # papers of this year and later
    kinds: tuple[str, ...] = ()      # sections of the paper list; () is all of them
    group_by: str = "kind"

    def groups(self, publications: Publications) -> list[tuple[str | None, list[Paper]]]:
        """(heading, papers) in order: by kind in the order of ``kinds`` (or the schema's), by year,
        or one group without a heading."""
        papers = publications.selected() if self.select == "selected" else list(publications.papers)
        papers = [paper for paper in newest_first(papers)
                  if (self.since is None or paper.year >= self.since) and (not self.kinds or paper.section in self.kinds)]
        if self.group_by == "none":
            return [(None, papers)] if papers else []
        if self.group_by == "year":
            years = sorted({paper.year for paper in papers}, reverse=True)
            return [(str(year), [paper for paper in papers if paper.year == year]) for year in years]
        order = self.kinds or tuple(SECTIONS)
        return [(SECTIONS[kind], [paper for paper in papers if paper.section == kind])
                for kind in order if any(paper.section == kind for paper in papers)]


@dataclass(frozen=True)
class CvSection:
    id: str
    title: str
    entries: tuple[CvEntry, ...] = ()
    papers: PaperFilter | None = None  # the publications section

    @property
    def is_publications(self) -> bool:
        return self.papers is not None

    def is_empty(self, publications: Publications) -> bool:
        """No entries, or no paper the filter keeps: the whole CV leaves it out."""
        return not self.papers.groups(publications) if self.is_publications else not self.entries


@dataclass(frozen=True)
class PdfVariant:
    """One typeset PDF of the CV: where it goes in the site, which sections, which papers."""

    file: str                              # path inside the site, e.g. assets/cv.pdf
    title: str = "Curriculum Vitae"
    sections: tuple[str, ...] = ()         # section ids in order; () is every section
    papers: PaperFilter | None = None      # replaces the publications section's filter


@dataclass(frozen=True)
class PdfStyle:
    """The PDF's look: Typst's own fonts, paper, accent; the owner's font files, for letters Typst's
    fonts lack; and only for letters neither has, the machine's fonts (so a CV that Typst's fonts
    cover is the same PDF on every machine)."""

    paper: str = "a4"
    font: str = "Libertinus Serif"
    size: float = 10.5
    accent: str = "#283593"
    fonts: tuple[str, ...] = ()  # paths of font files in the owner's project


@dataclass(frozen=True)
class Cv:
    sections: tuple[CvSection, ...]
    pdfs: tuple[PdfVariant, ...] = ()
    style: PdfStyle = PdfStyle()
    source: str = "data/cv.yml"

    def section(self, section_id: str) -> CvSection | None:
        return next((section for section in self.sections if section.id == section_id), None)

    def sections_of(self, variant: PdfVariant) -> list[CvSection]:
        """The variant's sections, in its order, its paper filter in place of the section's own."""
        chosen = [self.section(key) for key in variant.sections] if variant.sections else list(self.sections)
        return [CvSection(section.id, section.title, section.entries, variant.papers)
                if section.is_publications and variant.papers else section for section in chosen]
