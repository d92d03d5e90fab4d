"""The HTTP adapter: session, devices, auth, CSRF, content type, versions, revocation, language."""
from __future__ import annotations

import uuid as uuidlib

import pytest
from sqlalchemy import func, select

from core.models import Device, VisitNote
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION
from webapp.extensions import db

from ..sync.sim import stale_csrf_token


def _uuid() -> str:
    return str(uuidlib.uuid4())


def _participant(api) -> str:
    ops, _ = api.pull_all()
    return next(o["key"] for o in ops if o.get("entity") == "participant")


def _note(participant: str, uuid: str | None = None) -> dict:
    return {"name": "note.create", "args": {"uuid": uuid or _uuid(), "participant": participant,
                                            "visitDate": "2024-05-02", "body": "Hembesök"}}


def _count_notes(app, uuid: str) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(VisitNote)
                                  .where(VisitNote.uuid == uuid)).scalar()


def test_session_tells_who_i_am_with_a_token_and_versions(api):
    body = api.session()
    assert body["user"]["username"] == "sara" and body["user"]["role"] == "case_manager"
    assert body["user"]["locale"] == "sv" and body["csrfToken"]
    assert (body["protocol"], body["schema"]) == (PROTOCOL_VERSION, SCHEMA_VERSION)


def test_session_when_logged_out_has_no_user(make_api):
    body = make_api().session()
    assert body["user"] is None and body["csrfToken"]


def test_push_when_logged_out_is_401_json(make_api):
    anon = make_api()
    resp = anon.push(_note(_uuid()))
    assert resp.status_code == 401 and resp.get_json()["error"] == "unauthorized"


def test_post_without_csrf_header_is_refused(api):
    resp = api.http.post("/api/sync/pull", json=api.envelope(cookie=None))
    assert resp.status_code == 400 and resp.get_json()["error"] == "csrf_failed"


def test_an_expired_csrf_token_is_refused_until_a_fresh_one_is_fetched(api):
    api.csrf = stale_csrf_token(api.http, api.app.secret_key)
    assert api.pull().get_json()["error"] == "csrf_failed"
    api.csrf = api.session()["csrfToken"]
    assert api.pull().status_code == 200


