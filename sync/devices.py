"""Devices: one client id per user per device; a revoked device is told to wipe.

A device's key (`key_secret`) wraps its offline store's data key; it is
handed out only to the owner's live, freshly logged-in session and never to
a revoked device (`key_for`)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from core.limits import DEVICE_NAME_MAX, DEVICE_NAME_PATTERN
from core.models import Device, User, in_read, utcnow

from .protocol import BadEnvelope, ClientIdTaken, DeviceNotFound, DeviceRevoked
from .serialize import safe_text, timestamp

# characters; also the OpenAPI maxLength and the devices page form (core.spec DEVICE)
LABEL_MAX = DEVICE_NAME_MAX
USER_AGENT_MAX = 255
# One line of printable text: no C0/C1 control characters (NUL, newlines, escapes),
# no lone surrogates (not text; PostgreSQL and UTF-8 cannot store them).
LABEL_PATTERN = DEVICE_NAME_PATTERN
_LABEL_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_label(label: Any) -> str | None:
    """A device label as sent (None: keep the stored one), or BadEnvelope with the reason."""
    if label is None:
        return None
    if not isinstance(label, str):
        raise BadEnvelope("label must be a string.")
    if len(label) > LABEL_MAX:
        raise BadEnvelope(f"label must be at most {LABEL_MAX} characters.")
    if _LABEL_BAD.search(label):
        raise BadEnvelope("label must be one line of text: no control characters "
                          "and no lone surrogates.")
    return label


_KNOWN_STMT = select(Device).where(Device.client_id == bindparam("client_id"))
_FIND = _KNOWN_STMT.with_for_update()


def find(session: Session, client_id: str) -> Device | None:
    """The device, locked for the write to come; in a read transaction (a page that
    only shows it) unlocked: PostgreSQL refuses FOR UPDATE in a READ ONLY one."""
    query = _KNOWN_STMT if in_read(session) else _FIND
    return session.execute(query, {"client_id": client_id}).scalar_one_or_none()


def register(session: Session, user: User, client_id: str, label: str | None = None,
             now: datetime | None = None) -> tuple[Device, bool]:
    """The user's device with this client id, created if new. Returns (device, created)."""
    now = now or utcnow()
    device = find(session, client_id)
    if device is None:
        return _create(session, user, client_id, check_label(label) or "", now), True
    _check(device, user)
    label = check_label(label)
    if label is not None:
        device.label = label
    device.last_seen = now  # a known device is written with the rest of the request
    return device, False


_KNOWN = select(Device).where(Device.client_id == bindparam("client_id"))


def known(session: Session, user: User, client_id: str) -> Device | None:
    """The user's device with this client id, read without a lock (a pull only reads);
    None when it is new. Another user's or a revoked one raises as for_sync."""
    device = session.execute(_KNOWN, {"client_id": client_id}).scalar_one_or_none()
    if device is not None:
        _check(device, user)
    return device


def for_sync(session: Session, user: User, client_id: str) -> Device:
    """The device of a push or pull; an unknown client id is registered implicitly.
    Its last_seen is stamped by the push or pull itself."""
    device = find(session, client_id)
    if device is None:
        return _create(session, user, client_id, "", utcnow())
    _check(device, user)
    return device


@dataclass(slots=True)
class PushDevice:
    """A device as a push uses it: read and written with Core, past the ORM (the push
    bumps lastMutationID and last_seen with one UPDATE at its end)."""

    id: int
    client_id: str
    user_id: int
    last_mutation_id: int
    revoked_at: datetime | None


_PUSH_FIND = select(Device.id, Device.client_id, Device.user_id, Device.last_mutation_id,
                    Device.revoked_at).where(
    Device.client_id == bindparam("client_id")).with_for_update()


