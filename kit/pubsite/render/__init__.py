"""Write the pages: paper pages, lists, browse pages, head metadata, feeds, all text escaped where it lands."""
