"""Forms for account administration. Team choices are filled in by the handler."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from core.models import LOCALES, ROLES

MIN_PASSWORD = 10
TEAM_ROLES = ("case_manager", "team_lead", "participant")
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


def role_labels() -> dict[str, Any]:
    return {"case_manager": _l("Case manager"), "team_lead": _l("Team lead"),
            "admin": _l("Administrator"), "participant": _l("Participant")}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _password(label: Any) -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(), Length(min=MIN_PASSWORD, max=200, message=_l(
            "Use at least %(min)d characters.", min=MIN_PASSWORD))])


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), filters=[_strip],
                       validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Create team"))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), filters=[_strip, _lower], validators=[
        DataRequired(), Length(min=2, max=64),
        Regexp(USERNAME_PATTERN, message=_l("Use only the characters named above."))])
    display_name = StringField(_l("Name"), filters=[_strip],
                               validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, role_labels()[r]) for r in ROLES])
    team = SelectField(_l("Team"), choices=[])
    locale = SelectField(_l("Language"), choices=[
        SelectChoice(code, {"sv": "Svenska", "en": "English"}[code]) for code in LOCALES])
    password = _password(_l("Initial password"))
    submit = SubmitField(_l("Create user"))

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