def for_push(session: Session, user: User, client_id: str) -> PushDevice:
    """for_sync without an ORM object: a push reads a few columns and writes two."""
    conn = session.connection()
    row = conn.execute(_PUSH_FIND, {"client_id": client_id}).first()
    if row is None:
        now = utcnow()
        values = {"client_id": client_id, "user_id": user.id, "label": "",
                  "last_mutation_id": 0, "created_at": now, "last_seen": now,
                  "revoked_at": None}
        device_id = conn.execute(_INSERT, values).scalar_one()
        return PushDevice(device_id, client_id, user.id, 0, None)
    device = PushDevice(*row)
    _check(device, user)
    return device


def _check(device: Device | PushDevice, user: User) -> None:
    if device.user_id != user.id:
        raise ClientIdTaken("This client id belongs to another user.")
    if device.revoked_at is not None:
        raise DeviceRevoked()


_DEVICES = cast(Table, Device.__table__)
_INSERT = insert(_DEVICES).returning(_DEVICES.c.id)


def _create(session: Session, user: User, client_id: str, label: str, now: datetime) -> Device:
    """Insert the device at once (its id is needed) with one statement, not a flush,
    and hand back a clean ORM object for it."""
    values = {"client_id": client_id, "user_id": user.id, "label": label,
              "last_mutation_id": 0, "created_at": now, "last_seen": now, "revoked_at": None}
    device_id = session.connection().execute(_INSERT, values).scalar_one()
    device = Device(id=device_id, **values)
    make_transient_to_detached(device)
    session.add(device)
    return device


def listed(session: Session, user: User) -> list[Device]:
    """The user's own devices; an admin sees every user's."""
    query = select(Device).order_by(Device.created_at, Device.id)
    if user.role != "admin":
        query = query.where(Device.user_id == user.id)
    return list(session.execute(query).scalars())


def visible(session: Session, user: User, client_id: str) -> Device:
    """A device its owner (or an admin) may see and change; DeviceNotFound otherwise."""
    device = find(session, client_id)
    if device is None or (device.user_id != user.id and user.role != "admin"):
        raise DeviceNotFound("No such device.")
    return device


def revoke(session: Session, user: User, client_id: str, now: datetime | None = None) -> Device:
    device = visible(session, user, client_id)
    if device.revoked_at is None:
        device.revoked_at = now or utcnow()
        device.revoked_by_id = user.id
    return device


def rename(session: Session, user: User, client_id: str, name: str) -> Device:
    device = visible(session, user, client_id)
    device.label = name  # checked by the form against the spec (core.spec: DEVICE.label)
    return device


def status(session: Session, client_id: str) -> str:
    """"ok", "revoked" or "unknown": all a device may learn about itself without a
    session (a revoked phone's session has ended, and it must still hear it)."""
    revoked_at = session.execute(select(Device.revoked_at).where(
        Device.client_id == client_id)).first()
    if revoked_at is None:
        return "unknown"
    return "ok" if revoked_at[0] is None else "revoked"


def key_for(session: Session, user: User, client_id: str, user_agent: str = "",
            now: datetime | None = None) -> Device:
    """The user's device with its key (made on first use); registers an unknown
    client id. Raises DeviceRevoked for a revoked device: it never gets a key again."""
    device, _created = register(session, user, client_id, None, now)
    if not device.key_secret:
        device.key_secret = secrets.token_hex(32)
    if user_agent:
        device.user_agent = safe_text(user_agent, USER_AGENT_MAX)
    return device


def as_json(device: Device, owner: User) -> dict[str, Any]:
    return {
        "clientID": device.client_id,
        "label": device.label,
        "lastMutationID": device.last_mutation_id,
        "createdAt": timestamp(device.created_at),
        "lastSeen": timestamp(device.last_seen),
        "revokedAt": timestamp(device.revoked_at),
        "lastSyncAt": timestamp(device.last_sync_at),
        "userAgent": device.user_agent or "",
        "user": {"uuid": owner.uuid, "username": owner.username,
                 "displayName": owner.display_name},
    }
