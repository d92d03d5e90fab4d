"""Envelope validation, field parsing, cookies, devices, and the package staying Flask-free."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from sync import cookie as cookies
from sync import devices
from sync.fields import BadArg, Field, Invalid, parse_args
from sync.protocol import (
    MAX_MUTATIONS_PER_PUSH,
    SCHEMA_VERSION,
    BadEnvelope,
    ClientIdTaken,
    DeviceNotFound,
    DeviceRevoked,
    VersionMismatch,
    parse_pull,
    parse_push,
)

from .world import SECRET, new_uuid

ROOT = Path(__file__).resolve().parents[2]


def test_importing_sync_imports_no_flask():
    code = ("import sync, sys; assert not any(m.split('.')[0] in ('flask', 'flask_sqlalchemy',"
            " 'flask_login', 'flask_wtf', 'flask_babel') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _body(**extra):
    return {"protocol": 1, "schema": SCHEMA_VERSION, "clientID": new_uuid(), "mutations": [], **extra}


@pytest.mark.parametrize("field,value,code", [
    ("protocol", 2, "protocol_mismatch"), ("schema", 0, "schema_mismatch")])
def test_version_mismatch_is_a_409_naming_the_server_versions(field, value, code):
    with pytest.raises(VersionMismatch) as err:
        parse_push(_body(**{field: value}))
    assert err.value.code == code and err.value.status == 409
    assert err.value.extra == {"serverProtocol": 1, "serverSchema": SCHEMA_VERSION}


@pytest.mark.parametrize("body", [
    [], {"protocol": "1", "schema": 1}, {"protocol": True, "schema": 1},
    _body(clientID="a b"), _body(clientID=None), _body(mutations={}),
    _body(mutations=[{"id": 0}]), _body(mutations=[{"id": True}]), _body(mutations=[{"id": 1.5}]),
    _body(mutations=[7]), _body(mutations=[{"id": 1}] * (MAX_MUTATIONS_PER_PUSH + 1)),
])
def test_bad_envelopes_are_refused(body):
    with pytest.raises(BadEnvelope):
        parse_push(body)


def test_pull_cookie_must_be_a_string_or_null():
    assert parse_pull({**_body(), "cookie": None}).cookie is None
    with pytest.raises(BadEnvelope):
        parse_pull({**_body(), "cookie": 5})


def _text(max_len=20000, **rules):
    return Field("t", "text", max_len=max_len, **rules)


@pytest.mark.parametrize("field,value,code", [
    (_text(3), "four", "too_long"), (_text(), "a\x00b", "not_text"),
    (_text(), "\ud800", "not_text"), (_text(required=True), "", "required"),
    (_text(required=True), " \n ", "required"), (Field("u", "uuid"), "ABC", "not_uuid"),
    (Field("d", "date"), "2024-02-30", "not_date"), (Field("d", "date"), "2024-1-1", "not_date"),
    (Field("b", "bool"), 1, "not_bool"), (Field("c", "choice", choices="step_who"), "b", "choice"),
    (_text(), None, "required"), (Field("j", "json"), 1.5, "not_value"),
    (Field("l", "line", max_len=9), "a\nb", "one_line"),
])
def test_fields_refuse_values_that_do_not_fit(field, value, code):
    with pytest.raises(Invalid) as err:
        field.parse(value)
    assert err.value.code == code


def test_args_parse_to_column_values_and_name_the_bad_field():
    fields = {"uuid": Field("uuid", "uuid", required=True),
              "dueOn": Field("dueOn", "date", nullable=True)}
    uuid = new_uuid()
    assert parse_args(fields, {"uuid": uuid, "dueOn": "2024-05-01"}, ["uuid"]) == {
        "uuid": uuid, "dueOn": date(2024, 5, 1)}
    with pytest.raises(BadArg, match="dueOn: not_date"):
        parse_args(fields, {"uuid": uuid, "dueOn": "soon"}, ["uuid"])
    with pytest.raises(BadArg, match="extra: unknown"):
        parse_args(fields, {"uuid": uuid, "extra": 1}, ["uuid"])
    with pytest.raises(BadArg, match="uuid: required"):
        parse_args(fields, {}, ["uuid"])


def test_cookie_round_trips_and_refuses_tampering():
    state = cookies.Cookie(3, 41, (1, 2), 1700000000,
                           cookies.Run(50, 7, (1, 2, 3), 1700000001, (44, "u"), 10, 20, (9,)))
    text = cookies.encode(state, SECRET)
    assert cookies.decode(text, SECRET) == state
    assert cookies.decode(text, b"other secret") is None
    payload, _, sig = text.partition(".")
    assert cookies.decode(payload[:-2] + "xx." + sig, SECRET) is None
    assert cookies.decode("å.ä", SECRET) is None


def test_devices_register_once_per_user_and_revoked_ones_are_refused(world):
    s, sara, omar = world.session, world.users["sara"], world.users["omar"]
    client_id = new_uuid()
    dev, created = devices.register(s, sara, client_id, "Telefon")
    again, created_again = devices.register(s, sara, client_id)
    assert created and not created_again and again.id == dev.id and again.label == "Telefon"
    with pytest.raises(ClientIdTaken):
        devices.register(s, omar, client_id)
    with pytest.raises(DeviceNotFound):
        devices.revoke(s, omar, client_id)
    devices.revoke(s, sara, client_id)
    with pytest.raises(DeviceRevoked) as err:
        devices.for_sync(s, sara, client_id)
    assert err.value.extra == {"wipe": True}


def test_admin_lists_and_revokes_every_users_devices(world):
    s = world.session
    listed = devices.listed(s, world.users["admin"])
    assert len(listed) == len(world.devices)
    assert {d.user_id for d in devices.listed(s, world.users["sara"])} == {world.users["sara"].id}
    target = world.devices["omar-phone"]
    devices.revoke(s, world.users["admin"], target.client_id)
    assert s.execute(select(type(target)).where(type(target).id == target.id)).scalar().revoked_at
