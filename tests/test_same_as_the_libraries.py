"""What the generator writes by hand is exactly what the libraries of the field write.

Summaries, BibTeX names and entries, RIS records and the Atom feed are written directly, and each is
compared here with the library it stands for (Python-Markdown, pylatexenc, pybtex's parser and
writer, ElementTree, rispy) on many texts inside and just outside what it handles.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import pytest
import rispy
import yaml
from pybtex.bibtex.exceptions import BibTeXError
from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer

from conftest import CONTENT_ROOT, PROJECT_ROOT
from pubsite.citations import bibtex, citation_formats
from pubsite.render import inline_markdown, simple_markdown
from pubsite.data import math_text
from pubsite.render.atom_feed import atom_feed
from pubsite.render.head_metadata import json_ld
from pubsite.data.model import SECTIONS, Link, Owner, Paper, Presentation
from pubsite.data.names import is_corporate, name_parts, person
from pubsite.render.rendering import front_matter, render_paper_page
from pubsite.data.validation import build_publications, read_publications
from pubsite.data.errors import DataError
from pubsite.data.yaml_source import load_marked_yaml

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import publications_yaml  # noqa: E402

# ---------------------------------------------------------------------------- the slow ways

_MARKDOWN = markdown.Markdown(extensions=["smarty"], output_format="html")


def slow_render_block(text: str) -> str:
    _MARKDOWN.reset()
    return _MARKDOWN.convert(html.escape(text, quote=False))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.targets = [], []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for name, value in attrs if name in ("href", "src") and value is not None]

    def handle_data(self, data):
        self.text.append(data)


def slow_words_and_targets(text: str) -> tuple[str, tuple[str, ...]]:
    parser = _Parser()
    parser.feed(slow_render_block(text))
    parser.close()
    return " ".join("".join(parser.text).split()), tuple(parser.targets)


def slow_text_to_latex(text: str) -> str:
    quotes = iter(("``", "''") * (text.count('"') // 2 + 1))
    text = re.sub('"', lambda _: next(quotes), text)
    parts = re.split(r"(``|'')", text)
    return "".join(part if part in ("``", "''") else bibtex._ENCODER.unicode_to_latex(part) for part in parts)


def slow_name_to_latex(name: str) -> str:
    if not (len(name) > 2 and name.startswith("{") and name.endswith("}")):
        return slow_text_to_latex(name)
    return "".join(part if part in "{}" else slow_text_to_latex(part) for part in re.split(r"([{}])", name) if part)


class _PreEncodedWriter(Writer):
    def _encode(self, text):
        return text


def slow_bibtex_entry(paper: Paper) -> str:
    """The entry as pybtex's writer writes it, every value through pylatexenc (the old code)."""
    def to_latex(text):
        return math_text.to_latex(text, slow_text_to_latex)

    kind = bibtex.entry_type(paper)
    fields = {"title": "{" + to_latex(paper.title) + "}"}
    venue = paper.venue_name
    if kind == "misc" and paper.arxiv:
        venue = f"arXiv preprint arXiv:{paper.arxiv}"
    fields[bibtex._VENUE_FIELD[kind]] = to_latex(venue)
    fields["year"] = str(paper.year)
    if paper.volume:
        fields["volume"] = to_latex(paper.volume)
    if paper.pages:
        fields["pages"] = to_latex(paper.pages.replace("–", "--"))
    if paper.arxiv:
        fields["eprint"] = paper.arxiv
        fields["archivePrefix"] = "arXiv"
    if paper.doi:
        fields["doi"] = paper.doi
    if paper.canonical_url:
        fields["url"] = paper.canonical_url
    authors = [person(slow_name_to_latex(name), is_corporate(name)) for name in paper.authors]
    entry = Entry(kind, fields=fields, persons={"author": authors})
    return _PreEncodedWriter().to_string(BibliographyData(entries={paper.citation_key: entry}))


