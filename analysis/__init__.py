"""Comparative analysis of texts on US-Russia relations.

The package the book's notebooks import. One module per step:

* :mod:`analysis.paths` - where things are
* :mod:`analysis.catalog` - the source catalog and its validation
* :mod:`analysis.eras` - eras derived from dates
* :mod:`analysis.clean` - raw text to the author's prose, with a report
* :mod:`analysis.segment` - sentences, tokens, stems, surface forms
* :mod:`analysis.corpus` - the cleaned, segmented corpus
* :mod:`analysis.stats` - text statistics (MTLD, readability)
* :mod:`analysis.plotting` - figure style and shared plots
"""

__version__ = "1.0.0"
