"""The follow-up overview: what is overdue and due this week across the team, by worker
and by kind, with reassignment to another worker of the team in one step.

The rows are core.due's due follow-ups (participants who left drop out), so the
numbers here are the numbers of the caseloads and the phones.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core import access, due
from core.models import Assignment, FollowUp, Participant, User
from core.spec import values

from .. import audit, pages
from ..extensions import db
from ..pages import dbs, me, my_team, owned_or_404, today
from . import bp
from .forms import ReassignForm
from .queries import live_assignments_of


@dataclass
class Row:
    followup: FollowUp
    participant: Participant
    overdue: bool
    days: int  # from today (negative: overdue by)


@dataclass
class Overview:
    today: date
    rows: list[Row]
    workers: list[User]
    by_worker: dict[int | None, Counter[str]] = field(default_factory=dict)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def this_week(self) -> int:
        return len(self.rows) - self.overdue


def team_workers(team_id: int) -> list[User]:
    """Who a follow-up can be given to: the team's active case managers and leads."""
    return list(db.session.execute(
        select(User).where(User.team_id == team_id, User.role.in_(access.WORKER_ROLES),
                           User.active.is_(True))
        .order_by(User.role, User.display_name)
    ).scalars())


def overview(team_id: int, day: date) -> Overview:
    ids = select(Participant.id).where(Participant.team_id == team_id)
    until = day + timedelta(days=due.DUE_SOON_DAYS)
    rows = [Row(f, p, due.is_overdue(f.due_on, day), due.days_until(f.due_on, day))
            for f, p in db.session.execute(due.due_followups(ids, until)).all()]
    result = Overview(day, rows, team_workers(team_id))
    for r in rows:
        when = "overdue" if r.overdue else "week"
        result.by_worker.setdefault(r.followup.assignee_id, Counter())[when] += 1
        result.by_kind.setdefault(r.followup.kind, Counter())[when] += 1
    return result


def _filtered(view: Overview, worker: str | None, kind: str | None) -> list[Row]:
    rows = view.rows
    if worker == "none":
        rows = [r for r in rows if r.followup.assignee_id is None]
    elif worker:
        ids = {u.id for u in view.workers if u.uuid == worker}
        rows = [r for r in rows if r.followup.assignee_id in ids]
    if kind:
        rows = [r for r in rows if r.followup.kind == kind]
    return rows


def _forms(rows: list[Row], workers: list[User], caseloads: dict[int, set[int]]) -> dict:
    forms = {}
    for r in rows:
        choices = []
        for w in workers:
            if w.id == r.followup.assignee_id:
                continue
            label = w.display_name
            if w.role == "case_manager" and w.id not in caseloads.get(r.participant.id, set()):
                label = _("%(worker)s (joins the caseload)", worker=w.display_name)
            choices.append(SelectChoice(w.uuid, label))
        form = ReassignForm(formdata=None)
        form.user.choices = [SelectChoice("", _("Choose…")), *choices] if choices else []
        form.user.id = f"to-{r.followup.uuid}"
        form.user.label.field_id = form.user.id
        forms[r.followup.uuid] = form if choices else None
    return forms


@bp.route("/team/followups")
def followups() -> str:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    view = overview(team.id, today())
    worker = request.args.get("worker") or None
    kind = request.args.get("kind") if request.args.get("kind") in values("followup_kind") \
        else None
    rows = _filtered(view, worker, kind)
    caseloads: dict[int, set[int]] = {}
    for pid, user in live_assignments_of(dbs(), [r.participant.id for r in rows]):
        caseloads.setdefault(pid, set()).add(user.id)
    names = {u.id: u for u in view.workers}
    audit.record("followups.overview_view", entity="team", entity_uuid=team.uuid,
                 count=len(rows))
    return render_template("review/followups.html", view=view, rows=rows, names=names,
                           forms=_forms(rows, view.workers, caseloads),
                           worker=worker, kind=kind, kinds=values("followup_kind"))


@bp.route("/team/followups/<uuid:uuid>/assign", methods=["POST"])
def reassign(uuid: str) -> Response:
    """Give a follow-up to another worker of the team (and, for a case manager not on
    the participant's caseload, put them on it: they need the record to do it)."""
    followup, participant = owned_or_404(FollowUp, uuid, work=True)
    pages.allowed(access.can_manage_team(me(), participant.team_id))
    form = ReassignForm()
    back = redirect(url_for(".followups", worker=request.args.get("worker"),
                            kind=request.args.get("kind"), _anchor=f"f-{followup.uuid}"), 303)
    if not form.validate_on_submit():
        if not form.user.data:
            flash(_("Choose a worker."), "error")
            return back
        abort(400)
    worker = next((w for w in team_workers(participant.team_id) if w.uuid == form.user.data),
                  None)
    if worker is None or not due.in_programme(participant.status):
        pages.refuse(400, _("Choose an active worker of the team."))
    message = _("%(worker)s now has the follow-up for %(participant)s.",
                worker=worker.display_name, participant=participant.preferred_name)
    if worker.role == "case_manager" and _join_caseload(participant, worker):
        message = _("%(worker)s now has the follow-up and is case manager for "
                    "%(participant)s.", worker=worker.display_name,
                    participant=participant.preferred_name)
    if followup.assignee_id != worker.id:
        followup.assignee_id = worker.id
        pages.audited("followup.reassign", followup)
    return pages.saved(message, back)


def _join_caseload(participant: Participant, worker: User) -> bool:
    """Put the worker on the participant's caseload; False when they already are."""
    rows = db.session.execute(select(Assignment).where(
        Assignment.participant_id == participant.id, Assignment.user_id == worker.id)
        .order_by(Assignment.deleted_at.is_(None).desc(), Assignment.id.desc())).scalars().all()
    if rows and rows[0].deleted_at is None:
        return False
    row = rows[0] if rows else Assignment(participant_id=participant.id, user_id=worker.id)
    row.deleted_at = None
    if not rows:
        db.session.add(row)
    db.session.flush()
    pages.audited("assignment.create", row)
    return True
