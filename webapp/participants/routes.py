"""The caseload, the participant page, the participant's own page, a new participant."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core import access, due
from core.models import Assignment, Participant

from .. import pages
from ..auth.routes import HOME_BY_ROLE
from ..extensions import db
from ..pages import me, participant_or_404, today
from ..plans import effects
from ..plans.views import plan_view
from . import bp
from .forms import ParticipantForm
from .invites import open_invite
from .queries import caseload as caseload_rows


def _home_elsewhere() -> Response:
    endpoint = HOME_BY_ROLE.get(me().role)
    if endpoint is None or endpoint not in current_app.view_functions:
        abort(404)
    return redirect(url_for(endpoint))


@bp.route("/")
def caseload() -> Response | str:
    user = me()
    if user.role not in access.WORKER_ROLES:
        return _home_elsewhere()
    rows = caseload_rows(user, today())
    overdue = due.overdue_count(pages.dbs(), access.participant_ids_query(user), today())
    active = sum(1 for r in rows if due.in_programme(r.participant.status))
    return render_template("participants/caseload.html", rows=rows, active=active,
                           overdue=overdue)


@bp.route("/participants/<uuid:uuid>")
def show(uuid: str) -> str:
    participant = participant_or_404(uuid)
    user = me()
    v = plan_view(user, participant)
    pages.audited("participant.view", participant)
    return render_template("participants/show.html", r=v.record, v=v, today=today(),
                           own_page=False, can_work=user.role in access.WORKER_ROLES,
                           invite=open_invite(participant))


@bp.route("/me")
def my_page() -> Response | str:
    user = me()
    if user.role != "participant":
        return _home_elsewhere()
    participant = pages.found(db.session.execute(
        select(Participant).where(Participant.user_id == user.id,
                                  Participant.deleted_at.is_(None))
    ).scalar_one_or_none())
    v = plan_view(user, participant)
    pages.audited("participant.view", participant)
    from ..landlords.queries import shared_with_participant

    return render_template("participants/show.html", r=v.record, v=v, today=today(),
                           own_page=True, can_work=False,
                           landlord_shared=shared_with_participant(participant))


@bp.route("/participants/new", methods=["GET", "POST"])
def create() -> Response | str:
    user = me()
    pages.allowed(user.role in access.WORKER_ROLES and user.team_id is not None)
    form = ParticipantForm()
    if not form.is_submitted():
        form.joined_on.data = today()
    participant = pages.earlier(
        form, Participant, lambda row: access.can_see_participant(pages.dbs(), user, row))
    if participant is not None:
        return redirect(url_for(".show", uuid=participant.uuid))
    if not form.validate_on_submit():
        return render_template("participants/create.html", form=form)
    participant = pages.added("participant.create", Participant(
        uuid=form.uuid.data, preferred_name=form.preferred_name.data, team_id=user.team_id,
        joined_on=form.joined_on.data, status="active"))
    if user.role == "case_manager":
        db.session.add(Assignment(participant_id=participant.id, user_id=user.id))
    effects.on_joining(participant)
    return pages.saved(_("%(name)s was added.", name=participant.preferred_name),
                       redirect(url_for(".show", uuid=participant.uuid)))
