"""Teams: list with head counts, create. Counts are all an admin sees of participants."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from core import due
from core.models import Participant, Team, User

from .. import audit, pages
from ..extensions import db
from . import bp, require_admin
from .forms import TeamForm


def _team_rows() -> list[tuple[Team, int, int]]:
    users = (select(func.count(User.id)).where(User.team_id == Team.id, User.active.is_(True),
                                               User.role != "participant").scalar_subquery())
    # Active participants: the rule of core.due, as on the team's own pages.
    people = (select(func.count(Participant.id))
              .where(Participant.team_id == Team.id, *due.in_programme_clauses())
              .scalar_subquery())
    return [(t, u, p) for t, u, p in db.session.execute(
        select(Team, users, people).order_by(Team.name)).all()]


@bp.route("/teams", methods=["GET", "POST"])
def teams() -> Response | tuple[str, int]:
    require_admin()
    form = TeamForm()
    if form.validate_on_submit():
        if _name_taken(form.name.data):
            form.name.errors = [_("A team with that name already exists.")]
        else:
            team = Team(name=form.name.data)
            db.session.add(team)
            db.session.flush()
            audit.record("team.create", entity="team", entity_uuid=team.uuid)
            return pages.saved(_("Team %(name)s was created.", name=team.name),
                               redirect(url_for(".teams"), 303))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/teams.html", form=form, teams=_team_rows()), status


def _name_taken(name: str) -> bool:
    # In Python: SQLite's lower() leaves å, ä and ö alone.
    names = db.session.execute(select(Team.name)).scalars()
    return name.casefold() in {n.casefold() for n in names}
