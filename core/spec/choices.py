"""Every choice list: its stored values, in order, and their labels (msgids).

The database keeps these stable English keys; people see the labels,
translated by the one catalogue (webapp/translations) on the server pages
and in the PWA alike. Pausing, declining and changing are the participant's
choices, and the words say so. A list is defined here and nowhere else: the
models, forms, sync checks, OpenAPI document and the PWA's spec JSON read it.
"""
from __future__ import annotations

from .words import N_

CHOICES: dict[str, dict[str, str]] = {
    "role": {
        "case_manager": N_("Case manager"),
        "team_lead": N_("Team lead"),
        "admin": N_("Administrator"),
        "participant": N_("Participant"),
    },
    "locale": {
        "sv": "Svenska",
        "en": "English",
    },
    # "paused" is the participant's own choice to pause support, never a sanction.
    "participant_status": {
        "active": N_("Active"),
        "paused": N_("Support paused by choice"),
        "left": N_("Left the programme"),
    },
    "left_reason": {
        "own_choice": N_("Their own choice"),
        "moved_away": N_("Moved away"),
        "support_ended": N_("Support no longer needed"),
        "deceased": N_("Deceased"),
        "other": N_("Other reason"),
    },
    "lease_type": {
        "second_hand": N_("Second-hand lease"),
        "first_hand": N_("First-hand lease"),
    },
    "tenancy_end_reason": {
        "moved_within_programme": N_("Moved within the programme"),
        "own_lease_elsewhere": N_("Got their own lease elsewhere"),
        "chose_to_leave": N_("Chose to move out"),
        "eviction": N_("Eviction"),
        "deceased": N_("Deceased"),
        "other": N_("Other reason"),
    },
    "note_kind": {
        "home_visit": N_("Home visit"),
        "phone": N_("Phone call"),
        "joint_move_in": N_("Joint move-in visit"),
        "landlord_meeting": N_("Meeting with the landlord"),
        "authority_meeting": N_("Meeting with an authority"),
        "other": N_("Other contact"),
    },
    "note_status": {
        "draft": N_("Draft"),
        "submitted": N_("Submitted for review"),
        "returned": N_("Returned"),
        "signed": N_("Signed"),
    },
    "review_decision": {
        "returned": N_("Returned for changes"),
        "signed": N_("Signed"),
    },
    "life_area": {
        "home": N_("Home"),
        "health": N_("Health"),
        "social": N_("People and relationships"),
        "meaningful_day": N_("A meaningful day"),
        "economy": N_("Money"),
        "authorities": N_("Contact with authorities"),
        "other": N_("Something else"),
    },
    # "paused" and "changed" are the participant's choices, recorded as such.
    "goal_status": {
        "active": N_("In progress"),
        "achieved": N_("Achieved"),
        "paused": N_("Paused by choice"),
        "changed": N_("Changed"),
    },
    "written_by": {
        "participant": N_("The participant"),
        "together": N_("Together"),
        "worker": N_("The case manager"),
    },
    "step_who": {
        "participant": N_("The participant"),
        "worker": N_("The case manager"),
        "other": N_("Someone else"),
    },
    "followup_kind": {
        "visit": N_("Visit"),
        "plan_review": N_("Plan review"),
        "support_decision": N_("Support decision renewal"),
        "lease_conversion": N_("Lease conversion"),
        "landlord_checkin": N_("Landlord check-in"),
        "other": N_("Other follow-up"),
    },
    "conflict_resolution": {
        "server": N_("Keep the saved version"),
        "client": N_("Use my version"),
        "custom": N_("Write a new version"),
    },
}

# Lists whose labels are names, not words to translate.
UNTRANSLATED = frozenset({"locale"})


def values(name: str) -> tuple[str, ...]:
    return tuple(CHOICES[name])


def labels(name: str) -> dict[str, str]:
    return CHOICES[name]
