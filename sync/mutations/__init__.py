"""The registry of named mutations: name -> fields (validation) + applier.

`parse_call` turns one outbox entry into a `Call` or raises `Refused` with
code "unknown_mutation" or "bad_args"; the push records that as the
mutation's error.
"""
from __future__ import annotations

from typing import Any

from core.spec import ENTITIES
from core.spec.fields import SERVER_ONLY

from ..fields import UUID_RE, BadArg, Field, Invalid, parse_args
from ..protocol import MAX_SAFE_INT, is_int
from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .conflicts import SPECS as CONFLICT_SPECS
from .followups import SPECS as FOLLOWUP_SPECS
from .landlords import SPECS as LANDLORD_SPECS
from .notes import SPECS as NOTE_SPECS
from .plan_events import SPECS as PLAN_EVENT_SPECS
from .plans import SPECS as PLAN_SPECS

REGISTRY: dict[str, MutationSpec] = {
    spec.name: spec for spec in (NOTE_SPECS + PLAN_SPECS + PLAN_EVENT_SPECS + FOLLOWUP_SPECS
                                 + CONFLICT_SPECS + LANDLORD_SPECS)
}

__all__ = ["REGISTRY", "ApplyContext", "Call", "MutationSpec", "Outcome", "Refused",
           "parse_call", "spec_for"]


def spec_for(raw: dict[str, Any]) -> MutationSpec:
    name = raw.get("name")
    spec = REGISTRY.get(name) if isinstance(name, str) else None
    if spec is None:
        raise Refused("unknown_mutation", "The server does not know this kind of change.")
    return spec


def parse_call(raw: dict[str, Any], role: str | None = None) -> tuple[MutationSpec, Call]:
    """The call, or Refused. With `role`, a field that role may not write is refused.
    A field only the server sets (who wrote it, for one) is ignored if a client sends
    it: the server sets it, whatever the client says."""
    spec = spec_for(raw)
    try:
        args = parse_args(spec.fields, _without_server_fields(spec, raw.get("args")),
                          spec.required, role)
        base = _base_version(spec, raw.get("baseVersion"))
        changed = _changed(spec, raw.get("changedFields"), args)
    except BadArg as bad:
        code = "not_allowed" if bad.problem.code == "not_yours" else "bad_args"
        raise Refused(code, bad.english(), bad.detail()) from None
    base_values = _base_values(spec, raw.get("baseValues"), changed)
    return spec, Call(raw["id"], spec.name, args, base, changed, base_values,
                      _mode(raw.get("mode")))


def _server_fields(spec: MutationSpec) -> frozenset[str]:
    entity = ENTITIES.get(spec.entity)
    if entity is None:
        return frozenset()
    return frozenset(f.wire for f in entity.fields
                     if f.writers == SERVER_ONLY and f.wire not in spec.fields)


_SERVER_FIELDS: dict[str, frozenset[str]] = {}


def _without_server_fields(spec: MutationSpec, args: Any) -> Any:
    ignored = _SERVER_FIELDS.get(spec.name)
    if ignored is None:
        ignored = _SERVER_FIELDS[spec.name] = _server_fields(spec)
    if not isinstance(args, dict) or not ignored or not ignored & args.keys():
        return args
    return {k: v for k, v in args.items() if k not in ignored}


def _mode(value: Any) -> str | None:
    """`{"participant": uuid}` when written in participant mode on a worker's phone."""
    if value is None:
        return None
    held = value.get("participant") if isinstance(value, dict) else None
    if not isinstance(held, str) or not UUID_RE.match(held) or len(value) != 1:
        bad = BadArg("mode", Invalid("not_uuid"))
        raise Refused("bad_args", bad.english(), bad.detail())
    return held


def _base_version(spec: MutationSpec, value: Any) -> int | None:
    """None for plain mutations; for merged ones a missing baseVersion means 0: the
    client has seen no server version (a record it created and has not synced yet)."""
    if value is None:
        return 0 if spec.merged else None
    if not is_int(value):
        raise BadArg("baseVersion", Invalid("int_range", low=0, high=MAX_SAFE_INT))
    return int(value)


def _changed(spec: MutationSpec, value: Any, args: dict[str, Any]) -> tuple[str, ...]:
    """changedFields, or every field given when the client sent none."""
    given = [*args]
    if "uuid" in args:
        given.remove("uuid")
    if value is None or not spec.merged:
        return tuple(given)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadArg("changedFields", Invalid("not_object"))
    for name in value:
        if name not in spec.fields or name == "uuid":
            raise BadArg("changedFields", Invalid("unknown"))
    # A changed field the client left out of args (undefined in JS) is not sent: skip it.
    return tuple(name for name in dict.fromkeys(value) if name in given)


def _base_values(spec: MutationSpec, value: Any, changed: tuple[str, ...]) -> dict[str, Any]:
    """Optional client-side base values, kept only for the conflict record."""
    if not isinstance(value, dict):
        return {}
    kept = {}
    for name in changed:
        field: Field | None = spec.fields.get(name)
        if field is not None and name in value:
            try:
                kept[name] = field.parse(value[name])
            except Invalid:
                continue
    return kept
