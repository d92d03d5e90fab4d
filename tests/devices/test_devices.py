"""Devices ("Mina enheter"), the device key and the team's app-lock settings."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Device, Team, UserSession, utcnow
from tests.admin.helpers import logged_in, post_form
from tests.api.conftest import ApiClient
from webapp.devices.ua import describe
from webapp.extensions import db

ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")


def _device_key(api: ApiClient, ua: str = ANDROID):
    return api.http.post("/api/devices/key", json={"clientID": api.client_id},
                         headers={"X-CSRFToken": api.csrf, "User-Agent": ua})


def _device(app, client_id: str) -> Device:
    with app.app_context():
        device = db.session.execute(select(Device).where(Device.client_id == client_id)).scalar_one()
        db.session.expunge(device)
        return device


@pytest.mark.parametrize("ua,expected", [
    (ANDROID, ("Chrome 131", "Android 14")),
    (IPHONE, ("Safari 17", "iOS 17")),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", ("Firefox 133", "Linux")),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", ("Edge 131", "Windows")),
    ("", ("", "")),
])
def test_browser_and_system_are_read_from_the_user_agent(ua, expected):
    assert describe(ua) == expected


def test_a_login_gets_the_device_key_once_and_the_next_login_the_same_key(api, demo_app):
    first = _device_key(api)
    assert first.status_code == 200, first.get_data(as_text=True)
    body = first.get_json()
    assert re.fullmatch(r"[0-9a-f]{64}", body["key"])
    assert body["policy"] == {"lockIdleMinutes": 5, "offlineDays": 14}
    # Once per login: a reload a minute later does not open the app without its PIN.
    again = _device_key(api)
    assert again.status_code == 403 and again.get_json()["error"] == "reauth_required"
    assert api.session()["keyAvailable"] is False
    second = ApiClient(demo_app, "sara")  # the next password login: the same key
    second.client_id = api.client_id
    assert _device_key(second).get_json()["key"] == body["key"]
    device = _device(demo_app, api.client_id)  # an unknown client id was registered
    assert device.key_secret == body["key"] and device.user_agent == ANDROID
    with demo_app.app_context():
        assert db.session.execute(select(AuditEvent).where(
            AuditEvent.action == "device.key")).scalars().first() is not None


def test_a_kept_session_cookie_alone_gets_no_key(api, demo_app):
    """A lost phone holds its session cookie: the key needs the password again."""
    with demo_app.app_context():
        db.session.execute(UserSession.__table__.update().values(
            created_at=utcnow() - timedelta(seconds=601)))
        db.session.commit()
    resp = _device_key(api)
    assert resp.status_code == 403 and resp.get_json()["error"] == "reauth_required"
    assert api.session()["keyAvailable"] is False
    # Logging in again (the field app's "log in with your password") hands it out.
    api.http.get("/login?reauth=1")
    from tests.conftest import AuthActions
    auth = AuthActions(api.http)
    page = api.http.get("/login?reauth=1&next=/app/")
    assert page.status_code == 200 and "lösenord för att låsa upp" in page.get_data(as_text=True)
    resp = api.http.post("/login?reauth=1&next=/app/", data={
        "username": "sara", "password": "bokvar-demo", "next": "/app/",
        "csrf_token": auth.csrf_token("/login?reauth=1")})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/app/")
    api.csrf = api.session()["csrfToken"]
    assert api.session()["keyAvailable"] is True
    assert _device_key(api).status_code == 200
    with demo_app.app_context():  # the session from before the login again is over
        live = db.session.execute(select(UserSession).where(
            UserSession.revoked_at.is_(None))).scalars().all()
        assert len(live) == 1


def test_a_revoked_device_gets_no_key_and_hears_it_without_a_session(api, make_api, demo_app):
    assert _device_key(api).status_code == 200
    admin = make_api("admin")
    assert admin.post(f"/api/devices/{api.client_id}/revoke", None).status_code == 200
    anonymous = make_api()
    body = anonymous.http.get(f"/api/session?clientID={api.client_id}").get_json()
    assert body["user"] is None and body["device"] == "revoked"
    assert anonymous.http.get(f"/api/session?clientID={anonymous.client_id}").get_json()[
        "device"] == "unknown"
    assert anonymous.http.get("/api/session?clientID=not-a-uuid").get_json()["device"] == "unknown"
    # The owner logs in again on that phone: still no key for that device.
    again = ApiClient(demo_app, "sara")
    again.client_id = api.client_id
    resp = _device_key(again)
    assert resp.status_code == 403 and resp.get_json()["error"] == "device_revoked"
    assert _device(demo_app, api.client_id).revoked_by_id is not None


def test_session_carries_the_teams_lock_policy(api, demo_app):
    with demo_app.app_context():
        team = db.session.execute(select(Team)).scalars().first()
        team.lock_idle_minutes, team.offline_days = 3, 7
        db.session.commit()
    body = api.session()
    assert body["policy"] == {"lockIdleMinutes": 3, "offlineDays": 7}
    assert body["keyAvailable"] is True


def test_a_complete_pull_is_the_devices_last_sync(api, demo_app):
    api.pull_all()
    assert _device(demo_app, api.client_id).last_sync_at is not None


def test_my_devices_lists_mine_with_browser_system_and_sync(demo_app):
    sara = ApiClient(demo_app, "sara")
    _device_key(sara, ANDROID)
    sara.pull_all()
    omar = ApiClient(demo_app, "omar")
    _device_key(omar, IPHONE)
    page = sara.http.get(f"/devices/?this={sara.client_id}").get_data(as_text=True)
    assert "Mina enheter" in page and "Chrome 131" in page and "Android 14" in page
    assert "Den här enheten" in page and sara.client_id in page
    assert omar.client_id not in page and "iOS" not in page
    admin, _ = logged_in(demo_app, "admin")
    everyone = admin.get("/devices/").get_data(as_text=True)
    assert sara.client_id in everyone and omar.client_id in everyone and "Omar Haddad" in everyone


def test_a_device_gets_the_name_its_user_gives_it(demo_app):
    sara = ApiClient(demo_app, "sara")
    _device_key(sara)
    client, auth = logged_in(demo_app, "sara")
    resp = post_form(client, auth, f"/devices/{sara.client_id}/name", page="/devices/",
                     name="  Jobbmobilen  ")
    assert resp.status_code == 303
    assert _device(demo_app, sara.client_id).label == "Jobbmobilen"
    too_long = post_form(client, auth, f"/devices/{sara.client_id}/name", page="/devices/",
                         name="x" * 256)
    assert too_long.status_code == 400 and "x" * 256 in too_long.get_data(as_text=True)
    assert _device(demo_app, sara.client_id).label == "Jobbmobilen"
    control = post_form(client, auth, f"/devices/{sara.client_id}/name", page="/devices/",
                        name="Jobb\x07mobilen")  # one line of printable text, as the API's
    assert control.status_code == 400
    assert _device(demo_app, sara.client_id).label == "Jobbmobilen"
    omar, omar_auth = logged_in(demo_app, "omar")
    assert post_form(omar, omar_auth, f"/devices/{sara.client_id}/name", page="/devices/",
                     name="Min nu").status_code == 404
    assert omar.get(f"/devices/{sara.client_id}/revoke").status_code == 404


def test_revoking_asks_first_then_revokes_and_logs_the_owner_out_elsewhere(demo_app):
    phone = ApiClient(demo_app, "sara")
    _device_key(phone)
    client, auth = logged_in(demo_app, "sara")
    confirm = client.get(f"/devices/{phone.client_id}/revoke")
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "raderar den allt Bokvar har sparat" in text and 'id="confirm-revoke"' in text
    assert _device(demo_app, phone.client_id).revoked_at is None  # a GET changes nothing
    resp = post_form(client, auth, f"/devices/{phone.client_id}/revoke")
    assert resp.status_code == 303
    assert _device(demo_app, phone.client_id).revoked_at is not None
    assert phone.http.get("/api/session").get_json()["user"] is None  # the phone's session ended
    assert client.get("/devices/").status_code == 200  # the one asking stays logged in
    assert "Spärrad" in client.get("/devices/").get_data(as_text=True)


def test_team_leads_and_admins_set_the_teams_app_lock(demo_app):
    with demo_app.app_context():
        team_uuid = db.session.execute(select(Team.uuid)).scalar_one()
    path = f"/devices/teams/{team_uuid}/settings"
    lead, auth = logged_in(demo_app, "eva")
    assert lead.get(path).status_code == 200
    bad = post_form(lead, auth, path, lock_idle_minutes="0", offline_days="200")
    assert bad.status_code == 400
    assert post_form(lead, auth, path, lock_idle_minutes="2", offline_days="10").status_code == 303
    with demo_app.app_context():
        team = db.session.execute(select(Team)).scalar_one()
        assert (team.lock_idle_minutes, team.offline_days) == (2, 10)
    sara, sara_auth = logged_in(demo_app, "sara")
    assert sara.get(path).status_code == 403
    assert post_form(sara, sara_auth, path, page="/devices/", lock_idle_minutes="60",
                     offline_days="90").status_code == 403
    admin, admin_auth = logged_in(demo_app, "admin")
    assert post_form(admin, admin_auth, path, lock_idle_minutes="7",
                     offline_days="30").status_code == 303
    assert ApiClient(demo_app, "sara").session()["policy"] == {"lockIdleMinutes": 7,
                                                               "offlineDays": 30}
