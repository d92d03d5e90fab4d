"""The team figures for a period: what the team lead reports to the social welfare board.

Each figure is computed from plain rows (loaded once per page, `load()`) by a
pure function, so a fixture with known answers tests the arithmetic, and the
page, the CSV and the fidelity evidence read the same numbers. The definitions
are written out in docs/figures.md; the rules of who is in the programme and
what is due come from core.due.

Only counts leave this module: no names, no note text. (The page lists days
since the last home visit per participant, by name, for the lead; the CSV
gives that figure as a distribution.)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import func, select

from core import due
from core.models import FollowUp, Goal, Participant, Plan, SelfRating, Tenancy, VisitNote
from core.spec import values

from ..extensions import db
from .retention import HORIZONS, RetentionRow, Stay, retention

VISIT_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, None))  # days since the last visit
WITHIN_PROGRAMME = "moved_within_programme"


# --- the rows a figure is computed from ------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: int
    name: str
    status: str
    joined_on: date
    left_on: date | None
    left_reason: str | None

    def in_programme_on(self, day: date) -> bool:
        """In the programme on `day`: joined by then and not left by then."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day) \
            and (self.status != due.LEFT or self.left_on is not None)


@dataclass(frozen=True)
class Lease:
    participant_id: int
    start: date
    end: date | None
    end_reason: str | None
    lease_type: str
    eligible_on: date | None
    first_hand_on: date | None

    @property
    def started_second_hand(self) -> bool:
        return self.lease_type == "second_hand" or self.first_hand_on is not None


@dataclass(frozen=True)
class Due:
    participant_id: int
    kind: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class PlanRow:
    participant_id: int
    agreed: bool
    next_review_due: date | None


@dataclass(frozen=True)
class NoteRow:
    participant_id: int
    kind: str
    visit_date: date
    status: str
    signed_on: date | None
    self_signed: bool
    topics_written: bool


@dataclass
class TeamData:
    people: list[Person]
    leases: list[Lease]
    followups: list[Due]
    plans: list[PlanRow]
    notes: list[NoteRow]
    # (participant id, written by, status, has a status comment)
    goals: list[tuple[int, str, str, bool]] = field(default_factory=list)
    ratings: list[tuple[int, date]] = field(default_factory=list)  # (participant id, rated on)


@dataclass(frozen=True)
class Period:
    since: date | None  # None: since the team's start
    until: date

    def holds(self, day: date | None) -> bool:
        return day is not None and day <= self.until and (self.since is None or self.since <= day)


def load(team_id: int) -> TeamData:
    """Every row the figures need, for the team's live participants (one query each)."""
    s = db.session
    ids = select(Participant.id).where(Participant.team_id == team_id,
                                       Participant.deleted_at.is_(None))
    people = [Person(*r) for r in s.execute(
        select(Participant.id, Participant.preferred_name, Participant.status,
               Participant.joined_on, Participant.left_on, Participant.left_reason)
        .where(Participant.id.in_(ids))).all()]
    leases = [Lease(*r) for r in s.execute(
        select(Tenancy.participant_id, Tenancy.start_date, Tenancy.end_date, Tenancy.end_reason,
               Tenancy.lease_type, Tenancy.first_hand_eligible_on, Tenancy.first_hand_on)
        .where(Tenancy.participant_id.in_(ids), Tenancy.deleted_at.is_(None))).all()]
    followups = [Due(*r) for r in s.execute(
        select(FollowUp.participant_id, FollowUp.kind, FollowUp.due_on, FollowUp.done_on)
        .where(FollowUp.participant_id.in_(ids), FollowUp.deleted_at.is_(None))).all()]
    plans = [PlanRow(*r) for r in s.execute(
        select(Plan.participant_id, Plan.participant_agreed, Plan.next_review_due)
        .where(Plan.participant_id.in_(ids), Plan.deleted_at.is_(None))
        .order_by(Plan.id)).all()]
    notes = [NoteRow(pid, kind, visited, status, signed.date() if signed else None,
                     signer is not None and signer == author, bool(topics))
             for pid, kind, visited, status, signed, signer, author, topics in s.execute(
        select(VisitNote.participant_id, VisitNote.kind, VisitNote.visit_date,
               VisitNote.status, VisitNote.signed_at, VisitNote.signed_by_id,
               VisitNote.author_id, func.length(VisitNote.participant_topics) > 0)
        .where(VisitNote.participant_id.in_(ids), VisitNote.deleted_at.is_(None))).all()]
    goals = [(pid, by, status, bool(comment)) for pid, by, status, comment in s.execute(
        select(Goal.participant_id, Goal.written_by, Goal.status,
               func.length(Goal.status_comment) > 0)
        .where(Goal.participant_id.in_(ids), Goal.deleted_at.is_(None))).all()]
    ratings = list(s.execute(select(SelfRating.participant_id, SelfRating.rated_on).where(
        SelfRating.participant_id.in_(ids), SelfRating.deleted_at.is_(None))).all())
    return TeamData(people, leases, followups, plans, notes, goals,
                    [(pid, day) for pid, day in ratings])


