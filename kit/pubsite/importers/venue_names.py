"""What a venue's name says: whether a "journal" is a conference, and whether a short name names it.

Exporters and hand-kept bibliographies file conference papers as ``@article`` (Google Scholar
writes NeurIPS papers so, with ``journal={Advances in Neural Information Processing Systems}``),
and al-folio's ``abbr`` is a badge that is sometimes the venue's short name (``ICML``) and sometimes
a label of the owner's (``Optics``, ``SCIE``). Both are decided here from the names alone, and
conservatively: a journal's own words (Journal, Transactions, Letters, ...) keep it a journal, and
a short name names the venue only when the venue's words show it.
"""

from __future__ import annotations

import re
from functools import cache

#: Conferences known by their acronym, as they write it (matched as whole words, case and all).
CONFERENCES = frozenset({
    "AAAI", "AAMAS", "ACCV", "ACL", "AISTATS", "ASE", "ASPLOS", "BMVC", "CAV", "CHI", "CIKM", "COLING", "COLT",
    "CoNLL", "CoRL", "CSCW", "CVPR", "DAC", "EACL", "ECCV", "ECML", "EMNLP", "ESORICS", "EUROGRAPHICS",
    "Eurographics", "FOCS", "FSE", "HPCA", "ICALP", "ICAPS", "ICASSP", "ICCAD", "ICCV", "ICDE", "ICDM", "ICIP",
    "ICLR", "ICML", "ICPR", "ICRA", "ICSE", "ICWSM", "IJCAI", "IJCNN", "INFOCOM", "INTERSPEECH", "Interspeech",
    "IROS", "ISCA", "ISIT", "KDD", "LICS", "MICCAI", "MobiCom", "NAACL", "NDSS", "NeurIPS", "NIPS", "NSDI",
    "OOPSLA", "OSDI", "PLDI", "POPL", "RecSys", "SIGCOMM", "SIGGRAPH", "SIGIR", "SIGMOD", "SODA", "SOSP",
    "STOC", "UAI", "UIST", "USENIX", "VLDB", "WACV", "WSDM", "WWW",
})
#: Journals known by their acronym: with the conferences, short names that always name a venue.
JOURNALS = frozenset({"JMLR", "TMLR", "TACL", "TPAMI", "IJCV", "TIP", "TOG", "TSE", "TOSEM", "PNAS", "JAIR"})
_KNOWN = {name.casefold() for name in CONFERENCES | JOURNALS}

# A journal's own words: a "journal" with one of them is a journal, whatever else it names.
_JOURNAL_WORDS = re.compile(r"\b(?:journal|transactions|letters|review|reviews|magazine|annals|bulletin|forum|"
                            r"quarterly|communications|j|trans|lett|rev|mag|ann|bull|commun)\b(?!-)", re.IGNORECASE)
# Proceedings that are journals: of a society or academy (PNAS, Proc. R. Soc. A), PVLDB, the PACM series
# ("Proceedings of the ACM on ...", DBLP's "Proc. ACM Hum. Comput. Interact.").
_PROCEEDINGS_JOURNAL = re.compile(r"^\s*(?:the\s+)?proc(?:eedings|\.)\s+(?:of\s+)?(?:the\s+)?(?:IEEE\s*$|ACM\s+(?:on\b|[A-Z][a-z]*\.)|"
                                  r"[\w\s.-]*\b(?:society|academy|endowment|endow\.|soc\.|acad\.))", re.IGNORECASE)
_CONFERENCE_WORDS = re.compile(r"\b(?:proceedings|proc\.|conference|conf\.|symposium|workshop|"
                               r"neural information processing systems)", re.IGNORECASE)


def conference_in_journal(journal: str) -> str | None:
    """What in an ``@article``'s journal says it is a conference (a known acronym, or "Proceedings",
    "Conference", "Symposium", "Workshop"), as written; None for a journal."""
    if not journal or _JOURNAL_WORDS.search(journal) or _PROCEEDINGS_JOURNAL.search(journal):
        return None
    for word in re.findall(r"[A-Za-z][A-Za-z0-9&]*", journal):
        if word in CONFERENCES:
            return word
    found = _CONFERENCE_WORDS.search(journal)
    return found.group(0) if found else None


