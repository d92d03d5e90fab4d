"""User accounts: list, create, reset password, deactivate and reactivate.

Deactivating a user or resetting their password ends all their sessions
at once (server-side sessions): the next request of any of their browsers
is a logged-out request.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core.models import Team, User, utcnow

from .. import audit, pages
from ..auth.passwords import hash_password
from ..auth.sessions import end_all_sessions
from ..extensions import db
from ..pages import me
from . import bp, require_admin
from .forms import ActionForm, PasswordForm, UserForm, role_labels


def _user_or_404(user_uuid: str) -> User:
    require_admin()
    return pages.found(pages.by_uuid(User, user_uuid, live=False))


@bp.route("/users")
def users() -> str:
    require_admin()
    rows = db.session.execute(
        select(User).options(selectinload(User.team)).order_by(User.active.desc(), User.username)
    ).scalars().all()
    return render_template("admin/users.html", users=rows, roles=role_labels(),
                           action_form=ActionForm(formdata=None))


def _team_choices(form: UserForm) -> None:
    teams = db.session.execute(select(Team).order_by(Team.name)).scalars().all()
    form.team.choices = [SelectChoice("", _("No team"))] + [SelectChoice(t.uuid, t.name)
                                                            for t in teams]


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Response | tuple[str, int]:
    require_admin()
    form = UserForm()
    _team_choices(form)
    if form.validate_on_submit():
        if _username_taken(form.username.data):
            form.username.errors = [_("That username is already taken.")]
        else:
            user = _create_user(form)
            return pages.saved(_("User %(username)s was created.", username=user.username),
                               redirect(url_for(".users"), 303))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


def _username_taken(username: str) -> bool:
    return db.session.execute(select(User.id).where(User.username == username)).first() is not None


def _create_user(form: UserForm) -> User:
    team = db.session.execute(select(Team).where(Team.uuid == form.team.data)).scalar_one_or_none()
    user = User(username=form.username.data, display_name=form.display_name.data,
                role=form.role.data, locale=form.locale.data, team=team,
                password_hash=hash_password(form.password.data))
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", entity="user", entity_uuid=user.uuid)
    return user


@bp.route("/users/<user_uuid>/password", methods=["GET", "POST"])
def reset_password(user_uuid: str) -> Response | tuple[str, int]:
    user = _user_or_404(user_uuid)
    form = PasswordForm()
    if form.validate_on_submit():
        user.password_hash = hash_password(form.password.data)
        end_all_sessions(user)  # whoever had the old password is out now
        audit.record("user.password_reset", entity="user", entity_uuid=user.uuid)
        if user.id == me().id:
            logout_user()
            return pages.saved(_("Your password is changed. Log in with the new one."),
                               redirect(url_for("auth.login"), 303))
        return pages.saved(_("New password set for %(username)s. They are logged out "
                             "everywhere.", username=user.username),
                           redirect(url_for(".users"), 303))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/password.html", form=form, user=user), status


@bp.route("/users/<user_uuid>/deactivate", methods=["POST"])
def deactivate(user_uuid: str) -> Response:
    user = _user_or_404(user_uuid)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == me().id:
        pages.refuse(400, _("You cannot deactivate your own account."))
    if user.active:
        user.active = False
        user.deactivated_at = utcnow()
        audit.record("user.deactivate", entity="user", entity_uuid=user.uuid)
    end_all_sessions(user)
    return pages.saved(_("%(username)s is deactivated and logged out everywhere.",
                         username=user.username), redirect(url_for(".users"), 303))


@bp.route("/users/<user_uuid>/reactivate", methods=["POST"])
def reactivate(user_uuid: str) -> Response:
    user = _user_or_404(user_uuid)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not user.active:
        user.active = True
        user.deactivated_at = None
        audit.record("user.reactivate", entity="user", entity_uuid=user.uuid)
    return pages.saved(_("%(username)s can log in again.", username=user.username),
                       redirect(url_for(".users"), 303))
