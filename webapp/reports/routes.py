"""The retention report: how many participants are still housed after 6, 12, 24 months."""
from __future__ import annotations

from collections import defaultdict

from flask import abort, render_template
from flask_babel import format_percent
from flask_login import current_user
from sqlalchemy import select

from core import access
from core.models import Participant, Tenancy

from .. import audit
from ..dates import local_today
from ..extensions import db
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
    if not access.can_manage_team(current_user, current_user.team_id):
        abort(403)
    histories, not_housed_yet = _team_histories(current_user.team_id)
    rows = retention(histories, local_today())
    audit.record("report.retention_view", entity="team", entity_uuid=current_user.team.uuid,
                 count=len(histories))
    html = render_template("reports/retention.html", rows=rows, moved_in=len(histories),
                           not_housed_yet=not_housed_yet, percent=format_percent)
    db.session.commit()
    return html
