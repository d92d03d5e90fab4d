"""A small two-team world built straight through the models (no app)."""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (
    ActionPlan,
    Assignment,
    Device,
    Goal,
    Participant,
    Plan,
    Team,
    Tenancy,
    User,
    VisitNote,
    current_version,
    utcnow,
)

SECRET = b"test-cookie-secret"


def new_uuid() -> str:
    return str(uuidlib.uuid4())


@dataclass
class World:
    """Two teams. Team A: case managers sara and omar, lead eva, participant account kim."""

    session: Session
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Participant] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)

    def user(self, name: str, role: str, team: Team | None) -> User:
        u = User(username=name, display_name=name.title(), password_hash="x", role=role,
                 team_id=team.id if team else None)
        self.session.add(u)
        self.session.flush()
        self.users[name] = u
        return u

    def person(self, name: str, team: Team, worker: str | None = None) -> Participant:
        p = Participant(preferred_name=name, team_id=team.id, joined_on=date(2024, 1, 1))
        self.session.add(p)
        self.session.flush()
        self.people[name] = p
        if worker:
            self.assign(name, worker)
        return p

    def assign(self, person: str, worker: str) -> Assignment:
        a = Assignment(participant_id=self.people[person].id, user_id=self.users[worker].id)
        self.session.add(a)
        self.session.flush()
        return a

    def unassign(self, person: str, worker: str) -> None:
        rows = self.session.execute(select(Assignment).where(
            Assignment.participant_id == self.people[person].id,
            Assignment.user_id == self.users[worker].id,
            Assignment.deleted_at.is_(None))).scalars()
        for row in rows:
            row.deleted_at = utcnow()
        self.session.commit()

    def device(self, name: str, user: str) -> Device:
        d = Device(client_id=new_uuid(), user_id=self.users[user].id, label=name)
        self.session.add(d)
        self.session.flush()
        self.devices[name] = d
        return d

    def goal(self, person: str, words: str = "Ett eget hem") -> Goal:
        p = self.people[person]
        plan = self.session.execute(select(Plan).where(Plan.participant_id == p.id)).scalar()
        if plan is None:
            plan = Plan(participant_id=p.id)
            self.session.add(plan)
            self.session.flush()
        g = Goal(plan_id=plan.id, participant_id=p.id, life_area="home", own_words=words)
        self.session.add(g)
        self.session.commit()
        return g

    def note(self, person: str, author: str, status: str = "draft",
             hidden: bool = False) -> VisitNote:
        n = VisitNote(participant_id=self.people[person].id, author_id=self.users[author].id,
                      visit_date=date(2024, 5, 1), body="Hembesök", status=status,
                      hidden_from_participant=hidden)
        self.session.add(n)
        self.session.commit()
        return n

    def tenancy(self, person: str, start: date = date(2024, 2, 1)) -> Tenancy:
        t = Tenancy(participant_id=self.people[person].id, address="Storgatan 1",
                    landlord="Helsingborgshem", lease_type="second_hand", start_date=start)
        self.session.add(t)
        self.session.commit()
        return t

    def action_plan(self, tenancy: Tenancy, **values: object) -> ActionPlan:
        plan = ActionPlan(tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
                          **values)
        self.session.add(plan)
        self.session.commit()
        return plan

    @property
    def version(self) -> int:
        return current_version(self.session)




def build_world(session: Session) -> World:
    w = World(session)
    team_a, team_b = Team(name="A"), Team(name="B")
    session.add_all([team_a, team_b])
    session.flush()
    for name, role, team in [("sara", "case_manager", team_a), ("omar", "case_manager", team_a),
                             ("eva", "team_lead", team_a), ("admin", "admin", None),
                             ("kim", "participant", team_a), ("bo", "case_manager", team_b)]:
        w.user(name, role, team)
    w.person("Kim", team_a, "sara").user_id = w.users["kim"].id
    w.person("Ali", team_a, "sara")
    w.person("Fatima", team_a, "omar")
    w.person("Marko", team_a)
    w.person("Other", team_b, "bo")
    for name, user in [("sara-phone", "sara"), ("sara-tablet", "sara"), ("omar-phone", "omar"),
                       ("eva-laptop", "eva"), ("kim-phone", "kim"), ("admin-pc", "admin")]:
        w.device(name, user)
    session.commit()
    return w
