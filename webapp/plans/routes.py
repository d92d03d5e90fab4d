"""The implementation plan on the worker's pages: goals in the participant's own
words, steps, status choices, comments beside an entry, the history, the print.

A goal's status (achieved, paused, changed) is the participant's choice and
is recorded as such, with their comment; it is never a sanction. Who wrote
what is recorded by the server; words the participant wrote are theirs
(core.authorship): a worker comments beside them.
"""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from core.models import Goal, Participant, Step
from core.spec import values

from .. import pages
from ..pages import me, owned_or_404, participant_or_404, today
from . import bp, effects
from .forms import CommentForm, GoalForm, GoalStatusForm, StepDoneForm, StepForm, steps_filled
from .views import history_of, plan_view


def _back_to(participant: Participant, goal: Goal | None = None) -> Response:
    anchor = f"goal-{goal.uuid}" if goal else None
    return redirect(url_for("participants.show", uuid=participant.uuid, _anchor=anchor))


def new_step(goal: Goal, participant: Participant, entry: Any) -> Step:
    step = pages.added("step.create", Step(
        goal_id=goal.id, participant_id=goal.participant_id, what=entry.what.data,
        who=entry.who.data, who_name=entry.who_name.data or "", due_on=entry.due_on.data,
        written_by=effects.authorship(), created_by_id=me().id))
    effects.event(participant, "created", step=step)
    return step


def create_goal_from(form: Any, participant: Participant) -> Goal:
    plan = effects.plan_of(participant)
    goal = pages.added("goal.create", Goal(
        uuid=form.uuid.data, plan_id=plan.id, participant_id=participant.id,
        life_area=form.life_area.data, own_area=form.own_area.data or "",
        own_words=form.own_words.data, why_it_matters=form.why_it_matters.data or "",
        support_wanted=form.support_wanted.data or "", written_by=effects.authorship(),
        status="active", created_by_id=me().id))
    effects.event(participant, "created", goal=goal)
    for entry in steps_filled(form):
        new_step(goal, participant, entry)
    return goal


@bp.route("/participants/<uuid:uuid>/goals/new", methods=["GET", "POST"])
def create_goal(uuid: str) -> Response | str:
    participant = participant_or_404(uuid, work=True)
    form = GoalForm()
    goal = pages.earlier(form, Goal, pages.owned_by(participant))
    if goal is not None:
        return _back_to(participant, goal)
    if not form.validate_on_submit():
        return render_template("plans/create_goal.html", form=form, participant=participant)
    goal = create_goal_from(form, participant)
    return pages.saved(_("The goal was added to the plan."), _back_to(participant, goal))


@bp.route("/goals/<uuid:uuid>/status", methods=["GET", "POST"])
def goal_status(uuid: str) -> Response | str:
    goal, participant = owned_or_404(Goal, uuid, work=True)
    form = GoalStatusForm(status=goal.status)
    if not form.validate_on_submit():
        return render_template("plans/goal_status.html", form=form, goal=goal,
                               participant=participant)
    if (goal.status, goal.status_comment) != (form.status.data, form.status_comment.data or ""):
        goal.status = form.status.data
        goal.status_comment = form.status_comment.data or ""
        pages.audited("goal.status", goal)
        effects.event(participant, "status", goal=goal, status=goal.status,
                      text=goal.status_comment)
    return pages.saved(_("The goal's status was updated."), _back_to(participant, goal))


@bp.route("/goals/<uuid:uuid>/steps/new", methods=["GET", "POST"])
def add_step(uuid: str) -> Response | str:
    goal, participant = owned_or_404(Goal, uuid, work=True)
    form = StepForm()
    if not form.validate_on_submit():
        return render_template("plans/add_step.html", form=form, goal=goal,
                               participant=participant)
    new_step(goal, participant, form)
    return pages.saved(_("The step was added."), _back_to(participant, goal))


@bp.route("/steps/<uuid:uuid>/done", methods=["POST"])
def step_done(uuid: str) -> Response:
    step, participant = owned_or_404(Step, uuid, work=True)
    if not StepDoneForm().validate_on_submit():
        abort(400)
    if step.done_on is None:
        step.done_on = today()
        pages.audited("step.done", step)
        effects.changed(participant, step, "doneOn", None, step.done_on)
    return pages.saved(_("The step is marked as done."), _back_to(participant, step.goal))


@bp.route("/goals/<uuid:uuid>/comment", methods=["GET", "POST"])
def comment(uuid: str) -> Response | str:
    """A comment beside a goal: how a worker answers the participant's words."""
    goal, participant = owned_or_404(Goal, uuid, work=True)
    form = CommentForm()
    if pages.earlier(form, effects.PlanEvent, pages.owned_by(participant)) is not None:
        return _back_to(participant, goal)
    if not form.validate_on_submit():
        return render_template("plans/comment.html", form=form, goal=goal,
                               participant=participant)
    effects.event(participant, "comment", goal=goal, text=form.text.data, uuid=form.uuid.data)
    return pages.saved(_("Your comment was added beside the goal."),
                       _back_to(participant, goal))


@bp.route("/participants/<uuid:uuid>/plan/history")
def history(uuid: str) -> str:
    participant = participant_or_404(uuid)
    pages.audited("plan.history.view", participant)
    return render_template("plans/history.html", participant=participant,
                           entries=history_of(participant), own_page=False)


@bp.route("/participants/<uuid:uuid>/plan/print")
def print_plan(uuid: str) -> str:
    participant = participant_or_404(uuid)
    pages.audited("plan.print", participant)
    return render_print(participant)


def render_print(participant: Participant) -> str:
    """"Min plan" to keep: Swedish or English (?lang=), no navigation or buttons in print."""
    lang = request.args.get("lang")
    v = plan_view(me(), participant)
    if lang in values("locale"):
        with force_locale(lang):
            return render_template("plans/print.html", v=v, lang=lang, today=today())
    return render_template("plans/print.html", v=v, lang=None, today=today())
