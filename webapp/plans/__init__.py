from flask import Blueprint

bp = Blueprint("plans", __name__)

from . import own, routes  # noqa: F401
