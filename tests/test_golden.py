"""Golden files: small publication lists and pages in, the plan and every generated file out.

Each folder in ``tests/golden/`` is a case: ``publications.yml``, ``case.yml`` (the settings
``mkdocs.yml`` would hold), ``docs/`` (the owner's pages) and, if the case has a CV, ``cv.yml``
(each PDF's golden file is the JSON document Typst typesets, ``<file>.json``). The data is read and checked, planned
and rendered with plain Python (no MkDocs), and the result must equal ``expected/``: ``plan.txt``
says which pages, lists and back links the planner chose, and every other file is a generated page
or citation file, as MkDocs would receive it.

After an intended change of output, regenerate and review the diff::

    PUBSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
from pathlib import Path

import pytest
import yaml

from pubsite.cv.cv_pdf import CvOwner, cv_document
from pubsite.cv.cv_validation import read_cv
from pubsite.render.head_metadata import SiteInfo
from pubsite.render.obfuscated_email import render_email
from pubsite.plan.outputs import site_outputs
from pubsite.plan.plan import SitePlan, extension_pages, placeholder_pages, plan_site
from pubsite.data.validation import read_publications

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())
UPDATE = os.environ.get("PUBSITE_UPDATE_GOLDEN") == "1"


def url_of(path: str) -> str:
    """The page's URL with ``use_directory_urls``, as MkDocs makes it: ``a/b.md`` -> ``a/b/``."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
        return f"{stem}/" if stem else ""
    return f"{stem}/"


def relative(url: str, from_url: str) -> str:
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    result = posixpath.relpath("/" + url, "/" + base)
    return result + "/" if url.endswith("/") and result != "." else ("./" if result == "." else result)


def split_front_matter(text: str) -> tuple[str, dict]:
    if text.startswith("---\n"):
        meta, _, body = text[4:].partition("\n---\n")
        return body, yaml.safe_load(meta) or {}
    return text, {}


def plan_text(plan: SitePlan) -> str:
    lines = ["paper pages:"]
    lines += [f"  {paper_id}: {path}" for paper_id, path in plan.paper_pages.items()]
    lines.append("lists:")
    for owner_page, lists in plan.lists.items():
        for paper_list in lists:
            lines.append(f"  {owner_page} <!-- publications: {', '.join(paper_list.marker.sections)} -->")
            lines += [f"    page {page.number}/{page.count} {page.docs_path}: {' '.join(p.id for p in page.papers)}"
                      for page in paper_list.pages]
    lines.append("back links:")
    lines += [f"  {paper_id} -> {link.docs_path} ({link.label})" for paper_id, link in plan.back_links.items()]
    lines.append(f"unlisted sections: {', '.join(plan.unlisted_sections) or 'none'}")
    for kind, browse in (("co-author", plan.coauthor_pages), ("topic", plan.topic_pages)):
        lines.append(f"{kind} pages:")
        lines += [f"  {key}: " + ", ".join(f"{page.docs_path} ({' '.join(p.id for p in page.papers)})"
                                           for page in pages) for key, pages in browse.items()]
    return "\n".join(lines) + "\n"


def generate(case: Path) -> dict[str, str]:
    settings = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    docs = case / "docs"
    publications = read_publications(case / "publications.yml", "data/publications.yml", docs)
    texts = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(docs.rglob("*.md"))}
    extensions = extension_pages(texts, publications.by_id)
    owner_texts = {path: text for path, text in texts.items() if path not in extensions}
    placeholders = placeholder_pages(owner_texts)
    owner_paths = {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()} - set(extensions)
    cv = read_cv(case / "cv.yml", publications, docs)  # None: the case has no CV
    plan = plan_site(publications, placeholders, settings["publications_per_page"], owner_paths,
                     newest_first=settings.get("publications_order", "newest_first") == "newest_first",
                     year_headings=settings.get("publications_year_headings", False),
                     cv_pdfs=tuple(pdf.file for pdf in cv.pdfs) if cv else ())
    site = SiteInfo(url=settings["site_url"], name=settings["site_name"], owner_name=publications.owner.name)
    cv_owner = CvOwner(publications.owner.name, tuple(settings.get("affiliation", ())), settings.get("email"),
                       settings["site_url"])
    known = owner_paths | set(plan.generated_paths())

    def linker(from_path: str, source: str):
        def link_to(target: str) -> str:
            assert target in known, f"{source}: links to {target}, which is not in the site"
            return relative(url_of(target), url_of(from_path))
        return link_to

    outputs = site_outputs(
        plan, publications, site, owner_pages={path: owner_texts[path] for path in placeholders},
        extensions={paper_id: split_front_matter(texts[path]) for path, paper_id in extensions.items()},
        email_html=render_email(settings["email"]) if settings.get("email") else None,
        linker=linker, absolute_url=lambda path: site.absolute(url_of(path)), cv=cv, cv_owner=cv_owner,
    )
    result = {"plan.txt": plan_text(plan)}
    for output in outputs:
        assert output.path not in result, f"{output.path} generated twice"
        made = output.make()
        if isinstance(made, bytes):  # a CV's PDF: its golden file is the document Typst typeset
            assert made.startswith(b"%PDF-"), output.path
            variant = next(pdf for pdf in cv.pdfs if pdf.file == output.path)
            document = cv_document(cv, variant, publications, cv_owner,
                                   lambda paper: site.absolute(url_of(plan.paper_pages[paper.id])),
                                   lambda path: site.absolute(url_of(path)))
            result[f"{output.path}.json"] = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        else:
            result[output.path] = made
    return result


def files_in(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("name", CASES)
def test_generated_files_equal_the_golden_files(name: str):
    case = GOLDEN / name
    generated = generate(case)
    expected_dir = case / "expected"
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, text in generated.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text, encoding="utf-8")
    expected = files_in(expected_dir)
    assert sorted(generated) == sorted(expected), "generated and golden files differ in names"
    for path in expected:
        assert generated[path] == expected[path], f"{name}/expected/{path} differs"


def test_generating_twice_gives_the_same_files():
    for name in CASES:
        assert generate(GOLDEN / name) == generate(GOLDEN / name)
