"""Fixtures for the pure sync package: a SQLAlchemy Session on a migrated SQLite file, no app.

Also registers the Hypothesis profiles: HYPOTHESIS_PROFILE=ci (default, at
least 200 examples) or long (at least 5,000). The long run may be split over
processes with different seeds: HYPOTHESIS_LONG_EXAMPLES=2500 and
`--hypothesis-seed=N` in each (5,000 examples in all, half the wall time on two
cores).
"""
from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from .world import World, build_world

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=_SLOW_OK, stateful_step_count=14)
settings.register_profile("long",
                          max_examples=int(os.environ.get("HYPOTHESIS_LONG_EXAMPLES", "5000")), deadline=None,
                          suppress_health_check=_SLOW_OK, stateful_step_count=24)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def engine(template_db, tmp_path):
    path = tmp_path / "sync.sqlite"
    shutil.copy(template_db, path)
    eng = create_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture
def world(session) -> World:
    return build_world(session)
