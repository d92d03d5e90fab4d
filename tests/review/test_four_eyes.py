"""Four eyes: a team lead does not sign (or return) a note they wrote while the team
has another active lead; a team's only lead may, and the note shows as self-signed."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from core.clock import team_today
from core.models import User, VisitNote
from tests.admin.helpers import logged_in
from tests.conftest import DEMO_PASSWORD
from tests.review.helpers import participant, user
from webapp.auth.passwords import hash_password
from webapp.extensions import db


def _note_by(app, author: str) -> str:
    with app.app_context():
        note = VisitNote(participant_id=participant("Marko").id, author_id=user(author).id,
                         visit_date=team_today() - timedelta(days=1), body="Hembesök hos Marko",
                         status="submitted", submitted_at=datetime.now())
        db.session.add(note)
        db.session.commit()
        return note.uuid


def _second_lead(app, active: bool = True) -> None:
    with app.app_context():
        db.session.add(User(username="lina", display_name="Lina Ek", role="team_lead",
                            team_id=user("eva").team_id, active=active,
                            password_hash=hash_password(DEMO_PASSWORD)))
        db.session.commit()


def _decide(client, auth, uuid, **data):
    data["csrf_token"] = auth.csrf_token(f"/review/notes/{uuid}")
    return client.post(f"/review/notes/{uuid}", data=data)


def _status(app, uuid):
    with app.app_context():
        note = db.session.execute(select(VisitNote).where(VisitNote.uuid == uuid)).scalar_one()
        return note.status, note.signed_by_id


def test_a_lead_cannot_sign_or_return_their_own_note_when_the_team_has_another_lead(demo_app):
    _second_lead(demo_app)
    uuid = _note_by(demo_app, "eva")
    eva, auth = logged_in(demo_app, "eva")
    page = eva.get(f"/review/notes/{uuid}").get_data(as_text=True)
    assert "en annan teamledare i teamet signerar" in page and 'name="sign"' not in page
    assert "en annan teamledare signerar den" in eva.get("/review").get_data(as_text=True)
    assert _decide(eva, auth, uuid, sign="1").status_code == 403
    assert _decide(eva, auth, uuid, send_back="1", comment="Ändra").status_code == 403
    assert _status(demo_app, uuid) == ("submitted", None)

    lina, lina_auth = logged_in(demo_app, "lina")
    assert 'name="sign"' in lina.get(f"/review/notes/{uuid}").get_data(as_text=True)
    assert _decide(lina, lina_auth, uuid, sign="1").status_code == 303
    with demo_app.app_context():
        lina_id = user("lina").id
    assert _status(demo_app, uuid) == ("signed", lina_id)
    note_page = lina.get(f"/notes/{uuid}").get_data(as_text=True)
    assert "Självsignerad" not in note_page


def test_the_teams_only_lead_may_sign_their_own_note_and_it_shows_as_self_signed(demo_app):
    _second_lead(demo_app, active=False)  # a deactivated lead is not a second pair of eyes
    uuid = _note_by(demo_app, "eva")
    eva, auth = logged_in(demo_app, "eva")
    page = eva.get(f"/review/notes/{uuid}").get_data(as_text=True)
    assert "du får signera den själv" in page and 'name="sign"' in page
    assert _decide(eva, auth, uuid, sign="1").status_code == 303
    with demo_app.app_context():
        eva_id = user("eva").id
    assert _status(demo_app, uuid) == ("signed", eva_id)
    assert "Självsignerad" in eva.get(f"/notes/{uuid}").get_data(as_text=True)
    assert "Självsignerad" in eva.get(f"/review/notes/{uuid}").get_data(as_text=True)


def test_a_note_signed_by_another_lead_is_not_self_signed(demo_app):
    uuid = _note_by(demo_app, "omar")
    eva, auth = logged_in(demo_app, "eva")
    assert _decide(eva, auth, uuid, sign="1").status_code == 303
    omar, _ = logged_in(demo_app, "omar")
    assert "Självsignerad" not in omar.get(f"/notes/{uuid}").get_data(as_text=True)
