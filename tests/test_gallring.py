"""Gallring: a closed case's records go a set time after it closed (default 5 years),
old tombstones go, a dry run lists and changes nothing, one audit row per removal."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.clock import team_today
from core.models import AuditEvent, Goal, Participant, VisitNote, utcnow
from webapp.extensions import db


def _participant(name: str) -> Participant:
    return db.session.execute(select(Participant).where(
        Participant.preferred_name == name)).scalar_one()


def _count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.execute(query).scalar()


def _setup(app):
    today = team_today()
    with app.app_context():
        ali, kim, fatima = _participant("Ali"), _participant("Kim"), _participant("Fatima")
        ali.status, ali.left_on = "left", today.replace(year=today.year - 6)
        kim.status, kim.left_on = "left", today.replace(year=today.year - 4)
        plan_id = db.session.execute(select(Goal.plan_id).where(
            Goal.participant_id == fatima.id)).scalars().first()
        goals = [Goal(plan_id=plan_id, participant_id=fatima.id, life_area="home",
                      own_words=f"Borttaget {days}", deleted_at=utcnow() - timedelta(days=days))
                 for days in (100, 10)]  # past the 90 days of tombstone retention, and not
        db.session.add_all(goals)
        db.session.commit()
        return {"ali": (ali.id, ali.uuid), "kim": kim.id, "old": goals[0].uuid,
                "recent": goals[1].uuid}


def test_a_dry_run_lists_the_closed_case_and_old_tombstones_and_changes_nothing(demo_app):
    ids = _setup(demo_app)
    with demo_app.app_context():
        before = (_count(VisitNote), _count(Goal), _count(AuditEvent))
    result = demo_app.test_cli_runner().invoke(args=["gallring", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would remove participant participant {ids['ali'][1]}" in result.output
    assert f"would remove tombstone goal {ids['old']}" in result.output
    assert ids["recent"] not in result.output
    with demo_app.app_context():
        assert (_count(VisitNote), _count(Goal), _count(AuditEvent)) == before


def test_gallring_removes_the_closed_case_keeps_younger_ones_and_audits_each(demo_app):
    ids = _setup(demo_app)
    ali_id, ali_uuid = ids["ali"]
    with demo_app.app_context():
        ali_notes, kim_notes = (_count(VisitNote, participant_id=ali_id),
                                _count(VisitNote, participant_id=ids["kim"]))
    assert ali_notes and kim_notes
    result = demo_app.test_cli_runner().invoke(args=["gallring"])
    assert result.exit_code == 0, result.output
    with demo_app.app_context():
        assert _count(VisitNote, participant_id=ali_id) == 0
        assert _count(Goal, participant_id=ali_id) == 0
        assert _count(VisitNote, participant_id=ids["kim"]) == kim_notes  # closed 4 years ago
        stub = db.session.get(Participant, ali_id)
        assert stub.preferred_name == "" and stub.deleted_at is not None
        audits = db.session.execute(select(AuditEvent).where(
            AuditEvent.action.like("gallring.%"))).scalars().all()
        by_uuid = {a.entity_uuid: a for a in audits}
        assert by_uuid[ali_uuid].action == "gallring.participant"
        assert by_uuid[ali_uuid].count >= ali_notes
        assert by_uuid[ids["old"]].action == "gallring.tombstone"
        assert ids["recent"] not in by_uuid
        assert _count(Goal, uuid=ids["old"]) == 0 and _count(Goal, uuid=ids["recent"]) == 1
    again = demo_app.test_cli_runner().invoke(args=["gallring"])
    assert again.output.strip().endswith("0 removed")  # nothing twice


def test_the_years_are_configurable(demo_app):
    ids = _setup(demo_app)
    result = demo_app.test_cli_runner().invoke(args=["gallring", "--dry-run", "--years", "3"])
    with demo_app.app_context():
        kim_uuid = db.session.get(Participant, ids["kim"]).uuid
    assert kim_uuid in result.output and ids["ali"][1] in result.output
