"""Admin: list and create users; validation keeps what was typed."""
from __future__ import annotations

from sqlalchemy import func, select

from core.models import Team, User
from tests.admin.helpers import get_user, logged_in, post_form
from webapp.auth.passwords import verify_password
from webapp.extensions import db

NEW_USER = {"username": "lena", "display_name": "Lena Holm", "role": "case_manager",
            "locale": "sv", "password": "ett långt lösenord"}


def _team_uuid(app, name="Bostad först-teamet") -> str:
    with app.app_context():
        return db.session.execute(select(Team.uuid).where(Team.name == name)).scalar_one()


def _user_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(User.id))).scalar_one()


def test_user_list_shows_accounts_and_no_participant_data(demo_app):
    client, _ = logged_in(demo_app, "admin")
    html = client.get("/admin/users").get_data(as_text=True)
    for text in ("sara", "Sara Lind", "Omar Haddad", "Eva Berg", "Teamledare", "Aktiv"):
        assert text in html
    for participant_data in ("Ali", "Birgitta", "Marko", "Drottninggatan", "Hembesök"):
        assert participant_data not in html


def test_admin_creates_a_user_with_an_argon2id_hash_who_can_log_in(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/users/new", **NEW_USER, team=_team_uuid(demo_app))
    assert resp.status_code == 303
    lena = get_user(demo_app, "lena")
    assert (lena.display_name, lena.role, lena.active) == ("Lena Holm", "case_manager", True)
    assert lena.password_hash.startswith("$argon2id$")
    assert verify_password(lena.password_hash, NEW_USER["password"])
    logged_in(demo_app, "lena", NEW_USER["password"])


def test_invalid_new_user_shows_errors_and_keeps_typed_values(demo_app):
    client, auth = logged_in(demo_app, "admin")
    before = _user_count(demo_app)
    resp = post_form(client, auth, "/admin/users/new", **{**NEW_USER, "password": "kort"},
                     team="")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert 'value="lena"' in html and 'value="Lena Holm"' in html
    assert "Använd minst 10 tecken." in html
    assert "Välj ett team för den här rollen." in html
    assert "kort" not in html.split("<main", 1)[1]  # passwords are never echoed
    assert _user_count(demo_app) == before


def test_duplicate_username_is_refused_whatever_the_case(demo_app):
    client, auth = logged_in(demo_app, "admin")
    before = _user_count(demo_app)
    resp = post_form(client, auth, "/admin/users/new", **{**NEW_USER, "username": " Sara "},
                     team=_team_uuid(demo_app))
    assert resp.status_code == 400
    assert "Användarnamnet är redan upptaget." in resp.get_data(as_text=True)
    assert _user_count(demo_app) == before


def test_admin_may_have_no_team(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/users/new",
                     **{**NEW_USER, "username": "it", "role": "admin"}, team="")
    assert resp.status_code == 303
    assert get_user(demo_app, "it").team_id is None


def test_unknown_team_is_refused(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/users/new", **NEW_USER, team="no-such-team")
    assert resp.status_code == 400
