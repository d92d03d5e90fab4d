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
from core.limits import wire_int as as_int

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 3  # 2: landlord entities; 3: ratings, plan history, participant mode
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
    # The highest id this batch replays that the server once confirmed (a server
    # restored from a backup lost them): ids up to it may have gaps.
    confirmed_through: int = 0


@dataclass(frozen=True)
class PullRequest:
    client_id: str
    cookie: str | None


def is_int(value: Any, low: int = 0, high: int = MAX_SAFE_INT) -> bool:
    return as_int(value, low, high) is not None


def check_versions(body: Any, optional: bool = False) -> None:
    """Versions first: an old client's body may not match today's envelope.
    With `optional` (device registration) each of the two is checked when sent."""
    if not isinstance(body, dict):
        raise BadEnvelope("The body must be a JSON object.")
    for key in ("protocol", "schema"):
        if (not optional or key in body) and as_int(body.get(key)) is None:
            raise BadEnvelope(f"{key} must be a non-negative integer.")
    if "protocol" in body and as_int(body["protocol"]) != PROTOCOL_VERSION:
        raise VersionMismatch("protocol_mismatch", "The app speaks another sync protocol.")
    if "schema" in body and as_int(body["schema"]) != SCHEMA_VERSION:
        raise VersionMismatch("schema_mismatch", "The app uses another data schema.")


def client_id_of(body: dict[str, Any]) -> str:
    client_id = body.get("clientID")
    # fullmatch: `$` alone would also pass "x\n".
    if not isinstance(client_id, str) or not CLIENT_ID_RE.fullmatch(client_id):
        raise BadEnvelope("clientID must be 8 to 36 letters, digits, '-' or '_'.")
    return client_id


def _mutation(entry: Any) -> MutationIn:
    mutation_id = as_int(entry.get("id"), low=1) if isinstance(entry, dict) else None
    if mutation_id is None:
        raise BadEnvelope("Every mutation needs an integer id of at least 1.")
    entry["id"] = mutation_id  # 385.0 is 385 from here on
    return MutationIn(id=mutation_id, raw=entry)


def _unique(mutations: list[MutationIn]) -> list[MutationIn]:
    """An id twice in one batch is a broken outbox: applying one and confirming the id
    would make the client delete the other. Nothing of such a batch is applied."""
    seen: set[int] = set()
    for m in mutations:
        if m.id in seen:
            raise BadEnvelope(f"Mutation id {m.id} is in the batch more than once; "
                              "every entry needs its own id.")
        seen.add(m.id)
    return mutations


def parse_push(body: Any) -> PushRequest:
    check_versions(body)
    client_id = client_id_of(body)
    mutations = body.get("mutations")
    if not isinstance(mutations, list):
        raise BadEnvelope("mutations must be a list.")
    if len(mutations) > MAX_MUTATIONS_PER_PUSH:
        raise BadEnvelope(f"At most {MAX_MUTATIONS_PER_PUSH} mutations per push.")
    through = body.get("confirmedThrough", 0)
    if as_int(through) is None:
        raise BadEnvelope("confirmedThrough must be a non-negative integer.")
    return PushRequest(client_id, _unique([_mutation(entry) for entry in mutations]),
                       as_int(through) or 0)


def parse_pull(body: Any) -> PullRequest:
    check_versions(body)
    client_id = client_id_of(body)
    cookie = body.get("cookie")
    if cookie is not None and (not isinstance(cookie, str) or len(cookie) > MAX_COOKIE_LENGTH):
        raise BadEnvelope("cookie must be null or the string from the last pull.")
    return PullRequest(client_id, cookie)
