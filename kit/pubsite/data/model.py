"""The publication list as typed, validated objects: what the rest of the generator works from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from pubsite.data.math_text import to_plain
from pubsite.data.names import display_name

#: The kinds of publication a paper can be filed under, with their name in the plural.
#: A section page asks for one or more of them (see ``markers``).
SECTIONS: dict[str, str] = {
    "conference": "Conference papers",
    "journal": "Journal articles",
    "workshop": "Workshop papers",
    "preprint": "Preprints",
    "thesis": "Theses",
    "other": "Other publications",
}

#: Link kinds the ``links:`` mapping accepts, with the label shown on their button.
#: A fixed list catches typos (``cdoe:``) and lets later stages find the PDF or the code.
LINK_KINDS: dict[str, str] = {
    "pdf": "PDF",
    "proceedings": "Proceedings",
    "openreview": "OpenReview",
    "code": "Code",
    "video": "Video",
    "slides": "Slides",
    "poster": "Poster",
    "event": "Conference page",
    "project": "Project page",
    "models": "Models",
    "data": "Data",
    "blog": "Blog post",
    "other": "Link",
}


class Link(NamedTuple):
    """A button on the paper's page: ``url`` is absolute (http/https) or a path inside ``docs/``."""

    kind: str
    url: str
    label: str

    @property
    def is_external(self) -> bool:
        return self.url.startswith(("http://", "https://"))


class Thumbnail(NamedTuple):
    """A picture of the paper (a figure, a diagram) shown small beside it in lists: ``path`` inside
    ``docs/``; ``width`` and ``height`` in pixels, when known, let the browser keep its place while
    it loads, so that the page does not jump."""

    path: str
    width: int | None = None
    height: int | None = None


class Presentation(NamedTuple):
    """Another venue where the same paper was presented, possibly under another title."""

    venue: str
    title: str | None = None
    honours: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


def sentence(text: str) -> str:
    """``text`` ending as a sentence: an initial ("Quinn Q."), "Proc." or a question already does."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


@dataclass(frozen=True)
class Paper:
    """One entry of the publication list. ``id`` is permanent: it is the page's URL."""

    id: str
    section: str
    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    month: int | None = None
    equal_contribution: tuple[str, ...] = ()
    venue_full: str | None = None
    honours: tuple[str, ...] = ()
    summary: str | None = None
    note: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    links: tuple[Link, ...] = ()
    versions: tuple[str, ...] = ()
    also_presented: tuple[Presentation, ...] = ()
    selected: bool = False
    bibtex_key: str | None = None
    volume: str | None = None
    pages: str | None = None
    number: str | None = None
    editors: tuple[str, ...] = ()
    publisher: str | None = None
    address: str | None = None
    preview: Thumbnail | None = None
    topics: tuple[str, ...] = ()

    @cached_property
    def plain_title(self) -> str:
        """The title as Unicode text, math approximated (``$\\alpha$`` -> α): for tags, feeds, exports."""
        return to_plain(self.title)

    @cached_property
    def author_names(self) -> tuple[str, ...]:
        """Authors as readers see them: braces of ``{Corporate Authors}`` removed."""
        return tuple(display_name(author) for author in self.authors)

    @property
    def byline(self) -> str:
        """"Authors. Venue." as plain text, where no summary says more (feeds, descriptions)."""
        return f"{sentence(', '.join(self.author_names))} {sentence(self.venue)}"

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def canonical_url(self) -> str | None:
        """The paper's own address elsewhere: proceedings, then OpenReview, then arXiv."""
        for kind in ("proceedings", "openreview"):
            for link in self.links:
                if link.kind == kind and link.is_external:
                    return link.url
        return self.arxiv_url

    @property
    def page_range(self) -> tuple[str, str | None] | None:
        """(first, last) page from ``pages`` ("573-582", "573--582", "573–582" or "12")."""
        if not self.pages:
            return None
        first, _, last = self.pages.replace("–", "-").replace("--", "-").partition("-")
        return first.strip(), (last.strip() or None)

    @property
    def date_parts(self) -> tuple[int, ...]:
        """(year,) or (year, month): as much of the date as the data gives, never more."""
        return (self.year, self.month) if self.month else (self.year,)

    @property
    def venue_name(self) -> str:
        """The name citations use for where the paper appeared."""
        return self.venue_full or self.venue

    @property
    def citation_key(self) -> str:
        return self.bibtex_key or self.id

    def all_links(self) -> tuple[Link, ...]:
        """Every link of the paper in display order: arXiv and DOI first, then ``links``."""
        derived = []
        if self.arxiv_url:
            derived.append(Link("arxiv", self.arxiv_url, "arXiv"))
        if self.doi_url:
            derived.append(Link("doi", self.doi_url, "DOI"))
        return tuple(derived) + self.links


class Owner(NamedTuple):
    """Whose site this is: every form of the name is highlighted in author lists."""

    name: str
    name_forms: tuple[str, ...] = ()

    def is_owner(self, author: str) -> bool:
        return author == self.name or author in self.name_forms


@dataclass
class Publications:
    """The whole validated list, in the owner's order, with lookups the pages need."""

    owner: Owner
    papers: list[Paper]
    source: str = "publications.yml"
    by_id: dict[str, Paper] = field(init=False)
    _versions: dict[str, tuple[str, ...]] = field(init=False)
    _by_section: dict[str, list[Paper]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {paper.id: paper for paper in self.papers}
        self._by_section = {}
        for paper in self.papers:
            self._by_section.setdefault(paper.section, []).append(paper)
        linked: dict[str, list[str]] = {}  # only papers with other versions: few, of thousands
        for paper in self.papers:
            for other in paper.versions:
                mine, theirs = linked.setdefault(paper.id, []), linked.setdefault(other, [])
                if other not in mine:
                    mine.append(other)
                if paper.id not in theirs:
                    theirs.append(paper.id)
        self._versions = {key: tuple(value) for key, value in linked.items()}

    def versions_of(self, paper: Paper) -> list[Paper]:
        """Other versions of the same work; declaring the link on one side is enough."""
        return [self.by_id[other] for other in self._versions.get(paper.id, ())]

    def in_sections(self, sections: list[str]) -> list[Paper]:
        """The papers of these sections, in the owner's order."""
        wanted = set(sections)
        if len(wanted) == 1:  # most lists show one section: no need to look at every paper
            return list(self._by_section.get(sections[0], ()))
        return [paper for paper in self.papers if paper.section in wanted]

    def selected(self) -> list[Paper]:
        return [paper for paper in self.papers if paper.selected]

    @cached_property
    def coauthors(self):
        """Everyone the owner wrote with, matched across spellings (``coauthors.CoauthorIndex``)."""
        from pubsite.render.coauthors import CoauthorIndex

        return CoauthorIndex(self)


def newest_first(papers: list[Paper]) -> list[Paper]:
    """By year, then month (a paper without one after those with one), then the owner's order."""
    return sorted(papers, key=lambda paper: (-paper.year, -(paper.month or 0)))
