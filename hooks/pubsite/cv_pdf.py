"""The typeset CV: one PDF per ``pdf:`` variant of ``data/cv.yml``, made by Typst during the build.

``cv_document`` turns the CV and the paper list into plain JSON (texts, links, flags); ``typeset``
hands it to Typst (the ``typst`` package: a compiler in a wheel, no TeX), in a child process (see
``_CHILD``), with the template ``cv.typ``, which sets every text as text, so nothing from the data
is read as markup. Typst uses its own fonts only, and the PDF has no date, so the same data gives
the same bytes on every machine.
The PDF has real text, a title and author, an outline from its headings, and working links.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from .cv_model import Cv, CvEntry, CvSection, PdfVariant
from .font_coverage import uncovered
from .inline_markdown import render_inline
from .math_text import to_plain
from .model import Paper, Publications
from .names import display_name

TEMPLATE = Path(__file__).with_name("cv.typ")


class CvOwner(NamedTuple):
    """Who the CV is of, from the site's settings: the lines under the name."""

    name: str
    affiliations: tuple[str, ...] = ()
    email: str | None = None
    site_url: str | None = None
    profiles: tuple[tuple[str, str], ...] = ()  # (label, URL)


class _Runs(HTMLParser):
    """Inline Markdown's HTML (``render_inline``) as runs of text with their emphasis and link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[dict] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self._open.append((tag, dict(attrs).get("href") if tag == "a" else None))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self._open]
        url = next((href for tag, href in reversed(self._open) if tag == "a"), None)
        self.runs.append({"text": data, "url": url, "strong": "strong" in tags, "em": "em" in tags or "code" in tags})


def text_runs(markdown: str | None) -> list[dict]:
    if not markdown:
        return []
    parser = _Runs()
    parser.feed(render_inline(markdown))
    parser.close()
    return parser.runs


def _entry(entry: CvEntry, publications: Publications, page_url, file_url) -> dict:
    """An entry's texts and links; a link to a file of the site (``docs/talks/slides.pdf``) points at
    its published address (``file_url``), or, with no site address to make one, shows its label."""
    papers = [publications.by_id[paper_id] for paper_id in entry.papers]
    links = [{"label": link.label,
              "url": link.url if link.is_external else (file_url(link.url) if file_url else None)}
             for link in entry.links]
    return {"title": entry.title, "place": [text for text in (entry.where, entry.location) if text],
            "when": entry.when(), "details": text_runs(entry.details),
            "papers": [{"title": paper.plain_title, "url": page_url(paper)} for paper in papers],
            "links": links}


def _paper(paper: Paper, publications: Publications, page_url) -> dict:
    owner = publications.owner
    return {"authors": [{"name": display_name(name), "owner": owner.is_owner(name),
                         "equal": name in paper.equal_contribution} for name in paper.authors],
            "title": paper.plain_title, "url": page_url(paper), "venue": paper.venue,
            "year": "" if str(paper.year) in paper.venue else f", {paper.year}", "honours": list(paper.honours),
            "note": text_runs(paper.note),
            "also": [{"venue": other.venue, "title": to_plain(other.title) if other.title else None,
                      "honours": list(other.honours)} for other in paper.also_presented]}


def _section(section: CvSection, publications: Publications, page_url, file_url) -> dict:
    if not section.is_publications:
        return {"kind": "entries", "title": section.title,
                "entries": [_entry(entry, publications, page_url, file_url) for entry in section.entries]}
    groups, start = [], 1
    for heading, papers in section.papers.groups(publications):
        groups.append({"heading": heading, "start": start,
                       "papers": [_paper(paper, publications, page_url) for paper in papers]})
        start += len(papers)
    equal = any(person["equal"] for group in groups for paper in group["papers"] for person in paper["authors"])
    return {"kind": "papers", "title": section.title, "groups": groups, "equal_legend": equal}


def cv_document(cv: Cv, variant: PdfVariant, publications: Publications, owner: CvOwner, page_url,
                file_url=None) -> dict:
    """What the template needs, as JSON-ready data; ``page_url(paper)`` is the paper page's address,
    ``file_url(path)`` a file's of ``docs/`` (used only when the site has an address)."""
    file_url = file_url if owner.site_url else None
    contact = []
    if owner.email:
        contact.append({"text": owner.email, "url": f"mailto:{owner.email}"})
    if owner.site_url:
        contact.append({"text": owner.site_url.removeprefix("https://").removeprefix("http://").rstrip("/"),
                        "url": owner.site_url})
    contact += [{"text": label, "url": url} for label, url in owner.profiles]
    style = cv.style
    return {"title": variant.title, "name": owner.name, "lines": list(owner.affiliations), "contact": contact,
            "style": {"paper": style.paper, "font": style.font, "size": style.size, "accent": style.accent},
            "sections": [_section(section, publications, page_url, file_url)
                         for section in cv.sections_of(variant) if not section.is_empty(publications)]}


