"""Small helpers shared by the team lead's tests."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.models import Participant, Team, User, VisitNote
from tests.conftest import DEMO_PASSWORD
from webapp.auth.passwords import hash_password
from webapp.extensions import db


def user(username: str) -> User:
    return db.session.execute(select(User).where(User.username == username)).scalar_one()


def participant(name: str) -> Participant:
    return db.session.execute(
        select(Participant).where(Participant.preferred_name == name)).scalar_one()


def other_team(app) -> dict[str, str]:
    """A second team with a case manager, a participant and a submitted note."""
    with app.app_context():
        team = Team(name="Andra teamet")
        db.session.add(team)
        db.session.flush()
        worker = User(username="bo", display_name="Bo Ek", role="case_manager", team_id=team.id,
                      password_hash=hash_password(DEMO_PASSWORD))
        person = Participant(preferred_name="Zelda", team_id=team.id, joined_on=date(2025, 1, 1))
        db.session.add_all([worker, person])
        db.session.flush()
        note = VisitNote(participant_id=person.id, author_id=worker.id,
                         visit_date=date(2026, 1, 5), body="Annat team", status="submitted")
        db.session.add(note)
        db.session.commit()
        return {"worker": worker.uuid, "participant": person.uuid, "note": note.uuid}
