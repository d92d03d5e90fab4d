"""What every request starts with: its transaction's kind, and its body's size.

Reads (GET, and the POSTs that only read: a pull) begin a read transaction
(core.models.transactions): no write lock, no fsync; what they record is
written after them. Every other request's transaction is a write.

The request body's size, for the whole app (MAX_CONTENT_LENGTH, docs/security.md).

Werkzeug refuses a body whose Content-Length is over the limit (413) as soon as
anything reads it. A body sent without Content-Length (chunked) is only cut at
the limit: readers would get its first MAX_CONTENT_LENGTH bytes as if that were
all of it (a form field silently shortened). So such a body is read here, first,
and refused when it goes on past the limit.
"""
from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict

from core.models import begin_read

from .extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ENDPOINTS = frozenset({"api.pull"})  # POSTs that only read
# POSTs that read, check a password (slow by design), then write: they begin as a
# read and call core.models.end_read before their first write.
READ_FIRST_ENDPOINTS = frozenset({"auth.login", "api.verify_worker"})


def init_app(app: Flask) -> None:
    # Before every other hook: the session lookup reads the database, the NUL check
    # reads the form.
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[:0] = [begin_transaction, read_streamed_body]


def begin_transaction() -> None:
    if request.endpoint == "static":
        return  # a file: no database at all
    session = db.session()
    reads = (request.method in READ_METHODS or request.endpoint in READ_ENDPOINTS
             or request.endpoint in READ_FIRST_ENDPOINTS)
    if reads and not session.in_transaction():
        begin_read(session)


def read_streamed_body() -> None:
    if request.content_length is not None or "wsgi.input_terminated" not in request.environ:
        return
    if request.max_content_length is None:
        return
    data = request.stream.read()
    request.stream.read(1)  # past the limit: RequestEntityTooLarge; at the end: b""
    request._cached_data = data  # what get_data() and the form parser read from now on


def forget_unread_body() -> None:
    """An error about the body itself (413): the error page has forms in its layout,
    which would read the body again and raise again."""
    request.form = ImmutableMultiDict()
    request.files = ImmutableMultiDict()
