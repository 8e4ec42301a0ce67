"""Publication-list site generator: plain Python, independent of MkDocs.

The MkDocs hook in ``hooks/publications_hook.py`` is a thin adapter over these modules:

* ``yaml_source``  reads YAML and remembers the line of every key and item;
* ``validation``   turns that raw data into the typed ``model`` or reports every problem;
* ``inline_markdown`` renders the owner's short Markdown (summaries, notes) safely;
* ``rendering``    writes the paper pages and paper lists;
* ``bibtex``       writes the BibTeX entry of a paper;
* ``markers``      finds the placeholders that Markdown pages use to ask for generated content.
"""
