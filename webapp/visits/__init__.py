from flask import Blueprint

bp = Blueprint("visits", __name__)

from . import routes  # noqa: F401
