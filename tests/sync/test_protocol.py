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
from sync.fields import Field, Invalid, parse_args
from sync.protocol import (
    MAX_MUTATIONS_PER_PUSH,
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
    return {"protocol": 1, "schema": 1, "clientID": new_uuid(), "mutations": [], **extra}


@pytest.mark.parametrize("field,value,code", [
    ("protocol", 2, "protocol_mismatch"), ("schema", 0, "schema_mismatch")])
def test_version_mismatch_is_a_409_naming_the_server_versions(field, value, code):
    with pytest.raises(VersionMismatch) as err:
        parse_push(_body(**{field: value}))
    assert err.value.code == code and err.value.status == 409
    assert err.value.extra == {"serverProtocol": 1, "serverSchema": 1}


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


@pytest.mark.parametrize("field,value", [
    (Field("str", max_len=3), "four"), (Field("str"), "a\x00b"), (Field("str"), "\ud800"),
    (Field("str", min_len=1), ""), (Field("uuid"), "ABC"), (Field("date"), "2024-02-30"),
    (Field("date"), "2024-1-1"), (Field("bool"), 1), (Field("enum", choices=("a",)), "b"),
    (Field("str"), None), (Field("json"), 1.5),
])
def test_fields_refuse_values_that_do_not_fit(field, value):
    with pytest.raises(Invalid):
        field.parse(value)


def test_args_parse_to_column_values_and_name_the_bad_field():
    fields = {"uuid": Field("uuid", required=True), "dueOn": Field("date", nullable=True)}
    uuid = new_uuid()
    assert parse_args(fields, {"uuid": uuid, "dueOn": "2024-05-01"}) == {
        "uuid": uuid, "dueOn": date(2024, 5, 1)}
    with pytest.raises(Invalid, match="dueOn"):
        parse_args(fields, {"uuid": uuid, "dueOn": "soon"})
    with pytest.raises(Invalid, match="extra: unknown"):
        parse_args(fields, {"uuid": uuid, "extra": 1})
    with pytest.raises(Invalid, match="uuid: is required"):
        parse_args(fields, {})


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
