"""Visit notes: write, read, edit own draft or returned note, submit, addenda.

A note is the author's while it is a draft or returned; once submitted it
waits for review, and once signed it never changes: corrections are
appended as addenda by the author or the team lead.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from core import access
from core.models import NoteAddendum, Participant, User, VisitNote, utcnow

from .. import pages
from ..pages import dbs, me, owned_or_404, participant_or_404, today
from . import bp
from .forms import ActionForm, AddendumForm, NewNoteForm, NoteForm

NOTE_FIELDS = ("visit_date", "kind", "participant_topics", "body", "next_steps",
               "hidden_from_participant")


def _note_or_404(uuid: str) -> tuple[VisitNote, Participant]:
    note, participant = owned_or_404(VisitNote, uuid)
    return pages.found(note, access.can_see_note(dbs(), me(), note)), participant


def _editable_note_or_404(uuid: str) -> tuple[VisitNote, Participant]:
    note, participant = _note_or_404(uuid)
    user = me()
    pages.allowed(access.can_edit_note(user, note)
                  and access.can_work_with(dbs(), user, participant))
    return note, participant


def _fill(note: VisitNote, form: NoteForm) -> None:
    for name in NOTE_FIELDS:
        value = getattr(form, name).data
        setattr(note, name, value if value is not None or name == "visit_date" else "")


def _submit(note: VisitNote) -> None:
    note.status = "submitted"
    note.submitted_at = utcnow()
    pages.audited("note.submit", note)


def _saved(note: VisitNote, form: NoteForm) -> Response:
    """Saved as a draft, or submitted when the author pressed Submit."""
    if form.send.data:
        _submit(note)
        message = _("The note was submitted for review.")
    else:
        message = _("The note was saved as a draft.")
    return pages.saved(message, redirect(url_for(".show", uuid=note.uuid)))


@bp.route("/participants/<uuid:uuid>/notes/new", methods=["GET", "POST"])
def create(uuid: str) -> Response | str:
    participant = participant_or_404(uuid, work=True)
    form = NewNoteForm()
    if not form.is_submitted():
        form.visit_date.data = today()
    note = pages.earlier(form, VisitNote, lambda row: row.participant_id == participant.id
                        and access.can_see_note(dbs(), me(), row))
    if note is not None:
        return redirect(url_for(".show", uuid=note.uuid))
    if not form.validate_on_submit():
        return render_template("visits/edit.html", form=form, participant=participant, note=None)
    note = VisitNote(uuid=form.uuid.data, participant_id=participant.id, author_id=me().id,
                     status="draft")
    _fill(note, form)
    return _saved(pages.added("note.create", note), form)


@bp.route("/notes/<uuid:uuid>")
def show(uuid: str) -> str:
    note, participant = _note_or_404(uuid)
    return _render_note(note, participant, AddendumForm())


def _render_note(note: VisitNote, participant: Participant, addendum_form: AddendumForm) -> str:
    user = me()
    pages.audited("note.view", note)
    return render_template(
        "visits/show.html", note=note, participant=participant,
        addenda=[a for a in note.addenda if a.deleted_at is None],
        reviews=_reviews_for(user, note, participant),
        can_edit=access.can_edit_note(user, note),
        can_add_addendum=_may_add_addendum(user, note, participant),
        addendum_form=addendum_form, action_form=ActionForm(),
        participant_view=user.role == "participant",
        self_signed=access.is_self_signed(note),
    )


def _reviews_for(user: User, note: VisitNote, participant: Participant) -> list:
    # Review comments are feedback to the author; never shown to participants.
    if note.author_id == user.id or access.can_manage_team(user, participant.team_id):
        return [r for r in note.reviews if r.deleted_at is None]
    return []


def _may_add_addendum(user: User, note: VisitNote, participant: Participant) -> bool:
    if note.status != "signed" or not access.can_work_with(dbs(), user, participant):
        return False
    return note.author_id == user.id or access.can_manage_team(user, participant.team_id)


@bp.route("/notes/<uuid:uuid>/edit", methods=["GET", "POST"])
def edit(uuid: str) -> Response | str:
    note, participant = _editable_note_or_404(uuid)
    form = NoteForm(obj=note)
    if not form.validate_on_submit():
        return _render_edit(note, participant, form)
    _fill(note, form)
    pages.audited("note.update", note)
    return _saved(note, form)


def _render_edit(note: VisitNote, participant: Participant, form: NoteForm) -> str:
    if not form.is_submitted():
        # The form shows the stored note: reading it is audited like the note page.
        pages.audited("note.view", note)
    return render_template("visits/edit.html", form=form, participant=participant, note=note)


@bp.route("/notes/<uuid:uuid>/submit", methods=["POST"])
def submit(uuid: str) -> Response:
    note, _participant = _editable_note_or_404(uuid)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not note.body.strip():
        flash(_("Write the note before you submit it."), "error")
        return redirect(url_for(".edit", uuid=note.uuid))
    _submit(note)
    return pages.saved(_("The note was submitted for review."),
                       redirect(url_for(".show", uuid=note.uuid)))


@bp.route("/notes/<uuid:uuid>/addenda", methods=["POST"])
def add_addendum(uuid: str) -> Response | str:
    note, participant = _note_or_404(uuid)
    user = me()
    pages.allowed(_may_add_addendum(user, note, participant))
    form = AddendumForm()
    if not form.validate_on_submit():
        return _render_note(note, participant, form)
    pages.added("note.addendum", NoteAddendum(
        note_id=note.id, participant_id=participant.id, author_id=user.id, body=form.body.data),
        entity="addendum")
    return pages.saved(_("The addendum was added."), redirect(url_for(".show", uuid=note.uuid)))
