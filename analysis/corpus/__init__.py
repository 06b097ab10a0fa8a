"""The corpus: the catalog, eras, cleaning, sentences and tokens, and the Corpus object.

Imports only :mod:`analysis.config` and :mod:`analysis.infra`.
"""
