"""Fixtures for the pure sync package: a SQLAlchemy Session on a migrated SQLite file, no app.

Also registers the Hypothesis profiles: HYPOTHESIS_PROFILE=ci (default, at
least 200 examples) or long (at least 5,000). The long run may be split over
processes with different seeds: HYPOTHESIS_LONG_EXAMPLES=2500 and
`--hypothesis-seed=N` in each (5,000 examples in all, half the wall time on two
cores).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from core.models import unmarked

from ..databases import ON_POSTGRES, copy_of, drop
from .world import World, build_world

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture]
# On PostgreSQL each example is a CREATE DATABASE and its own server: 30 examples
# there (the protocol's logic is the same code; what PostgreSQL adds — savepoints,
# isolation, racing writers — has its own tests), 200 on SQLite.
settings.register_profile("ci", max_examples=30 if ON_POSTGRES else 200, deadline=None,
                          suppress_health_check=_SLOW_OK, stateful_step_count=14)
settings.register_profile("long",
                          max_examples=int(os.environ.get("HYPOTHESIS_LONG_EXAMPLES", "5000")), deadline=None,
                          suppress_health_check=_SLOW_OK, stateful_step_count=24)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def engine(template_db, tmp_path):
    url = copy_of(template_db, tmp_path, "sync")
    eng = create_engine(url)
    yield eng
    eng.dispose()
    drop(url)


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture
def world(session) -> World:
    yield build_world(session)
    session.rollback()
    assert unmarked(session) == [], "a write left its participant's record mark behind"
