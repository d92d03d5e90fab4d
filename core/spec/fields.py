"""One field of one entity: the single definition of its rules.

A `Field` says what a value must be (type, length, choices, required, date
range), who may write it and whether a participant may see it. From it come
the sync argument checks (`parse`, a wire value), the server forms' checks
(`check`, a Python value the form already parsed), the JSON Schema of the
OpenAPI document (`schema`) and the PWA's field description (`describe`).
`parse` and `check` share one rule set, so a value one accepts the other
accepts too (tests/test_spec.py proves it for every field).

A problem is an `Invalid` with a code and parameters; its words are in
core.spec.words (PROBLEMS), translated by whoever shows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from ..clock import team_now, team_today
from ..limits import FIRST_YEAR, LAST_YEAR, MAX_SAFE_INT, wire_int

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# Python's `$` also matches before a trailing newline; `\Z` is the true end.
UUID_RE = re.compile(UUID_PATTERN.removesuffix("$") + r"\Z")
# The years FIRST_YEAR..LAST_YEAR (1900-2100); also the OpenAPI pattern.
DATE_PATTERN = r"^(19\d\d|20\d\d|2100)-\d{2}-\d{2}$"
DATE_RE = re.compile(DATE_PATTERN.removesuffix("$") + r"\Z")
# A moment on the team's wall clock, to the minute ("2026-03-06T14:05"), as people
# report it; kept as this text (core/models/landlords.py).
MOMENT_PATTERN = r"^(19\d\d|20\d\d|2100)-\d{2}-\d{2}T\d{2}:\d{2}$"
MOMENT_RE = re.compile(MOMENT_PATTERN.removesuffix("$") + r"\Z")
# A phone's clock may run a little ahead of the server's: "not in the future" allows this.
MOMENT_SLACK = timedelta(minutes=15)

# Who writes a field. "server" alone: nobody through a form or a mutation.
PARTICIPANT, CASE_MANAGER, TEAM_LEAD, SERVER = "participant", "case_manager", "team_lead", "server"
WORKERS = frozenset({CASE_MANAGER, TEAM_LEAD})
EVERYONE = frozenset({PARTICIPANT, CASE_MANAGER, TEAM_LEAD})
SERVER_ONLY = frozenset({SERVER})

# The kinds of value. "text" is multi-line, "line" one line; "ref" is the uuid
# of another record (`ref` names its entity); "timestamp" is set by the server;
# "moment" is a time a person reports, on the team's wall clock (MOMENT_PATTERN).
KINDS = ("text", "line", "date", "bool", "choice", "uuid", "ref", "int", "timestamp", "json",
         "moment")


class Invalid(ValueError):
    """A value that does not fit its field: `code` names the problem (core.spec.words)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def english(self) -> str:
        from .words import PROBLEMS

        return PROBLEMS[self.code].format(**self.params)


