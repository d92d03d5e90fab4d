"""note.create, note.update, note.submit.

Visit notes are author-owned drafts until submitted, then immutable: they
never conflict. Only the author edits, and only a draft or returned note
(core.spec.rules); a note is submitted only with something written in it.
"""
from __future__ import annotations

from typing import Any

from core.models import Participant, VisitNote
from core.spec.entities import NOTE, PARTICIPANT_REF, UUID
from core.spec.rules import EDITABLE_NOTE_STATUSES, note_ready_to_submit

from .base import ApplyContext, Call, MutationSpec, Outcome, Refused

NOTE_FIELDS = {"participant": PARTICIPANT_REF, **NOTE.pick(
    "visitDate", "kind", "participantTopics", "body", "nextSteps", "hiddenFromParticipant")}
CREATE_FIELDS = {"uuid": UUID, **NOTE_FIELDS}
UPDATE_FIELDS = {"uuid": UUID, **NOTE_FIELDS}
SUBMIT_FIELDS = {"uuid": UUID}


def participant_id(ctx: ApplyContext, uuid: str) -> int:
    """The id of a participant in the user's caseload, or Refused."""
    row = ctx.get(Participant, uuid)
    ctx.require_scope(row.id if row is not None else None)
    return int(row.id)


def _columns(ctx: ApplyContext, args: dict[str, Any]) -> dict[str, Any]:
    values = {NOTE_FIELDS[k].column: v for k, v in args.items()
              if k in NOTE_FIELDS and k != "participant"}
    if "participant" in args:
        values["participant_id"] = participant_id(ctx, args["participant"])
    return values


def editable_note(ctx: ApplyContext, uuid: str) -> VisitNote:
    note: VisitNote = ctx.live(VisitNote, uuid)
    ctx.require_scope(note.participant_id)
    if note.author_id != ctx.user_id:
        raise Refused("not_allowed", "Only the author may change a visit note.")
    if note.status not in EDITABLE_NOTE_STATUSES:
        raise Refused("not_editable", "The note is submitted or signed and cannot be changed.")
    return note


def create(ctx: ApplyContext, call: Call) -> Outcome:
    values = _columns(ctx, call.args)
    existing = ctx.get(VisitNote, call.args["uuid"])
    if existing is not None:
        return _create_again(ctx, existing, values)
    note = ctx.create(VisitNote, uuid=call.args["uuid"], author_id=ctx.user_id, status="draft",
                      **values)
    return Outcome(note.uuid, note.participant_id)


def _create_again(ctx: ApplyContext, note: VisitNote, values: dict[str, Any]) -> Outcome:
    """The same author creating the same note again is an idempotent update."""
    if note.author_id != ctx.user_id or note.participant_id != values["participant_id"]:
        raise Refused("duplicate_uuid", "Another record already uses this uuid.")
    editable_note(ctx, note.uuid)
    _set(note, values)
    return Outcome(note.uuid, note.participant_id)


def _set(row: Any, values: dict[str, Any]) -> None:
    for column, value in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)


def update(ctx: ApplyContext, call: Call) -> Outcome:
    note = editable_note(ctx, call.args["uuid"])
    _set(note, _columns(ctx, call.args))
    return Outcome(note.uuid, note.participant_id)


def submit(ctx: ApplyContext, call: Call) -> Outcome:
    note = editable_note(ctx, call.args["uuid"])
    if not note_ready_to_submit(note.body):
        raise Refused("note_empty", "A note is submitted only with something written in it.")
    note.status = "submitted"
    note.submitted_at = ctx.now
    return Outcome(note.uuid, note.participant_id)


SPECS = [
    MutationSpec("note.create", "note", CREATE_FIELDS, create,
                 refs={"uuid": VisitNote, "participant": Participant},
                 required=("uuid", *NOTE.needed_on_create(NOTE_FIELDS))),
    MutationSpec("note.update", "note", UPDATE_FIELDS, update,
                 refs={"uuid": VisitNote, "participant": Participant}),
    MutationSpec("note.submit", "note", SUBMIT_FIELDS, submit, refs={"uuid": VisitNote}),
]
