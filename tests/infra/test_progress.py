"""Progress bars: tqdm with its own switches (analysis/infra/progress.py)."""
import io

from analysis.infra.progress import progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_no_bar_without_a_terminal():
    # pytest captures standard error, so it is not a terminal here (nor in a notebook kernel or CI log)
    bar = progress([1, 2, 3], desc="demo")
    assert bar.disable is True and list(bar) == [1, 2, 3]


def test_a_bar_at_a_terminal_after_the_delay():
    screen = _Terminal()
    bar = progress(range(3), desc="demo", file=screen, delay=0)
    assert not bar.disable and list(bar) == [0, 1, 2]
    assert screen.getvalue().startswith("\rdemo:   0%|") and "0/3" in screen.getvalue()   # drawn, then cleared (leave=False)
    quiet = _Terminal()
    list(progress(range(3), desc="quick", file=quiet))     # done within the one-second delay
    assert quiet.getvalue() == ""
