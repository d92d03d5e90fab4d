"""Devices: one client id per user per device; a revoked device is told to wipe."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Device, User, utcnow

from .protocol import ClientIdTaken, DeviceNotFound, DeviceRevoked
from .serialize import safe_text, timestamp

LABEL_MAX = 255


def find(session: Session, client_id: str) -> Device | None:
    query = select(Device).where(Device.client_id == client_id).with_for_update()
    return session.execute(query).scalar_one_or_none()


def register(session: Session, user: User, client_id: str, label: str | None = None,
             now: datetime | None = None) -> tuple[Device, bool]:
    """The user's device with this client id, created if new. Returns (device, created)."""
    device = find(session, client_id)
    created = device is None
    if device is None:
        device = Device(client_id=client_id, user_id=user.id, label="")
        session.add(device)
    elif device.user_id != user.id:
        raise ClientIdTaken("This client id belongs to another user.")
    if device.revoked_at is not None:
        raise DeviceRevoked()
    if label is not None:
        device.label = safe_text(label, LABEL_MAX)
    device.last_seen = now or utcnow()
    if created:
        session.flush()  # its id is needed at once; a known device is written with the rest
    return device, created


def for_sync(session: Session, user: User, client_id: str) -> Device:
    """The device of a push or pull; an unknown client id is registered implicitly."""
    return register(session, user, client_id)[0]


def listed(session: Session, user: User) -> list[Device]:
    """The user's own devices; an admin sees every user's."""
    query = select(Device).order_by(Device.created_at, Device.id)
    if user.role != "admin":
        query = query.where(Device.user_id == user.id)
    return list(session.execute(query).scalars())


def revoke(session: Session, user: User, client_id: str, now: datetime | None = None) -> Device:
    device = find(session, client_id)
    if device is None or (device.user_id != user.id and user.role != "admin"):
        raise DeviceNotFound("No such device.")
    if device.revoked_at is None:
        device.revoked_at = now or utcnow()
    return device


def as_json(device: Device, owner: User) -> dict[str, Any]:
    return {
        "clientID": device.client_id,
        "label": device.label,
        "lastMutationID": device.last_mutation_id,
        "createdAt": timestamp(device.created_at),
        "lastSeen": timestamp(device.last_seen),
        "revokedAt": timestamp(device.revoked_at),
        "user": {"uuid": owner.uuid, "username": owner.username,
                 "displayName": owner.display_name},
    }
