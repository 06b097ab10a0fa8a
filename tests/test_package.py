"""The package index (analysis/__init__.py) names every module."""
import pkgutil

import analysis


def test_package_index_names_every_module():
    modules = {m.name for m in pkgutil.iter_modules(analysis.__path__)} - {"__main__"}
    assert modules, "no modules found"
    assert sorted(m for m in modules if f":mod:`analysis.{m}`" not in analysis.__doc__) == []
