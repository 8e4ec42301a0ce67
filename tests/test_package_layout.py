"""The kit's package shows its pipeline in its folders, and only its adapter knows MkDocs.

A reader opening ``kit/pubsite/`` sees the stages a build runs through (data -> plan -> render ->
citations), the tools beside them (importers, CV, commands, the site tests' helpers) and one adapter;
the rest of the package is plain Python that a test (or another engine) can drive without MkDocs.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pubsite

PACKAGE = Path(pubsite.__file__).parent
STAGES = {"data", "plan", "render", "citations", "importers", "cv", "commands", "mkdocs_adapter", "testing"}
ADAPTER = "mkdocs_adapter"
ENGINE_PACKAGES = {"mkdocs", "material", "properdocs"}


def _subpackages() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/__init__.py")}


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_package_is_arranged_by_stage():
    assert _subpackages() == STAGES
    loose = [path.name for path in PACKAGE.glob("*.py") if path.name not in {"__init__.py", "__main__.py"}]
    assert loose == [], f"modules outside the stage folders: {loose}"


def test_only_the_adapter_imports_the_engine():
    offenders = [str(path.relative_to(PACKAGE)) for path in _modules()
                 if path.relative_to(PACKAGE).parts[0] != ADAPTER and _imported_top_levels(path) & ENGINE_PACKAGES]
    assert offenders == []
    adapter_imports = set().union(*(_imported_top_levels(path) for path in (PACKAGE / ADAPTER).rglob("*.py")))
    assert "mkdocs" in adapter_imports  # the rule above is about a real adapter, not an empty folder


def test_the_pipeline_runs_without_mkdocs(tmp_path):
    """Every module outside the adapter imports in an interpreter where MkDocs cannot be imported."""
    import subprocess

    modules = [".".join(("pubsite", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
               for path in _modules() if path.relative_to(PACKAGE).parts[0] != ADAPTER]
    blocker = tmp_path / "sitecustomize_block"
    blocker.mkdir()
    for name in ENGINE_PACKAGES:  # a package of that name that refuses to be imported
        (blocker / name).mkdir()
        (blocker / name / "__init__.py").write_text("raise ImportError('no engine here')\n")
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True,
                            env={"PYTHONPATH": str(blocker), "PATH": ""}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
