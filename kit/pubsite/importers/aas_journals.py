"""The AAS journal macros (``\\mnras``, ``\\apj``, ``\\aap``, ...) as the journals' names.

NASA ADS writes a journal's name in its BibTeX as a macro that AASTeX and the journals' LaTeX
classes define (``journal = {\\mnras}``); outside such a document it is an unknown command, which
would be shown as written. This is the standard list (ADS's "journal macros", AASTeX's
``aas_macros.sty``), each macro with the journal's full name, so a venue reads as the journal.
"""

from __future__ import annotations

import re

#: Macro name (without the backslash) -> the journal's name, as the journals write it.
AAS_JOURNALS: dict[str, str] = {
    "aj": "The Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "The Astrophysical Journal",
    "apjl": "The Astrophysical Journal Letters",
    "apjs": "The Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "The Planetary Science Journal",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "rnaas": "Research Notes of the American Astronomical Society",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysical Letters",
    "apspr": "Astrophysics Space Physics Research",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "The Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
}

# The whole value is one macro, perhaps in braces: ``\mnras``, ``{\apj}``, `` \aap{} ``.
_ONE_MACRO = re.compile(r"\s*(\{\s*)?\\([A-Za-z]+)\s*(?:\{\s*\})?\s*(?(1)\})\s*")


def journal_name(value: str) -> str | None:
    """The journal a BibTeX ``journal`` value names when it is one AAS macro (``\\mnras`` ->
    "Monthly Notices of the Royal Astronomical Society"), or None: anything else is left to the
    LaTeX conversion, which keeps an unknown command as written and says so."""
    found = _ONE_MACRO.fullmatch(value or "")
    return AAS_JOURNALS.get(found.group(2)) if found else None
