"""What production serving adds (docs/deploy.md): the proxy's word on scheme and
client, HSTS over HTTPS, and one log line per request without personal data.

The log line names the route's rule (`/participants/<uuid:uuid>`), never the path
(it holds uuids) nor the query, and no address, user agent or user: method, rule,
status, milliseconds, bytes. Personal data stays in the database and its audit log.
"""
from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000; includeSubDomains"
log = logging.getLogger("bokvar.request")


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("BOKVAR_PROXIES", 0))
    if proxies:  # X-Forwarded-Proto/-For/-Host from that many proxies in front
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore[method-assign]
                                x_host=proxies)
    app.after_request(strict_transport)
    if app.config.get("REQUEST_LOG"):
        _log_to_stderr()
        app.before_request(_start_clock)
        app.after_request(log_request)


def strict_transport(resp: Response) -> Response:
    if request.is_secure:
        resp.headers["Strict-Transport-Security"] = HSTS
    return resp


def _log_to_stderr() -> None:
    log.disabled = False  # gunicorn's logging set-up disables loggers made before it
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _start_clock() -> None:
    g.bokvar_started = time.perf_counter()


def log_request(resp: Response) -> Response:
    started = g.get("bokvar_started", time.perf_counter())
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    log.info("%s %s %s %.1fms %sb", request.method, rule, resp.status_code,
             (time.perf_counter() - started) * 1000, resp.calculate_content_length() or 0)
    return resp
