"""Reports for team leads: figures over the own team, never single records."""
from flask import Blueprint

from .. import pages

bp = Blueprint("reports", __name__)
pages.only_for(bp, "team_lead", team=True)

from . import figures_page, routes  # noqa: F401