# --- the figures ---------------------------------------------------------------------------

def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def team_retention(data: TeamData, period: Period) -> list[RetentionRow]:
    """Housing retention at 6, 12 and 24 months (webapp/reports/retention.py): those whose
    N-month day falls in the period; a move within the programme counts as housed;
    deaths are reported apart."""
    histories: dict[int, list[Stay]] = {}
    for lease in data.leases:
        histories.setdefault(lease.participant_id, []).append(
            Stay(lease.start, lease.end, lease.end_reason))
    return retention(histories.values(), period.until, HORIZONS, since=period.since)


@dataclass
class Exits:
    tenancies: Counter[str]  # tenancies ended in the period, by reason
    moves_within: int  # of those, moves within the programme (still housed)
    programme: Counter[str]  # participants who left the programme in the period, by reason

    @property
    def housing_exits(self) -> int:
        return sum(self.tenancies.values())


def exits(data: TeamData, period: Period) -> Exits:
    ended = Counter(lease.end_reason or "other" for lease in data.leases
                    if period.holds(lease.end))
    moves = ended.pop(WITHIN_PROGRAMME, 0)
    left = Counter(p.left_reason or "other" for p in data.people if period.holds(p.left_on))
    return Exits(ended, moves, left)


@dataclass
class Conversions:
    due: int  # second-hand leases whose 18-month day is in the period (still running then)
    done: int  # of those, converted to first-hand in the same flat (by the end of the period)
    done_on_time: int  # of those, converted by the 18-month day
    recorded: int  # conversions dated in the period, whenever they fell due

    @property
    def waiting(self) -> int:
        return self.due - self.done


def conversions(data: TeamData, period: Period) -> Conversions:
    due_leases = []
    for lease in data.leases:
        eligible = lease.eligible_on or due.first_hand_eligible_on(lease.start)
        running = lease.end is None or lease.end >= eligible
        if lease.started_second_hand and running and period.holds(eligible):
            due_leases.append((lease, eligible))
    done = [(lease, eligible) for lease, eligible in due_leases
            if lease.first_hand_on is not None and lease.first_hand_on <= period.until]
    return Conversions(
        due=len(due_leases), done=len(done),
        done_on_time=sum(1 for lease, eligible in done
                         if lease.first_hand_on is not None and lease.first_hand_on <= eligible),
        recorded=sum(1 for lease in data.leases if period.holds(lease.first_hand_on)))


@dataclass
class VisitRhythm:
    days: list[tuple[Person, int | None]]  # per participant in the programme, longest first
    buckets: list[tuple[tuple[int, int | None], int]]
    never: int

    @property
    def counted(self) -> int:
        return len(self.days)

    @property
    def within_week(self) -> int:
        return sum(1 for _p, d in self.days if d is not None and d <= 7)

    @property
    def median(self) -> float | None:
        known = [d for _p, d in self.days if d is not None]
        return median(known) if known else None


def visit_rhythm(data: TeamData, period: Period) -> VisitRhythm:
    """Days from the last home visit (in person; drafts count: the visit happened) to the
    end of the period, for each participant in the programme on that day."""
    last: dict[int, date] = {}
    for n in data.notes:
        if n.kind in due.HOME_VISIT_KINDS and n.visit_date <= period.until:
            last[n.participant_id] = max(n.visit_date, last.get(n.participant_id, n.visit_date))
    rows: list[tuple[Person, int | None]] = []
    for p in data.people:
        if p.in_programme_on(period.until):
            seen = last.get(p.id)
            rows.append((p, None if seen is None else (period.until - seen).days))
    rows.sort(key=lambda r: (r[1] is not None, -(r[1] or 0), r[0].name.casefold()))
    buckets = [((low, high), sum(1 for _p, d in rows if d is not None and low <= d
                                 and (high is None or d <= high)))
               for low, high in VISIT_BUCKETS]
    return VisitRhythm(rows, buckets, sum(1 for _p, d in rows if d is None))


@dataclass
class Timeliness:
    counted: int  # due in the period, and due (the participant in the programme then)
    on_time: int  # done on or before the due date
    late: int  # done after the due date (by the end of the period)
    missed: int  # not done by the end of the period

    @property
    def share(self) -> float | None:
        return share(self.on_time, self.counted)


def _timely(rows: Iterable[Due], people: dict[int, Person], period: Period) -> Timeliness:
    on_time = late = missed = 0
    for f in rows:
        person = people.get(f.participant_id)
        if person is None or not period.holds(f.due_on) or not person.in_programme_on(f.due_on):
            continue
        if f.done_on is not None and f.done_on <= f.due_on:
            on_time += 1
        elif f.done_on is not None and f.done_on <= period.until:
            late += 1
        elif f.due_on < period.until:
            missed += 1
        else:
            continue  # due on the last day and still open: not late yet
    return Timeliness(on_time + late + missed, on_time, late, missed)


