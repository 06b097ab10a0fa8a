"""Features: the analyzer (the one definition of a term) and the segments topic models read.
"""
