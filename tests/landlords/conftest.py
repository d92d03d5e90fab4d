"""Fixtures of the landlord tests: an app on the demo data, and the sync package's world."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.databases import copy_of, drop
from tests.landlords.helpers import lapp  # noqa: F401  (fixture)
from tests.sync.world import build_world


@pytest.fixture
def session(template_db, tmp_path):
    """A plain Session on a migrated database, no app (the sync package's view)."""
    url = copy_of(template_db, tmp_path, "sync")
    engine = create_engine(url)
    with Session(engine) as s:
        yield s
    engine.dispose()
    drop(url)


@pytest.fixture
def world(session):
    return build_world(session)
