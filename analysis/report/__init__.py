"""Report: tables, figures and findings text, the only layer that draws or formats.
"""
