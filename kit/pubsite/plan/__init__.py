"""Decide which pages, lists and files a build makes, from the data and the owner's pages alone."""
