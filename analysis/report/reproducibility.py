"""What a reader needs to reproduce the book: package versions and seeds.

>>> versions = package_versions()
>>> "scikit-learn" in set(versions["package"])
True
"""
from __future__ import annotations

import importlib
import inspect
import platform
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from analysis import config

#: The packages whose versions the reproducibility page lists.
KEY_PACKAGES = ("jupyter-book", "myst-nb", "sphinx", "pandas", "numpy", "scipy", "scikit-learn",
                "matplotlib", "nltk", "vaderSentiment", "pytest", "nbval")


def pinned_requirements() -> dict[str, str]:
    """Package -> pinned version, from ``requirements.txt``.

    >>> pinned_requirements()["nltk"].count(".") >= 1
    True
    """
    pins = {}
    for line in (config.ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, _, ver = line.partition("==")
            pins[name.strip()] = ver.strip()
    return pins


def package_versions() -> pd.DataFrame:
    """Key packages: the version pinned in ``requirements.txt`` and the one installed."""
    pins = {k.lower(): v for k, v in pinned_requirements().items()}
    rows = []
    for name in KEY_PACKAGES:
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        rows.append({"package": name, "pinned": pins.get(name.lower(), "(dependency)"),
                     "installed": installed})
    rows.append({"package": "Python", "pinned": "3.11", "installed": ".".join(platform.python_version_tuple()[:2])})
    return pd.DataFrame(rows)


#: Modules whose constructors or functions take ``random_state``.
SEEDED_MODULES = ("analysis.methods.vocabulary", "analysis.methods.contrast", "analysis.methods.topics", "analysis.forecasts.scoring")


def random_settings() -> pd.DataFrame:
    """Every function or class in the package that takes ``random_state``, with its default."""
    rows = []
    for module_name in SEEDED_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
                continue
            if not callable(obj):
                continue
            try:
                params = inspect.signature(obj).parameters
            except (TypeError, ValueError):
                continue
            for pname in ("random_state", "seed", "seeds"):
                if pname in params and params[pname].default is not inspect.Parameter.empty:
                    rows.append({"where": f"{module_name}.{name}", "parameter": pname,
                                 "default": repr(params[pname].default)})
    return pd.DataFrame(rows, columns=["where", "parameter", "default"])
