"""The wheel carries what the app reads beside its packages in the source tree:
static/, templates/ and migrations/ go to webapp/_bundle/ (webapp.config finds them
there), and the Swedish catalogue is merged and compiled into webapp/translations/
(package data). Metadata and dependencies are in pyproject.toml."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("static", "templates", "migrations")


def _compile_catalogues() -> None:
    spec = importlib.util.spec_from_file_location("bokvar_i18n", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build()


class BuildWithBundle(build_py):
    def run(self) -> None:
        _compile_catalogues()  # before package data is copied: the .mo files are in it
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree itself
        target = Path(self.build_lib) / "webapp" / "_bundle"
        for name in BUNDLED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithBundle})
