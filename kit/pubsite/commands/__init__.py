"""The ``pubsite`` command: new, import, schema, upgrade."""
