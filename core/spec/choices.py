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
    # Set by the server from who wrote (core.authorship), never chosen.
    "written_by": {
        "participant": N_("The participant"),
        "together": N_("The participant, on the case manager's phone"),
        "worker": N_("The case manager"),
    },
    "plan_event_kind": {
        "agreed": N_("Marked the plan as theirs"),
        "disagreed": N_("Disagreed"),
        "comment": N_("Comment"),
        "created": N_("Added"),
        "changed": N_("Changed"),
        "status": N_("Chose a status"),
    },
    # The participant's own rating of a life area: our words, a plain scale.
    "rating_scale": {
        "1": N_("Really hard right now"),
        "2": N_("Quite hard"),
        "3": N_("Some good, some hard"),
        "4": N_("Quite good"),
        "5": N_("Good"),
    },
    "step_who": {
        "participant": N_("The participant"),
        "worker": N_("The case manager"),
        "other": N_("Someone else"),
    },
    # The same values in the participant's own words (their pages, participant mode).
    "step_who_mine": {
        "participant": N_("Me"),
        "worker": N_("My case manager"),
        "other": N_("Someone else"),
    },
    "followup_kind": {
        "visit": N_("Visit"),
        "plan_review": N_("Plan review"),
        "support_decision": N_("Support decision renewal"),
        "lease_conversion": N_("Lease conversion"),
        "landlord_checkin": N_("Landlord check-in"),
        "joint_move_in": N_("Joint move-in visit"),
        # Raised when a commitment to a landlord is about to be missed (core.landlords).
        "landlord_first_contact": N_("First contact after a landlord report"),
        "landlord_visit": N_("Visit after a landlord report"),
        "other": N_("Other follow-up"),
    },
    # Landlords (core/models/landlords.py, docs/landlords.md).
    "landlord_report_kind": {
        "disturbance": N_("Disturbance"),
        "concern": N_("Worried about the tenant"),
        "rent": N_("Rent"),
        "property": N_("The flat or the building"),
        "other": N_("Something else"),
    },
    "contact_channel": {
        "phone": N_("Phone call"),
        "email": N_("E-mail"),
        "letter": N_("Letter"),
        "in_person": N_("In person"),
        "other": N_("Some other way"),
    },
    "counting": {
        "working": N_("Working time: weekdays 8–17, not public holidays"),
        "clock": N_("Clock time: every hour of the week"),
    },
    # The participant's answer to "may the landlord know this?", item by item.
    "item_sharing": {
        "share": N_("The landlord may know this"),
        "keep": N_("The landlord must not know this"),
    },
    "conflict_resolution": {
        "server": N_("Keep the saved version"),
        "client": N_("Use my version"),
        "custom": N_("Write a new version"),
    },
    # The fidelity self-assessment (core/fidelity.py maps items to principles and the
    # domains of the Pathways Housing First Fidelity Scale; the items are Bokvar's own).
    "fidelity_principle": {
        "housing_right": N_("1. Housing is a human right"),
        "choice": N_("2. Choice and self-determination"),
        "separation": N_("3. Housing and treatment are separate"),
        "recovery": N_("4. Support aims at recovery"),
        "harm_reduction": N_("5. Support is based on harm reduction"),
        "engagement": N_("6. Active engagement without coercion"),
        "participant_driven": N_("7. Support driven by the participant's own strengths, "
                                 "needs and goals"),
        "flexible": N_("8. Flexible support for as long as it is needed"),
    },
    "fidelity_domain": {
        "housing_process": N_("Housing process and structure"),
        "separation": N_("Separation of housing and services"),
        "philosophy": N_("Service philosophy"),
        "service_array": N_("Service array"),
        "team_structure": N_("Team and programme structure"),
    },
    "fidelity_item": {
        "no_readiness": N_("People get a home of their own without first having to show "
                           "that they are ready for it: no staircase, no trial flat."),
        "ordinary_lease": N_("The home is an ordinary flat in ordinary housing, with a lease "
                             "that leads to the participant's own first-hand lease."),
        "choice_of_home": N_("The participant has a real say in where they live and can say "
                             "no to a flat without losing their place."),
        "choice_recorded": N_("When the participant pauses, declines or changes a goal, it "
                              "is recorded as their choice, never as a failure."),
        "lease_not_conditional": N_("Keeping the home never depends on accepting treatment "
                                    "or support: only what every tenant must do applies."),
        "home_kept": N_("If support is paused or ends, the home stays; a move within the "
                        "programme keeps the person housed."),
        "own_goals": N_("Goals are in the participant's own words and about the life they "
                        "want to live."),
        "progress_together": N_("The team follows what the participant wants to achieve and "
                                "notices progress together with them."),
        "meets_people_where_they_are": N_("Support meets people where they are: using "
                                          "alcohol or drugs is no reason to end support or "
                                          "the home."),
        "no_sanctions": N_("Support is never withdrawn as a punishment; talking about risks "
                           "is offered, not imposed."),
        "regular_contact": N_("The team offers contact at least once a week and comes back "
                              "when the participant does not answer."),
        "no_coercion": N_("Contact respects the participant's wishes: no pressure, no "
                          "threats, no fostering."),
        "plan_with_participant": N_("The implementation plan is written with the "
                                    "participant, and they agree to it."),
        "participant_topics": N_("A visit starts from what the participant wants to talk "
                                 "about."),
        "support_after_lease": N_("Support continues after a first-hand lease for as long as "
                                  "the participant wants it."),
        "reviews_on_time": N_("Plans and support decisions are reviewed on time, so that "
                              "support changes when needs change."),
    },
    "fidelity_rating": {
        "1": N_("1 – not in place"),
        "2": N_("2 – partly in place"),
        "3": N_("3 – largely in place"),
        "4": N_("4 – fully in place"),
    },
}

# Lists only the server pages use (the team lead's fidelity pages): not sent to the PWA.
SERVER_ONLY = frozenset({"fidelity_principle", "fidelity_domain", "fidelity_item",
                         "fidelity_rating"})

# Lists whose labels are names, not words to translate.
UNTRANSLATED = frozenset({"locale"})


def values(name: str) -> tuple[str, ...]:
    return tuple(CHOICES[name])


def labels(name: str) -> dict[str, str]:
    return CHOICES[name]
