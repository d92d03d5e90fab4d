"""Demo data of the landlord work: two landlords with their people, the demo
tenancies linked to them, Kim's and Leila's action plans with their booked
check-ins (those already past are held), and a few reports from the landlord.
Called by webapp.demo.seed; nothing in it is overdue, so the demo's counts of
overdue follow-ups stay what they are."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.landlords import followups, schedule
from core.landlords.response import moment_text
from core.models import (
    ActionPlan,
    ActionPlanItem,
    Landlord,
    LandlordContact,
    LandlordReport,
    Participant,
    ScheduledCheckin,
    Team,
    Tenancy,
    User,
)

_LANDLORDS = [
    ("Helsingborgshem", "042-17 45 00", "kundservice@helsingborgshem.example",
     [("Anna Persson", "Bovärd", "042-17 45 12"), ("Mats Ek", "Förvaltare", "042-17 45 30")]),
    ("Kärnhem", "042-16 50 00", "info@karnhem.example",
     [("Lena Berg", "Kundansvarig", "042-16 50 21")]),
]


def _at(day: date, hour: int, minute: int = 0) -> str:
    return moment_text(datetime.combine(day, time(hour, minute)))


def _weekday_before(day: date, weekday: int) -> date:
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


def seed_landlords(session: Session, team: Team, users: dict[str, User], today: date) -> None:
    by_name = {}
    for name, phone, email, people in _LANDLORDS:
        landlord = Landlord(team_id=team.id, name=name, phone=phone, email=email)
        session.add(landlord)
        session.flush()
        contacts = [LandlordContact(landlord_id=landlord.id, name=n, role=r, phone=p)
                    for n, r, p in people]
        session.add_all(contacts)
        session.flush()
        by_name[name] = (landlord, contacts)
    current = session.execute(
        select(Tenancy, Participant).join(Participant, Participant.id == Tenancy.participant_id)
        .where(Participant.team_id == team.id, Tenancy.end_date.is_(None))).all()
    tenancies = {}
    for i, (tenancy, person) in enumerate(current):
        if tenancy.landlord in by_name:
            landlord, contacts = by_name[tenancy.landlord]
            tenancy.landlord_id = landlord.id
            tenancy.landlord_contact_id = contacts[i % len(contacts)].id
        tenancies[person.preferred_name] = tenancy
    session.flush()
    if "Kim" in tenancies:
        _kim(session, tenancies["Kim"], users["sara"], today)
    if "Leila" in tenancies:
        _leila(session, tenancies["Leila"], users["omar"], today)


def _plan(session: Session, tenancy: Tenancy, **values: object) -> ActionPlan:
    plan = ActionPlan(
        tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
        agreed_on=tenancy.start_date, participant_agreed=True,
        landlord_calls="Bostad först-teamet, 042-10 20 30 (Sara Lind eller Omar Haddad).",
        call_hours="Vardagar 8–17. Kvällar och helger: socialjouren, 042-10 50 00.",
        landlord_steps="Ringer teamet innan ni skickar brev till hyresgästen om störningar.",
        team_steps="Vi återkopplar till er samma dag som vi har träffat hyresgästen.",
        joint_visit_on=tenancy.start_date, schedule_from=tenancy.start_date, **values)
    session.add(plan)
    session.flush()
    schedule.ensure(session, plan, tenancy.start_date)
    return plan


def _hold_past_checkins(session: Session, plan: ActionPlan, today: date,
                        late: int | None = None) -> None:
    """Book up to today and mark every booked date before today as held."""
    schedule.ensure(session, plan, today)
    items = session.execute(select(ScheduledCheckin).where(
        ScheduledCheckin.tenancy_id == plan.tenancy_id)).scalars()
    for item in items:
        if item.due_on < today and item.followup is not None:
            held = item.due_on + timedelta(days=10 if item.number == late else 1)
            item.followup.done_on = min(held, today)
            item.followup.outcome = "Allt lugnt enligt hyresvärden."


def _report(session: Session, tenancy: Tenancy, plan: ActionPlan, by: User,
            **values: object) -> LandlordReport:
    report = LandlordReport(tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
                            created_by_id=by.id, **followups.commitment_columns(plan),
                            **values)
    session.add(report)
    session.flush()
    return report


def _kim(session: Session, tenancy: Tenancy, sara: User, today: date) -> None:
    plan = _plan(session, tenancy, landlord_agreed_by="Anna Persson, bovärd")
    session.add_all([
        ActionPlanItem(plan_id=plan.id, participant_id=plan.participant_id,
                       text="Ring mig innan ni kommer hem till mig. Jag öppnar inte för "
                            "någon jag inte väntar.", written_by="participant", sharing="share",
                       answered_on=tenancy.start_date),
        ActionPlanItem(plan_id=plan.id, participant_id=plan.participant_id,
                       text="Min son kommer och hälsar på ibland, han är inte inneboende.",
                       written_by="together", sharing="share", answered_on=tenancy.start_date),
        ActionPlanItem(plan_id=plan.id, participant_id=plan.participant_id,
                       text="Hyresvärden ska inte veta något om min behandling.",
                       written_by="participant", sharing="keep", answered_on=tenancy.start_date),
    ])
    _hold_past_checkins(session, plan, today, late=2)
    saturday = _weekday_before(today - timedelta(days=35), 5)
    monday = saturday + timedelta(days=2)
    _report(session, tenancy, plan, sara, kind="disturbance", channel="phone",
            received_at=_at(saturday, 23, 10), reported_by="Anna Persson",
            summary="Grannen under ringde om hög musik efter klockan 23.",
            first_contact_at=_at(monday, 9, 20), visit_at=_at(monday, 14, 0),
            agreed="Kim sänker musiken efter kl. 22 och pratar själv med grannen.",
            closed_at=_at(monday + timedelta(days=1), 10, 0),
            outcome="Anna Persson ringde tillbaka: inga fler klagomål.")


def _leila(session: Session, tenancy: Tenancy, omar: User, today: date) -> None:
    plan = _plan(session, tenancy, landlord_agreed_by="Mats Ek, förvaltare")
    _hold_past_checkins(session, plan, today)
    day = _weekday_before(today - timedelta(days=14), 1)  # a Tuesday
    _report(session, tenancy, plan, omar, kind="concern", channel="email",
            received_at=_at(day, 10, 15), reported_by="Mats Ek",
            summary="Posten har inte tömts på en vecka och ingen öppnar.",
            first_contact_at=_at(day, 13, 40), visit_at=_at(day + timedelta(days=7), 11, 0),
            agreed="Leila var bortrest hos sin syster. Hon ringer teamet nästa gång hon reser.",
            closed_at=_at(day + timedelta(days=7), 15, 0))
