from flask import Blueprint

bp = Blueprint("participants", __name__)


from . import routes, tenancies  # noqa: F401
