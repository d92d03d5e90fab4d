"""Translated labels for the stored enum values (kinds, statuses, areas).

The database keeps stable English keys; people see these labels. Pausing
and changing are the participant's choices, and the words say so.
"""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

LABELS: dict[str, dict[str, Any]] = {
    "participant_status": {
        "active": _l("Active"),
        "paused": _l("Support paused by choice"),
        "left": _l("Left the programme"),
    },
    "lease_type": {
        "second_hand": _l("Second-hand lease"),
        "first_hand": _l("First-hand lease"),
    },
    "tenancy_end_reason": {
        "moved_within_programme": _l("Moved within the programme"),
        "own_lease_elsewhere": _l("Got their own lease elsewhere"),
        "chose_to_leave": _l("Chose to move out"),
        "eviction": _l("Eviction"),
        "deceased": _l("Deceased"),
        "other": _l("Other reason"),
    },
    "note_kind": {
        "home_visit": _l("Home visit"),
        "phone": _l("Phone call"),
        "joint_move_in": _l("Joint move-in visit"),
        "landlord_meeting": _l("Meeting with the landlord"),
        "authority_meeting": _l("Meeting with an authority"),
        "other": _l("Other contact"),
    },
    "note_status": {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "returned": _l("Returned"),
        "signed": _l("Signed"),
    },
    "review_decision": {
        "returned": _l("Returned for changes"),
        "signed": _l("Signed"),
    },
    "life_area": {
        "home": _l("Home"),
        "health": _l("Health"),
        "social": _l("People and relationships"),
        "meaningful_day": _l("A meaningful day"),
        "economy": _l("Money"),
        "authorities": _l("Contact with authorities"),
        "other": _l("Something else"),
    },
    "goal_status": {
        "active": _l("In progress"),
        "achieved": _l("Achieved"),
        "paused": _l("Paused by choice"),
        "changed": _l("Changed"),
    },
    "written_by": {
        "participant": _l("The participant"),
        "together": _l("Together"),
        "worker": _l("The case manager"),
    },
    "step_who": {
        "participant": _l("The participant"),
        "worker": _l("The case manager"),
        "other": _l("Someone else"),
    },
    "followup_kind": {
        "visit": _l("Visit"),
        "plan_review": _l("Plan review"),
        "support_decision": _l("Support decision renewal"),
        "lease_conversion": _l("Lease conversion"),
        "landlord_checkin": _l("Landlord check-in"),
        "other": _l("Other follow-up"),
    },
}


def label(group: str, value: str | None) -> str:
    """The label for a stored value; unknown values are shown as stored."""
    if value is None:
        return ""
    return str(LABELS.get(group, {}).get(value, value))


def choices(group: str) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in LABELS[group].items()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["choice_label"] = label
