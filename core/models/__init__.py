"""Typed SQLAlchemy 2 models (pure SQLAlchemy: importable without Flask)."""
from .audit import AuditEvent
from .base import Base, FieldVersionsMixin, SyncMixin, VersionCounter, current_version, utcnow
from .followups import FOLLOWUP_KINDS, FollowUp
from .participants import (
    LEASE_TYPES,
    LEFT_REASONS,
    PARTICIPANT_STATUSES,
    TENANCY_END_REASONS,
    Assignment,
    Participant,
    Tenancy,
)
from .plans import GOAL_STATUSES, LIFE_AREAS, STEP_WHO, WRITTEN_BY, Goal, Plan, SelfRating, Step
from .sync_records import MutationError, SyncConflict
from .users import LOCALES, ROLES, Device, LoginAttempt, Team, User, UserSession
from .visits import (
    EDITABLE_NOTE_STATUSES,
    NOTE_KINDS,
    NOTE_STATUSES,
    REVIEW_DECISIONS,
    NoteAddendum,
    Review,
    VisitNote,
)

__all__ = [
    "EDITABLE_NOTE_STATUSES",
    "FOLLOWUP_KINDS",
    "GOAL_STATUSES",
    "LEASE_TYPES",
    "LEFT_REASONS",
    "LIFE_AREAS",
    "LOCALES",
    "NOTE_KINDS",
    "NOTE_STATUSES",
    "PARTICIPANT_STATUSES",
    "REVIEW_DECISIONS",
    "ROLES",
    "STEP_WHO",
    "TENANCY_END_REASONS",
    "WRITTEN_BY",
    "Assignment",
    "AuditEvent",
    "Base",
    "Device",
    "FieldVersionsMixin",
    "FollowUp",
    "Goal",
    "LoginAttempt",
    "MutationError",
    "NoteAddendum",
    "Participant",
    "Plan",
    "Review",
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
    "current_version",
    "utcnow",
]
