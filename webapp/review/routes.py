"""The team page: caseloads, and assigning participants to case managers.

Assignments sync to the workers' devices, so they are never deleted:
unassigning tombstones the row (`deleted_at`), re-assigning brings the
newest tombstone back to life (or adds a row). Both bump the version, so
the next pull puts or removes the participant on the worker's device.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core import access, due
from core.models import Assignment, Participant, User, utcnow

from .. import audit, pages
from ..extensions import db
from ..pages import dbs, me, my_team, team_participant_or_404, today
from . import bp, queries
from .forms import AssignForm, RestoreForm, UnassignForm
from .queries import ParticipantRow, WorkerRow, team_case_managers, team_participants


def _assign_form(row: ParticipantRow, managers: list[WorkerRow],
                 failed: AssignForm | None = None) -> AssignForm | None:
    """One form per participant row, with ids unique on the page."""
    assigned = {u.id for u in row.workers}
    choices = [SelectChoice(w.user.uuid, w.user.display_name) for w in managers
               if w.user.active and w.user.id not in assigned]
    if failed is None and (row.participant.status == "left" or not choices):
        return None
    form = failed or AssignForm(formdata=None, participant=row.participant.uuid)
    form.user.choices = [SelectChoice("", _("Choose…"))] + choices
    form.user.id = f"assign-{row.participant.uuid}"
    form.user.label.field_id = form.user.id
    return form


def _render_team(failed: AssignForm | None = None, status: int = 200) -> tuple[str, int]:
    team = my_team()
    rows = team_participants(dbs(), team.id, today())
    managers = team_case_managers(dbs(), team.id)
    failed_uuid = failed.participant.data if failed is not None else None
    forms = {r.participant.uuid: _assign_form(
        r, managers, failed if r.participant.uuid == failed_uuid else None) for r in rows}
    audit.record("team.view", entity="team", entity_uuid=team.uuid, count=len(rows))
    failed_row = next((r for r in rows if r.participant.uuid == failed_uuid), None)
    removed = removed_assignment(request.args.get("removed"))
    return render_template("review/team.html", rows=rows, managers=managers, forms=forms,
                           failed_row=failed_row,
                           active=due.active_participant_count(dbs(), team.id),
                           removed=removed, restore_form=RestoreForm(formdata=None),
                           refused=queries.refused_changes(dbs(), team.id, today())), status


@bp.route("/team")
def team() -> tuple[str, int]:
    pages.allowed(access.can_manage_team(me(), me().team_id))
    return _render_team()


def _team_case_manager(user_uuid: str | None, team_id: int) -> User | None:
    user = pages.by_uuid(User, user_uuid, live=False)
    if user is None or user.role != "case_manager" or user.team_id != team_id:
        return None
    return user


def _assign_error(participant: Participant, worker: User | None) -> str | None:
    if participant.status == "left":
        return _("This participant has left the programme.")
    if worker is None or not worker.active:
        return _("Choose an active case manager of this team.")
    return None


@bp.route("/team/assign", methods=["POST"])
def assign() -> Response | tuple[str, int]:
    form = AssignForm()
    if not form.participant.data:
        abort(400)
    participant = team_participant_or_404(form.participant.data)
    if not form.validate_on_submit():
        return _render_team(failed=form, status=400)
    worker = _team_case_manager(form.user.data, participant.team_id)
    error = _assign_error(participant, worker)
    if error or worker is None:
        form.user.errors = [error]
        return _render_team(failed=form, status=400)
    _assign(participant, worker)
    return pages.saved(_("%(participant)s is now on the caseload of %(worker)s.",
                         participant=participant.preferred_name, worker=worker.display_name),
                       redirect(url_for(".team", _anchor=f"p-{participant.uuid}"), 303))


def _assignment(participant: Participant, worker: User, live: bool) -> Assignment | None:
    state = Assignment.deleted_at.is_(None) if live else Assignment.deleted_at.is_not(None)
    return db.session.execute(
        select(Assignment)
        .where(Assignment.participant_id == participant.id, Assignment.user_id == worker.id,
               state)
        .order_by(Assignment.deleted_at.desc(), Assignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _assign(participant: Participant, worker: User) -> None:
    """Idempotent: an existing live assignment is left as it is."""
    if _assignment(participant, worker, live=True) is not None:
        return
    row = _assignment(participant, worker, live=False)
    if row is None:
        row = Assignment(participant_id=participant.id, user_id=worker.id)
        db.session.add(row)
    else:
        row.deleted_at = None
    db.session.flush()
    pages.audited("assignment.create", row)


def _removal(participant_uuid: str | None,
             user_uuid: str | None) -> tuple[Participant, User, Assignment | None]:
    """The participant, the worker and their live assignment (None: nothing to remove)."""
    participant = team_participant_or_404(participant_uuid)
    worker = pages.by_uuid(User, user_uuid, live=False)
    row = _assignment(participant, worker, live=True) if worker is not None else None
    # A worker who moved to another team can still be taken off this caseload.
    worker = pages.found(worker, worker is not None
                         and (row is not None or worker.team_id == participant.team_id))
    return participant, worker, row


@bp.route("/team/unassign", methods=["GET"])
def confirm_unassign() -> str:
    """What a removal means, and the button that does it (a removal is never one tap)."""
    participant, worker, row = _removal(request.args.get("participant"),
                                        request.args.get("user"))
    others = [u for _pid, u in queries.live_assignments_of(dbs(), participant.id)
              if u.id != worker.id]
    form = UnassignForm(formdata=None, participant=participant.uuid, user=worker.uuid,
                        confirm="1")
    return render_template("review/unassign.html", participant=participant, worker=worker,
                           assigned=row is not None, others=others, form=form,
                           last_sync=queries.last_sync(dbs(), worker.id))


@bp.route("/team/unassign", methods=["POST"])
def unassign() -> Response:
    form = UnassignForm()
    if not form.validate_on_submit():
        abort(400)
    participant, worker, row = _removal(form.participant.data, form.user.data)
    if form.confirm.data != "1":
        return redirect(url_for(".confirm_unassign", participant=participant.uuid,
                                user=worker.uuid), 303)
    anchor = f"p-{participant.uuid}"
    if row is None:
        return redirect(url_for(".team", _anchor=anchor), 303)
    row.deleted_at = utcnow()  # a tombstone: the worker's device drops the participant
    pages.audited("assignment.delete", row)
    return pages.saved(_("%(participant)s is no longer on the caseload of %(worker)s.",
                         participant=participant.preferred_name, worker=worker.display_name),
                       redirect(url_for(".team", removed=row.uuid, _anchor=anchor), 303))


def removed_assignment(uuid: str | None) -> Assignment | None:
    """A removed (tombstoned) assignment of the lead's team that can come back."""
    row = pages.by_uuid(Assignment, uuid, live=False)
    if row is None or row.deleted_at is None:
        return None
    participant = row.participant
    if not access.can_manage_team(me(), participant.team_id) or participant.deleted_at:
        return None
    return row


@bp.route("/team/restore", methods=["POST"])
def restore() -> Response:
    """Undo a removal: the same row lives again, so the worker's phone gets it back."""
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    row = pages.found(removed_assignment(form.assignment.data))
    participant, worker = row.participant, row.user
    anchor = f"p-{participant.uuid}"
    if not due.in_programme(participant.status) or not worker.active \
            or worker.team_id != participant.team_id:
        flash(_("%(worker)s cannot be put back: they are no longer an active case manager of "
                "the team, or %(participant)s has left the programme.",
                worker=worker.display_name, participant=participant.preferred_name), "error")
        return redirect(url_for(".team", _anchor=anchor), 303)
    if _assignment(participant, worker, live=True) is None:
        row.deleted_at = None
        pages.audited("assignment.restore", row)
    return pages.saved(_("Undone: %(participant)s is on the caseload of %(worker)s again.",
                         participant=participant.preferred_name, worker=worker.display_name),
                       redirect(url_for(".team", _anchor=anchor), 303))
