"""The one place that knows MkDocs: settings read from mkdocs.yml, the build's state, generated files, the hook's events."""
