"""One declarative spec per entity: every field of it, with all its rules.

This is the one place a field is added (docs/architecture.md, "Adding a
field"). The sync checks and pull values (sync/), the server forms
(webapp/spec_forms.py builds WTForms fields from these), the OpenAPI document
and the PWA's spec JSON (core.spec.export) are derived from it.

Lengths are the participant's words' room: a goal, a why, a comment get
4,000 characters everywhere (form, phone, sync), a visit note's body 20,000.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..limits import (
    DEVICE_NAME_MAX,
    DEVICE_NAME_PATTERN,
    LOCK_IDLE_MINUTES_RANGE,
    OFFLINE_DAYS_RANGE,
    PLANNED_DAYS_AHEAD,
)
from ..models import (
    ActionPlan,
    ActionPlanItem,
    Device,
    FidelityAssessment,
    FidelityRating,
    FollowUp,
    Goal,
    Landlord,
    LandlordContact,
    LandlordReport,
    NoteAddendum,
    Participant,
    Plan,
    PlanEvent,
    Review,
    SelfRating,
    Step,
    SyncConflict,
    Team,
    Tenancy,
    User,
    VisitNote,
)
from .fields import EVERYONE, SERVER_ONLY, Field
from .words import N_

# Room for words, by what they hold.
NAME, LINE, SHORT_TEXT, TEXT, NOTE_TEXT = 120, 255, 1000, 4000, 20000
PHONE, EMAIL = 40, 120


@dataclass(frozen=True)
class EntitySpec:
    """An entity of the sync contract (its wire name) or a server-side record."""

    name: str
    model: Any
    fields: tuple[Field, ...]
    label: str
    synced: bool = True
    # Merged field by field (FieldVersionsMixin); else author-owned or append-only.
    merged: bool = False

    def __post_init__(self) -> None:
        wires = [f.wire for f in self.fields]
        if len(set(wires)) != len(wires):
            raise ValueError(f"{self.name}: a wire name is used twice")
        for f in self.fields:
            if f.column and not hasattr(self.model, f.column):
                raise ValueError(f"{self.name}.{f.wire}: {self.model.__name__} has no "
                                 f"{f.column}")

    def field(self, wire: str) -> Field:
        for f in self.fields:
            if f.wire == wire:
                return f
        raise KeyError(f"{self.name} has no field {wire}")

    def pick(self, *wires: str) -> dict[str, Field]:
        """Some fields by wire name (a mutation's args)."""
        return {wire: self.field(wire) for wire in wires}

    def needed_on_create(self, fields: dict[str, Field]) -> tuple[str, ...]:
        """Of these fields, the ones a new record cannot do without: required by the
        spec and with no default on its column (derived, so never listed twice)."""
        table = self.model.__table__
        return tuple(wire for wire, f in fields.items()
                     if f.required and f.column and table.c[f.column].default is None)

    @property
    def pulled(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.pulled)


# Every record but a participant belongs to one; a create names it (a ref).
PARTICIPANT_REF = Field("participant", "ref", "participant_id", ref="participant",
                        required=True, writers=EVERYONE, label=N_("Participant"))
# A record's own public id, made by the client for a record created offline.
UUID = Field("uuid", "uuid", required=True, writers=EVERYONE, label=N_("Id"))


def _server(wire: str, kind: str, column: str, label: str = "", **more: Any) -> Field:
    return Field(wire, kind, column=column, label=label, writers=SERVER_ONLY, **more)


PARTICIPANT = EntitySpec("participant", Participant, label=N_("Participant"), merged=True, fields=(
    Field("preferredName", "line", "preferred_name", max_len=NAME, required=True,
          label=N_("The name they want to be called")),
    _server("status", "choice", "status", N_("Status"), choices="participant_status"),
    Field("joinedOn", "date", "joined_on", required=True,
          label=N_("Joined the programme on")),
    _server("leftOn", "date", "left_on", N_("Left the programme on"), nullable=True),
    _server("leftReason", "choice", "left_reason", N_("Why they left"),
            choices="left_reason", nullable=True, pulled=False),
    _server("leftComment", "text", "left_comment", N_("Comment"), max_len=TEXT, pulled=False),
))

TENANCY = EntitySpec("tenancy", Tenancy, label=N_("Tenancy"), merged=True, fields=(
    Field("address", "line", "address", max_len=LINE, required=True, label=N_("Address")),
    Field("landlord", "line", "landlord", max_len=NAME, required=True, label=N_("Landlord")),
    Field("leaseType", "choice", "lease_type", choices="lease_type", required=True,
          label=N_("Lease")),
    Field("startDate", "date", "start_date", required=True, days_ahead=PLANNED_DAYS_AHEAD,
          label=N_("Move-in date")),
    Field("firstHandEligibleOn", "date", "first_hand_eligible_on", nullable=True,
          label=N_("Eligible for a first-hand lease from")),
    Field("firstHandOn", "date", "first_hand_on", nullable=True, not_future=True,
          label=N_("First-hand lease from")),
    Field("endDate", "date", "end_date", nullable=True, not_future=True,
          label=N_("Moved out on")),
    Field("endReason", "choice", "end_reason", choices="tenancy_end_reason", nullable=True,
          label=N_("Why the tenancy ended")),
    Field("endComment", "text", "end_comment", max_len=TEXT, label=N_("Comment"),
          pulled=False),
    Field("commentHidden", "bool", "comment_hidden", pulled=False,
          label=N_("Hide the comment from the participant (it holds information about "
                   "someone else)")),
    # From the team's register of landlords (core/models/landlords.py), for the phone.
    _server("landlordPhone", "line", "landlord_id", N_("The landlord's phone"), max_len=PHONE,
            ref="landlord", ref_attr="phone", nullable=True),
    _server("landlordContactName", "line", "landlord_contact_id", N_("Contact person"),
            max_len=NAME, ref="landlord_contact", ref_attr="name", nullable=True),
    _server("landlordContactRole", "line", "landlord_contact_id", N_("Role"), max_len=NAME,
            ref="landlord_contact", ref_attr="role", nullable=True),
    _server("landlordContactPhone", "line", "landlord_contact_id", N_("Phone"),
            max_len=PHONE, ref="landlord_contact", ref_attr="phone", nullable=True),
))

# The plan's agreement and review dates are set by the server: agreeing is the
# participant's act (plan.agree), the review dates follow from it (core.schedule).
PLAN = EntitySpec("plan", Plan, label=N_("Plan"), merged=True, fields=(
    _server("agreedOn", "date", "agreed_on", N_("Agreed on"), nullable=True),
    _server("participantAgreed", "bool", "participant_agreed",
            N_("The participant agrees with the plan")),
    _server("participantComment", "text", "participant_comment",
            N_("The participant's comment on the plan"), max_len=TEXT),
    _server("nextReviewDue", "date", "next_review_due", N_("Next review"), nullable=True),
))

def _words(wire: str, kind: str, column: str, label: str, **more: Any) -> Field:
    """The participant's words: written by them or with them, and theirs to change."""
    return Field(wire, kind, column=column, label=label, writers=EVERYONE, words=True, **more)


GOAL = EntitySpec("goal", Goal, label=N_("Goal"), merged=True, fields=(
    Field("plan", "ref", "plan_id", ref="plan", writers=SERVER_ONLY, label=N_("Plan")),
    _words("lifeArea", "choice", "life_area", N_("Life area"), choices="life_area",
           required=True),
    _words("ownArea", "line", "own_area", N_("Their own name for the area"), max_len=NAME),
    _words("ownWords", "text", "own_words", N_("The goal, in the participant's own words"),
           max_len=TEXT, required=True),
    _words("whyItMatters", "text", "why_it_matters", N_("Why it matters to them"),
           max_len=TEXT),
    _words("supportWanted", "text", "support_wanted", N_("The support they want"),
           max_len=TEXT),
    _server("writtenBy", "choice", "written_by", N_("Written by"), choices="written_by"),
    Field("status", "choice", "status", choices="goal_status", required=True,
          writers=EVERYONE, label=N_("Status")),
    Field("statusComment", "text", "status_comment", max_len=TEXT, writers=EVERYONE,
          label=N_("Comment, in the participant's words")),
))

STEP = EntitySpec("step", Step, label=N_("Step"), merged=True, fields=(
    Field("goal", "ref", "goal_id", ref="goal", required=True, writers=EVERYONE,
          label=N_("Goal")),
    _words("what", "line", "what", N_("Step"), max_len=SHORT_TEXT, required=True),
    _words("who", "choice", "who", N_("Who does it"), choices="step_who", required=True),
    _words("whoName", "line", "who_name", N_("Who, if someone else"), max_len=NAME),
    Field("dueOn", "date", "due_on", nullable=True, writers=EVERYONE, label=N_("By when")),
    Field("doneOn", "date", "done_on", nullable=True, not_future=True, writers=EVERYONE,
          label=N_("Done on")),
    _server("writtenBy", "choice", "written_by", N_("Written by"), choices="written_by"),
))

SELF_RATING = EntitySpec("rating", SelfRating, label=N_("Self-rating"), fields=(
    _words("lifeArea", "choice", "life_area", N_("Life area"), choices="life_area",
           required=True),
    _words("ownArea", "line", "own_area", N_("Their own name for the area"), max_len=NAME),
    _words("rating", "int", "rating", N_("How it is going"), choices="rating_scale",
           required=True, low=1, high=5),
    _words("comment", "text", "comment", N_("In their own words (if they like)"),
           max_len=TEXT),
    Field("ratedOn", "date", "rated_on", required=True, not_future=True, writers=EVERYONE,
          label=N_("Date")),
    _server("writtenBy", "choice", "written_by", N_("Written by"), choices="written_by"),
))

PLAN_EVENT = EntitySpec("planEvent", PlanEvent, label=N_("Plan history"), fields=(
    Field("plan", "ref", "plan_id", ref="plan", writers=SERVER_ONLY, label=N_("Plan")),
    Field("goal", "ref", "goal_id", ref="goal", nullable=True, writers=EVERYONE,
          label=N_("Goal")),
    Field("step", "ref", "step_id", ref="step", nullable=True, writers=EVERYONE,
          label=N_("Step")),
    _server("kind", "choice", "kind", N_("What happened"), choices="plan_event_kind"),
    _words("text", "text", "text", N_("In their own words"), max_len=TEXT),
    _server("status", "line", "status", N_("Status"), max_len=20),
    _server("field", "line", "field", N_("Field"), max_len=40),
    _server("before", "json", "before", N_("Before"), nullable=True),
    _server("after", "json", "after", N_("After"), nullable=True),
    _server("writtenBy", "choice", "written_by", N_("Written by"), choices="written_by"),
    _server("authorName", "line", "author_id", N_("Written by"), max_len=NAME, ref="user",
            ref_attr="display_name", nullable=True),
    _server("createdAt", "timestamp", "created_at", N_("When")),
))

NOTE = EntitySpec("note", VisitNote, label=N_("Visit note"), fields=(
    Field("author", "ref", "author_id", ref="user", writers=SERVER_ONLY, label=N_("Author")),
    _server("authorName", "line", "author_id", N_("Written by"), max_len=NAME, ref="user",
            ref_attr="display_name"),
    Field("visitDate", "date", "visit_date", required=True, not_future=True,
          label=N_("Date of the contact")),
    Field("kind", "choice", "kind", choices="note_kind", required=True,
          label=N_("Kind of contact")),
    Field("participantTopics", "text", "participant_topics", max_len=TEXT,
          label=N_("What the participant wanted to talk about")),
    Field("body", "text", "body", max_len=NOTE_TEXT, label=N_("Note")),
    Field("nextSteps", "text", "next_steps", max_len=TEXT, label=N_("Agreed next steps")),
    _server("status", "choice", "status", N_("Status"), choices="note_status"),
    Field("hiddenFromParticipant", "bool", "hidden_from_participant",
          label=N_("Hide this note from the participant (it holds information about "
                   "someone else)")),
    _server("submittedAt", "timestamp", "submitted_at", N_("Submitted"), nullable=True),
    _server("signedAt", "timestamp", "signed_at", N_("Signed"), nullable=True),
))

ADDENDUM = EntitySpec("addendum", NoteAddendum, label=N_("Addendum"), fields=(
    Field("note", "ref", "note_id", ref="note", writers=SERVER_ONLY, label=N_("Visit note")),
    _server("authorName", "line", "author_id", N_("Written by"), max_len=NAME, ref="user",
            ref_attr="display_name"),
    Field("body", "text", "body", max_len=10000, required=True, label=N_("Addendum")),
    _server("createdAt", "timestamp", "created_at", N_("Written")),
))

REVIEW = EntitySpec("review", Review, label=N_("Review"), fields=(
    Field("note", "ref", "note_id", ref="note", writers=SERVER_ONLY, label=N_("Visit note")),
    _server("reviewerName", "line", "reviewer_id", N_("Reviewed by"), max_len=NAME,
            ref="user", ref_attr="display_name"),
    Field("decision", "choice", "decision", choices="review_decision", required=True,
          label=N_("Decision"), participant_sees=False),
    Field("comment", "text", "comment", max_len=TEXT,
          label=N_("Comment to the author"), participant_sees=False),
    _server("createdAt", "timestamp", "created_at", N_("Reviewed")),
))

FOLLOWUP = EntitySpec("followup", FollowUp, label=N_("Follow-up"), merged=True, fields=(
    Field("kind", "choice", "kind", choices="followup_kind", required=True, label=N_("Kind")),
    Field("title", "line", "title", max_len=LINE, label=N_("What to follow up")),
    Field("dueOn", "date", "due_on", required=True, label=N_("Due")),
    Field("assignee", "ref", "assignee_id", ref="user", writers=SERVER_ONLY, nullable=True,
          participant_sees=False, label=N_("Assigned to")),
    Field("goal", "ref", "goal_id", ref="goal", nullable=True, label=N_("Goal (optional)")),
    Field("doneOn", "date", "done_on", nullable=True, not_future=True, label=N_("Done on")),
    Field("outcome", "text", "outcome", max_len=TEXT, label=N_("Outcome"),
          hidden_when="outcomeHidden"),
    Field("outcomeHidden", "bool", "outcome_hidden", participant_sees=False,
          label=N_("Hide the outcome from the participant (it holds information about "
                   "someone else)")),
))

# --- working with the landlord (docs/landlords.md) ------------------------------------------

ACTION_PLAN = EntitySpec("actionplan", ActionPlan, label=N_("Action plan"), fields=(
    Field("tenancy", "ref", "tenancy_id", ref="tenancy", writers=SERVER_ONLY,
          label=N_("Tenancy")),
    Field("agreedOn", "date", "agreed_on", nullable=True, not_future=True,
          label=N_("Agreed on")),
    Field("participantAgreed", "bool", "participant_agreed",
          label=N_("The participant agrees to the plan, and to the landlord getting the "
                   "parts they said the landlord may know")),
    Field("landlordAgreedBy", "line", "landlord_agreed_by", max_len=NAME,
          label=N_("Agreed with, at the landlord")),
    Field("landlordCalls", "text", "landlord_calls", max_len=SHORT_TEXT,
          label=N_("Whom the landlord calls about a complaint")),
    Field("callHours", "text", "call_hours", max_len=SHORT_TEXT,
          label=N_("At what hours, and whom to call at other times")),
    Field("landlordSteps", "text", "landlord_steps", max_len=TEXT,
          label=N_("What else the landlord does")),
    Field("firstContactHours", "int", "first_contact_hours", required=True, low=1, high=168,
          label=N_("The team contacts the tenant within (hours)")),
    Field("visitDays", "int", "visit_days", required=True, low=0, high=30,
          label=N_("The team visits within (days)")),
    Field("counting", "choice", "counting", choices="counting", required=True,
          label=N_("How the hours and days are counted")),
    Field("teamSteps", "text", "team_steps", max_len=TEXT,
          label=N_("What else the team does")),
    Field("jointVisitOn", "date", "joint_visit_on", nullable=True,
          label=N_("Joint move-in visit, with the landlord")),
    Field("checkinMonthlyMonths", "int", "checkin_monthly_months", required=True, low=0,
          high=24, label=N_("A check-in with the landlord every month for the first (months)")),
    Field("checkinEveryMonths", "int", "checkin_every_months", required=True, low=0, high=12,
          label=N_("Then a check-in every (months, 0 for none)")),
    _server("scheduleFrom", "date", "schedule_from", N_("Check-ins booked from"),
            nullable=True, pulled=False),
    Field("sharedWithParticipant", "bool", "shared_with_participant",
          label=N_("The participant can read the plan on their own page")),
))

ACTION_ITEM = EntitySpec("actionitem", ActionPlanItem, label=N_("Item of the action plan"),
                         fields=(
    Field("plan", "ref", "plan_id", ref="actionplan", writers=SERVER_ONLY,
          label=N_("Action plan")),
    Field("text", "text", "text", max_len=TEXT, required=True,
          label=N_("In the participant's own words")),
    Field("writtenBy", "choice", "written_by", choices="written_by", required=True,
          label=N_("Written by")),
    Field("sharing", "choice", "sharing", choices="item_sharing", required=True,
          label=N_("May the landlord know this?")),
    _server("answeredOn", "date", "answered_on", N_("Answered on"), nullable=True),
))

LANDLORD_REPORT = EntitySpec("landlordreport", LandlordReport, label=N_("Landlord report"),
                             merged=True, fields=(
    Field("tenancy", "ref", "tenancy_id", ref="tenancy", required=True, label=N_("Tenancy")),
    Field("kind", "choice", "kind", choices="landlord_report_kind", required=True,
          label=N_("What it is about")),
    Field("channel", "choice", "channel", choices="contact_channel", required=True,
          label=N_("How it came in")),
    Field("receivedAt", "moment", "received_at", required=True, not_future=True,
          label=N_("When it came in")),
    Field("reportedBy", "line", "reported_by", max_len=NAME,
          label=N_("Who at the landlord")),
    Field("summary", "text", "summary", max_len=TEXT, label=N_("What the landlord said")),
    Field("firstContactAt", "moment", "first_contact_at", nullable=True, not_future=True,
          label=N_("First contact with the tenant")),
    Field("visitAt", "moment", "visit_at", nullable=True, not_future=True,
          label=N_("Visit")),
    Field("agreed", "text", "agreed", max_len=TEXT, label=N_("What was agreed")),
    Field("closedAt", "moment", "closed_at", nullable=True, not_future=True,
          label=N_("Closed")),
    Field("outcome", "text", "outcome", max_len=TEXT, label=N_("Outcome")),
    Field("sharedWithParticipant", "bool", "shared_with_participant",
          label=N_("The participant can read this report on their own page")),
    _server("createdByName", "line", "created_by_id", N_("Logged by"), max_len=NAME,
            ref="user", ref_attr="display_name", nullable=True),
    _server("commitContactHours", "int", "commit_contact_hours",
            N_("Committed: first contact within (hours)"), nullable=True),
    _server("commitVisitDays", "int", "commit_visit_days",
            N_("Committed: a visit within (days)"), nullable=True),
    _server("commitCounting", "choice", "commit_counting", N_("Counted in"),
            choices="counting", nullable=True),
    _server("contactFollowup", "uuid", "contact_followup", nullable=True, pulled=False),
    _server("visitFollowup", "uuid", "visit_followup", nullable=True, pulled=False),
))

CONFLICT = EntitySpec("conflict", SyncConflict, label=N_("Conflict"), fields=(
    _server("entity", "line", "entity", max_len=30),
    _server("entityUuid", "uuid", "entity_uuid"),
    _server("field", "line", "field", max_len=60),
    _server("baseValue", "json", "base_value", nullable=True),
    _server("serverValue", "json", "server_value", nullable=True),
    _server("clientValue", "json", "client_value", nullable=True),
    _server("createdAt", "timestamp", "created_at"),
    _server("resolvedAt", "timestamp", "resolved_at", nullable=True),
    # The other side: who changed the field on the server, on which device, and when.
    _server("serverUser", "ref", "server_user_id", N_("Changed by"), ref="user", nullable=True),
    _server("serverByName", "line", "server_user_id", N_("Changed by"), max_len=NAME, ref="user",
            ref_attr="display_name", nullable=True),
    _server("serverDevice", "line", "server_device_id", N_("On the device"),
            max_len=DEVICE_NAME_MAX, ref="device", ref_attr="label", nullable=True),
    _server("serverAt", "timestamp", "server_changed_at", N_("When it was changed"),
            nullable=True),
    # Whoever's change conflicted resolves it (conflict.resolve).
    Field("resolution", "choice", "resolution", choices="conflict_resolution", nullable=True,
          writers=EVERYONE, label=N_("Resolution")),
))

# --- server-side records (not synced): their forms derive from these too -----------------

TEAM = EntitySpec("team", Team, label=N_("Team"), synced=False, fields=(
    Field("name", "line", "name", max_len=NAME, required=True, label=N_("Team name")),
    # The field app's lock (docs/security.md): set by the team lead or an admin.
    Field("lockIdleMinutes", "int", "lock_idle_minutes", required=True,
          low=LOCK_IDLE_MINUTES_RANGE[0], high=LOCK_IDLE_MINUTES_RANGE[1],
          label=N_("Lock the app after this many minutes without use")),
    Field("offlineDays", "int", "offline_days", required=True,
          low=OFFLINE_DAYS_RANGE[0], high=OFFLINE_DAYS_RANGE[1],
          label=N_("Days the app can be unlocked without an online login")),
))

DEVICE = EntitySpec("device", Device, label=N_("Device"), synced=False, fields=(
    # The name the user gives it ("Jobbmobilen"); empty until they do.
    Field("label", "line", "label", max_len=DEVICE_NAME_MAX, pattern=DEVICE_NAME_PATTERN,
          writers=EVERYONE,
          label=N_("Name of the device")),
))

USER = EntitySpec("user", User, label=N_("User"), synced=False, fields=(
    Field("username", "line", "username", max_len=64, min_len=2, required=True,
          pattern=r"^[a-z0-9][a-z0-9._-]*$", label=N_("Username")),
    Field("displayName", "line", "display_name", max_len=NAME, required=True,
          label=N_("Name")),
    Field("role", "choice", "role", choices="role", required=True, label=N_("Role")),
    Field("locale", "choice", "locale", choices="locale", required=True,
          label=N_("Language")),
))

# A team's fidelity self-assessment (core/fidelity.py): the team's words, no participant data.
FIDELITY_ASSESSMENT = EntitySpec(
    "fidelityAssessment", FidelityAssessment, label=N_("Fidelity self-assessment"),
    synced=False, fields=(
        Field("assessedOn", "date", "assessed_on", required=True, not_future=True,
              label=N_("Assessed on")),
        Field("comment", "text", "comment", max_len=TEXT,
              label=N_("What the team wants to remember about this assessment")),
    ))

FIDELITY_RATING = EntitySpec(
    "fidelityRating", FidelityRating, label=N_("Rating of an item"), synced=False, fields=(
        Field("item", "choice", "item", choices="fidelity_item", required=True,
              label=N_("Item")),
        Field("rating", "choice", "rating", choices="fidelity_rating", label=N_("Rating")),
        Field("comment", "text", "comment", max_len=TEXT, label=N_("Comment")),
    ))

LANDLORD = EntitySpec("landlord", Landlord, label=N_("Landlord"), synced=False, fields=(
    Field("name", "line", "name", max_len=NAME, required=True,
          label=N_("Name of the housing company")),
    Field("phone", "line", "phone", max_len=PHONE, label=N_("Phone")),
    Field("email", "line", "email", max_len=EMAIL, label=N_("E-mail")),
))

LANDLORD_CONTACT = EntitySpec("landlordcontact", LandlordContact, label=N_("Contact person"),
                              synced=False, fields=(
    Field("name", "line", "name", max_len=NAME, required=True, label=N_("Name")),
    Field("role", "line", "role", max_len=NAME,
          label=N_("Role, such as caretaker or property manager")),
    Field("phone", "line", "phone", max_len=PHONE, label=N_("Phone")),
    Field("email", "line", "email", max_len=EMAIL, label=N_("E-mail")),
))

# Records of the server pages only (not synced); their forms derive from these too.
SERVER_SIDE: tuple[EntitySpec, ...] = (TEAM, DEVICE, USER, FIDELITY_ASSESSMENT, FIDELITY_RATING,
                                       LANDLORD, LANDLORD_CONTACT)

# The entities a pull sends, in this order.
SYNCED: tuple[EntitySpec, ...] = (PARTICIPANT, TENANCY, PLAN, GOAL, STEP, NOTE, ADDENDUM,
                                  REVIEW, FOLLOWUP, SELF_RATING, PLAN_EVENT, ACTION_PLAN,
                                  ACTION_ITEM, LANDLORD_REPORT, CONFLICT)
ENTITIES: dict[str, EntitySpec] = {e.name: e for e in SYNCED}
# The model each ref points at.
REF_MODELS: dict[str, Any] = {"plan": Plan, "goal": Goal, "step": Step, "note": VisitNote,
                              "participant": Participant, "user": User, "tenancy": Tenancy,
                              "actionplan": ActionPlan, "landlord": Landlord,
                              "landlord_contact": LandlordContact,
                              "device": Device}


def spec_of(name: str) -> EntitySpec:
    return ENTITIES[name]
