"""Admin: password reset and deactivation end the user's sessions at once."""
from __future__ import annotations

from sqlalchemy import select

from core.models import UserSession
from tests.admin.helpers import get_user, logged_in, post_form
from tests.conftest import AuthActions
from webapp.extensions import db

NEW_PASSWORD = "nytt lösenord 2026"


def _reset(client, auth, user_uuid, password=NEW_PASSWORD, again=None):
    path = f"/admin/users/{user_uuid}/password"
    return post_form(client, auth, path, password=password, password_again=again or password)


def _toggle(client, auth, user_uuid, verb):
    return post_form(client, auth, f"/admin/users/{user_uuid}/{verb}", page="/admin/users")


def _is_logged_out(client) -> bool:
    resp = client.get("/team")
    return resp.status_code == 302 and "/login" in resp.headers["Location"]


def _open_sessions(app, user_id) -> int:
    with app.app_context():
        return len(db.session.execute(select(UserSession).where(
            UserSession.user_id == user_id, UserSession.revoked_at.is_(None))).all())


def test_password_reset_replaces_the_old_password_and_logs_the_user_out(demo_app):
    eva_client, _ = logged_in(demo_app, "eva")
    assert eva_client.get("/team").status_code == 200
    admin, auth = logged_in(demo_app, "admin")
    eva = get_user(demo_app, "eva")
    assert _reset(admin, auth, eva.uuid).status_code == 303
    assert _is_logged_out(eva_client)
    fresh = AuthActions(demo_app.test_client())
    assert fresh.login("eva").status_code == 200  # old password: refused, form shown again
    assert fresh.login("eva", NEW_PASSWORD).status_code == 302


def test_password_reset_needs_ten_characters_and_matching_repeat(demo_app):
    admin, auth = logged_in(demo_app, "admin")
    sara = get_user(demo_app, "sara")
    resp = _reset(admin, auth, sara.uuid, password="kort", again="kort")
    assert resp.status_code == 400 and "Använd minst 10 tecken." in resp.get_data(as_text=True)
    resp = _reset(admin, auth, sara.uuid, again="något annat lösenord")
    assert resp.status_code == 400
    assert "Lösenorden är inte lika." in resp.get_data(as_text=True)
    assert get_user(demo_app, "sara").password_hash == sara.password_hash


def test_deactivation_logs_the_user_out_on_their_next_request(demo_app):
    sara_client, _ = logged_in(demo_app, "sara")
    assert sara_client.get("/").status_code == 200
    admin, auth = logged_in(demo_app, "admin")
    sara = get_user(demo_app, "sara")
    assert _toggle(admin, auth, sara.uuid, "deactivate").status_code == 303
    after = get_user(demo_app, "sara")
    assert after.active is False and after.deactivated_at is not None
    assert _open_sessions(demo_app, sara.id) == 0
    resp = sara_client.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert AuthActions(demo_app.test_client()).login("sara").status_code == 200  # refused


def test_reactivated_user_can_log_in_again(demo_app):
    admin, auth = logged_in(demo_app, "admin")
    sara = get_user(demo_app, "sara")
    _toggle(admin, auth, sara.uuid, "deactivate")
    assert _toggle(admin, auth, sara.uuid, "reactivate").status_code == 303
    after = get_user(demo_app, "sara")
    assert after.active is True and after.deactivated_at is None
    logged_in(demo_app, "sara")


def test_admin_cannot_deactivate_themselves(demo_app):
    admin, auth = logged_in(demo_app, "admin")
    me = get_user(demo_app, "admin")
    resp = _toggle(admin, auth, me.uuid, "deactivate")
    assert resp.status_code == 400
    assert "Du kan inte inaktivera ditt eget konto." in resp.get_data(as_text=True)
    assert get_user(demo_app, "admin").active is True
    assert admin.get("/admin/users").status_code == 200


def test_deactivation_needs_post_and_a_csrf_token(demo_app):
    admin, _ = logged_in(demo_app, "admin")
    sara = get_user(demo_app, "sara")
    assert admin.get(f"/admin/users/{sara.uuid}/deactivate").status_code == 405
    assert admin.post(f"/admin/users/{sara.uuid}/deactivate").status_code == 400
    assert get_user(demo_app, "sara").active is True


def test_unknown_user_is_not_found(demo_app):
    admin, auth = logged_in(demo_app, "admin")
    assert admin.get("/admin/users/no-such-user/password").status_code == 404
    assert _toggle(admin, auth, "no-such-user", "deactivate").status_code == 404
