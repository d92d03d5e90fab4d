"""Words for the audit log's action names (stored keys, never shown raw when known)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ACTIONS = {
    "participant.view": _l("Read the participant's page"),
    "participant.create": _l("Added the participant"),
    "participant.export": _l("Exported the whole record"),
    "note.view": _l("Read a visit note"),
    "note.review_view": _l("Read a visit note for review"),
    "note.create": _l("Wrote a visit note"),
    "note.update": _l("Changed a visit note"),
    "note.submit": _l("Submitted a visit note for review"),
    "note.sign": _l("Signed a visit note"),
    "note.return": _l("Returned a visit note to its author"),
    "note.addendum": _l("Added an addendum to a note"),
    "tenancy.create": _l("Recorded a tenancy"),
    "tenancy.end": _l("Ended a tenancy"),
    "tenancy.first_hand": _l("Recorded a first-hand lease"),
    "plan.create": _l("Started the plan"),
    "goal.create": _l("Added a goal"),
    "goal.update": _l("Changed a goal"),
    "goal.status": _l("Changed a goal's status"),
    "goal.set_status": _l("Changed a goal's status"),
    "step.create": _l("Added a step"),
    "step.update": _l("Changed a step"),
    "step.done": _l("Marked a step as done"),
    "followup.create": _l("Planned a follow-up"),
    "followup.complete": _l("Marked a follow-up as done"),
    "followup.reschedule": _l("Moved a follow-up to another day"),
    "followup.reassign": _l("Gave a follow-up to another worker"),
    "conflict.resolve": _l("Resolved a sync conflict"),
    "assignment.create": _l("Put a worker on the caseload"),
    "assignment.delete": _l("Took a worker off the caseload"),
    "assignment.restore": _l("Undid taking a worker off the caseload"),
    "auditlog.participant_view": _l("Read this access log"),
    "auditlog.participant_export": _l("Exported this access log"),
}
SYNC_PREFIX = "sync."


def action_label(action: str) -> str:
    """The words for an action; one that came from a phone says so."""
    if action == "sync.refused":
        return _("A change from a phone was refused")
    if action.startswith(SYNC_PREFIX):
        inner = action.removeprefix(SYNC_PREFIX)
        if inner in ACTIONS:
            return _("%(what)s (from a phone)", what=ACTIONS[inner])
    text = ACTIONS.get(action)
    return str(text) if text is not None else action


def is_change(action: str) -> bool:
    return not (action.endswith("view") or action.endswith("export"))