def followups_on_time(data: TeamData, period: Period) -> dict[str, Timeliness]:
    """Follow-ups due in the period, by kind and in all ("all")."""
    people = {p.id: p for p in data.people}
    result = {kind: _timely((f for f in data.followups if f.kind == kind), people, period)
              for kind in values("followup_kind")}
    result["all"] = _timely(data.followups, people, period)
    return result


@dataclass
class Plans:
    counted: int  # participants in the programme at the end of the period
    with_plan: int
    agreed: int  # the participant agrees with the plan
    reviews: Timeliness  # 3-monthly plan reviews due in the period
    agreed_and_on_time: int  # agreed, and no plan review of the period late or missed

    @property
    def agreed_share(self) -> float | None:
        return share(self.agreed, self.counted)

    @property
    def both_share(self) -> float | None:
        return share(self.agreed_and_on_time, self.counted)


def plans(data: TeamData, period: Period) -> Plans:
    people = {p.id: p for p in data.people}
    present = [p for p in data.people if p.in_programme_on(period.until)]
    first_plan: dict[int, PlanRow] = {}
    for row in data.plans:
        first_plan.setdefault(row.participant_id, row)
    reviews = [f for f in data.followups if f.kind == "plan_review"]
    slipped = set()
    for f in reviews:
        t = _timely([f], people, period)
        if t.late or t.missed:
            slipped.add(f.participant_id)
    agreed = [p for p in present if p.id in first_plan and first_plan[p.id].agreed]
    return Plans(counted=len(present), with_plan=sum(1 for p in present if p.id in first_plan),
                 agreed=len(agreed), reviews=_timely(reviews, people, period),
                 agreed_and_on_time=sum(1 for p in agreed if p.id not in slipped))


@dataclass
class Signing:
    signed: int
    self_signed: int


def signing(data: TeamData, period: Period) -> Signing:
    signed = [n for n in data.notes if n.status == "signed" and period.holds(n.signed_on)]
    return Signing(len(signed), sum(1 for n in signed if n.self_signed))


@dataclass
class Figures:
    period: Period
    retention: list[RetentionRow]
    moved_in: int
    exits: Exits
    conversions: Conversions
    visits: VisitRhythm
    plans: Plans
    followups: dict[str, Timeliness]
    signing: Signing


def figures(data: TeamData, period: Period) -> Figures:
    return Figures(period=period, retention=team_retention(data, period),
                   moved_in=len({lease.participant_id for lease in data.leases}),
                   exits=exits(data, period), conversions=conversions(data, period),
                   visits=visit_rhythm(data, period), plans=plans(data, period),
                   followups=followups_on_time(data, period), signing=signing(data, period))


# --- evidence for the fidelity self-assessment (core/fidelity.py) ---------------------------

def evidence(data: TeamData, period: Period) -> dict[str, tuple[int | float | None, ...]]:
    """The numbers the app holds beside each fidelity item (webapp/fidelity words them)."""
    people = {p.id: p for p in data.people}
    f = figures(data, period)
    first_move: dict[int, date] = {}
    for lease in data.leases:
        first_move[lease.participant_id] = min(lease.start,
                                               first_move.get(lease.participant_id, lease.start))
    waits = [(start - people[pid].joined_on).days for pid, start in first_move.items()
             if pid in people and period.holds(start)]
    twelve = next(r for r in f.retention if r.months == 12)
    by_choice = [g for g in data.goals if g[2] in ("paused", "changed")]
    notes = [n for n in data.notes if period.holds(n.visit_date)]
    current_first_hand = {lease.participant_id for lease in data.leases
                          if lease.end is None and lease.lease_type == "first_hand"}
    still = sum(1 for pid in current_first_hand
                if pid in people and people[pid].in_programme_on(period.until))
    reviews = _timely([x for x in data.followups if x.kind in ("plan_review", "support_decision")],
                      people, period)
    return {
        "days_to_move_in": (median(waits) if waits else None, len(waits)),
        "lease_conversions": (f.conversions.done, f.conversions.due),
        "choices_recorded": (sum(1 for g in by_choice if g[3]), len(by_choice)),
        "retention_12": (twelve.housed, twelve.counted),
        "goals_own_words": (sum(1 for g in data.goals if g[1] in ("participant", "together")),
                            len(data.goals)),
        "goals_achieved": (sum(1 for g in data.goals if g[2] == "achieved"),
                           sum(1 for _pid, day in data.ratings if period.holds(day))),
        "evictions": (f.exits.tenancies.get("eviction", 0),),
        "visit_rhythm": (f.visits.within_week, f.visits.counted, f.visits.median),
        "plans_agreed": (f.plans.agreed, f.plans.counted),
        "topics_recorded": (sum(1 for n in notes if n.topics_written), len(notes)),
        "support_after_lease": (still, len(current_first_hand)),
        "reviews_on_time": (reviews.on_time, reviews.counted),
    }
