"""Test databases: SQLite files, or PostgreSQL databases when DATABASE_URL names one.

SQLite (the default): a migrated template file per session, copied for each test.
PostgreSQL: a migrated template database per session, and for each test
`CREATE DATABASE ... TEMPLATE` (well under a second), dropped afterwards. The
cluster is the one DATABASE_URL reaches (in CI a throw-away one, .ci/run).
"""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = URL.startswith("postgresql")
_names = itertools.count()


def url_of(db: str | Path) -> str:
    """A database URL for a URL or a SQLite file path."""
    text_ = str(db)
    return text_ if "://" in text_ else f"sqlite:///{text_}"


def _admin(sql: str) -> None:
    engine = create_engine(make_url(URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _pg_url(name: str) -> str:
    return make_url(URL).set(database=name).render_as_string(hide_password=False)


def _fresh_name(label: str) -> str:
    return f"bokvar_{os.getpid()}_{label}_{next(_names)}"


def new_database(folder: Path, label: str) -> str:
    """An empty database (a template or a test's own), as a URL."""
    if not ON_POSTGRES:
        return url_of(folder / f"{label}.sqlite")
    name = _fresh_name(label)
    _admin(f'CREATE DATABASE "{name}"')
    return _pg_url(name)


def copy_of(template: str, folder: Path, label: str = "bokvar") -> str:
    """A new database holding what `template` holds, as a URL."""
    if not ON_POSTGRES:
        path = folder / f"{label}.sqlite"
        shutil.copy(make_url(template).database or "", path)
        return url_of(path)
    name = _fresh_name(label)
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template).database}"')
    return _pg_url(name)


def drop(url: str) -> None:
    """Drop a PostgreSQL test database (a SQLite file goes with its tmp folder)."""
    if url.startswith("postgresql"):
        _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL (tests that look at SQLite itself)."""
    assert url.startswith("sqlite:///"), "a SQLite-only test ran on another database"
    return Path(url.removeprefix("sqlite:///"))
