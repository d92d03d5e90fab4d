"""Builds the Flask app: config, extensions, security, blueprints, CLI."""
from __future__ import annotations

from typing import Any

from flask import Flask

from .config import ROOT, engine_options, from_environment, instance_path
from .pages import PageApp


def build_app(config: Any = None) -> Flask:
    app = PageApp(
        "webapp",
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
        instance_path=str(instance_path()),
        instance_relative_config=True,
    )
    app.config.update(from_environment(_instance(app)))
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    # The pool follows the database the app really uses (a test may override the URL).
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                          engine_options(str(app.config["SQLALCHEMY_DATABASE_URI"])))
    # Security hooks first: deny-by-default answers an anonymous request before
    # CSRF or any other check runs.
    _configure_security(app)
    _configure_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _instance(app: Flask) -> Any:
    from pathlib import Path

    return Path(app.instance_path)


def _configure_extensions(app: Flask) -> None:
    from core import due

    from . import i18n
    from .auth import sessions
    from .extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # our server-side session ids do this job
    login_manager.user_loader(sessions.load_user)
    i18n.init_app(app)
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    # The rules behind every due date and count (core/due.py), for the templates.
    app.jinja_env.globals["due"] = due


def _configure_security(app: Flask) -> None:
    from . import boundary, production, security
    from .pages import errors

    security.init_app(app)
    boundary.init_app(app)
    production.init_app(app)
    errors.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .auditlog import bp as auditlog_bp
    from .auth import bp as auth_bp
    from .devices import bp as devices_bp
    from .fidelity import bp as fidelity_bp
    from .followups import bp as followups_bp
    from .landlords import bp as landlords_bp
    from .participants import bp as participants_bp
    from .plans import bp as plans_bp
    from .pwa import bp as pwa_bp
    from .reports import bp as reports_bp
    from .review import bp as review_bp
    from .visits import bp as visits_bp

    for bp in (auth_bp, participants_bp, visits_bp, plans_bp, followups_bp, review_bp,
               reports_bp, fidelity_bp, auditlog_bp, landlords_bp, admin_bp, devices_bp, pwa_bp,
               api_bp):
        app.register_blueprint(bp)


def _register_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
