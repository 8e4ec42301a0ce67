"""HTML and Markdown for paper lists and paper pages, from the validated model.

Every text that comes from the data file is escaped here, at the point where it lands in HTML;
summaries and notes go through ``inline_markdown``, which escapes raw HTML before rendering.
URLs between pages are computed by the caller (``link_to``), so this module knows nothing of MkDocs.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import NamedTuple

import yaml

from pubsite.citations.bibtex import bibtex_entry
from pubsite.render.coauthors import slug
from pubsite.citations.exports import paper_export_paths
from pubsite.render.filter_form import facet_values
from pubsite.render.inline_markdown import plain_text, render_inline
from pubsite.render.long_author_lists import LISTED_AUTHORS, is_long, list_bibtex
from pubsite.data.math_text import to_html, to_plain
from pubsite.data.model import SECTIONS, Link, Owner, Paper, Publications, Thumbnail, sentence
from pubsite.data.names import display_name

LinkTo = Callable[[str], str]
"""Maps a path inside docs/ (``papers/my-paper.md``, ``assets/x.pdf``) to a URL relative to the page
being rendered."""

PAPER_PAGE = "papers/{id}.md"


def paper_page_path(paper_id: str) -> str:
    """Where a paper's generated page lives inside docs/: its id, never its position, is the URL."""
    return PAPER_PAGE.format(id=paper_id)


COAUTHOR_INDEX = "coauthors/index.md"
TOPIC_INDEX = "topics/index.md"


def coauthor_page_path(key: str) -> str:
    return f"coauthors/{key}.md"


def topic_page_path(key: str) -> str:
    return f"topics/{key}.md"

EQUAL_CONTRIBUTION_LEGEND = "Equal contribution"
DESCRIPTION_LENGTH = 200


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def render_authors(paper: Paper, owner: Owner) -> str:
    """Authors in order, the owner in bold, equal contributors marked with a starred superscript."""
    return ", ".join(_author(name, owner, name in paper.equal_contribution) for name in paper.authors)


#: Lists show this many authors at most; a longer list ends "and N more" (the paper's page has all).
AUTHORS_IN_LISTS = 10
_AUTHORS_BEFORE_MORE = 7


def render_authors_short(paper: Paper, owner: Owner, keys: dict[str, str] | None = None,
                         href_of: Callable[[str], str] | None = None, owner_at: tuple[int, ...] | None = None) -> str:
    """The authors of a list entry: all of them up to ``AUTHORS_IN_LISTS``; beyond, the first
    ones, the owner wherever they are (with "…" for those skipped), and "and N more". ``owner_at``,
    the owner's places (``CoauthorIndex.owner_at``), spares a look through a collaboration's
    thousands of names on each page that lists it."""
    names = paper.authors
    keys = keys or {}

    def one(name: str) -> str:
        key = keys.get(name)
        return _author(name, owner, name in paper.equal_contribution, href_of(key) if key and href_of else None)

    if len(names) <= AUTHORS_IN_LISTS:
        return ", ".join(one(name) for name in names)
    shown = list(range(_AUTHORS_BEFORE_MORE))
    if owner_at is None:
        owner_at = tuple(index for index, name in enumerate(names) if owner.is_owner(name))
    mine = [index for index in owner_at if index >= _AUTHORS_BEFORE_MORE]
    parts = [one(names[index]) for index in shown]
    last = _AUTHORS_BEFORE_MORE - 1
    for index in mine:
        if index > last + 1:
            parts.append("…")  # authors between are left out
        parts.append(one(names[index]))
        last = index
    more = len(names) - len(shown) - len(mine)
    return ", ".join(parts) + f', <span class="pub-more-authors">and {more} more</span>'


def _author(name: str, owner: Owner, equal: bool, href: str | None = None) -> str:
    """One author in a list: the same few hundred names come back in every list and page. In
    lists a co-author's name links to their page (``href``)."""
    text = escape(display_name(name))
    if owner.is_owner(name):
        text = f'<strong class="pub-owner">{text}</strong>'
    elif href:
        text = f'<a class="pub-coauthor" href="{escape(href)}">{text}</a>'
    if equal:
        text += '<sup class="pub-equal" title="Equal contribution">*</sup>'
    return text


def render_badges(honours: tuple[str, ...]) -> str:
    return "".join(f'<span class="pub-badge">{escape(honour)}</span>' for honour in honours)


def _link_href(link: Link, link_to: LinkTo) -> str:
    return link.url if link.is_external else link_to(link.url)


