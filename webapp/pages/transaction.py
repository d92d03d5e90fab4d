"""One commit point per request (Indico's `RH.process`).

A handler never commits: it changes the session and returns its answer.
When the view has returned, `PageApp.dispatch_request` commits once; any
exception — from a before-request hook, the view or the commit itself —
rolls the whole request back before its error page is made, so a handler
that raises half-way leaves nothing written. Messages that say something
was saved (`saved()`) are flashed only once the commit has succeeded.

An answer a view *returns* (a form with errors and status 400, a 409) is
not an exception: what the request did (say, the audit row of a page that
was read) is committed with it.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, flash, g
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from core.models import discard as rollback
from core.models import finish

from ..extensions import db

_PENDING = "_bokvar_flash_after_commit"


class PageApp(Flask):
    """Flask with the request's one commit at the end of the view."""

    def dispatch_request(self) -> ResponseReturnValue:
        rv = super().dispatch_request()
        commit_point()
        return rv

    def handle_user_exception(self, e: Exception) -> Any:
        discard()
        return super().handle_user_exception(e)


def commit_point() -> None:
    """Commit what the request did, then show the messages that waited for it."""
    finish(db.session())  # a read ends, then writes what it queued (core.models.transactions)
    for message, category in g.pop(_PENDING, []):
        flash(message, category)


def discard() -> None:
    """Roll the request back: nothing it wrote stays, no 'saved' message is shown."""
    rollback(db.session())
    g.pop(_PENDING, None)


def saved(message: str, response: Response, category: str = "ok") -> Response:
    """The end of a write: `message` is flashed once the request has committed."""
    g.setdefault(_PENDING, []).append((message, category))
    return response
