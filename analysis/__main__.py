"""``python -m analysis``: the command line (see :mod:`analysis.cli.main`)."""
from analysis.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
