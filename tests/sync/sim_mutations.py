"""What a simulated user does on a device: named mutations built from the device's store.

Values come from tiny alphabets so that two devices often edit the same
field of the same record (conflicts) and sometimes agree (no conflict).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from .sim import SimClient, new_uuid

WORDS = ["A", "B", "C"]
DATES = ["2024-06-01", "2024-06-02", "2024-06-03"]
GOAL_STATUSES = ["active", "achieved", "paused", "changed"]
KINDS = ["note.create", "note.update", "note.submit", "goal.create", "goal.update",
         "goal.set_status", "step.create", "step.update", "followup.create",
         "followup.complete", "followup.reschedule", "conflict.resolve", "bogus", "bad_args",
         "foreign"]
# Merged mutations: wire field -> the values the simulation uses.
MERGED_FIELDS: dict[str, dict[str, list[Any]]] = {
    "goal.update": {"ownWords": WORDS, "whyItMatters": WORDS},
    "goal.set_status": {"status": GOAL_STATUSES, "statusComment": ["", "x"]},
    "step.update": {"what": WORDS, "dueOn": DATES + [None]},
    "followup.complete": {"doneOn": DATES, "outcome": WORDS},
    "followup.reschedule": {"dueOn": DATES},
}
# What the simulated users do, merged edits three times as often as the rest.
WEIGHTED_KINDS = KINDS + 2 * ["goal.update", "goal.set_status", "step.update",
                              "followup.complete", "followup.reschedule"]
ENTITY_OF = {"goal.update": "goal", "goal.set_status": "goal", "step.update": "step",
             "followup.complete": "followup", "followup.reschedule": "followup"}


def _pick(draw: Callable, items: list[Any]) -> Any:
    return items[draw(st.integers(0, len(items) - 1))] if items else None


def _pick_hot(draw: Callable, items: list[tuple[str, dict[str, Any]]], hot: str | None) -> Any:
    """Mostly a record of the participant everyone works with, so edits collide."""
    shared = [item for item in items if item[1].get("participant") == hot]
    if shared and draw(st.integers(0, 3)):
        return shared[draw(st.integers(0, 1)) % len(shared)]  # the first two: hotter still
    return _pick(draw, items)


def _participant(client: SimClient, draw: Callable) -> str | None:
    found = _pick(draw, client.known("participant"))
    return found[0] if found else None


def _merged(client: SimClient, draw: Callable, name: str,
            hot: str | None) -> dict[str, Any] | None:
    target = _pick_hot(draw, client.known(ENTITY_OF[name]), hot)
    if target is None:
        return None
    uuid, value = target
    choices = MERGED_FIELDS[name]
    fields = draw(st.lists(st.sampled_from(sorted(choices)), min_size=1, unique=True))
    args = {"uuid": uuid, **{f: draw(st.sampled_from(choices[f])) for f in fields}}
    # Required args are sent even when unchanged (as the PWA does); only changedFields apply.
    if name == "goal.set_status":
        args.setdefault("status", value.get("status") or "active")
    if name == "followup.complete":
        args.setdefault("doneOn", value.get("doneOn") or DATES[0])
    m = {"name": name, "args": args, "changedFields": fields,
         "baseValues": {f: value.get(f) for f in fields if f in value}}
    if value.get("version") is not None:
        m["baseVersion"] = value["version"]
    return m


def _resolve(client: SimClient, draw: Callable) -> dict[str, Any] | None:
    open_ = [(k, v) for k, v in client.known("conflict") if not v.get("resolvedAt")]
    target = _pick(draw, open_)
    if target is None:
        return None
    uuid, c = target
    resolution = draw(st.sampled_from(["server", "client", "custom"]))
    args: dict[str, Any] = {"uuid": uuid, "resolution": resolution}
    if resolution == "custom":
        args["value"] = c["clientValue"]
    return {"name": "conflict.resolve", "args": args}


def _note(client: SimClient, draw: Callable, name: str) -> dict[str, Any] | None:
    target = _pick(draw, client.known("note"))
    if target is None:
        return None
    args: dict[str, Any] = {"uuid": target[0]}
    if name == "note.update":
        args["body"] = draw(st.sampled_from(WORDS))
    return {"name": name, "args": args}


def _create(client: SimClient, draw: Callable, name: str,
            participant: str | None) -> dict[str, Any] | None:
    if name == "step.create":
        goal = _pick(draw, client.known("goal"))
        return goal and {"name": name, "args": {"uuid": new_uuid(), "goal": goal[0],
                                                "what": draw(st.sampled_from(WORDS))}}
    if participant is None:
        return None
    args: dict[str, Any] = {"uuid": new_uuid(), "participant": participant}
    if name == "goal.create":
        args.update(lifeArea="health", ownWords=draw(st.sampled_from(WORDS)))
    elif name == "followup.create":
        args.update(kind="visit", dueOn=draw(st.sampled_from(DATES)))
    else:
        args.update(visitDate="2024-05-02", body=draw(st.sampled_from(WORDS)))
    return {"name": name, "args": args}


def make_mutation(client: SimClient, kind: str, draw: Callable, everyone: list[str],
                  hot: str | None = None) -> dict[str, Any]:
    """The mutation for `kind`; a bogus one when the device knows no target for it."""
    m: dict[str, Any] | None
    if kind in MERGED_FIELDS:
        m = _merged(client, draw, kind, hot)
    elif kind == "conflict.resolve":
        m = _resolve(client, draw)
    elif kind in ("note.update", "note.submit"):
        m = _note(client, draw, kind)
    elif kind == "foreign":
        m = _create(client, draw, "note.create", _pick(draw, everyone))
    elif kind == "bad_args":
        m = {"name": "goal.update", "args": {"uuid": "not-a-uuid"}, "baseVersion": 0}
    elif kind == "bogus":
        m = {"name": "note.teleport", "args": {}}
    else:
        m = _create(client, draw, kind, _participant(client, draw))
    return m or {"name": "note.teleport", "args": {}}
