"""Bokvar web application.

Flask is imported lazily inside create_app() so that the pure packages
(`core.models`, `sync`) can be imported without pulling in Flask.
"""
from __future__ import annotations

from typing import Any


def create_app(config: Any = None) -> Any:
    """Application factory; `config` is a mapping or an object of settings."""
    from .app import build_app

    return build_app(config)
