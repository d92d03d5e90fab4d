"""The database layer: production pragmas, migrations = models, version stamping."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select, text

from core.clock import team_today
from core.models import Base, Goal, Participant, Plan, Team, current_version
from webapp.extensions import db


@pytest.mark.sqlite_only
def test_sqlite_connection_uses_production_pragmas(app):
    with app.app_context():
        conn = db.session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_migrations_and_models_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        db.session.add(Participant(preferred_name="X", team_id=999, joined_on=team_today()))
        try:
            db.session.commit()
        except Exception as exc:  # IntegrityError from the real database
            db.session.rollback()
            assert "foreign key" in str(exc).lower()
        else:
            raise AssertionError("foreign key not enforced")


def _participant(team: Team, name: str = "Ada") -> Participant:
    return Participant(preferred_name=name, team=team, joined_on=date(2026, 1, 1))


def test_every_write_transaction_gets_a_higher_version(app):
    with app.app_context():
        team = Team(name="T")
        first = _participant(team, "A")
        db.session.add_all([team, first])
        db.session.commit()
        v1 = first.version
        second = _participant(team, "B")
        db.session.add(second)
        db.session.commit()
        assert second.version > v1 >= 1
        first.preferred_name = "A2"
        db.session.commit()
        assert first.version > second.version
        assert current_version(db.session) == first.version


def test_rows_written_in_one_transaction_share_its_version(app):
    with app.app_context():
        team = Team(name="T")
        a, b = _participant(team, "A"), _participant(team, "B")
        db.session.add_all([team, a, b])
        db.session.commit()
        assert a.version == b.version


def test_unchanged_rows_keep_their_version(app):
    with app.app_context():
        team = Team(name="T")
        a = _participant(team)
        db.session.add_all([team, a])
        db.session.commit()
        before = a.version
        a.preferred_name = a.preferred_name  # no real change
        db.session.commit()
        assert a.version == before


def test_field_versions_record_version_and_client_per_field(app):
    with app.app_context():
        team = Team(name="T")
        p = _participant(team)
        db.session.add_all([team, p])
        db.session.flush()
        plan = Plan(participant_id=p.id)
        db.session.add(plan)
        db.session.flush()
        goal = Goal(plan_id=plan.id, participant_id=p.id, life_area="home", own_words="Mitt hem")
        db.session.add(goal)
        db.session.commit()
        created = goal.version
        goal.why_it_matters = "För min son"
        db.session.commit()
        fv = db.session.execute(select(Goal.field_versions).where(Goal.id == goal.id)).scalar()
        # A change made through the ORM (a server page) is from no device: None. The
        # sync push stamps its device itself (tests/sync/test_bulk.py).
        assert fv["own_words"] == [created, None]
        assert fv["why_it_matters"] == [goal.version, None]
        assert goal.version > created


def test_version_counter_survives_rollback_without_gaps_in_visibility(app):
    with app.app_context():
        team = Team(name="T")
        db.session.add(team)
        db.session.commit()
        start = current_version(db.session)
        db.session.add(_participant(team))
        db.session.flush()
        db.session.rollback()
        assert current_version(db.session) == start
        assert db.session.execute(text("SELECT count(*) FROM participant")).scalar() == 0


def test_models_import_without_flask():
    code = (
        "import sys, core.models; "
        "bad = [m for m in sys.modules if m.split('.')[0].startswith('flask')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.sqlite_only
def test_migration_0003_fills_in_the_record_marks_of_an_existing_database(tmp_path):
    """A database older than record marks keeps every change a phone has not pulled:
    the migration sets each participant's mark from the rows of its record."""
    from flask_migrate import downgrade, upgrade

    from core.models import unmarked

    from .conftest import close, make_app

    app = make_app(tmp_path / "old.sqlite")
    with app.app_context():
        upgrade()
        downgrade(revision="0002")
        conn = db.session.connection()
        conn.execute(insert(Team.__table__), {"name": "T", "review_interval_months": 3})
        conn.execute(insert(Participant.__table__), {"preferred_name": "P", "team_id": 1,
                                                      "joined_on": date(2024, 1, 1),
                                                      "version": 3})
        conn.execute(insert(Plan.__table__), {"participant_id": 1, "version": 7})
        db.session.commit()
        upgrade()
        marks = db.session.execute(text("SELECT participant_id, version FROM record_mark")).all()
        assert marks == [(1, 7)]
        assert unmarked(db.session) == []
    close(app)
