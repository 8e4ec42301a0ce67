"""The benchmark's hook timer (benchmarks/hook_timer.py) times the real hook in a real build, and
its breakdown by output names functions the hook still has: a renamed one fails here, not in a full
benchmark run (about half an hour)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from collections import defaultdict

import pytest
from conftest import PROJECT_ROOT, mkdocs_env

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import hook_timer  # noqa: E402


def test_a_build_with_the_timer_reports_every_output_and_the_rest(project):
    shutil.copy2(PROJECT_ROOT / "benchmarks" / "hook_timer.py", project / "hooks" / "hook_timer.py")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    hooks_line = "  - hooks/publications_hook.py\n"
    assert hooks_line in config
    (project / "mkdocs.timed.yml").write_text(
        config.replace(hooks_line, hooks_line + "  - hooks/hook_timer.py\n"), encoding="utf-8")
    times = project / "times.json"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.timed.yml", "--site-dir",
         str(project / "site")],
        cwd=project, env={**mkdocs_env(), hook_timer.OUTPUT_ENV: str(times)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "papers" / "ffjord" / "index.html").is_file()
    report = json.loads(times.read_text(encoding="utf-8"))
    for event in ("config", "files", "page_markdown", "page_context", "post_build"):
        assert report["calls"][event] >= 1, event
    outputs = report["outputs_s"]
    assert list(outputs) == [*hook_timer.OUTPUTS, hook_timer.REST]
    for output in hook_timer.OUTPUTS:
        assert outputs[output] > 0, f"{output}: not timed (is the function still called by that name?)"
    assert outputs[hook_timer.REST] >= 0
    assert sum(outputs.values()) == pytest.approx(report["total_s"])
    assert sum(outputs.values()) - outputs[hook_timer.REST] < report["total_s"]


def test_a_name_the_hook_no_longer_has_stops_the_timer(monkeypatch):
    hook = types.ModuleType("publications_hook.py")
    names = [name for names in hook_timer.OUTPUTS.values() for name in names]
    for name in names[1:]:
        setattr(hook, name, lambda: None)
    with pytest.raises(RuntimeError, match=repr(names[0])):
        hook_timer._price_outputs(hook)


def test_only_the_outermost_of_nested_output_calls_counts(monkeypatch):
    monkeypatch.setattr(hook_timer, "_output_seconds", defaultdict(float))
    monkeypatch.setattr(hook_timer, "OUTPUTS", {"outer": ("outer",), "inner": ("inner",)})
    hook = types.ModuleType("publications_hook.py")
    hook.inner = lambda: os.getpid()
    hook.outer = lambda: hook.inner()
    hook_timer._price_outputs(hook)
    hook.outer()
    assert hook_timer._output_seconds["outer"] > 0
    assert hook_timer._output_seconds["inner"] == 0
    hook.inner()
    assert hook_timer._output_seconds["inner"] > 0
