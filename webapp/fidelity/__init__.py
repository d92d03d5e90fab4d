"""The team's fidelity self-assessment (metodtrohet): team-lead pages, the team's own
ratings of Bokvar's items on the eight principles, with the app's evidence beside each."""
from flask import Blueprint

from .. import pages

bp = Blueprint("fidelity", __name__)
pages.only_for(bp, "team_lead", team=True)

from . import routes  # noqa: F401
