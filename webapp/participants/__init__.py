from flask import Blueprint

bp = Blueprint("participants", __name__)


from . import invites, routes, tenancies  # noqa: F401
