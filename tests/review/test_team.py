"""The team page and caseload assignments (team lead only, own team only)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.models import Assignment, AuditEvent
from tests.review.helpers import other_team, participant, user
from webapp.extensions import db


def _assign(client, auth, participant_uuid, user_uuid, path="/team/assign"):
    token = auth.csrf_token("/team")
    data = {"participant": participant_uuid, "user": user_uuid, "csrf_token": token}
    if path == "/team/unassign":
        data["confirm"] = "1"  # as the confirmation page sends it (tests/review/test_removal.py)
    return client.post(path, data=data)


def _uuids(app, name, username):
    with app.app_context():
        return participant(name).uuid, user(username).uuid


def _assignments(app, name, username):
    with app.app_context():
        p, u = participant(name), user(username)
        return db.session.execute(select(Assignment).where(
            Assignment.participant_id == p.id, Assignment.user_id == u.id)).scalars().all()


def test_team_page_lists_participants_workers_and_caseload_sizes(client, auth):
    auth.login("eva")
    resp = client.get("/team")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    for name in ("Kim", "Ali", "Marko", "Jonas", "Sara Lind", "Omar Haddad"):
        assert name in html
    assert "6 deltagare" in html and "4 deltagare" in html  # Jonas has left: not counted
    assert "Ingen boendestödjare" in html  # Marko is unassigned
    assert "Senaste hembesök" in html and "Nästa uppföljning" in html


def test_team_page_shows_no_participant_of_another_team(demo_app, client, auth):
    other_team(demo_app)
    auth.login("eva")
    html = client.get("/team").get_data(as_text=True)
    assert "Zelda" not in html and "Bo Ek" not in html


def test_assign_then_unassign_tombstones_and_reassign_revives_the_same_row(
        demo_app, client, auth):
    marko, omar = _uuids(demo_app, "Marko", "omar")
    auth.login("eva")
    resp = _assign(client, auth, marko, omar)
    assert resp.status_code == 303
    [row] = _assignments(demo_app, "Marko", "omar")
    assert row.deleted_at is None
    first_version = row.version

    assert _assign(client, auth, marko, omar, "/team/unassign").status_code == 303
    [row] = _assignments(demo_app, "Marko", "omar")
    assert row.deleted_at is not None and row.version > first_version
    tombstone_version = row.version

    assert _assign(client, auth, marko, omar).status_code == 303
    [row] = _assignments(demo_app, "Marko", "omar")  # never a second row, never deleted
    assert row.deleted_at is None and row.version > tombstone_version


def test_assigning_twice_keeps_one_live_assignment(demo_app, client, auth):
    ali, sara = _uuids(demo_app, "Ali", "sara")
    auth.login("eva")
    assert _assign(client, auth, ali, sara).status_code == 303
    assert len(_assignments(demo_app, "Ali", "sara")) == 1


def test_assignment_changes_are_audited_with_the_participant(demo_app, client, auth):
    marko, omar = _uuids(demo_app, "Marko", "omar")
    auth.login("eva")
    _assign(client, auth, marko, omar)
    _assign(client, auth, marko, omar, "/team/unassign")
    with demo_app.app_context():
        marko_id = participant("Marko").id
        actions = db.session.execute(select(AuditEvent.action).where(
            AuditEvent.participant_id == marko_id)).scalars().all()
    assert actions == ["assignment.create", "assignment.delete"]


def test_participant_of_another_team_cannot_be_assigned_or_unassigned(demo_app, client, auth):
    other = other_team(demo_app)
    _, omar = _uuids(demo_app, "Marko", "omar")
    auth.login("eva")
    assert _assign(client, auth, other["participant"], omar).status_code == 404
    assert _assign(client, auth, other["participant"], other["worker"],
                   "/team/unassign").status_code == 404


def test_only_case_managers_of_the_same_team_can_be_assigned(demo_app, client, auth):
    other = other_team(demo_app)
    marko, eva = _uuids(demo_app, "Marko", "eva")
    auth.login("eva")
    for worker in (other["worker"], eva, "no-such-user"):
        resp = _assign(client, auth, marko, worker)
        assert resp.status_code == 400
        assert "Välj en aktiv boendestödjare i teamet." in resp.get_data(as_text=True)
    with demo_app.app_context():
        marko_id = participant("Marko").id
        assert db.session.execute(select(Assignment).where(
            Assignment.participant_id == marko_id)).first() is None


def test_assign_without_a_choice_shows_the_error_next_to_the_row(demo_app, client, auth):
    marko, _ = _uuids(demo_app, "Marko", "omar")
    auth.login("eva")
    resp = _assign(client, auth, marko, "")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert f'id="assign-{marko}-error"' in html and "Välj en boendestödjare." in html


def test_deactivated_case_manager_cannot_be_assigned(demo_app, client, auth):
    marko, omar = _uuids(demo_app, "Marko", "omar")
    with demo_app.app_context():
        user("omar").active = False
        db.session.commit()
    auth.login("eva")
    assert _assign(client, auth, marko, omar).status_code == 400


def test_assign_without_csrf_token_is_refused(demo_app, client, auth):
    marko, omar = _uuids(demo_app, "Marko", "omar")
    auth.login("eva")
    resp = client.post("/team/assign", data={"participant": marko, "user": omar})
    assert resp.status_code == 400
    assert _assignments(demo_app, "Marko", "omar") == []


@pytest.mark.parametrize("username", ["sara", "admin", "kim"])
def test_team_pages_are_forbidden_to_other_roles(demo_app, client, auth, username):
    marko, omar = _uuids(demo_app, "Marko", "omar")
    auth.login(username)
    assert client.get("/team").status_code == 403
    assert _assign(client, auth, marko, omar).status_code == 403
    assert _assign(client, auth, marko, omar, "/team/unassign").status_code == 403
    assert _assignments(demo_app, "Marko", "omar") == []
