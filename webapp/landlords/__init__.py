"""Working with the landlord (docs/landlords.md): the team's register of landlords and
contacts, a tenancy's joint action plan (and its printout for the landlord), the log of
landlord reports, and the team lead's figures per landlord."""
from flask import Blueprint

from .. import pages

bp = Blueprint("landlords", __name__)
pages.only_for(bp, "case_manager", "team_lead", team=True)

from . import figures, register, reports, tenancy, words  # noqa: F401