@dataclass(frozen=True)
class Field:
    wire: str
    kind: str
    column: str = ""
    max_len: int = 0
    choices: str = ""  # the name of a list in core.spec.choices
    required: bool = False  # a value must be there and, for text, not only blanks
    nullable: bool = False
    label: str = ""  # msgid (English), translated where shown
    writers: frozenset[str] = WORKERS
    participant_sees: bool = True
    not_future: bool = False  # a date that has happened (a visit, a step done)
    days_ahead: int | None = None  # a date at most this many days after today
    ref: str = ""  # kind "ref": the entity it points at
    ref_attr: str = "uuid"  # the attribute of the referenced row that is sent
    pulled: bool = True  # sent in pulls
    # The participant's words: once they wrote them, a worker never changes them.
    words: bool = False
    # For a participant's account the value is left empty while this other (bool)
    # field of the same record is true (e.g. an outcome marked hidden from them).
    hidden_when: str = ""
    min_len: int = 0  # text: at least this many characters (when not empty)
    pattern: str = ""  # line: a regular expression the whole value matches
    low: int = 0  # kind "int": the range
    high: int = MAX_SAFE_INT
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.wire}: unknown kind {self.kind!r}")
        if self.kind in ("text", "line") and not self.max_len:
            raise ValueError(f"{self.wire}: a text field needs max_len")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"{self.wire}: a choice field needs choices")
        if self.kind == "int" and self.choices and [str(v) for v in range(
                self.low, self.high + 1)] != list(self.values()):
            raise ValueError(f"{self.wire}: the choice list must name every value")

    # --- one rule set -----------------------------------------------------------------

    def values(self) -> tuple[str, ...]:
        from .choices import values

        return values(self.choices)

    def parse(self, value: Any, today: date | None = None) -> Any:
        """A wire (JSON) value as the Python value stored, or Invalid."""
        if value is None:
            if self.nullable and not self.required:
                return None
            raise Invalid("required")
        parsed = _FROM_WIRE[self.kind](self, value)
        if self.kind in _CHECKED_ON_THE_WIRE:
            return parsed
        return self.check(parsed, today)

    def check(self, value: Any, today: date | None = None) -> Any:
        """The rules on a Python value (a form's data, or a parsed wire value)."""
        if value is None or (value == "" and self.kind in ("text", "line", "moment")):
            if self.required:
                raise Invalid("required")
            return value
        if self.kind in ("text", "line"):
            return self._text(value)
        if self.kind == "date":
            return self._date(value, today)
        if self.kind == "moment":
            return self._moment(value)
        if self.kind == "choice" and value not in _choice_values(self.choices):
            raise Invalid("choice")
        if self.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)
                                   or not self.low <= value <= self.high):
            raise Invalid("int_range", low=self.low, high=self.high)
        if self.kind in ("uuid", "ref"):
            return _wire_uuid(self, value)
        return value

    def _text(self, value: str) -> str:
        if len(value) > self.max_len:
            raise Invalid("too_long", max=self.max_len)
        if "\x00" in value:
            raise Invalid("not_text")
        if not value.isascii():
            try:
                value.encode("utf-8")  # a lone surrogate cannot be stored
            except UnicodeEncodeError:
                raise Invalid("not_text") from None
        if self.kind == "line" and ("\n" in value or "\r" in value):
            raise Invalid("one_line")
        if self.required and not value.strip():
            raise Invalid("required")
        if len(value) < self.min_len:
            raise Invalid("too_short", min=self.min_len)
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise Invalid("pattern")
        return value

    def _date(self, value: date, today: date | None) -> date:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise Invalid("date_range", first=FIRST_YEAR, last=LAST_YEAR)
        if self.not_future or self.days_ahead is not None:
            today = today or team_today()
            if self.not_future and value > today:
                raise Invalid("future")
            if self.days_ahead is not None and value > today + timedelta(days=self.days_ahead):
                raise Invalid("too_far_ahead", days=self.days_ahead)
        return value

    def _moment(self, value: str) -> str:
        if not isinstance(value, str) or not MOMENT_RE.match(value):
            raise Invalid("not_moment", first=FIRST_YEAR, last=LAST_YEAR)
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid("not_moment", first=FIRST_YEAR, last=LAST_YEAR) from None
        if self.not_future and when > team_now() + MOMENT_SLACK:
            raise Invalid("future_moment")
        return value

    # --- derived descriptions ---------------------------------------------------------

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the wire value."""
        schema = _SCHEMAS[self.kind](self)
        if self.nullable and not self.required:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def describe(self) -> dict[str, Any]:
        """What the PWA needs to know of the field (core.spec.export)."""
        out: dict[str, Any] = {"kind": self.kind, "label": self.label, "required": self.required}
        if self.max_len:
            out["maxLength"] = self.max_len
        if self.min_len:
            out["minLength"] = self.min_len
        if self.choices:
            out["choices"] = self.choices
        if self.nullable:
            out["nullable"] = True
        if self.not_future:
            out["notFuture"] = True
        if self.days_ahead is not None:
            out["daysAhead"] = self.days_ahead
        if self.kind == "int":
            out["min"], out["max"] = self.low, self.high
        out["writers"] = sorted(self.writers)
        out["participantSees"] = self.participant_sees
        if self.words:
            out["words"] = True
        return out

    def may_write(self, role: str) -> bool:
        return role in self.writers

    def but(self, **changes: Any) -> Field:
        """The same field with some rules changed (e.g. required on create)."""
        return replace(self, **changes)


# --- wire values -> Python values (type checks; the rules follow in check) --------------

def _wire_text(f: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("not_text")
    return value


def _wire_uuid(f: Field, value: Any) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise Invalid("not_uuid")
    return value


def _wire_date(f: Field, value: Any) -> date:
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise Invalid("not_date", first=FIRST_YEAR, last=LAST_YEAR)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid("not_date", first=FIRST_YEAR, last=LAST_YEAR) from None


def _wire_bool(f: Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("not_bool")
    return value


def _wire_choice(f: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("choice")
    return value


def _wire_int(f: Field, value: Any) -> int:
    number = wire_int(value, f.low, f.high)  # 385.0 is 385, as in JSON Schema
    if number is None:
        raise Invalid("int_range", low=f.low, high=f.high)
    return number


def _wire_json(f: Field, value: Any) -> Any:
    """A value of another field (a conflict's resolution): checked again by that field."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return value
    number = wire_int(value, -MAX_SAFE_INT)
    if number is None:
        raise Invalid("not_value")
    return number


def _server_only(f: Field, value: Any) -> Any:
    raise Invalid("not_writable")


# Kinds whose wire check is the whole rule (a uuid is a uuid): check() adds nothing.
_CHECKED_ON_THE_WIRE = frozenset({"uuid", "ref"})


@cache
def _choice_values(name: str) -> frozenset[str]:
    from .choices import values

    return frozenset(values(name))


_FROM_WIRE = {
    "text": _wire_text, "line": _wire_text, "moment": _wire_text, "uuid": _wire_uuid,
    "ref": _wire_uuid,
    "date": _wire_date, "bool": _wire_bool, "choice": _wire_choice, "int": _wire_int,
    "json": _wire_json, "timestamp": _server_only,
}


def _choice_schema(f: Field) -> dict[str, Any]:
    return {"type": "string", "enum": list(f.values())}


_SCHEMAS = {
    "text": lambda f: {"type": "string", "maxLength": f.max_len,
                       **({"pattern": r"\S"} if f.required else {})},
    "line": lambda f: {"type": "string", "maxLength": f.max_len,
                       **({"minLength": f.min_len} if f.min_len else {}),
                       "pattern": f.pattern or (r"^[^\r\n]*\S[^\r\n]*$" if f.required
                                                else r"^[^\r\n]*$")},
    "uuid": lambda f: {"type": "string", "pattern": UUID_PATTERN},
    "ref": lambda f: {"type": "string", "pattern": UUID_PATTERN},
    "date": lambda f: {"type": "string", "format": "date", "pattern": DATE_PATTERN},
    "bool": lambda f: {"type": "boolean"},
    "choice": _choice_schema,
    "int": lambda f: {"type": "integer", "minimum": f.low, "maximum": f.high},
    "timestamp": lambda f: {"type": "string", "format": "date-time"},
    "moment": lambda f: {"type": "string", "pattern": MOMENT_PATTERN},
    "json": lambda f: {"anyOf": [{"type": "string"}, {"type": "boolean"},
                                 {"type": "integer"}, {"type": "null"}]},
}
