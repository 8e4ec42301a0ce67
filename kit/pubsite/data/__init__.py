"""Read and check: the publication list, its schema, the owner's settings and names, each error naming file, entry, field and line."""
