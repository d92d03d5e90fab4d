"""Read models of the plan for the pages: goals with their steps, what was said
beside each entry (comments, disagreements), the agreement, the ratings chart
and the history."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core import chart
from core.models import Goal, Participant, Plan, PlanEvent, SelfRating, Step, User

from ..extensions import db
from ..participants.queries import participant_record

SAID = ("comment", "disagreed", "agreed")


@dataclass
class PlanView:
    participant: Participant
    plan: Plan | None
    goals: list[Goal]
    steps: dict[int, list[Step]]
    said: dict[int | None, list[PlanEvent]] = field(default_factory=dict)  # by goal id
    ratings: list[SelfRating] = field(default_factory=list)
    charts: list[chart.Series] = field(default_factory=list)
    record: Any = None

    @property
    def agreement(self) -> PlanEvent | None:
        agreed = [e for e in self.said.get(None, []) if e.kind == "agreed"]
        return agreed[-1] if agreed else None


def plan_view(user: User, participant: Participant) -> PlanView:
    record = participant_record(user, participant)
    events = _live(select(PlanEvent).where(PlanEvent.participant_id == participant.id)
                   .order_by(PlanEvent.created_at, PlanEvent.id), PlanEvent)
    said: dict[int | None, list[PlanEvent]] = {}
    for e in events:
        if e.kind in SAID:
            said.setdefault(e.goal_id, []).append(e)
    ratings = ratings_of(participant)
    return PlanView(participant, record.plan, record.goals, record.steps, said, ratings,
                    chart.series(ratings), record)


def ratings_of(participant: Participant) -> list[SelfRating]:
    return _live(select(SelfRating).where(SelfRating.participant_id == participant.id)
                 .order_by(SelfRating.rated_on, SelfRating.id), SelfRating)


def history_of(participant: Participant) -> list[PlanEvent]:
    """Every entry of the plan's history, the newest first."""
    return _live(select(PlanEvent).where(PlanEvent.participant_id == participant.id)
                 .order_by(PlanEvent.created_at.desc(), PlanEvent.id.desc()), PlanEvent)


def _live(stmt: Any, model: Any) -> list[Any]:
    return list(db.session.execute(stmt.where(model.deleted_at.is_(None))).scalars())
