"""Methods: vocabulary, collocations, contrasts, voices, lexicons and topics.

Each returns data (DataFrames, arrays, fitted objects); drawing and formatting live in
:mod:`analysis.report`.
"""
