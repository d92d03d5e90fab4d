"""Protocol and schema versions, envelope validation, and the envelope errors.

The envelope is what must be right for the server to process a request at
all: versions, client id, a list of mutations each with an integer id. What
is inside one mutation (name, args, baseVersion, changedFields) is checked
later, per mutation, so a malformed mutation becomes a recorded error and
never blocks the queue behind it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.limits import MAX_SAFE_INT

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
MAX_MUTATIONS_PER_PUSH = 500
MAX_COOKIE_LENGTH = 65536
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,36}$")  # also the OpenAPI pattern


class SyncError(Exception):
    """An error answered with an HTTP status and a JSON body by the adapter."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", **extra: Any) -> None:
        super().__init__(message or self.code)
        self.message = message
        self.extra = extra


class BadEnvelope(SyncError):
    status = 400
    code = "bad_request"


class VersionMismatch(SyncError):
    status = 409

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, serverProtocol=PROTOCOL_VERSION, serverSchema=SCHEMA_VERSION)
        self.code = code


class DeviceRevoked(SyncError):
    status = 403
    code = "device_revoked"

    def __init__(self) -> None:
        super().__init__("This device was revoked.", wipe=True)


class ClientIdTaken(SyncError):
    status = 409
    code = "client_id_taken"


class DeviceNotFound(SyncError):
    status = 404
    code = "not_found"


@dataclass(frozen=True)
class MutationIn:
    """One outbox entry as received; `raw` keeps the entry for per-mutation checks."""

    id: int
    raw: dict[str, Any]


@dataclass(frozen=True)
class PushRequest:
    client_id: str
    mutations: list[MutationIn]


@dataclass(frozen=True)
class PullRequest:
    client_id: str
    cookie: str | None


def is_int(value: Any, low: int = 0, high: int = MAX_SAFE_INT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_versions(body: Any) -> None:
    """Versions first: an old client's body may not match today's envelope."""
    if not isinstance(body, dict):
        raise BadEnvelope("The body must be a JSON object.")
    protocol, schema = body.get("protocol"), body.get("schema")
    if not is_int(protocol) or not is_int(schema):
        raise BadEnvelope("protocol and schema must be integers.")
    if protocol != PROTOCOL_VERSION:
        raise VersionMismatch("protocol_mismatch", "The app speaks another sync protocol.")
    if schema != SCHEMA_VERSION:
        raise VersionMismatch("schema_mismatch", "The app uses another data schema.")


def client_id_of(body: dict[str, Any]) -> str:
    client_id = body.get("clientID")
    # fullmatch: `$` alone would also pass "x\n".
    if not isinstance(client_id, str) or not CLIENT_ID_RE.fullmatch(client_id):
        raise BadEnvelope("clientID must be 8 to 36 letters, digits, '-' or '_'.")
    return client_id


def _mutation(entry: Any) -> MutationIn:
    if not isinstance(entry, dict) or not is_int(entry.get("id"), low=1):
        raise BadEnvelope("Every mutation needs an integer id of at least 1.")
    return MutationIn(id=entry["id"], raw=entry)


def parse_push(body: Any) -> PushRequest:
    check_versions(body)
    client_id = client_id_of(body)
    mutations = body.get("mutations")
    if not isinstance(mutations, list):
        raise BadEnvelope("mutations must be a list.")
    if len(mutations) > MAX_MUTATIONS_PER_PUSH:
        raise BadEnvelope(f"At most {MAX_MUTATIONS_PER_PUSH} mutations per push.")
    return PushRequest(client_id, [_mutation(entry) for entry in mutations])


def parse_pull(body: Any) -> PullRequest:
    check_versions(body)
    client_id = client_id_of(body)
    cookie = body.get("cookie")
    if cookie is not None and (not isinstance(cookie, str) or len(cookie) > MAX_COOKIE_LENGTH):
        raise BadEnvelope("cookie must be null or the string from the last pull.")
    return PullRequest(client_id, cookie)
