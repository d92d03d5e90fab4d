"""The JSON API: session, devices, push, pull. A thin adapter over the pure `sync` package.

Every POST needs the session cookie and `X-CSRFToken` (Flask-WTF checks it
before this code runs) and a JSON body (else 415). One commit per request,
at the request's commit point (webapp.pages); on a SyncError the transaction
is rolled back and nothing is applied, and the error is answered by the one
error path as `{"error", "message", ...}`.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from flask import Response, abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import update

import sync
from core.limits import LOCK_IDLE_MINUTES_DEFAULT, OFFLINE_DAYS_DEFAULT
from core.models import Device, User, begin_read, end_read, finish, utcnow, write_after_read
from sync import devices
from sync.protocol import BadEnvelope, DeviceRevoked, SyncError, check_versions, client_id_of
from sync.serialize import safe_text, timestamp

from .. import audit, pages
from ..auth import sessions, throttle
from ..auth.passwords import verify_password
from ..pages import dbs, me
from . import bp
from .messages import envelope_message
from .openapi import document
from .wire import pull_json, push_json


def json_body() -> Any:
    """The request's JSON. Its size is bounded for the whole app (MAX_CONTENT_LENGTH,
    413 before anything reads it); NaN and Infinity are not JSON."""
    if request.mimetype != "application/json":
        abort(415)
    try:
        return json.loads(request.get_data(cache=False), parse_constant=_not_json)
    except RecursionError:
        raise BadEnvelope("The body is nested too deep.") from None
    except ValueError:
        raise BadEnvelope("The body is not valid JSON.") from None


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_response(payload: Any, status: int = 200) -> Response:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate stored by some other path: escape it
        body = json.dumps(payload, separators=(",", ":")).encode()
    return Response(body, status=status, mimetype="application/json")


def cookie_secret() -> bytes:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hashlib.sha256(b"bokvar-sync-cookie\x00" + key).digest()


@bp.errorhandler(SyncError)
def sync_error(exc: SyncError) -> ResponseReturnValue:
    extra = dict(exc.extra)
    if exc.code == "bad_request" and exc.message:
        extra["detail"] = exc.message
    return pages.answer(exc.status, exc.code, envelope_message(exc.code), extra)


@bp.get("/session")
def session_info() -> Response:
    """Who is logged in, a CSRF token, and (with ?clientID=) whether that device is
    revoked: asked before the app shows anything, with or without a session."""
    user = me() if current_user.is_authenticated else None
    body: dict[str, Any] = {
        "user": None if user is None else {
            "uuid": user.uuid, "username": user.username, "displayName": user.display_name,
            "role": user.role, "locale": user.locale},
        "csrfToken": generate_csrf(),
        "protocol": sync.PROTOCOL_VERSION,
        "schema": sync.SCHEMA_VERSION,
    }
    client_id = request.args.get("clientID")
    if client_id:
        try:
            body["device"] = devices.status(dbs(), client_id_of({"clientID": client_id}))
        except BadEnvelope:
            body["device"] = "unknown"
    if user is not None:
        body["policy"] = lock_policy(user)
        body["keyAvailable"] = sessions.is_fresh(user)
    return json_response(body)


def lock_policy(user: User) -> dict[str, int]:
    """The team's app-lock settings (defaults for users without a team)."""
    team = user.team
    return {"lockIdleMinutes": team.lock_idle_minutes if team else LOCK_IDLE_MINUTES_DEFAULT,
            "offlineDays": team.offline_days if team else OFFLINE_DAYS_DEFAULT}


@bp.post("/session/verify")
def verify_worker() -> ResponseReturnValue:
    """The worker takes the phone back from participant mode with their password:
    checked here, throttled and counted as logins are."""
    body = json_body()
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(password, str) or not password or len(password) > 200:
        raise BadEnvelope("password must be a string.")
    user = me()
    # Begun as a read (boundary.READ_FIRST_ENDPOINTS): no lock held while Argon2 runs.
    locked = throttle.is_locked(user.username)
    ok = not locked and verify_password(user.password_hash, password)
    end_read(dbs())
    if locked:
        throttle.record(user.username, False)
        return pages.answer(429, "throttled", gettext(
            "Too many failed attempts. Wait a minute and try again."), {})
    throttle.record(user.username, ok)
    audit.record("participant_mode.leave" if ok else "participant_mode.refused")
    if not ok:
        return pages.answer(403, "wrong_password", gettext("That is not your password."), {})
    return json_response({"ok": True})


