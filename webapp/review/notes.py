"""The review queue and the review of one visit note.

A team lead signs a submitted note or returns it to its author with a
comment. Each decision is a `Review` row; a signed note is never changed
again (corrections are addenda, written elsewhere).
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core import access
from core.models import Review, VisitNote, utcnow

from .. import pages
from ..extensions import db
from ..pages import dbs, me, my_team
from . import bp
from .forms import ReviewForm
from .queries import review_queue


@bp.route("/review")
def queue() -> str:
    team = my_team()
    user = me()
    pages.allowed(access.can_manage_team(user, team.id))
    notes = review_queue(dbs(), team.id)
    return render_template("review/queue.html", notes=notes, now=utcnow(),
                           other_lead=access.other_active_lead(dbs(), user))


def _team_note_or_404(note_uuid: str, for_update: bool = False) -> VisitNote:
    query = select(VisitNote).where(VisitNote.uuid == note_uuid, VisitNote.deleted_at.is_(None))
    if for_update:
        query = query.with_for_update()  # two leads deciding at once: one wins
    note = db.session.execute(query).scalar_one_or_none()
    user = me()
    return pages.found(note, note is not None
                       and access.can_manage_team(user, note.participant.team_id)
                       and access.can_see_note(dbs(), user, note))


def _render_note(note: VisitNote, form: ReviewForm, status: int = 200) -> tuple[str, int]:
    pages.audited("note.review_view", note)
    user = me()
    return render_template(
        "review/note.html", note=note, form=form,
        may_decide=access.can_review_note(dbs(), user, note),
        own_note=note.author_id == user.id,
        self_signed=access.is_self_signed(note)), status


@bp.route("/review/notes/<note_uuid>")
def note(note_uuid: str) -> tuple[str, int]:
    return _render_note(_team_note_or_404(note_uuid), ReviewForm(formdata=None))


@bp.route("/review/notes/<note_uuid>", methods=["POST"])
def decide(note_uuid: str) -> Response | tuple[str, int]:
    note = _team_note_or_404(note_uuid, for_update=True)
    form = ReviewForm()
    if note.status != "submitted":
        flash(_("This note has already been reviewed; nothing was changed."), "error")
        return _render_note(note, ReviewForm(formdata=None), status=409)
    pages.allowed(access.can_review_note(dbs(), me(), note))  # four eyes
    if not form.validate_on_submit() or not form.validate_decision():
        return _render_note(note, form, status=400)
    return pages.saved(_apply(note, form.decision() or "", (form.comment.data or "").strip()),
                       redirect(url_for(".queue"), 303))


def _apply(note: VisitNote, decision: str, comment: str) -> str:
    """Record the decision; the message that says it was done."""
    user = me()
    note.status = decision
    if decision == "signed":
        note.signed_at = utcnow()
        note.signed_by_id = user.id
    db.session.add(Review(note_id=note.id, participant_id=note.participant_id,
                          reviewer_id=user.id, decision=decision, comment=comment))
    pages.audited(f"note.{'sign' if decision == 'signed' else 'return'}", note)
    if decision == "signed":
        return _("The note is signed.")
    return _("The note was returned to %(author)s.", author=note.author.display_name)
