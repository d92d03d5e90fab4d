"""Forms for account administration. Team choices are filled in by the handler."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from core.spec import CHOICES
from core.spec.entities import TEAM, USER

from ..spec_forms import spec_field

MIN_PASSWORD = 10
TEAM_ROLES = ("case_manager", "team_lead", "participant")


def role_labels() -> dict[str, Any]:
    return {role: _l(text) for role, text in CHOICES["role"].items()}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _password(label: Any) -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(), Length(min=MIN_PASSWORD, max=200, message=_l(
            "Use at least %(min)d characters.", min=MIN_PASSWORD))])


class TeamForm(FlaskForm):
    name = spec_field(TEAM, "name", filters=[_strip])
    submit = SubmitField(_l("Create team"))


class UserForm(FlaskForm):
    username = spec_field(USER, "username", filters=[_strip, _lower])
    display_name = spec_field(USER, "displayName", filters=[_strip])
    # A participant's account comes from an invite code (webapp/participants/invites.py).
    role = spec_field(USER, "role", label=None)
    team = SelectField(_l("Team"), choices=[])
    locale = spec_field(USER, "locale")
    password = _password(_l("Initial password"))
    submit = SubmitField(_l("Create user"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [c for c in self.role.choices if c.value != "participant"]

    def validate_team(self, field: SelectField) -> None:
        if self.role.data in TEAM_ROLES and not field.data:
            raise ValidationError(_l("Choose a team for this role."))


class PasswordForm(FlaskForm):
    password = _password(_l("New password"))
    password_again = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The passwords do not match."))])
    submit = SubmitField(_l("Set new password"))


class ActionForm(FlaskForm):
    """CSRF only: deactivate and reactivate buttons."""
