"""Infrastructure: the on-disk cache, atomic file writes, worker processes and progress bars.

The lowest layer: it knows nothing of texts or methods.
"""
