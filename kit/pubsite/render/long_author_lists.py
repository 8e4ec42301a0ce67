"""How lists show a paper with a collaboration's author list: by its first ``LISTED_AUTHORS`` authors.

A list entry is small but for its authors, and a paper is listed on the page of every co-author.
Were each entry to carry every name, one paper of 5,000 authors would put 5,000 names on each of
5,000 pages: 25 million names, gigabytes of site. So wherever a list shows a paper (the owner's
lists, topic and co-author pages, other versions) and in ``llms.txt``, a paper with more than
``LISTED_AUTHORS`` authors stands for its first ``LISTED_AUTHORS``:

* its author line names at most ten anyway, the owner always (``rendering.render_authors_short``);
* the co-author filter finds it by the co-authors among them, and on a co-author's page by that
  person too; a form listing such a paper says so (``filter_form``);
* its BibTeX toggle names them and ends ``and others`` (``list_bibtex``), with a link to the full
  entry, its ``cite.bib``;
* ``llms.txt`` names them and says how many more.

The paper's own page, its Markdown version and its citation files (``cite.bib``, ``.ris``,
``.json``, and the whole list's) keep every author: one copy each. Fifty is more than an ordinary
paper has, even a large lab's (nothing changes for those), and far fewer than a collaboration's
hundreds or thousands.
"""

from __future__ import annotations

from dataclasses import replace

from pubsite.citations.bibtex import bibtex_entry
from pubsite.data.model import Paper

#: A paper with more authors stands in lists for its first this many.
LISTED_AUTHORS = 50


def is_long(paper: Paper) -> bool:
    return len(paper.authors) > LISTED_AUTHORS


def listed_authors(paper: Paper) -> tuple[str, ...]:
    """The authors a list entry knows of: every one, or a long list's first ``LISTED_AUTHORS``."""
    return paper.authors[:LISTED_AUTHORS]


_list_entries: dict[tuple[str, str], str] = {}


def list_bibtex(paper: Paper, bibtex: str) -> str:
    """The BibTeX a list shows for ``paper`` (its full entry is ``bibtex``): the same entry, but for
    a long author list the first ``LISTED_AUTHORS`` and ``and others``, BibTeX's own word for the
    authors left out, which styles print as "et al.", and the way INSPIRE-HEP writes the entries of
    large collaborations. A reader copies it to cite the paper; the full entry is one click away,
    in ``cite.bib``. Made once per paper and entry, not on each of its co-authors' pages."""
    if not is_long(paper):
        return bibtex
    key = (paper.id, bibtex)  # the entry's text stands for all of the paper it shows
    if key not in _list_entries:
        if len(_list_entries) >= 4096:  # more than any list has long papers: a serve session's old edits
            _list_entries.clear()
        _list_entries[key] = bibtex_entry(replace(paper, authors=(*listed_authors(paper), "others")))
    return _list_entries[key]
