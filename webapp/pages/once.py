"""Create forms that save once, however often they are posted.

A double click, a reload of the answer to a POST, or Back and Save again
would otherwise add the same record twice. A create form carries a hidden
`uuid`, made when the form is first rendered and kept through validation
errors; it becomes the new record's uuid, as a uuid made by the PWA does
for a record created offline. A second post with that uuid finds the record
and is answered with a redirect to it.

A uuid that is malformed, or that belongs to a record which is not this
form's (another participant's, a deleted one, one the user may not see),
is a form error: the same message in every case, so the answer says
nothing about other records, and the form gets a fresh uuid so that saving
again works. A post without the field (a form rendered before it existed)
gets a fresh uuid and saves as before.

On SQLite the check and the insert run in the request's one BEGIN IMMEDIATE
transaction, so two posts racing each other are serialized: the second
finds the first one's record.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select, text
from wtforms import HiddenField
from wtforms.validators import ValidationError

from core.models import Participant
from core.models.base import new_uuid
from sync.fields import UUID_RE

from ..extensions import db

T = TypeVar("T")

REFUSED = _l("This form could not be saved as it was sent. Check it and save it again.")


def well_formed(value: object) -> bool:
    return isinstance(value, str) and UUID_RE.match(value) is not None  # anchored by \Z


class CreateOnceForm(FlaskForm):
    """A form that creates one record: its hidden `uuid` becomes the record's uuid."""

    uuid = HiddenField(default=new_uuid)
    uuid_taken = False  # set by earlier(): another record holds this uuid

    def validate_uuid(self, field: HiddenField) -> None:
        if self.uuid_taken or not well_formed(field.data):
            field.data = new_uuid()
            raise ValidationError(REFUSED)


def owned_by(participant: Participant) -> Callable[[Any], bool]:
    """For earlier(): the record belongs to this (already checked) participant."""
    return lambda row: bool(row.participant_id == participant.id)


def earlier(form: CreateOnceForm, model: type[T], mine: Callable[[T], bool]) -> T | None:
    """The record an earlier post of this form created, when the user may be sent to it.

    Call it before validating the form. Any other record holding the uuid
    makes the form's validation fail (see CreateOnceForm.validate_uuid).
    """
    if not form.is_submitted() or not well_formed(form.uuid.data):
        return None
    _one_at_a_time(form.uuid.data)
    m = cast(Any, model)
    row = db.session.execute(select(model).where(m.uuid == form.uuid.data)).scalar_one_or_none()
    if row is None:
        return None
    if getattr(row, "deleted_at", None) is None and mine(row):  # tombstones are not mine
        flash(_("This was already saved, so it was not added again."), "ok")
        return row
    form.uuid_taken = True
    return None


def _one_at_a_time(uuid: str) -> None:
    """Two posts of one form at once. On SQLite the request's write transaction
    (BEGIN IMMEDIATE) already runs them one after the other. On PostgreSQL the
    second waits here until the first has committed, and then finds its record
    (read committed: the next statement sees it) instead of failing on the unique
    uuid with an error page."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:uuid, 0))"),
                           {"uuid": uuid})
