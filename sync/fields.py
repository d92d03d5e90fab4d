"""Mutation arguments: checked by the field spec (core.spec), described for OpenAPI.

A mutation names its arguments as core.spec Fields (mostly picked from the
entity's spec) and which of them must be present. `parse_args` checks a
wire `args` object against them; the JSON Schema of the OpenAPI document
comes from the same Fields, so the document and the checks cannot drift.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.spec.fields import (
    DATE_PATTERN,
    DATE_RE,
    UUID_PATTERN,
    UUID_RE,
    Field,
    Invalid,
)

__all__ = ["DATE_PATTERN", "DATE_RE", "UUID_PATTERN", "UUID_RE", "BadArg", "Field", "Invalid",
           "args_schema", "parse_args"]

WIRE_NAME_MAX = 60  # an unknown argument's name is echoed back at most this long


class BadArg(ValueError):
    """An argument that does not fit: which one (None: the args as a whole) and why."""

    def __init__(self, wire: str | None, problem: Invalid) -> None:
        super().__init__(f"{wire}: {problem.code}" if wire else problem.code)
        self.wire = wire
        self.problem = problem

    def english(self) -> str:
        text = self.problem.english()
        return f"{self.wire}: {text}" if self.wire else text

    def detail(self) -> dict[str, Any]:
        out: dict[str, Any] = {"problem": self.problem.code, "params": self.problem.params}
        if self.wire:
            out["field"] = self.wire
        return out


def parse_args(fields: dict[str, Field], args: Any, required: Iterable[str] = (),
               role: str | None = None) -> dict[str, Any]:
    """Check `args` against `fields`; {wire name: parsed value} for the keys given.
    Every name in `required` must be given; with `role`, only fields that role may
    write may be given."""
    if not isinstance(args, dict):
        raise BadArg(None, Invalid("not_object"))
    unknown = args.keys() - fields.keys()
    if unknown:
        name = min(str(k) for k in unknown)[:WIRE_NAME_MAX]
        raise BadArg(name, Invalid("unknown"))
    for name in required:
        if name not in args:
            raise BadArg(name, Invalid("required"))
    parsed = {}
    for name, value in args.items():  # a push parses a hundred of these: one loop
        field = fields[name]
        if role is not None and not field.may_write(role):
            raise BadArg(name, Invalid("not_yours"))
        try:
            parsed[name] = field.parse(value)
        except Invalid as exc:
            raise BadArg(name, exc) from None
    return parsed


def args_schema(fields: dict[str, Field], required: Iterable[str] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: f.schema() for name, f in fields.items()},
        "required": list(required),
        "additionalProperties": False,
    }
