"""How long importing the publications hook takes, as ``mkdocs build`` imports it (run in a fresh
interpreter, from the project's folder). MkDocs and its dependencies are imported first, untimed:
a build has them loaded before it loads hooks. Prints the seconds."""

from __future__ import annotations

import importlib.util
import sys
from time import perf_counter

import material  # noqa: F401  (the theme, loaded by the build before the hooks)
import mkdocs.commands.build
import mkdocs.config.defaults  # noqa: F401

HOOK = "hooks/publications_hook.py"


def main() -> None:
    sys.path.insert(0, "hooks")   # what MkDocs does while it loads a hook
    start = perf_counter()
    spec = importlib.util.spec_from_file_location(HOOK, HOOK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[HOOK] = module
    spec.loader.exec_module(module)
    print(perf_counter() - start)


if __name__ == "__main__":
    main()
