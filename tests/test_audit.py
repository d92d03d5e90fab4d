"""Reads of a participant's record are audit-logged; note text never is."""
from __future__ import annotations

from sqlalchemy import select, text

from core.clock import team_today
from core.models import AuditEvent, Participant, User, VisitNote
from core.models.audit import AuditLogIsAppendOnly
from webapp.extensions import db

CANARY = "KANARIEFAGEL-7f3a9"


def _ali_with_canary_note(app) -> tuple[str, str, int]:
    with app.app_context():
        sara = db.session.execute(select(User).where(User.username == "sara")).scalar_one()
        ali = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Ali")).scalar_one()
        note = VisitNote(participant_id=ali.id, author_id=sara.id, visit_date=team_today(),
                         body=f"Hemligt {CANARY}", participant_topics=CANARY,
                         next_steps=CANARY, status="submitted")
        db.session.add(note)
        db.session.commit()
        return ali.uuid, note.uuid, ali.id


def test_reading_a_participant_page_writes_an_audit_event(demo_app, client, auth):
    ali_uuid, _, ali_id = _ali_with_canary_note(demo_app)
    auth.login("sara")
    assert client.get(f"/participants/{ali_uuid}").status_code == 200
    with demo_app.app_context():
        events = db.session.execute(
            select(AuditEvent).where(AuditEvent.participant_id == ali_id)).scalars().all()
        sara_id = db.session.execute(select(User.id).where(User.username == "sara")).scalar()
    views = [e for e in events if e.action == "participant.view"]
    assert len(views) == 1
    assert views[0].user_id == sara_id and views[0].entity_uuid == ali_uuid and views[0].at


def test_note_text_never_reaches_the_audit_log(demo_app, client, auth):
    ali_uuid, note_uuid, _ = _ali_with_canary_note(demo_app)
    auth.login("sara")
    client.get(f"/participants/{ali_uuid}")
    assert CANARY in client.get(f"/notes/{note_uuid}").get_data(as_text=True)
    with demo_app.app_context():
        rows = db.session.execute(text("SELECT * FROM audit_event")).all()
    assert len(rows) >= 2
    assert all(CANARY not in repr(tuple(row)) for row in rows)


def test_audit_events_cannot_be_changed_or_deleted(demo_app, client, auth):
    ali_uuid, _, _ = _ali_with_canary_note(demo_app)
    auth.login("sara")
    client.get(f"/participants/{ali_uuid}")
    with demo_app.app_context():
        event = db.session.execute(select(AuditEvent)).scalars().first()
        event.action = "tampered"
        try:
            db.session.commit()
        except AuditLogIsAppendOnly:
            db.session.rollback()
        else:
            raise AssertionError("audit event was changed")
