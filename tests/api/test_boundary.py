"""The input boundary: whatever a logged-in user sends, the answer is a 4xx with a reason,
never a 500 and never something silently stored or dropped (issue 7)."""
from __future__ import annotations

import uuid as uuidlib

import pytest
from sqlalchemy import select

from core.models import Device, VisitNote
from sync.protocol import SCHEMA_VERSION
from webapp.extensions import db

API_POSTS = ["/api/sync/push", "/api/sync/pull", "/api/devices"]


def _uuid() -> str:
    return str(uuidlib.uuid4())


def _participant(api) -> str:
    ops, _ = api.pull_all()
    return next(o["key"] for o in ops if o.get("entity") == "participant")


def _raw(api, path: str, data: bytes, **environ):
    return api.http.post(path, data=data, content_type="application/json",
                         headers={"X-CSRFToken": api.csrf}, environ_overrides=environ)


def _big_json(api, size: int) -> bytes:
    head = api.envelope(mutations=[], cookie=None, label="x")
    text = repr(head).replace("'", '"').replace("None", "null")
    return text[:-1].encode() + b', "pad": "' + b"a" * size + b'"}'


@pytest.mark.parametrize("user", ["sara", "kim"])
@pytest.mark.parametrize("path", API_POSTS)
def test_a_20_mb_body_is_413_json_from_any_user(make_api, path, user):
    api = make_api(user)
    resp = _raw(api, path, _big_json(api, 20 * 1024 * 1024))
    assert resp.status_code == 413
    assert resp.get_json()["error"] == "request_entity_too_large"


def test_a_body_just_over_the_limit_is_413_and_one_under_is_read(make_api, demo_app):
    api = make_api("sara")
    limit = demo_app.config["MAX_CONTENT_LENGTH"]
    body = _big_json(api, limit)
    over = body[: limit + 1 - len(b'"}')] + b'"}'
    assert len(over) == limit + 1
    assert _raw(api, "/api/sync/pull", over).status_code == 413
    under = over[:-2][:-1] + b'"}'
    assert len(under) == limit
    assert _raw(api, "/api/sync/pull", under).status_code == 200


def test_a_streamed_body_without_content_length_is_cut_at_the_limit(make_api, demo_app):
    api = make_api("sara")
    body = _big_json(api, demo_app.config["MAX_CONTENT_LENGTH"] + 10)
    resp = _raw(api, "/api/sync/pull", body, HTTP_TRANSFER_ENCODING="chunked",
                **{"wsgi.input_terminated": True})
    assert resp.status_code == 413


def test_a_streamed_body_within_the_limit_is_read_whole(api):
    body = repr(api.envelope(cookie=None)).replace("'", '"').replace("None", "null").encode()
    resp = _raw(api, "/api/sync/pull", body, HTTP_TRANSFER_ENCODING="chunked",
                **{"wsgi.input_terminated": True})
    assert resp.status_code == 200 and resp.get_json()["patch"][0] == {"op": "clear"}


def test_a_large_form_post_is_413_html(client, auth):
    auth.login("sara")
    token = auth.api_token()
    resp = client.post("/logout", data={"csrf_token": token, "pad": "a" * (20 * 1024 * 1024)})
    assert resp.status_code == 413 and resp.mimetype == "text/html"


@pytest.mark.parametrize("path", API_POSTS)
@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_json_nested_10000_deep_is_400(api, path, opening):
    closing = b"]" if opening == b"[" else b"}"
    resp = _raw(api, path, opening * 10000 + b"1" + closing * 10000)
    assert resp.status_code == 400 and resp.get_json()["error"] == "bad_request"
    assert "deep" in resp.get_json()["detail"]


def test_json_nested_below_the_parsers_limit_is_a_recorded_error(api):
    """Parsed, but no field takes a nested value: the entry is refused with its reason
    (nothing walks or stores the structure)."""
    participant = _participant(api)
    deep = [0]
    for _ in range(900):
        deep = [deep]
    note = {"name": "note.create", "args": {"uuid": _uuid(), "participant": participant,
                                            "visitDate": "2024-05-02", "body": deep},
            "baseValues": {"body": deep}, "changedFields": deep}
    resp = api.push(note)
    assert resp.status_code == 200
    [result] = resp.get_json()["results"]
    assert result["status"] == "error" and result["error"]["code"] == "bad_args"


@pytest.mark.parametrize("label,reason", [
    ("x" * (1024 * 1024), "label"),
    ("x" * 256, "label"),
    ("Chrome\x00on Android", "label"),
    ("Chrome \ud800 Android", "label"),
    ("line\nbreak", "label"),
])
def test_device_labels_are_checked_with_a_reason(api, demo_app, label, reason):
    resp = api.post("/api/devices", {"clientID": api.client_id, "label": label})
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert reason in resp.get_json()["detail"]
    with demo_app.app_context():
        assert db.session.execute(select(Device).where(
            Device.client_id == api.client_id)).scalar() is None


def test_a_device_label_of_255_characters_with_letters_from_anywhere_is_kept(api):
    label = ("Pixel 8 på Kims telefon 📱 " * 20)[:255]
    resp = api.post("/api/devices", {"clientID": api.client_id, "label": label})
    assert resp.status_code == 201 and resp.get_json()["label"] == label


