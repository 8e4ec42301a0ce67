"""Publication-list site generator: plain Python, independent of MkDocs.

The MkDocs hook in ``hooks/publications_hook.py`` is a thin adapter over these modules:

* ``yaml_source``  reads YAML and remembers the line of every key and item;
* ``validation``   turns that raw data into the typed ``model`` or reports every problem;
* ``inline_markdown`` renders the owner's short Markdown (summaries, notes) safely;
* ``rendering``    writes the paper pages and paper lists;
* ``bibtex``       writes the BibTeX entry of a paper;
* ``markers``      finds the placeholders that Markdown pages use to ask for generated content.
"""


def clear_caches() -> None:
    """Forget everything the modules memoised (rendered summaries, BibTeX entries, names, ...).

    The caches make ``serve`` rebuilds cheap; a one-off build calls this once the pages are
    generated, so they do not add to its peak memory.
    """
    import sys

    for name, module in list(sys.modules.items()):
        if name == __name__ or not name.startswith(__name__ + ".") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()
