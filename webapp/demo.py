"""Demo data: one team, five logins, twelve participants. Idempotent.

Dates are relative to today so follow-ups are due, overdue and done
whenever the demo is loaded. Pure SQLAlchemy: takes a Session.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import due
from core.clock import team_today
from core.models import (
    Assignment,
    FollowUp,
    Goal,
    NoteAddendum,
    Participant,
    Plan,
    PlanEvent,
    Review,
    SelfRating,
    Step,
    Team,
    Tenancy,
    User,
    VisitNote,
)

from .auth.passwords import hash_password

TEAM_NAME = "Bostad först-teamet"
DEMO_PASSWORD = "bokvar-demo"
DEMO_LOGINS = [
    ("sara", "case_manager"),
    ("omar", "case_manager"),
    ("eva", "team_lead"),
    ("admin", "admin"),
    ("kim", "participant"),
]
_NAMES = {"sara": "Sara Lind", "omar": "Omar Haddad", "eva": "Eva Berg",
          "admin": "Administratör", "kim": "Kim"}

# (name, worker, months housed, lease, status) — shapes the tenancies below.
_PEOPLE = [
    ("Kim", "sara", 4, "second_hand", "active"),
    ("Ali", "sara", 20, "second_hand", "active"),        # past 18 months, not converted
    ("Birgitta", "sara", 30, "first_hand", "active"),
    ("Conny", "sara", 9, "second_hand", "active"),
    ("Dragan", "sara", 14, "second_hand", "moved"),      # moved within the programme
    ("Elin", "sara", 2, "second_hand", "paused"),        # paused support by choice
    ("Fatima", "omar", 26, "first_hand", "active"),
    ("Göran", "omar", 7, "second_hand", "active"),
    ("Hanna", "omar", 19, "second_hand", "active"),
    ("Jonas", "omar", 11, "second_hand", "left"),        # left the programme
    ("Leila", "omar", 1, "second_hand", "active"),
    ("Marko", None, 0, None, "active"),                  # not housed yet, unassigned
]
_STREETS = ["Drottninggatan 12", "Furutorpsgatan 3 B", "Stattena 7", "Fredriksdal 21",
            "Planteringen 4", "Husensjö 9 A", "Västra Sönnerbergen 2", "Eneborg 15",
            "Dalhem 6", "Adolfsberg 11", "Ringstorp 8", "Mariastaden 5"]
_LANDLORDS = ["Helsingborgshem", "Helsingborgshem", "Kärnhem", "Helsingborgshem"]


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=int(months * 30.4))


def seed(session: Session, today: date | None = None) -> bool:
    """Create the demo team unless it exists. Returns True if it created it."""
    if session.execute(select(Team).where(Team.name == TEAM_NAME)).first():
        return False
    today = today or team_today()  # the day the app counts from (the team's time zone)
    team = Team(name=TEAM_NAME)
    session.add(team)
    users = {}
    for username, role in DEMO_LOGINS:
        users[username] = User(
            username=username, display_name=_NAMES[username], role=role, locale="sv",
            team=None if role == "admin" else team, password_hash=hash_password(DEMO_PASSWORD),
        )
        session.add(users[username])
    session.flush()
    for i, person in enumerate(_PEOPLE):
        _seed_person(session, team, users, today, i, *person)
    from .landlords.demo import seed_landlords

    seed_landlords(session, team, users, today)
    session.commit()
    return True


def _seed_person(session: Session, team: Team, users: dict, today: date, i: int, name: str,
                 worker: str | None, months: int, lease: str | None, status: str) -> None:
    joined = _months_ago(today, months + 2)
    p = Participant(preferred_name=name, team_id=team.id, joined_on=joined,
                    status="left" if status == "left" else ("paused" if status == "paused"
                                                            else "active"))
    if name == "Kim":
        p.user_id = users["kim"].id
    if status == "left":
        p.left_on = today - timedelta(days=40)
        p.left_reason = "own_choice"
        p.left_comment = "Flyttade till sin syster i Malmö."
    session.add(p)
    session.flush()
    if worker:
        session.add(Assignment(participant_id=p.id, user_id=users[worker].id))
    if lease:
        _seed_tenancy(session, p, today, i, months, lease, status)
    if status != "left":
        _seed_plan(session, p, users, worker, today, i)
    if worker:
        _seed_notes(session, p, users, worker, today, i)
        _seed_followups(session, p, users[worker], today, i)


def _seed_tenancy(session: Session, p: Participant, today: date, i: int, months: int,
                  lease: str, status: str) -> None:
    start = _months_ago(today, months)
    landlord = _LANDLORDS[i % len(_LANDLORDS)]
    if status == "moved":
        first_end = start + timedelta(days=200)
        session.add(Tenancy(participant_id=p.id, address=_STREETS[(i + 5) % 12], landlord=landlord,
                            lease_type="second_hand", start_date=start,
                            first_hand_eligible_on=due.first_hand_eligible_on(start),
                            end_date=first_end, end_reason="moved_within_programme",
                            end_comment="Ville bo närmare sin dotter."))
        start = first_end + timedelta(days=1)
    t = Tenancy(participant_id=p.id, address=_STREETS[i], landlord=landlord, lease_type=lease,
                start_date=start, first_hand_eligible_on=due.first_hand_eligible_on(start))
    if lease == "first_hand":  # converted in the same flat, on the day or a few weeks later
        t.first_hand_on = due.first_hand_eligible_on(start) + timedelta(days=10 * (i % 3))
    if status == "left":
        t.end_date = today - timedelta(days=40)
        t.end_reason = "chose_to_leave"
    session.add(t)


_GOALS = [
    ("home", "Jag vill att lägenheten ska kännas som mitt hem.", "Då vågar jag bjuda hit min son.",
     ["Köpa gardiner", "Hänga upp tavlan från mamma"]),
    ("health", "Komma till tandläkaren utan att få panik.", "Jag har ont när jag äter.",
     ["Ringa och boka en tid", "Ta med någon jag litar på"]),
    ("meaningful_day", "Ha något att göra på dagarna.", "Dagarna är långa.",
     ["Besöka träffpunkten på torsdag"]),
    ("economy", "Betala hyran själv i tid varje månad.", "Jag vill inte vara rädd för brev.",
     ["Sätta upp autogiro med banken", "Gå igenom räkningarna tillsammans"]),
]


def _seed_plan(session: Session, p: Participant, users: dict, worker: str | None, today: date,
               i: int) -> None:
    plan = Plan(participant_id=p.id, agreed_on=p.joined_on + timedelta(days=30),
                participant_agreed=True, participant_comment="Vi har skrivit den tillsammans.",
                next_review_due=today + timedelta(days=(i * 9) % 90 - 10))
    session.add(plan)
    session.flush()
    statuses = ["active", "achieved", "active", "paused"]
    author_id = users[worker].id if worker else None
    agreed_at = datetime.combine(plan.agreed_on or today, time(10, 0))
    for g, (area, words, why, steps) in enumerate(_GOALS[: 2 + i % 3]):
        written = ("together", "worker", "participant")[(g + i) % 3]
        goal = Goal(plan_id=plan.id, participant_id=p.id, life_area=area, own_words=words,
                    why_it_matters=why, written_by=written, status=statuses[(g + i) % 4],
                    support_wanted="Att någon följer med första gången." if g == 0 else "",
                    status_comment="Vill vänta till efter sommaren." if statuses[(g + i) % 4]
                    == "paused" else "",
                    created_by_id=author_id)
        session.add(goal)
        session.flush()
        _event(session, p, plan, "created", written, author_id, agreed_at, goal_id=goal.id)
        if goal.status == "paused":
            _event(session, p, plan, "status", written, author_id,
                   agreed_at + timedelta(days=40), goal_id=goal.id, status="paused",
                   text=goal.status_comment)
        for s, what in enumerate(steps):
            session.add(Step(goal_id=goal.id, participant_id=p.id, what=what,
                             who=("participant", "worker")[s % 2], written_by=written,
                             created_by_id=author_id,
                             due_on=today + timedelta(days=7 * (s + 1) - 10),
                             done_on=today - timedelta(days=3) if (s + g + i) % 3 == 0 else None))
    _event(session, p, plan, "agreed", "together", author_id, agreed_at + timedelta(hours=1),
           text=plan.participant_comment)
    for weeks in (12, 8, 4, 0):
        session.add(SelfRating(participant_id=p.id, life_area="home", written_by="together",
                               created_by_id=author_id,
                               rating=min(5, 1 + (12 - weeks) // 4 + i % 2),
                               comment="Det känns lugnare hemma nu." if weeks == 0 else "",
                               rated_on=today - timedelta(weeks=weeks)))
        session.add(SelfRating(participant_id=p.id, life_area="health", written_by="together",
                               created_by_id=author_id, rating=2 + (weeks // 4 + i) % 3,
                               comment="", rated_on=today - timedelta(weeks=weeks)))


def _event(session: Session, p: Participant, plan: Plan, kind: str, written: str,
           author_id: int | None, at: datetime, **values: object) -> None:
    session.add(PlanEvent(participant_id=p.id, plan_id=plan.id, kind=kind, written_by=written,
                          author_id=author_id, created_at=at, **values))


_NOTE_TEXTS = [
    ("Ville prata om grannen som spelar hög musik.",
     "Hembesök. Vi drack kaffe och pratade om hur det går med grannarna.",
     "Sara ringer hyresvärden på måndag."),
    ("Oro inför brevet från Försäkringskassan.",
     "Gick igenom brevet tillsammans. Hen vill själv ringa.", "Ringa FK tillsammans på torsdag."),
    ("Tandläkaren.", "Pratade om tandvärken. Hen vill att jag följer med.", "Boka tid."),
    ("Inget särskilt, ville bara ha sällskap.", "Promenad runt kvarteret, bra stämning.", ""),
]


def _seed_notes(session: Session, p: Participant, users: dict, worker: str, today: date,
                i: int) -> None:
    author = users[worker]
    lead = users["eva"]
    plan = ["signed", "signed", "submitted", "returned", "draft"][: 2 + i % 4]
    for n, status in enumerate(plan):
        topics, body, next_steps = _NOTE_TEXTS[(n + i) % len(_NOTE_TEXTS)]
        visit = today - timedelta(days=3 + (len(plan) - n) * 7 - i % 5)
        note = VisitNote(participant_id=p.id, author_id=author.id, visit_date=visit,
                         kind=("home_visit", "phone", "home_visit", "joint_move_in")[n % 4],
                         participant_topics=topics, body=body, next_steps=next_steps,
                         status=status, hidden_from_participant=(n == 1 and i % 3 == 0))
        at = datetime.combine(visit, time(15, 0))
        if status != "draft":
            note.submitted_at = at
        if status == "signed":
            note.signed_at, note.signed_by_id = at + timedelta(days=1), lead.id
        session.add(note)
        session.flush()
        if status in ("signed", "returned"):
            session.add(Review(note_id=note.id, participant_id=p.id, reviewer_id=lead.id,
                               decision=status,
                               comment="" if status == "signed" else
                               "Skriv gärna vad deltagaren själv sa om mötet."))
        if status == "signed" and n == 0 and i % 2 == 0:
            session.add(NoteAddendum(note_id=note.id, participant_id=p.id, author_id=author.id,
                                     body="Rättelse: besöket var på förmiddagen."))


def _seed_followups(session: Session, p: Participant, worker: User, today: date, i: int) -> None:
    # A team that mostly keeps its dates: a few plan reviews are a little late,
    # most check-ins with the landlord were done on the day, some a few days after.
    review_due = today - timedelta(days=2 + i % 3) if i % 3 == 0 else today + timedelta(days=5 + i)
    items = [
        ("visit", "Hembesök", today + timedelta(days=i % 4)),
        ("plan_review", "Uppföljning av genomförandeplanen", review_due),
        ("support_decision", "Förnya biståndsbeslutet", today + timedelta(days=60 + i * 5)),
        ("landlord_checkin", "Avstämning med hyresvärden", today - timedelta(days=20)),
    ]
    for k, (kind, title, due_on) in enumerate(items):
        done = k == 3 or (k == 1 and i % 4 == 0 and due_on < today)
        late = timedelta(days=3) if i % 4 == 1 else timedelta(0)
        session.add(FollowUp(participant_id=p.id, kind=kind, title=title, due_on=due_on,
                             assignee_id=worker.id,
                             done_on=due_on + late if done else None,
                             outcome="Allt lugnt enligt hyresvärden." if done else ""))
