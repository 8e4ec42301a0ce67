"""What the generator's two speed-only pieces are worth, for summaries like the synthetic ones.

    .venv/bin/python benchmarks/kept_for_speed.py [--count 1000] [--json]

The generator keeps ``pubsite/simple_markdown.py`` (a fast path that writes the plainest summaries
exactly as Python-Markdown with SmartyPants would) and an ``lru_cache`` on
``pubsite.render.inline_markdown._rendered`` (a summary is needed in several forms per build). Unlike the
rest of the benchmark, this script imports the generator: it times its functions, not the site.
On ``count`` synthetic summaries (``synthetic.py``, seed 7; all different), best of 5 rounds:

* ``markdown``: Python-Markdown + smarty as ``inline_markdown`` configures it (its own renderer,
  reset between texts, the text HTML-escaped first): what every summary would cost without the
  fast path;
* ``simple``: ``simple_markdown.render``, and how many summaries it accepts (the rest fall back to
  Python-Markdown) and whether its HTML equals Python-Markdown's for them;
* ``_rendered`` with an empty cache (fast path or fallback, plus the text and link extraction) and
  with a warm one: what each repeated use of a summary in a build costs with the cache.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS_DIR.parent / "kit"))   # the kit's source, ahead of any installed pubsite

from pubsite import inline_markdown  # noqa: E402
from synthetic import paper_entries  # noqa: E402

try:
    from pubsite import simple_markdown  # noqa: E402
except ImportError:   # the fast path was removed: only the cache is measured
    simple_markdown = None

ROUNDS = 5


def best_of(function, texts: list[str], before_each_round=lambda: None) -> float:
    """The fastest of ``ROUNDS`` passes of ``function`` over ``texts``, in seconds."""
    best = float("inf")
    for _ in range(ROUNDS):
        before_each_round()
        start = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - start)
    return best


def with_markdown(text: str) -> str:
    renderer = inline_markdown._renderer()
    renderer.reset()
    return renderer.convert(html.escape(text, quote=False))


def measure(count: int) -> dict:
    summaries = [entry["summary"] for entry in paper_entries(count, 7)]
    rendered = inline_markdown._rendered
    figures = {"count": count, "markdown_s": best_of(with_markdown, summaries)}
    if simple_markdown is not None:
        accepted = [text for text in summaries if simple_markdown.render(text) is not None]
        figures["simple_s"] = best_of(simple_markdown.render, summaries)
        figures["simple_accepts"] = len(accepted)
        figures["simple_differs"] = sum(f"<p>{simple_markdown.render(text).html}</p>" != with_markdown(text)
                                        for text in accepted)
    figures["rendered_cold_s"] = best_of(rendered, summaries, rendered.cache_clear)
    best_of(rendered, summaries)   # fills the cache
    figures["rendered_warm_s"] = best_of(rendered, summaries)
    figures["lines"] = lines(figures)
    return figures


def lines(figures: dict) -> list[str]:
    count = figures["count"]
    per = lambda key: f"{1000 * figures[key]:.1f} ms ({1e6 * figures[key] / count:.1f} µs each)"
    result = [f"{count} synthetic summaries: Python-Markdown + smarty {per('markdown_s')}"]
    if "simple_s" in figures:
        result.append(f"simple_markdown.render {per('simple_s')}, accepts {figures['simple_accepts']} of {count} "
                      f"({figures['simple_differs']} differ from Python-Markdown)")
    else:
        result.append("pubsite.render.simple_markdown: not present")
    result.append(f"inline_markdown._rendered: empty cache {per('rendered_cold_s')}, warm cache {per('rendered_warm_s')}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="synthetic summaries to render (default 1000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (for run.py)")
    args = parser.parse_args()
    figures = measure(args.count)
    print(json.dumps(figures) if args.json else "\n".join(figures["lines"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
