"""Follow-ups: plan a check-in, visit, plan review or renewal; mark it done."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core import due
from core.models import FollowUp, Participant

from .. import pages
from ..pages import me, owned_or_404, participant_or_404, today
from ..participants.queries import participant_goals
from ..plans import effects
from ..words import format_date
from . import bp
from .forms import CompleteFollowUpForm, FollowUpForm

GOAL_LABEL_CHARS = 70


def _goal_choices(participant: Participant) -> list[SelectChoice]:
    goals = participant_goals(participant)
    return [SelectChoice("", _l("No goal"))] + [
        SelectChoice(g.uuid, g.own_words if len(g.own_words) <= GOAL_LABEL_CHARS
                     else g.own_words[:GOAL_LABEL_CHARS - 1] + "…")
        for g in goals
    ]


def _back(participant: Participant) -> Response:
    return redirect(url_for("participants.show", uuid=participant.uuid, _anchor="followups-h"))


@bp.route("/participants/<uuid:uuid>/followups/new", methods=["GET", "POST"])
def create(uuid: str) -> Response | str:
    participant = participant_or_404(uuid, work=True)
    if not due.in_programme(participant.status, participant.deleted_at):
        flash(_("%(name)s has left the programme, so no new follow-ups are planned.",
                name=participant.preferred_name), "error")
        return _back(participant)
    form = FollowUpForm()
    form.goal.choices = _goal_choices(participant)
    if pages.earlier(form, FollowUp, pages.owned_by(participant)) is not None:
        return _back(participant)
    if not form.validate_on_submit():
        return render_template("followups/create.html", form=form, participant=participant)
    goals = {g.uuid: g for g in participant_goals(participant)}
    goal = goals.get(form.goal.data or "")
    pages.added("followup.create", FollowUp(
        uuid=form.uuid.data, participant_id=participant.id, kind=form.kind.data,
        title=form.title.data, due_on=form.due_on.data, assignee_id=me().id,
        goal_id=goal.id if goal else None))
    return pages.saved(_("The follow-up was added."), _back(participant))


@bp.route("/followups/<uuid:uuid>/complete", methods=["GET", "POST"])
def complete(uuid: str) -> Response | str:
    followup, participant = owned_or_404(FollowUp, uuid, work=True)
    if followup.done_on is not None:
        flash(_("This follow-up is already done."), "error")
        return _back(participant)
    form = CompleteFollowUpForm()
    if not form.is_submitted():
        form.done_on.data = today()
    if not form.validate_on_submit():
        return render_template("followups/complete.html", form=form, followup=followup,
                               participant=participant)
    followup.done_on = form.done_on.data
    followup.outcome = form.outcome.data or ""
    followup.outcome_hidden = bool(form.outcome_hidden.data)
    pages.audited("followup.complete", followup)
    planned = effects.after_completion(followup, participant)
    if planned is not None:
        flash(_("The next one is planned for %(date)s.", date=format_date(planned.due_on)),
              "info")
    return pages.saved(_("The follow-up is marked as done."), _back(participant))