def render_link_buttons(links: tuple[Link, ...], link_to: LinkTo, title: str, small: bool) -> str:
    """One button a link; the accessible name says what it opens for which paper."""
    size = " pub-button--small" if small else ""
    title = escape(title)
    buttons = []
    for link in links:
        label = escape(link.label)
        buttons.append(
            f'<a class="md-button pub-button{size}" data-kind="{escape(link.kind)}" '
            f'href="{escape(_link_href(link, link_to))}" '
            f'aria-label="{label}: {title}">{label}</a>'
        )
    return " ".join(buttons)


#: How wide lists show a thumbnail (the stylesheet's 8rem), in CSS pixels.
LIST_THUMBNAIL_WIDTH = 160


def page_thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """The size a paper's page shows its picture at: half its pixels, sharp on a phone's screen of two
    pixels a point, but never smaller than lists show it, nor larger than it is."""
    shown = max(width // 2, min(width, LIST_THUMBNAIL_WIDTH))
    return shown, max(1, round(height * shown / width))


def render_thumbnail(thumbnail: Thumbnail, link_to: LinkTo, on_page: bool) -> str:
    """The paper's picture. Its alt text is empty: the title beside it names the paper, and a reader
    gains nothing from hearing "figure" before every entry. Lists show it small (the stylesheet) and
    load it lazily; the paper's page shows it at once, at ``page_thumbnail_size``. Its width and
    height keep its place."""
    size = ""
    if thumbnail.width and thumbnail.height:
        width, height = (page_thumbnail_size(thumbnail.width, thumbnail.height) if on_page
                         else (thumbnail.width, thumbnail.height))
        size = f' width="{width}" height="{height}"'
    loading = "" if on_page else ' loading="lazy"'
    return (f'<img class="pub-thumb" src="{escape(link_to(thumbnail.path))}" alt=""{size}{loading} '
            'decoding="async">')


def _year_unless_in(venue: str, year: int) -> str:
    """The year after the venue, unless the venue already says it ("ICLR 2019")."""
    return "" if str(year) in venue else f'<span class="pub-year">, {year}</span>'


def _facts(paper: Paper, publications: Publications, link_to: LinkTo, tag: str, in_list: bool) -> list[str]:
    """Authors, venue and honours, note, links, and in lists the summary behind a toggle: shared by
    lists and pages."""
    if in_list:
        index = publications.coauthors
        authors = render_authors_short(paper, publications.owner, index.key_of,
                                       lambda key: link_to(coauthor_page_path(key)), index.owner_at(paper))
    else:
        authors = render_authors(paper, publications.owner)
    facts = [
        f'<{tag} class="pub-authors">{authors}</{tag}>',
        f'<{tag} class="pub-venue-line"><span class="pub-where"><span class="pub-venue">'
        f"{escape(paper.venue)}</span>{_year_unless_in(paper.venue, paper.year)}</span>"
        f"{render_badges(paper.honours)}</{tag}>",
    ]
    if paper.equal_contribution:
        facts.insert(1, f'<{tag} class="pub-legend"><sup>*</sup>{EQUAL_CONTRIBUTION_LEGEND}</{tag}>')
    if paper.note:
        facts.append(f'<{tag} class="pub-note">{render_inline(paper.note)}</{tag}>')
    links = paper.all_links()
    if links:
        buttons = render_link_buttons(links, link_to, paper.plain_title, small=in_list)
        facts.append(f'<{tag} class="pub-links">{buttons}</{tag}>')
    if paper.topics:
        topics = "".join(_topic_chip(topic, link_to(topic_page_path(slug(topic)))) for topic in paper.topics)
        facts.append(f'<{tag} class="pub-topics">{topics}</{tag}>')
    if in_list and paper.summary:
        facts.append(f'<details class="pub-toggle"><summary>{_toggle_name("Summary", paper)}</summary>'
                     f'<span class="pub-summary">{render_inline(paper.summary)}</span></details>')
    return facts


def _toggle_name(what: str, paper: Paper) -> str:
    """A toggle's name: "Summary" on the screen; "Summary of <title>" to a screen reader, which may
    list every toggle of the page out of its context."""
    return f'{what}<span class="pub-sr-only"> of {escape(paper.plain_title)}</span>'


def _topic_chip(topic: str, href: str) -> str:
    """A topic beside a paper, linking to its page; not a link on that page itself (``href`` "")."""
    if not href:
        return f'<span class="pub-topic">{escape(topic)}</span>'
    return f'<a class="pub-topic" href="{escape(href)}">{escape(topic)}</a>'


def render_bibtex_toggle(bibtex: str, paper: Paper, full_entry: str = "") -> str:
    """The paper's BibTeX behind a toggle, in a code block (Material gives it a copy button). Its
    line ends are written ``&#10;``: a blank line would end Markdown's raw HTML block. A long
    author list's entry is cut (``long_author_lists.list_bibtex``): ``full_entry`` links the whole."""
    code = escape(bibtex.rstrip("\n")).replace("\n", "&#10;")
    more = ""
    if full_entry:
        more = (f'<span class="pub-bibtex-more">This entry names the first {LISTED_AUTHORS} of '
                f'{len(paper.authors):,} authors, then "and others"; with every author: '
                f'<a href="{escape(full_entry)}" download>cite.bib</a></span>')
    return (f'<details class="pub-toggle"><summary>{_toggle_name("BibTeX", paper)}</summary>'
            f'<pre><code>{code}</code></pre>{more}</details>')


def render_list_item(paper: Paper, publications: Publications, link_to: LinkTo, bibtex: str | None = None,
                     person: str | None = None) -> str:
    """One paper in a list: title linking to its page, then its facts, then (given) its BibTeX, a
    long author list's cut to its first authors. ``person``: the co-author whose page this is."""
    title = f'<a class="pub-title" href="{escape(link_to(paper_page_path(paper.id)))}">{to_html(paper.title)}</a>'
    facts = _facts(paper, publications, link_to, "span", in_list=True)
    if bibtex:
        full_entry = link_to(paper_export_paths(paper_page_path(paper.id))[0][1]) if is_long(paper) else ""
        facts.append(render_bibtex_toggle(list_bibtex(paper, bibtex), paper, full_entry))
    # What the page's filters read (filter_form.facet_values): the year, the kind, topics, co-authors.
    values = facet_values(paper, publications, person)
    data = f'data-year="{paper.year}" data-kind="{escape(paper.section)}"'
    for name, attribute in (("topic", "topics"), ("coauthor", "coauthors")):
        if values[name]:
            data += f' data-{attribute}="{escape(" ".join(values[name]))}"'
    if paper.preview:
        return (f'<li class="pub pub--with-thumb" id="{escape(paper.id)}" {data}>'
                f'{render_thumbnail(paper.preview, link_to, on_page=False)}{title}{"".join(facts)}</li>')
    return f'<li class="pub" id="{escape(paper.id)}" {data}>{title}{"".join(facts)}</li>'


def render_downloads(downloads: list[tuple[str, str]], link_to: LinkTo, lead: str) -> str:
    """A line of download links; ``downloads`` holds (label, path inside the site)."""
    links = " · ".join(
        f'<a href="{escape(link_to(path))}" download>{escape(label)}</a>' for label, path in downloads
    )
    return f'<p class="pub-downloads">{escape(lead)} {links}</p>'


def render_paper_list(papers: list[Paper], publications: Publications, link_to: LinkTo,
                      year_headings: bool = False, bibtex_of: Callable[[Paper], str] | None = None,
                      person: str | None = None) -> str:
    """A raw HTML block (no blank lines, so Markdown leaves it whole) listing ``papers`` in order;
    with ``year_headings``, a heading before each run of papers of the same year; with
    ``bibtex_of``, each paper's BibTeX behind a toggle. ``person``: the co-author whose page it is."""
    if not papers:
        return '<p class="pub-empty">No papers yet.</p>'
    runs: list[list[Paper]] = []
    for paper in papers:
        if runs and (not year_headings or runs[-1][0].year == paper.year):
            runs[-1].append(paper)
        else:
            runs.append([paper])
    blocks = []
    for run in runs:
        items = "\n".join(render_list_item(paper, publications, link_to, bibtex_of(paper) if bibtex_of else None,
                                           person) for paper in run)
        heading = f'<h2 class="pub-year-heading">{run[0].year}</h2>\n' if year_headings else ""
        blocks.append(f'{heading}<ul class="pub-list">\n{items}\n</ul>')
    return "\n".join(blocks)


def searchless_block(html: str, filters: str = "") -> str:
    """``html`` (blocks with no blank line) in a block that site search leaves out
    (``data-search-exclude``, Material's mark): a paper is found once, on its own page, not again
    on every list that shows it. ``filters`` (``filter_form.render_filter_form``) goes first."""
    head = f"{filters}\n" if filters else ""
    return f'<div class="pub-listing" data-search-exclude>\n{head}{html}\n</div>'


def description(paper: Paper) -> str:
    """A plain-text sentence or two for ``<meta name="description">``."""
    text = plain_text(paper.summary) if paper.summary else f"{sentence(paper.plain_title)} {paper.byline}"
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


class BackLink(NamedTuple):
    """The page that lists a paper's section, for the link back from the paper's page."""

    label: str
    docs_path: str


def page_meta(title: str, page_description: str) -> dict[str, str]:
    """A generated page's title and description as its front matter must hold them: escaped, since
    Material prints ``page.meta.title`` and ``.description`` unescaped into <title>, <h1> and <meta>."""
    return {"title": escape(title), "description": escape(page_description)}


def _front_matter(paper: Paper, extra_meta: dict) -> str:
    meta = page_meta(paper.plain_title, description(paper))
    meta.update(extra_meta)
    return "---\n" + front_matter(meta) + "---\n"


#: Characters a YAML double-quoted scalar cannot hold as they are (non-printable, or read as a
#: line break and folded), which JSON leaves as they are.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is YAML's, once these are escaped too."""
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(text, ensure_ascii=False))


