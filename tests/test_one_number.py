"""One number everywhere (core/due.py): active participants, overdue follow-ups and
due dates are counted by one rule, so every page shows the same number; participants
who left drop out of every due list."""
from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from core import access, due
from core.clock import team_today
from core.models import FollowUp, Participant, User
from tests.admin.helpers import logged_in
from webapp.extensions import db
from webapp.pages import today

D = date(2026, 3, 10)


def _person(status="active", deleted=None):
    return SimpleNamespace(status=status, deleted_at=deleted)


def _followup(days, done=None, deleted=None):
    return SimpleNamespace(due_on=D + timedelta(days=days), done_on=done, deleted_at=deleted)


def test_in_programme_means_not_left_and_not_deleted():
    assert due.in_programme("active") and due.in_programme("paused")
    assert not due.in_programme("left")
    assert not due.in_programme("active", deleted=D)


@pytest.mark.parametrize(("days", "overdue", "soon"), [
    (-1, True, False), (0, False, True), (7, False, True), (8, False, False)])
def test_overdue_before_today_and_due_soon_today_to_seven_days(days, overdue, soon):
    assert due.is_overdue(D + timedelta(days=days), D) is overdue
    assert due.is_due_soon(D + timedelta(days=days), D) is soon


def test_a_participant_who_left_has_nothing_due_or_overdue():
    items = [_followup(-3), _followup(1)]
    assert len(due.overdue(items, _person(), D)) == 1
    assert due.overdue(items, _person("left"), D) == []
    assert not any(due.is_due(f, _person("left")) for f in items)
    assert not due.is_due(_followup(-3, done=D), _person())
    assert not due.is_due(_followup(-3, deleted=D), _person())
    assert due.plan_review_overdue(D - timedelta(days=1), _person(), D)
    assert not due.plan_review_overdue(D - timedelta(days=1), _person("left"), D)
    assert not due.plan_review_overdue(None, _person(), D)


def test_first_hand_lease_is_due_18_months_after_move_in():
    assert due.first_hand_eligible_on(date(2024, 1, 1)) == date(2025, 7, 2)


def _overdue_count(app, username):
    with app.test_request_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        return due.overdue_count(db.session(), access.participant_ids_query(user), today())


def _number(pattern: str, html: str) -> int:
    match = re.search(pattern, html)
    assert match, pattern
    return int(match.group(1))


def test_the_counts_agree_on_the_admin_team_and_caseload_pages(demo_app):
    with demo_app.app_context():
        team_id = db.session.execute(select(User.team_id).where(User.username == "eva")).scalar()
        active = due.active_participant_count(db.session(), team_id)
        left = db.session.execute(select(Participant).where(Participant.status == "left")).scalars().all()
    assert active == 11 and [p.preferred_name for p in left] == ["Jonas"]

    admin, _ = logged_in(demo_app, "admin")
    teams = admin.get("/admin/teams").get_data(as_text=True)
    assert _number(r"(\d+) deltagare", teams) == active

    eva, _ = logged_in(demo_app, "eva")
    team = eva.get("/team").get_data(as_text=True)
    assert _number(r'Deltagare <span class="muted">\((\d+)\)', team) == active
    assert "1 deltagare som har lämnat programmet" in team

    for username in ("omar", "sara"):
        client, _ = logged_in(demo_app, username)
        html = client.get("/").get_data(as_text=True)
        expected = _overdue_count(demo_app, username)
        assert _number(r"(\d+) försenade? uppföljning", html) == expected
    # omar's caseload holds Jonas, who left with an overdue plan review: not counted.
    assert _overdue_count(demo_app, "omar") == 1  # Fatima's plan review


def test_a_participant_who_left_shows_nothing_as_overdue(demo_app):
    with demo_app.app_context():
        jonas = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Jonas")).scalar_one()
        open_ = db.session.execute(select(FollowUp).where(
            FollowUp.participant_id == jonas.id, FollowUp.done_on.is_(None))).scalars().all()
        assert any(f.due_on < team_today() for f in open_)  # the demo keeps one open
        uuid = jonas.uuid
    client, _ = logged_in(demo_app, "omar")
    page = client.get(f"/participants/{uuid}").get_data(as_text=True)
    assert "Försenad" not in page
    eva, _ = logged_in(demo_app, "eva")
    team = eva.get("/team").get_data(as_text=True)
    row = team[team.index(f'id="p-{uuid}"'):]
    row = row[:row.index("</li>")]
    assert "Försenad" not in row and "Denna vecka" not in row
