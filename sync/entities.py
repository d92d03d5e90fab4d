"""What a pull sends: one `Entity` per synced table, derived from the field spec.

Each entity's wire values are the pulled fields of its spec
(core.spec.entities): a plain field is its column, a ref is an attribute
(the uuid, or a name) of the row it points at, read through an outer join.
On top of the participant scope, a visibility rule (core.access's rules as
SQL) decides which rows an audience gets: a participant account never
receives hidden notes, drafts or reviews; a worker receives other authors'
notes only once submitted. Fields a participant may not see are left out of
the values sent to a participant account.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Integer, bindparam
from sqlalchemy.orm import aliased

from core.access import audience, followup_visibility, note_visibility
from core.models import Participant, SyncConflict
from core.spec.entities import REF_MODELS, SYNCED, EntitySpec
from core.spec.fields import Field

from .serialize import timestamp

__all__ = ["ENTITIES", "ME", "Entity", "audience", "conflict_columns"]

# The user's id, bound when a pull runs (statements are built once and cached).
ME: BindParameter[int] = bindparam("me", type_=Integer)

Rule = Callable[[str], list[Any] | None]


@dataclass(frozen=True)
class Entity:
    name: str
    model: Any
    pid: Any
    columns: tuple[tuple[str, Any], ...]
    spec: EntitySpec
    joins: tuple[tuple[Any, Any], ...] = ()
    # Extra WHERE clauses by audience ("worker" or "participant"); None: never sent.
    visible: Rule = lambda audience: []
    # The visibility rule reads a joined table, so key queries need the joins too.
    rule_joins: bool = False

    def converters(self, audience: str = "worker") -> list[tuple[str, Callable[[Any], Any] | None]]:
        hidden = self.hidden_from(audience)
        kinds = {f.wire: f.kind for f in self.spec.fields}
        return [(wire, _CONVERT.get(kinds.get(wire, ""))) for wire, _ in self.columns
                if wire not in hidden]

    def blanked_for(self, audience: str) -> tuple[tuple[str, str], ...]:
        """(field, the bool field that hides it) for values left empty per row."""
        if audience != "participant":
            return ()
        return tuple((f.wire, f.hidden_when) for f in self.spec.fields if f.hidden_when)

    def hidden_from(self, audience: str) -> frozenset[str]:
        if audience != "participant":
            return frozenset()
        return frozenset(f.wire for f in self.spec.fields if not f.participant_sees)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "timestamp": timestamp,
    "date": lambda v: None if v is None else v.isoformat(),
}


def _value_columns(spec: EntitySpec) -> tuple[list[tuple[str, Any]], dict[str, Any],
                                               list[tuple[Any, Any]]]:
    """(wire, column) of every pulled field; ref targets are aliased and joined, one
    alias per foreign key column."""
    m = spec.model
    cols: list[tuple[str, Any]] = [("uuid", m.uuid), ("version", m.version)]
    aliases: dict[str, Any] = {}
    joins: list[tuple[Any, Any]] = []
    for f in spec.pulled:
        cols.append((f.wire, _column(m, f, aliases, joins)))
    return cols, aliases, joins


def _column(m: Any, f: Field, aliases: dict[str, Any], joins: list[tuple[Any, Any]]) -> Any:
    if not f.ref:
        return getattr(m, f.column)
    alias = aliases.get(f.column)
    if alias is None:
        alias = aliases[f.column] = aliased(REF_MODELS[f.ref])
        joins.append((alias, alias.id == getattr(m, f.column)))
    return getattr(alias, f.ref_attr)


def _notes(note: Any) -> Rule:
    return lambda audience: note_visibility(note, audience, ME)


def _workers_only(note: Any) -> Rule:
    return lambda audience: None if audience == "participant" else note_visibility(
        note, audience, ME)


def _not_to_participants(audience: str) -> list[Any] | None:
    """Action plans and landlord reports reach a participant's account only on its own
    page, when shared with them: un-sharing must take effect at once, and a pull cannot
    take back a record it has sent (docs/landlords.md)."""
    return None if audience == "participant" else []


# Visibility beyond the participant scope: (rule from the model or its aliases, whether
# the rule reads a joined table).
_RULES: dict[str, Callable[[Any, dict[str, Any]], tuple[Rule, bool]]] = {
    "note": lambda m, a: (_notes(m), False),
    "addendum": lambda m, a: (_notes(a["note_id"]), True),
    "review": lambda m, a: (_workers_only(a["note_id"]), True),
    "conflict": lambda m, a: ((lambda audience: [m.user_id == ME]), False),
    "followup": lambda m, a: ((lambda audience: followup_visibility(m, audience)), False),
    "actionplan": lambda m, a: (_not_to_participants, False),
    "actionitem": lambda m, a: (_not_to_participants, False),
    "landlordreport": lambda m, a: (_not_to_participants, False),
}


def _entity(spec: EntitySpec) -> Entity:
    cols, aliases, joins = _value_columns(spec)
    m = spec.model
    pid = m.id if m is Participant else m.participant_id
    rule = _RULES.get(spec.name)
    visible, rule_joins = rule(m, aliases) if rule else ((lambda audience: []), False)
    return Entity(spec.name, m, pid, tuple(cols), spec, tuple(joins), visible, rule_joins)


ENTITIES: tuple[Entity, ...] = tuple(_entity(spec) for spec in SYNCED)


def conflict_columns() -> tuple[tuple[str, Any], ...]:
    entity = next(e for e in ENTITIES if e.model is SyncConflict)
    return entity.columns