_YEAR = re.compile(r"^(.*?)[\s'’-]*(?:(?:19|20)\d\d|['’]\d\d)$")
# Words a venue's name may have that its short name leaves out.
_LEFT_OUT = frozenset({
    "of", "on", "in", "and", "for", "the", "a", "an", "to", "with", "at", "de", "und", "et", "proceedings", "proc",
    "international", "annual", "conference", "conf", "symposium", "workshop", "workshops", "joint", "meeting",
    "congress", "companion", "advances", "ieee", "acm", "cvf", "usenix", "siam", "th", "st", "nd", "rd",
})
_LONGEST_SHORT_NAME = 24  # letters: longer is no acronym, and is not matched letter by letter
# Words that name a kind of work, which the paper's section says already.
KIND_WORDS = frozenset({"preprint", "journal", "conference", "workshop", "thesis", "book", "chapter", "patent",
                        "poster", "talk", "report", "article", "paper", "manuscript", "dissertation"})


def short_name_of(abbr: str, venues: list[str]) -> bool:
    """Whether ``abbr`` (al-folio's badge) is a short name of the venue named by ``venues`` (its
    booktitle, journal, series): it has a year (``ICML 2023``), is a known acronym, is written in
    the venue's name (``(DAC)``), or its letters are the initials of the venue's words, in order,
    perhaps with more letters of a word (``NeurIPS``: Advances in *Neu*ral *I*nformation *P*rocessing
    *S*ystems), leaving out only small and ceremonial words. A single ordinary word (``Optics``)
    names the venue only when it is the venue's whole name but for those words (``Interspeech``)."""
    with_year = _YEAR.fullmatch(abbr.strip())
    name = (with_year.group(1) if with_year else abbr).strip()
    if not name:
        return False
    if with_year:
        return True
    if not _is_acronym(name):
        return any(_significant(venue) == [name.casefold()] for venue in venues)
    parts = [part for part in re.split(r"[-/\s]+", name) if part]  # MODELS-C, TrustLog-CIKM: each part, or all
    return _part_names(name, venues) or all(_part_names(part, venues) for part in parts)


def _is_acronym(name: str) -> bool:
    """``ICML``, ``SoSyM``, ``arXiv``, ``3DV``, ``MODELS-C``: not an ordinary word such as ``Optics``."""
    return bool(re.search(r"[A-Z].*[A-Z]|\d", name) or (name[:1].islower() and re.search(r"[A-Z]", name)))


def _part_names(part: str, venues: list[str]) -> bool:
    if part.casefold() in _KNOWN:
        return True
    for venue in venues:
        if re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", venue, re.IGNORECASE):
            return True
        letters = [char.casefold() for char in part if char.isalpha()]
        if letters and _initials(letters, re.findall(r"[A-Za-z0-9]+", venue)):
            return True
    return False


def _significant(venue: str) -> list[str]:
    return [word.casefold() for word in re.findall(r"[A-Za-z0-9]+", venue)
            if word.casefold() not in _LEFT_OUT and not any(char.isdigit() for char in word)]


def _initials(letters: list[str], words: list[str]) -> bool:
    """Whether ``letters`` are the initials of ``words``, each word giving its first letter and
    perhaps more of its letters in order; every word not used is one that may be left out."""
    if len(letters) > _LONGEST_SHORT_NAME:
        return False
    folded = [word.casefold() for word in words]

    def may_skip(index: int) -> bool:
        return folded[index] in _LEFT_OUT or any(char.isdigit() for char in folded[index])

    @cache
    def match(letter: int, word: int, after: int) -> bool:
        """Letters from ``letter`` on, with word ``word`` in use up to its character ``after``."""
        if letter == len(letters):
            return all(may_skip(index) for index in range(word + 1, len(words)))
        rest = folded[word].find(letters[letter], after + 1) if word >= 0 else -1
        if rest > 0 and match(letter + 1, word, rest):
            return True
        for following in range(word + 1, len(words)):
            if folded[following][:1] == letters[letter] and match(letter + 1, following, 0):
                return True
            if not may_skip(following):
                return False
        return False

    return match(0, -1, 0)
