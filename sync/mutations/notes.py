"""note.create, note.update, note.submit.

Visit notes are author-owned drafts until submitted, then immutable: they
never conflict. Only the author edits, and only a draft or returned note.
"""
from __future__ import annotations

from typing import Any

from core.models import EDITABLE_NOTE_STATUSES, NOTE_KINDS, Participant, VisitNote

from ..fields import Field
from .base import ApplyContext, Call, MutationSpec, Outcome, Refused

NOTE_FIELDS = {
    "participant": Field("uuid", column="participant_id"),
    "visitDate": Field("date", column="visit_date"),
    "kind": Field("enum", column="kind", choices=NOTE_KINDS),
    "participantTopics": Field("str", column="participant_topics"),
    "body": Field("str", column="body"),
    "nextSteps": Field("str", column="next_steps"),
    "hiddenFromParticipant": Field("bool", column="hidden_from_participant"),
}
CREATE_FIELDS = {
    "uuid": Field("uuid", required=True),
    **NOTE_FIELDS,
    "participant": Field("uuid", column="participant_id", required=True),
    "visitDate": Field("date", column="visit_date", required=True),
}
UPDATE_FIELDS = {"uuid": Field("uuid", required=True), **NOTE_FIELDS}
SUBMIT_FIELDS = {"uuid": Field("uuid", required=True)}


def participant_id(ctx: ApplyContext, uuid: str) -> int:
    """The id of a participant in the user's caseload, or Refused."""
    row = ctx.get(Participant, uuid)
    ctx.require_scope(row.id if row is not None else None)
    return int(row.id)


def _columns(ctx: ApplyContext, args: dict[str, Any]) -> dict[str, Any]:
    values = {NOTE_FIELDS[k].column: v for k, v in args.items() if k in NOTE_FIELDS}
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
    note.status = "submitted"
    note.submitted_at = ctx.now
    return Outcome(note.uuid, note.participant_id)


SPECS = [
    MutationSpec("note.create", "note", CREATE_FIELDS, create,
                 refs={"uuid": VisitNote, "participant": Participant}),
    MutationSpec("note.update", "note", UPDATE_FIELDS, update,
                 refs={"uuid": VisitNote, "participant": Participant}),
    MutationSpec("note.submit", "note", SUBMIT_FIELDS, submit, refs={"uuid": VisitNote}),
]
