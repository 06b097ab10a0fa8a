"""The command line, ``python -m analysis``: validate, add-source, export.
"""
