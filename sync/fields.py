"""Typed argument fields: one definition gives validation and the JSON Schema.

A `Field` converts a wire value (JSON) to the Python value stored in a
column, or raises `Invalid` naming what is wrong. The same definition
renders the JSON Schema used in /api/openapi.json, so the document and the
checks cannot drift apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.limits import FIRST_YEAR, LAST_YEAR

from .protocol import MAX_SAFE_INT, is_int

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# Python's `$` also matches before a trailing newline; `\Z` is the true end.
UUID_RE = re.compile(UUID_PATTERN.removesuffix("$") + r"\Z")
# The same years as the server forms accept (core.limits), so a date that
# syncs can also be edited online; the pattern is also the OpenAPI schema's.
DATE_PATTERN = r"^(19\d\d|20\d\d|2100)-\d{2}-\d{2}$"
DATE_RE = re.compile(DATE_PATTERN.removesuffix("$") + r"\Z")
TEXT_MAX = 20000


class Invalid(ValueError):
    """A wire value that does not fit its field."""


@dataclass(frozen=True)
class Field:
    kind: str  # uuid | str | date | bool | enum | json
    column: str = ""
    required: bool = False
    nullable: bool = False
    max_len: int = TEXT_MAX
    min_len: int = 0
    choices: tuple[str, ...] = ()
    default: Any = None

    def parse(self, value: Any) -> Any:
        if value is None:
            if self.nullable:
                return None
            raise Invalid("must not be null")
        return _PARSERS[self.kind](self, value)

    def schema(self) -> dict[str, Any]:
        schema = _SCHEMAS[self.kind](self)
        if self.nullable:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema


def _text(field: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("must be a string")
    if not field.min_len <= len(value) <= field.max_len:
        raise Invalid(f"must be {field.min_len} to {field.max_len} characters")
    if "\x00" in value:
        raise Invalid("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("must be valid Unicode text") from None
    return value


def _uuid(field: Field, value: Any) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise Invalid("must be a lowercase UUID")
    return value


def _date(field: Field, value: Any) -> date:
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise Invalid(f"must be a date YYYY-MM-DD between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Invalid("must be a real date YYYY-MM-DD") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:  # the pattern says so; kept in step
        raise Invalid(f"must be a date between {FIRST_YEAR} and {LAST_YEAR}")
    return parsed


def _bool(field: Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def _enum(field: Field, value: Any) -> str:
    if value not in field.choices:
        raise Invalid("must be one of " + ", ".join(field.choices))
    return str(value)


def _json(field: Field, value: Any) -> Any:
    if isinstance(value, str):
        return _text(field, value)
    if isinstance(value, bool) or value is None or is_int(value, -MAX_SAFE_INT):
        return value
    raise Invalid("must be a string, a boolean, an integer or null")


_PARSERS = {"str": _text, "uuid": _uuid, "date": _date, "bool": _bool, "enum": _enum,
            "json": _json}

_SCHEMAS = {
    "str": lambda f: {"type": "string", "minLength": f.min_len, "maxLength": f.max_len},
    "uuid": lambda f: {"type": "string", "pattern": UUID_PATTERN},
    "date": lambda f: {"type": "string", "format": "date", "pattern": DATE_PATTERN},
    "bool": lambda f: {"type": "boolean"},
    "enum": lambda f: {"type": "string", "enum": list(f.choices)},
    "json": lambda f: {"anyOf": [{"type": "string", "maxLength": f.max_len},
                                 {"type": "boolean"}, {"type": "integer"}, {"type": "null"}]},
}


def parse_args(fields: dict[str, Field], args: Any) -> dict[str, Any]:
    """Validate args against `fields`; return {wire name: parsed value} for keys given."""
    if not isinstance(args, dict):
        raise Invalid("args must be an object")
    if not args.keys() <= fields.keys():
        raise Invalid(f"{min(args.keys() - fields.keys())}: unknown argument")
    parsed = {}
    for name, field in fields.items():  # a push parses a hundred of these: one loop
        if name in args:
            try:
                parsed[name] = field.parse(args[name])
            except Invalid as exc:
                raise Invalid(f"{name}: {exc}") from None
        elif field.required:
            raise Invalid(f"{name}: is required")
    return parsed


def args_schema(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: f.schema() for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }
