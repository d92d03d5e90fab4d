"""Deny by default, security headers, passwords, throttling, sessions, CSRF."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from core.models import (
    FollowUp,
    Goal,
    LoginAttempt,
    NoteAddendum,
    Participant,
    Plan,
    Review,
    Step,
    Tenancy,
    User,
    UserSession,
    VisitNote,
)
from webapp.extensions import db
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
    invite = {"participants.redeem", "participants.account"}  # a participant's first login
    assert all(e.startswith(("auth.", "pwa.", "api.", "static")) for e in PUBLIC_ENDPOINTS - invite)
    assert invite <= PUBLIC_ENDPOINTS
    assert len(PUBLIC_ENDPOINTS) <= 12


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


def test_nul_character_in_a_form_query_or_path_is_a_400_before_the_database(
        client, auth, demo_app):
    # PostgreSQL text cannot hold NUL: the driver would raise and the user get a 500.
    token = auth.csrf_token("/login")
    resp = client.post("/login", data={"username": "sa\x00ra", "password": "x",
                                       "csrf_token": token})
    assert resp.status_code == 400
    auth.login("eva")
    token = auth.api_token()
    resp = client.post("/participants/new", data={"preferred_name": "Nils\x00",
                                                  "joined_on": "2026-01-01", "csrf_token": token})
    assert resp.status_code == 400
    assert client.get("/review/notes/%00").status_code == 400
    assert client.get("/team?x=%00").status_code == 400
    with demo_app.app_context():
        names = [*db.session.execute(select(LoginAttempt.username)).scalars(),
                 *db.session.execute(select(Participant.preferred_name)).scalars()]
    assert not any("\x00" in name for name in names)


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


PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def _payload_everywhere(app) -> dict[str, str]:
    """Ali's name, goal, step, note, review, addendum, follow-up and tenancy hold the payload."""
    with app.app_context():
        ali = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Ali")).scalar_one()
        sara, eva = (db.session.execute(select(User).where(User.username == n)).scalar_one()
                     for n in ("sara", "eva"))
        ali.preferred_name = PAYLOAD
        plan = db.session.execute(select(Plan).where(Plan.participant_id == ali.id)).scalar_one()
        goal = Goal(plan_id=plan.id, participant_id=ali.id, life_area="home", own_words=PAYLOAD,
                    why_it_matters=PAYLOAD, status_comment=PAYLOAD)
        db.session.add(goal)
        db.session.flush()
        note = VisitNote(participant_id=ali.id, author_id=sara.id, visit_date=date(2026, 1, 2),
                         participant_topics=PAYLOAD, body=PAYLOAD, next_steps=PAYLOAD,
                         status="returned")
        db.session.add_all([note, Step(goal_id=goal.id, participant_id=ali.id, what=PAYLOAD),
                            FollowUp(participant_id=ali.id, title=PAYLOAD, due_on=date(2026, 1, 3),
                                     goal_id=goal.id, done_on=date(2026, 1, 3), outcome=PAYLOAD),
                            Tenancy(participant_id=ali.id, address=PAYLOAD, landlord=PAYLOAD,
                                    start_date=date(2020, 1, 1), end_date=date(2020, 2, 1),
                                    end_reason="other", end_comment=PAYLOAD)])
        db.session.flush()
        db.session.add_all([Review(note_id=note.id, participant_id=ali.id, reviewer_id=eva.id,
                                   decision="returned", comment=PAYLOAD),
                            NoteAddendum(note_id=note.id, participant_id=ali.id,
                                         author_id=sara.id, body=PAYLOAD)])
        db.session.commit()
        return {"participant": ali.uuid, "goal": goal.uuid, "note": note.uuid}


def _assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html, where
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where


def test_payloads_in_name_goal_and_note_render_as_text(demo_app, client, auth):
    ids = _payload_everywhere(demo_app)
    p, g, n = ids["participant"], ids["goal"], ids["note"]
    auth.login("sara")
    for path in ("/", f"/participants/{p}", f"/notes/{n}", f"/notes/{n}/edit",
                 f"/participants/{p}/followups/new", f"/goals/{g}/status",
                 f"/goals/{g}/steps/new", f"/participants/{p}/notes/new"):
        _assert_escaped(client.get(path).get_data(as_text=True), path)
    auth.logout()
    auth.login("eva")
    for path in ("/team", "/review", f"/review/notes/{n}"):
        _assert_escaped(client.get(path).get_data(as_text=True), path)
    token = auth.api_token()
    resp = client.post("/participants/new", data={"preferred_name": PAYLOAD,
                                                  "joined_on": "2026-01-01", "csrf_token": token},
                       follow_redirects=True)
    _assert_escaped(resp.get_data(as_text=True), "flash after creating a participant")

