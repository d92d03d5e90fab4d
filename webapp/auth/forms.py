from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from core.spec.entities import USER

from ..spec_forms import spec_field

# The username's length (core.spec). Lower-casing may lengthen what was typed
# ("İ" becomes two characters), so the login checks it again afterwards.
USERNAME_MAX = USER.field("username").max_len


class LoginForm(FlaskForm):
    # Only the length and "not empty": the login never explains the account rules.
    username = spec_field(USER, "username", pattern="", min_len=0)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))


class LanguageForm(FlaskForm):
    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()
