"""Production serving: `make serve` / `python -m webapp.serve` (docs/deploy.md).

Applies the migrations once, in this process, then becomes gunicorn with the
settings below. The environment decides:
- PORT (8000), BOKVAR_BIND (0.0.0.0; 127.0.0.1 behind a proxy on the same host)
- BOKVAR_WORKERS (2 × CPUs + 1, at most 8), BOKVAR_TIMEOUT (30 s)
- DATABASE_URL, BOKVAR_SECRET_KEY, BOKVAR_INSTANCE (webapp.config)
- BOKVAR_ENV: production unless set (Secure cookies, HSTS over HTTPS)
- BOKVAR_MIGRATE=0 skips the migrations (when one deploy step runs them).
"""
from __future__ import annotations

import os
import sys
from typing import Any


def settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """gunicorn's settings from the environment."""
    env = os.environ if environ is None else environ
    cpus = os.cpu_count() or 1
    return {
        "bind": f"{env.get('BOKVAR_BIND', '0.0.0.0')}:{int(env.get('PORT', '8000'))}",
        "workers": int(env.get("BOKVAR_WORKERS", min(2 * cpus + 1, 8))),
        "worker_class": "sync",
        "timeout": int(env.get("BOKVAR_TIMEOUT", "30")),  # above SQLite's 10 s busy wait
        "graceful_timeout": 20,
        "keepalive": 5,
        "limit_request_line": 8190,  # a long query string: our 400/404, not a 414
        "accesslog": None,  # one line per request without personal data: webapp.requestlog
        "errorlog": "-",
        "control_socket_disable": True,  # gunicorn 23+: no socket under ~/.gunicorn/
        "forwarded_allow_ips": env.get("BOKVAR_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def _no_server_header() -> None:
    """gunicorn writes `Server: gunicorn` itself, before the app's headers."""
    from gunicorn.http import wsgi

    original = wsgi.Response.default_headers

    def default_headers(self: Any) -> list[str]:
        return [h for h in original(self) if not h.startswith("Server:")]

    wsgi.Response.default_headers = default_headers  # type: ignore[method-assign]


def migrate() -> None:
    from flask_migrate import upgrade

    from . import create_app

    app = create_app()
    with app.app_context():
        upgrade()
        from .extensions import db

        db.engine.dispose()  # the workers open their own connections after the fork


def main() -> None:
    os.environ.setdefault("BOKVAR_ENV", "production")
    os.environ.setdefault("BOKVAR_REQUEST_LOG", "1")
    if os.environ.get("BOKVAR_MIGRATE", "1") != "0":
        migrate()
    from gunicorn.app.base import BaseApplication

    from . import create_app

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in settings().items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return create_app()

    _no_server_header()
    sys.argv = sys.argv[:1]
    Server().run()


if __name__ == "__main__":
    main()
