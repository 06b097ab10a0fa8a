"""Comparative analysis of texts on US-Russia relations.

The package the book's notebooks import, in layers that import downwards only
(``config`` < ``infra`` < ``corpus`` < ``features`` < ``methods`` < ``forecasts``
< ``report`` < ``cli``; a contract in ``pyproject.toml`` checks it):

* :mod:`analysis.config` - every setting: where things live, and each chapter's parameters
* :mod:`analysis.infra` - infrastructure

  * :mod:`analysis.infra.cache` - the on-disk cache of processed sources
  * :mod:`analysis.infra.files` - atomic file writes
  * :mod:`analysis.infra.parallel` - worker processes for large batches (joblib; Dask on a cluster)
  * :mod:`analysis.infra.progress` - progress bars (tqdm), only at a terminal

* :mod:`analysis.corpus` - the texts

  * :mod:`analysis.corpus.catalog` - the source catalog and its validation
  * :mod:`analysis.corpus.eras` - eras derived from dates
  * :mod:`analysis.corpus.clean` - raw text to the author's prose, with a report
  * :mod:`analysis.corpus.text` - sentences, tokens, stems, surface forms
  * :mod:`analysis.corpus.load` - the cleaned, segmented corpus (:func:`~analysis.corpus.load.load_corpus`)
  * :mod:`analysis.corpus.stats` - text statistics (MTLD, readability)
  * :mod:`analysis.corpus.readings` - the curated readings of the texts and the gap in the corpus

* :mod:`analysis.features` - what the methods count

  * :mod:`analysis.features.terms` - token ids and term counts
  * :mod:`analysis.features.chunks` - segments of about 100-200 words for the topic models

* :mod:`analysis.methods` - the methods, returning data

  * :mod:`analysis.methods.vocabulary`, :mod:`analysis.methods.collocations` - distinctive terms
  * :mod:`analysis.methods.vocabulary_checks` - names merged, IDF levels, leave-one-out, shuffled texts
  * :mod:`analysis.methods.contrast`, :mod:`analysis.methods.voices`, :mod:`analysis.methods.lexicon` -
    periods, authors, voices, themes and tone
  * :mod:`analysis.methods.topics` - the topic sweep over k and seeds, cached by its input
  * :mod:`analysis.methods.topic_models` - the document-term matrix, NMF and LDA, coherence, matching
  * :mod:`analysis.methods.topic_robustness` - agreement against chance, robust dominant topics
  * :mod:`analysis.methods.topic_size` - how many segments the topic models would need

* :mod:`analysis.forecasts` - forecasts and their scores

  * :mod:`analysis.forecasts.detect` - forward-looking sentences
  * :mod:`analysis.forecasts.scale` - words of estimative probability: a hedge read as a probability
  * :mod:`analysis.forecasts.rules` - the verdict rules
  * :mod:`analysis.forecasts.ledger` - the curated ledger: loading and validation
  * :mod:`analysis.forecasts.coding` - the second, blind coding of the ledger
  * :mod:`analysis.forecasts.scoring` - Brier scores, decomposition, discrimination, agreement, rankings
  * :mod:`analysis.forecasts.sensitivity` - how much the scores depend on the scoring choices
  * :mod:`analysis.forecasts.audit` - the detector audited against the curated files

* :mod:`analysis.report` - tables, figures and findings text

  * :mod:`analysis.report.tables` - numbered, captioned tables
  * :mod:`analysis.report.plotting` - figure style and shared plots
  * :mod:`analysis.report.corpus_findings` - the corpus chapter's findings
  * :mod:`analysis.report.vocabulary_tables`, :mod:`analysis.report.vocabulary_figures`,
    :mod:`analysis.report.vocabulary_findings` - the vocabulary chapter's tables, figures and findings
  * :mod:`analysis.report.contrast_figures`, :mod:`analysis.report.contrast_tables` - the periods-and-authors chapter
  * :mod:`analysis.report.topic_figures`, :mod:`analysis.report.topic_text` - the topics chapter
  * :mod:`analysis.report.forecast_figures`, :mod:`analysis.report.forecast_tables` - the predictions chapter
  * :mod:`analysis.report.synthesis` - the chapters' results the conclusion argues from
  * :mod:`analysis.report.conclusion` - the conclusion's glued values and computed phrases
  * :mod:`analysis.report.explorer` - the term explorer (Bokeh, served from the site)
  * :mod:`analysis.report.interactive` - the filterable, sortable ledger (itables, offline)
  * :mod:`analysis.report.downloads` - the Data page: every CSV, its columns and what one row is
  * :mod:`analysis.report.readings` - the chapter on the texts
  * :mod:`analysis.report.reader` - the annotated reader's pages, and links to paragraphs and ledger rows
  * :mod:`analysis.report.parameters` - every parameter, read from the code, for the methods page
  * :mod:`analysis.report.reproducibility` - versions and seeds for the reproducibility page

* :mod:`analysis.cli` - the ``python -m analysis`` commands

  * :mod:`analysis.cli.main` - the argument parser and the commands
  * :mod:`analysis.cli.sources` - ``add-source``
  * :mod:`analysis.cli.rawtext` - the checks of a raw text, streamed
  * :mod:`analysis.cli.names` - a new source's id and file name
  * :mod:`analysis.cli.journal` - the catalog's lock and what an interrupted add left
  * :mod:`analysis.cli.validate` - ``validate``
  * :mod:`analysis.cli.export` - ``export``
"""

__version__ = "1.0.0"
