from flask import Blueprint

bp = Blueprint("pwa", __name__)

from . import routes  # noqa: F401
