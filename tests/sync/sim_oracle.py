"""The oracle around every push the simulation delivers.

Before the request it snapshots what the server's answer depends on: the
device's lastMutationID, the version counter, the user's rights now, and the
records and conflicts the batch targets. After it, it replays the merge rule
on that snapshot for the mutations the server processed and checks:
- ids processed = exactly lastMutationID+1 .. new lastMutationID (once each);
- every row the request changed belongs to a participant the user may work
  with now; a revoked device or a user without write rights changes nothing;
- a field changed on both sides gave exactly the predicted SyncConflicts,
  with the server's and the client's values, and the server value stayed;
  every other change of a merged field was applied.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hypothesis import event
from sqlalchemy import select

from core.access import participant_ids_query
from core.models import (
    Assignment,
    Device,
    FollowUp,
    Goal,
    NoteAddendum,
    Participant,
    Plan,
    Review,
    SelfRating,
    Step,
    SyncConflict,
    Tenancy,
    VisitNote,
    current_version,
)

from .sim import SimClient, SimServer
from .sim_mutations import ENTITY_OF

COLUMNS: dict[str, tuple[Any, dict[str, str]]] = {
    "goal": (Goal, {"ownWords": "own_words", "whyItMatters": "why_it_matters",
                    "status": "status", "statusComment": "status_comment"}),
    "step": (Step, {"what": "what", "who": "who", "dueOn": "due_on", "doneOn": "done_on"}),
    "followup": (FollowUp, {"dueOn": "due_on", "doneOn": "done_on", "outcome": "outcome"}),
}
SCOPED = [Assignment, Tenancy, Plan, Goal, Step, SelfRating, VisitNote, NoteAddendum, Review,
          FollowUp, SyncConflict]
WRITERS = ("case_manager", "team_lead")
# A participant's own account writes only their plan: goals, steps, their conflicts.
PARTICIPANT_WRITES = {"goal.update", "goal.set_status", "step.update", "conflict.resolve"}
# The participant's words: once they wrote them, a worker's change is refused.
WORDS = {"ownWords", "whyItMatters", "what", "who"}


def wire(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class Rec:
    pid: int
    deleted: bool
    values: dict[str, Any]
    stamps: dict[str, Any]
    written_by: str | None = None


@dataclass
class Snapshot:
    last: int
    version: int
    revoked: bool
    writer: bool
    user_id: int
    scope: frozenset[int]
    role: str = ""
    rows: dict[tuple[str, str], Rec] = field(default_factory=dict)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _record(session: Any, entity: str, uuid: str) -> Rec | None:
    model, cols = COLUMNS[entity]
    row = session.execute(select(model).where(model.uuid == uuid)).scalar()
    if row is None:
        return None
    stamps = row.field_versions or {}
    return Rec(row.participant_id, row.deleted_at is not None,
               {w: wire(getattr(row, c)) for w, c in cols.items()},
               {w: stamps.get(c) for w, c in cols.items()}, getattr(row, "written_by", None))


def _conflict(session: Any, uuid: str) -> dict[str, Any] | None:
    c = session.execute(select(SyncConflict).where(SyncConflict.uuid == uuid)).scalar()
    return None if c is None else {
        "user_id": c.user_id, "pid": c.participant_id, "entity": c.entity, "field": c.field,
        "entity_uuid": c.entity_uuid, "client_value": c.client_value,
        "resolved": c.resolved_at is not None, "resolution": c.resolution}


def _targets(session: Any, snap: Snapshot, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        uuid = e["args"].get("uuid")
        if e["name"] in ENTITY_OF:
            key = (ENTITY_OF[e["name"]], uuid)
            snap.rows.setdefault(key, _record(session, *key))
        elif e["name"] == "conflict.resolve":
            c = snap.conflicts[uuid] = _conflict(session, uuid)
            if c is not None and c["entity"] in COLUMNS:
                key = (c["entity"], c["entity_uuid"])
                snap.rows.setdefault(key, _record(session, *key))
    snap.rows = {k: v for k, v in snap.rows.items() if v is not None}
    snap.conflicts = {k: v for k, v in snap.conflicts.items() if v is not None}


def take(server: SimServer, client: SimClient, entries: list[dict[str, Any]]) -> Snapshot:
    with server.db() as s:
        user = server.user(s, client.username)
        device = s.execute(select(Device).where(Device.client_id == client.client_id)).scalar()
        scope = frozenset(s.execute(select(Participant.id).where(
            Participant.id.in_(participant_ids_query(user)),
            Participant.deleted_at.is_(None))).scalars())
        snap = Snapshot(device.last_mutation_id if device else 0, current_version(s),
                        bool(device and device.revoked_at),
                        user.role in (*WRITERS, "participant") and user.active, user.id, scope,
                        user.role)
        _targets(s, snap, entries)
    return snap


def _may(snap: Snapshot, pid: int, deleted: bool = False, name: str = "") -> bool:
    if snap.role == "participant" and name not in PARTICIPANT_WRITES:
        return False
    return snap.writer and pid in snap.scope and not deleted


def _words_refused(snap: Snapshot, rec: Rec, fields: list[str]) -> bool:
    """A worker changing words the participant wrote is refused (core.authorship)."""
    return (snap.role != "participant" and rec.written_by in ("participant", "together")
            and bool(WORDS & set(fields)))


def _now_theirs(snap: Snapshot, rec: Rec, before: dict[str, Any], fields: list[str]) -> None:
    """Words a participant changed are theirs from then on."""
    if snap.role == "participant" and any(
            f in WORDS and rec.values[f] != before[f] for f in fields):
        rec.written_by = "participant"


def _merge(snap: Snapshot, rec: Rec, e: dict[str, Any], fields: list[str], me: str,
           expected: set) -> None:
    base = e.get("baseVersion") or 0
    for f in fields:
        client, server = e["args"][f], rec.values[f]
        event("merge: a field edit processed")
        if client == server:
            event("merge: same value on both sides")
            continue
        stamp = rec.stamps.get(f)
        if stamp and stamp[0] > base and stamp[1] != me:
            expected.add((e["id"], f, server, client))
        else:
            rec.values[f], rec.stamps[f] = client, [float("inf"), me]


def _resolve(snap: Snapshot, e: dict[str, Any], me: str, expected: set) -> None:
    c = snap.conflicts.get(e["args"]["uuid"])
    if (c is None or c["user_id"] != snap.user_id or not _may(snap, c["pid"], name=e["name"])
            or c["resolved"]):
        return
    rec = snap.rows.get((c["entity"], c["entity_uuid"]))
    if rec is None or not _may(snap, rec.pid, rec.deleted, e["name"]):
        return
    if e["args"]["resolution"] != "server" and _words_refused(snap, rec, [c["field"]]):
        return
    c["resolved"] = True
    if e["args"]["resolution"] != "server":
        value = c["client_value"] if e["args"]["resolution"] == "client" else e["args"]["value"]
        fake = {"id": e["id"], "args": {c["field"]: value}}
        before = dict(rec.values)
        _merge(snap, rec, fake, [c["field"]], me, expected)
        _now_theirs(snap, rec, before, [c["field"]])


def predict(snap: Snapshot, processed: list[dict[str, Any]], me: str) -> set:
    """Replay the merge rule; returns the expected (mutation id, field, server, client)."""
    expected: set = set()
    for e in processed:
        if e["name"] in ENTITY_OF:
            rec = snap.rows.get((ENTITY_OF[e["name"]], e["args"]["uuid"]))
            if rec is not None and _may(snap, rec.pid, rec.deleted, e["name"]):
                fields = [f for f in e.get("changedFields", []) if f in e["args"]]
                if e["name"] != "goal.set_status" and _words_refused(snap, rec, fields):
                    continue
                before = dict(rec.values)
                _merge(snap, rec, e, fields, me, expected)
                _now_theirs(snap, rec, before, fields)
        elif e["name"] == "conflict.resolve":
            _resolve(snap, e, me, expected)
    return expected


def _changed_pids(session: Any, version: int) -> set[int]:
    pids = set(session.execute(select(Participant.id).where(Participant.version > version))
               .scalars())
    for model in SCOPED:
        pids |= set(session.execute(select(model.participant_id).where(model.version > version))
                    .scalars())
    return pids


def verify(server: SimServer, client: SimClient, snap: Snapshot,
           entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check the request's effects; returns the mutations it processed."""
    with server.db() as s:
        device = s.execute(select(Device).where(Device.client_id == client.client_id)).scalar()
        last = device.last_mutation_id if device else 0
        ordered = sorted(entries, key=lambda e: e["id"])
        processed = [e for e in ordered if snap.last < e["id"] <= last]
        assert [e["id"] for e in processed] == list(range(snap.last + 1, last + 1))
        changed = _changed_pids(s, snap.version)
        if snap.revoked:
            assert last == snap.last and current_version(s) == snap.version
        assert changed <= snap.scope, "a row outside the user's rights was changed"
        assert snap.writer or not changed, "a user without write rights changed data"
        expected = predict(snap, processed, client.client_id)
        _check_conflicts(s, device, processed, expected)
        _check_values(s, snap)
    if expected:
        event("push: a field edited on both sides gave a conflict")
    if processed and not snap.writer:
        event("push: refused, the user may not write")
    if changed:
        event("push: applied changes")
    return processed


def _check_conflicts(s: Any, device: Any, processed: list[dict[str, Any]], expected: set) -> None:
    ids = [e["id"] for e in processed]
    rows = s.execute(select(SyncConflict).where(SyncConflict.device_id == (device.id if device
                                                                           else -1),
                                                SyncConflict.mutation_id.in_(ids))).scalars()
    actual = {(c.mutation_id, c.field, c.server_value, c.client_value) for c in rows}
    assert actual == expected, f"conflicts {actual} != predicted {expected}"


def _check_values(s: Any, snap: Snapshot) -> None:
    for (entity, uuid), rec in snap.rows.items():
        now = _record(s, entity, uuid)
        assert now is not None
        assert now.values == rec.values, f"{entity} {uuid}: {now.values} != {rec.values}"
