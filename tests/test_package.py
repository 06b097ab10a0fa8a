"""The package index (analysis/__init__.py) names every module and sub-package."""
import pkgutil

import analysis


def test_package_index_names_every_module():
    modules = {m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.")} - {"analysis.__main__"}
    assert len(modules) > 30, modules
    assert sorted(m for m in modules if f":mod:`{m}`" not in analysis.__doc__) == []
