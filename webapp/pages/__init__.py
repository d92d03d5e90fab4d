"""The one kit every server page uses (docs/architecture.md, "Conventions for features").

- the current user, their team and the request's session: `me()`, `my_team()`, `dbs()`;
- lookups or 404 (403 for what is seen but not allowed): `found`, `allowed`,
  `by_uuid`, `participant_or_404`, `owned_or_404`, `team_participant_or_404`;
  an area closed to other roles: `only_for(bp, ...)`;
- idempotent creates: `CreateOnceForm`, `earlier`, `owned_by` (pages.once);
- writes: `added`, `audited`; the end of a write: `saved(message, redirect)`;
  one commit point per request, after the view (`PageApp`), rollback on any error;
- errors: `refuse(code, message)`; one error path answering HTML or JSON;
- dates in handlers: `today()`, `parse_date()`.

Forms and their validators stay in each feature's forms.py (derived from the
field spec); stored-value labels and the words for dates live in the catalogue.
"""
from .dates import parse_date, today
from .errors import answer, refuse, wants_json
from .lookup import (
    allowed,
    by_uuid,
    check_participant,
    found,
    owned_or_404,
    participant_or_404,
    team_participant_or_404,
)
from .once import CreateOnceForm, earlier, owned_by
from .records import added, audited
from .transaction import PageApp, saved
from .user import dbs, me, my_team, only_for

__all__ = [
    "CreateOnceForm", "PageApp", "added", "allowed", "answer", "audited", "by_uuid",
    "check_participant", "dbs", "earlier", "found", "me", "my_team", "only_for", "owned_by",
    "owned_or_404", "parse_date", "participant_or_404", "refuse", "saved",
    "team_participant_or_404", "today", "wants_json",
]
