"""The retention report: how many participants are still housed after 6, 12, 24 months."""
from __future__ import annotations

from collections import defaultdict

from flask import render_template
from flask_babel import format_percent
from sqlalchemy import select

from core import access
from core.models import Participant, Tenancy

from .. import audit, pages
from ..extensions import db
from ..pages import me, my_team, today
from . import bp
from .retention import Stay, retention


def _team_histories(team_id: int) -> tuple[list[list[Stay]], int]:
    """Tenancy histories of the team's participants, and how many have none yet."""
    people = db.session.execute(select(Participant.id).where(
        Participant.team_id == team_id, Participant.deleted_at.is_(None))).scalars().all()
    stays: dict[int, list[Stay]] = defaultdict(list)
    rows = db.session.execute(
        select(Tenancy.participant_id, Tenancy.start_date, Tenancy.end_date, Tenancy.end_reason)
        .where(Tenancy.participant_id.in_(people), Tenancy.deleted_at.is_(None))).all()
    for participant_id, start, end, reason in rows:
        stays[participant_id].append(Stay(start, end, reason))
    return list(stays.values()), len(people) - len(stays)


@bp.route("/reports/retention", endpoint="retention")
def retention_report() -> str:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    histories, not_housed_yet = _team_histories(team.id)
    rows = retention(histories, today())
    audit.record("report.retention_view", entity="team", entity_uuid=team.uuid,
                 count=len(histories))
    return render_template("reports/retention.html", rows=rows, moved_in=len(histories),
                           not_housed_yet=not_housed_yet, percent=format_percent)
