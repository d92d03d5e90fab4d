"""Only admins reach /admin (403 for others); admins never reach participant data."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.models import Participant, VisitNote
from tests.admin.helpers import get_user, logged_in, post_form
from webapp.extensions import db

ADMIN_PAGES = ["/admin/users", "/admin/teams", "/admin/users/new"]


@pytest.mark.parametrize("username", ["sara", "eva", "kim"])
def test_admin_pages_are_forbidden_to_other_roles(demo_app, username):
    client, auth = logged_in(demo_app, username)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    omar = get_user(demo_app, "omar")
    for verb in ("deactivate", "password"):
        resp = post_form(client, auth, f"/admin/users/{omar.uuid}/{verb}", page="/admin/users",
                         password="x" * 12, password_again="x" * 12)
        assert resp.status_code == 403
    assert get_user(demo_app, "omar") .active is True
    assert get_user(demo_app, "omar").password_hash == omar.password_hash


def test_admin_cannot_open_any_participant_page_or_note(demo_app):
    with demo_app.app_context():
        ali = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Ali")).scalar_one()
        note = db.session.execute(select(VisitNote.uuid).where(
            VisitNote.participant_id == ali.id, VisitNote.status == "submitted")).scalars().first()
        ali_uuid = ali.uuid
    client, _ = logged_in(demo_app, "admin")
    for path in (f"/participants/{ali_uuid}", f"/review/notes/{note}", "/team", "/review"):
        resp = client.get(path)
        assert resp.status_code in (403, 404), path
        assert "Ali" not in resp.get_data(as_text=True)


def test_admin_forms_need_a_csrf_token(demo_app):
    client, _ = logged_in(demo_app, "admin")
    assert client.post("/admin/teams", data={"name": "Utan token"}).status_code == 400
    assert client.post("/admin/users/new", data={"username": "x"}).status_code == 400


def test_admin_lands_on_the_user_list_after_login(demo_app):
    client, _ = logged_in(demo_app, "admin")
    assert client.get("/login").headers["Location"].endswith("/admin/users")
