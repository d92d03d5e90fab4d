"""Team lead pages: the team's caseloads, assignments and the review queue.

Server-rendered and online only (no JS needed). Every handler checks the
team through `access.can_manage_team`; anything outside the lead's team is
a 404, so the existence of other teams' records is not revealed.
"""
from flask import Blueprint

from .. import pages

bp = Blueprint("review", __name__)
# The pages themselves are no secret: other roles get 403, not 404.
pages.only_for(bp, "team_lead", team=True)

from . import followups, notes, routes  # noqa: F401
