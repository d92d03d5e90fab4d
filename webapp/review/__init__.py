"""Team lead pages: the team's caseloads, assignments and the review queue.

Server-rendered and online only (no JS needed). Every handler checks the
team through `access.can_manage_team`; anything outside the lead's team is
a 404, so the existence of other teams' records is not revealed.
"""
from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("review", __name__)


@bp.before_request
def require_team_lead() -> None:
    # The pages themselves are no secret: other roles get 403, not 404.
    if current_user.role != "team_lead" or current_user.team_id is None:
        abort(403)


from . import notes, routes  # noqa: F401
