"""What search engines and citation tools read in a page's <head>.

* Google Scholar's Highwire Press tags (``citation_*``) on each paper page, per Scholar's inclusion
  guidelines: one paper per page, every author in order, the venue, a PDF when one is known.
* schema.org JSON-LD: a ``ScholarlyArticle`` per paper; ``Person`` and ``WebSite`` on the home page.
* OpenGraph and Twitter card tags on every page.

Everything returned is HTML, escaped here: attribute values with ``html.escape`` and JSON-LD with
``<``, ``>`` and ``&`` written as ``\\u003c`` etc., so a title holding ``</script>`` cannot end the
script element.
"""

from __future__ import annotations

import html
import json
from typing import NamedTuple

from pubsite.render.inline_markdown import plain_text
from pubsite.data.model import Owner, Paper
from pubsite.data.names import display_name, is_corporate

SCHEMA = "https://schema.org"


class SiteInfo(NamedTuple):
    """Site-wide facts from mkdocs.yml that the head needs: absolute URLs and the owner's profiles."""

    url: str  # site_url, ending in "/"
    name: str
    description: str = ""
    owner_name: str = ""
    same_as: tuple[str, ...] = ()  # the owner's profile URLs
    affiliations: tuple[str, ...] = ()
    image_url: str | None = None  # absolute URL of the picture shown when a page is shared

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")


def meta_tags(pairs: list[tuple[str, str]], attribute: str = "name") -> str:
    return "\n".join(
        f'<meta {attribute}="{html.escape(key)}" content="{html.escape(value)}">' for key, value in pairs
    )


#: Compact: read by machines, and the standard library's C encoder writes it (with an indent it
#: encodes in Python, several times slower, at every paper page).
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def json_ld(data: dict) -> str:
    """A JSON-LD script element whose content cannot close the element or start another."""
    text = _encode_json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def pdf_url(paper: Paper, site: SiteInfo) -> str | None:
    """A PDF stored with the site is preferred (Scholar wants it beside the paper's page)."""
    pdfs = [link for link in paper.links if link.kind == "pdf"]
    for link in pdfs:
        if not link.is_external:
            return site.absolute(link.url)
    if pdfs:
        return pdfs[0].url
    return f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else None


def scholar_tags(paper: Paper, page_url: str, site: SiteInfo) -> list[tuple[str, str]]:
    """Highwire Press tags, in the order of Google Scholar's inclusion guidelines."""
    tags = [("citation_title", paper.plain_title)]
    tags += [("citation_author", name) for name in paper.author_names]
    tags.append(("citation_publication_date", "/".join(str(part) for part in paper.date_parts)))
    if paper.section == "journal":
        tags.append(("citation_journal_title", paper.venue_name))
    elif paper.section in ("conference", "workshop"):
        tags.append(("citation_conference_title", paper.venue_name))
    elif paper.section == "thesis":
        tags.append(("citation_dissertation_institution", paper.venue_name))
    if paper.volume:
        tags.append(("citation_volume", paper.volume))
    if paper.number:
        tags.append(("citation_issue", paper.number))
    if paper.page_range:
        first, last = paper.page_range
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    pdf = pdf_url(paper, site)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.publisher:
        tags.append(("citation_publisher", paper.publisher))
    tags.append(("citation_abstract_html_url", page_url))
    return tags


def _person(name: str, owner: Owner, site: SiteInfo) -> dict:
    if is_corporate(name):
        return {"@type": "Organization", "name": display_name(name)}
    person = {"@type": "Person", "name": name}
    if owner.is_owner(name):
        person["url"] = site.url
        if site.same_as:
            person["sameAs"] = list(site.same_as)
    return person


def scholarly_article(paper: Paper, page_url: str, owner: Owner, site: SiteInfo) -> dict:
    article: dict = {
        "@context": SCHEMA,
        "@type": "ScholarlyArticle",
        "@id": page_url,
        "url": page_url,
        "name": paper.plain_title,
        "headline": paper.plain_title[:110],
        "author": [_person(name, owner, site) for name in paper.authors],
        "datePublished": "-".join(f"{part:02d}" for part in paper.date_parts),
    }
    if paper.section in ("conference", "workshop"):
        article["isPartOf"] = {"@type": "CreativeWork", "name": paper.venue_name}
        article["publication"] = {"@type": "PublicationEvent", "name": paper.venue_name}
    elif paper.section == "journal":
        article["isPartOf"] = {"@type": "Periodical", "name": paper.venue_name}
    elif paper.section == "preprint" and paper.arxiv:
        article["publisher"] = {"@type": "Organization", "name": "arXiv"}
    if paper.summary:
        article["abstract"] = plain_text(paper.summary)
    same_as = [link.url for link in paper.links if link.kind in ("proceedings", "openreview")]
    if paper.arxiv_url:
        same_as.insert(0, paper.arxiv_url)
    if paper.doi_url:
        same_as.insert(0, paper.doi_url)
    if same_as:
        article["sameAs"] = same_as
    identifiers = []
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    if paper.arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
    if identifiers:
        article["identifier"] = identifiers
    pdf = pdf_url(paper, site)
    if pdf:
        article["encoding"] = {"@type": "MediaObject", "contentUrl": pdf, "encodingFormat": "application/pdf"}
    if site.image_url:
        article["image"] = site.image_url
    return article


def home_page_graph(site: SiteInfo) -> dict:
    person: dict = {"@type": "Person", "@id": site.url + "#person", "name": site.owner_name, "url": site.url}
    if site.affiliations:
        person["affiliation"] = [{"@type": "Organization", "name": name} for name in site.affiliations]
    if site.same_as:
        person["sameAs"] = list(site.same_as)
    if site.image_url:
        person["image"] = site.image_url
    website = {
        "@type": "WebSite",
        "@id": site.url + "#website",
        "url": site.url,
        "name": site.name,
        "author": {"@id": site.url + "#person"},
    }
    if site.description:
        website["description"] = site.description
    return {"@context": SCHEMA, "@graph": [person, website]}


def social_tags(title: str, description: str, page_url: str, site: SiteInfo, is_article: bool) -> str:
    """OpenGraph and Twitter card tags (title, description, URL, image) for sharing a page."""
    title, description = html.escape(title), html.escape(description)  # each said twice
    tags = [
        f'<meta property="og:type" content="{"article" if is_article else "website"}">',
        f'<meta property="og:site_name" content="{html.escape(site.name)}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:url" content="{html.escape(page_url)}">',
    ]
    if description:
        tags.append(f'<meta property="og:description" content="{description}">')
    image = html.escape(site.image_url) if site.image_url else None
    if image:
        tags.append(f'<meta property="og:image" content="{image}">')
    tags += ['<meta name="twitter:card" content="summary_large_image">',
             f'<meta name="twitter:title" content="{title}">']
    if description:
        tags.append(f'<meta name="twitter:description" content="{description}">')
    if image:
        tags.append(f'<meta name="twitter:image" content="{image}">')
    return "\n".join(tags)


def feed_link(site: SiteInfo, href: str) -> str:
    """Feed autodiscovery. ``href`` is relative to the page: Material fetches ``sitemap.xml`` beside
    every ``rel=alternate`` link (for language versions), which must stay on the site's own host."""
    return (f'<link rel="alternate" type="application/atom+xml" '
            f'title="{html.escape(site.name)}: publications" href="{html.escape(href)}">')
