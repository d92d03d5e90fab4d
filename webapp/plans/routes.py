"""The implementation plan: goals in the participant's own words, steps, status.

A goal's status (achieved, paused, changed) is the participant's choice and
is recorded as such, with their comment; it is never a sanction.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core.models import Goal, Participant, Plan, Step

from .. import pages
from ..extensions import db
from ..pages import me, owned_or_404, participant_or_404, today
from . import bp
from .forms import GoalForm, GoalStatusForm, StepDoneForm, StepForm, steps_filled


def _plan_for(participant: Participant) -> Plan:
    plan = db.session.execute(
        select(Plan).where(Plan.participant_id == participant.id, Plan.deleted_at.is_(None))
        .order_by(Plan.id)
    ).scalars().first()
    if plan is None:
        plan = pages.added("plan.create", Plan(participant_id=participant.id))
    return plan


def _back_to(participant: Participant, goal: Goal | None = None) -> Response:
    anchor = f"goal-{goal.uuid}" if goal else None
    return redirect(url_for("participants.show", uuid=participant.uuid, _anchor=anchor))


def _add_step(goal: Goal, what: str, who: str, due_on: object) -> Step:
    return pages.added("step.create", Step(goal_id=goal.id, participant_id=goal.participant_id,
                                           what=what, who=who, due_on=due_on))


@bp.route("/participants/<uuid:uuid>/goals/new", methods=["GET", "POST"])
def create_goal(uuid: str) -> Response | str:
    participant = participant_or_404(uuid, work=True)
    form = GoalForm()
    goal = pages.earlier(form, Goal, pages.owned_by(participant))
    if goal is not None:
        return _back_to(participant, goal)
    if not form.validate_on_submit():
        return render_template("plans/create_goal.html", form=form, participant=participant)
    plan = _plan_for(participant)
    goal = pages.added("goal.create", Goal(
        uuid=form.uuid.data, plan_id=plan.id, participant_id=participant.id,
        life_area=form.life_area.data, own_words=form.own_words.data,
        why_it_matters=form.why_it_matters.data or "", written_by=form.written_by.data,
        status="active", created_by_id=me().id))
    for entry in steps_filled(form):
        _add_step(goal, entry.what.data, entry.who.data, entry.due_on.data)
    return pages.saved(_("The goal was added to the plan."), _back_to(participant, goal))


@bp.route("/goals/<uuid:uuid>/status", methods=["GET", "POST"])
def goal_status(uuid: str) -> Response | str:
    goal, participant = owned_or_404(Goal, uuid, work=True)
    form = GoalStatusForm(status=goal.status)
    if not form.validate_on_submit():
        return render_template("plans/goal_status.html", form=form, goal=goal,
                               participant=participant)
    goal.status = form.status.data
    goal.status_comment = form.status_comment.data or ""
    pages.audited("goal.status", goal)
    return pages.saved(_("The goal's status was updated."), _back_to(participant, goal))


@bp.route("/goals/<uuid:uuid>/steps/new", methods=["GET", "POST"])
def add_step(uuid: str) -> Response | str:
    goal, participant = owned_or_404(Goal, uuid, work=True)
    form = StepForm()
    if not form.validate_on_submit():
        return render_template("plans/add_step.html", form=form, goal=goal,
                               participant=participant)
    _add_step(goal, form.what.data, form.who.data, form.due_on.data)
    return pages.saved(_("The step was added."), _back_to(participant, goal))


@bp.route("/steps/<uuid:uuid>/done", methods=["POST"])
def step_done(uuid: str) -> Response:
    step, participant = owned_or_404(Step, uuid, work=True)
    if not StepDoneForm().validate_on_submit():
        abort(400)
    if step.done_on is None:
        step.done_on = today()
        pages.audited("step.done", step)
    return pages.saved(_("The step is marked as done."), _back_to(participant, step.goal))
