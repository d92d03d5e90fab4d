"""Forms of the devices pages: a device's name, a confirmation, the team's lock settings.
Their fields and rules come from the field spec (core.spec: DEVICE, TEAM)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from core.spec.entities import DEVICE, TEAM

from ..spec_forms import spec_field


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class NameForm(FlaskForm):
    name = spec_field(DEVICE, "label", filters=[_strip])
    submit = SubmitField(_l("Save the name"))


class ConfirmForm(FlaskForm):
    """CSRF only: the revoke button on the confirmation page."""


class LockSettingsForm(FlaskForm):
    lock_idle_minutes = spec_field(TEAM, "lockIdleMinutes")
    offline_days = spec_field(TEAM, "offlineDays")
    submit = SubmitField(_l("Save the settings"))
