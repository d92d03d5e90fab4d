"""Account administration: users and teams. Never any participant data.

The admin pages are no secret, so other roles get 403 (not 404) here.
Counts of participants per team are the most an admin ever sees.
"""
from flask import Blueprint

from .. import pages

bp = Blueprint("admin", __name__, url_prefix="/admin")
pages.only_for(bp, "admin")


def require_admin() -> None:
    """The object-level check each handler repeats (deny by default): 403 unless an
    active admin."""
    user = pages.me()
    pages.allowed(user.role == "admin" and user.active)


from . import routes, teams  # noqa: F401