@pytest.mark.parametrize("path", ["/api/sync/push", "/api/sync/pull", "/api/devices"])
def test_wrong_content_type_is_415(api, path):
    resp = api.http.post(path, data="protocol=1", headers={"X-CSRFToken": api.csrf},
                         content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 415 and resp.get_json()["error"] == "unsupported_media_type"


def test_invalid_json_and_bad_envelopes_are_400_with_detail(api):
    resp = api.http.post("/api/sync/push", data="{", content_type="application/json",
                         headers={"X-CSRFToken": api.csrf})
    assert resp.status_code == 400 and resp.get_json()["error"] == "bad_request"
    resp = api.post("/api/sync/push", api.envelope(mutations="all"))
    assert resp.status_code == 400 and "mutations" in resp.get_json()["detail"]


def test_version_mismatch_is_409_and_nothing_is_applied(api, demo_app):
    participant = _participant(api)
    uuid = _uuid()
    resp = api.push(_note(participant, uuid), schema=1)  # an app from before schema 2
    body = resp.get_json()
    assert resp.status_code == 409 and body["error"] == "schema_mismatch"
    assert (body["serverProtocol"], body["serverSchema"]) == (PROTOCOL_VERSION,
                                                              SCHEMA_VERSION) and body["message"]
    assert api.pull(protocol=0).get_json()["error"] == "protocol_mismatch"
    assert _count_notes(demo_app, uuid) == 0


def test_push_then_pull_round_trip(api, demo_app):
    participant = _participant(api)
    uuid = _uuid()
    resp = api.push(_note(participant, uuid), {"name": "note.nope", "args": {}})
    body = resp.get_json()
    assert resp.status_code == 200 and body["lastMutationID"] == 2
    assert body["results"][0] == {"id": 1, "status": "applied"}
    assert body["results"][1]["error"]["code"] == "unknown_mutation"
    ops, last = api.pull_all()
    assert last["lastMutationID"] == 2 and ("note", uuid) in {(o.get("entity"), o.get("key"))
                                                              for o in ops}
    assert [e["mutationID"] for e in last["errors"]] == [2]
    assert _count_notes(demo_app, uuid) == 1


def test_error_messages_are_in_the_users_language(api):
    resp = api.push({"name": "note.nope", "args": {}})
    assert resp.get_json()["results"][0]["error"]["message"].startswith("Servern känner")


def test_device_registration_listing_and_revocation(api, make_api, demo_app):
    body = {"clientID": api.client_id, "label": "Chrome på Android"}
    first = api.post("/api/devices", body)
    assert first.status_code == 201 and first.get_json()["label"] == "Chrome på Android"
    assert api.post("/api/devices", body).status_code == 200
    omar = make_api("omar")
    taken = omar.post("/api/devices", body)
    assert taken.status_code == 409 and taken.get_json()["error"] == "client_id_taken"
    assert omar.post(f"/api/devices/{api.client_id}/revoke", None).status_code == 404
    listed = api.http.get("/api/devices").get_json()["devices"]
    assert [d["clientID"] for d in listed] == [api.client_id]
    admin = make_api("admin")
    everyone = admin.http.get("/api/devices").get_json()["devices"]
    assert {d["user"]["username"] for d in everyone} == {"sara"}
    revoked = admin.post(f"/api/devices/{api.client_id}/revoke", None)
    assert revoked.status_code == 200 and revoked.get_json()["revokedAt"]


def test_a_revoked_device_is_told_to_wipe_and_nothing_is_applied(api, demo_app):
    participant = _participant(api)
    assert api.post(f"/api/devices/{api.client_id}/revoke", None).status_code == 200
    uuid = _uuid()
    resp = api.push(_note(participant, uuid))
    assert resp.status_code == 403
    assert resp.get_json()["error"] == "device_revoked" and resp.get_json()["wipe"] is True
    assert api.pull().status_code == 403
    assert _count_notes(demo_app, uuid) == 0
    with demo_app.app_context():
        device = db.session.execute(select(Device).where(Device.client_id == api.client_id))
        assert device.scalar_one().last_mutation_id == 0


def test_push_and_pull_register_an_unknown_client_id(api, demo_app):
    api.pull()
    with demo_app.app_context():
        assert db.session.execute(select(Device).where(Device.client_id == api.client_id)
                                  ).scalar_one().label == ""


def test_pull_responses_are_never_cached(api):
    assert api.pull().headers["Cache-Control"] == "no-store"


def test_openapi_document_is_public_and_lists_every_mutation(make_api):
    doc = make_api().http.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert {"/api/session", "/api/sync/push", "/api/sync/pull", "/api/devices"} <= set(doc["paths"])
    names = {m["properties"]["name"].get("const")
             for m in doc["components"]["schemas"]["Mutation"]["anyOf"]}
    assert names - {None} == {
        "note.create", "note.update", "note.submit", "goal.create", "goal.update",
        "goal.set_status", "step.create", "step.update", "followup.create",
        "followup.complete", "followup.reschedule", "conflict.resolve", "plan.agree",
        "plan.disagree", "plan.comment", "rating.create", "landlordreport.create",
        "landlordreport.update"}


def test_revoking_a_device_ends_the_owners_other_sessions(make_api):
    phone, laptop = make_api("sara"), make_api("sara")
    phone.pull()
    assert laptop.post(f"/api/devices/{phone.client_id}/revoke", None).status_code == 200
    assert phone.session()["user"] is None      # the lost phone's browser is logged out
    assert laptop.session()["user"]["username"] == "sara"
    admin = make_api("admin")
    laptop.pull()
    assert admin.post(f"/api/devices/{laptop.client_id}/revoke", None).status_code == 200
    assert laptop.session()["user"] is None
