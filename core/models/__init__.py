"""Typed SQLAlchemy 2 models (pure SQLAlchemy: importable without Flask)."""
from .audit import AuditEvent, audit_row
from .base import (
    Base,
    FieldVersionsMixin,
    SyncMixin,
    VersionCounter,
    current_epoch,
    current_version,
    new_epoch,
    utcnow,
)
from .fidelity import FidelityAssessment, FidelityRating
from .followups import FollowUp
from .landlords import (
    ActionPlan,
    ActionPlanItem,
    Landlord,
    LandlordContact,
    LandlordReport,
    ScheduledCheckin,
)
from .marks import RecordMark, mark_records, unmarked
from .participants import (
    Assignment,
    Participant,
    ParticipantInvite,
    Tenancy,
)
from .plans import Goal, Plan, PlanEvent, SelfRating, Step
from .sync_records import MutationError, SyncConflict
from .transactions import begin_read, discard, end_read, finish, in_read, write_after_read
from .users import Device, LoginAttempt, Team, User, UserSession
from .visits import (
    NoteAddendum,
    Review,
    VisitNote,
)

__all__ = [
    "ActionPlan",
    "ActionPlanItem",
    "Assignment",
    "AuditEvent",
    "Base",
    "Device",
    "FidelityAssessment",
    "FidelityRating",
    "FieldVersionsMixin",
    "FollowUp",
    "Goal",
    "Landlord",
    "LandlordContact",
    "LandlordReport",
    "LoginAttempt",
    "MutationError",
    "NoteAddendum",
    "Participant",
    "ParticipantInvite",
    "Plan",
    "PlanEvent",
    "RecordMark",
    "Review",
    "ScheduledCheckin",
    "SelfRating",
    "Step",
    "SyncConflict",
    "SyncMixin",
    "Team",
    "Tenancy",
    "User",
    "UserSession",
    "VersionCounter",
    "VisitNote",
    "audit_row",
    "begin_read",
    "current_epoch",
    "current_version",
    "discard",
    "end_read",
    "finish",
    "in_read",
    "mark_records",
    "new_epoch",
    "unmarked",
    "utcnow",
    "write_after_read",
]