def test_two_entries_with_the_same_id_in_one_batch_are_refused_and_nothing_applied(
        api, demo_app):
    participant = _participant(api)
    first, second = _uuid(), _uuid()
    entries = [
        {"id": 1, "name": "note.create", "args": {
            "uuid": first, "participant": participant, "visitDate": "2024-05-02"}},
        {"id": 1, "name": "note.create", "args": {
            "uuid": second, "participant": participant, "visitDate": "2024-05-02"}},
    ]
    resp = api.post("/api/sync/push", api.envelope(mutations=entries))
    assert resp.status_code == 400
    assert "1" in resp.get_json()["detail"] and "once" in resp.get_json()["detail"]
    _, last = api.pull_all()
    assert last["lastMutationID"] == 0  # the client keeps both in its outbox
    with demo_app.app_context():
        found = db.session.execute(select(VisitNote.uuid).where(
            VisitNote.uuid.in_([first, second]))).scalars().all()
    assert found == []


def test_a_resent_batch_with_an_id_twice_is_refused_too(api):
    """Even when both copies are at or below lastMutationID (both would be 'skipped')."""
    participant = _participant(api)
    note = {"id": 1, "name": "note.create", "args": {
        "uuid": _uuid(), "participant": participant, "visitDate": "2024-05-02"}}
    assert api.post("/api/sync/push", api.envelope(mutations=[note])).status_code == 200
    resp = api.post("/api/sync/push", api.envelope(mutations=[note, note]))
    assert resp.status_code == 400


def test_an_integral_float_id_is_the_same_id(api, demo_app):
    """JSON Schema's integer (the OpenAPI document) includes 385.0."""
    participant = _participant(api)
    uuid = _uuid()
    entry = {"id": 1.0, "name": "note.create", "args": {
        "uuid": uuid, "participant": participant, "visitDate": "2024-05-02"},
        "baseVersion": 0.0}
    resp = api.post("/api/sync/push", {**api.envelope(mutations=[entry]),
                                       "protocol": 1.0, "schema": float(SCHEMA_VERSION)})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.get_json() == {"lastMutationID": 1,
                               "results": [{"id": 1, "status": "applied"}]}
    _, last = api.pull_all()
    assert last["lastMutationID"] == 1 and isinstance(last["lastMutationID"], int)


@pytest.mark.parametrize("bad", [1.5, 1e300, float("nan"), True, "1"])
def test_a_non_integral_id_is_still_400(api, bad):
    entry = {"id": bad, "name": "note.create", "args": {}}
    resp = api.post("/api/sync/push", api.envelope(mutations=[entry]))
    assert resp.status_code == 400


def test_devices_checks_protocol_and_schema_each_on_its_own(api):
    body = {"clientID": api.client_id, "label": "x"}
    assert api.post("/api/devices", {**body, "schema": SCHEMA_VERSION}).status_code == 201
    assert api.post("/api/devices", {**body, "protocol": 1}).status_code == 200
    resp = api.post("/api/devices", {**body, "schema": 0})
    assert resp.status_code == 409 and resp.get_json()["error"] == "schema_mismatch"
    resp = api.post("/api/devices", {**body, "protocol": 2})
    assert resp.status_code == 409 and resp.get_json()["error"] == "protocol_mismatch"
    assert api.post("/api/devices", {**body, "schema": str(SCHEMA_VERSION)}).status_code == 400


@pytest.mark.parametrize("data", [
    b"\xff\xfe\x00{", b"\xed\xa0\x80", b'{"clientID": "\xc3\x28"}', b"\x00", b"",
    b'"\\ud800"', b"NaN", b'{"protocol": Infinity}', b"1" * 5000,
])
@pytest.mark.parametrize("path", API_POSTS)
def test_odd_bytes_are_400_never_500(api, path, data):
    resp = _raw(api, path, data)
    assert resp.status_code == 400, (resp.status_code, resp.get_data(as_text=True)[:200])


def test_a_cookie_with_a_lone_surrogate_is_foreign_and_starts_over(api):
    resp = _raw(api, "/api/sync/pull",
                b'{"protocol":1,"schema":%d,"clientID":"abcdefgh","cookie":"\\udc00"}'
                % SCHEMA_VERSION)
    assert resp.status_code == 200 and resp.get_json()["patch"][0] == {"op": "clear"}


def test_a_huge_query_string_is_an_answer(client, auth):
    auth.login("sara")
    resp = client.get("/?" + "a=b&" * 100_000)
    assert resp.status_code < 500
    resp = client.get("/api/session?" + "x" * 2_000_000)
    assert resp.status_code < 500


def _longest(schema: dict) -> int:
    """Bytes of the longest JSON value `schema` allows, every character written in the
    most wasteful way JSON has (an astral character as two \\uXXXX escapes: 12 bytes)."""
    options = schema.get("anyOf", [schema])
    return max(o.get("maxLength", 8) * 12 + 2 for o in options)


def test_the_largest_valid_mutation_fits_in_the_body_limit_with_room(make_api, demo_app):
    """So a batch of one always fits, and the phone's halving on 413 always ends."""
    doc = make_api().http.get("/api/openapi.json").get_json()
    sizes = {}
    for option in doc["components"]["schemas"]["Mutation"]["anyOf"]:
        name = option["properties"]["name"].get("const")
        args = option["properties"]["args"].get("properties", {})
        if name:
            sizes[name] = 300 + sum(len(k) + 4 + _longest(s) for k, s in args.items())
    assert len(sizes) > 5
    assert max(sizes.values()) * 4 < demo_app.config["MAX_CONTENT_LENGTH"], sizes