@bp.post("/devices/key")
def device_key() -> ResponseReturnValue:
    """The key that unwraps this device's offline store, for a fresh password login
    only (a session cookie alone, as a lost phone holds it, gets 403 reauth_required);
    a revoked device gets 403 device_revoked and wipes."""
    body = json_body()
    if not isinstance(body, dict):
        raise BadEnvelope("The body must be a JSON object.")
    client_id = client_id_of(body)
    if devices.status(dbs(), client_id) == "revoked":
        raise DeviceRevoked()
    if not sessions.is_fresh(me()):
        return pages.answer(403, "reauth_required", gettext(
            "Log in with your password to unlock the app on this device."), {})
    device = devices.key_for(dbs(), me(), client_id, request.user_agent.string or "")
    sessions.mark_key_granted(me())
    audit.record("device.key", entity="device", entity_uuid=device.client_id)
    return json_response({"key": device.key_secret, "policy": lock_policy(me()),
                          "issuedAt": timestamp(utcnow())})


@bp.post("/devices")
def register_device() -> Response:
    body = json_body()
    if not isinstance(body, dict):
        raise BadEnvelope("The body must be a JSON object.")
    check_versions(body, optional=True)
    device, created = devices.register(dbs(), me(), client_id_of(body), body.get("label"))
    if request.user_agent.string:
        device.user_agent = safe_text(request.user_agent.string, devices.USER_AGENT_MAX)
    return json_response(devices.as_json(device, me()), 201 if created else 200)


@bp.get("/devices")
def list_devices() -> Response:
    found = devices.listed(dbs(), me())
    return json_response({"devices": [devices.as_json(d, d.user) for d in found]})


@bp.post("/devices/<client_id>/revoke")
def revoke_device(client_id: str) -> Response:
    if request.content_length and request.mimetype != "application/json":
        abort(415)
    device = devices.revoke(dbs(), me(), client_id)
    sessions.end_sessions_after_revoke(device.user, me())
    audit.record("device.revoke", entity="device", entity_uuid=device.client_id)
    return json_response(devices.as_json(device, device.user))


@bp.post("/sync/push")
def push() -> Response:
    req = sync.parse_push(json_body())
    device = devices.for_push(dbs(), me(), req.client_id)
    result = sync.apply_push(dbs(), me(), device, req.mutations,
                             confirmed_through=req.confirmed_through)
    return json_response(push_json(result))


@bp.post("/sync/pull")
def pull() -> Response:
    req = sync.parse_pull(json_body())
    device = devices.known(dbs(), me(), req.client_id)
    if device is None:  # first contact: registered in a write of its own, then the read
        finish(dbs())
        devices.for_sync(dbs(), me(), req.client_id)
        finish(dbs())
        begin_read(dbs())
        device = devices.known(dbs(), me(), req.client_id)
        assert device is not None
    result = sync.build_pull(
        dbs(), me(), device, req.cookie, secret=cookie_secret(),
        page_size=int(current_app.config["SYNC_PULL_PAGE_SIZE"]),
        retention_days=int(current_app.config["TOMBSTONE_RETENTION_DAYS"]),
    )
    if not result.more:
        mark_synced(device)
    return json_response(pull_json(result))


SYNC_STAMP_EVERY = timedelta(minutes=5)


def mark_synced(device: Device) -> None:
    """The devices page's "last sync": the last pull that reached the end, to within
    SYNC_STAMP_EVERY (written after the pull's read, and only when older: an empty
    pull writes nothing)."""
    now = utcnow()
    if device.last_sync_at is None or now - device.last_sync_at > SYNC_STAMP_EVERY:
        write_after_read(dbs(), update(Device).where(Device.id == device.id)
                         .values(last_sync_at=now), {})


@bp.get("/openapi.json")
def openapi() -> Response:
    return json_response(document())
