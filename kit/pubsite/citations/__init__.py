"""Write each paper's citations: BibTeX, CSL-JSON, RIS and the export files."""
