"""pubsite: the kit behind a researcher's homepage and publication list (MkDocs + Material).

The package is arranged by stage, so that its folders show the pipeline a build runs:

* ``data``       reads and checks the publication list and the settings (every error names file,
                 entry, field and line);
* ``plan``       decides which pages, lists and files a build makes;
* ``render``     writes them (paper pages, lists, browse pages, head metadata, feeds);
* ``citations``  writes each paper's BibTeX, CSL-JSON and RIS;
* ``importers``, ``cv`` and ``commands`` stand beside the pipeline (``pubsite import``, the CV,
  ``pubsite new`` / ``upgrade``);
* ``mkdocs_adapter`` is the one place that imports MkDocs: a site's hook hands it MkDocs' events.

Everything but the adapter is plain Python, tested without MkDocs.
"""

__version__ = "1.0.0"
