"""What a researcher's publication file says, read independently of the importer, for
``import_corpus.py`` to compare with the papers the importer made.

A ``.bib`` file is cut into its entries (each ``@type{`` at a line's start) and each is read with
pybtex on its own, with the ``@string`` macros defined before it: one broken entry (a missing comma,
an undefined macro, a repeated field or key) then costs only itself, and when pybtex refuses it, a
lenient scan of its ``name = value`` fields says what the researcher meant. A Hugo Blox
``content/publication`` folder and an academicpages ``_publications`` folder are read with PyYAML
(front matter) and pybtex (the ``cite.bib`` or ``bibtexurl`` file beside them). Where the page and
its BibTeX disagree, the page's own text is what it says (its title, authors, date, venue, abstract);
the BibTeX fills what the page lacks.

Nothing here imports the importer: its bugs must not hide here too.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import yaml
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser, month_names

# ----------------------------------------------------------------------------- normalising text


# What a reader sees of the TeX family's logos, and the commands that only change the look of text.
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2\u03b5", "BibTeX": "BibTeX", "AmSTeX": "AMS-TeX",
          "AmSLaTeX": "AMS-LaTeX", "SliTeX": "SliTeX", "ConTeXt": "ConTeXt", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX",
          "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "eTeX": "\u03b5-TeX",
          "METAFONT": "METAFONT", "MF": "Metafont", "METAPOST": "METAPOST", "MP": "MetaPost", "AmS": "AMS"}
_LOGO = re.compile(r"\\(" + "|".join(sorted(_LOGOS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\}|\s*)")
_FORMATTING = re.compile(
    r"\\(?:tt|it|bf|sl|rm|sc|sf|em|emph|text(?:bf|it|tt|sc|sf|rm|sl|up|md|normal)|math(?:rm|bf|it|sf|tt|cal)|"
    r"mbox|hbox|vbox|fbox|smash|rlap|llap|ensuremath|underline|relax|url|normalfont|"
    r"(?:bf|it|sc|sl|up|md)shape|(?:tt|sf|rm)family|bfseries|mdseries|"
    r"tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)(?![A-Za-z])\*?\s*")

_SPACING = re.compile(r"\\[/!,;: ]|\\kern\s*-?[\d.]+\s*(?:em|ex|pt|mu|cm|mm|in|sp|bp)|"
                      r"\\(?:thinspace|enspace|quad|qquad|space)(?![A-Za-z])\s*|\\hspace\*?\s*\{[^}]*\}")

_ACCENTS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306", ".": "\u0307",
            '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328",
            "b": "\u0331"}
_ACCENT = re.compile(r"\{?\\([`'^~=.\"])\s*(?:\{([A-Za-z])\}|([A-Za-z]))\}?"
                     r"|\{?\\([uvHcdkrb])(?:\s*\{([A-Za-z])\}|\s+([A-Za-z]))\}?")


def norm(text: str | None, markdown: bool = False, keep_case: bool = False) -> str:
    """Text as a reader sees it, for comparison: LaTeX accents and symbols resolved, command names
    and braces removed, whitespace collapsed, no case. ``markdown``: the text is Markdown (a page's
    abstract, the list's summaries), whose escapes (``brain\\'s``, ``\\*``) are undone first."""
    if not text:
        return ""
    text = str(text)
    if markdown:
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = text.replace(r"\(", "$").replace(r"\)", "$")
    text = re.sub(r"(\\[`'^\"~=.uvHckrdb])\s*\{\\([ij])\}", r"\1{\2}", text)  # \'{\i}: an accented i
    text = _ACCENT.sub(_accented, text)
    text = re.sub(r"\\char\s*`\\\\", lambda _: "\\", text)  # {\tt\char`\\let}: the letters "\let"
    # Spacing first, as a mark no command eats ("\\TeX\\ Courses"), then what only changes the look.
    text = _SPACING.sub(lambda found: "" if found.group(0) in ("\\/", "\\!") or found.group(0).startswith("\\kern")
                        else "\x01", text)
    text = _FORMATTING.sub("", text)  # \emph {x} -> x, on both sides alike
    text = _LOGO.sub(lambda found: _LOGOS[found.group(1)], text)  # as TeX does, a space after it is eaten
    text = re.sub(r"\\l?dots(?![A-Za-z])\s*(?:\{\})?", "\u2026", text).replace("\x01", " ")
    # Quotes are not compared (TeX's ``…'' and "…" are one reader's quotes); unescaped, latexcodec
    # would read "e and 's as accents. A bare % is a per cent sign, not a TeX comment.
    text = re.sub(r"(?<!\\)[\"'`]", " ", text)  # a space: "\\TeX's" must not become the command "\\TeXs"
    text = re.sub(r"(?<!\\)%", r"\\%", text)
    try:
        text = codecs.decode(text, "ulatex")
    except Exception:  # noqa: BLE001 - latexcodec refuses a few odd inputs: compare them as written
        pass
    text = re.sub(r"\\([a-zA-Z]+)\*?\s*", r" \1 ", text)  # any other command: its name, as a word
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # Markdown's and TeX's escaped punctuation
    text = re.sub(r"[{}]", "", text)
    text = re.sub(r"[\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb]", " ", text)
    text = re.sub(r"[\u2010-\u2015-]+", "-", text)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if keep_case else text.casefold()


def _accented(found: re.Match) -> str:
    """``{\\={P}}`` -> P with a macron: every TeX accent on any letter, which latexcodec knows only
    for the letters that have a composed character."""
    accent = found.group(1) or found.group(4)
    letter = next(group for group in found.groups()[1:3] + found.groups()[4:] if group)
    return unicodedata.normalize("NFC", letter + _ACCENTS[accent])


def fold(text: str) -> str:
    """``norm`` without accents and punctuation: for telling whether two names are one person."""
    decomposed = unicodedata.normalize("NFKD", norm(text))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


_MARKS = re.compile(r"(\$?\^\{?\\?[*†‡]+\}?\$?|\\textsuperscript\{[*†‡]+\}|\\dag(ger)?\b|[*†‡]+)\s*$")


def person_key(name: str) -> str:
    """A name as one comparable string: its parts in reading order, normalised (``norm``)."""
    try:
        person = Person(name)
    except Exception:  # noqa: BLE001 - pybtex refuses some names ("a, b, c, d"): compare as written
        return norm(name)
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return norm(" ".join(parts)) or norm(name)


def without_marks(name: str) -> str:
    """A name without an equal-contribution or corresponding-author mark ("Yuan*", "Yuan$^\\dagger$")."""
    return _MARKS.sub("", name.strip()).strip()


def same_person(name: str, owner: str) -> bool:
    """The owner written here, fully or with initials: same family name, same first initial."""
    try:
        one, two = Person(name), Person(owner)
    except Exception:  # noqa: BLE001
        return fold(name) == fold(owner)
    if fold(" ".join(one.prelast_names + one.last_names)) != fold(" ".join(two.prelast_names + two.last_names)):
        return False
    given_one, given_two = fold(" ".join(one.first_names)), fold(" ".join(two.first_names))
    return not given_one or not given_two or given_one[0] == given_two[0]


# ----------------------------------------------------------------------------- links


def link_key(value: str) -> str | None:
    """A link as one comparable string: ``doi:…``, ``arxiv:…`` (no version), ``file:<name>`` for a
    local file, or the address without scheme, ``www.`` and final slash; None for no link."""
    value = str(value or "").strip()
    value = re.sub(r"^\\url\{(.*)\}$", r"\1", value)
    if not value or value.startswith("#") or value.lower().startswith("mailto:"):
        return None
    lowered = value.lower()
    doi = re.match(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", lowered)
    if doi:
        arxiv_doi = re.match(r"10\.48550/arxiv\.(.+)$", doi.group(1))  # arXiv's own DOI names the preprint
        return "arxiv:" + re.sub(r"v\d+$", "", arxiv_doi.group(1)) if arxiv_doi else "doi:" + doi.group(1).rstrip("/")
    arxiv = re.match(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)?"
                     r"((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[a-z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?/?$", lowered)
    if arxiv:
        return "arxiv:" + arxiv.group(1)
    if not re.match(r"^[a-z][a-z0-9+.\-]*://", lowered):
        return "file:" + value.rstrip("/").rsplit("/", 1)[-1]
    parts = urlsplit(value)
    host = parts.netloc.lower().removeprefix("www.")
    return (host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")).strip()


# ----------------------------------------------------------------------------- what an entry says


@dataclass
class InputEntry:
    """One publication as its file says it. ``titles`` etc. hold the values that count as kept
    (the source's own text first); empty when the input says nothing of it."""

    key: str
    file: Path
    line: int | None = None
    kind: str = ""
    titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # person_key of each, marks removed
    author_names: list[str] = field(default_factory=list)  # as written
    venues: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # link_key of each
    absent: set[str] = field(default_factory=set)  # local files named but not in the input's folder
    abstract: str | None = None
    abstract_markdown: bool = False  # from a page (Markdown), not from BibTeX (LaTeX)
    draft: bool = False
    volume: bool = False  # a @proceedings volume that other entries cross-reference: not a paper
    read_note: str | None = None  # how the reader had to read it (pybtex refused it, ...)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def names_owner(self, owner: str) -> bool:
        return any(same_person(name, owner) for name in self.author_names)


BIB_LINK_FIELDS = ("url", "pdf", "code", "html", "website", "slides", "poster", "video", "blog", "supp", "doi", "arxiv")
BIB_VENUE_FIELDS = ("journal", "booktitle", "howpublished", "school", "institution")
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)


