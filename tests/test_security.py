"""Deny by default, security headers, passwords, throttling, sessions, CSRF."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import LoginAttempt, User, UserSession
from webapp.security import PUBLIC_ENDPOINTS

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _sample_url(rule) -> str:
    values = {}
    for arg in rule.arguments:
        conv = rule._converters[arg]
        values[arg] = 1 if type(conv).__name__ in ("IntegerConverter",) else (
            str(uuid.uuid4()) if "uuid" in arg else "x")
    return rule.build(values, append_unknown=False)[1]


def _protected_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods & set(METHODS)):
            yield rule, method


def test_every_non_public_route_sends_anonymous_users_to_login(demo_app):
    client = demo_app.test_client()
    checked = 0
    for rule, method in _protected_rules(demo_app):
        url = _sample_url(rule)
        resp = client.open(url, method=method)
        if url.startswith("/api/"):
            assert resp.status_code == 401, (method, url, resp.status_code)
            assert resp.get_json()["error"] == "unauthorized"
        else:
            assert resp.status_code == 302, (method, url, resp.status_code)
            assert resp.headers["Location"].startswith("/login"), (method, url)
        checked += 1
    assert checked >= 3


def test_public_allow_list_is_small_and_explicit():
    assert "static" in PUBLIC_ENDPOINTS
    assert all(e.startswith(("auth.", "pwa.", "api.", "static")) for e in PUBLIC_ENDPOINTS)
    assert len(PUBLIC_ENDPOINTS) <= 10


def _assert_security_headers(resp):
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_ok_and_not_found(client):
    for path, code in (("/login", 200), ("/no-such-page", 404)):
        resp = client.get(path)
        assert resp.status_code == code
        _assert_security_headers(resp)


def test_security_headers_and_json_on_server_error(demo_app, auth):
    demo_app.config["PROPAGATE_EXCEPTIONS"] = False

    @demo_app.route("/boom-test")
    def boom():
        raise RuntimeError("secret-internal-detail")

    auth.login("sara")
    resp = auth._client.get("/boom-test")
    assert resp.status_code == 500
    _assert_security_headers(resp)
    body = resp.get_data(as_text=True)
    assert "secret-internal-detail" not in body and "Traceback" not in body


def test_api_not_found_is_json(client, auth):
    auth.login("sara")
    resp = client.get("/api/no-such-thing")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"


def test_pages_are_not_cached(client, auth):
    auth.login("sara")
    resp = client.get("/login", follow_redirects=True)
    assert resp.headers["Cache-Control"] == "no-store"


def test_passwords_are_argon2id(demo_app):
    with demo_app.app_context():
        hashes = db.session.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_production_password_hasher_meets_owasp_argon2id_parameters():
    from webapp.auth.passwords import make_hasher

    hasher = make_hasher(fast=False)
    assert hasher.type.name == "ID"
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2
    assert hasher.hash("x").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_login_is_refused_after_five_failures_even_with_right_password(client, auth):
    for _ in range(5):
        assert "Fel användarnamn" in auth.login("sara", "wrong").get_data(as_text=True)
    resp = auth.login("sara")
    assert resp.status_code == 200
    assert "För många misslyckade försök" in resp.get_data(as_text=True)


def test_throttle_is_per_account_and_expires(client, auth, demo_app):
    for _ in range(5):
        auth.login("sara", "wrong")
    assert auth.login("omar").status_code == 302  # another account is unaffected
    auth.logout()
    with demo_app.app_context():
        db.session.execute(update(LoginAttempt).values(at=LoginAttempt.at - timedelta(seconds=61)))
        db.session.commit()
    assert auth.login("sara").status_code == 302


def test_failed_attempts_are_recorded_in_the_database(client, auth, demo_app):
    auth.login("nobody", "x")
    with demo_app.app_context():
        rows = db.session.execute(select(LoginAttempt).where(LoginAttempt.username == "nobody"))
        assert [r.success for r in rows.scalars()] == [False]


def test_username_that_lower_cases_past_the_column_length_is_a_plain_failed_login(
        client, auth, demo_app):
    # 64 characters typed, 128 after lower(): PostgreSQL would refuse the row (a 500).
    resp = auth.login("\u0130" * 64, "x")
    assert resp.status_code == 200
    assert "Fel användarnamn" in resp.get_data(as_text=True)
    with demo_app.app_context():
        names = db.session.execute(select(LoginAttempt.username)).scalars().all()
    limit = LoginAttempt.__table__.c.username.type.length
    assert all(len(name) <= limit for name in names)


def _sid_hashes(app, username):
    with app.app_context():
        return db.session.execute(
            select(UserSession.sid_hash, UserSession.revoked_at)
            .join(User).where(User.username == username).order_by(UserSession.id)
        ).all()


def test_session_id_changes_at_login_and_dies_at_logout(client, auth, demo_app):
    with client.session_transaction() as sess:
        sess["_user_id"] = "attacker-chosen-id"  # session fixation attempt
        sess["planted"] = "x"
    auth.login("sara")
    with client.session_transaction() as sess:
        first_sid = sess["_user_id"]
        assert first_sid != "attacker-chosen-id" and "planted" not in sess
    old_cookie = client.get_cookie("bokvar_session").value
    auth.logout()
    auth.login("sara")
    with client.session_transaction() as sess:
        assert sess["_user_id"] != first_sid
    rows = _sid_hashes(demo_app, "sara")
    assert len(rows) == 2 and rows[0].revoked_at is not None and rows[1].revoked_at is None
    # A copy of the old cookie is worthless after logout.
    other = demo_app.test_client()
    other.set_cookie("bokvar_session", old_cookie)
    assert other.get("/api/session").get_json()["user"] is None
    assert other.get("/api/devices").status_code == 401


def test_logout_requires_csrf_token(client, auth):
    auth.login("sara")
    assert client.post("/logout", data={}).status_code == 400


def test_open_redirect_after_login_is_refused(client, auth):
    token = auth.csrf_token("/login")
    resp = client.post("/login", data={"username": "sara", "password": "bokvar-demo",
                                       "csrf_token": token, "next": "//evil.example/x"})
    assert resp.status_code == 302
    assert not resp.headers["Location"].startswith("//")
    assert "evil" not in resp.headers["Location"]


@pytest.mark.parametrize("target", ["/\t/evil.example/x", "/\n/evil.example/x",
                                    "/\r\n/evil.example", "/ /evil.example", "/\\evil.example"])
def test_next_with_whitespace_or_control_characters_never_leaves_the_site(client, auth, target):
    # Browsers drop tabs and newlines in URLs: "/\t/evil" would be "//evil".
    token = auth.csrf_token("/login")
    resp = client.post("/login", data={"username": "sara", "password": "bokvar-demo",
                                       "csrf_token": token, "next": target})
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert "evil" not in location and not location.startswith("//")


def test_language_switch_never_redirects_off_site(client, auth):
    token = auth.csrf_token("/login")
    resp = client.post("/language", data={"locale": "en", "csrf_token": token,
                                          "next": "/\t/evil.example"})
    assert resp.status_code == 302
    assert "evil" not in resp.headers["Location"]


def test_local_next_with_a_query_string_is_kept(client, auth):
    token = auth.csrf_token("/login")
    resp = client.post("/login", data={"username": "sara", "password": "bokvar-demo",
                                       "csrf_token": token, "next": "/team?lang=en"})
    assert resp.headers["Location"] == "/team?lang=en"


def test_deactivated_user_cannot_log_in(client, auth, demo_app):
    with demo_app.app_context():
        db.session.execute(update(User).where(User.username == "omar").values(active=False))
        db.session.commit()
    resp = auth.login("omar")
    assert resp.status_code == 200
    assert "Fel användarnamn" in resp.get_data(as_text=True)


@pytest.mark.parametrize("lang,text", [("sv", "Logga in"), ("en", "Log in")])
def test_language_can_be_chosen_before_login(client, auth, lang, text):
    token = auth.csrf_token("/login")
    client.post("/language", data={"locale": lang, "csrf_token": token})
    html = client.get("/login").get_data(as_text=True)
    assert re.search(rf"<h1>{text}", html)
