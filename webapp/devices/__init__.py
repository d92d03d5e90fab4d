"""Devices ("Mina enheter"): every user's phones and browsers, named by the user,
with browser and system, last seen and last sync; revoke with a confirmation.
An admin sees every user's devices. Team leads and admins set the team's app
lock and offline access here too.

A revoked device gets no key and no data again: at its next contact the app
wipes everything it holds before showing anything (docs/security.md).
"""
from flask import Blueprint

bp = Blueprint("devices", __name__, url_prefix="/devices")

from . import routes  # noqa: F401
