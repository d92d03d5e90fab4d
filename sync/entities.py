"""What a pull sends: one `Entity` per synced table, its wire fields and who may see it.

Each entity names the participant column that scopes it, the columns sent
(labelled with their camelCase wire names) and a visibility rule on top of
the participant scope (core.access's rules as SQL): a participant account
never receives hidden notes, drafts or reviews; a worker receives other
authors' notes only once submitted.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Date, DateTime, Integer, bindparam, or_
from sqlalchemy.orm import aliased

from core.models import (
    FollowUp,
    Goal,
    NoteAddendum,
    Participant,
    Plan,
    Review,
    Step,
    SyncConflict,
    Tenancy,
    User,
    VisitNote,
)

from .serialize import timestamp


@dataclass(frozen=True)
class Entity:
    name: str
    model: Any
    pid: Any
    columns: tuple[tuple[str, Any], ...]
    joins: tuple[tuple[Any, Any], ...] = ()
    # Extra WHERE clauses by audience ("worker" or "participant"); None: never sent.
    visible: Callable[[str], list[Any] | None] = lambda audience: []
    # The visibility rule reads a joined table, so key queries need the joins too.
    rule_joins: bool = False

    def converters(self) -> list[tuple[str, Callable[[Any], Any] | None]]:
        return [(wire, _converter(col)) for wire, col in self.columns]


def _converter(col: Any) -> Callable[[Any], Any] | None:
    kind = getattr(col, "type", None)
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else timestamp(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    return None


# The user's id, bound when a pull runs (statements are built once and cached).
ME: BindParameter[int] = bindparam("me", type_=Integer)


def audience(user: User) -> str:
    return "participant" if user.role == "participant" else "worker"


def _note_rule(note: Any) -> Callable[[str], list[Any]]:
    def rule(audience: str) -> list[Any]:
        if audience == "participant":
            return [note.status == "signed", note.hidden_from_participant.is_(False)]
        return [or_(note.status != "draft", note.author_id == ME)]
    return rule


def _workers_only(note: Any) -> Callable[[str], list[Any] | None]:
    def rule(audience: str) -> list[Any] | None:
        return None if audience == "participant" else _note_rule(note)(audience)
    return rule


def _base(model: Any) -> tuple[tuple[str, Any], ...]:
    return (("uuid", model.uuid), ("version", model.version))


def _participant() -> Entity:
    p = Participant
    return Entity("participant", p, p.id, _base(p) + (
        ("preferredName", p.preferred_name), ("status", p.status), ("joinedOn", p.joined_on),
        ("leftOn", p.left_on)))


def _tenancy() -> Entity:
    t = Tenancy
    return Entity("tenancy", t, t.participant_id, _base(t) + (
        ("address", t.address), ("landlord", t.landlord), ("leaseType", t.lease_type),
        ("startDate", t.start_date), ("firstHandEligibleOn", t.first_hand_eligible_on),
        ("endDate", t.end_date), ("endReason", t.end_reason)))


def _plan() -> Entity:
    p = Plan
    return Entity("plan", p, p.participant_id, _base(p) + (
        ("agreedOn", p.agreed_on), ("participantAgreed", p.participant_agreed),
        ("participantComment", p.participant_comment), ("nextReviewDue", p.next_review_due)))


def _goal() -> Entity:
    g, plan = Goal, aliased(Plan)
    return Entity("goal", g, g.participant_id, _base(g) + (
        ("plan", plan.uuid), ("lifeArea", g.life_area), ("ownWords", g.own_words),
        ("whyItMatters", g.why_it_matters), ("writtenBy", g.written_by), ("status", g.status),
        ("statusComment", g.status_comment)), joins=((plan, plan.id == g.plan_id),))


def _step() -> Entity:
    s, goal = Step, aliased(Goal)
    return Entity("step", s, s.participant_id, _base(s) + (
        ("goal", goal.uuid), ("what", s.what), ("who", s.who), ("dueOn", s.due_on),
        ("doneOn", s.done_on)), joins=((goal, goal.id == s.goal_id),))


def _note() -> Entity:
    n, author = VisitNote, aliased(User)
    return Entity("note", n, n.participant_id, _base(n) + (
        ("author", author.uuid), ("authorName", author.display_name),
        ("visitDate", n.visit_date), ("kind", n.kind), ("participantTopics", n.participant_topics),
        ("body", n.body), ("nextSteps", n.next_steps), ("status", n.status),
        ("hiddenFromParticipant", n.hidden_from_participant), ("submittedAt", n.submitted_at),
        ("signedAt", n.signed_at)), joins=((author, author.id == n.author_id),),
        visible=_note_rule(n))


def _addendum() -> Entity:
    a, note, author = NoteAddendum, aliased(VisitNote), aliased(User)
    return Entity("addendum", a, a.participant_id, _base(a) + (
        ("note", note.uuid), ("authorName", author.display_name), ("body", a.body),
        ("createdAt", a.created_at)),
        joins=((note, note.id == a.note_id), (author, author.id == a.author_id)),
        visible=_note_rule(note), rule_joins=True)


def _review() -> Entity:
    r, note, reviewer = Review, aliased(VisitNote), aliased(User)
    return Entity("review", r, r.participant_id, _base(r) + (
        ("note", note.uuid), ("reviewerName", reviewer.display_name), ("decision", r.decision),
        ("comment", r.comment), ("createdAt", r.created_at)),
        joins=((note, note.id == r.note_id), (reviewer, reviewer.id == r.reviewer_id)),
        visible=_workers_only(note), rule_joins=True)


def _followup() -> Entity:
    f, goal, assignee = FollowUp, aliased(Goal), aliased(User)
    return Entity("followup", f, f.participant_id, _base(f) + (
        ("kind", f.kind), ("title", f.title), ("dueOn", f.due_on), ("assignee", assignee.uuid),
        ("goal", goal.uuid), ("doneOn", f.done_on), ("outcome", f.outcome)),
        joins=((goal, goal.id == f.goal_id), (assignee, assignee.id == f.assignee_id)))


def conflict_columns() -> tuple[tuple[str, Any], ...]:
    c = SyncConflict
    return _base(c) + (
        ("entity", c.entity), ("entityUuid", c.entity_uuid), ("field", c.field),
        ("baseValue", c.base_value), ("serverValue", c.server_value),
        ("clientValue", c.client_value), ("createdAt", c.created_at),
        ("resolvedAt", c.resolved_at), ("resolution", c.resolution))


def _conflict() -> Entity:
    c = SyncConflict
    return Entity("conflict", c, c.participant_id, conflict_columns(),
                  visible=lambda audience: [c.user_id == ME])


ENTITIES: tuple[Entity, ...] = (
    _participant(), _tenancy(), _plan(), _goal(), _step(), _note(), _addendum(), _review(),
    _followup(), _conflict(),
)
