"""Push and pull results as the JSON of docs/sync-protocol.md, messages translated.

A refusal carries its code, the message in the user's language and, when a
field was wrong, `detail` ({field, problem, params}) so the app can say it
in its own language too.
"""
from __future__ import annotations

from typing import Any

from sync import PullResult, PushResult
from sync.mutations import REGISTRY

from .messages import mutation_message


def _error(code: str, english: str, detail: dict[str, Any] | None,
           entity: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "message": mutation_message(code, english, detail,
                                                                      entity)}
    if detail:
        out["detail"] = detail
    return out


def push_json(result: PushResult) -> dict[str, Any]:
    results = []
    for r in result.results:
        item: dict[str, Any] = {"id": r.id, "status": r.status}
        if r.code is not None:
            item["error"] = _error(r.code, r.message or "", r.detail, r.entity)
        if r.conflicts:
            item["conflicts"] = list(r.conflicts)
        results.append(item)
    return {"lastMutationID": result.last_mutation_id, "results": results}


def _entity_of(name: str) -> str | None:
    spec = REGISTRY.get(name)
    return spec.entity if spec else None


def pull_json(result: PullResult) -> dict[str, Any]:
    errors = []
    for e in result.errors:
        out = {"mutationID": e.mutation_id, "name": e.name, "entityUuid": e.entity_uuid,
               **_error(e.code, e.message, e.detail, _entity_of(e.name))}
        errors.append(out)
    return {
        "cookie": result.cookie,
        "lastMutationID": result.last_mutation_id,
        "more": result.more,
        "patch": result.patch,
        "conflicts": result.conflicts,
        "errors": errors,
        "progress": {"sent": result.sent, "total": result.total},
    }
