"""The typeset CV: one PDF per ``pdf:`` variant of ``data/cv.yml``, made by Typst during the build.

``cv_document`` turns the CV and the paper list into plain JSON (texts, links, flags); ``typeset``
hands it to Typst (the ``typst`` package: a compiler in a wheel, no TeX), in a child process (see
``_CHILD``), with the template ``cv.typ``, which sets every text as text, so nothing from the data
is read as markup. Typst uses its own fonts, the owner's (``pdf_style: fonts``), and the machine's
only for letters those lack, and the PDF has no date: so the same data gives the same bytes on every
machine, unless it has letters only the machine's fonts have. A letter no font has never stops the
build: the PDF shows an empty box for it, and the build's log says which letter, where, and what to do.
The PDF has real text, a title and author, an outline from its headings, and working links.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from pubsite.cv.cv_model import Cv, CvEntry, CvSection, PdfVariant
from pubsite.cv.cv_validation import CV_FILE
from pubsite.data.errors import Problem
from pubsite.cv.font_coverage import uncovered
from pubsite.render.inline_markdown import render_inline
from pubsite.data.math_text import to_plain
from pubsite.data.model import Paper, Publications
from pubsite.data.names import display_name

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


#: The code points Typst's own fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) draw
#: in every style the CV sets (upright, bold, italic, bold italic) with either ``font`` of
#: ``pdf_style``: Latin, Greek and Cyrillic letters with their accents (combining ones too),
#: punctuation, currency signs, arrows, mathematical operators and letters. tests/test_cv_letters.py
#: checks every one of them against Typst's fonts.
TYPST_OWN = ((0x00A0, 0x0484), (0x0487, 0x04FF), (0x1D00, 0x1DBF), (0x1E00, 0x2040), (0x2044, 0x2052),
             (0x2054, 0x20A4), (0x20A6, 0x20C0), (0x2100, 0x211E), (0x2126, 0x2151), (0x2153, 0x2184),
             (0x2190, 0x221C), (0x221E, 0x221F), (0x2222, 0x23FF), (0x2C60, 0x2C7F), (0xFB00, 0xFB4F),
             (0x1D400, 0x1D7FF))

#: Where a text of the document comes from, when a letter of it has no font.
PAPERS_FILE = "data/publications.yml"
ENTRY_FIELDS = {"place": "where' or 'location", "when": "date"}
PAPER_FIELDS = {"also": "also_presented"}
#: What the build says about letters no font has: this many places, this many letters each.
SHOWN_PLACES, SHOWN_LETTERS = 10, 5

LOG = logging.getLogger("mkdocs.plugins.pubsite")  # MkDocs (and ProperDocs) show its INFO lines


def typst_has(letter: str) -> bool:
    """Whether Typst's own fonts draw ``letter`` (see ``TYPST_OWN``)."""
    code = ord(letter)
    return unicodedata.category(letter) != "Cn" and any(low <= code <= high for low, high in TYPST_OWN)


def needs_a_glyph(letter: str) -> bool:
    """Whether ``letter`` is one a font must draw: not ASCII (Typst's own fonts have all of it), nor
    white space, a control or format character, or a variation selector (it picks the look of the
    letter before it, and is not drawn)."""
    category = unicodedata.category(letter)
    code = ord(letter)
    return (not letter.isascii() and category[0] in "LMNPSC" and category not in ("Cc", "Cf", "Cs")
            and not 0xFE00 <= code <= 0xFE0F and not 0xE0100 <= code <= 0xE01EF)


