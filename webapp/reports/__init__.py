"""Reports for team leads: figures over the own team, never single records."""
from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("reports", __name__)


@bp.before_request
def require_team_lead() -> None:
    if current_user.role != "team_lead" or current_user.team_id is None:
        abort(403)


from . import routes  # noqa: F401
