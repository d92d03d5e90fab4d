"""Login, logout and language choice."""
from __future__ import annotations

import re

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from core.models import User, end_read
from core.spec import values

from ..extensions import db
from ..pages import me
from . import bp, sessions, throttle
from .forms import USERNAME_MAX, LanguageForm, LoginForm, LogoutForm
from .passwords import hash_password, needs_rehash, verify_password

LOCALES = values("locale")

HOME_BY_ROLE = {
    # The offline field app; the server caseload at "/" stays the online fallback.
    "case_manager": "pwa.offline_shell",
    "team_lead": "review.team",
    "admin": "admin.users",
    # Their own plan in the field app (offline too); /me is the same on the server.
    "participant": "pwa.offline_shell",
}


def home_url(user: User) -> str:
    return url_for(HOME_BY_ROLE.get(user.role, "auth.login"))


# A local path: "/" not followed by "/" or "\\", then only URL characters. No
# whitespace or control characters: browsers drop tabs and newlines, so
# "/\t/evil.example" would become "//evil.example", and a newline cannot go
# into a Location header at all.
LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*")


def _safe_next(target: str | None) -> str | None:
    # Only local paths: never an open redirect.
    if target and LOCAL_PATH.fullmatch(target):
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    # ?reauth=1: the password again, although a session exists (the field app's key
    # is handed out only right after a password login, never for a kept cookie).
    reauth = request.args.get("reauth") == "1"
    if current_user.is_authenticated and not reauth:
        return redirect(home_url(me()))
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user, error = _authenticate(username, form.password.data)
        if user is not None:
            return _finish_login(user, _safe_next(form.next.data))
    # A failed attempt is recorded: the request's commit keeps it (throttling counts it).
    return render_template("auth/login.html", form=form, error=error, reauth=reauth)


def _authenticate(username: str, password: str) -> tuple[User | None, str | None]:
    if len(username) > USERNAME_MAX:
        # No account has such a name, and it would not fit login_attempt.
        verify_password(None, password)  # same time as a wrong password
        return None, _("Wrong username or password.")
    # The request began as a read (boundary.READ_FIRST_ENDPOINTS): the password is
    # checked holding no lock, and the write lock is taken after it, for the writes.
    locked = throttle.is_locked(username)
    user = None if locked else db.session.execute(
        select(User).where(User.username == username)).scalar_one_or_none()
    ok = not locked and verify_password(user.password_hash if user else None, password)
    end_read(db.session())
    if locked:
        throttle.record(username, False)
        return None, _("Too many failed attempts. Wait a minute and try again.")
    if not ok or user is None or not user.active:
        throttle.record(username, False)
        return None, _("Wrong username or password.")
    throttle.record(username, True)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user, None


def _finish_login(user: User, next_url: str | None) -> Response:
    if current_user.is_authenticated:  # a login again (reauth): the old session ends
        sessions.end_session(me().current_sid)
    session.clear()  # a fresh session: nothing from before login survives
    sessions.start_session(user)
    login_user(user)
    session.permanent = True
    return redirect(next_url or home_url(user))


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = LogoutForm()
    if not form.validate_on_submit():
        abort(400)
    sessions.end_session(me().current_sid)
    logout_user()
    session.clear()
    # A revoked phone logs out after wiping itself: the login page says why.
    if request.form.get("revoked") == "1":
        return redirect(url_for("auth.login", revoked=1))
    return redirect(url_for("auth.login", logged_out=1))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    form = LanguageForm()
    if not form.validate_on_submit() or form.locale.data not in LOCALES:
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        me().locale = form.locale.data
    return redirect(_safe_next(form.next.data) or url_for("auth.login"))


@bp.app_context_processor
def inject_forms() -> dict:
    return {
        "logout_form": LogoutForm(),
        "language_form": LanguageForm(),
        "languages": current_app.config["LANGUAGES"],
    }
