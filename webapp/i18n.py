"""Locale choice and the JS catalogue served from the same Babel catalogue."""
from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_login import current_user


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return str(current_user.locale)
    chosen = session.get("locale")
    if chosen in supported:
        return str(chosen)
    if request.args.get("lang") in supported:
        return str(request.args["lang"])
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return str(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def init_app(app: Flask) -> None:
    from flask_babel import get_locale

    from . import words

    app.jinja_env.globals.update(get_locale=get_locale)
    words.init_app(app)
