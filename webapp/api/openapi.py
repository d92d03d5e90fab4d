"""/api/openapi.json, built from the same definitions the server validates with.

Mutation args come from sync.mutations.REGISTRY and entity values from
sync.entities.ENTITIES, both derived from the field spec (core.spec), whose
Fields render their JSON Schema: the document follows the implementation.
A mutation whose name or args do not match is still accepted by the push
(it becomes a recorded error), so the schema allows any name and args
object besides the known ones.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from core.spec import Field
from sync.devices import LABEL_MAX, LABEL_PATTERN
from sync.entities import ENTITIES, Entity
from sync.fields import UUID_PATTERN, args_schema
from sync.mutations import REGISTRY
from sync.protocol import (
    CLIENT_ID_RE,
    MAX_COOKIE_LENGTH,
    MAX_MUTATIONS_PER_PUSH,
    MAX_SAFE_INT,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
)

REF = "#/components/schemas/"
UUID = {"type": "string", "pattern": UUID_PATTERN}
INT = {"type": "integer", "minimum": 0, "maximum": MAX_SAFE_INT}
NULLABLE_STRING = {"type": ["string", "null"]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else required, **extra}


def value_schema(field: Field, nullable: bool) -> dict[str, Any]:
    """A pulled value: the field's type and limits (stored values are not re-checked
    against the rules of input, such as "not only blanks")."""
    schema = field.but(required=False, nullable=False, pattern="").schema()
    if field.kind == "line":
        schema = {"type": "string", "maxLength": field.max_len}
    return {"anyOf": [schema, {"type": "null"}]} if nullable else schema


def entity_value(entity: Entity) -> dict[str, Any]:
    table = entity.model.__table__
    props: dict[str, Any] = {"uuid": UUID, "version": INT}
    for f in entity.spec.pulled:
        column = table.c[f.column]
        props[f.wire] = value_schema(f, f.nullable or bool(column.nullable))
    if entity.name != "participant":
        props["participant"] = NULLABLE_STRING
    return obj(props, additionalProperties=False)


def _put(entity: Entity) -> dict[str, Any]:
    return obj({"op": {"const": "put"}, "entity": {"const": entity.name},
                "key": {"type": "string"}, "value": ref(f"{entity.name}Value")})


def _patch_op() -> dict[str, Any]:
    names = [e.name for e in ENTITIES]
    return {"oneOf": [
        obj({"op": {"const": "clear"}}),
        obj({"op": {"const": "del"}, "entity": {"enum": names}, "key": {"type": "string"}}),
        *[_put(e) for e in ENTITIES],
    ]}


def _mutation(name: str | None, args: dict[str, Any]) -> dict[str, Any]:
    return obj({
        "id": {"type": "integer", "minimum": 1, "maximum": MAX_SAFE_INT},
        "name": {"const": name} if name else {"type": "string"},
        "args": args,
        "baseVersion": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INT},
        "changedFields": {"type": "array", "items": {"type": "string"}},
        "baseValues": {"type": "object"},
    }, required=["id", "name", "args"])


def _mutations() -> dict[str, Any]:
    known = [_mutation(name, args_schema(spec.fields, spec.required))
             for name, spec in REGISTRY.items()]
    return {"anyOf": known + [_mutation(None, {"type": "object"})],
            "description": "A known name with its args; anything else becomes a recorded error."}


def _envelope(extra: dict[str, Any]) -> dict[str, Any]:
    return obj({
        "protocol": {"type": "integer", "const": PROTOCOL_VERSION},
        "schema": {"type": "integer", "const": SCHEMA_VERSION},
        "clientID": {"type": "string", "pattern": CLIENT_ID_RE.pattern},
        **extra,
    })


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": obj({"error": {"type": "string"}, "message": {"type": "string"},
                      "detail": {"type": "string"}, "wipe": {"type": "boolean"},
                      "serverProtocol": {"type": "integer"}, "serverSchema": {"type": "integer"}},
                     required=["error", "message"]),
        "Session": obj({
            "user": {"oneOf": [{"type": "null"}, obj({
                "uuid": UUID, "username": {"type": "string"}, "displayName": {"type": "string"},
                "role": {"enum": ["case_manager", "team_lead", "admin", "participant"]},
                "locale": {"type": "string"}})]},
            "csrfToken": {"type": "string"}, "protocol": {"type": "integer"},
            "schema": {"type": "integer"},
            "device": {"enum": ["ok", "revoked", "unknown"]},
            "policy": ref("LockPolicy"), "keyAvailable": {"type": "boolean"}},
            required=["user", "csrfToken", "protocol", "schema"]),
        "LockPolicy": obj({"lockIdleMinutes": INT, "offlineDays": INT}),
        "DeviceKey": obj({"key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                          "policy": ref("LockPolicy"), "issuedAt": {"type": "string"}}),
        "VerifyRequest": obj({"password": {"type": "string", "minLength": 1, "maxLength": 200}}),
        "VerifyOk": obj({"ok": {"const": True}}),
        "DeviceKeyRequest": obj({"clientID": {"type": "string",
                                              "pattern": CLIENT_ID_RE.pattern}},
                                required=["clientID"]),
        "Device": obj({
            "clientID": {"type": "string"}, "label": {"type": "string"}, "lastMutationID": INT,
            "createdAt": {"type": "string"}, "lastSeen": {"type": "string"},
            "revokedAt": NULLABLE_STRING, "lastSyncAt": NULLABLE_STRING,
            "userAgent": {"type": "string"},
            "user": obj({"uuid": UUID, "username": {"type": "string"},
                         "displayName": {"type": "string"}})}),
        "DeviceList": obj({"devices": {"type": "array", "items": ref("Device")}}),
        "DeviceRequest": obj({"clientID": {"type": "string", "pattern": CLIENT_ID_RE.pattern},
                              "label": {"type": "string", "maxLength": LABEL_MAX,
                                        "pattern": LABEL_PATTERN,
                                        "description": "One line of text; kept when absent."},
                              "protocol": {"type": "integer", "const": PROTOCOL_VERSION},
                              "schema": {"type": "integer", "const": SCHEMA_VERSION}},
                             required=["clientID"],
                             description="protocol and schema are optional; each is checked "
                                         "when sent."),
        "Mutation": _mutations(),
        "PushRequest": _envelope({"mutations": {
            "type": "array", "items": ref("Mutation"), "maxItems": MAX_MUTATIONS_PER_PUSH,
            "description": "Every entry's id is unique within the batch (else 400: nothing "
                           "is applied)."},
            "confirmedThrough": {**INT, "description": (
                "A replay after the server was restored from a backup: the highest id of "
                "this batch's range that the server once confirmed. Ids up to it are "
                "applied in order even with gaps (ids the phone no longer holds), and "
                "lastMutationID becomes at least this.")}}),
        "PushResponse": obj({"lastMutationID": INT, "results": {"type": "array", "items": obj({
            "id": {"type": "integer"},
            "status": {"enum": ["applied", "conflict", "error", "skipped"]},
            "error": obj({"code": {"type": "string"}, "message": {"type": "string"}}),
            "conflicts": {"type": "array", "items": {"type": "string"}}},
            required=["id", "status"])}}),
        "PullRequest": _envelope({"cookie": {"type": ["string", "null"],
                                             "maxLength": MAX_COOKIE_LENGTH}}),
        "PatchOp": _patch_op(),
        "MutationErrorOut": obj({
            "mutationID": {"type": "integer"}, "name": {"type": "string"},
            "entityUuid": NULLABLE_STRING, "code": {"type": "string"},
            "message": {"type": "string"}}),
        "PullResponse": obj({
            "cookie": {"type": "string"}, "lastMutationID": INT, "more": {"type": "boolean"},
            "patch": {"type": "array", "items": ref("PatchOp")},
            "conflicts": {"type": "array", "items": ref("conflictValue")},
            "errors": {"type": "array", "items": ref("MutationErrorOut")},
            "progress": obj({"sent": INT, "total": INT})}),
    }
    for entity in ENTITIES:
        schemas[f"{entity.name}Value"] = entity_value(entity)
    return schemas


def _responses(ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    out = dict(ok)
    for code in errors:
        out[str(code)] = {"description": ERRORS[code],
                          "content": {"application/json": {"schema": ref("Error")}}}
    return out


ERRORS = {
    400: "Bad envelope, or CSRF token missing or expired (error: csrf_failed).",
    401: "Not logged in.",
    403: "Refused: the device was revoked (device_revoked, wipe: true: wipe local data), a "
         "key asked without a fresh login (reauth_required), or a wrong password "
         "(wrong_password).",
    404: "No such device.",
    409: "protocol_mismatch / schema_mismatch (keep the outbox, update the app), or "
         "client_id_taken.",
    413: "Body larger than the server takes (MAX_CONTENT_LENGTH): send fewer mutations.",
    429: "Too many failed attempts: wait a minute.",
    415: "The body is not application/json.",
}


def _ok(schema: str, status: int = 200, description: str = "OK") -> dict[str, Any]:
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": ref(schema)}}}}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


def _post(summary: str, request: str, ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    return {"post": {"summary": summary, "requestBody": _body(request),
                     "responses": _responses(ok, 400, 401, 403, 409, 413, 415, *errors)}}


def _paths() -> dict[str, Any]:
    return {
        "/api/session": {"get": {
            "summary": "Who am I, a fresh CSRF token, protocol and schema versions.",
            "security": [],
            "parameters": [{"name": "clientID", "in": "query", "required": False,
                            "description": "This device: the answer says if it is revoked.",
                            "schema": {"type": "string"}}],
            "responses": _ok("Session")}},
        "/api/session/verify": _post(
            "Check the worker's password (to take the phone back from participant mode); "
            "throttled like logins (429).", "VerifyRequest", _ok("VerifyOk"), 429),
        "/api/devices/key": _post(
            "This device's key, which unwraps its offline store: only within minutes of a "
            "password login (else 403 reauth_required), never for a revoked device "
            "(403 device_revoked).", "DeviceKeyRequest", _ok("DeviceKey")),
        "/api/devices": {
            **_post("Register this device (one client id per user per device).",
                    "DeviceRequest", {**_ok("Device"), **_ok("Device", 201, "Created")}),
            "get": {"summary": "The user's devices (an admin: every user's).",
                    "responses": _responses(_ok("DeviceList"), 401)},
        },
        "/api/devices/{clientID}/revoke": {"post": {
            "summary": "Revoke a device (own, or any for an admin). It is told to wipe.",
            "parameters": [{"name": "clientID", "in": "path", "required": True,
                            "schema": {"type": "string", "pattern": CLIENT_ID_RE.pattern}}],
            "responses": _responses(_ok("Device"), 400, 401, 404, 415)}},
        "/api/sync/push": _post("Apply a batch of mutations from the outbox.", "PushRequest",
                                _ok("PushResponse")),
        "/api/sync/pull": _post("Changes in the user's scope since the cookie, paged.",
                                "PullRequest", _ok("PullResponse")),
        "/api/openapi.json": {"get": {"summary": "This document.", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    }


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bokvar sync API",
                 "version": f"protocol {PROTOCOL_VERSION}, schema {SCHEMA_VERSION}",
                 "description": "The wire contract is docs/sync-protocol.md."},
        "paths": _paths(),
        "components": {"schemas": _schemas(), "securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": "bokvar_session"},
            "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"}}},
        "security": [{"session": [], "csrf": []}],
    }


def document() -> dict[str, Any]:
    return _document()
