"""Comparative analysis of texts on US-Russia relations.

The package the book's notebooks import. One module per step:

* :mod:`analysis.paths` - where things are
* :mod:`analysis.catalog` - the source catalog and its validation
* :mod:`analysis.eras` - eras derived from dates
* :mod:`analysis.clean` - raw text to the author's prose, with a report
* :mod:`analysis.segment` - sentences, tokens, stems, surface forms
* :mod:`analysis.corpus` - the cleaned, segmented corpus
* :mod:`analysis.terms` - token ids and term counts
* :mod:`analysis.parallel` - worker processes for large batches
* :mod:`analysis.stats` - text statistics (MTLD, readability)
* :mod:`analysis.plotting` - figure style and shared plots
* :mod:`analysis.tables` - numbered, captioned tables
* :mod:`analysis.cache` - the on-disk cache of processed sources
* :mod:`analysis.files` - atomic file writes
* :mod:`analysis.progress` - progress bars, only at a terminal
* :mod:`analysis.vocabulary`, :mod:`analysis.collocations` - distinctive terms (chapter 2)
* :mod:`analysis.compare`, :mod:`analysis.voices`, :mod:`analysis.lexicon` - periods, authors,
  voices, themes and tone (chapter 3)
* :mod:`analysis.segments`, :mod:`analysis.topics` - topic models (chapter 4)
* :mod:`analysis.detect`, :mod:`analysis.predictions` - forecasts and their scores (chapter 5)
* :mod:`analysis.synthesis` - the findings across chapters (chapter 6)
* :mod:`analysis.sources`, :mod:`analysis.validate`, :mod:`analysis.export`,
  :mod:`analysis.cli` - the ``python -m analysis`` commands
* :mod:`analysis.parameters` - every parameter, read from the code, for the methods page
* :mod:`analysis.reproducibility` - versions and seeds for the reproducibility page
"""

__version__ = "1.0.0"
