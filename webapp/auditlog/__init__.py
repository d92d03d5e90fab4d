"""Loggkontroll: the team lead reviews who read or changed a participant's record, and
the team's unusual access. Reading the log is itself logged."""
from flask import Blueprint

from .. import pages

bp = Blueprint("auditlog", __name__)
pages.only_for(bp, "team_lead", team=True)

from . import routes  # noqa: F401
