"""Account administration: users and teams. Never any participant data.

The admin pages are no secret, so other roles get 403 (not 404) here.
Counts of participants per team are the most an admin ever sees.
"""
from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_admin() -> None:
    if current_user.role != "admin":
        abort(403)


def is_admin() -> bool:
    """The object-level check each handler repeats (deny by default)."""
    return bool(current_user.is_authenticated and current_user.role == "admin"
                and current_user.active)


from . import routes, teams  # noqa: F401
