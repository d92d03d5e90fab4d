"""Errors in one place: every refusal and failure is answered here.

HTML for a browser, JSON `{"error", "message"}` for the API and for any
client that prefers JSON (`Accept`). The request has been rolled back
before an exception reaches these handlers (webapp.pages.transaction);
the 500 handler rolls back again for errors raised after the view.
"""
from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions
from werkzeug.wrappers import Response

from ..boundary import forget_unread_body
from .transaction import discard


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


def answer(code: int, error: str, message: str | None = None,
           extra: dict[str, Any] | None = None) -> tuple[Response | str, int]:
    """The error answer: JSON `{"error", "message", **extra}` or the HTML error page."""
    message = message or _messages().get(code, _("Something went wrong."))
    if wants_json():
        return jsonify({**(extra or {}), "error": error, "message": message}), code
    return render_template("errors/error.html", code=code, message=message), code


def refuse(code: int, message: str | None = None) -> NoReturn:
    """Stop the request with an HTTP error and, when given, a message of our own."""
    exc = default_exceptions[code]()
    exc.bokvar_message = message  # type: ignore[attr-defined]
    raise exc


def handle_http(exc: HTTPException) -> tuple[Response | str, int]:
    code = exc.code or 500
    if code == 413:
        forget_unread_body()
    name = (exc.name or "error").lower().replace(" ", "_")
    return answer(code, name, getattr(exc, "bokvar_message", None))


def handle_csrf(exc: CSRFError) -> tuple[Response | str, int]:
    return answer(400, "csrf_failed", _("The form had expired. Reload the page and try again."))


def handle_500(exc: Exception) -> tuple[Response | str, int]:
    discard()
    return answer(500, "internal_server_error")


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
