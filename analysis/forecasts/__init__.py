"""Forecasts: the hedge scale, the detector of forward-looking sentences, the ledger and its scores.
"""
