"""landlordreport.create, landlordreport.update: the landlord's call or e-mail about a
tenancy and what the team did, logged on the phone (offline too).

A report is merged field by field (a worker on the phone and a team lead on the
server page may both fill it in). It takes the commitment of its tenancy's action
plan when it is created, and each change raises or closes the follow-ups of a
commitment about to be missed (core.landlords.followups), in the same batch.
Recorded moments cannot be earlier than the report's arrival.
"""
from __future__ import annotations

from typing import Any

from core.clock import wall_clock
from core.landlords import followups
from core.models import ActionPlan, FollowUp, LandlordReport, Tenancy
from core.spec.entities import LANDLORD_REPORT, UUID

from ..bulk import load_one
from ..merge import merge_fields
from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .plans import already_there, changes, columns, live_in_scope

REPORT_FIELDS = LANDLORD_REPORT.pick(
    "kind", "channel", "receivedAt", "reportedBy", "summary", "firstContactAt", "visitAt",
    "agreed", "closedAt", "outcome", "sharedWithParticipant")
CREATE_FIELDS = {"uuid": UUID, **LANDLORD_REPORT.pick("tenancy"), **REPORT_FIELDS}
# Moments that follow the report's arrival.
AFTER_ARRIVAL = ("firstContactAt", "visitAt", "closedAt")


class RecordWriter:
    """core.landlords.followups' writer over the batch's Records."""

    def __init__(self, ctx: ApplyContext) -> None:
        self.ctx = ctx

    def followup(self, uuid: str) -> Any:
        return self.ctx.get(FollowUp, uuid)

    def new_followup(self, **values: Any) -> Any:
        return self.ctx.create(FollowUp, **values)


def check_order(values: dict[str, Any]) -> None:
    """{wire: value} of the report as it would be: nothing recorded before it came in."""
    received = values.get("receivedAt")
    for wire in AFTER_ARRIVAL:
        value = values.get(wire)
        if received and value and value < received:
            raise Refused("bad_args", f"{wire}: earlier than receivedAt",
                          {"field": wire, "problem": "before_received", "params": {}})


def _would_be(row: Any, call: Call) -> dict[str, Any]:
    values = {wire: getattr(row, f.column) for wire, f in REPORT_FIELDS.items()}
    values.update({wire: call.args[wire] for wire in call.changed})
    return values


def _follow_up(ctx: ApplyContext, row: Any) -> None:
    followups.apply(row, wall_clock(ctx.now), RecordWriter(ctx), ctx.user_id)


def create(ctx: ApplyContext, call: Call) -> Outcome:
    args = call.args
    tenancy = live_in_scope(ctx, Tenancy, args["tenancy"])
    pid = tenancy.participant_id
    again = already_there(ctx, LandlordReport, args["uuid"], pid)
    if again:
        return again
    check_order(args)
    plan = load_one(ctx.conn, ActionPlan, (ActionPlan.tenancy_id == tenancy.id)
                    & ActionPlan.deleted_at.is_(None), ActionPlan.id)
    row = ctx.create(LandlordReport, uuid=args["uuid"], tenancy_id=tenancy.id,
                     participant_id=pid, created_by_id=ctx.user_id,
                     **followups.commitment_columns(plan), **columns(REPORT_FIELDS, args))
    _follow_up(ctx, row)
    return Outcome(row.uuid, pid)


def update(ctx: ApplyContext, call: Call) -> Outcome:
    row = live_in_scope(ctx, LandlordReport, call.args["uuid"])
    check_order(_would_be(row, call))
    conflicts = merge_fields(ctx, call, "landlordreport", row, changes(REPORT_FIELDS, call))
    _follow_up(ctx, row)
    return Outcome(row.uuid, row.participant_id, conflicts)


SPECS = [
    MutationSpec("landlordreport.create", "landlordreport", CREATE_FIELDS, create,
                 refs={"uuid": LandlordReport, "tenancy": Tenancy},
                 required=("uuid", "tenancy",
                           *LANDLORD_REPORT.needed_on_create(CREATE_FIELDS))),
    MutationSpec("landlordreport.update", "landlordreport", {"uuid": UUID, **REPORT_FIELDS},
                 update, merged=True, refs={"uuid": LandlordReport}),
]
