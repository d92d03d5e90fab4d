"""Reviewing visit notes: sign, or return with a comment; signed notes stay as they are."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from core.clock import team_today
from core.models import AuditEvent, VisitNote
from tests.review.helpers import other_team, participant, user
from webapp.extensions import db


def _note(app, name="Marko", status="submitted", days_ago=1, author="omar") -> str:
    with app.app_context():
        note = VisitNote(participant_id=participant(name).id, author_id=user(author).id,
                         visit_date=team_today() - timedelta(days=days_ago),
                         body=f"Besök hos {name}", status=status,
                         submitted_at=datetime.now() - timedelta(days=days_ago))
        db.session.add(note)
        db.session.commit()
        return note.uuid


def _load(app, uuid) -> VisitNote:
    with app.app_context():
        note = db.session.execute(select(VisitNote).where(VisitNote.uuid == uuid)).scalar_one()
        note.review_rows = [(r.decision, r.comment, r.reviewer_id) for r in note.reviews]
        db.session.expunge(note)
        return note


def _decide(client, auth, uuid, **data):
    data["csrf_token"] = auth.csrf_token(f"/review/notes/{uuid}")
    return client.post(f"/review/notes/{uuid}", data=data)


def test_queue_lists_the_teams_submitted_notes_oldest_first(demo_app, client, auth):
    newer = _note(demo_app, "Marko", days_ago=1)
    older = _note(demo_app, "Leila", days_ago=30)
    other = other_team(demo_app)
    auth.login("eva")
    html = client.get("/review").get_data(as_text=True)
    assert older in html and newer in html and html.index(older) < html.index(newer)
    assert other["note"] not in html and "Zelda" not in html
    with demo_app.app_context():
        drafts = db.session.execute(select(VisitNote.uuid).where(
            VisitNote.status != "submitted")).scalars().all()
    assert not any(uuid in html for uuid in drafts)


def test_reading_a_note_for_review_is_audited_with_the_participant(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    resp = client.get(f"/review/notes/{uuid}")
    assert resp.status_code == 200 and "Besök hos Marko" in resp.get_data(as_text=True)
    with demo_app.app_context():
        event = db.session.execute(select(AuditEvent).where(
            AuditEvent.action == "note.review_view")).scalar_one()
        assert event.participant_id == participant("Marko").id
        assert event.entity_uuid == uuid and event.user_id == user("eva").id


def test_signing_sets_signer_and_time_and_writes_a_review(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    resp = _decide(client, auth, uuid, sign="1", comment="Bra skrivet.")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/review")
    note = _load(demo_app, uuid)
    with demo_app.app_context():
        eva_id = user("eva").id
    assert note.status == "signed" and note.signed_at is not None and note.signed_by_id == eva_id
    assert note.review_rows == [("signed", "Bra skrivet.", eva_id)]
    assert uuid not in client.get("/review").get_data(as_text=True)


def test_returning_needs_a_comment(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    resp = _decide(client, auth, uuid, send_back="1", comment="   ")
    assert resp.status_code == 400
    assert "Skriv vad som behöver ändras." in resp.get_data(as_text=True)
    note = _load(demo_app, uuid)
    assert note.status == "submitted" and note.review_rows == []


def test_returning_with_a_comment_sends_the_note_back_with_a_review(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    resp = _decide(client, auth, uuid, send_back="1", comment="Vad sa Marko själv?")
    assert resp.status_code == 303
    note = _load(demo_app, uuid)
    assert note.status == "returned" and note.signed_at is None
    assert [r[:2] for r in note.review_rows] == [("returned", "Vad sa Marko själv?")]


def test_a_comment_that_is_too_long_is_kept_with_the_error(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    typed = "Lång kommentar " * 300
    resp = _decide(client, auth, uuid, send_back="1", comment=typed)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and typed.strip() in html
    assert 'id="comment-error"' in html


@pytest.mark.parametrize("second", [{"sign": "1"}, {"send_back": "1", "comment": "Ändra"}])
def test_a_signed_note_is_never_changed_again(demo_app, client, auth, second):
    uuid = _note(demo_app)
    auth.login("eva")
    _decide(client, auth, uuid, sign="1")
    before = _load(demo_app, uuid)
    resp = _decide(client, auth, uuid, **second)
    assert resp.status_code == 409
    after = _load(demo_app, uuid)
    assert (after.status, after.signed_at, after.version, after.body, after.review_rows) == (
        before.status, before.signed_at, before.version, before.body, before.review_rows)


def test_notes_of_another_team_are_not_found(demo_app, client, auth):
    other = other_team(demo_app)
    auth.login("eva")
    assert client.get(f"/review/notes/{other['note']}").status_code == 404
    resp = _decide(client, auth, other["note"], sign="1")
    assert resp.status_code == 404
    assert _load(demo_app, other["note"]).status == "submitted"


def test_someone_elses_draft_is_not_found(demo_app, client, auth):
    uuid = _note(demo_app, status="draft")
    auth.login("eva")
    assert client.get(f"/review/notes/{uuid}").status_code == 404


def test_review_without_csrf_token_is_refused(demo_app, client, auth):
    uuid = _note(demo_app)
    auth.login("eva")
    assert client.post(f"/review/notes/{uuid}", data={"sign": "1"}).status_code == 400
    assert _load(demo_app, uuid).status == "submitted"


@pytest.mark.parametrize("username", ["sara", "omar", "kim"])
def test_only_team_leads_reach_the_review_pages(demo_app, client, auth, username):
    uuid = _note(demo_app)
    auth.login(username)
    assert client.get("/review").status_code == 403
    assert client.get(f"/review/notes/{uuid}").status_code == 403
    assert _decide(client, auth, uuid, sign="1").status_code == 403
    assert _load(demo_app, uuid).status == "submitted"
