"""The participant's own pages (/me): they write their goals, mark the plan as
theirs, say what they disagree with and rate how their life areas are going.

Written by the participant's own account: authorship "participant". Their
words are stored as typed. These pages never shame: no overdue badges.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core.models import Goal, Participant, PlanEvent, SelfRating
from core.spec.fields import UUID_RE

from .. import pages
from ..extensions import db
from ..pages import me, today
from . import bp, effects
from .forms import AgreeForm, DisagreeForm, OwnGoalForm, RatingForm
from .routes import create_goal_from, render_print
from .views import history_of


def own_participant() -> Participant:
    """The participant whose account this is (a participant login always has one)."""
    user = me()
    pages.allowed(user.role == "participant")
    return pages.found(db.session.execute(
        select(Participant).where(Participant.user_id == user.id,
                                  Participant.deleted_at.is_(None))).scalar_one_or_none())


def _home(anchor: str | None = None) -> Response:
    return redirect(url_for("participants.my_page", _anchor=anchor))


@bp.route("/me/goals/new", methods=["GET", "POST"])
def own_goal() -> Response | str:
    participant = own_participant()
    form = OwnGoalForm()
    if pages.earlier(form, Goal, pages.owned_by(participant)) is not None:
        return _home()
    if not form.validate_on_submit():
        return render_template("plans/own_goal.html", form=form, participant=participant)
    goal = create_goal_from(form, participant)
    return pages.saved(_("Your goal is in your plan."), _home(f"goal-{goal.uuid}"))


@bp.route("/me/plan/agree", methods=["GET", "POST"])
def agree() -> Response | str:
    participant = own_participant()
    form = AgreeForm()
    if pages.earlier(form, PlanEvent, pages.owned_by(participant)) is not None:
        return _home()
    if not form.validate_on_submit():
        return render_template("plans/agree.html", form=form, participant=participant)
    effects.agree(participant, form.text.data or "", today(), form.uuid.data)
    return pages.saved(_("Your plan is marked as yours."), _home())


@bp.route("/me/plan/disagree", methods=["GET", "POST"])
def disagree() -> Response | str:
    participant = own_participant()
    form = DisagreeForm()
    if pages.earlier(form, PlanEvent, pages.owned_by(participant)) is not None:
        return _home()
    goal = _own_goal(participant, form.goal.data or request.args.get("goal"))
    if not form.is_submitted() and goal is not None:
        form.goal.data = goal.uuid
    if not form.validate_on_submit():
        return render_template("plans/disagree.html", form=form, participant=participant,
                               goal=goal)
    effects.event(participant, "disagreed", goal=goal, text=form.text.data,
                  uuid=form.uuid.data)
    return pages.saved(_("What you disagree with is written in your plan."),
                       _home(f"goal-{goal.uuid}" if goal else None))


def _own_goal(participant: Participant, uuid: str | None) -> Goal | None:
    if not uuid:
        return None
    goal = pages.by_uuid(Goal, uuid) if UUID_RE.match(uuid) else None
    return pages.found(goal, goal is not None and goal.participant_id == participant.id)


@bp.route("/me/ratings/new", methods=["GET", "POST"])
def rate() -> Response | str:
    participant = own_participant()
    form = RatingForm()
    if not form.is_submitted():
        form.rated_on.data = today()
    if pages.earlier(form, SelfRating, pages.owned_by(participant)) is not None:
        return _home("ratings")
    if not form.validate_on_submit():
        return render_template("plans/rate.html", form=form, participant=participant)
    pages.added("rating.create", SelfRating(
        uuid=form.uuid.data, participant_id=participant.id, life_area=form.life_area.data,
        own_area=form.own_area.data or "", rating=form.rating.data,
        comment=form.comment.data or "", rated_on=form.rated_on.data,
        written_by=effects.authorship(), created_by_id=me().id))
    return pages.saved(_("Thank you: your rating is saved."), _home("ratings"))


@bp.route("/me/history")
def own_history() -> str:
    participant = own_participant()
    pages.audited("plan.history.view", participant)
    return render_template("plans/history.html", participant=participant,
                           entries=history_of(participant), own_page=True)


@bp.route("/me/print")
def own_print() -> str:
    participant = own_participant()
    pages.audited("plan.print", participant)
    return render_print(participant)