def read_bib_file(path: Path) -> list[InputEntry]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return read_bib_text(text, path)


def read_bib_text(text: str, path: Path) -> list[InputEntry]:
    """Every entry of a .bib text, each read alone (see the module's docstring)."""
    macros = dict(month_names)
    starts = list(_ENTRY_START.finditer(text))
    raw: list[tuple[str, int, str, dict[str, str], list[str], list[str], str | None]] = []
    for number, start in enumerate(starts):
        chunk = text[start.start():starts[number + 1].start() if number + 1 < len(starts) else len(text)]
        line = text.count("\n", 0, start.start()) + 1
        kind = start.group(1).lower()
        if kind in ("comment", "preamble"):
            continue
        if kind == "string":
            parser = Parser(macros=macros)
            try:
                parser.parse_string(chunk)
                macros = dict(parser.macros)
            except Exception:  # noqa: BLE001 - a broken @string: its name stays undefined
                pass
            continue
        read = _read_chunk(chunk, macros)
        raw.append((kind, line, *read))
    entries = []
    by_key = {item[2].lower(): item for item in raw}
    cross_targets = {item[3].get("crossref", "").lower() for item in raw if item[3].get("crossref")}
    for kind, line, key, fields, authors, _editors, note in raw:
        parent = by_key.get(fields.get("crossref", "").lower())
        if parent:
            parent_fields = dict(parent[3])
            if "title" in parent_fields and "booktitle" not in parent_fields:
                parent_fields["booktitle"] = parent_fields["title"]
            fields = {**{k: v for k, v in parent_fields.items() if k not in ("title", "crossref")}, **fields}
            authors = authors or parent[4]
        entry = bib_entry(key, kind, fields, authors, path, line)
        entry.read_note = note
        entry.volume = key.lower() in cross_targets and not authors
        entries.append(entry)
    return entries