def _texts(value, path=()):
    """(path, text) for every text of the document (not its links, its style or its flags)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("url", "style", "kind"):
                yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _short(text) -> str:
    text = str(text)
    return text if len(text) <= 60 else text[:59] + "…"


def text_place(document: dict, path: tuple) -> tuple[str, str | None, str | None]:
    """(file, entry, field) the owner wrote the text at ``path`` of ``document`` in."""
    head = path[0] if path else None
    if head == "title":
        return CV_FILE, "pdf", "title"
    if head == "name":
        return PAPERS_FILE, "owner", "name"
    if head == "lines":
        return "mkdocs.yml", "extra", "affiliation"
    if head == "contact":
        mail = str(document["contact"][path[1]].get("url", "")).startswith("mailto:")
        return "mkdocs.yml", "extra", "email" if mail else "social' or 'site_url"
    if head == "sections" and len(path) > 2:
        section = document["sections"][path[1]]
        named = f"section '{_short(section.get('title'))}'"
        if path[2] == "entries" and len(path) > 4:
            entry = section["entries"][path[3]]
            if path[4] == "papers":
                return PAPERS_FILE, f"paper '{_short(entry['papers'][path[5]].get('title'))}'", "title"
            return CV_FILE, f"{named}, entry {path[3] + 1} ('{_short(entry.get('title'))}')", \
                ENTRY_FIELDS.get(path[4], path[4])
        if path[2] == "groups" and len(path) > 6:
            paper = section["groups"][path[3]]["papers"][path[5]]
            return PAPERS_FILE, f"paper '{_short(paper.get('title'))}'", PAPER_FIELDS.get(path[6], path[6])
        return CV_FILE, named, str(path[2])
    return CV_FILE, None, None


def letters_beyond_typst(document: dict) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """The letters of the document Typst's own fonts lack, each with the places (file, entry, field)
    it is in, in the order they come. Text is read composed (NFC), as Typst's shaping composes
    a letter and its combining accents when a font has the whole."""
    found: dict[str, list] = {}
    for path, text in _texts(document):
        for letter in dict.fromkeys(unicodedata.normalize("NFC", text)):
            if needs_a_glyph(letter) and not typst_has(letter):
                places = found.setdefault(letter, [])
                place = text_place(document, path)
                if place not in places:
                    places.append(place)
    return found


def missing_letters(document: dict, fonts: tuple[str, ...] = (), machine_fonts: tuple[str, ...] = ()) -> dict:
    """The letters of the document no font has (Typst's own, the owner's ``fonts``, the machine's
    ``machine_fonts``: files), each with its places; Typst draws an empty box for each."""
    beyond = letters_beyond_typst(document)
    left = uncovered((*fonts, *machine_fonts), "".join(beyond)) if beyond else ""
    return {letter: places for letter, places in beyond.items() if letter in left}


def _named(letter: str) -> str:
    name = unicodedata.name(letter, "")
    return f"'{letter}' (U+{ord(letter):04X}{' ' + name if name else ''})"


def missing_letter_notes(missing: dict, pdf_title: str) -> list[str]:
    """What the build says about letters no font has: one line per place (file, entry, field), with
    its letters and how to add a font; the places past ``SHOWN_PLACES`` counted on a last line."""
    by_place: dict[tuple, list[str]] = {}
    for letter, places in missing.items():
        for place in places:
            by_place.setdefault(place, []).append(letter)
    notes = []
    for (file, entry, field), letters in list(by_place.items())[:SHOWN_PLACES]:
        shown = ", ".join(_named(letter) for letter in letters[:SHOWN_LETTERS])
        more = f" and {len(letters) - SHOWN_LETTERS} more" if len(letters) > SHOWN_LETTERS else ""
        them = "them" if len(letters) > 1 else "it"
        message = (f"no font has the letter{'s' if len(letters) > 1 else ''} {shown}{more}, so the PDF "
                   f"'{pdf_title}' shows an empty box for {them}; add a font that has {them} to the folder "
                   "named by pdf_style: fonts in data/cv.yml, or install one (the Noto fonts have most letters: "
                   "on Debian, apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)")
        notes.append(str(Problem(file, message, entry=entry, field=field)))
    if len(by_place) > SHOWN_PLACES:
        notes.append(f"... and {len(by_place) - SHOWN_PLACES} more places in the PDF '{pdf_title}' with letters "
                     "no font has")
    return notes


# Typst runs in a child process: it keeps the memory of a document until its process ends (a
# 230-page CV of 5,000 papers: +260 MB), which would stay on the build's peak to the end; a child
# gives it all back as soon as the PDF is made, for the cost of starting Python (about 0.1 s).
# It answers with a line of JSON (the machine's font files, when it was let see them), then the PDF.
_CHILD = """
import json, sys
import typst
job = json.load(sys.stdin)
owners = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                     font_paths=job["fonts"]).families() if job["fonts"] else []
fonts = typst.Fonts(include_system_fonts=job["machine"], include_embedded_fonts=True, font_paths=job["fonts"])
machine = sorted({font.path for font in fonts.fonts() if font.path}) if job["machine"] else []
try:
    pdf = typst.compile(job["template"].encode("utf-8"), font_paths=fonts,
                        sys_inputs={"data": job["data"], "fonts": json.dumps(owners, ensure_ascii=False)})
except typst.TypstError as error:
    sys.stderr.write(str(error))
    sys.exit(3)
sys.stdout.buffer.write(json.dumps(machine).encode("utf-8") + b"\\n" + pdf)
"""


def typeset(document: dict, template: str | None = None, fonts: tuple[str, ...] = ()) -> bytes:
    """The PDF of ``document``, with Typst's own fonts, the owner's ``fonts`` (files) for the letters
    those lack, and, only when some letter is in neither, the machine's fonts: so a CV they cover
    is the same, byte for byte, on every machine. A letter no font has is drawn as an empty box and
    named on the build's log (INFO: the site is built, and the PDF with it); ``TypesetError`` with
    Typst's message if the template fails."""
    beyond = "".join(letters_beyond_typst(document))
    machine = bool(uncovered(fonts, beyond))
    job = {"template": template if template is not None else TEMPLATE.read_text(encoding="utf-8"),
           "data": json.dumps(document, ensure_ascii=False), "machine": machine,
           # Typst reads a folder of fonts, and its subfolders: the one holding all of the owner's.
           "fonts": [os.path.commonpath([os.path.dirname(font) for font in fonts])] if fonts else []}
    result = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(job).encode("utf-8"),
                            capture_output=True, check=False)
    if result.returncode == 3:
        raise TypesetError(result.stderr.decode("utf-8", errors="replace").strip())
    head, _, pdf = result.stdout.partition(b"\n")
    if result.returncode != 0 or not pdf.startswith(b"%PDF-"):
        raise TypesetError(f"Typst's process failed ({result.returncode}): "
                           + result.stderr.decode("utf-8", errors="replace").strip()[-2000:])
    if machine:
        missing = missing_letters(document, fonts, tuple(json.loads(head)))
        for note in missing_letter_notes(missing, str(document.get("title") or "CV")):
            LOG.info(note)
    return pdf


class TypesetError(Exception):
    """Typst could not typeset the CV (the message is Typst's)."""
