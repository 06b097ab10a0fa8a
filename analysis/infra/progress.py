"""Progress bars for long steps, shown only to a person at a terminal.

:func:`progress` wraps an iterable in a :mod:`tqdm` bar when the session is
interactive (standard error is a terminal) and returns it unchanged otherwise:
in the book build, in notebooks (their kernels' standard error is not a
terminal), under pytest's capture and in CI (``CI`` set to a true value) nothing
is printed. ``ANALYSIS_PROGRESS=1`` or ``0`` forces bars on or off.

A bar appears only once a step has taken ``delay`` seconds, so quick steps
(a cached corpus, a handful of texts) stay silent even at a terminal.

>>> import os
>>> os.environ["ANALYSIS_PROGRESS"] = "0"
>>> items = progress(range(3), desc="demo")
>>> list(items)
[0, 1, 2]
>>> isinstance(items, range)
True
>>> del os.environ["ANALYSIS_PROGRESS"]
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def interactive() -> bool:
    """True when progress bars should be shown (see the module notes).

    >>> import os
    >>> os.environ["CI"] = "true"
    >>> interactive()
    False
    >>> del os.environ["CI"]
    """
    forced = os.environ.get("ANALYSIS_PROGRESS", "").strip().lower()
    if forced in _TRUE:
        return True
    if forced in _FALSE:
        return False
    if os.environ.get("CI", "").strip().lower() in _TRUE:
        return False
    if "ipykernel" in sys.modules:  # a notebook kernel, whatever its streams say
        return False
    try:
        return bool(sys.stderr and sys.stderr.isatty())
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str | None = None,
             unit: str = "text", delay: float = 1.0) -> Iterable[T]:
    """``iterable`` with a progress bar on standard error when :func:`interactive`.

    Parameters
    ----------
    iterable : iterable
        What to iterate over.
    total : int, optional
        Number of items (default ``len(iterable)`` when it has one).
    desc, unit : str
        Label of the bar and name of one item.
    delay : float
        Seconds to wait before the bar appears (quick steps show nothing).
    """
    if not interactive():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, delay=delay, leave=False,
                file=sys.stderr, dynamic_ncols=True)
