"""Bring a researcher's own publication files in: BibTeX, CSL-JSON, RIS, al-folio, Hugo Blox, academicpages."""
