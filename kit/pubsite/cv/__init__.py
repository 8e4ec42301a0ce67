"""The CV: its data file, its page and its PDF (typeset with Typst)."""