#: The scripts whose letters Typst's own fonts have (Libertinus Serif, New Computer Modern).
SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def missing_letters(document: dict, fonts: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(letter, the text it is in) for letters no font of the PDF has (Typst's own, and the owner's
    ``fonts``): Typst would leave a gap without a word, so the build says it instead."""
    import unicodedata

    found: dict[str, str] = {}
    for text in _strings(document):
        for character in text:
            if character not in found and unicodedata.category(character)[0] in "LM" and not character.isascii():
                if not unicodedata.name(character, "").startswith(SCRIPTS):
                    found[character] = text
    if found and fonts:
        left = uncovered(fonts, "".join(found))
        return [(letter, text) for letter, text in found.items() if letter in left]
    return list(found.items())


# Typst runs in a child process: it keeps the memory of a document until its process ends (a
# 230-page CV of 5,000 papers: +260 MB), which would stay on the build's peak to the end; a child
# gives it all back as soon as the PDF is made, for the cost of starting Python (about 0.1 s).
_CHILD = """
import json, sys
import typst
job = json.load(sys.stdin)
try:
    pdf = typst.compile(job["template"].encode("utf-8"), sys_inputs={"data": job["data"]}, ignore_system_fonts=True,
                        font_paths=job["fonts"])
except typst.TypstError as error:
    sys.stderr.write(str(error))
    sys.exit(3)
sys.stdout.buffer.write(pdf)
"""


def typeset(document: dict, template: str | None = None, fonts: tuple[str, ...] = ()) -> bytes:
    """The PDF of ``document``, with Typst's own fonts and the owner's ``fonts`` (files) for the letters
    those lack; ``TypesetError`` with Typst's message if the template fails, or naming the letters no
    font has."""
    missing = missing_letters(document, fonts)
    if missing:
        letter, text = missing[0]
        more = f", and {len(missing) - 1} more letters" if len(missing) > 1 else ""
        raise TypesetError(
            f"its fonts (Typst's own, with {', '.join(SCRIPTS).title()} letters"
            f"{', and those of pdf_style: fonts:' if fonts else ''}) have no '{letter}', in {text[:80]!r}{more}; "
            "put a font file that has them (for Chinese, Japanese or Korean: Noto Sans CJK, or Droid Sans "
            "Fallback) in a folder of the project and name it in data/cv.yml, 'pdf_style: fonts: fonts'")
    job = {"template": template if template is not None else TEMPLATE.read_text(encoding="utf-8"),
           "data": json.dumps(document, ensure_ascii=False),
           # Typst reads a folder of fonts, and its subfolders: the one holding all of the owner's.
           "fonts": [os.path.commonpath([os.path.dirname(font) for font in fonts])] if fonts else []}
    result = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(job).encode("utf-8"),
                            capture_output=True, check=False)
    if result.returncode == 3:
        raise TypesetError(result.stderr.decode("utf-8", errors="replace").strip())
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF-"):
        raise TypesetError(f"Typst's process failed ({result.returncode}): "
                           + result.stderr.decode("utf-8", errors="replace").strip()[-2000:])
    return result.stdout


class TypesetError(Exception):
    """Typst could not typeset the CV (the message is Typst's)."""
