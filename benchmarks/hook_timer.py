"""Benchmark-only MkDocs hook: how long the publications hook's own event handlers take in a build.

Validation and generation are measured where they really run, inside a real build, rather than by
a copy of the hook's steps that would drift as the hook changes. With the highest priority this
hook's ``on_config`` runs first and replaces, in MkDocs' event lists, each handler of the timed hook
(``publications_hook.py``) by a wrapper that adds its ``perf_counter`` time to the event's total;
MkDocs still attributes the wrapper to the hook (``_event_origins``), so files it generates are
labelled as before. Everything a handler does counts: reading and validating the YAML
(``on_config``), generating pages and exports (``on_files``), filling placeholders
(``on_page_markdown``), head metadata (``on_page_context``), and the MkDocs helpers it calls.

Within those totals, the time of each output the hook makes is added up too (``OUTPUTS``): the
``pubsite`` functions the hook calls to make it are wrapped in the hook's module, and only the
outermost of nested calls counts. What is left over (MkDocs' files and URLs, change tracking,
placeholders, the wait for the citation files) is ``the rest``. A name that the hook no longer has
stops the benchmark, so the breakdown cannot silently go stale. It is for deciding what an output
is worth; the targets use the totals.

The totals are written as JSON to the file named by ``PUBSITE_BENCH_HOOK_TIMES`` after the build
(the last ``on_post_build``). The wrappers cost two ``perf_counter`` calls per call (about a
microsecond; a few per page).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from time import perf_counter

from mkdocs.plugins import event_priority

OUTPUT_ENV = "PUBSITE_BENCH_HOOK_TIMES"
TIMED_HOOK = "publications_hook.py"   # the module name MkDocs gives a hook is its path in mkdocs.yml

#: What the hook makes, and the names (in the hook's module) of the functions it calls to make it.
OUTPUTS = {
    "data (read and check the YAML)": ("read_publications",),
    "paper pages": ("render_paper_page",),
    "citation files and feed": ("list_exports", "paper_exports"),
    "head metadata": ("social_tags", "feed_link", "scholar_tags", "meta_tags", "scholarly_article",
                      "home_page_graph", "json_ld"),
    "lists": ("_render_list_page", "render_paper_list", "render_pager", "render_downloads"),
}
REST = "the rest"

_seconds: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_output_seconds: dict[str, float] = defaultdict(float)
_output_depth = 0  # output functions being run; one-off builds call them on the main thread only


def _timed(event: str, handler):
    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        start = perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            _seconds[event] += perf_counter() - start
            _calls[event] += 1

    return wrapper


def _priced(output: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        global _output_depth
        if _output_depth:
            return function(*args, **kwargs)
        _output_depth += 1
        start = perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _output_seconds[output] += perf_counter() - start
            _output_depth -= 1

    return wrapper


def _price_outputs(module) -> None:
    for output, names in OUTPUTS.items():
        for name in names:
            function = getattr(module, name, None)
            if not callable(function):
                raise RuntimeError(f"hook_timer.py: {TIMED_HOOK} has no function {name!r} (see OUTPUTS)")
            setattr(module, name, _priced(output, function))


@event_priority(1000)
def on_config(config):
    """Wrap the timed hook's handlers; in place, so the hook's own ``on_config`` (later in the very
    list MkDocs is going through now) is timed too."""
    plugins = config.plugins
    module_name = None
    for event, handlers in plugins.events.items():
        for index, handler in enumerate(handlers):
            if getattr(handler, "__module__", "").endswith(TIMED_HOOK):
                module_name = handler.__module__
                wrapper = _timed(event, handler)
                plugins._event_origins[wrapper] = plugins._event_origins.get(handler, "<unknown>")
                handlers[index] = wrapper
    if module_name is None:
        raise RuntimeError(f"hook_timer.py: no handler of {TIMED_HOOK} to time")
    _price_outputs(sys.modules[module_name])
    return config


@event_priority(-1000)
def on_post_build(config):
    events = dict(_seconds)
    total = sum(events.values())
    outputs = {output: _output_seconds.get(output, 0.0) for output in OUTPUTS}
    outputs[REST] = total - sum(outputs.values())
    result = {"events_s": events, "calls": dict(_calls), "total_s": total, "outputs_s": outputs}
    Path(os.environ[OUTPUT_ENV]).write_text(json.dumps(result), encoding="utf-8")
