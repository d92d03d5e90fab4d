"""plan.agree, plan.disagree, plan.comment, rating.create: the participant's own acts.

Agreeing ("this plan is mine"), disagreeing (their words, appended, never
overwriting anything) and rating a life area are the participant's: from
their own account, or with the phone in their hands (participant mode). A
comment beside an entry may come from anyone in the plan. Agreeing plans
the next review (core.schedule), unless the participant left the programme.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.clock import wall_clock
from core.models import FollowUp, Goal, Participant, PlanEvent, SelfRating, Step
from core.schedule import review_after_agreement
from core.spec.entities import PARTICIPANT_REF, PLAN_EVENT, SELF_RATING, UUID

from .base import EVERYONE, ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id
from .plans import Ref, already_there, columns, live_in_scope, plan_event, plan_for

ONLY_THE_PARTICIPANT = "Only the participant can do this: on their own phone, or on yours in " \
                       "participant mode."
EVENT_FIELDS = {"uuid": UUID, "participant": PARTICIPANT_REF,
                **PLAN_EVENT.pick("goal", "step", "text")}
# A disagreement or a comment says something: its words are not empty.
SAYING_FIELDS = {**EVENT_FIELDS, "text": PLAN_EVENT.field("text").but(required=True)}
RATING_FIELDS = {"uuid": UUID, "participant": PARTICIPANT_REF,
                 **SELF_RATING.pick("lifeArea", "ownArea", "rating", "comment", "ratedOn")}


def _participant_only(ctx: ApplyContext) -> None:
    if not ctx.by_the_participant():
        raise Refused("participant_only", ONLY_THE_PARTICIPANT)


def _target(ctx: ApplyContext, call: Call, pid: int) -> dict[str, Any]:
    """The goal or step the entry is about, which must be this participant's."""
    out: dict[str, Any] = {}
    for name, model in (("goal", Goal), ("step", Step)):
        uuid = call.args.get(name)
        if uuid is not None:
            row = live_in_scope(ctx, model, uuid)
            if row.participant_id != pid:
                raise Refused("not_found", f"{model.__name__} {uuid} is not in this plan.")
            out[name] = row
    step = out.get("step")
    if step is not None and "goal" not in out:
        out["goal"] = Ref(step.goal_id)
    return out


def _event(kind: str, participant_only: bool) -> Any:
    def apply(ctx: ApplyContext, call: Call) -> Outcome:
        pid = participant_id(ctx, call.args["participant"])
        if participant_only:
            _participant_only(ctx)
        again = already_there(ctx, PlanEvent, call.args["uuid"], pid)
        if again:
            return again
        target = _target(ctx, call, pid)
        event = plan_event(ctx, pid, kind, uuid=call.args["uuid"],
                           text=call.args.get("text", ""), **target)
        if kind == "agreed" and not target:
            _agree(ctx, pid, ctx.get(Participant, call.args["participant"]),
                   call.args.get("text", ""))
        return Outcome(event.uuid, pid)
    return apply


def _agree(ctx: ApplyContext, pid: int, person: Any, comment: str) -> None:
    """The plan is the participant's from today; its review is planned."""
    plan = plan_for(ctx, pid)
    today = wall_clock(ctx.now).date()
    plan.agreed_on, plan.participant_agreed = today, True
    if comment:
        plan.participant_comment = comment
    interval = ctx.team(person.team_id).review_interval_months
    planned = review_after_agreement(today, interval, person.status, person.deleted_at)
    if planned is None:
        return
    plan.next_review_due = planned.due_on
    if not _open_review(ctx, pid):
        ctx.create(FollowUp, participant_id=pid, kind=planned.kind, due_on=planned.due_on,
                   assignee_id=ctx.user_id if ctx.role != "participant" else None)


def _open_review(ctx: ApplyContext, pid: int) -> bool:
    created: list[Any] = ctx.pending.get(FollowUp, [])
    pending = [f for f in created if f.participant_id == pid
               and f.kind == "plan_review" and f.done_on is None]
    if pending:
        return True
    found = ctx.conn.execute(select(FollowUp.id).where(
        FollowUp.participant_id == pid, FollowUp.kind == "plan_review",
        FollowUp.done_on.is_(None), FollowUp.deleted_at.is_(None)).limit(1)).first()
    return found is not None


def rating_create(ctx: ApplyContext, call: Call) -> Outcome:
    pid = participant_id(ctx, call.args["participant"])
    _participant_only(ctx)
    again = already_there(ctx, SelfRating, call.args["uuid"], pid)
    if again:
        return again
    row = ctx.create(SelfRating, uuid=call.args["uuid"], participant_id=pid,
                     written_by=ctx.written_by(), created_by_id=ctx.user_id,
                     **columns(RATING_FIELDS, call.args))
    return Outcome(row.uuid, pid)


_REFS = {"uuid": PlanEvent, "participant": Participant, "goal": Goal, "step": Step}
SPECS = [
    MutationSpec("plan.agree", "planEvent", EVENT_FIELDS, _event("agreed", True), refs=_REFS,
                 required=("uuid", "participant"), writers=EVERYONE),
    MutationSpec("plan.disagree", "planEvent", SAYING_FIELDS, _event("disagreed", True),
                 refs=_REFS, required=("uuid", "participant", "text"), writers=EVERYONE),
    MutationSpec("plan.comment", "planEvent", SAYING_FIELDS, _event("comment", False),
                 refs=_REFS, required=("uuid", "participant", "text"), writers=EVERYONE),
    MutationSpec("rating.create", "rating", RATING_FIELDS, rating_create,
                 refs={"uuid": SelfRating, "participant": Participant},
                 required=("uuid", *SELF_RATING.needed_on_create(RATING_FIELDS)),
                 writers=EVERYONE),
]
