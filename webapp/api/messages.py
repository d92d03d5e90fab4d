"""User-facing messages for sync error codes, in the user's language.

`sync/` is pure and answers with codes and an English detail; the client
shows `message`, so it is translated here (parts/api.po).
"""
from __future__ import annotations

from flask_babel import gettext as _


def envelope_message(code: str) -> str:
    messages = {
        "bad_request": _("The app sent a request the server could not understand."),
        "protocol_mismatch": _("Bokvar has been updated. Reload the app to keep syncing; "
                               "your unsynced changes are kept."),
        "schema_mismatch": _("Bokvar has been updated. Reload the app to keep syncing; "
                             "your unsynced changes are kept."),
        "device_revoked": _("This device has been signed out of Bokvar. "
                            "The data stored on it will now be removed."),
        "client_id_taken": _("This device id belongs to another user."),
        "not_found": _("No such device."),
    }
    return messages.get(code, _("The request could not be understood."))


def mutation_message(code: str, detail: str) -> str:
    messages = {
        "unknown_mutation": _("The server does not know this kind of change. Update the app."),
        "bad_args": _("The change was not saved because some data was not valid (%(detail)s).",
                      detail=detail),
        "not_in_caseload": _("The participant is not in your caseload any more, "
                             "so the change was not saved."),
        "not_found": _("The record no longer exists, so the change was not saved."),
        "not_allowed": _("You may not make this change."),
        "not_editable": _("The note has been submitted or signed and can no longer be changed."),
        "duplicate_uuid": _("Another record already has this id, so the change was not saved."),
        "already_resolved": _("This conflict was already resolved."),
        "cannot_apply": _("The change clashes with stored data and was not saved."),
    }
    return messages.get(code, detail)
