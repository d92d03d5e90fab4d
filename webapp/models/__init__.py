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
    "AuditEvent", "Base", "FieldVersionsMixin", "SyncMixin", "VersionCounter",
    "current_version", "utcnow", "FOLLOWUP_KINDS", "FollowUp", "LEASE_TYPES",
    "LEFT_REASONS", "PARTICIPANT_STATUSES", "TENANCY_END_REASONS", "Assignment",
    "Participant", "Tenancy", "GOAL_STATUSES", "LIFE_AREAS", "STEP_WHO", "WRITTEN_BY",
    "Goal", "Plan", "SelfRating", "Step", "MutationError", "SyncConflict", "LOCALES",
    "ROLES", "Device", "LoginAttempt", "Team", "User", "UserSession",
    "EDITABLE_NOTE_STATUSES", "NOTE_KINDS", "NOTE_STATUSES", "REVIEW_DECISIONS",
    "NoteAddendum", "Review", "VisitNote",
]
