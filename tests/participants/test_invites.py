"""A participant's own account from a one-time code: it expires, works once, is
throttled, and a participant login is always linked to exactly one participant."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from core.models import Participant, ParticipantInvite, User, utcnow
from webapp.participants.invites import code_hash

CODE = re.compile(r'class="invite-code" lang="en">([A-Z0-9-]+)<')


def _make_code(casework, auth, name="Ali"):
    auth.login("sara")
    person = casework.participant(name)
    resp = casework.post(f"/participants/{person.uuid}/invite", {},
                         token_from=f"/participants/{person.uuid}")
    assert resp.status_code == 200
    code = CODE.search(resp.get_data(as_text=True)).group(1)
    casework.post("/logout", {})
    return person, code


def _redeem(client, casework, code):
    return casework.post("/invite", {"code": code}, token_from="/invite")


def _account(casework, username="ali", passphrase="min egen lösenfras"):
    return casework.post("/invite/account", {"username": username, "passphrase": passphrase,
                                             "passphrase_again": passphrase},
                         token_from="/invite/account")


def test_a_code_makes_the_participants_own_account_linked_to_them(client, casework, auth,
                                                                   demo_app):
    ali, code = _make_code(casework, auth)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    with demo_app.app_context():
        from webapp.extensions import db

        stored = db.session.execute(select(ParticipantInvite)).scalars().all()
        assert [i.code_hash for i in stored] == [code_hash(code)]  # never the code itself
    resp = _redeem(client, casework, code.lower().replace("-", " "))  # as typed by hand
    assert resp.status_code == 302 and resp.headers["Location"] == "/invite/account"
    assert 'value="ali"' in client.get("/invite/account").get_data(as_text=True)
    resp = _account(casework)
    assert resp.status_code == 302 and resp.headers["Location"] == "/me"
    page = client.get("/me").get_data(as_text=True)
    assert "Ali" in page and "Min plan" in page
    user = casework.one(User, username="ali")
    assert (user.role, casework.one(Participant, uuid=ali.uuid).user_id) == ("participant",
                                                                              user.id)


def test_a_code_works_once(client, casework, auth):
    _ali, code = _make_code(casework, auth)
    _redeem(client, casework, code)
    _account(casework)
    casework.post("/logout", {}, token_from="/me")
    resp = _redeem(client, casework, code)
    assert resp.status_code == 200 and "Den här koden fungerar inte" in resp.get_data(as_text=True)


def test_an_expired_or_replaced_code_does_not_work(client, casework, auth, demo_app):
    _ali, old = _make_code(casework, auth)
    _ali, new = _make_code(casework, auth)  # a new code replaces the open one
    assert _redeem(client, casework, old).status_code == 200
    with demo_app.app_context():
        from webapp.extensions import db

        db.session.execute(update(ParticipantInvite).values(
            expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert _redeem(client, casework, new).status_code == 200
    assert client.get("/invite/account").status_code == 302  # no step 2 without a code


def test_tries_are_throttled_like_logins(client, casework, auth):
    _ali, code = _make_code(casework, auth)
    for n in range(5):
        assert _redeem(client, casework, f"WRNG-CODE-000{n}").status_code == 200
    resp = _redeem(client, casework, code)  # the right code, but too many tries just now
    assert resp.status_code == 200 and "För många försök" in resp.get_data(as_text=True)


def test_a_new_code_sets_a_forgotten_passphrase_for_the_same_account(client, casework, auth,
                                                                     demo_app):
    kim = casework.participant("Kim")
    before = casework.one(User, username="kim")
    _kim, code = _make_code(casework, auth, "Kim")
    _redeem(client, casework, code)
    assert 'value="kim"' in client.get("/invite/account").get_data(as_text=True)
    assert _account(casework, "kim", "en helt ny lösenfras").status_code == 302
    with demo_app.app_context():
        from webapp.extensions import db

        linked = db.session.execute(select(func.count()).select_from(Participant).where(
            Participant.user_id == before.id)).scalar_one()
        assert linked == 1 and db.session.get(Participant, kim.id).user_id == before.id
        assert db.session.execute(select(func.count()).select_from(User).where(
            User.role == "participant")).scalar_one() == 1
    casework.post("/logout", {}, token_from="/me")
    token = casework.token("/login")
    resp = client.post("/login", data={"username": "kim", "password": "en helt ny lösenfras",
                                       "csrf_token": token})
    assert resp.status_code == 302


def test_a_taken_username_is_said_and_what_was_typed_stays(client, casework, auth):
    _ali, code = _make_code(casework, auth)
    _redeem(client, casework, code)
    resp = _account(casework, username="sara")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Någon annan har redan det användarnamnet" in html
    assert 'value="sara"' in html


def test_only_a_worker_of_the_participant_makes_a_code(client, casework, auth):
    auth.login("omar")  # not Ali's case manager
    ali = casework.participant("Ali")
    resp = casework.post(f"/participants/{ali.uuid}/invite", {})
    assert resp.status_code == 404
    casework.switch_to("kim")
    assert casework.post(f"/participants/{ali.uuid}/invite", {},
                         token_from="/me").status_code == 404


def test_the_admin_cannot_make_a_participant_account_by_hand(client, casework, auth):
    auth.login("admin")
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="participant"' not in form
