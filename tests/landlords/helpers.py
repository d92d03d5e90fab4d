"""Helpers for the landlord tests: an app on the demo data (CSRF off: these tests are
about behaviour; CSRF has its own tests), logins, rows read straight from the database."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import team_today
from core.models import (
    ActionPlan,
    ActionPlanItem,
    FollowUp,
    Landlord,
    LandlordReport,
    Participant,
    Tenancy,
    User,
    VisitNote,
)
from tests.conftest import DEMO_PASSWORD, make_app
from tests.databases import copy_of, drop
from webapp.extensions import db


@pytest.fixture
def lapp(demo_template_db, tmp_path):
    url = copy_of(demo_template_db, tmp_path)
    app = make_app(url, WTF_CSRF_ENABLED=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop(url)


def login(app, username):
    client = app.test_client()
    resp = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert resp.status_code == 302, f"login {username} failed"
    return client


def person(name: str) -> Participant:
    return db.session.execute(
        select(Participant).where(Participant.preferred_name == name)).scalar_one()


def user(username: str) -> User:
    return db.session.execute(select(User).where(User.username == username)).scalar_one()


def current_tenancy(name: str) -> Tenancy:
    return db.session.execute(select(Tenancy).where(
        Tenancy.participant_id == person(name).id, Tenancy.end_date.is_(None))).scalar_one()


def plan_of(tenancy: Tenancy) -> ActionPlan | None:
    return db.session.execute(select(ActionPlan).where(
        ActionPlan.tenancy_id == tenancy.id)).scalars().first()


def reports_of(tenancy: Tenancy) -> list[LandlordReport]:
    return list(db.session.execute(select(LandlordReport).where(
        LandlordReport.tenancy_id == tenancy.id).order_by(LandlordReport.id)).scalars())


def followups_of(name: str, kind: str) -> list[FollowUp]:
    return list(db.session.execute(select(FollowUp).where(
        FollowUp.participant_id == person(name).id, FollowUp.kind == kind,
        FollowUp.deleted_at.is_(None)).order_by(FollowUp.due_on, FollowUp.id)).scalars())


def team_landlord(name: str) -> Landlord:
    return db.session.execute(select(Landlord).where(Landlord.name == name)).scalar_one()


def add_item(plan: ActionPlan, text: str, sharing: str) -> ActionPlanItem:
    item = ActionPlanItem(plan_id=plan.id, participant_id=plan.participant_id, text=text,
                          written_by="participant", sharing=sharing, answered_on=team_today())
    db.session.add(item)
    db.session.flush()
    return item


def add_note(name: str, body: str, status: str = "signed") -> VisitNote:
    p = person(name)
    note = VisitNote(participant_id=p.id, author_id=user("sara").id, visit_date=team_today(),
                     kind="home_visit", body=body, status=status)
    db.session.add(note)
    db.session.flush()
    return note
