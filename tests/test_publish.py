"""The publishing path the README recommends: ``mkdocs gh-deploy --force``, against a local remote.

Each test makes the project copy a git repository whose ``origin`` is a bare repository in the
test's temporary folder, deploys with ``mkdocs gh-deploy --force --strict`` (the command the GitHub
Actions workflow runs), then reads what landed on the bare repository's ``gh-pages`` branch.
Nothing leaves the machine: the remote is a local path.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import page, run_mkdocs

GIT_TIMEOUT = 60
DEPLOY_TIMEOUT = 120

# Variables that would point git (ours and the one mkdocs/ghp-import start) at another repository,
# e.g. when pytest runs inside a git hook.
GIT_REDIRECTS = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_COMMON_DIR",
)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    """Git ignores the machine's global and system config, so results do not depend on them.

    ``run_mkdocs`` copies ``os.environ`` at call time, so this reaches mkdocs' git calls too.
    """
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    for name in GIT_REDIRECTS:
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", *arguments], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT,
    )
    assert result.returncode == 0, (
        f"git {' '.join(arguments)} failed in {cwd}:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def make_repository(project: Path, remote: Path) -> str:
    """Commit the project on branch ``main``, with ``remote`` (a new bare repo) as ``origin``.

    Returns the commit's short hash. ``main`` is pushed too, as on GitHub.
    """
    git(remote.parent, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "config", "user.name", "Test Deployer")
    git(project, "config", "user.email", "deployer@example.invalid")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", "Site sources")
    git(project, "remote", "add", "origin", str(remote))
    git(project, "push", "--quiet", "origin", "main")
    return git(project, "rev-parse", "--short", "HEAD").strip()


def deploy(project: Path) -> subprocess.CompletedProcess:
    result = run_mkdocs(project, "gh-deploy", "--force", "--strict", timeout=DEPLOY_TIMEOUT)
    assert result.returncode == 0, f"gh-deploy failed:\n{result.stdout}\n{result.stderr}"
    return result


def deployed_files(remote: Path) -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())


def top_level(files: set[str]) -> list[str]:
    return sorted({name.split("/", 1)[0] for name in files})


def deployed_text(remote: Path, path: str) -> str:
    return git(remote, "show", f"gh-pages:{path}")


def summary(soup: BeautifulSoup) -> dict[str, str]:
    """What identifies a page: title, first heading, and the article's text."""
    article = soup.find("article")
    h1 = soup.find("h1")
    return {
        "title": soup.title.get_text(strip=True) if soup.title else "",
        "h1": h1.get_text(" ", strip=True) if h1 else "",
        "article": article.get_text(" ", strip=True) if article else "",
    }


def test_gh_deploy_publishes_the_built_site(project, tmp_path):
    remote = tmp_path / "origin.git"
    source_commit = make_repository(project, remote)
    assert not (project / "docs" / "CNAME").exists()

    deploy(project)

    files = deployed_files(remote)
    for expected in ("index.html", "papers/waves/index.html", "sitemap.xml", "robots.txt",
                     ".nojekyll", "404.html"):
        assert expected in files, f"{expected} not on gh-pages; top level: {top_level(files)}"
    assert "CNAME" not in files, "gh-pages has a CNAME although docs/CNAME does not exist"
    # Only the built site is published, never the sources.
    assert not {"mkdocs.yml", "docs/index.md"} & files
    assert not any(name.startswith(("hooks/", "data/", "overrides/")) for name in files)

    # The deployment commit names the source commit; main on the remote is untouched.
    message = git(remote, "log", "-1", "--format=%s", "gh-pages").strip()
    assert source_commit in message and ("MkDocs" in message or "ProperDocs" in message), message
    assert git(remote, "rev-parse", "--short", "main").strip() == source_commit

    # The published home page and paper page are the pages a normal build produces.
    reference = project.parent / "reference"
    result = run_mkdocs(project, "build", "--strict", "--site-dir", str(reference))
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    for path in ("index.html", "papers/waves/index.html"):
        deployed = summary(BeautifulSoup(deployed_text(remote, path), "html.parser"))
        built = summary(page(reference, path))
        assert built["title"] and built["h1"] and built["article"], f"{path}: empty reference page"
        assert deployed == built, f"{path} on gh-pages differs from a normal build"

    # The sitemap lists the site's real address (site_url), not the local build folder.
    sitemap = deployed_text(remote, "sitemap.xml")
    assert "https://ada.example.org/papers/waves/" in sitemap


def test_gh_deploy_publishes_cname_from_docs(project, tmp_path):
    remote = tmp_path / "origin.git"
    (project / "docs" / "CNAME").write_text("www.example.org\n", encoding="utf-8")
    make_repository(project, remote)

    result = deploy(project)

    files = deployed_files(remote)
    assert {"CNAME", ".nojekyll", "index.html"} <= files, top_level(files)
    assert deployed_text(remote, "CNAME").strip() == "www.example.org"
    assert "http://www.example.org" in result.stdout + result.stderr


def test_second_deploy_replaces_the_published_site(project, tmp_path):
    """A redeploy publishes the new content and drops a CNAME that was removed from docs/."""
    remote = tmp_path / "origin.git"
    (project / "docs" / "CNAME").write_text("www.example.org\n", encoding="utf-8")
    make_repository(project, remote)
    deploy(project)
    assert "CNAME" in deployed_files(remote)

    (project / "docs" / "CNAME").unlink()
    git(project, "commit", "--quiet", "--all", "-m", "Drop the custom domain")
    deploy(project)

    assert "CNAME" not in deployed_files(remote)
    assert ".nojekyll" in deployed_files(remote)
    # The new deployment is built on the previous one (history kept), not an orphan.
    assert int(git(remote, "rev-list", "--count", "gh-pages").strip()) == 2
