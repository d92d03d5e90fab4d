"""Errors in one place: HTML for pages, JSON {"error", "message"} for the API."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    accepted = request.accept_mimetypes
    return best == "application/json" and accepted[best] > accepted["text/html"]


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Please log in."),
        403: _("You do not have access to this."),
        404: _("The page could not be found."),
        405: _("That action is not allowed here."),
        413: _("The request is too large."),
        415: _("Send JSON (Content-Type: application/json)."),
        429: _("Too many attempts. Wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing you typed was saved twice; try again."),
    }


def render_error(code: int, error: str, message: str | None = None):  # type: ignore[no-untyped-def]
    message = message or _messages().get(code, _("Something went wrong."))
    if wants_json():
        resp = jsonify(error=error, message=message)
        resp.status_code = code
        return resp
    return render_template("errors/error.html", code=code, message=message), code


def handle_http(exc: HTTPException):  # type: ignore[no-untyped-def]
    code = exc.code or 500
    name = (exc.name or "error").lower().replace(" ", "_")
    description = getattr(exc, "bokvar_message", None)
    return render_error(code, name, description)


def handle_csrf(exc: CSRFError):  # type: ignore[no-untyped-def]
    return render_error(
        400, "csrf_failed", _("The form had expired. Reload the page and try again.")
    )


def handle_500(exc: Exception):  # type: ignore[no-untyped-def]
    db.session.rollback()
    return render_error(500, "internal_server_error")


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
