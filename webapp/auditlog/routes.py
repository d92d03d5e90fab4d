"""Loggkontroll pages: one participant's access log, and the team's unusual access.

Both filter by worker and date (and, for a participant, by action), export the
rows as CSV (ids, names and action words: never note text, the log holds none),
and log that they were read (auditlog.participant_view / _export, auditlog.team_view /
_export): a control of the control.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from core import access
from core.clock import stored_utc
from core.models import Assignment, AuditEvent, Participant, User

from .. import audit, pages
from ..extensions import db
from ..pages import me, my_team, parse_date, team_participant_or_404, today
from ..words import format_datetime
from . import bp
from .actions import action_label, is_change
from .checks import (
    BULK_MINUTES,
    BULK_PEOPLE,
    RECORD_READS,
    WORK_END,
    WORK_START,
    AssignmentRow,
    Event,
    bulk_reads,
    caseload_periods,
    outside_caseload,
    outside_hours,
)

SHOWN = 500  # rows on a page; the CSV has them all
TEAM_DAYS = 30  # the team view's default period


@dataclass(frozen=True)
class Filters:
    since: date | None
    until: date | None
    worker: str | None  # a user uuid
    action: str | None

    def args(self) -> dict[str, str]:
        return {k: v for k, v in (("since", self.since and self.since.isoformat()),
                                  ("until", self.until and self.until.isoformat()),
                                  ("worker", self.worker), ("action", self.action)) if v}


def _filters(default_days: int | None = None) -> Filters:
    since, until = parse_date(request.args.get("since")), parse_date(request.args.get("until"))
    if since is None and default_days is not None and not request.args.get("since"):
        since = today() - timedelta(days=default_days - 1)
    return Filters(since, until, request.args.get("worker") or None,
                   request.args.get("action") or None)


def _utc(day: date) -> datetime:
    """Midnight of a team day, as the stored UTC time."""
    return stored_utc(datetime.combine(day, time.min))


def _in_period(query: Any, f: Filters) -> Any:
    if f.since is not None:
        query = query.where(AuditEvent.at >= _utc(f.since))
    if f.until is not None:
        query = query.where(AuditEvent.at < _utc(f.until + timedelta(days=1)))
    return query


def _workers(team_id: int) -> list[User]:
    return list(db.session.execute(select(User).where(
        User.team_id == team_id, User.role.in_(("case_manager", "team_lead")))
        .order_by(User.display_name)).scalars())


def _rows(query: Any) -> list[tuple[AuditEvent, User | None]]:
    return [(e, u) for e, u in db.session.execute(query).all()]


def _csv(name: str, header: list[str], rows: list[list[str]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    resp = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# --- one participant ------------------------------------------------------------------------

def _participant_query(participant: Participant, f: Filters) -> Any:
    query = (select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.user_id)
             .where(AuditEvent.participant_id == participant.id)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    if f.worker:
        query = query.where(User.uuid == f.worker)
    if f.action:
        query = query.where(AuditEvent.action == f.action)
    return _in_period(query, f)


def _checked_participant(uuid: str) -> Participant:
    participant = team_participant_or_404(uuid)
    pages.allowed(access.can_manage_team(me(), participant.team_id))
    return participant


@bp.route("/team/participants/<uuid:uuid>/log")
def participant_log(uuid: str) -> str:
    participant = _checked_participant(uuid)
    f = _filters()
    rows = _rows(_participant_query(participant, f).limit(SHOWN + 1))
    actions = sorted(set(db.session.execute(select(AuditEvent.action).where(
        AuditEvent.participant_id == participant.id).distinct()).scalars()), key=action_label)
    html = render_template("auditlog/participant.html", participant=participant, f=f,
                           rows=rows[:SHOWN], more=len(rows) > SHOWN, actions=actions,
                           workers=_workers(participant.team_id), label=action_label,
                           is_change=is_change)
    pages.audited("auditlog.participant_view", participant, entity="participant")
    return html


@bp.route("/team/participants/<uuid:uuid>/log.csv")
def participant_log_csv(uuid: str) -> Response:
    participant = _checked_participant(uuid)
    f = _filters()
    rows = [[e.at.replace(tzinfo=UTC).isoformat(), format_datetime(e.at),
             u.username if u else "", u.display_name if u else "", e.action,
             action_label(e.action), "change" if is_change(e.action) else "read", e.entity,
             e.entity_uuid, "phone" if e.device_id else ""]
            for e, u in _rows(_participant_query(participant, f))]
    pages.audited("auditlog.participant_export", participant, entity="participant")
    return _csv(f"bokvar-access-log-{participant.uuid}.csv",
                ["at_utc", "at_local", "username", "name", "action", "what", "kind", "entity",
                 "entity_uuid", "via"], rows)


# --- the team's unusual access -----------------------------------------------------------------

@dataclass
class Unusual:
    outside_caseload: list[Event]
    outside_hours: list[Event]
    bulk: list[Any]
    people: dict[int, Participant]
    users: dict[int, User]


def _unusual(team_id: int, f: Filters) -> Unusual:
    ids = select(Participant.id).where(Participant.team_id == team_id)
    query = (select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.user_id)
             .where(AuditEvent.participant_id.in_(ids),
                    AuditEvent.action.in_(sorted(RECORD_READS)))
             .order_by(AuditEvent.at, AuditEvent.id))
    if f.worker:
        query = query.where(User.uuid == f.worker)
    found = _rows(_in_period(query, f))
    events = [Event(e.id, e.at, e.user_id, u.role if u else "", e.action, e.entity,
                    e.participant_id, e.device_id) for e, u in found]
    assignments = [AssignmentRow(a.uuid, a.user_id, a.participant_id, a.deleted_at)
                   for a in db.session.execute(select(Assignment).where(
                       Assignment.participant_id.in_(ids))).scalars()]
    changes = db.session.execute(select(AuditEvent.at, AuditEvent.action, AuditEvent.entity_uuid)
                                 .where(AuditEvent.entity == "assignment",
                                        AuditEvent.entity_uuid.in_([a.uuid for a in assignments]))
                                 ).all()
    periods = caseload_periods(assignments, [(at, action, uuid) for at, action, uuid in changes])
    people = {p.id: p for p in db.session.execute(select(Participant).where(
        Participant.id.in_(ids))).scalars()}
    users = {u.id: u for _e, u in found if u is not None}
    return Unusual(outside_caseload(events, periods), outside_hours(events), bulk_reads(events),
                   people, users)


@bp.route("/team/log")
def team_log() -> str:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    f = _filters(TEAM_DAYS)
    found = _unusual(team.id, f)
    html = render_template("auditlog/team.html", f=f, u=found, workers=_workers(team.id),
                           label=action_label, local=lambda e: format_datetime(e.at),
                           work=(WORK_START, WORK_END), bulk=(BULK_PEOPLE, BULK_MINUTES))
    audit.record("auditlog.team_view", entity="team", entity_uuid=team.uuid)
    return html


@bp.route("/team/log.csv")
def team_log_csv() -> Response:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    f = _filters(TEAM_DAYS)
    u = _unusual(team.id, f)

    def row(check: str, e: Event, detail: str = "") -> list[str]:
        user = u.users.get(e.user_id or 0)
        person = u.people.get(e.participant_id or 0)
        return [check, e.at.replace(tzinfo=UTC).isoformat(), format_datetime(e.at),
                user.username if user else "", user.display_name if user else "",
                person.uuid if person else "", person.preferred_name if person else "",
                e.action, action_label(e.action), detail]

    rows = [row("outside_caseload", e) for e in u.outside_caseload]
    rows += [row("outside_working_hours", e) for e in u.outside_hours]
    for burst in u.bulk:
        rows += [row("bulk_read", e, _("%(num)d participants from %(start)s to %(end)s",
                                       num=len(burst.participants),
                                       start=format_datetime(burst.start),
                                       end=format_datetime(burst.end))) for e in burst.events]
    audit.record("auditlog.team_export", entity="team", entity_uuid=team.uuid)
    return _csv(f"bokvar-unusual-access-{(f.since or date(1900, 1, 1)).isoformat()}.csv",
                ["check", "at_utc", "at_local", "username", "name", "participant_uuid",
                 "participant", "action", "what", "detail"], rows)
