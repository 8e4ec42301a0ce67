"""Benchmark-only MkDocs hook: how long the publications hook's own event handlers take in a build.

Validation and generation are measured where they really run, inside a real build, rather than by
a copy of the hook's steps that would drift as the hook changes. With the highest priority this
hook's ``on_config`` runs first and replaces, in MkDocs' event lists, each handler of the timed hook
(``publications_hook.py``) by a wrapper that adds its ``perf_counter`` time to the event's total;
MkDocs still attributes the wrapper to the hook (``_event_origins``), so files it generates are
labelled as before. Everything a handler does counts: reading and validating the YAML
(``on_config``), generating pages and exports (``on_files``), filling placeholders
(``on_page_markdown``), head metadata (``on_page_context``), and the MkDocs helpers it calls.

The totals are written as JSON to the file named by ``PUBSITE_BENCH_HOOK_TIMES`` after the build
(the last ``on_post_build``). The wrappers cost two ``perf_counter`` calls per handler call (about
a microsecond; a few per page).
"""

from __future__ import annotations

import functools
import json
import os
from collections import defaultdict
from pathlib import Path
from time import perf_counter

from mkdocs.plugins import event_priority

OUTPUT_ENV = "PUBSITE_BENCH_HOOK_TIMES"
TIMED_HOOK = "publications_hook.py"   # the module name MkDocs gives a hook is its path in mkdocs.yml

_seconds: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)


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


@event_priority(1000)
def on_config(config):
    """Wrap the timed hook's handlers; in place, so the hook's own ``on_config`` (later in the very
    list MkDocs is going through now) is timed too."""
    plugins = config.plugins
    wrapped = 0
    for event, handlers in plugins.events.items():
        for index, handler in enumerate(handlers):
            if getattr(handler, "__module__", "").endswith(TIMED_HOOK):
                wrapper = _timed(event, handler)
                plugins._event_origins[wrapper] = plugins._event_origins.get(handler, "<unknown>")
                handlers[index] = wrapper
                wrapped += 1
    if not wrapped:
        raise RuntimeError(f"hook_timer.py: no handler of {TIMED_HOOK} to time")
    return config


@event_priority(-1000)
def on_post_build(config):
    events = dict(_seconds)
    result = {"events_s": events, "calls": dict(_calls), "total_s": sum(events.values())}
    Path(os.environ[OUTPUT_ENV]).write_text(json.dumps(result), encoding="utf-8")
