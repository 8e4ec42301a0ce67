"""Synthetic publication lists of realistic entries, for benchmarks and scale tests.

Every entry looks like a real one: 3 to 8 authors (some with accents, the owner among them), a venue,
honours on some, a summary paragraph with emphasis and a link, arXiv ids, code and OpenReview links,
BibTeX keys, pages, and versions linking a workshop paper to its conference paper. The same
``count`` and ``seed`` always give the same file.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata

SECTION_WEIGHTS = (("conference", 50), ("journal", 15), ("workshop", 20), ("preprint", 10), ("thesis", 1), ("other", 4))
_FIRST = ["Ada", "Dara T. Q.", "Jörg-Émile", "Zoë", "Bo", "Piotr", "Finn", "Łukasz", "Amélie", "Wei",
          "Ana", "Kai", "Jules", "Ivan", "Xin", "Leila", "Jonas", "Emily", "Sam", "Ingrid"]
_LAST = ["Example", "Quinn", "Lindqvist", "Müller", "Sample", "Kowalski", "Brennan", "Kaiser", "García", "Nguyen",
         "Smith", "Moreau", "Petrov", "Zhou", "Moradi", "Weber", "O'Brien", "Østergaard", "Björk", "Wang"]
_WORDS = ["Energy-Based", "Flows", "Sampling", "Gradients", "Networks", "Bayesian", "Inference", "Discrete",
          "Generative", "Models", "Learning", "Stochastic", "Variational", "Residual", "Dynamics", "Scalable",
          "Continuous", "Invertible", "Classifiers", "Stein", "Discrepancies", "Diffusion", "Priors"]
_VENUES = {"conference": ["ICLR", "ICML", "NeurIPS", "AISTATS", "UAI"], "journal": ["JMLR", "TMLR", "Nature"],
           "workshop": ["ICML Workshop on INNF", "NeurIPS Workshop on Meta-Learning", "AABI"],
           "preprint": ["arXiv preprint"], "thesis": ["PhD thesis, University of Example"],
           "other": ["Technical report"]}
_HONOURS = ["Oral Presentation", "Spotlight", "Outstanding Paper Award"]


def _section(rng: random.Random) -> str:
    names, weights = zip(*SECTION_WEIGHTS)
    return rng.choices(names, weights)[0]


def paper_entry(index: int, rng: random.Random, owner: str) -> dict:
    section = _section(rng)
    year = 2000 + index % 26
    authors = []
    while len(authors) < rng.randint(3, 8):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in authors and name != owner:
            authors.append(name)
    authors.insert(rng.randrange(len(authors) + 1), owner)
    words = rng.sample(_WORDS, rng.randint(4, 8))
    entry = {
        "id": f"paper-{index:05d}",
        "section": section,
        "title": " ".join(words) + f" ({index})",
        "authors": authors,
        "venue": f"{rng.choice(_VENUES[section])} {year}",
        "year": year,
    }
    if rng.random() < 0.3:
        entry["equal_contribution"] = authors[:2]
    if rng.random() < 0.2:
        entry["honours"] = [rng.choice(_HONOURS)]
    entry["summary"] = (
        f"We study *{words[0].lower()}* {words[1].lower()} and show that {words[2].lower()} "
        f"{words[3].lower()} scale to large problems; see [the project page](https://example.org/p/{index}). "
        + " ".join(rng.choice(_WORDS).lower() for _ in range(rng.randint(20, 50))) + "."
    )
    if rng.random() < 0.8:
        entry["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
    links = {}
    if rng.random() < 0.6:
        links["code"] = f"https://github.com/example/project-{index}"
    if section in ("conference", "workshop") and rng.random() < 0.5:
        links["openreview"] = f"https://openreview.net/forum?id=Abc{index:07d}"
    if links:
        entry["links"] = links
    if rng.random() < 0.5:
        family = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", authors[0].split()[-1].lower()))
        entry["bibtex_key"] = f"{family or 'anon'}{year}paper{index}"
    if section in ("conference", "journal") and rng.random() < 0.5:
        first = rng.randint(1, 9000)
        entry["pages"] = f"{first}-{first + rng.randint(8, 20)}"
    if index % 7 == 6:
        entry["versions"] = [f"paper-{index - 1:05d}"]
    entry["selected"] = index % 50 == 0
    return entry


def paper_entries(count: int, seed: int = 7, owner: str = "Ada Example") -> list[dict]:
    """The entries of ``publications_yaml(count, seed, owner)``, for callers that need the ids and
    sections (which section pages a synthetic site needs, which paper to edit)."""
    rng = random.Random(seed)
    return [paper_entry(index, rng, owner) for index in range(count)]


def publications_yaml(count: int, seed: int = 7, owner: str = "Ada Example") -> str:
    """The text of a ``publications.yml`` with ``count`` papers (JSON-style YAML: quick to write)."""
    lines = ["owner:", f"  name: {owner}", "papers:"]
    for entry in paper_entries(count, seed, owner):
        entry = dict(entry)
        lines.append(f"  - id: {entry.pop('id')}")
        for key, value in entry.items():
            lines.append(f"    {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