def bib_entry(key: str, kind: str, fields: dict[str, str], authors: list[str], path: Path,
              line: int | None) -> InputEntry:
    """An entry from its fields (lower-case names) and author names, as written."""
    entry = InputEntry(key, path, line, kind)
    if fields.get("title"):
        entry.titles.append(fields["title"])
    # "and others" is BibTeX's "et al.", not a person: the people named are what is compared.
    entry.author_names = [without_marks(name) for name in authors if name.strip().lower() != "others"]
    entry.authors = [person_key(name) for name in entry.author_names]
    entry.venues = [value for name in BIB_VENUE_FIELDS if (value := fields.get(name)) and not value.startswith("\\url")]
    year = re.search(r"\d{4}", re.sub(r"\\noopsort\s*\{[^}]*\}", "", fields.get("year", "") or fields.get("date", "")))
    entry.years = [int(year.group(0))] if year else []
    for name in BIB_LINK_FIELDS:
        if fields.get(name):
            found = link_key(fields[name])
            if found:
                entry.links.add(found)
    eprint = fields.get("eprint", "")
    if eprint and (fields.get("archiveprefix", "").lower() == "arxiv" or re.match(r"\d{4}\.\d{4,5}", eprint)):
        entry.links.add(link_key(fields["eprint"]) or fields["eprint"])
    howpublished = re.match(r"^\\url\{(.*)\}$", fields.get("howpublished", ""))
    if howpublished:
        entry.links.add(link_key(howpublished.group(1)))
    entry.links.discard(None)
    entry.abstract = fields.get("abstract") or None
    return entry


def _read_chunk(chunk: str, macros: dict[str, str]) -> tuple[str, dict[str, str], list[str], list[str], str | None]:
    """(key, fields, authors, editors, note) of one entry: pybtex's reading, or the lenient scan's
    (with a note saying why) when pybtex refuses it."""
    parser = Parser(macros=macros)
    try:
        data = parser.parse_string(chunk)
        (key, entry), = data.entries.items()
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        return (key, fields, [str(p) for p in entry.persons.get("author", [])],
                [str(p) for p in entry.persons.get("editor", [])], None)
    except Exception as error:  # noqa: BLE001 - what pybtex refuses, the lenient scan reads
        key, fields, note = lenient_fields(chunk, macros)
        return (key, fields, split_names(fields.pop("author", "")), split_names(fields.pop("editor", "")),
                f"pybtex refused it ({str(error).splitlines()[0][:120]}); {note}".rstrip("; "))