def front_matter(meta: dict) -> str:
    """YAML that MkDocs reads back as ``meta``: text as JSON strings (quick to write, and never
    read as another type), anything else as PyYAML writes it."""
    lines = []
    for key, value in meta.items():
        if isinstance(key, str) and isinstance(value, str):
            lines.append(f"{_yaml_string(key)}: {_yaml_string(value)}\n")
        else:
            lines.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False))
    return "".join(lines)


def _code_fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return fence


def render_paper_page(
    paper: Paper,
    publications: Publications,
    link_to: LinkTo,
    back_link: BackLink | None = None,
    extension: str = "",
    extension_meta: dict | None = None,
    downloads: list[tuple[str, str]] = (),
    bibtex: str | None = None,
) -> str:
    """The Markdown source of a paper's page; ``extension`` is the owner's Markdown for it, if any."""
    # The page's own <h1> (Material then prints none) so that math in the title shows as MathML;
    # <title> and search results use the plain title from the front matter.
    header = [f"<h1>{to_html(paper.title)}</h1>", '<div class="pub-page">']
    if paper.preview:
        header.append(f'<p class="pub-preview">{render_thumbnail(paper.preview, link_to, on_page=True)}</p>')
    header += _facts(paper, publications, link_to, "p", in_list=False)
    header.append("</div>")
    sections = [_front_matter(paper, extension_meta or {}), "\n".join(header)]

    if paper.summary:
        sections.append(f'<div class="pub-summary">\n<p>{render_inline(paper.summary)}</p>\n</div>')
    if extension.strip():
        sections.append(extension.strip())
    versions = publications.versions_of(paper)
    if versions:
        sections.append("## Other versions")
        sections.append(render_paper_list(versions, publications, link_to))
    if paper.also_presented:
        sections.append("## Also presented")
        sections.append(_render_presentations(paper, link_to))
    bibtex = bibtex or bibtex_entry(paper)
    fence = _code_fence(bibtex)
    sections.append("## Cite")
    sections.append(f"{fence} bibtex\n{bibtex.rstrip()}\n{fence}")
    if downloads:
        sections.append(render_downloads(list(downloads), link_to, "Download the citation:"))
    if back_link:
        href = escape(link_to(back_link.docs_path))
        sections.append(f'<p class="pub-back"><a href="{href}">← {escape(back_link.label)}</a></p>')
    return "\n\n".join(sections) + "\n"


def _render_presentations(paper: Paper, link_to: LinkTo) -> str:
    items = []
    for presentation in paper.also_presented:
        parts = [f'<li><span class="pub-venue">{escape(presentation.venue)}</span>']
        if presentation.title:
            parts.append(f', as <cite>{to_html(presentation.title)}</cite>')
        parts.append(render_badges(presentation.honours))
        if presentation.links:
            title = to_plain(presentation.title) if presentation.title else paper.plain_title
            parts.append(
                f' <span class="pub-links">'
                f"{render_link_buttons(presentation.links, link_to, title, True)}</span>"
            )
        parts.append("</li>")
        items.append("".join(parts))
    return '<ul class="pub-presentations">\n' + "\n".join(items) + "\n</ul>"


def section_label(section: str) -> str:
    return SECTIONS[section]
