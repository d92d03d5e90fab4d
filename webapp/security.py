"""Deny by default, security headers, server-side session bookkeeping.

Every endpoint needs a logged-in user unless it is on PUBLIC_ENDPOINTS
(SecureDrop's `_insecure_views` habit). Anonymous requests to /api get a
401 JSON answer; everything else is sent to the login page.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from . import pages

PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "auth.login",
        "auth.set_language",
        "participants.redeem",
        "participants.account",
        "pwa.service_worker",
        "pwa.manifest",
        "pwa.offline_shell",
        "pwa.js_catalogue",
        "pwa.spec",
        "api.session_info",
        "api.openapi",
    }
)

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Pages under these prefixes may show participant data: never cache them.
NO_STORE_EXEMPT_PREFIXES = ("/static/",)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
    app.before_request(require_login)
    app.after_request(set_security_headers)


def _has_nul(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


def refuse_nul_characters() -> None:
    """A 400 for a NUL character in the path, query or form.

    No browser sends one when a person types, and PostgreSQL text cannot
    hold it: the database driver would raise, and the user would get a 500.
    """
    form = [item for key, values in request.form.lists() for item in (key, *values)]
    query = [item for key, values in request.args.lists() for item in (key, *values)]
    if _has_nul([request.path, *query, *form]):
        abort(400)


def is_public(endpoint: str | None) -> bool:
    return endpoint in PUBLIC_ENDPOINTS


def require_login() -> ResponseReturnValue | None:
    if is_public(request.endpoint):
        return None
    if current_user.is_authenticated:
        return None
    if request.path.startswith("/api/"):
        return pages.answer(401, "unauthorized")
    if request.endpoint is None:
        return None  # unknown URL: let the 404 handler answer
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def set_security_headers(resp: Response) -> Response:
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith(NO_STORE_EXEMPT_PREFIXES):
        resp.headers["Cache-Control"] = "no-store"
    return resp
