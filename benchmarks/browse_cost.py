"""What the browsing pages cost as the list grows: co-authors, topics and the files for machines.

For each size, the synthetic list of ``run.py`` (with topics added: three of six to each paper; and
one more co-author per paper, a person of their own every seven papers, so that the number of
people grows with the list, as a real one's does) is read and checked, then timed, in this process
and with no MkDocs: matching the co-authors, writing every page of every co-author and topic (split
into pages of 100, as the build does, each entry with its BibTeX toggle) and their indexes,
``llms.txt`` and every paper's Markdown version. Per paper, the figures should stay flat from 1,000
to 5,000 papers (the pages are linear in the list); the whole build's share is in ``run.py``'s
tables.

    .venv/bin/python benchmarks/browse_cost.py [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml
from project import PROJECT_ROOT
from synthetic import publications_yaml

sys.path.insert(0, str(PROJECT_ROOT / "kit"))   # the kit's source

from pubsite.citations.bibtex import bibtex_entry  # noqa: E402
from pubsite.render.browse_pages import (  # noqa: E402
    render_coauthor_index,
    render_coauthor_page,
    render_topic_index,
    render_topic_page,
    topics_of,
)
from pubsite.render.coauthors import CoauthorIndex  # noqa: E402
from pubsite.data.model import newest_first  # noqa: E402
from pubsite.data.name_matching import family_and_given, fold  # noqa: E402
from pubsite.plan.pagination import split_list  # noqa: E402
from pubsite.render.rendering import coauthor_page_path, topic_page_path  # noqa: E402
from pubsite.render.llms_txt import llms_txt, paper_markdown  # noqa: E402
from pubsite.data.validation import read_publications  # noqa: E402

TOPICS = ("Sampling", "Flows", "Energy-based models", "Inference", "Diffusion", "Theory")
PAGE_SIZE = 100  # the build's default (extra: publications_per_page)


GIVEN = ("Aino", "Bilal", "Carmen", "Dmitri", "Eszter", "Farid", "Grete", "Hiro", "Ines", "Jonas")
FAMILY = ("Aalto", "Bakr", "Castro", "Dvořák", "Eriksen", "Farah", "Grün", "Hayashi", "Iversen", "Jovanović")


def with_topics(count: int, folder: Path) -> Path:
    data = yaml.safe_load(publications_yaml(count))
    for index, paper in enumerate(data["papers"]):
        paper["topics"] = [TOPICS[(index + step) % len(TOPICS)] for step in (0, 2, 3)]
        person = index // 7  # a new person every seven papers: 10 x 10 names x 26 middle initials
        paper["authors"].append(f"{GIVEN[person % 10]} {chr(65 + person // 100 % 26)}. "
                                f"{FAMILY[person // 10 % 10]}")
    path = folder / f"publications-{count}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def measure(count: int, folder: Path) -> dict:
    fold.cache_clear()  # each size starts as a build does, with no name folded yet
    family_and_given.cache_clear()
    publications = read_publications(with_topics(count, folder), "data/publications.yml")
    link_to = lambda path: "../" + path  # noqa: E731  (what the pages link to does not change the cost)
    times = {}
    start = time.perf_counter()
    index = CoauthorIndex(publications)
    times["match co-authors"] = time.perf_counter() - start
    bibtex = {paper.id: bibtex_entry(paper) for paper in publications.papers}  # made for the paper pages anyway
    bibtex_of = lambda paper: bibtex[paper.id]  # noqa: E731
    start = time.perf_counter()
    pages = []
    for person in index.people.values():
        split = tuple(split_list(coauthor_page_path(person.key), newest_first(person.papers), PAGE_SIZE))
        pages += [render_coauthor_page(person, split, page.number, publications, link_to, (), bibtex_of, True)
                  for page in split]
    pages.append(render_coauthor_index(index.by_name(), publications, link_to))
    times["co-author pages"] = time.perf_counter() - start
    start = time.perf_counter()
    topics = topics_of(publications)
    for key, (name, papers) in topics.items():
        split = tuple(split_list(topic_page_path(key), newest_first(papers), PAGE_SIZE))
        pages += [render_topic_page(name, papers, split, page.number, publications, link_to, bibtex_of, True)
                  for page in split]
    pages.append(render_topic_index(topics, publications, link_to))
    times["topic pages"] = time.perf_counter() - start
    start = time.perf_counter()
    texts = [paper_markdown(paper, f"https://example.org/papers/{paper.id}/", bibtex[paper.id])
             for paper in publications.papers]
    texts.append(llms_txt(publications, "Site", "A site.", lambda path: "https://example.org/" + path, []))
    times["llms.txt and Markdown versions"] = time.perf_counter() - start
    return {"papers": count, "people": len(index.people), "pages": len(pages), "times": times}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pubsite-browse-") as folder:
        rows = [measure(int(size), Path(folder)) for size in args.sizes.split(",")]
    names = list(rows[0]["times"])
    print("| papers | co-authors | pages | " + " | ".join(f"{name} (ms/paper)" for name in names) + " |")
    print("|---:|---:|---:|" + "---:|" * len(names))
    for row in rows:
        figures = " | ".join(f"{row['times'][name] / row['papers'] * 1000:.3f}" for name in names)
        print(f"| {row['papers']} | {row['people']} | {row['pages']} | {figures} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
