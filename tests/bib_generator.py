"""Synthetic bibliographies with the quirks real .bib files have, for import tests at scale."""

from __future__ import annotations

import random

_FIRST = ["Jörg-Emil", "Łukasz", "Zoë", "François", "Ana", "Wei", "Kai", "Amélie", "José", "Ingrid"]
_LAST = ["Lindqvist", "Kaiser", "O'Brien", "Müller", "Nguyen", "Smith", "García", "Østergaard", "Chen", "Björk"]
_LATEX_LAST = {"Müller": 'M{\\"u}ller', "García": "Garc{\\'i}a", "Østergaard": "{\\O}stergaard", "Björk": 'Bj{\\"o}rk'}
_LATEX_FIRST = {"Jörg-Emil": 'J{\\"o}rg-Emil', "Łukasz": "{\\L}ukasz", "Zoë": 'Zo{\\"e}',
                "François": "Fran{\\c{c}}ois", "Amélie": "Am{\\'e}lie", "José": "Jos{\\'e}"}
_WORDS = ["Energy", "Flows", "Sampling", "Gradients", "Networks", "Bayesian", "Inference", "Discrete",
          "Generative", "Models", "Learning", "Stochastic", "Variational", "Residual", "Dynamics"]
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# Booktitles of @inproceedings: a workshop word makes a workshop paper, a near miss does not.
WORKSHOP_BOOKTITLES = ["ICML 2021 Workshop on Invertible Neural Networks",
                       "{NeurIPS} 2020 {W}orkshop: Deep Learning through Information Geometry"]
NOT_WORKSHOP_BOOKTITLES = ["Joint Workshops on Statistical Learning"]
# Abstracts as written in the .bib file, and as a reader must see them on the site.
ABSTRACTS = [
    ("We show *emphasis*, __strong__, [a](http://x.org) and `code` stay text.",
     "We show *emphasis*, __strong__, [a](http://x.org) and `code` stay text."),
    ("# 1. Results: 50\\% of G{\\\"o}del's \"cases\" -- with $x_i$ and x\\_1 ... <b>bold</b> \\& more",
     "# 1. Results: 50% of Gödel's \"cases\" – with $x_i$ and x_1 ... <b>bold</b> & more"),
    ("- A list?\n   No: one   paragraph\\\\ with \\$5, back\\textbackslash{}slash and *stars*.",
     "- A list? No: one paragraph with $5, back\\slash and *stars*."),
]
CORPORATE_AUTHORS = ["{Google DeepMind}", "{The {LIGO} Scientific Collaboration}"]


def generate_bibtex(count: int, seed: int = 1) -> str:
    """``count`` entries: every name form, accents, @string, crossref, month macros, math, arXiv,
    workshop booktitles, abstracts full of Markdown, corporate authors, literal dollar signs."""
    rng = random.Random(seed)
    parts = ['@string{icml = "International Conference on Machine Learning"}\n',
             '@proceedings{proc-neurips, title = {Advances in Neural Information Processing Systems}, year = 2020}\n']
    for index in range(count):
        names = []
        pairs = rng.sample([(first, last) for first in _FIRST for last in _LAST], rng.randint(1, 5))
        for author, (first, last) in enumerate(pairs):
            first, last = _LATEX_FIRST.get(first, first), _LATEX_LAST.get(last, last)
            form = (index + author) % 4
            names.append([f"{last}, {first}", f"{first} {last}", f"{first} van {last}", f"{last}, Jr., {first}"][form])
        if index % 11 == 0:
            names.insert(index % 2, CORPORATE_AUTHORS[index // 11 % 2])
        if index % 50 == 0:
            names.append("others")
        words = rng.sample(_WORDS, 4)
        title = f"{{{words[0]}}} {' '.join(words[1:])} number {index}"
        if index % 7 == 0:
            title += " with $\\alpha$-divergences"
        if index % 13 == 0:
            title += " for \\$5 or \\$10"
        key = f"gen{index:05d}"
        kind = index % 5
        year = 2000 + index % 25
        month = f"month = {_MONTHS[index % 12]},"
        abstract = f"abstract = {{{ABSTRACTS[index % 9][0]}}}," if index % 9 < len(ABSTRACTS) else ""
        if kind == 0:
            booktitle = "icml"
            if index % 3 == 1:
                booktitle = f"{{{WORKSHOP_BOOKTITLES[index % 2]}}}"
            elif index % 15 == 5:
                booktitle = f"{{{NOT_WORKSHOP_BOOKTITLES[0]}}}"
            parts.append(f"@inproceedings{{{key}, author = {{{' and '.join(names)}}}, title = {{{title}}}, "
                         f"booktitle = {booktitle}, year = {year}, {month} pages = {{1--10}}, {abstract}}}\n")
        elif kind == 1:
            parts.append(f"@inproceedings{{{key}, author = {{{' and '.join(names)}}}, title = {{{title}}}, "
                         f"crossref = {{proc-neurips}}}}\n")
        elif kind == 2:
            parts.append(f"@article{{{key}, author = {{{' and '.join(names)}}}, title = {{{title}}}, "
                         f"journal = {{Journal of Synthetic Results}}, year = {year}, volume = {index % 30 + 1}, "
                         f"doi = {{10.5555/synthetic.{index}}}, {abstract}}}\n")
        elif kind == 3:
            parts.append(f"@misc{{{key}, author = {{{' and '.join(names)}}}, title = {{{title}}}, year = {year}, "
                         f"eprint = {{{8 + index % 17:02d}{index % 12 + 1:02d}.{index:05d}}}, archivePrefix = {{arXiv}},"
                         f" {abstract}}}\n")
        else:
            parts.append(f"@phdthesis{{{key}, author = {{{names[0]}}}, title = {{{title}}}, "
                         f"school = {{Universit{{\\'e}} de Montr{{\\'e}}al}}, year = {year}}}\n")
    return "\n".join(parts)
