"""Per landlord, for the team lead: the figures a team brings to the regular meeting
with the housing company. Counts and times only, never the text of a report or a note;
the CSV holds the same table."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from flask import Response, render_template, request
from flask_babel import format_percent
from flask_babel import gettext as _
from sqlalchemy import select

from core.clock import team_now
from core.landlords import schedule
from core.landlords.response import report_times
from core.models import LandlordReport, Participant, ScheduledCheckin, Tenancy

from .. import audit, pages
from ..extensions import db
from ..pages import me, parse_date, today
from ..reports.retention import RetentionRow, Stay, retention
from . import bp
from .queries import team_landlords

RETENTION_MONTHS = 12
DEFAULT_DAYS = 365


@dataclass
class Figures:
    name: str
    registered: bool
    current: int = 0
    retention: RetentionRow | None = None
    open: int = 0
    closed: int = 0
    contact_on_time: int = 0
    contact_counted: int = 0
    visit_on_time: int = 0
    visit_counted: int = 0
    checkins_on_time: int = 0
    checkins_due: int = 0
    contact_times: list[timedelta] = field(default_factory=list)
    visit_times: list[timedelta] = field(default_factory=list)

    @property
    def contact_median(self) -> timedelta | None:
        return _median(self.contact_times)

    @property
    def visit_median(self) -> timedelta | None:
        return _median(self.visit_times)

    @property
    def empty(self) -> bool:
        return not (self.current or self.open or self.closed or self.checkins_due
                    or (self.retention and self.retention.counted))


def _median(values: list[timedelta]) -> timedelta | None:
    return timedelta(seconds=median(v.total_seconds() for v in values)) if values else None


def _period() -> tuple[date, date]:
    end = parse_date(request.args.get("to")) or today()
    start = parse_date(request.args.get("from")) or end - timedelta(days=DEFAULT_DAYS)
    return (start, end) if start <= end else (end, start)


def _team_tenancies(team_id: int) -> list[Tenancy]:
    return list(db.session.execute(
        select(Tenancy).join(Participant, Participant.id == Tenancy.participant_id)
        .where(Participant.team_id == team_id, Participant.deleted_at.is_(None),
               Tenancy.deleted_at.is_(None))).scalars())


def _retention(tenancies: list[Tenancy], landlord_of: dict[int, int | None], key: int | None,
               day: date) -> RetentionRow:
    """Housed 12 months after moving into a flat of this landlord (a move within the
    programme still counts): each participant's stays from their first such move-in."""
    by_person: dict[int, list[Tenancy]] = defaultdict(list)
    for t in tenancies:
        by_person[t.participant_id].append(t)
    histories = []
    for stays in by_person.values():
        here = [t.start_date for t in stays if landlord_of[t.id] == key]
        if here:
            first = min(here)
            histories.append([Stay(t.start_date, t.end_date, t.end_reason) for t in stays
                              if t.start_date >= first])
    return retention(histories, day, (RETENTION_MONTHS,))[0]


def figures(team_id: int, start: date, end: date) -> list[Figures]:
    tenancies = _team_tenancies(team_id)
    rows: dict[int | None, Figures] = {
        la.id: Figures(la.name, True) for la in team_landlords(team_id)}
    rows[None] = Figures(_("Not in the register"), False)
    landlord_of = {t.id: t.landlord_id if t.landlord_id in rows else None for t in tenancies}
    for t in tenancies:
        if t.end_date is None:
            rows[landlord_of[t.id]].current += 1
    for key, row in rows.items():
        row.retention = _retention(tenancies, landlord_of, key, today())
    _count_reports(rows, landlord_of, start, end)
    _count_checkins(rows, landlord_of, start, end)
    return [r for r in rows.values() if r.registered or not r.empty]


def _count_reports(rows: dict[int | None, Figures], landlord_of: dict[int, int | None],
                   start: date, end: date) -> None:
    now = team_now()
    reports = db.session.execute(select(LandlordReport).where(
        LandlordReport.tenancy_id.in_(list(landlord_of)), LandlordReport.deleted_at.is_(None),
        LandlordReport.received_at >= start.isoformat(),
        LandlordReport.received_at < (end + timedelta(days=1)).isoformat())).scalars()
    for r in reports:
        row = rows[landlord_of[r.tenancy_id]]
        if r.closed_at:
            row.closed += 1
        else:
            row.open += 1
        times = report_times(r, now)
        if times is None:
            continue
        for progress, kind in ((times.contact, "contact"), (times.visit, "visit")):
            if progress.counted:
                setattr(row, f"{kind}_counted", getattr(row, f"{kind}_counted") + 1)
                if progress.state == "met":
                    setattr(row, f"{kind}_on_time", getattr(row, f"{kind}_on_time") + 1)
            if progress.elapsed is not None:
                getattr(row, f"{kind}_times").append(progress.elapsed)


def _count_checkins(rows: dict[int | None, Figures], landlord_of: dict[int, int | None],
                    start: date, end: date) -> None:
    day = today()
    items = db.session.execute(select(ScheduledCheckin).where(
        ScheduledCheckin.tenancy_id.in_(list(landlord_of)), ScheduledCheckin.due_on >= start,
        ScheduledCheckin.due_on <= end)).scalars()
    for item in items:
        state = schedule.held(item, day)
        if state is None:
            continue
        row = rows[landlord_of[item.tenancy_id]]
        row.checkins_due += 1
        if state == schedule.HELD_ON_TIME:
            row.checkins_on_time += 1


def _only_the_lead() -> int:
    team = pages.my_team()
    pages.allowed(me().role == "team_lead")
    return team.id


@bp.route("/landlords/figures")
def figures_page() -> str:
    team_id = _only_the_lead()
    start, end = _period()
    rows = figures(team_id, start, end)
    audit.record("report.landlord_figures_view", entity="team",
                 entity_uuid=pages.my_team().uuid, count=len(rows))
    return render_template("landlords/figures.html", rows=rows, start=start, end=end,
                           percent=format_percent, on_time_days=schedule.ON_TIME_DAYS,
                           months=RETENTION_MONTHS)


def hours(value: timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 3600:.1f}"


@bp.route("/landlords/figures.csv")
def figures_csv() -> Response:
    team_id = _only_the_lead()
    start, end = _period()
    rows = figures(team_id, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Landlord"), _("From"), _("To"), _("Current tenancies"),
                     _("Counted for retention"), _("Still housed after 12 months"),
                     _("Open reports"), _("Closed reports"),
                     _("First contact in time"), _("First contact decided"),
                     _("Median hours to first contact"), _("Visit in time"),
                     _("Visit decided"), _("Median hours to visit"),
                     _("Check-ins held on time"), _("Check-ins due")])
    for r in rows:
        ret = r.retention
        writer.writerow([r.name, start.isoformat(), end.isoformat(), r.current,
                         ret.counted if ret else 0, ret.housed if ret else 0, r.open, r.closed,
                         r.contact_on_time, r.contact_counted, hours(r.contact_median),
                         r.visit_on_time, r.visit_counted, hours(r.visit_median),
                         r.checkins_on_time, r.checkins_due])
    audit.record("report.landlord_figures_csv", entity="team",
                 entity_uuid=pages.my_team().uuid, count=len(rows))
    name = f"hyresvardar-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(out.getvalue().encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