def lenient_fields(chunk: str, macros: dict[str, str]) -> tuple[str, dict[str, str], str]:
    """``name = value`` pairs however they are separated (a missing comma included), bare words
    resolved as macros or kept as written (``month = July``), the first of a repeated field kept."""
    head = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)\s*,?", chunk)
    key = head.group(1) if head else "?"
    position, fields, notes = head.end() if head else 0, {}, []
    pattern = re.compile(r"\s*,?\s*([A-Za-z][\w\-:]*)\s*=\s*")
    while True:
        found = pattern.match(chunk, position)
        if not found:
            break
        name, position = found.group(1).lower(), found.end()
        parts = []
        while True:
            value, position = _value(chunk, position, macros)
            parts.append(value)
            more = re.match(r"\s*#\s*", chunk[position:])
            if not more:
                break
            position += more.end()
        text = " ".join("".join(parts).split())
        if name in fields:
            notes.append(f"field '{name}' repeated")
        else:
            fields[name] = text
    return key, fields, ", ".join(notes)


def _value(chunk: str, position: int, macros: dict[str, str]) -> tuple[str, int]:
    if position >= len(chunk):
        return "", position
    if chunk[position] == "{":
        depth, start = 0, position
        for index in range(position, len(chunk)):
            depth += {"{": 1, "}": -1}.get(chunk[index], 0)
            if depth == 0:
                return chunk[start + 1:index], index + 1
        return chunk[start + 1:], len(chunk)
    if chunk[position] == '"':
        depth = 0
        for index in range(position + 1, len(chunk)):
            depth += {"{": 1, "}": -1}.get(chunk[index], 0)
            if chunk[index] == '"' and depth == 0:
                return chunk[position + 1:index], index + 1
        return chunk[position + 1:], len(chunk)
    word = re.match(r"[^\s,#}=]+", chunk[position:])
    if not word:
        return "", position
    text = word.group(0)
    resolved = {name.lower(): value for name, value in macros.items()}.get(text.lower(), text)
    return resolved, position + word.end()


def split_names(text: str) -> list[str]:
    """An author field's names: split at ``and`` outside braces."""
    names, depth, current = [], 0, []
    for token in re.split(r"(\{|\}|\s+and\s+)", text):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append("".join(current).strip())
            current = []
        else:
            current.append(token or "")
    names.append("".join(current).strip())
    return [name for name in names if name]


# ----------------------------------------------------------------------------- pages with front matter


def front_matter(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a Markdown page; ({}, text) without front matter."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)(.*)", text, re.DOTALL)
    if not found:
        return {}, text
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return {}, found.group(2)
    return (data if isinstance(data, dict) else {}), found.group(2)


