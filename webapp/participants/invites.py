"""A participant's own account, from a one-time code (no e-mail needed).

The case manager makes a code on the participant's page; it is shown once, on
screen and printable. The participant opens /invite, types the code, then
chooses a username and their own passphrase. A code expires after
INVITE_DAYS, works once, and a new one replaces any open code for the same
person (also how a forgotten passphrase is set again). Only the code's
SHA-256 is stored. Tries are throttled per address like logins.
A participant login is always linked to exactly one participant: accounts
of that role are made here and nowhere else.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from core.models import Participant, ParticipantInvite, User, utcnow
from core.spec.entities import USER

from .. import pages
from ..auth import throttle
from ..auth.passwords import hash_password
from ..auth.routes import _finish_login
from ..extensions import db
from ..pages import me, participant_or_404
from ..spec_forms import spec_field
from . import bp

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 12
MIN_PASSPHRASE = 10
SESSION_KEY = "invite_id"


def _normal(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def open_invite(participant: Participant) -> ParticipantInvite | None:
    return db.session.execute(select(ParticipantInvite).where(
        ParticipantInvite.participant_id == participant.id, ParticipantInvite.used_at.is_(None),
        ParticipantInvite.revoked_at.is_(None), ParticipantInvite.expires_at > utcnow())
        .order_by(ParticipantInvite.id.desc())).scalars().first()


class InviteMakeForm(FlaskForm):
    """Only the CSRF token: make a code."""


@bp.route("/participants/<uuid:uuid>/invite", methods=["POST"])
def make_invite(uuid: str) -> str:
    participant = participant_or_404(uuid, work=True)
    pages.allowed(InviteMakeForm().validate_on_submit())
    db.session.execute(update(ParticipantInvite).where(
        ParticipantInvite.participant_id == participant.id, ParticipantInvite.used_at.is_(None),
        ParticipantInvite.revoked_at.is_(None)).values(revoked_at=utcnow()))
    code = new_code()
    days = int(current_app.config.get("INVITE_DAYS", 7))
    invite = ParticipantInvite(participant_id=participant.id, code_hash=code_hash(code),
                               created_by_id=me().id, expires_at=utcnow() + timedelta(days=days))
    db.session.add(invite)
    db.session.flush()
    pages.audited("participant.invite", participant)
    return render_template("participants/invite.html", participant=participant, code=code,
                           invite=invite, has_account=participant.user_id is not None)


class CodeForm(FlaskForm):
    code = StringField(_l("Your code"), validators=[DataRequired(), Length(max=40)])


class AccountForm(FlaskForm):
    username = spec_field(USER, "username")
    passphrase = PasswordField(_l("Choose a passphrase"), validators=[
        DataRequired(), Length(min=MIN_PASSPHRASE, max=200, message=_l(
            "Use at least %(min)d characters: a few words you remember are good.",
            min=MIN_PASSPHRASE))])
    passphrase_again = PasswordField(_l("The passphrase again"), validators=[
        DataRequired(), EqualTo("passphrase", message=_l("The two passphrases differ."))])

    def __init__(self, *args: object, account: User | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def validate_username(self, field: StringField) -> None:
        taken = db.session.execute(select(User.id).where(User.username == field.data)).first()
        if taken and (self.account is None or taken[0] != self.account.id):
            raise ValidationError(_l("Someone else has this username. Choose another."))


def _throttle_key() -> str:
    return f"invite@{request.remote_addr or '-'}"[:64]


def _usable(invite: ParticipantInvite | None) -> bool:
    return (invite is not None and invite.used_at is None and invite.revoked_at is None
            and invite.expires_at > utcnow() and invite.participant.deleted_at is None)


@bp.route("/invite", methods=["GET", "POST"])
def redeem() -> Response | str:
    """Step 1: the code."""
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        key = _throttle_key()
        if throttle.is_locked(key):
            throttle.record(key, False)
            error = _("Too many tries. Wait a minute and try again.")
        else:
            invite = db.session.execute(select(ParticipantInvite).where(
                ParticipantInvite.code_hash == code_hash(form.code.data))).scalar_one_or_none()
            if _usable(invite):
                throttle.record(key, True)
                session[SESSION_KEY] = invite.id  # type: ignore[union-attr]
                return redirect(url_for(".account"))
            throttle.record(key, False)
            error = _("This code does not work. Check it, or ask your case manager for a "
                      "new one: a code works once and for a few days.")
    return render_template("participants/redeem.html", form=form, error=error)


@bp.route("/invite/account", methods=["GET", "POST"])
def account() -> Response | str:
    """Step 2: a username and the participant's own passphrase."""
    invite = db.session.get(ParticipantInvite, session.get(SESSION_KEY) or 0)
    if not _usable(invite):
        session.pop(SESSION_KEY, None)
        return redirect(url_for(".redeem"))
    participant = invite.participant  # type: ignore[union-attr]
    user = db.session.get(User, participant.user_id) if participant.user_id else None
    form = AccountForm(account=user)
    if not form.is_submitted():
        form.username.data = user.username if user else _suggest(participant)
    if not form.validate_on_submit():
        return render_template("participants/account.html", form=form,
                               participant=participant, existing=user)
    user = _account_for(participant, user, form.username.data, form.passphrase.data)
    invite.used_at = utcnow()  # type: ignore[union-attr]
    session.pop(SESSION_KEY, None)
    pages.audited("participant.account", participant)
    return _finish_login(user, url_for("participants.my_page"))


def _account_for(participant: Participant, user: User | None, username: str,
                 passphrase: str) -> User:
    from ..auth import sessions

    if user is None:
        user = User(username=username, display_name=participant.preferred_name,
                    role="participant", team_id=participant.team_id,
                    password_hash=hash_password(passphrase))
        db.session.add(user)
        db.session.flush()
        participant.user_id = user.id
        return user
    user.username, user.password_hash, user.active = username, hash_password(passphrase), True
    sessions.end_all_sessions(user)  # a new passphrase ends every old session
    return user


def _suggest(participant: Participant) -> str:
    base = "".join(ch for ch in participant.preferred_name.lower() if ch.isascii()
                   and ch.isalnum()) or "deltagare"
    for n in range(0, 1000):
        name = base if n == 0 else f"{base}{n}"
        if db.session.execute(select(User.id).where(User.username == name)).first() is None:
            return name
    return f"{base}{secrets.randbelow(10**6)}"
