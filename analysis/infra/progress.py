"""Progress bars for long steps: :mod:`tqdm`, with its own switches.

:func:`progress` is :class:`tqdm.tqdm` with ``disable=None``, tqdm's switch
that shows a bar only when standard error is a terminal: in the book build,
in notebooks (their kernels' standard error is no terminal), under pytest's
capture and in CI logs nothing is printed. A bar appears only once a step has
taken ``delay`` seconds (one by default), so quick steps stay silent even at
a terminal, and it is removed when the step ends. Any of tqdm's arguments
can be given to override these (``progress(items, disable=True)``).

>>> bar = progress(range(3), desc="demo")
>>> list(bar), bar.disable
([0, 1, 2], True)
"""
from __future__ import annotations

from functools import partial

from tqdm import tqdm

#: ``tqdm`` with the project's defaults (shown at a terminal only, after a second, then removed).
progress = partial(tqdm, disable=None, delay=1.0, leave=False, dynamic_ncols=True, unit="text")