def slow_atom_feed(papers, page_urls, *, feed_url, site_url, title, owner_name) -> str:
    """The feed as ElementTree wrote it (the old code)."""
    atom = "http://www.w3.org/2005/Atom"

    def sub(parent, tag, text=None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{atom}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    def timestamp(year):
        return f"{year:04d}-01-01T00:00:00Z"

    ElementTree.register_namespace("", atom)
    feed = ElementTree.Element(f"{{{atom}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", timestamp(max((paper.year for paper in papers), default=1970)))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    sub(sub(feed, "author"), "name", owner_name)
    for paper in sorted(papers, key=lambda paper: -paper.year):
        url = page_urls[paper.id]
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", paper.plain_title)
        sub(entry, "link", rel="alternate", href=url, type="text/html")
        sub(entry, "updated", timestamp(paper.year))
        for name in paper.author_names:
            sub(sub(entry, "author"), "name", name)
        def stop(text):  # one full stop, none after an initial's ("Q.")
            return text if text[-1] in ".?!" else text + "."

        summary = (slow_words_and_targets(paper.summary)[0] if paper.summary
                   else f"{stop(', '.join(paper.author_names))} {stop(paper.venue)}")
        sub(entry, "summary", summary)
        sub(entry, "category", term=paper.section)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------- samples

WORDS = ["We", "study", "model's", "it'sx", "rock'n'roll", "x'5", "'90s", "don't", "Gödel", "Zoë's", "2021",
         "1.", "1)", "3D", "snake_case", "a__b", "_lead", "trail_", "e.g.", "U.S.", "ok!", "why?", "(paren)", "(",
         ")", "-", "--", "---", "----", "a--b", ".", "..", "...", "....", "x...y", "#", "$5", "50%", "a+b=c",
         "@user", "~", "^", "|", "{x}", "/", "“q”", "—", "…", "'", "''", "_", "x_", "Ł", "½", "\u00a0", "\u200b",
         "e\u0301", ":", ";", ",", "!", "?", "*", "**", '"', '"quoted"', "`c`", "<b>", "&amp;", "&", "\\*", "\n",
         "\n\n", "  \n", "\t", "https://x.org", "<https://x.org>", "a@b.c", "[x]", "]:", "[1]: https://r.org"]
LINKS = ["[the project page](https://example.org/p/1)", "[a](http://x.org/a_b?q=1&r=2#f)", "[a_b](https://x.org/a_b)",
         "[x](https://x.org/--y)", "[it's](https://x.org)", "[--](https://x.org)", "[ sp ](https://x.org)",
         "![img](https://x.org/i.png)", "[t](https://x.org/(y))", "[t](javascript:alert(1))", "[t]( https://x.org)",
         '[t](https://x.org "title")', "[t](<https://x.org>)", "[*e*](https://x.org)", "[t](https://x.org/a'b)",
         "[t](https:///x)", "[...](https://x.org/...)", "[t](https://x.org/*a*)", "[t][1]", "[t](ftp://x)"]
EMPHASIS = ["*{}*", "* {}*", "*{} *", "**{}**", "_{}_", "*{}*'s", "(*{}*)", "*{}*.", "*{}*,", "*{}*-", "*{}*'"]


def _markdown_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    safe = [word for word in WORDS if simple_markdown.render(f"a {word} b") is not None]
    safe_links = [link for link in LINKS if simple_markdown.render(f"a {link} b") is not None]
    texts = []
    for _ in range(count):
        plain = rng.random() < 0.7
        words, links = (safe, safe_links) if plain else (WORDS, LINKS)
        parts = [rng.choice(["We", "Gödel", "3D"])] if plain and rng.random() < 0.7 else []
        for _ in range(rng.randint(1, 10)):
            roll = rng.random()
            if roll < 0.6:
                parts.append(rng.choice(words))
            elif roll < 0.8:
                parts.append(rng.choice(links))
            else:
                inner = " ".join(rng.choice(safe) for _ in range(rng.randint(1, 3)))
                forms = EMPHASIS[:1] + EMPHASIS[5:9] if plain and rng.random() < 0.8 else EMPHASIS
                parts.append(rng.choice(forms).format(inner))
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice([" ", " ", " ", "", "  "]) + part
        texts.append(text.strip() if rng.random() < 0.8 else text)
    return texts


NAMES = ["Ada Example", "Tomas R. V. Okafor", "Jörg-Emil Lindqvist", "Łukasz Kaiser", "Zoë O'Brien",
         "Ludwig van Beethoven", "Charles Louis de la Vallée Poussin", "Guy L. Steele Jr.", "Guy L. Steele, Jr.",
         "Jane Doe, III", "Doe, Jane", "Madonna", "{Google DeepMind}", "{The {LIGO} Scientific Collaboration}",
         "A. B. C. D. E.", "ĳ Ĳssel", "ǅemal Bijedić", "Émile Zola", "d'Artagnan Athos", "Jean~Paul Sartre",
         "Ana {de Souza}", "María José García-López", "Mei-Ling Wang", "3M Company", "(Anon) Author",
         "Ω Omega", "Ærø Ø", "Jr. Smith Jr.", "von Neumann", "John von Neumann", "Wei  Li", " Wei Li ",
         "Sam I", "Sam II", "Sam Smith II", "Sam Smith Sr", "x y z", "Ünal Ürek"]


def _random_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["Ann", "bo", "Çé", "van", "de", "La", "O'Neil", "Jr.", "II", "{X}", "{\\\"o}", "Ångström", "ß",
              "D.", "-", "Mc-Kay", ",", "~", "\\'e", "ǅ", "Ǆ", "1st", "É", "über", "{Corp Inc}"]
    return [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(count)]


def _papers() -> list[Paper]:
    real = read_publications(CONTENT_ROOT / "data/publications.yml", "d", CONTENT_ROOT / "docs").papers
    generated = build_publications(load_marked_yaml(publications_yaml(150, seed=3), "s"), "s").papers
    odd_titles = ['The "Quoted" Title & 50% of #hash_tags ~ ^ {braces} \\backslash', "$x_i^2$ and \\$5 and $\\beta$-VAE",
                  "Ünïcödé — “curly” ‘quotes’ … and \u0301combining e\u0301 and \u2603 snowman", "Plain ascii title",
                  "Title with `backticks` and *stars* and <tags> & entities &amp;", "{Braced} {Title}", "a''b``c"]
    odd = []
    for index, (title, authors) in enumerate(zip(odd_titles * 6, [NAMES[i:i + 5] for i in range(35)])):
        odd.append(Paper(
            id=f"odd-{index}", section=list(SECTIONS)[index % len(SECTIONS)], title=title, authors=tuple(authors),
            venue=f"Venue & Co {index}", year=2000 + index, venue_full="Proc. “Ünï” 2020" if index % 2 else None,
            summary=[None, "Same summary text as another paper.", "A [link](https://x.org) and *it*.",
                     'Quotes "here" and `code`.', "[](https://x.org/empty)"][index % 5],
            note="A *note* -- with dashes..." if index % 3 == 0 else None,
            arxiv=f"2101.0000{index % 10}" if index % 4 == 0 else None,
            doi="10.1/x&y<z" if index % 5 == 0 else None, volume="12 & 13" if index % 3 == 1 else None,
            pages="100–110" if index % 2 else None, bibtex_key=f"key{index}" if index % 2 else None,
            links=(Link("code", "https://github.com/x/a_b", "Code"), Link("openreview", "https://openreview.net/x", "O"))
            if index % 3 == 2 else (),
            also_presented=(Presentation("Workshop", title="Earlier $\\alpha$"),) if index % 4 == 1 else (),
        ))
    return list(real) + list(generated) + odd


PAPERS = _papers()
URLS = {paper.id: f"https://example.org/papers/{paper.id}/" for paper in PAPERS}

# ---------------------------------------------------------------------------- Markdown


def test_simple_markdown_gives_what_python_markdown_gives():
    fast = 0
    for text in _markdown_texts(4000, seed=11):
        simple = simple_markdown.render(text)
        if simple is None:
            continue
        fast += 1
        assert f"<p>{simple.html}</p>" == slow_render_block(text), text
        assert (" ".join(simple.plain.split()), simple.targets) == slow_words_and_targets(text), text
    assert fast, "no text took the fast path: the comparison would test nothing"


@pytest.mark.parametrize("text", [
    'Quotes "here"', "`code`", "1. A list", "- A list", "# Heading", "**strong**", "a\nb", "a\n\nb",
    "[x][1]\n\n[1]: https://r.org", "![i](https://x.org/i.png)", "<b>html</b>", "&amp;", "x'5", "'90s",
    "[t](javascript:alert(1))", "*a [b](https://x.org) c*", " leading", "trailing ", "a\u00a0b", "\\*",
])
def test_what_simple_markdown_leaves_to_python_markdown(text):
    assert simple_markdown.render(text) is None


def test_inline_markdown_matches_python_markdown_on_every_text():
    for text in _markdown_texts(1500, seed=12):
        rendered = slow_render_block(text)
        inline = rendered[3:-4] if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1 else rendered
        words, targets = slow_words_and_targets(text)
        assert inline_markdown.render_block(text) == rendered, text
        assert inline_markdown.render_inline(text) == inline, text
        assert inline_markdown.plain_text(text) == words, text
        unsafe = [target for target in targets if not re.match(r"^https?://[^\s/]", target)]
        assert inline_markdown.unsafe_link_targets(text) == unsafe, text


@pytest.mark.parametrize("text, unsafe", [
    ("see [x](https://ok.org) and [y](ftp://bad)", ["ftp://bad"]),
    ("see [x](javascript:alert(1))", ["javascript:alert(1)"]),
    ("[x][1]\n\n[1]: javascript:alert(1)", ["javascript:alert(1)"]),
    ("[x]\n\n[x]: data:text/html,hi", ["data:text/html,hi"]),
    ("![img](relative.png)", ["relative.png"]),
    ("no link [here] and ] ( apart", []),
    ("a link [after](https://fine.org) a fast-path check", []),
])
def test_unsafe_links_are_found_whichever_way_the_text_renders(text, unsafe):
    assert inline_markdown.unsafe_link_targets(text) == unsafe
    assert inline_markdown.unsafe_link_targets(text) == unsafe  # again, from the cache
    inline_markdown.unsafe_link_targets(text).append("x")  # callers get their own list
    assert inline_markdown.unsafe_link_targets(text) == unsafe


def test_a_text_without_a_link_marker_has_no_link_targets():
    """What lets validation skip rendering: no ``](`` and no ``]:``, no link or image."""
    for text in _markdown_texts(1500, seed=13):
        if "](" not in text and "]:" not in text:
            assert slow_words_and_targets(text)[1] == (), text


# ---------------------------------------------------------------------------- LaTeX, names, BibTeX


def test_latex_encoding_is_pylatexenc_s():
    rng = random.Random(5)
    table = [chr(code) for code in bibtex._TABLE]
    pool = [chr(code) for code in range(0x20, 0x7f)] + table[:400] + ["\t", "\n", "\r", "\x01", "\x7f", "\u0301",
                                                                       "\u2603", "\U0001f600", "e\u0301", "\ufb00"]
    samples = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    samples += table + ["Jörg-Emil", 'The "Quoted" Title', "a''b``c", "50% & $5 # _ ~ ^ { } \\", ""]
    for text in samples:
        assert bibtex._text_to_latex(text) == slow_text_to_latex(text), repr(text)
        assert bibtex.to_latex(text) == math_text.to_latex(text, slow_text_to_latex), repr(text)


def test_names_split_as_pybtex_splits_them():
    for name in NAMES + _random_names(2000, seed=6) + [slow_name_to_latex(name) for name in NAMES]:
        parsed = person(name)
        expected = (parsed.first_names, parsed.middle_names, parsed.prelast_names, parsed.last_names,
                    parsed.lineage_names)
        assert [list(part) for part in name_parts(name)] == list(expected), repr(name)


def test_bibtex_names_are_written_as_pybtex_writes_them():
    writer = Writer()
    for name in NAMES + _random_names(1000, seed=7):
        expected = writer._format_name(None, person(slow_name_to_latex(name), is_corporate(name)))
        assert bibtex._bibtex_name(name) == expected, repr(name)


def test_names_split_before_latex_encoding_split_as_pybtex_splits_them_encoded():
    accented = ["Jörg-Emil Lindqvist", "Zoë Kravitz", "Bernhard Schölkopf", "José María Aznar-López",
                "Sébastien Bubeck Jr.", "Ava Ørsted", "Anna Ĳsselmeer", "Ada Lovelace-Ünal"]
    capitals = [chr(code) for code in bibtex._TABLE if chr(code).isupper()]
    accented += [f"{capital}na {capital}va {capital}ab" for capital in capitals]
    for name in NAMES + accented + _random_names(2000, seed=9):
        encoded = slow_name_to_latex(name)
        parsed = person(encoded, is_corporate(name))
        expected = (parsed.first_names, parsed.middle_names, parsed.prelast_names, parsed.last_names,
                    parsed.lineage_names)
        assert [list(part) for part in bibtex.latex_name_parts(name)] == list(expected), repr(name)


def test_brace_check_agrees_with_pybtex():
    rng = random.Random(8)
    writer = Writer()
    samples = ["".join(rng.choice("{}a\\") for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    samples += ["{" * 101 + "}" * 101, "{" * 100 + "}" * 100, "{\\x", "}{", "{a}}"]
    for value in samples:
        try:
            writer.check_braces(value)
            expected = None
        except BibTeXError as error:
            expected = str(error)
        try:
            bibtex._quote(value)
            got = None
        except BibTeXError as error:
            got = str(error)
        assert got == expected, repr(value)
        if bibtex._braces_balance(value):
            assert expected is None, repr(value)


def test_bibtex_entries_are_what_pybtex_and_pylatexenc_write():
    for paper in PAPERS:
        assert bibtex.bibtex_entry(paper) == slow_bibtex_entry(paper), paper.id


# ---------------------------------------------------------------------------- YAML, JSON, XML, RIS


def test_list_and_paper_exports_are_what_the_libraries_write():
    writer = citation_formats._NoHeaderRisWriter
    for papers in (PAPERS, PAPERS[:1], []):
        items = [citation_formats.csl_item(paper, URLS.get(paper.id)) for paper in papers]
        assert citation_formats.csl_json(papers, URLS) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
        records = [citation_formats.ris_record(paper, URLS.get(paper.id)) for paper in papers]
        assert citation_formats.ris(papers, URLS) == rispy.dumps(records, implementation=writer)
    assert citation_formats.csl_json(PAPERS[:3]) == json.dumps(
        [citation_formats.csl_item(paper) for paper in PAPERS[:3]], ensure_ascii=False, indent=2) + "\n"


def test_json_ld_is_compact_json_that_cannot_end_its_script():
    data = {"name": "</script><b>&", "list": [1, True, None, {"x": "é"}], "empty": {}, "none": []}
    script = json_ld(data)
    text = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace(
        "<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def test_atom_feed_is_what_element_tree_writes():
    arguments = {"feed_url": "https://x.org/publications.atom", "site_url": "https://x.org/?a=1&b=\"2\"\t",
                     "title": "A & B <publications>", "owner_name": "Owner \"O'Neil\" & <co>"}
    for papers in (PAPERS, PAPERS[:1], []):
        assert atom_feed(papers, URLS, **arguments) == slow_atom_feed(papers, URLS, **arguments)


def test_math_segments_shortcut_is_the_scan():
    for text in ["", "plain", "a\\b", "$x$", "\\$5", "$5 and $10", "x $\\alpha$-div", "$", "$$", "a $b"]:
        assert math_text.segments(text) == math_text._scan(text)


# ---------------------------------------------------------------------------- reading YAML

@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: \"unclosed\n", "a: [1, 2\n", "\ta: 1\n", "a: b: c\n",
                                  "- a\nb: 1\n", "--- 1\n--- 2\n"])
def test_malformed_yaml_is_reported_naming_the_file_and_line(text):
    with pytest.raises(DataError) as error:
        load_marked_yaml(text, "f.yml")
    assert error.value.problems[0].file == "f.yml" and error.value.problems[0].line is not None


def test_the_marking_loader_reads_what_safe_load_reads():
    for text in ((CONTENT_ROOT / "data/publications.yml").read_text(encoding="utf-8"), publications_yaml(50)):
        assert load_marked_yaml(text, "f") == yaml.safe_load(text)


def test_front_matter_reads_back_as_written():
    from mkdocs.utils.meta import get_data

    odd = ["#,[]{}&*!|>'\"%@`?:-~.=<", "é — \u2028 \x85 \ufeff \t \n \x7f \xa0 𝔸 &amp;", "yes", "null", "1.5",
           "2020-01-01", "---", "...", "0x1F", "", " lead and trail ", "a" * 300]
    for value in odd:
        meta = {"title": value, "description": value[::-1], "hide": ["toc"], "count": 3}
        assert get_data("---\n" + front_matter(meta) + "---\nBody")[1] == meta, value


def _paper(**fields) -> Paper:
    values = {"id": "p", "section": "conference", "title": "A Title", "authors": ("Ann Author", "Bob Writer"),
                  "venue": "ICLR 2020", "year": 2020, "summary": "We *study* things; see [here](https://x.org/1)."}
    values.update(fields)
    return Paper(**values)


def _outputs(paper: Paper, url: str = "https://x.org/papers/p/") -> tuple:
    page = render_paper_page(paper, _Publications([paper]), lambda path: "../" + path)
    return (bibtex.bibtex_entry(paper), citation_formats.csl_json([paper], {paper.id: url}),
            citation_formats.ris([paper], {paper.id: url}), page)


class _Publications:
    """Just what ``render_paper_page`` asks of the list."""

    def __init__(self, papers):
        self.owner = Owner("Ann Author")
        self.papers = papers

    def versions_of(self, paper):
        return []


def test_the_same_summary_in_two_papers_renders_the_same_in_each():
    summary = "Shared *summary* with [a link](https://x.org/s)."
    one, two = _paper(id="one", summary=summary), _paper(id="two", title="Other", summary=summary)
    assert inline_markdown.render_inline(summary) == slow_render_block(summary)[3:-4]
    for paper in (one, two):
        item = citation_formats.csl_item(paper)
        assert item["abstract"] == "Shared summary with a link."
        assert f'<p>{slow_render_block(summary)[3:-4]}</p>' in render_paper_page(paper, _Publications([paper]), str)