def _strings(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _markdown_text(text: str) -> str:
    """A front-matter venue without its Markdown emphasis (``'*Journal of Vision*'``)."""
    return re.sub(r"(?<![\\\w])[*_]+|[*_]+(?![\w])", "", text).strip()


def _year(value) -> int | None:
    found = re.match(r"\s*(\d{4})", str(value or ""))
    return int(found.group(1)) if found else None


def _first_bib_entry(path: Path) -> InputEntry | None:
    if not path.is_file():
        return None
    entries = [entry for entry in read_bib_file(path) if not entry.volume]
    return entries[0] if entries else None


def read_hugo_folder(folder: Path, owner: str) -> list[InputEntry]:
    """Each publication of a Hugo Blox ``content/publication`` folder: ``<name>/index.md`` (or
    ``<name>.md``), its front matter first, its ``cite.bib`` for what the front matter lacks."""
    pages = sorted(folder.glob("*/index.md")) + sorted(p for p in folder.glob("*.md") if p.name != "_index.md")
    entries = []
    for page in pages:
        data, _body = front_matter(page)
        bib = _first_bib_entry(page.parent / "cite.bib") if page.name == "index.md" else None
        entry = InputEntry(page.parent.name if page.name == "index.md" else page.stem, page, None, "hugo")
        entry.draft = str(data.get("draft", "")).lower() == "true"
        title = data.get("title")
        entry.titles = [str(title)] if title else (bib.titles if bib else [])
        names = [owner if name == "admin" else name for name in _strings(data.get("authors"))]
        if names:
            entry.author_names = [without_marks(name) for name in names]
            entry.authors = [person_key(name) for name in entry.author_names]
        elif bib:
            entry.author_names, entry.authors = bib.author_names, bib.authors
        venues = [_markdown_text(value) for key in ("publication", "publication_short")
                  for value in _strings(data.get(key)) if value.strip()]
        entry.venues = [v for v in venues if v] or (bib.venues if bib else [])
        year = _year(data.get("date"))
        entry.years = [year] if year else (bib.years if bib else [])
        for key, value in data.items():
            if str(key).startswith("url_") and isinstance(value, str) and link_key(value):
                entry.links.add(link_key(value))
        for item in data.get("links") or []:
            if isinstance(item, dict) and link_key(str(item.get("url", ""))):
                entry.links.add(link_key(str(item["url"])))
        if data.get("doi"):
            entry.links.add(link_key(str(data["doi"])))
        hugoblox = data.get("hugoblox") if isinstance(data.get("hugoblox"), dict) else {}
        arxiv = (hugoblox.get("ids") or {}).get("arxiv") if isinstance(hugoblox.get("ids"), dict) else None
        if arxiv:
            entry.links.add(link_key(str(arxiv)))
        if bib:
            entry.links |= bib.links
        entry.links.discard(None)
        entry.abstract = str(data["abstract"]) if data.get("abstract") else (bib.abstract if bib else None)
        entry.abstract_markdown = bool(data.get("abstract"))
        entries.append(entry)
    return entries


_AP_LINK_FIELDS = ("paperurl", "slidesurl", "arxivurl", "codeurl", "githuburl", "dataseturl", "youtube", "videourl",
                   "posterurl", "projecturl", "doi", "url")


def read_academicpages_folder(folder: Path) -> list[InputEntry]:
    """Each page of an academicpages ``_publications`` folder: its front matter and the abstract
    of its body (a ``## Abstract`` section), the BibTeX file its ``bibtexurl`` names for the rest."""
    site = folder.parent
    entries = []
    for page in sorted(folder.glob("*.md")):
        data, body = front_matter(page)
        entry = InputEntry(page.stem, page, None, "academicpages")
        bib = None
        if data.get("bibtexurl"):
            named = str(data["bibtexurl"]).lstrip("/")
            bib = _first_bib_entry(site / named) or _first_bib_entry(site / "files" / Path(named).name)
        entry.titles = [str(data["title"])] if data.get("title") else (bib.titles if bib else [])
        if bib:
            entry.author_names, entry.authors = bib.author_names, bib.authors
        entry.venues = [str(data["venue"])] if data.get("venue") else (bib.venues if bib else [])
        entry.years = sorted({year for year in [_year(data.get("date")), *(bib.years if bib else [])] if year})
        for key, value in data.items():
            if (key in _AP_LINK_FIELDS or (str(key).endswith("url") and key not in ("bibtexurl",))) \
                    and isinstance(value, str) and link_key(value):
                entry.links.add(link_key(value))
        if bib:
            entry.links |= bib.links
        abstract = re.search(r"^#+\s*Abstract\s*\n(.*?)(?=^#+\s|\Z)", body, re.MULTILINE | re.DOTALL | re.IGNORECASE)
        entry.abstract = (abstract.group(1).strip() if abstract else None) or (bib.abstract if bib else None)
        entry.abstract_markdown = bool(abstract and abstract.group(1).strip())
        entries.append(entry)
    return entries


def read_input(path: Path, owner: str) -> list[InputEntry]:
    """The entries of one input as ``pubsite new --bib`` takes it: a .bib file or a folder. A local
    file an entry names that is nowhere in the input's site (a repository kept without its PDFs)
    is moved from ``links`` to ``absent``: no importer could keep it."""
    if path.is_dir():
        hugo = any(path.glob("*/index.md")) or (path / "_index.md").exists()
        entries = read_hugo_folder(path, owner) if hugo else read_academicpages_folder(path)
        root = path.parent.parent if hugo else path.parent
    else:
        entries = read_bib_file(path)
        root = path.parent.parent if path.parent.name == "_bibliography" else path.parent
    present = _file_names(root)
    for entry in entries:
        entry.absent = {link for link in entry.links if link.startswith("file:") and link[5:] not in present}
        entry.links -= entry.absent
    return entries


def _file_names(root: Path, limit: int = 50_000) -> set[str]:
    names = set()
    for number, found in enumerate(root.rglob("*")):
        if number >= limit:
            break
        names.add(found.name)
    return names
